import { type FormEvent, useId, useState } from 'react';
import { ApiError, fieldError } from '../../api/errors';
import { useMutation, useQuery } from '../../api/hooks';
import { excerpt, localDate, today } from '../../calendar-grid';
import { FormError, SelectField, TextField } from '../../components/form';
import { platformLabel } from '../../components/labels';
import { Empty, ErrorNotice, Loading } from '../../components/states';
import { conflictText } from './post-dialog';
import { ScheduleSeries, SeriesCampaignsQuery, type SeriesVariant, SeriesVariantsQuery } from './queries';

const FREQUENCIES = [
  { value: 'DAILY', label: 'Daily' },
  { value: 'WEEKLY', label: 'Weekly' },
  { value: 'MONTHLY', label: 'Monthly' },
] as const;
type Frequency = (typeof FREQUENCIES)[number]['value'];
const UNIT: Record<Frequency, string> = { DAILY: 'days', WEEKLY: 'weeks', MONTHLY: 'months' };

/** A variant whose current version is the approved one: scheduleSeries takes only those. */
export function isApproved(variant: SeriesVariant): boolean {
  return variant.approval?.status === 'APPROVED' && variant.approval.version.id === variant.currentVersion.id;
}

function VariantPicker({
  campaignId,
  chosen,
  onChange,
  error,
}: {
  campaignId: string;
  chosen: string[];
  onChange(ids: string[]): void;
  error?: string;
}) {
  const state = useQuery(SeriesVariantsQuery, { id: campaignId });
  const errorId = useId();
  if (state.error && !state.data) return <ErrorNotice error={state.error} retry={state.refetch} />;
  if (!state.data) return <Loading label="Loading the campaign’s variants…" />;
  const variants = (state.data.campaign?.contents ?? []).flatMap((group) => group.variants).filter(isApproved);
  if (variants.length === 0) {
    return (
      <Empty title="No approved variants in this campaign">
        <p>Only approved versions can be scheduled: approve some in the review queue first.</p>
      </Empty>
    );
  }
  return (
    <fieldset aria-describedby={error ? errorId : undefined}>
      <legend>Approved variants (each platform posts its next one in turn)</legend>
      <ul className="cal-variant-list">
        {variants.map((variant) => (
          <li key={variant.id}>
            <label>
              <input
                type="checkbox"
                checked={chosen.includes(variant.id)}
                onChange={(e) =>
                  onChange(e.target.checked ? [...chosen, variant.id] : chosen.filter((id) => id !== variant.id))
                }
              />{' '}
              <strong>{platformLabel(variant.platform)}</strong> · v{variant.currentVersion.number} ·{' '}
              {excerpt(variant.title, variant.body, 70)}
            </label>
          </li>
        ))}
      </ul>
      {error ? (
        <p className="field-error" id={errorId}>
          {error}
        </p>
      ) : null}
    </fieldset>
  );
}

/** scheduleSeries as a form: approved variants of one campaign, a rule, a time of day in the audience's zone. */
export function SeriesForm({
  zone,
  zones,
  onScheduled,
}: {
  zone: string;
  zones: readonly string[];
  onScheduled(result: { count: number; firstDate: string | null; zone: string }): void;
}) {
  const campaigns = useQuery(SeriesCampaignsQuery);
  const [run, state] = useMutation(ScheduleSeries);
  const [campaignId, setCampaignId] = useState('');
  const [variantIds, setVariantIds] = useState<string[]>([]);
  const [frequency, setFrequency] = useState<Frequency>('WEEKLY');
  const [interval, setInterval] = useState('1');
  const [startDate, setStartDate] = useState(() => today(zone));
  const [localTime, setLocalTime] = useState('09:00');
  const [timeZone, setTimeZone] = useState(zone);
  const [ends, setEnds] = useState<'count' | 'until'>('count');
  const [count, setCount] = useState('4');
  const [until, setUntil] = useState('');
  const [skipWeekends, setSkipWeekends] = useState(false);
  const [picked, setPicked] = useState<string | null>(null);
  const endsName = useId();

  const submit = async (event: FormEvent) => {
    event.preventDefault();
    if (!campaignId || variantIds.length === 0) {
      setPicked('Choose a campaign and at least one approved variant.');
      return;
    }
    setPicked(null);
    const done = await run({
      input: {
        variantIds,
        frequency,
        interval: Number(interval),
        startDate,
        localTime,
        timeZone,
        count: ends === 'count' ? Number(count) : null,
        until: ends === 'until' ? until : null,
        skipWeekends,
      },
    });
    if (done) {
      const first = done.scheduleSeries.posts[0];
      onScheduled({
        count: done.scheduleSeries.posts.length,
        firstDate: first ? localDate(first.scheduledAt, zone) : null,
        zone: timeZone,
      });
      setVariantIds([]);
    }
  };

  const fields = state.error instanceof ApiError ? state.error.fields : [];
  const conflict = conflictText(state.error, zone, () => undefined);
  const campaignOptions = [
    { value: '', label: 'Choose a campaign' },
    ...(campaigns.data?.campaigns.edges.map((e) => ({ value: e.node.id, label: e.node.name })) ?? []),
  ];

  return (
    <form className="cal-series" onSubmit={submit} noValidate aria-label="Schedule a series">
      {campaigns.error && !campaigns.data ? <ErrorNotice error={campaigns.error} retry={campaigns.refetch} /> : null}
      <SelectField
        label="Campaign"
        name="campaignId"
        value={campaignId}
        onChange={(value) => {
          setCampaignId(value);
          setVariantIds([]);
        }}
        options={campaignOptions}
        hint={campaigns.loading ? 'Loading campaigns…' : 'The 100 newest campaigns.'}
        required
      />
      {campaignId ? (
        <VariantPicker
          campaignId={campaignId}
          chosen={variantIds}
          onChange={setVariantIds}
          error={fieldError(fields, 'variantIds')}
        />
      ) : null}
      <div className="cal-series-grid">
        <SelectField
          label="Repeats"
          name="frequency"
          value={frequency}
          onChange={(v) => setFrequency(v as Frequency)}
          options={FREQUENCIES}
          error={state.error}
        />
        <TextField
          label={`Every how many ${UNIT[frequency]}`}
          name="interval"
          type="number"
          min="1"
          max="99"
          value={interval}
          onChange={setInterval}
          error={state.error}
        />
        <TextField
          label="First day"
          name="startDate"
          type="date"
          value={startDate}
          onChange={setStartDate}
          error={state.error}
          required
        />
        <TextField
          label="Time of day"
          name="localTime"
          type="time"
          value={localTime}
          onChange={setLocalTime}
          error={state.error}
        />
        <SelectField
          label="Audience’s time zone"
          name="timeZone"
          value={timeZone}
          onChange={setTimeZone}
          options={zones.map((z) => ({ value: z, label: z }))}
          error={state.error}
        />
      </div>
      <fieldset>
        <legend>Ends</legend>
        <div className="cal-series-ends">
          <label>
            <input type="radio" name={endsName} checked={ends === 'count'} onChange={() => setEnds('count')} /> After a
            number of posts
          </label>
          <label>
            <input type="radio" name={endsName} checked={ends === 'until'} onChange={() => setEnds('until')} /> On a day
          </label>
        </div>
        {ends === 'count' ? (
          <TextField
            label="Number of occurrences"
            name="count"
            type="number"
            min="1"
            max="366"
            value={count}
            onChange={setCount}
            error={state.error}
          />
        ) : (
          <TextField label="Last day" name="until" type="date" value={until} onChange={setUntil} error={state.error} />
        )}
      </fieldset>
      <label className="cal-check">
        <input type="checkbox" checked={skipWeekends} onChange={(e) => setSkipWeekends(e.target.checked)} /> Leave out
        Saturdays and Sundays
      </label>
      {picked ? (
        <p className="form-error" role="alert">
          {picked}
        </p>
      ) : null}
      {conflict ? (
        <p className="form-error" role="alert">
          {conflict}
        </p>
      ) : (
        <FormError
          error={state.error}
          shown={['variantIds', 'frequency', 'interval', 'startDate', 'localTime', 'timeZone', 'count', 'until']}
        />
      )}
      <div className="actions">
        <button type="submit" className="button button-primary" disabled={state.loading}>
          {state.loading ? 'Scheduling…' : 'Schedule the series'}
        </button>
      </div>
    </form>
  );
}

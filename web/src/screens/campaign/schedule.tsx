import { useMemo, useState } from 'react';
import { useMutation } from '../../api/hooks';
import { FormError, SelectField, TextField } from '../../components/form';
import { formatDateTime } from '../../components/labels';
import { ScheduleMutation, type VariantData } from './queries';
import { timeZoneChoices, wallClockToIso } from './versions';

function browserZone(): string {
  return Intl.DateTimeFormat().resolvedOptions().timeZone || 'UTC';
}

function supportedZones(): string[] {
  const intl = Intl as unknown as { supportedValuesOf?: (key: string) => string[] };
  return intl.supportedValuesOf ? intl.supportedValuesOf('timeZone') : [];
}

/** Schedules the approved current version: at a wall-clock time in a zone, or at the best free slot. */
export function ScheduleForm({
  variant,
  name,
  onDone,
  onCancel,
}: {
  variant: VariantData;
  name: string;
  onDone(message: string): void;
  onCancel(): void;
}) {
  const own = browserZone();
  const zones = useMemo(() => timeZoneChoices(supportedZones(), own), [own]);
  const [mode, setMode] = useState<'at' | 'auto'>('at');
  const [at, setAt] = useState('');
  const [zone, setZone] = useState(own);
  const [missing, setMissing] = useState(false);
  const [schedule, state] = useMutation(ScheduleMutation);

  const submit = async (event: React.FormEvent) => {
    event.preventDefault();
    const iso = mode === 'at' ? wallClockToIso(at, zone) : null;
    if (mode === 'at' && !iso) {
      setMissing(true);
      return;
    }
    setMissing(false);
    const data = await schedule({
      input:
        mode === 'auto'
          ? { variantId: variant.id, timeZone: zone, auto: true }
          : { variantId: variant.id, at: iso, timeZone: zone },
    });
    if (!data) return;
    const post = data.schedulePost;
    onDone(`Scheduled for ${formatDateTime(post.scheduledAt, post.timeZone)} (${post.timeZone}).`);
  };

  return (
    <form className="schedule-form card" onSubmit={submit} aria-label={`Schedule ${name}`}>
      <fieldset>
        <legend>When</legend>
        <label className="check">
          <input type="radio" name="mode" checked={mode === 'at'} onChange={() => setMode('at')} />
          At a time I choose
        </label>
        <label className="check">
          <input type="radio" name="mode" checked={mode === 'auto'} onChange={() => setMode('auto')} />
          At the best free slot
        </label>
      </fieldset>
      <div className="row">
        {mode === 'at' ? (
          <TextField
            label="Date and time"
            name="at"
            type="datetime-local"
            required
            error={state.error}
            value={at}
            onChange={setAt}
            hint={missing ? 'Choose a date and time.' : undefined}
          />
        ) : null}
        <SelectField
          label="Time zone"
          name="timeZone"
          error={state.error}
          value={zone}
          onChange={setZone}
          options={zones.map((z) => ({ value: z, label: z.replace(/_/g, ' ') }))}
        />
      </div>
      <FormError error={state.error} shown={['at', 'timeZone']} />
      <div className="actions">
        <button type="submit" className="button button-primary" disabled={state.loading}>
          {state.loading ? 'Scheduling…' : 'Schedule'}
        </button>
        <button type="button" className="button" onClick={onCancel}>
          Cancel
        </button>
      </div>
    </form>
  );
}

import { type FormEvent, useState } from 'react';
import { useLocation, useSearch } from 'wouter';
import { ApiError } from '../api/errors';
import { useMutation, useQuery } from '../api/hooks';
import { ChartFigure } from '../components/chart';
import { FormError, SelectField, TextField } from '../components/form';
import { formatDateTime, formatNumber, formatUsd } from '../components/labels';
import { Empty, QueryView } from '../components/states';
import type { ResultOf } from '../graphql';
import { useCan } from '../session';
import {
  closenessWords,
  LIMIT_FIELDS,
  type LimitMeter,
  type LimitName,
  type Limits,
  limitMeters,
  limitText,
  parseLimits,
  shortDay,
  tokensOf,
} from './usage/logic';
import { SetUsageLimitsMutation, UsageKeysQuery, UsageLimitsQuery, UsageReportQuery } from './usage/queries';
import './usage.css';

type Report = ResultOf<typeof UsageReportQuery>['usage'];
type Slice = Report['byApiKey'][number];

/** /usage[?key=<id>]: spend, tokens and requests by key, model and day, and the limits with how close each is. */
export function UsageScreen() {
  const can = useCan();
  return (
    <>
      <div className="page-header">
        <h1>Usage</h1>
      </div>
      {can.admin ? (
        <AdminUsage />
      ) : (
        <Empty title="Usage is visible to ADMIN keys">
          Spend, tokens and usage limits are shown to ADMIN keys only. Sign in with an ADMIN key to see them.
        </Empty>
      )}
    </>
  );
}

const PERIODS = [
  { value: 'DAY', label: 'Today (UTC)' },
  { value: 'MONTH', label: 'This month (UTC)' },
] as const;

function AdminUsage() {
  const search = useSearch();
  const [, navigate] = useLocation();
  const params = new URLSearchParams(search);
  const apiKeyId = params.get('key') || null;
  const period = params.get('period') === 'DAY' ? 'DAY' : 'MONTH';
  const keys = useQuery(UsageKeysQuery);
  const day = useQuery(UsageReportQuery, { period: 'DAY', apiKeyId });
  const month = useQuery(UsageReportQuery, { period: 'MONTH', apiKeyId });
  const limits = useQuery(UsageLimitsQuery, { apiKeyId });
  const go = (next: { key?: string | null; period?: string }) => {
    const query = new URLSearchParams();
    const key = next.key === undefined ? apiKeyId : next.key;
    if (key) query.set('key', key);
    query.set('period', next.period ?? period);
    navigate(`/usage?${query.toString()}`);
  };
  const keyOptions = [
    { value: '', label: 'The whole workspace' },
    ...(keys.data?.apiKeys ?? []).map((key) => ({
      value: key.id,
      label: `${key.name} (${key.prefix}, ${key.role.toLowerCase()})${key.revokedAt ? ' — revoked' : ''}`,
    })),
  ];
  const shownReport = period === 'DAY' ? day : month;

  return (
    <>
      <section className="card usage-filters" aria-label="Whose usage and when">
        <div className="row">
          <SelectField
            label="Whose usage"
            name="apiKeyId"
            value={apiKeyId ?? ''}
            onChange={(key) => go({ key })}
            options={keyOptions}
          />
          <SelectField
            label="Period"
            name="period"
            value={period}
            onChange={(value) => go({ period: value })}
            options={PERIODS}
          />
        </div>
      </section>
      <QueryView state={shownReport} loadingLabel="Loading usage…">
        {(data) => <UsageReportView report={data.usage} month={month.data?.usage} />}
      </QueryView>
      <section className="card" aria-labelledby="limits-title">
        <h2 id="limits-title">Limits {apiKeyId ? 'of this key' : 'of the workspace'}</h2>
        <p className="muted">
          Over a limit, requests and generations are refused until the UTC day or month starts afresh. The workspace’s
          limits and a key’s own both apply.
        </p>
        <QueryView state={limits} loadingLabel="Loading limits…">
          {(data) =>
            day.data && month.data ? (
              <>
                <LimitMeters meters={limitMeters(data.usageLimits, day.data.usage, month.data.usage)} />
                <LimitsForm
                  key={apiKeyId ?? 'workspace'}
                  apiKeyId={apiKeyId}
                  limits={data.usageLimits}
                  onSaved={limits.refetch}
                />
              </>
            ) : (
              <QueryView state={day.data ? month : day}>{() => null}</QueryView>
            )
          }
        </QueryView>
      </section>
    </>
  );
}

function sliceRows(slices: readonly Slice[]) {
  return slices.map((slice) => [
    slice.label,
    formatUsd(slice.usage.costUsd),
    formatNumber(tokensOf(slice.usage)),
    formatNumber(slice.requests),
    formatNumber(slice.calls),
    formatNumber(slice.cacheHits),
  ]);
}

/** A bar per slice: spend on the left axis, tokens on the right. */
function spendAndTokens(labels: string[], cost: number[], tokens: number[]) {
  return {
    labels,
    datasets: [
      { label: 'Spend (USD)', data: cost, yAxisID: 'cost' },
      { label: 'Tokens', data: tokens, yAxisID: 'tokens' },
    ],
  };
}

const TWO_AXES = {
  scales: {
    cost: {
      type: 'linear' as const,
      position: 'left' as const,
      beginAtZero: true,
      title: { display: true, text: 'USD' },
    },
    tokens: {
      type: 'linear' as const,
      position: 'right' as const,
      beginAtZero: true,
      grid: { drawOnChartArea: false },
      title: { display: true, text: 'Tokens' },
    },
  },
  plugins: { legend: { position: 'bottom' as const } },
};

function UsageReportView({ report, month }: { report: Report; month?: Report }) {
  const tokens = tokensOf(report.usage);
  const totals = [
    { label: 'Spend', value: formatUsd(report.usage.costUsd) },
    {
      label: 'Tokens',
      value: formatNumber(tokens),
      hint: `${formatNumber(report.usage.promptTokens)} in · ${formatNumber(report.usage.completionTokens)} out`,
    },
    { label: 'Requests', value: formatNumber(report.requests) },
    {
      label: 'Generations',
      value: formatNumber(report.generations),
      hint: `${formatNumber(report.variants)} variants written`,
    },
    { label: 'Model calls', value: formatNumber(report.calls) },
    {
      label: 'Cache hits',
      value: `${formatNumber(report.cacheHitRatio * 100)} %`,
      hint: `${formatNumber(report.cacheHits)} answered from the cache`,
    },
    {
      label: 'Held by running generations',
      value: formatUsd(report.reservedCostUsd),
      hint: `${formatNumber(report.reservedTokens)} tokens`,
    },
  ];
  const columns = [
    { label: '' },
    { label: 'Spend', numeric: true },
    { label: 'Tokens', numeric: true },
    { label: 'Requests', numeric: true },
    { label: 'Model calls', numeric: true },
    { label: 'Cache hits', numeric: true },
  ];
  const days = month?.byDay ?? [];
  const periodWords = report.period === 'DAY' ? 'today' : 'this month';
  return (
    <>
      <section className="card" aria-labelledby="totals-title">
        <h2 id="totals-title">Totals {periodWords}</h2>
        <p className="muted">
          {formatDateTime(report.from)} to {formatDateTime(report.to)} (UTC periods).
        </p>
        <dl className="usage-stats">
          {totals.map((item) => (
            <div key={item.label} className="usage-stat">
              <dt>{item.label}</dt>
              <dd>
                {item.value}
                {item.hint ? <span className="muted usage-stat-hint">{item.hint}</span> : null}
              </dd>
            </div>
          ))}
        </dl>
      </section>
      <section className="card" aria-labelledby="breakdown-title">
        <h2 id="breakdown-title">Spend and tokens</h2>
        <div className="chart-grid">
          <ChartFigure
            title={`By API key, ${periodWords}`}
            type="bar"
            data={spendAndTokens(
              report.byApiKey.map((s) => s.label),
              report.byApiKey.map((s) => s.usage.costUsd),
              report.byApiKey.map((s) => tokensOf(s.usage)),
            )}
            options={TWO_AXES}
            columns={[{ label: 'API key' }, ...columns.slice(1)]}
            rows={sliceRows(report.byApiKey)}
            empty={<Empty title={`No requests ${periodWords}`} />}
          />
          <ChartFigure
            title={`By model, ${periodWords}`}
            description="Requests of a model are its calls."
            type="bar"
            data={spendAndTokens(
              report.byModel.map((s) => s.label),
              report.byModel.map((s) => s.usage.costUsd),
              report.byModel.map((s) => tokensOf(s.usage)),
            )}
            options={TWO_AXES}
            columns={[{ label: 'Model' }, ...columns.slice(1)]}
            rows={sliceRows(report.byModel)}
            empty={<Empty title={`No model calls ${periodWords}`}>The offline writer is free and not counted.</Empty>}
          />
        </div>
        <ChartFigure
          title="By day, this month"
          type="bar"
          data={spendAndTokens(
            days.map((d) => shortDay(d.date)),
            days.map((d) => d.usage.costUsd),
            days.map((d) => tokensOf(d.usage)),
          )}
          options={TWO_AXES}
          columns={[{ label: 'Day (UTC)' }, ...columns.slice(1)]}
          rows={days.map((d) => [
            shortDay(d.date),
            formatUsd(d.usage.costUsd),
            formatNumber(tokensOf(d.usage)),
            formatNumber(d.requests),
            formatNumber(d.calls),
            formatNumber(d.cacheHits),
          ])}
          empty={<Empty title="No days to show yet" />}
        />
      </section>
    </>
  );
}

const TONE: Record<string, string> = { over: 'bad', reached: 'bad', near: 'warn', ok: 'ok', none: 'neutral' };

function LimitMeters({ meters }: { meters: readonly LimitMeter[] }) {
  return (
    <ul className="meters">
      {meters.map((meter) => {
        const id = `meter-${meter.name}`;
        return (
          <li key={meter.name} className={`meter-item meter-${meter.closeness}`}>
            <div className="meter-head">
              <span id={`${id}-label`} className="meter-label">
                {meter.label}
              </span>
              <span className={`badge badge-${TONE[meter.closeness]}`}>{closenessWords(meter.closeness)}</span>
            </div>
            {meter.limit !== null ? (
              <meter
                aria-labelledby={`${id}-label`}
                aria-describedby={`${id}-text`}
                min={0}
                max={Math.max(meter.limit, Number.MIN_VALUE)}
                low={meter.limit * 0.8}
                high={meter.limit * 0.99}
                optimum={0}
                value={Math.min(meter.used, meter.limit)}
              />
            ) : null}
            <p id={`${id}-text`} className="meter-text">
              {meter.text}
              {meter.held > 0 ? (
                <span className="muted">
                  {' '}
                  (with {meter.name.startsWith('cost') ? formatUsd(meter.held) : formatNumber(meter.held)} held by
                  running generations)
                </span>
              ) : null}
              <span className="muted"> · {meter.period === 'DAY' ? 'per UTC day' : 'per UTC month'}</span>
            </p>
          </li>
        );
      })}
    </ul>
  );
}

function LimitsForm({ apiKeyId, limits, onSaved }: { apiKeyId: string | null; limits: Limits; onSaved(): void }) {
  const [values, setValues] = useState<Record<LimitName, string>>(
    () => Object.fromEntries(LIMIT_FIELDS.map((f) => [f.name, limitText(limits[f.name])])) as Record<LimitName, string>,
  );
  const [localError, setLocalError] = useState<ApiError>();
  const [saved, setSaved] = useState(false);
  const [save, state] = useMutation(SetUsageLimitsMutation);
  const error = localError ?? state.error;

  async function submit(event: FormEvent) {
    event.preventDefault();
    setSaved(false);
    state.reset();
    const { input, errors } = parseLimits(values);
    if (errors.length > 0) {
      setLocalError(new ApiError('Invalid usage limits', 'BAD_USER_INPUT', errors));
      return;
    }
    setLocalError(undefined);
    const data = await save({ input: { ...input, apiKeyId } });
    if (!data) return;
    setValues(
      Object.fromEntries(LIMIT_FIELDS.map((f) => [f.name, limitText(data.setUsageLimits[f.name])])) as Record<
        LimitName,
        string
      >,
    );
    setSaved(true);
    onSaved();
  }

  return (
    <form onSubmit={submit} noValidate aria-labelledby="set-limits-title" className="limits-form">
      <h3 id="set-limits-title">Set limits</h3>
      <p className="muted">Leave a field empty for no limit.</p>
      <div className="limits-grid">
        {LIMIT_FIELDS.map((field) => (
          <TextField
            key={field.name}
            label={field.label}
            name={field.name}
            inputMode={field.integer ? 'numeric' : 'decimal'}
            value={values[field.name]}
            onChange={(value) => {
              setSaved(false);
              setValues((v) => ({ ...v, [field.name]: value }));
            }}
            error={error}
            placeholder="No limit"
          />
        ))}
      </div>
      <FormError error={error} shown={LIMIT_FIELDS.map((f) => f.name)} />
      {saved ? (
        <p role="status" className="limits-saved">
          Limits saved.
        </p>
      ) : null}
      <div className="actions">
        <button type="submit" className="button button-primary" disabled={state.loading}>
          {state.loading ? 'Saving…' : 'Save limits'}
        </button>
      </div>
    </form>
  );
}

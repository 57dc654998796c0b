import { UsagePeriod } from '../../entities';
import { AppError } from '../../errors';
import type { UsageAlert } from '../events/event-catalog';
import type { ApplicableLimits, LimitValues } from './usage-limits.service';
import { periodOf, secondsToEnd } from './usage-period';
import type { CounterRow } from './usage-sql';

/** A counted quantity: what a limit caps. */
export type Metric = 'requests' | 'tokens' | 'costUsd';

/** One limit that applies to one counter. */
export interface AppliedLimit {
  field: keyof LimitValues;
  metric: Metric;
  value: number;
}

const CHECKS: Record<UsagePeriod, { field: keyof LimitValues; metric: Metric }[]> = {
  [UsagePeriod.DAY]: [
    { field: 'requestsPerDay', metric: 'requests' },
    { field: 'tokensPerDay', metric: 'tokens' },
    { field: 'costPerDayUsd', metric: 'costUsd' },
  ],
  [UsagePeriod.MONTH]: [
    { field: 'tokensPerMonth', metric: 'tokens' },
    { field: 'costPerMonthUsd', metric: 'costUsd' },
  ],
};

const WORDS: Record<keyof LimitValues, string> = {
  requestsPerDay: 'requests per day',
  tokensPerDay: 'tokens per day',
  tokensPerMonth: 'tokens per month',
  costPerDayUsd: 'cost per day (USD)',
  costPerMonthUsd: 'cost per month (USD)',
};

/** The limits (of the counter's scope: the workspace or its key) that cap this counter. */
export function limitsOf(row: CounterRow, limits: ApplicableLimits): AppliedLimit[] {
  const values = row.scope === 'workspace' ? limits.workspace : limits.key;
  if (!values) return [];
  const applied: AppliedLimit[] = [];
  for (const check of CHECKS[row.period]) {
    const value = values[check.field];
    if (value !== null) applied.push({ ...check, value });
  }
  return applied;
}

export function usedOf(row: CounterRow, metric: Metric): number {
  return row[metric];
}

export function reservedOf(row: CounterRow, metric: Metric): number {
  if (metric === 'tokens') return row.reservedTokens;
  if (metric === 'costUsd') return row.reservedCostUsd;
  return 0;
}

function whose(row: CounterRow): string {
  return row.scope === 'workspace' ? "the workspace's" : "this API key's";
}

function amount(metric: Metric, value: number): string {
  return metric === 'costUsd' ? `$${value.toFixed(4)}` : Math.round(value).toLocaleString('en-US');
}

/** A refusal: which limit, and until when. */
export interface Refusal {
  row: CounterRow;
  limit: AppliedLimit;
  /** What is left of it (used and reserved taken off). */
  left: number;
}

/** QUOTA_EXCEEDED naming every limit in the way, with `retryAfter` until the last of them resets. */
export function quotaExceeded(refusals: Refusal[], at: Date, need?: { tokens: number; costUsd: number }): AppError {
  const parts = refusals.map(({ row, limit, left }) => {
    const resets = periodOf(row.period, at).to.toISOString();
    return `${whose(row)} ${WORDS[limit.field]} limit of ${amount(limit.metric, limit.value)} has ${amount(limit.metric, Math.max(0, left))} left (resets ${resets})`;
  });
  const needs = need
    ? ` This generation needs about ${amount('tokens', need.tokens)} tokens (${amount('costUsd', need.costUsd)}).`
    : '';
  const retryAfter = Math.max(...refusals.map(({ row }) => secondsToEnd(row.period, at)));
  return new AppError('QUOTA_EXCEEDED', `Usage limit reached: ${parts.join('; ')}.${needs}`, { retryAfter });
}

/** The alerts a counter crossed and has not sent yet this period: 80 % (a warning) and 100 %. */
export function crossedAlerts(
  row: CounterRow,
  limit: AppliedLimit,
  apiKeyId: string | null,
  at: Date,
): { name: 'usage.budget_warning' | 'usage.limit_reached'; mark: string; alert: UsageAlert }[] {
  if (limit.value <= 0) return [];
  const used = usedOf(row, limit.metric);
  const crossed: { name: 'usage.budget_warning' | 'usage.limit_reached'; mark: string; alert: UsageAlert }[] = [];
  for (const percent of [80, 100]) {
    const mark = `${limit.field}:${percent}`;
    if (row.alerts[mark] || used < (limit.value * percent) / 100) continue;
    crossed.push({
      name: percent === 100 ? 'usage.limit_reached' : 'usage.budget_warning',
      mark,
      alert: {
        apiKeyId: row.scope === 'workspace' ? null : apiKeyId,
        limit: limit.field,
        value: limit.value,
        used,
        percent,
        resetsAt: periodOf(row.period, at).to.toISOString(),
      },
    });
  }
  return crossed;
}

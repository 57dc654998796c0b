import { formatNumber, formatUsd } from '../../components/labels';

export const LIMIT_FIELDS = [
  { name: 'requestsPerDay', label: 'Requests per day', metric: 'requests', period: 'DAY', integer: true },
  { name: 'tokensPerDay', label: 'Tokens per day', metric: 'tokens', period: 'DAY', integer: true },
  { name: 'tokensPerMonth', label: 'Tokens per month', metric: 'tokens', period: 'MONTH', integer: true },
  { name: 'costPerDayUsd', label: 'Cost per day (USD)', metric: 'costUsd', period: 'DAY', integer: false },
  { name: 'costPerMonthUsd', label: 'Cost per month (USD)', metric: 'costUsd', period: 'MONTH', integer: false },
] as const;

export type LimitName = (typeof LIMIT_FIELDS)[number]['name'];
export type Limits = Partial<Record<LimitName, number | null>>;

/** What a period's report says was used (and is held by running generations), per metric. */
export interface PeriodUse {
  requests: number;
  usage: { promptTokens: number; completionTokens: number; costUsd: number };
  reservedTokens: number;
  reservedCostUsd: number;
}

export type Closeness = 'none' | 'ok' | 'near' | 'reached' | 'over';

export interface LimitMeter {
  name: LimitName;
  label: string;
  period: 'DAY' | 'MONTH';
  limit: number | null;
  /** Used so far, plus what running generations hold (the limit checks count both). */
  used: number;
  held: number;
  /** used / limit (may pass 1); null without a limit. */
  ratio: number | null;
  closeness: Closeness;
  /** "1,200 of 2,000 tokens (60 %)", or "1,200 tokens, no limit". */
  text: string;
}

/** How close a use is to its limit: under 80 % ok, then near, at it reached, past it over. */
export function closeness(used: number, limit: number | null | undefined): Closeness {
  if (limit === null || limit === undefined) return 'none';
  if (used > limit) return 'over';
  if (used === limit) return 'reached';
  if (limit > 0 && used / limit >= 0.8) return 'near';
  return 'ok';
}

export function closenessWords(value: Closeness): string {
  switch (value) {
    case 'over':
      return 'Over the limit';
    case 'reached':
      return 'Limit reached';
    case 'near':
      return 'Close to the limit';
    case 'ok':
      return 'Within the limit';
    default:
      return 'No limit';
  }
}

function amount(metric: 'requests' | 'tokens' | 'costUsd', value: number): string {
  if (metric === 'costUsd') return formatUsd(value);
  return `${formatNumber(value)} ${metric}`;
}

/** One meter per limit, from the limits and the day's and the month's reports. */
export function limitMeters(limits: Limits, day: PeriodUse, month: PeriodUse): LimitMeter[] {
  return LIMIT_FIELDS.map((field) => {
    const report = field.period === 'DAY' ? day : month;
    const base =
      field.metric === 'requests'
        ? report.requests
        : field.metric === 'tokens'
          ? report.usage.promptTokens + report.usage.completionTokens
          : report.usage.costUsd;
    const held =
      field.metric === 'tokens' ? report.reservedTokens : field.metric === 'costUsd' ? report.reservedCostUsd : 0;
    const used = base + held;
    const limit = limits[field.name] ?? null;
    const ratio = limit === null ? null : limit > 0 ? used / limit : used > 0 ? Number.POSITIVE_INFINITY : 1;
    const shown = field.metric === 'costUsd' ? formatUsd(used) : formatNumber(used);
    const text =
      limit === null
        ? `${amount(field.metric, used)}, no limit`
        : `${shown} of ${amount(field.metric, limit)}${
            ratio !== null && Number.isFinite(ratio) ? ` (${formatNumber(ratio * 100)} %)` : ''
          }`;
    return {
      name: field.name,
      label: field.label,
      period: field.period,
      limit,
      used,
      held,
      ratio,
      closeness: closeness(used, limit),
      text,
    };
  });
}

/**
 * The limits form's text as `setUsageLimits` input: empty clears a limit (null); anything not a number (or not a
 * whole number where one is needed) is a field error here, before asking the API. Negative values go to the API,
 * which refuses them by field.
 */
export function parseLimits(values: Record<LimitName, string>): {
  input: Limits;
  errors: { path: string; message: string }[];
} {
  const input: Limits = {};
  const errors: { path: string; message: string }[] = [];
  for (const field of LIMIT_FIELDS) {
    const raw = (values[field.name] ?? '').trim().replace(/[,_\s]/g, '');
    if (raw === '') {
      input[field.name] = null;
      continue;
    }
    const value = Number(raw.replace(/^\$/, ''));
    if (!Number.isFinite(value)) errors.push({ path: field.name, message: 'must be a number (or empty: no limit)' });
    else if (field.integer && !Number.isInteger(value))
      errors.push({ path: field.name, message: 'must be a whole number' });
    else input[field.name] = value;
  }
  return { input, errors };
}

/** A limit as the form's text: null → "". */
export function limitText(value: number | null | undefined): string {
  return value === null || value === undefined ? '' : String(value);
}

/** Tokens of a usage (prompt + completion, as limits count them). */
export function tokensOf(usage: { promptTokens: number; completionTokens: number }): number {
  return usage.promptTokens + usage.completionTokens;
}

/** "2027-05-02" → "2 May" (UTC days). */
export function shortDay(date: string): string {
  return new Intl.DateTimeFormat('en-GB', { day: 'numeric', month: 'short', timeZone: 'UTC' }).format(
    new Date(`${date}T00:00:00.000Z`),
  );
}

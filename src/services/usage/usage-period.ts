import { UsagePeriod } from '../../entities';

/** The current time; injected so tests can cross a day or a month. */
export type Clock = () => Date;

export const systemClock: Clock = () => new Date();

/** One accounting period in UTC: [from, to). */
export interface PeriodWindow {
  period: UsagePeriod;
  from: Date;
  to: Date;
  /** `from` as `YYYY-MM-DD`, the counters' key. */
  start: string;
}

/** The UTC day or month that `at` falls in. */
export function periodOf(period: UsagePeriod, at: Date): PeriodWindow {
  const year = at.getUTCFullYear();
  const month = at.getUTCMonth();
  const from =
    period === UsagePeriod.DAY ? new Date(Date.UTC(year, month, at.getUTCDate())) : new Date(Date.UTC(year, month, 1));
  const to =
    period === UsagePeriod.DAY
      ? new Date(Date.UTC(year, month, at.getUTCDate() + 1))
      : new Date(Date.UTC(year, month + 1, 1));
  return { period, from, to, start: from.toISOString().slice(0, 10) };
}

/** Whole seconds from `at` to the end of its period (at least 1): a refused client's `retryAfter`. */
export function secondsToEnd(period: UsagePeriod, at: Date): number {
  return Math.max(1, Math.ceil((periodOf(period, at).to.getTime() - at.getTime()) / 1000));
}

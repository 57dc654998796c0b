import { DateTime, IANAZone } from 'luxon';
import { RRule, Frequency as RRuleFrequency, type Weekday } from 'rrule';
import { AppError, type FieldError } from '../../errors';

/**
 * Post series: a rule in the audience's time zone, so that "every weekday at 09:00 in Berlin" stays 09:00 on the
 * wall clock across daylight-saving changes.
 *
 * How: rrule (RFC 5545 recurrence) expands the rule over *floating* local date-times — rrule.js treats its dates as
 * UTC, and we feed it the local wall-clock time as if it were UTC, which is what its README recommends for zoned
 * rules (its own TZID support goes through the host's Intl and has open DST bugs). Luxon then turns each local
 * date-time into the instant it names in the zone. The stored form is RFC 5545 text: a `DTSTART;TZID=…` line and an
 * `RRULE:` line, plus the zone and local time as columns.
 *
 * Wall-clock times that do not exist (02:30 on the night clocks go forward) move forward by the gap (03:30); times
 * that occur twice (02:30 on the night clocks go back) are the second of the two, in standard time. Luxon does both
 * by default, and the tests pin it.
 */

export type SeriesFrequency = 'DAILY' | 'WEEKLY' | 'MONTHLY';

export interface SeriesSpec {
  frequency: SeriesFrequency;
  /** Every `interval` days / weeks / months (1–99). */
  interval: number;
  /** First day, YYYY-MM-DD in the zone. */
  startDate: string;
  /** HH:mm, 24 h, in the zone. */
  localTime: string;
  /** IANA zone name, e.g. Europe/Berlin. */
  timeZone: string;
  /** How many posts (exactly one of count and until). */
  count?: number | null;
  /** Last day (inclusive), YYYY-MM-DD in the zone. */
  until?: string | null;
  /** Leave Saturdays and Sundays out (they are skipped, not moved). */
  skipWeekends: boolean;
}

/** The most posts one series may make; a longer plan is several series. */
export const MAX_SERIES_POSTS = 366;
/** How far ahead `until` may reach. */
const MAX_SPAN_YEARS = 2;

const FREQUENCIES: Record<SeriesFrequency, RRuleFrequency> = {
  DAILY: RRule.DAILY,
  WEEKLY: RRule.WEEKLY,
  MONTHLY: RRule.MONTHLY,
};
const WEEKDAYS: Weekday[] = [RRule.MO, RRule.TU, RRule.WE, RRule.TH, RRule.FR];

const DATE = /^(\d{4})-(\d{2})-(\d{2})$/;
const TIME = /^([01]\d|2[0-3]):([0-5]\d)$/;

/** True for a zone name luxon (the ICU data of this Node) knows: `Europe/Berlin`, `UTC`; not `CET+1` or `Mars/Base`. */
export function isTimeZone(zone: string): boolean {
  return zone.length <= 64 && IANAZone.isValidZone(zone);
}

function parseDate(value: string, path: string, errors: FieldError[]): DateTime | undefined {
  const match = DATE.exec(value);
  const date = match
    ? DateTime.fromObject({ year: +match[1], month: +match[2], day: +match[3] }, { zone: 'utc' })
    : undefined;
  if (!date?.isValid) {
    errors.push({ path, message: 'must be a date YYYY-MM-DD' });
    return undefined;
  }
  return date;
}

/** Validates a series; BAD_USER_INPUT naming every bad field. `today` is the zone's current date (an injected clock). */
export function validateSeries(spec: SeriesSpec, now: Date): void {
  const errors: FieldError[] = [];
  if (!isTimeZone(spec.timeZone))
    errors.push({ path: 'timeZone', message: 'must be an IANA time zone such as Europe/Berlin' });
  if (!TIME.test(spec.localTime)) errors.push({ path: 'localTime', message: 'must be a time HH:mm (24 h)' });
  if (!Number.isInteger(spec.interval) || spec.interval < 1 || spec.interval > 99)
    errors.push({ path: 'interval', message: 'must be a whole number from 1 to 99' });
  const start = parseDate(spec.startDate, 'startDate', errors);
  const hasCount = spec.count !== undefined && spec.count !== null;
  const hasUntil = spec.until !== undefined && spec.until !== null;
  if (hasCount === hasUntil) errors.push({ path: 'count', message: 'give exactly one of count and until' });
  if (hasCount && (!Number.isInteger(spec.count) || (spec.count ?? 0) < 1 || (spec.count ?? 0) > MAX_SERIES_POSTS))
    errors.push({ path: 'count', message: `must be a whole number from 1 to ${MAX_SERIES_POSTS}` });
  if (hasUntil && start) {
    const until = parseDate(spec.until ?? '', 'until', errors);
    if (until && until < start) errors.push({ path: 'until', message: 'must not be before startDate' });
    if (until && until > start.plus({ years: MAX_SPAN_YEARS }))
      errors.push({ path: 'until', message: `must be within ${MAX_SPAN_YEARS} years of startDate` });
  }
  if (start && isTimeZone(spec.timeZone)) {
    const today = DateTime.fromJSDate(now, { zone: spec.timeZone }).startOf('day');
    const startLocal = DateTime.fromObject(
      { year: start.year, month: start.month, day: start.day },
      { zone: spec.timeZone },
    );
    if (startLocal < today) errors.push({ path: 'startDate', message: 'must not be in the past' });
    if (spec.frequency === 'WEEKLY' && spec.skipWeekends && start.weekday >= 6)
      errors.push({ path: 'startDate', message: 'a weekly series that skips weekends must start on a weekday' });
  }
  if (errors.length > 0) throw AppError.badInput(errors);
}

function floating(date: string, time: string): Date {
  const [year, month, day] = date.split('-').map(Number);
  const [hour, minute] = time.split(':').map(Number);
  return new Date(Date.UTC(year, month - 1, day, hour, minute));
}

function ruleOf(spec: SeriesSpec): RRule {
  const dtstart = floating(spec.startDate, spec.localTime);
  const byweekday =
    spec.skipWeekends && spec.frequency !== 'WEEKLY'
      ? WEEKDAYS
      : undefined; /* WEEKLY repeats the start's weekday, checked to be a weekday */
  return new RRule({
    freq: FREQUENCIES[spec.frequency],
    interval: spec.interval,
    dtstart,
    count: spec.count ?? null,
    until: spec.until ? floating(spec.until, '23:59') : null,
    byweekday: byweekday ?? null,
    // MONTHLY with weekdays: only the months whose start day falls on a weekday (skipped, not moved).
    bymonthday: spec.frequency === 'MONTHLY' ? dtstart.getUTCDate() : null,
  });
}

/**
 * The rule as RFC 5545 text: `DTSTART;TZID=Europe/Berlin:20270322T090000` and `RRULE:FREQ=DAILY;…`, what
 * `PostSeries.rule` shows and what a calendar application imports.
 */
export function seriesRuleText(spec: SeriesSpec): string {
  const start = `${spec.startDate.replaceAll('-', '')}T${spec.localTime.replace(':', '')}00`;
  const rrule = RRule.optionsToString({ ...ruleOf(spec).origOptions, dtstart: null, until: null });
  // With a zoned DTSTART, RFC 5545 wants UNTIL in UTC: the end of the last day in the zone.
  const until = spec.until
    ? `;UNTIL=${DateTime.fromISO(`${spec.until}T23:59`, { zone: spec.timeZone }).toUTC().toFormat("yyyyMMdd'T'HHmmss'Z'")}`
    : '';
  return `DTSTART;TZID=${spec.timeZone}:${start}\n${rrule}${until}`;
}

/** The instants of every post of the series, in order (at most MAX_SERIES_POSTS). */
export function expandSeries(spec: SeriesSpec): Date[] {
  const locals = ruleOf(spec).all((_, index) => index < MAX_SERIES_POSTS);
  return locals.map((local) =>
    DateTime.fromObject(
      {
        year: local.getUTCFullYear(),
        month: local.getUTCMonth() + 1,
        day: local.getUTCDate(),
        hour: local.getUTCHours(),
        minute: local.getUTCMinutes(),
      },
      { zone: spec.timeZone },
    )
      .toUTC()
      .toJSDate(),
  );
}

/** The wall-clock time of an instant in a zone, HH:mm. */
export function localTimeOf(at: Date, timeZone: string): string {
  return DateTime.fromJSDate(at, { zone: timeZone }).toFormat('HH:mm');
}

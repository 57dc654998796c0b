import { DateTime } from 'luxon';

/**
 * The calendar's arithmetic, in a chosen IANA time zone: a day is that zone's midnight to the next (23 or 25 hours
 * on the days clocks change), weeks start on Monday, and a post keeps its wall-clock time when it moves to another
 * day. Dates are `YYYY-MM-DD` strings in the zone; instants are ISO strings at UTC, as the API takes them.
 */

export type CalendarView = 'month' | 'week';

export interface CalendarDay {
  /** YYYY-MM-DD in the zone. */
  date: string;
  /** The zone's midnight starting the day, ISO at UTC. */
  start: string;
  /** The next day's midnight (exclusive), ISO at UTC. */
  end: string;
  /** False for the days of the previous or next month that fill a month grid's first and last weeks. */
  inMonth: boolean;
  /** Hours in the day: 24, or 23 / 25 on a daylight-saving change. */
  hours: number;
}

export interface CalendarRange {
  /** The first day's start: the `from` of the calendar query. */
  from: string;
  /** The last day's end: the `to` of the calendar query. */
  to: string;
  /** Weeks of seven days, Monday first (one week in the week view). */
  weeks: CalendarDay[][];
}

const DATE = /^\d{4}-\d{2}-\d{2}$/;

function startOfDay(date: string, zone: string): DateTime {
  const day = DateTime.fromISO(date, { zone }).startOf('day');
  if (!day.isValid) throw new RangeError(`not a date in ${zone}: ${date}`);
  return day;
}

function iso(value: DateTime): string {
  return value.toUTC().toISO({ suppressMilliseconds: false }) as string;
}

/** True for an IANA zone luxon (and so Intl) knows. */
export function isZone(zone: string): boolean {
  return DateTime.now().setZone(zone).isValid;
}

/** One day of the zone. */
export function calendarDay(date: string, zone: string, month?: number): CalendarDay {
  const start = startOfDay(date, zone);
  const end = start.plus({ days: 1 }).startOf('day');
  return {
    date: start.toISODate() as string,
    start: iso(start),
    end: iso(end),
    inMonth: month === undefined || start.month === month,
    hours: Math.round(end.diff(start, 'hours').hours),
  };
}

function weekFrom(monday: DateTime, zone: string, month?: number): CalendarDay[] {
  return Array.from({ length: 7 }, (_, i) => calendarDay(monday.plus({ days: i }).toISODate() as string, zone, month));
}

function range(weeks: CalendarDay[][]): CalendarRange {
  const first = weeks[0]?.[0] as CalendarDay;
  const last = weeks.at(-1)?.at(-1) as CalendarDay;
  return { from: first.start, to: last.end, weeks };
}

/** The weeks (Monday to Sunday) that hold the month of `date`, with the spill-over days marked. */
export function monthGrid(date: string, zone: string): CalendarRange {
  const first = startOfDay(date, zone).startOf('month');
  const last = first.endOf('month');
  const weeks: CalendarDay[][] = [];
  for (let monday = first.startOf('week'); monday <= last; monday = monday.plus({ weeks: 1 }).startOf('day')) {
    weeks.push(weekFrom(monday, zone, first.month));
  }
  return range(weeks);
}

/** The week (Monday to Sunday) holding `date`. */
export function weekGrid(date: string, zone: string): CalendarRange {
  return range([weekFrom(startOfDay(date, zone).startOf('week'), zone)]);
}

export function viewGrid(view: CalendarView, date: string, zone: string): CalendarRange {
  return view === 'month' ? monthGrid(date, zone) : weekGrid(date, zone);
}

/** The day of the zone an instant falls on. */
export function localDate(instant: string, zone: string): string {
  return DateTime.fromISO(instant, { zone: 'utc' }).setZone(zone).toISODate() as string;
}

/** The wall-clock time of an instant in the zone, HH:mm. */
export function localTime(instant: string, zone: string): string {
  return DateTime.fromISO(instant, { zone: 'utc' }).setZone(zone).toFormat('HH:mm');
}

/** Today in the zone. */
export function today(zone: string, now: Date = new Date()): string {
  return DateTime.fromJSDate(now).setZone(zone).toISODate() as string;
}

/** Items grouped by the zone's day of their `scheduledAt`, each day's in time order. */
export function groupByDay<T extends { scheduledAt: string }>(items: readonly T[], zone: string): Map<string, T[]> {
  const days = new Map<string, T[]>();
  const sorted = [...items].sort((a, b) => Date.parse(a.scheduledAt) - Date.parse(b.scheduledAt));
  for (const item of sorted) {
    const date = localDate(item.scheduledAt, zone);
    days.set(date, [...(days.get(date) ?? []), item]);
  }
  return days;
}

/**
 * The instant on `date` at the wall-clock time `instant` has in the zone: a post dragged to another day keeps its
 * time of day. A time that does not exist that day (clocks going forward) moves forward by the gap, as the API's
 * series do; an ambiguous one (clocks going back) takes the earlier.
 */
export function moveToDay(instant: string, date: string, zone: string): string {
  const from = DateTime.fromISO(instant, { zone: 'utc' }).setZone(zone);
  const day = startOfDay(date, zone);
  const moved = DateTime.fromObject(
    { year: day.year, month: day.month, day: day.day, hour: from.hour, minute: from.minute, second: from.second },
    { zone },
  );
  return iso(moved);
}

/** An instant as a `datetime-local` value (YYYY-MM-DDTHH:mm) on the zone's wall clock. */
export function toLocalInput(instant: string, zone: string): string {
  return DateTime.fromISO(instant, { zone: 'utc' }).setZone(zone).toFormat("yyyy-MM-dd'T'HH:mm");
}

/** A `datetime-local` value read on the zone's wall clock, as an instant; null when it is not a date-time. */
export function fromLocalInput(value: string, zone: string): string | null {
  const at = DateTime.fromISO(value, { zone });
  return at.isValid ? iso(at) : null;
}

/** The date `steps` months or weeks from `date` (the view's previous / next page). */
export function shiftDate(view: CalendarView, date: string, steps: number, zone: string): string {
  const day = startOfDay(date, zone);
  const moved = view === 'month' ? day.startOf('month').plus({ months: steps }) : day.plus({ weeks: steps });
  return moved.toISODate() as string;
}

/** The view's title: "January 2027", or "4 – 10 Jan 2027" for a week. */
export function rangeTitle(view: CalendarView, date: string, zone: string, locale?: string): string {
  const day = startOfDay(date, zone).setLocale(locale ?? 'en-GB');
  if (view === 'month') return day.toFormat('LLLL yyyy');
  const monday = day.startOf('week');
  const sunday = monday.plus({ days: 6 });
  if (monday.year !== sunday.year) return `${monday.toFormat('d LLL yyyy')} – ${sunday.toFormat('d LLL yyyy')}`;
  if (monday.month !== sunday.month) return `${monday.toFormat('d LLL')} – ${sunday.toFormat('d LLL yyyy')}`;
  return `${monday.toFormat('d')} – ${sunday.toFormat('d LLL yyyy')}`;
}

/** A day as people read it: "Monday 4 January". */
export function dayTitle(date: string, locale?: string): string {
  return DateTime.fromISO(date)
    .setLocale(locale ?? 'en-GB')
    .toFormat('cccc d LLLL');
}

/**
 * The ids of posts that sit closer than `gapMinutes` to another active post of the same platform (the API refuses
 * to make such pairs, but a smaller gap configured earlier, or a publication, can leave them).
 */
export function tooClose<T extends { id: string; platform: string; scheduledAt: string; status: string }>(
  posts: readonly T[],
  gapMinutes: number,
): Set<string> {
  const close = new Set<string>();
  if (gapMinutes <= 0) return close;
  const gap = gapMinutes * 60_000;
  const active = posts
    .filter((p) => p.status !== 'CANCELLED' && p.status !== 'FAILED')
    .sort((a, b) => Date.parse(a.scheduledAt) - Date.parse(b.scheduledAt));
  const last = new Map<string, T>();
  for (const post of active) {
    const previous = last.get(post.platform);
    if (previous && Date.parse(post.scheduledAt) - Date.parse(previous.scheduledAt) < gap) {
      close.add(previous.id);
      close.add(post.id);
    }
    last.set(post.platform, post);
  }
  return close;
}

/** What the calendar's address says: the view, a date in the range, and the zone (bad values fall back). */
export interface CalendarLocation {
  view: CalendarView;
  date: string;
  zone: string;
}

export function parseLocation(search: string, fallbackZone: string, now: Date = new Date()): CalendarLocation {
  const params = new URLSearchParams(search);
  const zoneParam = params.get('tz') ?? '';
  const zone = zoneParam && isZone(zoneParam) ? zoneParam : fallbackZone;
  const view: CalendarView = params.get('view') === 'week' ? 'week' : 'month';
  const dateParam = params.get('date') ?? '';
  const date = DATE.test(dateParam) && DateTime.fromISO(dateParam).isValid ? dateParam : today(zone, now);
  return { view, date, zone };
}

export function formatLocation(location: CalendarLocation): string {
  return new URLSearchParams({ view: location.view, date: location.date, tz: location.zone }).toString();
}

/** The browser's zone, or UTC when it has none luxon knows. */
export function browserZone(): string {
  const zone = Intl.DateTimeFormat().resolvedOptions().timeZone;
  return zone && isZone(zone) ? zone : 'UTC';
}

/** Every zone the browser knows, the chosen one included (some browsers leave UTC out). */
export function zoneList(chosen: string): string[] {
  const intl = Intl as unknown as { supportedValuesOf?: (key: string) => string[] };
  const zones = intl.supportedValuesOf?.('timeZone') ?? [];
  const all = new Set([...zones, 'UTC', chosen]);
  return [...all].sort((a, b) => a.localeCompare(b));
}

const CONFLICT = /^Post (\S+) is on (\w+) at (\S+): posts of one platform need (\d+) minutes between them/;

/**
 * The API's refusal of a time too close to another post ("Post <id> is on LINKEDIN at <ISO>: posts of one platform
 * need 60 minutes between them…") in words for people: the other post by its name when the calendar shows it, and
 * its time in the chosen zone. Other messages pass through.
 */
export function describeConflict(
  message: string,
  zone: string,
  nameOf: (postId: string) => string | undefined,
  platformName: (platform: string) => string = (p) => p,
): string {
  const match = CONFLICT.exec(message);
  if (!match) return message;
  const [, id, platform, at, minutes] = match as unknown as [string, string, string, string, string];
  const when = DateTime.fromISO(at, { zone: 'utc' }).setZone(zone).setLocale('en-GB').toFormat('ccc d LLL, HH:mm');
  const other = nameOf(id);
  const subject = other ? `“${other}”` : `another ${platformName(platform)} post`;
  return `Too close to ${subject} on ${platformName(platform)} at ${when} (${zone}): posts of one platform need ${minutes} minutes between them.`;
}

/** A short name for what a post publishes: the title, else the text's first words. */
export function excerpt(title: string | null | undefined, body: string, length = 60): string {
  const text = (title?.trim() || body.trim()).replace(/\s+/g, ' ');
  if (text.length <= length) return text;
  const cut = text.slice(0, length);
  const space = cut.lastIndexOf(' ');
  return `${(space > length / 2 ? cut.slice(0, space) : cut).replace(/[\s,.;:]+$/, '')}…`;
}

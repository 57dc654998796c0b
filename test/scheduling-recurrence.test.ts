import { DateTime } from 'luxon';
import { describe, expect, it } from 'vitest';
import { Platform } from '../src/entities';
import { AppError } from '../src/errors';
import { benchmarkSlots, conflictingPost } from '../src/services/scheduling/posting-times';
import {
  expandSeries,
  isTimeZone,
  localTimeOf,
  MAX_SERIES_POSTS,
  type SeriesSpec,
  seriesRuleText,
  validateSeries,
} from '../src/services/scheduling/recurrence';

const NOW = new Date('2026-12-05T12:00:00Z');
const series = (overrides: Partial<SeriesSpec>): SeriesSpec => ({
  frequency: 'DAILY',
  interval: 1,
  startDate: '2027-03-25',
  localTime: '09:00',
  timeZone: 'Europe/Berlin',
  count: 7,
  skipWeekends: false,
  ...overrides,
});
const local = (at: Date, zone: string) => DateTime.fromJSDate(at, { zone }).toFormat('yyyy-MM-dd HH:mm ZZ');

function fieldsOf(fn: () => void): string[] {
  try {
    fn();
  } catch (error) {
    if (error instanceof AppError) return (error.details.fields ?? []).map((field) => field.path);
    throw error;
  }
  return [];
}

describe('a daily series across a daylight-saving change', () => {
  it('stays 09:00 in Berlin when the clocks go forward (28 March 2027): the UTC hour moves, the local one does not', () => {
    const posts = expandSeries(series({}));
    expect(posts.map((at) => local(at, 'Europe/Berlin'))).toEqual([
      '2027-03-25 09:00 +01:00',
      '2027-03-26 09:00 +01:00',
      '2027-03-27 09:00 +01:00',
      '2027-03-28 09:00 +02:00',
      '2027-03-29 09:00 +02:00',
      '2027-03-30 09:00 +02:00',
      '2027-03-31 09:00 +02:00',
    ]);
    expect(posts[2]?.toISOString()).toBe('2027-03-27T08:00:00.000Z');
    expect(posts[3]?.toISOString()).toBe('2027-03-28T07:00:00.000Z');
  });

  it('stays 09:00 in New York when the clocks go forward (14 March 2027) and back (7 November 2027)', () => {
    const spring = expandSeries(series({ timeZone: 'America/New_York', startDate: '2027-03-12', count: 4 }));
    expect(spring.map((at) => local(at, 'America/New_York'))).toEqual([
      '2027-03-12 09:00 -05:00',
      '2027-03-13 09:00 -05:00',
      '2027-03-14 09:00 -04:00',
      '2027-03-15 09:00 -04:00',
    ]);
    const autumn = expandSeries(series({ timeZone: 'America/New_York', startDate: '2027-11-06', count: 2 }));
    expect(autumn.map((at) => at.toISOString())).toEqual(['2027-11-06T13:00:00.000Z', '2027-11-07T14:00:00.000Z']);
  });

  it('moves a wall-clock time that does not exist forward by the gap, and takes the standard-time one of a repeated one', () => {
    const gap = expandSeries(series({ startDate: '2027-03-28', localTime: '02:30', count: 1 }));
    expect(local(gap[0] as Date, 'Europe/Berlin')).toBe('2027-03-28 03:30 +02:00');
    const repeated = expandSeries(series({ startDate: '2027-10-31', localTime: '02:30', count: 1 }));
    expect(local(repeated[0] as Date, 'Europe/Berlin')).toBe('2027-10-31 02:30 +01:00');
  });
});

describe('series rules', () => {
  it('ends after `count` posts, or on the `until` day inclusive', () => {
    expect(expandSeries(series({ count: 3 }))).toHaveLength(3);
    const until = expandSeries(series({ count: null, until: '2027-04-02' }));
    expect(until.map((at) => localTimeOf(at, 'Europe/Berlin'))).toEqual(Array(9).fill('09:00'));
    expect(local(until.at(-1) as Date, 'Europe/Berlin')).toBe('2027-04-02 09:00 +02:00');
  });

  it('skips weekends: a daily series counts weekdays only', () => {
    const posts = expandSeries(series({ startDate: '2027-03-26', count: 5, skipWeekends: true }));
    expect(posts.map((at) => DateTime.fromJSDate(at, { zone: 'Europe/Berlin' }).toFormat('ccc dd'))).toEqual([
      'Fri 26',
      'Mon 29',
      'Tue 30',
      'Wed 31',
      'Thu 01',
    ]);
  });

  it('repeats weekly and monthly with an interval; a monthly series skips the months whose day is a weekend', () => {
    const weekly = expandSeries(series({ frequency: 'WEEKLY', interval: 2, count: 3 }));
    expect(weekly.map((at) => local(at, 'Europe/Berlin'))).toEqual([
      '2027-03-25 09:00 +01:00',
      '2027-04-08 09:00 +02:00',
      '2027-04-22 09:00 +02:00',
    ]);
    // The 15th: a Saturday in May 2027 and a Sunday in August 2027.
    const monthly = expandSeries(
      series({ frequency: 'MONTHLY', startDate: '2027-04-15', count: 4, skipWeekends: true }),
    );
    expect(monthly.map((at) => DateTime.fromJSDate(at, { zone: 'Europe/Berlin' }).toISODate())).toEqual([
      '2027-04-15',
      '2027-06-15',
      '2027-07-15',
      '2027-09-15',
    ]);
  });

  it('is RFC 5545 text with the zone on DTSTART', () => {
    expect(seriesRuleText(series({ skipWeekends: true }))).toBe(
      'DTSTART;TZID=Europe/Berlin:20270325T090000\nRRULE:FREQ=DAILY;INTERVAL=1;COUNT=7;BYDAY=MO,TU,WE,TH,FR',
    );
    expect(seriesRuleText(series({ frequency: 'WEEKLY', interval: 2, count: null, until: '2027-05-01' }))).toBe(
      'DTSTART;TZID=Europe/Berlin:20270325T090000\nRRULE:FREQ=WEEKLY;INTERVAL=2;UNTIL=20270501T215900Z',
    );
  });

  it('never makes more than the cap', () => {
    expect(MAX_SERIES_POSTS).toBe(366);
    expect(expandSeries(series({ count: null, until: '2028-12-31' }))).toHaveLength(MAX_SERIES_POSTS);
  });
});

describe('series validation', () => {
  it('accepts a good series', () => {
    expect(fieldsOf(() => validateSeries(series({}), NOW))).toEqual([]);
  });

  it('names every bad field', () => {
    expect(
      fieldsOf(() =>
        validateSeries(
          series({ timeZone: 'Mars/Olympus', localTime: '25:00', interval: 0, startDate: '2027-02-30' }),
          NOW,
        ),
      ),
    ).toEqual(['timeZone', 'localTime', 'interval', 'startDate']);
    expect(fieldsOf(() => validateSeries(series({ count: 5, until: '2027-04-01' }), NOW))).toEqual(['count']);
    expect(fieldsOf(() => validateSeries(series({ count: null, until: null }), NOW))).toEqual(['count']);
    expect(fieldsOf(() => validateSeries(series({ count: 367 }), NOW))).toEqual(['count']);
    expect(fieldsOf(() => validateSeries(series({ count: null, until: '2027-03-01' }), NOW))).toEqual(['until']);
    expect(fieldsOf(() => validateSeries(series({ count: null, until: '2030-01-01' }), NOW))).toEqual(['until']);
    expect(fieldsOf(() => validateSeries(series({ startDate: '2026-12-04' }), NOW))).toEqual(['startDate']);
    expect(
      fieldsOf(() => validateSeries(series({ frequency: 'WEEKLY', startDate: '2027-03-27', skipWeekends: true }), NOW)),
    ).toEqual(['startDate']);
    expect(fieldsOf(() => validateSeries(series({ localTime: '9:00\u0000' }), NOW))).toEqual(['localTime']);
  });

  it('knows IANA zones and refuses the rest', () => {
    expect(isTimeZone('Europe/Berlin')).toBe(true);
    expect(isTimeZone('UTC')).toBe(true);
    expect(isTimeZone('Europe/Atlantis')).toBe(false);
    expect(isTimeZone('')).toBe(false);
    expect(isTimeZone('x'.repeat(10_000))).toBe(false);
  });
});

describe('benchmark posting times', () => {
  const after = new Date('2027-03-22T06:00:00Z'); // Monday 07:00 in Berlin

  it('suggests the top windows first, on the hour, in the audience time zone, saying where they come from', () => {
    const slots = benchmarkSlots({
      platform: Platform.LINKEDIN,
      timeZone: 'Europe/Berlin',
      after,
      count: 3,
      isFree: () => true,
    });
    expect(slots.map((slot) => local(slot.at, 'Europe/Berlin'))).toEqual([
      '2027-03-23 10:00 +01:00',
      '2027-03-23 11:00 +01:00',
      '2027-03-24 10:00 +01:00',
    ]);
    expect(slots.every((slot) => slot.score === 1 && slot.source.startsWith('benchmark: Sprout Social'))).toBe(true);
    expect(slots[0]?.reason).toContain('Tuesday 10:00–12:00');
    expect(slots[0]?.localTime).toBe('10:00');
  });

  it('skips slots that are not free, and falls back to the wider windows when the top ones are taken', () => {
    const taken = new Set(['2027-03-23T09:00:00.000Z']);
    const slots = benchmarkSlots({
      platform: Platform.LINKEDIN,
      timeZone: 'Europe/Berlin',
      after,
      count: 1,
      isFree: (at) => !taken.has(at.toISOString()),
    });
    expect(slots[0]?.at.toISOString()).toBe('2027-03-23T10:00:00.000Z');
    const onlyWide = benchmarkSlots({
      platform: Platform.EMAIL,
      timeZone: 'America/New_York',
      after,
      count: 1,
      horizonDays: 1,
      isFree: () => true,
    });
    expect(onlyWide).toHaveLength(1);
    expect(onlyWide[0]?.score).toBeLessThan(1);
  });

  it('names the post of the same platform too close to a time', () => {
    const others = [{ id: 'a', scheduledAt: new Date('2027-03-23T09:00:00Z') }];
    expect(conflictingPost(others, new Date('2027-03-23T09:59:00Z'), 60)?.id).toBe('a');
    expect(conflictingPost(others, new Date('2027-03-23T10:00:00Z'), 60)).toBeUndefined();
  });
});

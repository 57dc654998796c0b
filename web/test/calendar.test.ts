import { describe, expect, it } from 'vitest';
import {
  calendarDay,
  describeConflict,
  excerpt,
  formatLocation,
  fromLocalInput,
  groupByDay,
  localDate,
  monthGrid,
  moveToDay,
  parseLocation,
  rangeTitle,
  shiftDate,
  toLocalInput,
  tooClose,
  weekGrid,
} from '../src/calendar-grid';

describe('month grid in a zone', () => {
  it('covers the month in whole Monday-to-Sunday weeks, spill-over days marked', () => {
    const grid = monthGrid('2027-03-15', 'Europe/Berlin');
    expect(grid.weeks).toHaveLength(5);
    expect(grid.weeks[0]?.[0]).toMatchObject({ date: '2027-03-01', inMonth: true });
    expect(grid.weeks.at(-1)?.map((d) => d.date)).toEqual([
      '2027-03-29',
      '2027-03-30',
      '2027-03-31',
      '2027-04-01',
      '2027-04-02',
      '2027-04-03',
      '2027-04-04',
    ]);
    expect(grid.weeks.at(-1)?.[3]?.inMonth).toBe(false);
    // Midnight in Berlin, winter (UTC+1) to summer (UTC+2).
    expect(grid.from).toBe('2027-02-28T23:00:00.000Z');
    expect(grid.to).toBe('2027-04-04T22:00:00.000Z');
  });

  it('starts a month whose first day is a Sunday with the Monday before', () => {
    const grid = monthGrid('2026-11-01', 'UTC');
    expect(grid.weeks[0]?.[0]).toMatchObject({ date: '2026-10-26', inMonth: false });
    expect(grid.weeks[0]?.[6]).toMatchObject({ date: '2026-11-01', inMonth: true });
    expect(grid.weeks).toHaveLength(6);
  });

  it('has days of 23 and 25 hours on the daylight-saving changes, bounded by local midnights', () => {
    const spring = calendarDay('2027-03-14', 'America/New_York');
    expect(spring).toMatchObject({
      hours: 23,
      start: '2027-03-14T05:00:00.000Z',
      end: '2027-03-15T04:00:00.000Z',
    });
    expect(calendarDay('2027-11-07', 'America/New_York').hours).toBe(25);
    expect(calendarDay('2027-03-28', 'Europe/London').hours).toBe(23);
    expect(calendarDay('2027-03-29', 'Europe/London').hours).toBe(24);
  });
});

describe('week range', () => {
  it('is the Monday-to-Sunday week holding the date, in the zone', () => {
    const week = weekGrid('2027-01-07', 'Asia/Tokyo');
    expect(week.weeks).toHaveLength(1);
    expect(week.weeks[0]?.map((d) => d.date)).toEqual([
      '2027-01-04',
      '2027-01-05',
      '2027-01-06',
      '2027-01-07',
      '2027-01-08',
      '2027-01-09',
      '2027-01-10',
    ]);
    expect(week.from).toBe('2027-01-03T15:00:00.000Z');
    expect(week.to).toBe('2027-01-10T15:00:00.000Z');
  });

  it('pages by months and weeks, and titles the range', () => {
    expect(shiftDate('month', '2027-01-31', 1, 'UTC')).toBe('2027-02-01');
    expect(shiftDate('month', '2027-01-15', -1, 'UTC')).toBe('2026-12-01');
    expect(shiftDate('week', '2027-01-07', 1, 'UTC')).toBe('2027-01-14');
    expect(rangeTitle('month', '2027-01-07', 'UTC')).toBe('January 2027');
    expect(rangeTitle('week', '2027-01-07', 'UTC')).toBe('4 – 10 Jan 2027');
    expect(rangeTitle('week', '2027-03-31', 'UTC')).toBe('29 Mar – 4 Apr 2027');
    expect(rangeTitle('week', '2026-12-31', 'UTC')).toBe('28 Dec 2026 – 3 Jan 2027');
  });
});

describe('posts per local day', () => {
  const posts = [
    { id: 'b', scheduledAt: '2027-01-05T23:30:00.000Z' },
    { id: 'a', scheduledAt: '2027-01-05T09:00:00.000Z' },
  ];

  it('puts 23:30 UTC on the next day in Tokyo and the same day in New York', () => {
    expect(localDate('2027-01-05T23:30:00.000Z', 'Asia/Tokyo')).toBe('2027-01-06');
    expect(localDate('2027-01-05T23:30:00.000Z', 'America/New_York')).toBe('2027-01-05');
    expect([...groupByDay(posts, 'Asia/Tokyo')].map(([d, p]) => [d, p.map((x) => x.id)])).toEqual([
      ['2027-01-05', ['a']],
      ['2027-01-06', ['b']],
    ]);
    expect([...groupByDay(posts, 'America/New_York')].map(([d, p]) => [d, p.map((x) => x.id)])).toEqual([
      ['2027-01-05', ['a', 'b']],
    ]);
  });
});

describe('moving a post to another day', () => {
  it('keeps its wall-clock time in the zone across a daylight-saving change', () => {
    // 09:00 in New York in winter (UTC-5) is 09:00 in summer (UTC-4).
    expect(moveToDay('2027-03-10T14:00:00.000Z', '2027-03-17', 'America/New_York')).toBe('2027-03-17T13:00:00.000Z');
    expect(moveToDay('2027-01-05T23:30:00.000Z', '2027-01-09', 'Asia/Tokyo')).toBe('2027-01-08T23:30:00.000Z');
  });

  it('moves a time that does not exist that day forward by the gap', () => {
    // 02:30 does not happen in New York on 14 March 2027: 03:30 EDT.
    expect(moveToDay('2027-03-10T07:30:00.000Z', '2027-03-14', 'America/New_York')).toBe('2027-03-14T07:30:00.000Z');
  });

  it('reads and writes datetime-local values on the zone’s wall clock', () => {
    expect(toLocalInput('2027-01-05T23:30:00.000Z', 'Asia/Tokyo')).toBe('2027-01-06T08:30');
    expect(fromLocalInput('2027-01-06T08:30', 'Asia/Tokyo')).toBe('2027-01-05T23:30:00.000Z');
    expect(fromLocalInput('not a date', 'UTC')).toBeNull();
  });
});

describe('posts too close to each other', () => {
  it('marks active posts of one platform closer than the gap, not other platforms or failed posts', () => {
    const close = tooClose(
      [
        { id: 'a', platform: 'LINKEDIN', status: 'SCHEDULED', scheduledAt: '2027-01-05T09:00:00.000Z' },
        { id: 'b', platform: 'LINKEDIN', status: 'PUBLISHED', scheduledAt: '2027-01-05T09:30:00.000Z' },
        { id: 'c', platform: 'TWITTER', status: 'SCHEDULED', scheduledAt: '2027-01-05T09:10:00.000Z' },
        { id: 'd', platform: 'LINKEDIN', status: 'SCHEDULED', scheduledAt: '2027-01-05T10:30:00.000Z' },
        { id: 'e', platform: 'TWITTER', status: 'FAILED', scheduledAt: '2027-01-05T09:20:00.000Z' },
      ],
      60,
    );
    expect([...close].sort()).toEqual(['a', 'b']);
    expect(tooClose([], 0).size).toBe(0);
  });
});

describe('the address', () => {
  it('round-trips the view, date and zone, and falls back on bad values', () => {
    const location = { view: 'week' as const, date: '2027-01-07', zone: 'Asia/Tokyo' };
    expect(parseLocation(formatLocation(location), 'UTC')).toEqual(location);
    const now = new Date('2027-01-05T23:30:00.000Z');
    expect(parseLocation('?view=year&date=2027-13-45&tz=Mars/Olympus', 'Asia/Tokyo', now)).toEqual({
      view: 'month',
      date: '2027-01-06',
      zone: 'Asia/Tokyo',
    });
  });
});

describe('conflicts in words', () => {
  const message =
    'Post 0b7d-1 is on LINKEDIN at 2027-01-05T23:30:00.000Z: posts of one platform need 60 minutes between them (or use auto)';

  it('names the other post and its time in the chosen zone', () => {
    expect(describeConflict(message, 'Asia/Tokyo', (id) => (id === '0b7d-1' ? 'Spring launch' : undefined))).toBe(
      'Too close to “Spring launch” on LINKEDIN at Wed 6 Jan, 08:30 (Asia/Tokyo): posts of one platform need 60 minutes between them.',
    );
    expect(
      describeConflict(
        message,
        'UTC',
        () => undefined,
        () => 'LinkedIn',
      ),
    ).toBe(
      'Too close to another LinkedIn post on LinkedIn at Tue 5 Jan, 23:30 (UTC): posts of one platform need 60 minutes between them.',
    );
  });

  it('passes other messages through', () => {
    expect(describeConflict('Post x is published: it can no longer be moved', 'UTC', () => 'y')).toBe(
      'Post x is published: it can no longer be moved',
    );
  });

  it('names a post by its title or first words', () => {
    expect(excerpt('Launch day', 'Body')).toBe('Launch day');
    expect(
      excerpt(null, 'Acme Rocket folds into a backpack, and it weighs less than your laptop does today.', 40),
    ).toBe('Acme Rocket folds into a backpack, and…');
  });
});

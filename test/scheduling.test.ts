import { DateTime } from 'luxon';
import { describe, expect, it } from 'vitest';
import { Platform } from '../src/entities';
import { sqlCounter } from '../src/infra/orm';
import { startTestApp, useTestApp } from './support/app';
import { createTestWorkspace } from './support/factories';
import { codeOf, gql } from './support/graphql';
import { approveVariants, seedCampaign } from './support/workflow';

/**
 * Scheduling through the API: only approved versions, the gap between posts of one platform, auto slots, series in
 * the audience's time zone across daylight-saving changes, moving and cancelling, the calendar, posting times, and
 * every operation refused to viewers and to other workspaces.
 *
 * The app runs on a clock of the test's own, a Monday early in January 2027, so dates and the daylight-saving changes
 * of March 2027 are fixed.
 */
const NOW = new Date('2027-01-04T06:00:00.000Z');
const t = useTestApp({ services: { clock: () => NOW } });

const POST = 'id status platform scheduledAt timeZone localTime held error variant { id status } version { id number }';
const SCHEDULE = `mutation($input: SchedulePostInput!) { schedulePost(input: $input) { ${POST} } }`;
const SERIES = `mutation($input: ScheduleSeriesInput!) {
  scheduleSeries(input: $input) { id rule timeZone localTime posts { ${POST} } }
}`;
const RESCHEDULE = `mutation($id: ID!, $at: DateTime!) { reschedulePost(id: $id, at: $at) { ${POST} } }`;
const CANCEL = `mutation($id: ID!) { cancelPost(id: $id) { ${POST} } }`;
const CALENDAR = `query($from: DateTime!, $to: DateTime!, $platforms: [Platform!]) {
  calendar(from: $from, to: $to, platforms: $platforms) { id platform scheduledAt status }
}`;
const TIMES = `query($platform: Platform!, $timeZone: String!, $count: Int, $after: DateTime) {
  postingTimes(platform: $platform, timeZone: $timeZone, count: $count, after: $after) { at localTime score reason source }
}`;

interface Post {
  id: string;
  status: string;
  platform: string;
  scheduledAt: string;
  timeZone: string;
  localTime: string;
  held: boolean;
  error: string | null;
  variant: { id: string; status: string };
  version: { id: string; number: number };
}

function schedule(input: Record<string, unknown>, key = t.ws.editor) {
  return gql<{ schedulePost: Post }>(t.graphqlUrl, SCHEDULE, { key, variables: { input } });
}

function series(input: Record<string, unknown>, key = t.ws.editor) {
  return gql<{ scheduleSeries: { id: string; rule: string; timeZone: string; localTime: string; posts: Post[] } }>(
    t.graphqlUrl,
    SERIES,
    { key, variables: { input } },
  );
}

function calendar(from: string, to: string, platforms?: string[], key = t.ws.viewer) {
  return gql<{ calendar: { id: string; platform: string; scheduledAt: string; status: string }[] }>(
    t.graphqlUrl,
    CALENDAR,
    { key, variables: { from, to, platforms } },
  );
}

/** A campaign whose variants are approved (`perPlatform` of each platform). */
async function approved(platforms: Platform[] = [Platform.LINKEDIN], perPlatform = 1) {
  const seeded = await seedCampaign(t.app, t.graphqlUrl, t.ws, { platforms, perPlatform });
  const versions = await approveVariants(
    t.graphqlUrl,
    t.ws,
    seeded.variants.map((v) => v.id),
  );
  return { ...seeded, versions };
}

const berlin = (iso: string) => DateTime.fromISO(iso, { zone: 'Europe/Berlin' }).toFormat('yyyy-MM-dd HH:mm ZZ');

describe('schedulePost', () => {
  it('schedules only an approved current version, at a time in a named zone', async () => {
    const { campaignId, variants } = await seedCampaign(t.app, t.graphqlUrl, t.ws);
    const v = variants[0]!;
    const early = await schedule({ variantId: v.id, at: '2027-01-12T09:30:00.000Z', timeZone: 'Europe/Berlin' });
    expect(codeOf(early)).toBe('CONFLICT');
    expect(early.errors?.[0]?.message).toContain('not reviewed');

    const versions = await approveVariants(t.graphqlUrl, t.ws, [v.id]);
    const res = await schedule({ variantId: v.id, at: '2027-01-12T09:30:00.000Z', timeZone: 'Europe/Berlin' });
    expect(res.errors).toBeUndefined();
    expect(res.data?.schedulePost).toMatchObject({
      status: 'SCHEDULED',
      platform: 'LINKEDIN',
      scheduledAt: '2027-01-12T09:30:00.000Z',
      timeZone: 'Europe/Berlin',
      localTime: '10:30',
      held: false,
      variant: { id: v.id, status: 'SCHEDULED' },
      version: { id: versions[v.id], number: 1 },
    });
    const posts = await gql<{ campaign: { contents: { variants: { posts: { id: string }[] }[] }[] } }>(
      t.graphqlUrl,
      'query($id: ID!) { campaign(id: $id) { contents { variants { posts { id } } } } }',
      { key: t.ws.viewer, variables: { id: campaignId } },
    );
    expect(posts.data?.campaign.contents[0]?.variants[0]?.posts).toEqual([{ id: res.data?.schedulePost.id }]);
  });

  it('refuses a change-requested version, a BLOCKed variant and a variant edited since its approval', async () => {
    const { variants } = await seedCampaign(t.app, t.graphqlUrl, t.ws, { perPlatform: 2 });
    const [a, b] = variants as [(typeof variants)[0], (typeof variants)[0]];
    await approveVariants(t.graphqlUrl, t.ws, [a.id]);
    const edited = await gql(
      t.graphqlUrl,
      'mutation($id: ID!, $input: EditVariantInput!) { editVariant(id: $id, input: $input) { id } }',
      {
        key: t.ws.editor,
        variables: { id: a.id, input: { baseVersionId: a.versionId, body: 'A new text, not yet approved.' } },
      },
    );
    expect(edited.errors).toBeUndefined();
    const res = await schedule({ variantId: a.id, at: '2027-01-12T09:30:00.000Z' });
    expect(codeOf(res)).toBe('CONFLICT');
    expect(res.errors?.[0]?.message).toContain('version 2');

    await gql(t.graphqlUrl, 'mutation($ids: [ID!]!) { requestReview(variantIds: $ids) { id } }', {
      key: t.ws.editor,
      variables: { ids: [b.id] },
    });
    await gql(t.graphqlUrl, 'mutation($input: ReviewInput!) { reviewContent(input: $input) { id } }', {
      key: t.ws.admin,
      variables: {
        input: { variantId: b.id, versionId: b.versionId, decision: 'REQUEST_CHANGES', comment: 'Shorter' },
      },
    });
    const changes = await schedule({ variantId: b.id, at: '2027-01-12T09:30:00.000Z' });
    expect(codeOf(changes)).toBe('CONFLICT');
    expect(changes.errors?.[0]?.message).toContain('changes requested');

    const blocked = await seedCampaign(t.app, t.graphqlUrl, t.ws, { blocked: 1 });
    const refused = await schedule({ variantId: blocked.variants[0]!.id, at: '2027-01-12T09:30:00.000Z' });
    expect(codeOf(refused)).toBe('CONFLICT');
    const none = await calendar('2027-01-01T00:00:00Z', '2027-02-01T00:00:00Z');
    expect(none.data?.calendar).toEqual([]);
  });

  it('refuses a second post of one platform within 60 minutes, naming the other post; other platforms are free', async () => {
    const { variants } = await approved([Platform.LINKEDIN, Platform.TWITTER], 2);
    const [li1, li2] = variants.filter((v) => v.platform === 'LINKEDIN');
    const [x1] = variants.filter((v) => v.platform === 'TWITTER');
    const first = await schedule({ variantId: li1!.id, at: '2027-01-12T10:00:00.000Z', timeZone: 'UTC' });
    const firstId = first.data?.schedulePost.id as string;
    expect(firstId).toBeTruthy();

    for (const at of ['2027-01-12T10:59:00.000Z', '2027-01-12T09:01:00.000Z', '2027-01-12T10:00:00.000Z']) {
      const close = await schedule({ variantId: li2!.id, at });
      expect(codeOf(close)).toBe('CONFLICT');
      expect(close.errors?.[0]?.message).toContain(firstId);
      expect(close.errors?.[0]?.message).toContain('60 minutes');
    }
    const sameTimeOtherPlatform = await schedule({ variantId: x1!.id, at: '2027-01-12T10:00:00.000Z' });
    expect(sameTimeOtherPlatform.errors).toBeUndefined();
    const anHourLater = await schedule({ variantId: li2!.id, at: '2027-01-12T11:00:00.000Z' });
    expect(anHourLater.errors).toBeUndefined();

    // The variant that lost the race is unchanged by the refusals: one post each.
    const day = await calendar('2027-01-12T00:00:00Z', '2027-01-13T00:00:00Z');
    expect(day.data?.calendar.map((p) => [p.platform, p.scheduledAt])).toEqual([
      ['LINKEDIN', '2027-01-12T10:00:00.000Z'],
      ['TWITTER', '2027-01-12T10:00:00.000Z'],
      ['LINKEDIN', '2027-01-12T11:00:00.000Z'],
    ]);
  });

  it('schedules on a single database connection: the platform lock is taken inside the transaction', async () => {
    // The embedded database runs one transaction at a time; a lock taken on a second connection would wait for ever
    // there, and on PostgreSQL would end with its own statement (no lock at all). One connection shows both.
    const single = await startTestApp(
      { COPYDESK_DB_POOL_MAX: '1', COPYDESK_DB_ACQUIRE_TIMEOUT_MS: '2000' },
      {
        clock: () => NOW,
      },
    );
    try {
      const { variants } = await approved([Platform.LINKEDIN], 2);
      const [first, second] = variants;
      const at = '2027-01-14T10:00:00.000Z';
      const post = (variantId: string) =>
        gql<{ schedulePost: Post }>(single.graphqlUrl, SCHEDULE, {
          key: t.ws.editor,
          variables: { input: { variantId, at, timeZone: 'UTC' } },
        });
      const won = await post(first!.id);
      expect(won.errors).toBeUndefined();
      expect(won.data?.schedulePost.status).toBe('SCHEDULED');
      expect(codeOf(await post(second!.id))).toBe('CONFLICT');
    } finally {
      await single.close();
    }
  });

  it('with auto: true takes the best free benchmark slot, and the next free one after it', async () => {
    const { variants } = await approved([Platform.LINKEDIN], 3);
    const times = await gql<{ postingTimes: { at: string; localTime: string; score: number; source: string }[] }>(
      t.graphqlUrl,
      TIMES,
      { key: t.ws.viewer, variables: { platform: 'LINKEDIN', timeZone: 'America/New_York', count: 2 } },
    );
    const [best] = times.data?.postingTimes ?? [];
    expect(best).toBeDefined();

    const a = await schedule({ variantId: variants[0]!.id, auto: true, timeZone: 'America/New_York' });
    expect(a.errors).toBeUndefined();
    expect(a.data?.schedulePost.scheduledAt).toBe(best?.at);
    expect(a.data?.schedulePost.timeZone).toBe('America/New_York');
    const b = await schedule({ variantId: variants[1]!.id, auto: true, timeZone: 'America/New_York' });
    expect(b.errors).toBeUndefined();
    const gap = Date.parse(b.data!.schedulePost.scheduledAt) - Date.parse(a.data!.schedulePost.scheduledAt);
    expect(Math.abs(gap)).toBeGreaterThanOrEqual(60 * 60_000);
    // Both fall inside LinkedIn's benchmark windows: a weekday, 09:00–13:00 in New York.
    for (const post of [a.data!.schedulePost, b.data!.schedulePost]) {
      const local = DateTime.fromISO(post.scheduledAt, { zone: 'America/New_York' });
      expect(local.weekday).toBeLessThanOrEqual(5);
      expect(local.hour).toBeGreaterThanOrEqual(9);
      expect(local.hour).toBeLessThan(13);
    }
    // The suggestions now skip the taken slots.
    const after = await gql<{ postingTimes: { at: string }[] }>(t.graphqlUrl, TIMES, {
      key: t.ws.viewer,
      variables: { platform: 'LINKEDIN', timeZone: 'America/New_York', count: 5 },
    });
    const taken = [a.data!.schedulePost.scheduledAt, b.data!.schedulePost.scheduledAt];
    expect(after.data?.postingTimes.map((s) => s.at).filter((at) => taken.includes(at))).toEqual([]);
  });

  it('refuses bad input with BAD_USER_INPUT and writes nothing', async () => {
    const { variants } = await approved();
    const id = variants[0]!.id;
    const cases: [Record<string, unknown>, string][] = [
      [{ variantId: id, at: '2027-01-03T09:00:00.000Z' }, 'input.at'],
      [{ variantId: id, at: '2030-01-03T09:00:00.000Z' }, 'input.at'],
      [{ variantId: id, at: '2027-01-12T09:00:00.000Z', auto: true }, 'input.at'],
      [{ variantId: id }, 'input.at'],
      [{ variantId: id, at: '2027-01-12T09:00:00.000Z', timeZone: 'Mars/Olympus' }, 'input.timeZone'],
      [{ variantId: id, at: '2027-01-12T09:00:00.000Z', timeZone: 'Europe/Berlin\u0000' }, 'input.timeZone'],
      [{ variantId: id, at: '2027-01-12T09:00:00.000Z', timeZone: 'x'.repeat(10_000) }, 'input.timeZone'],
    ];
    for (const [input, path] of cases) {
      const res = await schedule(input);
      expect(codeOf(res), JSON.stringify(input).slice(0, 100)).toBe('BAD_USER_INPUT');
      expect(JSON.stringify(res.errors?.[0]?.extensions)).toContain(path);
    }
    const notADate = await schedule({ variantId: id, at: 'next tuesday' });
    expect(codeOf(notADate)).toBe('BAD_USER_INPUT');
    const unknown = await schedule({ variantId: '00000000-0000-4000-8000-000000000000', at: '2027-01-12T09:00:00Z' });
    expect(codeOf(unknown)).toBe('NOT_FOUND');
    const all = await calendar('2027-01-04T00:00:00Z', '2028-01-04T00:00:00Z');
    expect(all.data?.calendar).toEqual([]);
  });
});

describe('scheduleSeries', () => {
  it('keeps a daily 09:00 in Berlin at 09:00 across the March change, rotating the variants', async () => {
    const { variants } = await approved([Platform.LINKEDIN], 2);
    const res = await series({
      variantIds: variants.map((v) => v.id),
      frequency: 'DAILY',
      startDate: '2027-03-25',
      localTime: '09:00',
      timeZone: 'Europe/Berlin',
      count: 6,
    });
    expect(res.errors).toBeUndefined();
    const s = res.data!.scheduleSeries;
    expect(s).toMatchObject({ timeZone: 'Europe/Berlin', localTime: '09:00' });
    expect(s.rule).toContain('DTSTART;TZID=Europe/Berlin:20270325T090000');
    expect(s.rule).toContain('RRULE:FREQ=DAILY');
    expect(s.rule).toContain('COUNT=6');
    expect(s.posts.map((p) => berlin(p.scheduledAt))).toEqual([
      '2027-03-25 09:00 +01:00',
      '2027-03-26 09:00 +01:00',
      '2027-03-27 09:00 +01:00',
      '2027-03-28 09:00 +02:00',
      '2027-03-29 09:00 +02:00',
      '2027-03-30 09:00 +02:00',
    ]);
    expect(s.posts.map((p) => p.scheduledAt.slice(11, 16))).toEqual([
      '08:00',
      '08:00',
      '08:00',
      '07:00',
      '07:00',
      '07:00',
    ]);
    expect(s.posts.map((p) => p.localTime)).toEqual(Array(6).fill('09:00'));
    expect(s.posts.map((p) => p.variant.id)).toEqual([0, 1, 0, 1, 0, 1].map((i) => variants[i]!.id));
    expect(s.posts.every((p) => p.status === 'SCHEDULED' && p.variant.status === 'SCHEDULED')).toBe(true);
  });

  it('keeps 09:00 in New York across both changes, ends on `until`, and skips weekends', async () => {
    const { variants } = await approved([Platform.TWITTER]);
    const spring = await series({
      variantIds: [variants[0]!.id],
      frequency: 'DAILY',
      startDate: '2027-03-12',
      timeZone: 'America/New_York',
      until: '2027-03-16',
      skipWeekends: true,
    });
    expect(spring.errors).toBeUndefined();
    // Fri 12, (Sat 13, Sun 14 skipped: clocks go forward on the 14th), Mon 15, Tue 16.
    expect(spring.data?.scheduleSeries.posts.map((p) => p.scheduledAt)).toEqual([
      '2027-03-12T14:00:00.000Z',
      '2027-03-15T13:00:00.000Z',
      '2027-03-16T13:00:00.000Z',
    ]);
    expect(spring.data?.scheduleSeries.localTime).toBe('09:00');
    expect(spring.data?.scheduleSeries.rule).toContain('BYDAY=MO,TU,WE,TH,FR');
    expect(spring.data?.scheduleSeries.rule).toContain('UNTIL=');

    const autumn = await series({
      variantIds: [variants[0]!.id],
      frequency: 'WEEKLY',
      startDate: '2027-10-31',
      timeZone: 'America/New_York',
      count: 2,
    });
    expect(autumn.data?.scheduleSeries.posts.map((p) => p.scheduledAt)).toEqual([
      '2027-10-31T13:00:00.000Z',
      '2027-11-07T14:00:00.000Z',
    ]);
  });

  it('refuses a series that collides with a post, or mixes campaigns, and writes none of it', async () => {
    const { variants } = await approved([Platform.LINKEDIN]);
    const other = await approved([Platform.LINKEDIN]);
    const single = await schedule({ variantId: variants[0]!.id, at: '2027-02-03T08:30:00.000Z' });
    const input = {
      variantIds: [variants[0]!.id],
      frequency: 'DAILY',
      startDate: '2027-02-01',
      timeZone: 'Europe/Berlin',
      count: 5,
    };
    const clash = await series(input);
    expect(codeOf(clash)).toBe('CONFLICT');
    expect(clash.errors?.[0]?.message).toContain(single.data?.schedulePost.id);
    const mixed = await series({
      ...input,
      startDate: '2027-03-01',
      variantIds: [variants[0]!.id, other.variants[0]!.id],
    });
    expect(codeOf(mixed)).toBe('BAD_USER_INPUT');
    const feb = await calendar('2027-02-01T00:00:00Z', '2027-04-01T00:00:00Z');
    expect(feb.data?.calendar.map((p) => p.id)).toEqual([single.data?.schedulePost.id]);

    for (const bad of [
      { ...input, startDate: '2027-02-30' },
      { ...input, startDate: '2026-12-01' },
      { ...input, count: 0 },
      { ...input, count: 10_000 },
      { ...input, count: null, until: null },
      { ...input, until: '2027-03-01' },
      { ...input, localTime: '25:00' },
      { ...input, interval: 0 },
      { ...input, timeZone: 'Nowhere/City' },
      { ...input, variantIds: [] },
    ]) {
      const res = await series(bad);
      expect(codeOf(res), JSON.stringify(bad)).toBe('BAD_USER_INPUT');
    }
  });
});

describe('reschedulePost and cancelPost', () => {
  it('moves a post (keeping the gap), cancels it, frees its slot and returns the variant to APPROVED', async () => {
    const { variants } = await approved([Platform.LINKEDIN], 2);
    const a = (await schedule({ variantId: variants[0]!.id, at: '2027-01-20T10:00:00.000Z' })).data!.schedulePost;
    const b = (await schedule({ variantId: variants[1]!.id, at: '2027-01-20T14:00:00.000Z' })).data!.schedulePost;

    const tooClose = await gql(t.graphqlUrl, RESCHEDULE, {
      key: t.ws.editor,
      variables: { id: a.id, at: '2027-01-20T13:30:00.000Z' },
    });
    expect(codeOf(tooClose)).toBe('CONFLICT');
    expect(tooClose.errors?.[0]?.message).toContain(b.id);
    const moved = await gql<{ reschedulePost: Post }>(t.graphqlUrl, RESCHEDULE, {
      key: t.ws.editor,
      variables: { id: a.id, at: '2027-01-21T10:00:00.000Z' },
    });
    expect(moved.data?.reschedulePost).toMatchObject({ scheduledAt: '2027-01-21T10:00:00.000Z', status: 'SCHEDULED' });
    const past = await gql(t.graphqlUrl, RESCHEDULE, {
      key: t.ws.editor,
      variables: { id: a.id, at: '2027-01-01T10:00:00Z' },
    });
    expect(codeOf(past)).toBe('BAD_USER_INPUT');

    const cancelled = await gql<{ cancelPost: Post }>(t.graphqlUrl, CANCEL, {
      key: t.ws.editor,
      variables: { id: b.id },
    });
    expect(cancelled.data?.cancelPost).toMatchObject({ status: 'CANCELLED', variant: { status: 'APPROVED' } });
    const again = await gql<{ cancelPost: Post }>(t.graphqlUrl, CANCEL, { key: t.ws.editor, variables: { id: b.id } });
    expect(again.data?.cancelPost.status).toBe('CANCELLED');
    const revive = await gql(t.graphqlUrl, RESCHEDULE, {
      key: t.ws.editor,
      variables: { id: b.id, at: '2027-01-25T10:00:00Z' },
    });
    expect(codeOf(revive)).toBe('CONFLICT');

    // The cancelled post leaves the calendar and its slot: a post at 13:30 fits now.
    const week = await calendar('2027-01-18T00:00:00Z', '2027-01-25T00:00:00Z');
    expect(week.data?.calendar.map((p) => p.id)).toEqual([a.id]);
    const fits = await gql(t.graphqlUrl, RESCHEDULE, {
      key: t.ws.editor,
      variables: { id: a.id, at: '2027-01-20T13:30:00Z' },
    });
    expect(fits.errors).toBeUndefined();
    const published = await gql(
      t.graphqlUrl,
      'mutation($id: ID!) { markPublished(id: $id, externalUrl: "https://example.com/p/1") { id } }',
      { key: t.ws.editor, variables: { id: a.id } },
    );
    // Still waiting for its time: only a due post can be marked published.
    expect(codeOf(published)).toBe('CONFLICT');
  });
});

describe('calendar', () => {
  it('lists the posts in [from, to), earliest first, filtered by platform; bad ranges are BAD_USER_INPUT', async () => {
    const { variants } = await approved([Platform.LINKEDIN, Platform.TWITTER, Platform.EMAIL]);
    const at = ['2027-02-01T09:00:00.000Z', '2027-02-02T09:00:00.000Z', '2027-02-03T09:00:00.000Z'];
    for (const [index, v] of variants.entries()) {
      const res = await schedule({ variantId: v.id, at: at[index] });
      expect(res.errors).toBeUndefined();
    }
    const all = await calendar('2027-02-01T09:00:00Z', '2027-02-03T09:00:00Z');
    expect(all.data?.calendar.map((p) => p.platform)).toEqual(['LINKEDIN', 'TWITTER']);
    const some = await calendar('2027-01-01T00:00:00Z', '2027-03-01T00:00:00Z', ['EMAIL', 'LINKEDIN']);
    expect(some.data?.calendar.map((p) => p.platform)).toEqual(['LINKEDIN', 'EMAIL']);

    expect(codeOf(await calendar('2027-03-01T00:00:00Z', '2027-02-01T00:00:00Z'))).toBe('BAD_USER_INPUT');
    expect(codeOf(await calendar('2027-01-01T00:00:00Z', '2028-06-01T00:00:00Z'))).toBe('BAD_USER_INPUT');
    expect(codeOf(await calendar('2027-01-01T00:00:00Z', '2027-02-01T00:00:00Z', ['MYSPACE']))).toBe('BAD_USER_INPUT');

    const stranger = await createTestWorkspace(t.app);
    const theirs = await calendar('2027-01-01T00:00:00Z', '2027-03-01T00:00:00Z', undefined, stranger.viewer);
    expect(theirs.data?.calendar).toEqual([]);
  });
});

describe('calendar with content', () => {
  const WITH_CONTENT = `query($from: DateTime!, $to: DateTime!) {
    calendar(from: $from, to: $to) { id platform localTime variant { id platform body } version { id number body createdAt moderation { verdict } } series { id } }
  }`;
  interface Row {
    id: string;
    platform: string;
    localTime: string;
    variant: { id: string; platform: string; body: string };
    version: { id: string; number: number; body: string; createdAt: string; moderation: { verdict: string } | null };
    series: { id: string } | null;
  }

  async function measured(from: string, to: string) {
    const before = sqlCounter.statements;
    const res = await gql<{ calendar: Row[] }>(t.graphqlUrl, WITH_CONTENT, {
      key: t.ws.viewer,
      variables: { from, to },
    });
    expect(res.errors).toBeUndefined();
    return { rows: res.data!.calendar, statements: sqlCounter.statements - before };
  }

  it('serves each post’s variant, exact version and series in the same few statements for 3 posts or 7', async () => {
    const { variants, versions } = await approved([Platform.LINKEDIN, Platform.TWITTER], 3);
    const days = variants.map((_, i) => `2027-05-${String(10 + i).padStart(2, '0')}`);
    for (const [i, v] of variants.entries()) {
      const res = await schedule({ variantId: v.id, at: `${days[i]}T07:30:00.000Z`, timeZone: 'Europe/Berlin' });
      expect(res.errors).toBeUndefined();
    }
    const made = await series({
      variantIds: [variants[0]!.id],
      frequency: 'DAILY',
      startDate: '2027-05-11',
      localTime: '18:15',
      timeZone: 'America/New_York',
      count: 1,
    });
    expect(made.errors).toBeUndefined();

    await measured('2027-05-10T00:00:00Z', '2027-05-11T00:00:00Z'); // the key's first use writes lastUsedAt
    const few = await measured('2027-05-10T00:00:00Z', '2027-05-12T00:00:00Z');
    const all = await measured('2027-05-10T00:00:00Z', '2027-05-22T00:00:00Z');
    expect(few.rows).toHaveLength(3);
    expect(all.rows).toHaveLength(7);
    expect(all.statements).toBe(few.statements);
    expect(all.statements).toBeLessThanOrEqual(5);

    const inSeries = all.rows.filter((row) => row.series);
    expect(inSeries).toHaveLength(1);
    const last = inSeries[0]!;
    expect(last.series?.id).toBe(made.data!.scheduleSeries.id);
    expect(last.localTime).toBe('18:15');
    expect(last.variant.id).toBe(variants[0]!.id);

    for (const [i, row] of all.rows.filter((row) => !row.series).entries()) {
      expect(row.variant.id).toBe(variants[i]!.id);
      expect(row.variant.platform).toBe(row.platform);
      expect(row.version.id).toBe(versions[variants[i]!.id]);
      expect(row.version.body).toBe(row.variant.body);
      expect(row.version.moderation?.verdict).toBe('PASS');
      expect(Date.parse(row.version.createdAt)).toBeLessThanOrEqual(Date.now());
      expect(row.localTime).toBe('09:30');
    }
  });
});

describe('postingTimes', () => {
  it('suggests free benchmark slots in the audience’s zone, saying where they come from', async () => {
    const res = await gql<{
      postingTimes: { at: string; localTime: string; score: number; reason: string; source: string }[];
    }>(t.graphqlUrl, TIMES, { key: t.ws.viewer, variables: { platform: 'EMAIL', timeZone: 'Asia/Tokyo', count: 4 } });
    expect(res.errors).toBeUndefined();
    const slots = res.data!.postingTimes;
    expect(slots).toHaveLength(4);
    for (const slot of slots) {
      expect(Date.parse(slot.at)).toBeGreaterThan(NOW.getTime());
      expect(DateTime.fromISO(slot.at, { zone: 'Asia/Tokyo' }).toFormat('HH:mm')).toBe(slot.localTime);
      expect(slot.source).toMatch(/^benchmark: Mailchimp/);
      expect(slot.score).toBeGreaterThan(0);
      expect(slot.score).toBeLessThanOrEqual(1);
      expect(slot.reason.length).toBeGreaterThan(0);
    }
    for (const [variables, path] of [
      [{ platform: 'EMAIL', timeZone: 'Asia/Tokio' }, 'timeZone'],
      [{ platform: 'EMAIL', timeZone: 'UTC', count: 0 }, 'count'],
      [{ platform: 'EMAIL', timeZone: 'UTC', count: 21 }, 'count'],
    ] as const) {
      const bad = await gql(t.graphqlUrl, TIMES, { key: t.ws.viewer, variables });
      expect(codeOf(bad)).toBe('BAD_USER_INPUT');
      expect(JSON.stringify(bad.errors?.[0]?.extensions)).toContain(path);
    }
  });
});

describe('access', () => {
  it('refuses every scheduling mutation to a VIEWER, and another workspace’s ids are NOT_FOUND', async () => {
    const { variants } = await approved([Platform.LINKEDIN], 2);
    const post = (await schedule({ variantId: variants[0]!.id, at: '2027-01-14T10:00:00.000Z' })).data!.schedulePost;
    const seriesInput = {
      variantIds: [variants[1]!.id],
      frequency: 'WEEKLY',
      startDate: '2027-02-01',
      timeZone: 'UTC',
      count: 2,
    };
    const operations: [string, Record<string, unknown>][] = [
      [SCHEDULE, { input: { variantId: variants[1]!.id, at: '2027-01-15T10:00:00.000Z' } }],
      [SERIES, { input: seriesInput }],
      [RESCHEDULE, { id: post.id, at: '2027-01-16T10:00:00.000Z' }],
      [CANCEL, { id: post.id }],
      ['mutation($id: ID!) { markPublished(id: $id) { id } }', { id: post.id }],
    ];
    for (const [query, variables] of operations) {
      const res = await gql(t.graphqlUrl, query, { key: t.ws.viewer, variables });
      expect(codeOf(res), query.slice(0, 40)).toBe('FORBIDDEN');
    }
    const stranger = await createTestWorkspace(t.app);
    for (const [query, variables] of operations) {
      const res = await gql(t.graphqlUrl, query, { key: stranger.admin, variables });
      expect(codeOf(res), query.slice(0, 40)).toBe('NOT_FOUND');
    }
    // Nothing moved: the post is where it was, no series was made.
    const after = await calendar('2027-01-01T00:00:00Z', '2027-03-01T00:00:00Z');
    expect(after.data?.calendar).toEqual([
      { id: post.id, platform: 'LINKEDIN', scheduledAt: '2027-01-14T10:00:00.000Z', status: 'SCHEDULED' },
    ]);
  });
});

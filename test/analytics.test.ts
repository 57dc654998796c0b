import { afterEach, describe, expect, it } from 'vitest';
import {
  Campaign,
  ContentVariant,
  ContentVersion,
  GenerationJob,
  LlmCall,
  Platform,
  PostStatus,
  ScheduledPost,
} from '../src/entities';
import {
  chiSquareIndependence,
  holm,
  requiredSampleSizePerArm,
  twoProportionZTest,
} from '../src/services/analytics/statistics';
import { useTestApp } from './support/app';
import { createTestWorkspace, type TestWorkspace } from './support/factories';
import { codeOf, gql } from './support/graphql';
import { WebhookReceiver } from './support/webhook-receiver';
import { approveVariants, seedCampaign } from './support/workflow';

/**
 * Analytics and experiments through the API: engagement ingestion (rows, CSV, the REST route), campaign analytics
 * with cost and ROI, and A/B tests decided once at their horizon by the `experiment-decider` subscriber.
 *
 * The app runs on a clock of the test's own (15 March 2027, noon UTC), so "not in the future" is fixed.
 */
const NOW = new Date('2027-03-15T12:00:00.000Z');
const t = useTestApp({
  env: {
    COPYDESK_WORKER: 'on',
    COPYDESK_OUTBOX_POLL_MS: '50',
    COPYDESK_WEBHOOK_ALLOW_PRIVATE: 'on',
    COPYDESK_WEBHOOK_POLL_MS: '20',
  },
  scratchDatabase: true,
  services: { clock: () => NOW },
});

const receivers: WebhookReceiver[] = [];
afterEach(async () => {
  await Promise.all(receivers.splice(0).map((r) => r.close()));
});

const RESULT = 'accepted replaced rejected { row message }';
interface Result {
  accepted: number;
  replaced: number;
  rejected: { row: number; message: string }[];
}

function record(rows: Record<string, unknown>[], key = t.ws.editor) {
  return gql<{ recordEngagement: Result }>(
    t.graphqlUrl,
    `mutation($input: [EngagementInput!]!) { recordEngagement(input: $input) { ${RESULT} } }`,
    { key, variables: { input: rows } },
  );
}

function importCsv(csv: string, key = t.ws.editor) {
  return gql<{ importEngagementCsv: Result }>(
    t.graphqlUrl,
    `mutation($csv: String!) { importEngagementCsv(csv: $csv) { ${RESULT} } }`,
    { key, variables: { csv } },
  );
}

const ANALYTICS = `query($id: ID!, $from: DateTime, $to: DateTime) { campaignAnalytics(id: $id, from: $from, to: $to) {
  impressions clicks conversions revenueUsd generationCostUsd roi engagementRate
  byPlatform { platform impressions clicks engagementRate }
  byVariant { variant { id platform } impressions clicks conversions engagementRate } } }`;
interface Analytics {
  impressions: number;
  clicks: number;
  conversions: number;
  revenueUsd: number;
  generationCostUsd: number;
  roi: number | null;
  engagementRate: number;
  byPlatform: { platform: string; impressions: number; clicks: number; engagementRate: number }[];
  byVariant: { variant: { id: string; platform: string }; impressions: number; clicks: number; conversions: number }[];
}

async function analytics(id: string, range: { from?: string; to?: string } = {}, key = t.ws.viewer) {
  return gql<{ campaignAnalytics: Analytics }>(t.graphqlUrl, ANALYTICS, { key, variables: { id, ...range } });
}

const EXPERIMENT = `id status test pValue requiredImpressionsPerArm baselineRate baselineSource note decidedAt
  arms { variant { id } isControl impressions successes rate ciLow ciHigh relativeUplift pValueVsControl }
  winner { variant { id } relativeUplift } campaign { id }`;
interface Arm {
  variant: { id: string };
  isControl: boolean;
  impressions: number;
  successes: number;
  rate: number;
  ciLow: number;
  ciHigh: number;
  relativeUplift: number | null;
  pValueVsControl: number | null;
}
interface Experiment {
  id: string;
  status: string;
  test: string;
  pValue: number | null;
  requiredImpressionsPerArm: number;
  baselineRate: number;
  baselineSource: string;
  note: string | null;
  decidedAt: string | null;
  arms: Arm[];
  winner: { variant: { id: string }; relativeUplift: number | null } | null;
  campaign: { id: string };
}

function createExperiment(input: Record<string, unknown>, key = t.ws.editor) {
  return gql<{ createExperiment: Experiment }>(
    t.graphqlUrl,
    `mutation($input: CreateExperimentInput!) { createExperiment(input: $input) { ${EXPERIMENT} } }`,
    { key, variables: { input } },
  );
}

async function experiment(id: string, key = t.ws.viewer): Promise<Experiment | null> {
  const res = await gql<{ experiment: Experiment | null }>(
    t.graphqlUrl,
    `query($id: ID!) { experiment(id: $id) { ${EXPERIMENT} } }`,
    { key, variables: { id } },
  );
  expect(res.errors).toBeUndefined();
  return res.data!.experiment;
}

/** One day's row per arm: `impressions` and `successes` of the metric (clicks). */
const day = (variantId: string, date: string, impressions: number, clicks: number) => ({
  variantId,
  date,
  impressions,
  clicks,
});

describe('recordEngagement', () => {
  it('stores a day per variant and replaces a resent day instead of adding it', async () => {
    const { campaignId, variants } = await seedCampaign(t.app, t.graphqlUrl, t.ws, {
      platforms: [Platform.LINKEDIN, Platform.TWITTER],
    });
    const [a, b] = variants as unknown as [{ id: string }, { id: string }];
    const first = await record([
      { ...day(a.id, '2027-03-10', 1000, 30), reactions: 10, comments: 5, shares: 5, conversions: 3, revenueUsd: 90 },
      { ...day(b.id, '2027-03-10', 500, 5), revenueUsd: 10 },
    ]);
    expect(first.errors).toBeUndefined();
    expect(first.data?.recordEngagement).toEqual({ accepted: 2, replaced: 0, rejected: [] });

    const again = await record([{ ...day(a.id, '2027-03-10', 1200, 36), conversions: 4, revenueUsd: 120 }]);
    expect(again.data?.recordEngagement).toEqual({ accepted: 1, replaced: 1, rejected: [] });

    const res = await analytics(campaignId);
    expect(res.errors).toBeUndefined();
    const totals = res.data!.campaignAnalytics;
    expect(totals).toMatchObject({ impressions: 1700, clicks: 41, conversions: 4, revenueUsd: 130 });
    // The resent day replaced its reactions too (none given: 0).
    expect(totals.engagementRate).toBeCloseTo(41 / 1700, 12);
    expect(totals.byPlatform.map((p) => [p.platform, p.impressions])).toEqual([
      ['LINKEDIN', 1200],
      ['TWITTER', 500],
    ]);
    expect(totals.byVariant.map((v) => [v.variant.id, v.variant.platform, v.impressions])).toEqual([
      [a.id, 'LINKEDIN', 1200],
      [b.id, 'TWITTER', 500],
    ]);
  });

  it('rejects each bad row with its number and reason, and keeps the good ones', async () => {
    const { campaignId, variants } = await seedCampaign(t.app, t.graphqlUrl, t.ws);
    const v = variants[0]!.id;
    const stranger = await createTestWorkspace(t.app);
    const theirs = (await seedCampaign(t.app, t.graphqlUrl, stranger)).variants[0]!.id;
    const res = await record([
      day(v, '2027-03-01', 100, 10),
      day(v, '2027-03-02', 100, 101),
      day(v, '2027-03-17', 100, 1),
      day(v, '2027-02-30', 100, 1),
      { ...day(v, '2027-03-03', 100, 1), shares: -1 },
      day('00000000-0000-7000-8000-000000000000', '2027-03-04', 100, 1),
      day(theirs, '2027-03-05', 100, 1),
      { ...day(v, '2027-03-07', 100, 1), conversions: 500 },
      day(v, '2027-03-15', 100, 1),
    ]);
    expect(res.errors).toBeUndefined();
    const result = res.data!.recordEngagement;
    expect(result.accepted).toBe(2);
    expect(result.rejected.map((r) => r.row)).toEqual([2, 3, 4, 5, 6, 7, 8]);
    const messages = Object.fromEntries(result.rejected.map((r) => [r.row, r.message]));
    expect(messages[2]).toMatch(/clicks \(101\) exceed impressions \(100\)/);
    expect(messages[3]).toMatch(/in the future/);
    expect(messages[4]).toMatch(/calendar date/);
    expect(messages[5]).toMatch(/shares must be a whole number/);
    expect(messages[6]).toMatch(/not found/);
    expect(messages[7]).toMatch(/not found/);
    expect(messages[8]).toMatch(/conversions \(500\) exceed impressions/);
    // A NUL character anywhere refuses the whole request, as everywhere in the API.
    expect(codeOf(await record([day(`${v}\u0000`, '2027-03-06', 100, 1)]))).toBe('BAD_USER_INPUT');
    expect((await analytics(campaignId)).data?.campaignAnalytics.impressions).toBe(200);
    // Nothing reached the other workspace's variant.
    const mine = await analytics((await seedCampaign(t.app, t.graphqlUrl, stranger)).campaignId, {}, stranger.viewer);
    expect(mine.data?.campaignAnalytics.impressions).toBe(0);
  });

  it('is refused to a VIEWER, and to nobody else’s campaign', async () => {
    const { campaignId, variants } = await seedCampaign(t.app, t.graphqlUrl, t.ws);
    expect(codeOf(await record([day(variants[0]!.id, '2027-03-01', 1, 0)], t.ws.viewer))).toBe('FORBIDDEN');
    expect(codeOf(await importCsv('variantId,date,impressions\n', t.ws.viewer))).toBe('FORBIDDEN');
    const stranger = await createTestWorkspace(t.app);
    expect(codeOf(await analytics(campaignId, {}, stranger.viewer))).toBe('NOT_FOUND');
    expect(codeOf(await analytics('not-an-id'))).toBe('NOT_FOUND');
    expect(codeOf(await analytics(campaignId, { from: '2027-03-10T00:00:00Z', to: '2027-03-01T00:00:00Z' }))).toBe(
      'BAD_USER_INPUT',
    );
  });
});

describe('importEngagementCsv and POST /ingest/engagement', () => {
  it('reads RFC 4180 CSV with a header, reports bad rows by line and keeps the good ones', async () => {
    const { campaignId, variants } = await seedCampaign(t.app, t.graphqlUrl, t.ws, { perPlatform: 2 });
    const [a, b] = variants.map((v) => v.id) as [string, string];
    const csv = [
      'variantId,date,impressions,clicks,conversions,revenueUsd',
      `${a},2027-03-01,1000,20,2,40.5`,
      `${a},2027-03-02,1000,x,0,0`,
      '',
      `${b},2027-03-01,500,5,1,"10"`,
      `${b},2027-03-02,500`,
      `${b},2027-04-01,500,5,0,0`,
    ].join('\r\n');
    const res = await importCsv(csv);
    expect(res.errors).toBeUndefined();
    expect(res.data?.importEngagementCsv.accepted).toBe(2);
    expect(res.data?.importEngagementCsv.rejected).toEqual([
      { row: 3, message: expect.stringMatching(/clicks must be a whole number/) },
      { row: 6, message: 'has 3 cells, the header 6' },
      { row: 7, message: expect.stringMatching(/in the future/) },
    ]);
    const totals = (await analytics(campaignId)).data!.campaignAnalytics;
    expect(totals).toMatchObject({ impressions: 1500, clicks: 25, conversions: 3, revenueUsd: 50.5 });

    for (const bad of ['', 'date,impressions\n2027-03-01,5', `variantId,date,impressions,likes\n${a},2027-03-01,1,1`]) {
      const refused = await importCsv(bad);
      expect(codeOf(refused), bad).toBe('BAD_USER_INPUT');
    }
    expect(codeOf(await importCsv('variantId,date\n"unterminated,2027-03-01'))).toBe('BAD_USER_INPUT');
  });

  it('takes JSON rows or CSV over HTTP with the API key, EDITOR or more', async () => {
    const { campaignId, variants } = await seedCampaign(t.app, t.graphqlUrl, t.ws);
    const v = variants[0]!.id;
    const post = (body: string, type: string, key?: string) =>
      fetch(`${t.url}/ingest/engagement`, {
        method: 'POST',
        headers: { 'content-type': type, ...(key ? { authorization: `Bearer ${key}` } : {}) },
        body,
      });
    const json = await post(JSON.stringify([day(v, '2027-03-01', 100, 4)]), 'application/json', t.ws.editor);
    expect(json.status).toBe(200);
    expect(await json.json()).toEqual({ accepted: 1, replaced: 0, rejected: [] });
    const wrapped = await post(
      JSON.stringify({ rows: [day(v, '2027-03-01', 200, 8)] }),
      'application/json',
      t.ws.admin,
    );
    expect(await wrapped.json()).toEqual({ accepted: 1, replaced: 1, rejected: [] });
    const csv = await post(`variantId,date,impressions,clicks\n${v},2027-03-02,300,3\n`, 'text/csv', t.ws.editor);
    expect(await csv.json()).toEqual({ accepted: 1, replaced: 0, rejected: [] });
    expect((await analytics(campaignId)).data?.campaignAnalytics.impressions).toBe(500);

    const anonymous = await post('[]', 'application/json');
    expect(anonymous.status).toBe(401);
    const viewer = await post('[]', 'application/json', t.ws.viewer);
    expect(viewer.status).toBe(403);
    expect(((await viewer.json()) as { errors: { extensions: { code: string } }[] }).errors[0]?.extensions.code).toBe(
      'FORBIDDEN',
    );
    for (const [body, type] of [
      ['{"rows": 5}', 'application/json'],
      ['{not json', 'application/json'],
      ['"a string"', 'application/json'],
    ]) {
      const bad = await post(body as string, type as string, t.ws.editor);
      expect(bad.status, body).toBe(400);
      expect(await bad.text()).not.toMatch(/\bat .*\.ts:\d+/);
    }
  });
});

describe('campaignAnalytics', () => {
  it('counts days in [from, to), and ROI from the generation cost (null when it cost nothing)', async () => {
    const { campaignId, variants } = await seedCampaign(t.app, t.graphqlUrl, t.ws);
    const v = variants[0]!.id;
    await record([
      { ...day(v, '2027-03-01', 100, 10), revenueUsd: 5 },
      { ...day(v, '2027-03-02', 200, 20), revenueUsd: 7 },
      { ...day(v, '2027-03-03', 400, 40), revenueUsd: 11 },
    ]);
    const none = (await analytics(campaignId)).data!.campaignAnalytics;
    expect(none.generationCostUsd).toBe(0);
    expect(none.roi).toBeNull();
    const window = (await analytics(campaignId, { from: '2027-03-02T00:00:00Z', to: '2027-03-03T00:00:00Z' })).data!
      .campaignAnalytics;
    expect(window).toMatchObject({ impressions: 200, clicks: 20, revenueUsd: 7 });

    // Two model calls of one of the campaign's jobs: $4 in all.
    const em = t.app.orm.em.fork();
    const job = em.create(GenerationJob, {
      workspace: t.ws.workspace.id,
      campaign: em.getReference(Campaign, campaignId),
      platforms: [Platform.LINKEDIN],
      provider: 'offline',
    } as never) as GenerationJob;
    for (const costUsd of [1.5, 2.5]) {
      em.create(LlmCall, {
        workspace: t.ws.workspace.id,
        apiKeyId: null,
        jobId: job.id,
        operation: 'variants',
        model: 'test',
        promptTokens: 10,
        completionTokens: 10,
        cachedTokens: 0,
        costUsd,
        latencyMs: 1,
        cacheHit: false,
        at: NOW,
      } as never);
    }
    await em.flush();
    const paid = (await analytics(campaignId)).data!.campaignAnalytics;
    expect(paid.generationCostUsd).toBeCloseTo(4, 10);
    expect(paid.revenueUsd).toBe(23);
    expect(paid.roi).toBeCloseTo((23 - 4) / 4, 10);
  });
});

describe('postingTimes from the workspace’s own data', () => {
  const TIMES = `query($platform: Platform!, $timeZone: String!, $count: Int) {
    postingTimes(platform: $platform, timeZone: $timeZone, count: $count) { at localTime score reason source posts } }`;
  const times = async (timeZone: string, count = 3) =>
    (
      await gql<{
        postingTimes: {
          at: string;
          localTime: string;
          score: number;
          reason: string;
          source: string;
          posts: number | null;
        }[];
      }>(t.graphqlUrl, TIMES, { key: t.ws.viewer, variables: { platform: 'LINKEDIN', timeZone, count } })
    ).data!.postingTimes;

  /** Published posts written directly (as the publisher leaves them), one per variant, at these instants. */
  async function published(variants: { id: string; versionId: string }[], campaignId: string, at: string[]) {
    const em = t.app.orm.em.fork();
    variants.forEach((variant, i) => {
      em.create(ScheduledPost, {
        workspace: t.ws.workspace.id,
        campaign: em.getReference(Campaign, campaignId),
        variant: em.getReference(ContentVariant, variant.id),
        version: em.getReference(ContentVersion, variant.versionId),
        platform: Platform.LINKEDIN,
        scheduledAt: new Date(at[i]!),
        publishedAt: new Date(at[i]!),
        timeZone: 'Europe/Berlin',
        status: PostStatus.PUBLISHED,
        createdBy: t.ws.workspace.id,
      } as never);
    });
    await em.flush();
  }

  it('ranks the hours of its published posts by engagement, in the audience’s zone, with the posts behind each', async () => {
    const { campaignId, variants } = await seedCampaign(t.app, t.graphqlUrl, t.ws, { perPlatform: 4 });
    // 09:00 UTC on those days is 10:00 in Berlin (CET) and 04:00 in New York (EST): the hour on the wall clock
    // when the post went out, suggested at that local hour again after New York's change to EDT.
    await published(variants.slice(0, 2), campaignId, ['2027-03-01T09:00:00Z', '2027-03-02T09:00:00Z']);
    expect((await times('Europe/Berlin'))[0]?.source).toMatch(/^benchmark: /); // two posts: not enough yet
    await published(variants.slice(2), campaignId, ['2027-03-03T14:00:00Z', '2027-03-04T17:00:00Z']);
    await record([
      day(variants[0]!.id, '2027-03-01', 1000, 50),
      day(variants[1]!.id, '2027-03-02', 1000, 50),
      day(variants[2]!.id, '2027-03-03', 1000, 20),
      day(variants[3]!.id, '2027-03-04', 1000, 10),
    ]);

    const berlin = await times('Europe/Berlin');
    expect(berlin).toHaveLength(3);
    for (const slot of berlin) {
      expect(slot).toMatchObject({ localTime: '10:00', score: 1, posts: 2 });
      expect(slot.source).toBe('workspace: 2 published posts at 10:00 with engagement');
      expect(slot.reason).toMatch(/5\.00 % engagement rate over 2 published posts/);
      expect(Date.parse(slot.at)).toBeGreaterThan(NOW.getTime());
    }
    expect((await times('America/New_York', 1))[0]).toMatchObject({ localTime: '04:00', posts: 2 });

    // Twenty suggestions: four weeks hold twenty-eight of the best hour, so all are at it.
    const many = await times('Europe/Berlin', 20);
    expect(new Set(many.map((slot) => slot.localTime))).toEqual(new Set(['10:00']));
    expect(many).toHaveLength(20);
  });
});

describe('experiments', () => {
  async function arms(count: number, platform = Platform.LINKEDIN, ws: TestWorkspace = t.ws) {
    const seeded = await seedCampaign(t.app, t.graphqlUrl, ws, { platforms: [platform], perPlatform: count });
    return { campaignId: seeded.campaignId, ids: seeded.variants.map((v) => v.id) };
  }

  it('computes the horizon up front, shows figures as not decisive until every arm reaches it, then decides once', async () => {
    const receiver = new WebhookReceiver();
    receivers.push(receiver);
    const made = await gql<{ createWebhookEndpoint: { secret: string } }>(
      t.graphqlUrl,
      'mutation($url: String!) { createWebhookEndpoint(input: { url: $url, events: ["experiment.decided"] }) { secret } }',
      { key: t.ws.admin, variables: { url: await receiver.start() } },
    );
    receiver.secrets = [made.data!.createWebhookEndpoint.secret];

    const { campaignId, ids } = await arms(2);
    const [control, treatment] = ids as [string, string];
    const created = await createExperiment({
      campaignId,
      platform: 'LINKEDIN',
      variantIds: ids,
      metric: 'CLICK_RATE',
      minimumDetectableEffect: 0.25,
    });
    expect(created.errors).toBeUndefined();
    const exp = created.data!.createExperiment;
    // No data of the control yet: the documented 2 % default, 2 % → 2.5 % at alpha 0.05 and power 0.8.
    expect(exp.baselineRate).toBe(0.02);
    expect(exp.baselineSource).toMatch(/default/);
    expect(exp.requiredImpressionsPerArm).toBe(requiredSampleSizePerArm(0.02, 0.25, 0.05, 0.8));
    expect(exp.requiredImpressionsPerArm).toBeGreaterThan(13_700);
    expect(exp.requiredImpressionsPerArm).toBeLessThan(13_900);
    expect(exp.test).toMatch(/z-test/);
    const n = exp.requiredImpressionsPerArm;

    // Half-way, with a large difference already: shown, not decided.
    await record([day(control, '2027-03-01', n / 2, 100), day(treatment, '2027-03-01', n / 2, 250)].map(roundRow));
    await expect
      .poll(async () => (await experiment(exp.id))?.arms[1]?.impressions, { timeout: 10_000 })
      .toBe(Math.round(n / 2));
    const halfway = (await experiment(exp.id))!;
    expect(halfway.status).toBe('COLLECTING');
    expect(halfway.note).toMatch(/not decisive/);
    expect(halfway.pValue).toBeNull();
    expect(halfway.arms[1]?.pValueVsControl).toBeLessThan(0.05);

    // The horizon: 280 of n vs 380 of n.
    await record([
      day(control, '2027-03-02', n - Math.round(n / 2), 180),
      day(treatment, '2027-03-02', n - Math.round(n / 2), 130),
    ]);
    await expect.poll(async () => (await experiment(exp.id))?.status, { timeout: 10_000 }).toBe('DECIDED');
    const decided = (await experiment(exp.id))!;
    const z = twoProportionZTest(280, n, 380, n);
    expect(decided.pValue).toBeCloseTo(z.pValue, 12);
    expect(decided.winner?.variant.id).toBe(treatment);
    expect(decided.winner?.relativeUplift).toBeCloseTo(380 / 280 - 1, 10);
    expect(decided.arms.map((a) => [a.impressions, a.successes])).toEqual([
      [n, 280],
      [n, 380],
    ]);
    expect(decided.arms[1]!.ciLow).toBeLessThan(380 / n);
    expect(decided.arms[1]!.ciHigh).toBeGreaterThan(380 / n);
    await expect
      .poll(() => receiver.received.map((r) => JSON.parse(r.body).type), { timeout: 10_000 })
      .toEqual(['experiment.decided']);
    expect(JSON.parse(receiver.received[0]!.body).data).toMatchObject({
      experimentId: exp.id,
      status: 'DECIDED',
      winnerVariantId: treatment,
    });

    // More data that would reverse it does not: the decision was made at the horizon. A witness experiment on the
    // same campaign decided by the same rows shows that the subscriber has seen them.
    const witness = await arms(2);
    const w = (
      await createExperiment({
        campaignId: witness.campaignId,
        platform: 'LINKEDIN',
        variantIds: witness.ids,
        metric: 'CLICK_RATE',
        minimumDetectableEffect: 1,
      })
    ).data!.createExperiment;
    const wn = w.requiredImpressionsPerArm;
    await record([
      day(control, '2027-03-03', 100_000, 5_000),
      day(treatment, '2027-03-03', 100_000, 100),
      day(witness.ids[0]!, '2027-03-03', wn, Math.round(wn * 0.02)),
      day(witness.ids[1]!, '2027-03-03', wn, Math.round(wn * 0.02)),
    ]);
    await expect.poll(async () => (await experiment(w.id))?.status, { timeout: 10_000 }).toBe('INCONCLUSIVE');
    const after = (await experiment(exp.id))!;
    expect(after.status).toBe('DECIDED');
    expect(after.winner?.variant.id).toBe(treatment);
    expect(after.arms.map((a) => a.impressions)).toEqual([n, n]);
    expect(after.decidedAt).toBe(decided.decidedAt);
  });

  it('tests three arms with chi-square, then against the control with Holm correction', async () => {
    const { campaignId, ids } = await arms(3, Platform.FACEBOOK);
    const exp = (
      await createExperiment({
        campaignId,
        platform: 'FACEBOOK',
        variantIds: ids,
        metric: 'CLICK_RATE',
        minimumDetectableEffect: 0.5,
      })
    ).data!.createExperiment;
    expect(exp.test).toMatch(/chi-square.*Holm/);
    const n = exp.requiredImpressionsPerArm;
    const successes = [Math.round(n * 0.02), Math.round(n * 0.021), Math.round(n * 0.035)];
    await record(ids.map((id, i) => day(id, '2027-03-01', n, successes[i]!)));
    await expect.poll(async () => (await experiment(exp.id))?.status, { timeout: 10_000 }).toBe('DECIDED');
    const decided = (await experiment(exp.id))!;
    const chi = chiSquareIndependence(successes.map((s) => ({ successes: s, trials: n })));
    expect(decided.pValue).toBeCloseTo(chi.pValue, 12);
    const adjusted = holm(successes.slice(1).map((s) => twoProportionZTest(successes[0]!, n, s, n).pValue));
    expect(decided.arms.map((a) => a.pValueVsControl)).toEqual([null, ...adjusted.map((p) => expect.closeTo(p, 12))]);
    expect(decided.winner?.variant.id).toBe(ids[2]);
  });

  it('flags a sample-ratio mismatch, and says when too few successes leave nothing to test', async () => {
    const srm = await arms(2);
    const a = (
      await createExperiment({
        campaignId: srm.campaignId,
        platform: 'LINKEDIN',
        variantIds: srm.ids,
        metric: 'CLICK_RATE',
        minimumDetectableEffect: 1,
      })
    ).data!.createExperiment;
    const n = a.requiredImpressionsPerArm;
    await record([
      day(srm.ids[0]!, '2027-03-01', n, Math.round(n * 0.02)),
      day(srm.ids[1]!, '2027-03-01', n * 2, Math.round(n * 0.04)),
    ]);
    await expect.poll(async () => (await experiment(a.id))?.status, { timeout: 10_000 }).not.toBe('COLLECTING');
    expect((await experiment(a.id))?.note).toMatch(/Sample ratio mismatch/);

    const few = await arms(2);
    const b = (
      await createExperiment({
        campaignId: few.campaignId,
        platform: 'LINKEDIN',
        variantIds: few.ids,
        metric: 'CONVERSION_RATE',
        minimumDetectableEffect: 1,
      })
    ).data!.createExperiment;
    const m = b.requiredImpressionsPerArm;
    await record(few.ids.map((id) => ({ ...day(id, '2027-03-01', m, 0), conversions: 1 })));
    await expect.poll(async () => (await experiment(b.id))?.status, { timeout: 10_000 }).toBe('INCONCLUSIVE');
    const inconclusive = (await experiment(b.id))!;
    expect(inconclusive.note).toMatch(/Too few successes/);
    expect(inconclusive.winner).toBeNull();
  });

  it('calls arms first posted more than a day apart observational', async () => {
    const { campaignId, ids } = await arms(2);
    await approveVariants(t.graphqlUrl, t.ws, ids);
    for (const [i, at] of ['2027-03-20T09:00:00Z', '2027-03-23T09:00:00Z'].entries()) {
      const res = await gql(
        t.graphqlUrl,
        'mutation($input: SchedulePostInput!) { schedulePost(input: $input) { id } }',
        {
          key: t.ws.editor,
          variables: { input: { variantId: ids[i], at } },
        },
      );
      expect(res.errors).toBeUndefined();
    }
    const exp = (await createExperiment({ campaignId, platform: 'LINKEDIN', variantIds: ids, metric: 'CLICK_RATE' }))
      .data!.createExperiment;
    expect(exp.note).toMatch(/Observational: the arms were first posted 72 hours apart/);
  });

  it('stops a collecting experiment without a winner; a stopped one stays stopped', async () => {
    const { campaignId, ids } = await arms(2);
    const exp = (await createExperiment({ campaignId, platform: 'LINKEDIN', variantIds: ids, metric: 'CLICK_RATE' }))
      .data!.createExperiment;
    const stop = (key = t.ws.editor) =>
      gql<{ stopExperiment: Experiment }>(
        t.graphqlUrl,
        `mutation($id: ID!) { stopExperiment(id: $id) { ${EXPERIMENT} } }`,
        {
          key,
          variables: { id: exp.id },
        },
      );
    expect(codeOf(await stop(t.ws.viewer))).toBe('FORBIDDEN');
    const stopped = await stop();
    expect(stopped.data?.stopExperiment).toMatchObject({ status: 'STOPPED', winner: null });
    expect((await stop()).data?.stopExperiment.status).toBe('STOPPED');
    const listed = await gql<{ experiments: { id: string }[] }>(
      t.graphqlUrl,
      'query($c: ID) { experiments(campaignId: $c) { id } }',
      { key: t.ws.viewer, variables: { c: campaignId } },
    );
    expect(listed.data?.experiments.map((e) => e.id)).toEqual([exp.id]);
  });

  it('refuses bad experiments with BAD_USER_INPUT, VIEWER keys, and other workspaces’ ids', async () => {
    const { campaignId, ids } = await arms(3);
    const other = await arms(1, Platform.TWITTER);
    const twitter = (await seedCampaign(t.app, t.graphqlUrl, t.ws, { platforms: [Platform.TWITTER] })).variants[0]!.id;
    const base = { campaignId, platform: 'LINKEDIN', variantIds: ids.slice(0, 2), metric: 'CLICK_RATE' };
    for (const [change, path] of [
      [{ variantIds: ids.slice(0, 1) }, 'variantIds'],
      [{ variantIds: [ids[0], ids[0]] }, 'variantIds'],
      [{ variantIds: [ids[0], twitter] }, 'NOT_FOUND'],
      [{ alpha: 0 }, 'alpha'],
      [{ alpha: 0.9 }, 'alpha'],
      [{ power: 1.5 }, 'power'],
      [{ minimumDetectableEffect: 0 }, 'minimumDetectableEffect'],
      [{ minimumDetectableEffect: 60 }, 'minimumDetectableEffect'],
      [{ metric: 'BOUNCE_RATE' }, 'BAD_USER_INPUT'],
    ] as const) {
      const res = await createExperiment({ ...base, ...change });
      if (path === 'NOT_FOUND' || path === 'BAD_USER_INPUT') expect(codeOf(res), JSON.stringify(change)).toBe(path);
      else {
        expect(codeOf(res), JSON.stringify(change)).toBe('BAD_USER_INPUT');
        expect(JSON.stringify(res.errors?.[0]?.extensions), JSON.stringify(change)).toContain(path);
      }
    }
    const tooMany = await arms(6);
    expect(codeOf(await createExperiment({ ...base, campaignId: tooMany.campaignId, variantIds: tooMany.ids }))).toBe(
      'BAD_USER_INPUT',
    );
    expect(
      codeOf(
        await createExperiment({
          ...base,
          platform: 'TWITTER',
          campaignId: other.campaignId,
          variantIds: [other.ids[0], ids[0]],
        }),
      ),
    ).toBe('NOT_FOUND');
    expect(codeOf(await createExperiment(base, t.ws.viewer))).toBe('FORBIDDEN');

    const mine = (await createExperiment(base)).data!.createExperiment;
    const stranger = await createTestWorkspace(t.app);
    expect(await experiment(mine.id, stranger.viewer)).toBeNull();
    expect(codeOf(await createExperiment(base, stranger.editor))).toBe('NOT_FOUND');
    const theirs = await gql<{ experiments: unknown[] }>(t.graphqlUrl, 'query { experiments { id } }', {
      key: stranger.viewer,
    });
    expect(theirs.data?.experiments).toEqual([]);
  });
});

function roundRow<T extends { impressions: number }>(row: T): T {
  return { ...row, impressions: Math.round(row.impressions) };
}

// reflect-metadata must load before any type-graphql decorator runs (see src/main.ts).
import 'reflect-metadata';
import os from 'node:os';
import { setTimeout as sleep } from 'node:timers/promises';
import pg from 'pg';
import { buildApp } from '../src/app';
import { parseConfig } from '../src/infra/config';
import { createLogger } from '../src/infra/logger';
import { post } from './api';
import { postgresVersion } from './database';
import { quantile } from './histogram';
import { benchDatabase, withCleanups } from './lifecycle';
import { machine } from './report';
import { createWorkspace, seedCampaigns } from './seed';

/**
 * `npm run bench:analytics`: on a fresh PostgreSQL database, one campaign of 306 variants over the six platforms (17
 * seeded campaigns' variants moved into one) and BENCH_ENGAGEMENT_ROWS (default 100,000) engagement rows — every
 * variant's days up to yesterday (UTC), oldest first — with the app's worker on (the `experiment-decider` durable
 * subscriber): (1) imported through `importEngagementCsv` in chunks of 10,000 rows (GraphQL bodies stop at 1 MB), one
 * request at a time; (2) the same rows resent in one CSV body to `POST /ingest/engagement` (all replaced, the table
 * still holding 100,000 rows); (3) `campaignAnalytics` over them, the whole range and the last 30 days, one request
 * at a time, checked against SQL sums, with the plan of its aggregation; (4) an experiment of two LINKEDIN variants,
 * created before the import with the arms' impressions seeded to reach its horizon only in the import's last chunk:
 * the time from the import's last answer to the decision.
 */
const ROWS = Number(process.env.BENCH_ENGAGEMENT_ROWS ?? 100_000);
const CHUNK = 10_000;
const RUNS = Number(process.env.BENCH_ANALYTICS_RUNS ?? 200);
const WARMUP = 20;
/** Direct runs of the aggregation's SQL, for what the database alone takes. */
const SQL_RUNS = 30;
const ROWS_TARGET = 20_000;
const P99_TARGET_MS = 50;
const POLL_MS = 20;
const DECISION_TIMEOUT_MS = 20_000;
/** The arms get this much of the horizon over all their days: below it until the last chunk, above it after. */
const HORIZON_SHARE = 1.04;
const DAY_MS = 86_400_000;
const CAMPAIGNS = 17;

const HEADER = 'variantId,date,impressions,clicks,reactions,comments,shares,conversions,revenueUsd';
const ANALYTICS = `query($id: ID!, $from: DateTime, $to: DateTime) { campaignAnalytics(id: $id, from: $from, to: $to) {
  impressions clicks conversions revenueUsd generationCostUsd roi engagementRate
  byPlatform { platform impressions engagementRate } byVariant { variant { id } impressions clicks engagementRate } } }`;
const IMPORT =
  'mutation($csv: String!) { importEngagementCsv(csv: $csv) { accepted replaced rejected { row message } } }';
const CREATE_EXPERIMENT = `mutation($input: CreateExperimentInput!) {
  createExperiment(input: $input) { id status requiredImpressionsPerArm baselineRate } }`;
const EXPERIMENT = 'query($id: ID!) { experiment(id: $id) { status } }';
const EXPERIMENT_RESULT = `query($id: ID!) { experiment(id: $id) {
  status pValue note winner { variant { id } } arms { impressions successes rate } } }`;
/**
 * AnalyticsService.campaign's aggregation (src/services/analytics/analytics.service.ts), `?` as `$n`: copied for
 * EXPLAIN and the direct runs; keep the two in step.
 */
const AGGREGATION = `select variant_id, platform, sum(impressions) as impressions, sum(clicks) as clicks, sum(reactions) as reactions,
         sum(comments) as comments, sum(shares) as shares, sum(conversions) as conversions,
         sum(revenue_usd) as revenue_usd
       from engagement
       where workspace_id = $1 and campaign_id = $2
         and ($3::date is null or date >= $4::timestamptz at time zone 'UTC')
         and ($5::date is null or date < $6::timestamptz at time zone 'UTC')
       group by variant_id, platform
       order by variant_id`;

interface Result {
  accepted: number;
  replaced: number;
  rejected: { row: number; message: string }[];
}

interface Analytics {
  impressions: number;
  clicks: number;
  conversions: number;
  revenueUsd: number;
  generationCostUsd: number;
  roi: number | null;
  engagementRate: number;
  byPlatform: { platform: string; impressions: number }[];
  byVariant: { variant: { id: string }; impressions: number; clicks: number }[];
}

const fmt = (ms: number, digits = 1) => ms.toFixed(digits);
const mark = (ok: boolean) => (ok ? 'met' : '**missed**');
const day = (ms: number) => new Date(ms).toISOString().slice(0, 10);
const loadAverage = () =>
  `${os
    .loadavg()
    .map((n) => n.toFixed(2))
    .join(' / ')} (1 / 5 / 15 min, ${os.cpus().length} cores)`;
const latencyLine = (values: number[]) =>
  `p50 ${fmt(quantile(values, 0.5), 2)} ms, p95 ${fmt(quantile(values, 0.95), 2)} ms, ` +
  `p99 ${fmt(quantile(values, 0.99), 2)} ms, max ${fmt(quantile(values, 1), 2)} ms`;

/** A small deterministic PRNG (mulberry32), so every run seeds the same numbers. */
function random(seed: number): () => number {
  let state = seed;
  return () => {
    state = (state + 0x6d2b79f5) | 0;
    let t = Math.imul(state ^ (state >>> 15), 1 | state);
    t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t;
    return ((t ^ (t >>> 14)) >>> 0) / 4_294_967_296;
  };
}

function checkResult(result: Result, accepted: number, replaced: number, what: string): void {
  if (result.accepted !== accepted || result.replaced !== replaced || result.rejected.length > 0) {
    throw new Error(
      `${what}: ${accepted} accepted and ${replaced} replaced expected, got ` +
        JSON.stringify({ ...result, rejected: result.rejected.slice(0, 3) }),
    );
  }
}

/** The plan's nodes, one line ("Sort → HashAggregate → Seq Scan on engagement"), its conditions and times. */
async function explain(pool: pg.Pool, sql: string, params: unknown[]): Promise<string> {
  const { rows } = await pool.query<{ 'QUERY PLAN': string }>(`explain (analyze, buffers) ${sql}`, params);
  const lines = rows.map((row) => row['QUERY PLAN']);
  const nodes = lines
    .filter((line) => line.includes('(cost='))
    .map((line) =>
      line
        .replace(/^\s*->\s*/, '')
        .replace(/\s*\(cost=.*$/, '')
        .trim(),
    );
  const details = lines
    .filter((line) => /Index Cond|Filter:|Sort Method|Group Key|Workers Launched|JIT:|Functions:/.test(line))
    .map((line) => line.trim());
  const times = lines.filter((line) => /^(Planning|Execution) Time/.test(line)).map((line) => line.trim());
  return `${nodes.join(' → ')}; ${details.join('; ')}; ${times.join(', ')}`;
}

async function main(): Promise<void> {
  await withCleanups(async (cleanups) => {
    const db = await benchDatabase(cleanups);
    const pool = new pg.Pool({ connectionString: db.url, max: 2 });
    cleanups.push(() => pool.end());
    console.log(`${await postgresVersion()} at ${db.url.replace(/\/[^/]*$/, '/…')}; ${machine()}`);
    console.log(
      'everything on this machine (the app, its worker, the client, PostgreSQL); ' +
        `load average at the start: ${loadAverage()}`,
    );
    const config = parseConfig({
      PORT: '0',
      HOST: '127.0.0.1',
      LOG_LEVEL: 'silent',
      DATABASE_URL: db.url,
      COPYDESK_RATE_LIMIT: 'off',
      COPYDESK_WORKER: 'on',
      COPYDESK_OUTBOX_POLL_MS: '50',
      COPYDESK_SHUTDOWN_TIMEOUT_MS: '2000',
    });
    const app = await buildApp(config, { logger: createLogger('silent') });
    cleanups.push(() => app.close());
    const base = await app.listen();
    const url = `${base}/graphql`;
    // An EDITOR key: recording engagement and creating experiments need EDITOR or ADMIN.
    const { workspaceId, apiKey } = await createWorkspace(app, 'analytics');

    // One campaign holding every seeded variant (the other campaigns stay, empty).
    await seedCampaigns(pool, workspaceId, CAMPAIGNS);
    const { rows: campaigns } = await pool.query<{ id: string }>(
      'select id from campaign where workspace_id = $1 order by id limit 1',
      [workspaceId],
    );
    const campaignId = campaigns[0]?.id as string;
    await pool.query('update content_variant set campaign_id = $1 where workspace_id = $2', [campaignId, workspaceId]);
    const { rows: variants } = await pool.query<{ id: string; platform: string }>(
      'select id, platform from content_variant where workspace_id = $1 order by platform, id',
      [workspaceId],
    );

    // (4, set-up) The experiment before any data: two LINKEDIN variants, the default baseline (no data yet).
    const arms = variants.filter((v) => v.platform === 'LINKEDIN').slice(0, 2);
    const [control, treatment] = arms;
    if (!control || !treatment) throw new Error('fewer than two LINKEDIN variants');
    const { createExperiment: experiment } = await post<{
      createExperiment: { id: string; status: string; requiredImpressionsPerArm: number; baselineRate: number };
    }>(url, apiKey, CREATE_EXPERIMENT, {
      input: {
        campaignId,
        platform: 'LINKEDIN',
        variantIds: [control.id, treatment.id],
        metric: 'CLICK_RATE',
        minimumDetectableEffect: 0.2,
      },
    });

    // The rows, oldest day first, every variant on every day; the arms' impressions add up to HORIZON_SHARE of the
    // horizon over all days, so the last chunk is the one that takes them past it.
    const days = Math.ceil(ROWS / variants.length);
    const now = new Date();
    const yesterday = Date.UTC(now.getUTCFullYear(), now.getUTCMonth(), now.getUTCDate() - 1);
    const armDaily = Math.ceil((experiment.requiredImpressionsPerArm * HORIZON_SHARE) / days);
    const armRate = new Map([
      [control.id, 0.025],
      [treatment.id, 0.035],
    ]);
    const next = random(20261206);
    const lines: string[] = [];
    const armTotals = new Map<string, number>();
    for (let d = days - 1; d >= 0 && lines.length < ROWS; d--) {
      const date = day(yesterday - d * DAY_MS);
      for (const variant of variants) {
        if (lines.length >= ROWS) break;
        const rate = armRate.get(variant.id);
        const impressions = rate === undefined ? 200 + Math.floor(next() * 400) : armDaily - 2 + Math.floor(next() * 5);
        const clicks = Math.min(
          impressions,
          Math.round(impressions * (rate === undefined ? 0.01 + next() * 0.03 : rate * (0.7 + next() * 0.6))),
        );
        const reactions = Math.floor(next() * 20);
        const conversions = Math.floor(clicks * next() * 0.2);
        const revenue = (conversions * 19.5).toFixed(2);
        if (rate !== undefined) armTotals.set(variant.id, (armTotals.get(variant.id) ?? 0) + impressions);
        lines.push(`${variant.id},${date},${impressions},${clicks},${reactions},1,1,${conversions},${revenue}`);
      }
    }
    const first = day(yesterday - (days - 1) * DAY_MS);
    console.log(
      `seeded one campaign of ${variants.length} variants (6 platforms); ${lines.length} engagement rows, ` +
        `${days} days each from ${first} to ${day(yesterday)} (yesterday, UTC)`,
    );

    // (1) importEngagementCsv in chunks, one request at a time.
    const chunkMs: number[] = [];
    let accepted = 0;
    let largest = 0;
    let statusBeforeLast = '?';
    const started = performance.now();
    for (let from = 0; from < lines.length; from += CHUNK) {
      const last = from + CHUNK >= lines.length;
      if (last) {
        // The arms are below the horizon until now: the decider cannot have decided yet.
        const { rows } = await pool.query<{ status: string }>('select status from experiment where id = $1', [
          experiment.id,
        ]);
        statusBeforeLast = rows[0]?.status ?? '?';
      }
      const csv = `${HEADER}\n${lines.slice(from, from + CHUNK).join('\n')}\n`;
      largest = Math.max(largest, Buffer.byteLength(csv));
      const t0 = performance.now();
      const res = await post<{ importEngagementCsv: Result }>(url, apiKey, IMPORT, { csv });
      chunkMs.push(performance.now() - t0);
      checkResult(res.importEngagementCsv, Math.min(CHUNK, lines.length - from), 0, `importEngagementCsv @${from}`);
      accepted += res.importEngagementCsv.accepted;
    }
    const importEnd = performance.now();
    const importEndWall = Date.now();
    const importMs = importEnd - started;
    if (accepted !== lines.length) throw new Error(`importEngagementCsv accepted ${accepted} of ${lines.length}`);
    const importRate = accepted / (importMs / 1000);
    console.log(
      `importEngagementCsv: ${accepted} rows in ${chunkMs.length} requests of ≤ ${CHUNK} rows (≤ ${Math.round(largest / 1024)} KB), ` +
        `one at a time: ${fmt(importMs / 1000, 2)} s, ${Math.round(importRate)} rows/s; per request p50 ` +
        `${fmt(quantile(chunkMs, 0.5))} ms, max ${fmt(quantile(chunkMs, 1))} ms; replaced 0, rejected 0; ` +
        `target ≥ ${ROWS_TARGET} rows/s: ${mark(importRate >= ROWS_TARGET)}`,
    );

    // (4) the experiment-decider after the import: polled every 20 ms until it leaves COLLECTING.
    let status = 'COLLECTING';
    let seenAfter = Number.NaN;
    while (performance.now() - importEnd < DECISION_TIMEOUT_MS) {
      status = (await post<{ experiment: { status: string } }>(url, apiKey, EXPERIMENT, { id: experiment.id }))
        .experiment.status;
      if (status !== 'COLLECTING') {
        seenAfter = performance.now() - importEnd;
        break;
      }
      await sleep(POLL_MS);
    }
    const perArm = arms.map((arm) => armTotals.get(arm.id) ?? 0);
    const horizon = experiment.requiredImpressionsPerArm;
    const reached = perArm.every((n) => n >= horizon);
    const setUp =
      `experiment of 2 LINKEDIN arms, CLICK_RATE, MDE 20 %, baseline ${fmt(experiment.baselineRate * 100, 1)} % ` +
      `(the default: no data when created): horizon ${horizon} impressions per arm, seeded ${perArm.join(' / ')} ` +
      `(${reached ? 'reached' : 'not reached'}, only by the last chunk); ${statusBeforeLast} before the last chunk`;
    if (Number.isNaN(seenAfter)) {
      console.log(
        `${setUp}; still ${status} ${DECISION_TIMEOUT_MS / 1000} s after the import` +
          (reached ? ': **the decider did not decide**' : ' (the arms are short of the horizon)'),
      );
    } else {
      const { rows } = await pool.query<{ decided_at: Date }>('select decided_at from experiment where id = $1', [
        experiment.id,
      ]);
      const decidedAfter = (rows[0]?.decided_at.getTime() ?? Number.NaN) - importEndWall;
      const { experiment: result } = await post<{
        experiment: {
          status: string;
          pValue: number | null;
          note: string | null;
          winner: { variant: { id: string } } | null;
          arms: { impressions: number; successes: number; rate: number }[];
        };
      }>(url, apiKey, EXPERIMENT_RESULT, { id: experiment.id });
      const winner = result.winner?.variant.id === treatment.id ? 'treatment' : result.winner ? 'control' : 'none';
      console.log(
        `${setUp}; ${status} (p ${result.pValue?.toExponential(2) ?? '–'}, winner ${winner}, rates ` +
          `${result.arms.map((a) => `${fmt(a.rate * 100, 2)} %`).join(' / ')}${result.note ? `; ${result.note}` : ''}); ` +
          `decided_at ${fmt(decidedAfter, 0)} ms after the import's last answer, seen by polling every ${POLL_MS} ms ` +
          `${fmt(seenAfter, 0)} ms after it`,
      );
    }

    // (2) the same rows, resent in one CSV body to POST /ingest/engagement.
    const body = `${HEADER}\n${lines.join('\n')}\n`;
    const t1 = performance.now();
    const response = await fetch(`${base}/ingest/engagement`, {
      method: 'POST',
      headers: { 'content-type': 'text/csv', authorization: `Bearer ${apiKey}` },
      body,
      signal: AbortSignal.timeout(120_000),
    });
    const text = await response.text();
    const resendMs = performance.now() - t1;
    if (response.status !== 200) throw new Error(`POST /ingest/engagement: ${response.status} ${text.slice(0, 500)}`);
    const resent = JSON.parse(text) as Result;
    checkResult(resent, lines.length, lines.length, 'POST /ingest/engagement');
    const { rows: stored } = await pool.query<{ n: number }>(
      'select count(*)::int as n from engagement where workspace_id = $1',
      [workspaceId],
    );
    const count = stored[0]?.n ?? 0;
    if (count !== lines.length) throw new Error(`the table holds ${count} rows after the resend, ${lines.length} sent`);
    const resendRate = lines.length / (resendMs / 1000);
    console.log(
      `POST /ingest/engagement, the same ${lines.length} rows resent as one CSV body (${fmt(Buffer.byteLength(body) / 1_048_576, 1)} MB): ` +
        `${fmt(resendMs / 1000, 2)} s, ${Math.round(resendRate)} rows/s; accepted ${resent.accepted}, replaced ` +
        `${resent.replaced}, rows in the table ${count} (idempotent); target ≥ ${ROWS_TARGET} rows/s: ${mark(resendRate >= ROWS_TARGET)}`,
    );

    // (3) campaignAnalytics over them, one request at a time, checked against SQL sums over the table. Statistics
    // first, as autovacuum would gather them within a minute: without them the whole range is planned as a sort of
    // every row (several times slower), which is not the steady state.
    await pool.query('analyze engagement');
    const monthFrom = new Date(yesterday - 29 * DAY_MS).toISOString();
    const monthTo = new Date(yesterday + DAY_MS).toISOString();
    const ranges = [
      { name: 'whole range', variables: { id: campaignId }, from: null, to: null },
      {
        name: `last 30 days (${monthFrom.slice(0, 10)} to ${day(yesterday)})`,
        variables: { id: campaignId, from: monthFrom, to: monthTo },
        from: monthFrom,
        to: monthTo,
      },
    ];
    for (const range of ranges) {
      const { rows: sums } = await pool.query<{
        rows: number;
        impressions: number;
        clicks: number;
        conversions: number;
        revenue: number;
        variants: number;
      }>(
        `select count(*)::int as rows, sum(impressions)::float8 as impressions, sum(clicks)::float8 as clicks,
           sum(conversions)::float8 as conversions, sum(revenue_usd) as revenue, count(distinct variant_id)::int as variants
         from engagement where campaign_id = $1 and ($2::date is null or date >= $2::date) and ($3::date is null or date < $3::date)`,
        [campaignId, range.from, range.to],
      );
      const expected = sums[0];
      if (!expected) throw new Error('no SQL sums');
      const check = (a: Analytics) => {
        const platformImpressions = a.byPlatform.reduce((sum, p) => sum + p.impressions, 0);
        const variantImpressions = a.byVariant.reduce((sum, v) => sum + v.impressions, 0);
        const ok =
          a.impressions === expected.impressions &&
          a.clicks === expected.clicks &&
          a.conversions === expected.conversions &&
          Math.abs(a.revenueUsd - expected.revenue) <= 1e-6 * Math.max(1, expected.revenue) &&
          a.byVariant.length === expected.variants &&
          platformImpressions === expected.impressions &&
          variantImpressions === expected.impressions;
        if (!ok) {
          throw new Error(
            `campaignAnalytics, ${range.name}: ${JSON.stringify({ ...a, byVariant: a.byVariant.length, byPlatform: a.byPlatform.length })} ` +
              `differs from SQL ${JSON.stringify(expected)}`,
          );
        }
      };
      const latencies: number[] = [];
      let answer: Analytics | undefined;
      for (let i = 0; i < WARMUP + RUNS; i++) {
        const t0 = performance.now();
        const res = await post<{ campaignAnalytics: Analytics }>(url, apiKey, ANALYTICS, range.variables);
        const ms = performance.now() - t0;
        if (i >= WARMUP) latencies.push(ms);
        if (i === 0 || i === WARMUP + RUNS - 1) check(res.campaignAnalytics);
        answer = res.campaignAnalytics;
      }
      const params = [workspaceId, campaignId, range.from, range.from, range.to, range.to];
      const direct: number[] = [];
      for (let i = 0; i < SQL_RUNS; i++) {
        const t0 = performance.now();
        await pool.query(AGGREGATION, params);
        direct.push(performance.now() - t0);
      }
      console.log(
        `campaignAnalytics, ${range.name}: ${expected.rows} rows, ${answer?.byVariant.length} variants in byVariant, ` +
          `${answer?.byPlatform.length} platforms; totals equal the SQL sums (impressions ${expected.impressions}, clicks ` +
          `${expected.clicks}, conversions ${expected.conversions}, revenue ${fmt(expected.revenue, 2)} USD; generation ` +
          `cost ${answer?.generationCostUsd}, roi ${answer?.roi}); ${RUNS} requests one at a time after ${WARMUP}: ` +
          `${latencyLine(latencies)} (after ANALYZE); target p99 ≤ ${P99_TARGET_MS} ms: ${mark(quantile(latencies, 0.99) <= P99_TARGET_MS)}`,
      );
      console.log(
        `  its aggregation's SQL alone (pg, ${SQL_RUNS} runs): p50 ${fmt(quantile(direct, 0.5), 2)} ms, max ` +
          `${fmt(quantile(direct, 1), 2)} ms; EXPLAIN (ANALYZE, BUFFERS): ${await explain(pool, AGGREGATION, params)}`,
      );
    }
    console.log(`load average at the end: ${loadAverage()}`);
  });
}

main().catch((error: unknown) => {
  console.error(error);
  process.exitCode = 1;
});

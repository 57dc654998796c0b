// reflect-metadata must load before any type-graphql decorator runs (see src/main.ts).
import 'reflect-metadata';
import os from 'node:os';
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
 * `npm run bench:analytics`: on a fresh PostgreSQL database, one campaign of 306 variants (17 seeded campaigns' variants
 * moved into one) and BENCH_ENGAGEMENT_ROWS (default 100,000) engagement rows — each variant's days up to yesterday —
 * (1) imported through `importEngagementCsv` in chunks of 10,000 rows (GraphQL bodies stop at 1 MB), one request at a
 * time; (2) the same rows resent in one CSV body to `POST /ingest/engagement` (all replaced, the table still holding
 * 100,000 rows); (3) `campaignAnalytics` over them, the whole range and a 30-day window, one request at a time; (4)
 * how long after the import the experiment-decider decided an experiment of two of the variants.
 */
const ROWS = Number(process.env.BENCH_ENGAGEMENT_ROWS ?? 100_000);
const CHUNK = 10_000;
const RUNS = Number(process.env.BENCH_ANALYTICS_RUNS ?? 200);
const WARMUP = 20;
const ROWS_TARGET = 20_000;
const P99_TARGET_MS = 50;
const DAY_MS = 86_400_000;

const ANALYTICS = `query($id: ID!, $from: DateTime, $to: DateTime) { campaignAnalytics(id: $id, from: $from, to: $to) {
  impressions clicks conversions revenueUsd generationCostUsd roi engagementRate
  byPlatform { platform impressions engagementRate } byVariant { variant { id } impressions clicks engagementRate } } }`;
const IMPORT =
  'mutation($csv: String!) { importEngagementCsv(csv: $csv) { accepted replaced rejected { row message } } }';

interface Result {
  accepted: number;
  replaced: number;
  rejected: { row: number; message: string }[];
}

const fmt = (ms: number, digits = 1) => ms.toFixed(digits);
const mark = (ok: boolean) => (ok ? 'met' : '**missed**');
const loadAverage = () =>
  `${os
    .loadavg()
    .map((n) => n.toFixed(2))
    .join(' / ')} (1 / 5 / 15 min, ${os.cpus().length} cores)`;
const latencyLine = (values: number[]) =>
  `p50 ${fmt(quantile(values, 0.5), 2)} ms, p95 ${fmt(quantile(values, 0.95), 2)} ms, p99 ${fmt(quantile(values, 0.99), 2)} ms, max ${fmt(Math.max(...values), 2)} ms`;

/** A small deterministic PRNG (mulberry32), so every run seeds the same numbers. */
function random(seed: number): () => number {
  let state = seed;
  return () => {
    state = (state + 0x6d2b79f5) | 0;
    let t = Math.imul(state ^ (state >>> 15), 1 | state);
    t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t;
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

function checkResult(result: Result, accepted: number, replaced: number, what: string): void {
  if (result.accepted !== accepted || result.replaced !== replaced || result.rejected.length > 0) {
    throw new Error(`${what}: ${JSON.stringify({ ...result, rejected: result.rejected.slice(0, 3) })}`);
  }
}

async function main(): Promise<void> {
  await withCleanups(async (cleanups) => {
    const db = await benchDatabase(cleanups);
    const pool = new pg.Pool({ connectionString: db.url, max: 2 });
    cleanups.push(() => pool.end());
    console.log(`${await postgresVersion()} at ${db.url.replace(/\/[^/]*$/, '/…')}; ${machine()}`);
    console.log(
      `everything on this machine (app, worker, client, PostgreSQL); load average at the start: ${loadAverage()}`,
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
    const { workspaceId, apiKey } = await createWorkspace(app, 'analytics');

    // One campaign holding every seeded variant.
    await seedCampaigns(pool, workspaceId, 17);
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
    const days = Math.ceil(ROWS / variants.length);
    const yesterday = Date.UTC(new Date().getUTCFullYear(), new Date().getUTCMonth(), new Date().getUTCDate() - 1);
    const next = random(20261206);
    const lines: string[] = [];
    for (let d = 0; d < days && lines.length < ROWS; d++) {
      const date = new Date(yesterday - d * DAY_MS).toISOString().slice(0, 10);
      for (const variant of variants) {
        if (lines.length >= ROWS) break;
        const impressions = 200 + Math.floor(next() * 400);
        const clicks = Math.floor(impressions * (0.01 + next() * 0.03));
        const reactions = Math.floor(next() * 20);
        const conversions = Math.floor(clicks * next() * 0.2);
        const revenue = (conversions * 19.5).toFixed(2);
        lines.push(`${variant.id},${date},${impressions},${clicks},${reactions},1,1,${conversions},${revenue}`);
      }
    }
    const header = 'variantId,date,impressions,clicks,reactions,comments,shares,conversions,revenueUsd';
    console.log(
      `seeded one campaign of ${variants.length} variants; ${lines.length} engagement rows (${days} days each, to yesterday)`,
    );

    // The experiment before the data: two LINKEDIN variants, decided once the import reaches its horizon.
    const linkedin = variants.filter((v) => v.platform === 'LINKEDIN').slice(0, 2);
    const created = await post<{ createExperiment: { id: string; requiredImpressionsPerArm: number } }>(
      url,
      apiKey,
      'mutation($input: CreateExperimentInput!) { createExperiment(input: $input) { id requiredImpressionsPerArm } }',
      {
        input: {
          campaignId,
          platform: 'LINKEDIN',
          variantIds: linkedin.map((v) => v.id),
          metric: 'CLICK_RATE',
          minimumDetectableEffect: 0.2,
        },
      },
    );
    const experiment = created.createExperiment;

    // (1) importEngagementCsv in chunks.
    const chunkMs: number[] = [];
    const started = performance.now();
    let accepted = 0;
    for (let from = 0; from < lines.length; from += CHUNK) {
      const csv = `${header}\n${lines.slice(from, from + CHUNK).join('\n')}\n`;
      const t0 = performance.now();
      const res = await post<{ importEngagementCsv: Result }>(url, apiKey, IMPORT, { csv });
      chunkMs.push(performance.now() - t0);
      checkResult(res.importEngagementCsv, Math.min(CHUNK, lines.length - from), 0, 'importEngagementCsv');
      accepted += res.importEngagementCsv.accepted;
    }
    const importMs = performance.now() - started;
    const importRate = accepted / (importMs / 1000);
    console.log(
      `importEngagementCsv: ${accepted} rows in ${lines.length / CHUNK} requests of ${CHUNK} (~${Math.round((header.length + CHUNK * (lines[0]?.length ?? 0)) / 1024)} KB each), one at a time: ` +
        `${fmt(importMs / 1000, 2)} s, ${Math.round(importRate)} rows/s; per request p50 ${fmt(quantile(chunkMs, 0.5))} ms, max ${fmt(Math.max(...chunkMs))} ms; ` +
        `target ≥ ${ROWS_TARGET} rows/s: ${mark(importRate >= ROWS_TARGET)}`,
    );
    const importEnd = performance.now();

    // (4) the experiment-decider after the import.
    let status = 'COLLECTING';
    let decidedAfter = Number.NaN;
    while (performance.now() - importEnd < 20_000) {
      const res = await post<{ experiment: { status: string } }>(
        url,
        apiKey,
        'query($id: ID!) { experiment(id: $id) { status } }',
        {
          id: experiment.id,
        },
      );
      status = res.experiment.status;
      if (status !== 'COLLECTING') {
        decidedAfter = performance.now() - importEnd;
        break;
      }
      await new Promise((resolve) => setTimeout(resolve, 20));
    }
    const perArm = Math.floor(lines.length / variants.length) * 400;
    console.log(
      `experiment of 2 arms (horizon ${experiment.requiredImpressionsPerArm} impressions per arm, ~${perArm} each after the import): ` +
        (Number.isNaN(decidedAfter)
          ? `still ${status} 20 s after the import`
          : `${status} by the time the import's last request had answered (seen ${fmt(decidedAfter)} ms later; it reached its horizon during the import)`),
    );

    // (2) the same rows, resent in one body to POST /ingest/engagement.
    const body = `${header}\n${lines.join('\n')}\n`;
    const t1 = performance.now();
    const response = await fetch(`${base}/ingest/engagement`, {
      method: 'POST',
      headers: { 'content-type': 'text/csv', authorization: `Bearer ${apiKey}` },
      body,
    });
    const resent = (await response.json()) as Result;
    const resendMs = performance.now() - t1;
    if (response.status !== 200)
      throw new Error(`POST /ingest/engagement: ${response.status} ${JSON.stringify(resent)}`);
    checkResult(resent, lines.length, lines.length, 'POST /ingest/engagement');
    const { rows: stored } = await pool.query<{ n: string }>(
      'select count(*) as n from engagement where workspace_id = $1',
      [workspaceId],
    );
    const resendRate = lines.length / (resendMs / 1000);
    console.log(
      `POST /ingest/engagement, the same ${lines.length} rows resent as one CSV body (${fmt(body.length / 1_048_576, 1)} MB): ` +
        `${fmt(resendMs / 1000, 2)} s, ${Math.round(resendRate)} rows/s; replaced ${resent.replaced}, rows in the table ${stored[0]?.n} ` +
        `(idempotent: ${mark(Number(stored[0]?.n) === lines.length)}); target ≥ ${ROWS_TARGET} rows/s: ${mark(resendRate >= ROWS_TARGET)}`,
    );

    // (3) campaignAnalytics over them.
    const { rows: sums } = await pool.query<{ impressions: string; clicks: string }>(
      'select sum(impressions) as impressions, sum(clicks) as clicks from engagement where campaign_id = $1',
      [campaignId],
    );
    const monthFrom = new Date(yesterday - 29 * DAY_MS).toISOString();
    const monthTo = new Date(yesterday + DAY_MS).toISOString();
    for (const [name, variables] of [
      ['whole range', { id: campaignId }],
      ['last 30 days', { id: campaignId, from: monthFrom, to: monthTo }],
    ] as const) {
      const latencies: number[] = [];
      for (let i = 0; i < WARMUP + RUNS; i++) {
        const t0 = performance.now();
        const res = await post<{ campaignAnalytics: { impressions: number; clicks: number; byVariant: unknown[] } }>(
          url,
          apiKey,
          ANALYTICS,
          variables,
        );
        const ms = performance.now() - t0;
        if (i >= WARMUP) latencies.push(ms);
        if (i === 0 && name === 'whole range') {
          const a = res.campaignAnalytics;
          if (a.impressions !== Number(sums[0]?.impressions) || a.clicks !== Number(sums[0]?.clicks)) {
            throw new Error(
              `campaignAnalytics totals ${a.impressions}/${a.clicks} differ from SQL ${JSON.stringify(sums[0])}`,
            );
          }
        }
      }
      console.log(
        `campaignAnalytics, ${name} (${variants.length} variants in byVariant), ${RUNS} requests one at a time: ${latencyLine(latencies)}; ` +
          `target p99 ≤ ${P99_TARGET_MS} ms: ${mark(quantile(latencies, 0.99) <= P99_TARGET_MS)}`,
      );
    }
    const plan = await pool.query<{ 'QUERY PLAN': unknown }>(
      `explain (analyze, format json) select variant_id, platform, sum(impressions), sum(clicks), sum(reactions), sum(comments),
         sum(shares), sum(conversions), sum(revenue_usd) from engagement where workspace_id = $1 and campaign_id = $2
       group by variant_id, platform order by variant_id`,
      [workspaceId, campaignId],
    );
    const json = plan.rows[0]?.['QUERY PLAN'] as [{ 'Execution Time': number; Plan: { 'Node Type': string } }];
    console.log(
      `the aggregation's SQL over ${lines.length} rows (EXPLAIN ANALYZE): ${fmt(json[0]['Execution Time'], 2)} ms`,
    );
    console.log(`load average at the end: ${loadAverage()}`);
  });
}

main().catch((error: unknown) => {
  console.error(error);
  process.exitCode = 1;
});

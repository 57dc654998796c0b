// reflect-metadata must load before any type-graphql decorator runs (see src/main.ts).
import 'reflect-metadata';
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import os from 'node:os';
import { setTimeout as sleep } from 'node:timers/promises';
import pg from 'pg';
import { v7 as uuidv7 } from 'uuid';
import { type App, buildApp } from '../src/app';
import { parseConfig } from '../src/infra/config';
import { createLogger } from '../src/infra/logger';
import { sqlCounter } from '../src/infra/orm';
import { firstVersion } from '../src/services/versions/version.service';
import { createTestWorkspace } from '../test/support/factories';
import { seedCampaign } from '../test/support/workflow';
import { post } from './api';
import { postgresVersion } from './database';
import { quantile } from './histogram';
import { benchDatabase, type Cleanups, withCleanups } from './lifecycle';
import { runLoad } from './load';
import { requestHeaders } from './query';
import { machine } from './report';
import { createWorkspace, insertRows, PLATFORMS, seedCampaigns } from './seed';

/**
 * `npm run bench:scheduling`: on a fresh PostgreSQL database, (1) the `calendar(from, to, platforms)` query over HTTP
 * on a workspace with BENCH_CALENDAR_POSTS (default 10,000) SCHEDULED posts spread over a year (each platform's posts
 * at least 60 minutes apart, seeded with SQL): latency of a one-month window, of the same window for one platform
 * and of the month with each post's variant and version, one request at a time, then the month under a few
 * connections; the plan of the ORM's SQL (EXPLAIN ANALYZE); (2) due-time accuracy with the app's own worker: posts
 * scheduled through `schedulePost` a few seconds ahead (BENCH_SCHEDULING_POSTS, default 100, 100 ms apart, and
 * BENCH_SCHEDULING_BURST, default 60, due at one instant), a webhook endpoint subscribed to `post.publish` on a local
 * receiver answering 204; the delay from `data.scheduledAt` to the receiver, that every post arrived once, and that
 * every post became PUBLISHED. Run with short polls (100 ms) and with the default ones (1 s).
 */
const CALENDAR_POSTS = Number(process.env.BENCH_CALENDAR_POSTS ?? 10_000);
const CALENDAR_RUNS = Number(process.env.BENCH_CALENDAR_RUNS ?? 200);
/** The calendar with each post's variant and version (batched: three statements a request). */
const CONTENT_RUNS = Number(process.env.BENCH_CALENDAR_CONTENT_RUNS ?? 50);
const WARMUP = 20;
const LOAD_CONNECTIONS = 4;
const LOAD_SECONDS = 5;
const SPREAD = Number(process.env.BENCH_SCHEDULING_POSTS ?? 100);
const BURST = Number(process.env.BENCH_SCHEDULING_BURST ?? 60);
const STEP_MS = 100;
/** From the moment the posts are planned to the first one due: scheduling them all (~30 ms each) must fit in it. */
const LEAD_MS = 2_000 + 45 * (SPREAD + BURST);
const P99_TARGET_MS = 50;
const DUE_P95_TARGET_MS = 1_000;

const DAY_MS = 86_400_000;
const MIN_GAP_MINUTES = 60;
const VARIANTS_PER_CAMPAIGN = PLATFORMS.length * 3;
const ZONES = ['UTC', 'Europe/Berlin', 'America/New_York', 'Asia/Tokyo'];

const BASE_ENV = {
  PORT: '0',
  HOST: '127.0.0.1',
  LOG_LEVEL: 'silent',
  COPYDESK_RATE_LIMIT: 'off',
  COPYDESK_SHUTDOWN_TIMEOUT_MS: '2000',
} as const;

const POST_FIELDS = 'id platform scheduledAt timeZone localTime status held';
const calendarQuery = (fields: string) =>
  `query Calendar($from: DateTime!, $to: DateTime!, $platforms: [Platform!]) {
  calendar(from: $from, to: $to, platforms: $platforms) { ${fields} }
}`;
const CALENDAR = calendarQuery(POST_FIELDS);
const CALENDAR_WITH_CONTENT = calendarQuery(`${POST_FIELDS} variant { id title body hashtags } version { id number }`);

interface CalendarPost {
  id: string;
  platform: string;
  scheduledAt: string;
  status: string;
}

const fmt = (ms: number, digits = 2) => ms.toFixed(digits);
const loadAverage = () =>
  `${os
    .loadavg()
    .map((n) => n.toFixed(2))
    .join(' / ')} (1 / 5 / 15 min, ${os.cpus().length} cores)`;
const mark = (ok: boolean) => (ok ? 'met' : '**missed**');

/** A small deterministic PRNG (mulberry32), so every run seeds the same calendar. */
function random(seed: number): () => number {
  let state = seed;
  return () => {
    state = (state + 0x6d2b79f5) | 0;
    let t = Math.imul(state ^ (state >>> 15), 1 | state);
    t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t;
    return ((t ^ (t >>> 14)) >>> 0) / 4_294_967_296;
  };
}

function latencyLine(values: number[]): string {
  return (
    `p50 ${fmt(quantile(values, 0.5))} ms, p95 ${fmt(quantile(values, 0.95))} ms, ` +
    `p99 ${fmt(quantile(values, 0.99))} ms, max ${fmt(quantile(values, 1))} ms`
  );
}

interface SeededCalendar {
  start: Date;
  workspaceId: string;
  minGapMinutes: number;
}

/**
 * CALENDAR_POSTS posts of one workspace, all SCHEDULED, from tomorrow 00:00 UTC over 365 days: platform by platform in
 * turn, each post of a platform in its own slot of ~5 h at a random whole minute that keeps 60 minutes to the next.
 * Every post has its own variant (campaigns of 6 platforms × 3 variants, as bench/seed.ts makes them) and version 1.
 */
async function seedCalendar(pool: pg.Pool, workspaceId: string): Promise<SeededCalendar> {
  await seedCampaigns(pool, workspaceId, Math.ceil(CALENDAR_POSTS / VARIANTS_PER_CAMPAIGN));
  const { rows: variants } = await pool.query<{
    id: string;
    campaign_id: string;
    platform: string;
    title: string | null;
    body: string;
    hashtags: string[];
  }>(
    `select id, campaign_id, platform, title, body, hashtags from content_variant where workspace_id = $1
     order by campaign_id, platform, position`,
    [workspaceId],
  );
  const { rows: keys } = await pool.query<{ id: string }>('select id from api_key where workspace_id = $1', [
    workspaceId,
  ]);
  const createdBy = keys[0]?.id ?? uuidv7();
  const versions = new Map<string, string>();
  const versionRows = variants.map((variant) => {
    const version = firstVersion(variant);
    versions.set(variant.id, version.id);
    // biome-ignore format: one row, in the order of the columns below
    return [version.id, workspaceId, variant.id, version.number, version.title, version.body, JSON.stringify(version.hashtags), version.contentHash, version.source, version.createdAt];
  });
  const versionColumns = ['id', 'workspace_id', 'variant_id', 'number', 'title', 'body', 'hashtags', 'content_hash'];
  for (let from = 0; from < versionRows.length; from += 1_000) {
    await insertRows(
      pool,
      'content_version',
      [...versionColumns, 'source', 'created_at'],
      versionRows.slice(from, from + 1_000),
    );
  }

  const byPlatform = new Map<string, typeof variants>();
  for (const variant of variants)
    byPlatform.set(variant.platform, [...(byPlatform.get(variant.platform) ?? []), variant]);
  const now = new Date();
  const start = new Date(Date.UTC(now.getUTCFullYear(), now.getUTCMonth(), now.getUTCDate() + 1));
  const next = random(20261206);
  const postRows: unknown[][] = [];
  for (let i = 0; i < CALENDAR_POSTS; i++) {
    const p = i % PLATFORMS.length;
    const platform = PLATFORMS[p] as string;
    const k = Math.floor(i / PLATFORMS.length);
    const ofPlatform = Math.ceil((CALENDAR_POSTS - p) / PLATFORMS.length);
    const slotMinutes = Math.floor((365 * 24 * 60) / ofPlatform);
    const offset = Math.floor(next() * (slotMinutes - MIN_GAP_MINUTES + 1));
    const at = new Date(start.getTime() + (k * slotMinutes + offset) * 60_000);
    const variant = byPlatform.get(platform)?.[k];
    if (!variant) throw new Error(`not enough ${platform} variants for ${CALENDAR_POSTS} posts`);
    // biome-ignore format: one row, in the order of the columns below
    postRows.push([uuidv7(), workspaceId, variant.campaign_id, variant.id, versions.get(variant.id), platform, at, ZONES[k % ZONES.length], 'SCHEDULED', createdBy]);
  }
  const postColumns = ['id', 'workspace_id', 'campaign_id', 'variant_id', 'version_id', 'platform', 'scheduled_at'];
  for (let from = 0; from < postRows.length; from += 1_000) {
    await insertRows(
      pool,
      'scheduled_post',
      [...postColumns, 'time_zone', 'status', 'created_by'],
      postRows.slice(from, from + 1_000),
    );
  }
  await pool.query(
    `update content_variant set status = 'SCHEDULED' where id in (select variant_id from scheduled_post where workspace_id = $1)`,
    [workspaceId],
  );
  await pool.query('analyze');
  const { rows } = await pool.query<{ gap: number }>(
    `select min(gap)::float8 as gap from (
       select extract(epoch from scheduled_at - lag(scheduled_at) over (partition by platform order by scheduled_at)) / 60
         as gap from scheduled_post where workspace_id = $1) gaps`,
    [workspaceId],
  );
  return { start, workspaceId, minGapMinutes: rows[0]?.gap ?? Number.NaN };
}

/** `runs` sequential requests; every answer must hold `expected` posts, earliest first, of the asked platforms. */
async function timeCalendar(
  url: string,
  apiKey: string,
  query: string,
  variables: { from: string; to: string; platforms: string[] | null },
  expected: number,
  runs: number,
): Promise<{ latencies: number[]; statements: number }> {
  const check = (posts: CalendarPost[]) => {
    if (posts.length !== expected) throw new Error(`calendar returned ${posts.length} posts, ${expected} expected`);
    for (let i = 1; i < posts.length; i++) {
      if ((posts[i - 1]?.scheduledAt ?? '') > (posts[i]?.scheduledAt ?? '')) throw new Error('calendar out of order');
    }
    const platforms = variables.platforms;
    if (platforms && posts.some((p) => !platforms.includes(p.platform))) throw new Error('platform filter ignored');
    if (posts.some((p) => p.status !== 'SCHEDULED')) throw new Error('a post is not SCHEDULED');
  };
  const once = async () => check((await post<{ calendar: CalendarPost[] }>(url, apiKey, query, variables)).calendar);
  for (let i = 0; i < Math.min(WARMUP, Math.ceil(runs / 5)); i++) await once();
  // Statements of one request alone: the fewest of three (a health probe or usage flush may land in one).
  let statements = Number.POSITIVE_INFINITY;
  for (let i = 0; i < (runs < 50 ? 1 : 3); i++) {
    const before = sqlCounter.statements;
    await once();
    statements = Math.min(statements, sqlCounter.statements - before);
  }
  const latencies: number[] = [];
  for (let i = 0; i < runs; i++) {
    const started = performance.now();
    await once();
    latencies.push(performance.now() - started);
  }
  return { latencies, statements };
}

/** The SQL the ORM sends for one calendar request, with its parameters inlined (for EXPLAIN). */
async function calendarSql(app: App, send: () => Promise<unknown>): Promise<string> {
  const config = app.orm.config;
  const previous = config.get('onQuery');
  let captured: string | undefined;
  config.set('onQuery', (sql: string, params: unknown[]) => {
    if (!captured && /from "scheduled_post"/.test(sql)) {
      captured = app.orm.em.getPlatform().formatQuery(sql, [...params]);
    }
    return previous(sql, params);
  });
  try {
    await send();
  } finally {
    config.set('onQuery', previous);
  }
  if (!captured) throw new Error('no scheduled_post query seen');
  return captured;
}

/** The plan's nodes, one line: "Limit → Index Scan using … → …", and the execution time. */
async function explain(pool: pg.Pool, sql: string): Promise<string> {
  const { rows } = await pool.query<{ 'QUERY PLAN': string }>(`explain (analyze, buffers) ${sql}`);
  const lines = rows.map((row) => row['QUERY PLAN']);
  const nodes = lines
    .filter((line) => line.includes('(cost='))
    .map((line) =>
      line
        .replace(/^\s*->\s*/, '')
        .replace(/\s*\(cost=.*$/, '')
        .trim(),
    );
  const filters = lines.filter((line) => /Index Cond|Filter:|Sort Key|Presorted Key/.test(line)).map((l) => l.trim());
  const execution = lines.find((line) => line.startsWith('Execution Time'))?.replace('Execution Time: ', '') ?? '?';
  return `${nodes.join(' → ')}; ${filters.join('; ')}; execution ${execution}`;
}

async function calendarBench(url: string, pool: pg.Pool, app: App, apiKey: string, workspaceId: string) {
  const t0 = performance.now();
  const seeded = await seedCalendar(pool, workspaceId);
  const seedSeconds = (performance.now() - t0) / 1000;
  const from = new Date(seeded.start.getTime() + 90 * DAY_MS);
  const to = new Date(from.getTime() + 30 * DAY_MS);
  const one = 'LINKEDIN';
  const counts = async (since: string, until: string, platforms: string[] | null) => {
    const { rows } = await pool.query<{ n: number }>(
      `select count(*)::int as n from scheduled_post where workspace_id = $1 and scheduled_at >= $2 and scheduled_at < $3
         and status <> 'CANCELLED' and ($4::text[] is null or platform = any($4))`,
      [workspaceId, since, until, platforms],
    );
    return rows[0]?.n ?? 0;
  };
  const month = { from: from.toISOString(), to: to.toISOString(), platforms: null };
  const monthOne = { ...month, platforms: [one] };
  const week = { ...month, to: new Date(from.getTime() + 7 * DAY_MS).toISOString() };
  const expected = await counts(month.from, month.to, null);
  const expectedOne = await counts(month.from, month.to, [one]);
  const expectedWeek = await counts(week.from, week.to, null);
  console.log(
    `seeded ${CALENDAR_POSTS} SCHEDULED posts (one variant and version 1 each) over 365 days from ` +
      `${seeded.start.toISOString().slice(0, 10)} in ${fmt(seedSeconds, 1)} s; closest two posts of one platform: ` +
      `${seeded.minGapMinutes} min apart`,
  );
  const sql = await calendarSql(app, () => post(url, apiKey, CALENDAR, month));
  console.log(`calendar SQL: ${sql.replace(/\s+/g, ' ')}`);
  console.log(`plan, one month (EXPLAIN ANALYZE): ${await explain(pool, sql)}`);
  const sqlOne = await calendarSql(app, () => post(url, apiKey, CALENDAR, monthOne));
  console.log(`plan, one month, ${one} only: ${await explain(pool, sqlOne)}`);

  const window = `${month.from.slice(0, 10)} to ${month.to.slice(0, 10)}`;
  const shapes = [
    { name: `one month (${window}), all platforms`, query: CALENDAR, variables: month, expected, runs: CALENDAR_RUNS },
    {
      name: `same month, ${one} only`,
      query: CALENDAR,
      variables: monthOne,
      expected: expectedOne,
      runs: CALENDAR_RUNS,
    },
    {
      name: 'first week of it, all platforms',
      query: CALENDAR,
      variables: week,
      expected: expectedWeek,
      runs: CALENDAR_RUNS,
    },
    {
      name: 'same month, all platforms, with variant { id title body hashtags } and version { id number }',
      query: CALENDAR_WITH_CONTENT,
      variables: month,
      expected,
      runs: CONTENT_RUNS,
    },
  ];
  for (const shape of shapes) {
    const { latencies, statements } = await timeCalendar(
      url,
      apiKey,
      shape.query,
      shape.variables,
      shape.expected,
      shape.runs,
    );
    const target =
      shape.query === CALENDAR
        ? `; target p99 ≤ ${P99_TARGET_MS} ms: ${mark(quantile(latencies, 0.99) <= P99_TARGET_MS)}`
        : '';
    console.log(
      `calendar, ${shape.name}: ${shape.expected} posts/query; ${shape.runs} requests one at a time: ` +
        `${latencyLine(latencies)}; SQL statements/request ${statements}${target}`,
    );
  }
  const load = await runLoad({
    url,
    connections: LOAD_CONNECTIONS,
    durationSeconds: LOAD_SECONDS,
    headers: requestHeaders(apiKey),
    body: JSON.stringify({ query: CALENDAR, variables: month }),
  });
  console.log(
    `calendar, one month, all platforms, ${LOAD_CONNECTIONS} connections for ${LOAD_SECONDS} s (autocannon): ` +
      `${fmt(load.requestsPerSecond, 1)} req/s, p50 ${load.latencyP50Ms} ms, p99 ${load.latencyP99Ms} ms, ` +
      `max ${load.latencyMaxMs} ms, non-2xx ${load.non2xx}, errors ${load.errors}, bad bodies ${load.mismatches}`,
  );
}

interface Arrival {
  webhookId: string;
  postId: string;
  scheduledAt: number;
  arrivedAt: number;
}

interface Receiver {
  url: string;
  arrivals: Arrival[];
  reset(): void;
  /** Resolves true once `count` distinct posts arrived, false at `deadline` (epoch ms). */
  until(count: number, deadline: number): Promise<boolean>;
}

/** A local receiver answering 204 at once; records each `post.publish` with its arrival time (body complete). */
async function startReceiver(cleanups: Cleanups): Promise<Receiver> {
  const arrivals: Arrival[] = [];
  const posts = new Set<string>();
  let waiter: { count: number; resolve: (ok: boolean) => void } | undefined;
  const server = http.createServer((request, response) => {
    const chunks: Buffer[] = [];
    request.on('data', (chunk: Buffer) => chunks.push(chunk));
    request.on('end', () => {
      const arrivedAt = Date.now();
      response.writeHead(204).end();
      const body = JSON.parse(Buffer.concat(chunks).toString('utf8')) as {
        type: string;
        data: { postId: string; scheduledAt: string };
      };
      if (body.type !== 'post.publish') return;
      arrivals.push({
        webhookId: String(request.headers['webhook-id']),
        postId: body.data.postId,
        scheduledAt: Date.parse(body.data.scheduledAt),
        arrivedAt,
      });
      posts.add(body.data.postId);
      if (waiter && posts.size >= waiter.count) waiter.resolve(true);
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  cleanups.push(() => new Promise((resolve) => server.close(() => resolve())));
  return {
    url: `http://127.0.0.1:${(server.address() as AddressInfo).port}/hooks/publish`,
    arrivals,
    reset() {
      arrivals.length = 0;
      posts.clear();
    },
    until(count, deadline) {
      if (posts.size >= count) return Promise.resolve(true);
      return new Promise((resolve) => {
        const timer = setTimeout(() => resolve(false), Math.max(0, deadline - Date.now()));
        waiter = {
          count,
          resolve: (ok) => {
            clearTimeout(timer);
            waiter = undefined;
            resolve(ok);
          },
        };
      });
    },
  };
}

async function inParallel<T>(items: T[], lanes: number, work: (item: T) => Promise<void>): Promise<void> {
  const queue = [...items];
  await Promise.all(
    Array.from({ length: lanes }, async () => {
      for (let item = queue.shift(); item !== undefined; item = queue.shift()) await work(item);
    }),
  );
}

const REVIEW = 'mutation($input: ReviewInput!) { reviewContent(input: $input) { id status } }';
const CREATE_ENDPOINT =
  'mutation($input: CreateWebhookEndpointInput!) { createWebhookEndpoint(input: $input) { endpoint { id } } }';
const SCHEDULE = 'mutation($input: SchedulePostInput!) { schedulePost(input: $input) { id scheduledAt status } }';

interface Planned {
  group: 'spread' | 'burst';
  variantId: string;
  at: Date;
}

/**
 * One run of the due-time measurement on its own app (worker on) and workspace: 18 approved variants (approved
 * through reviewContent), the endpoint made through createWebhookEndpoint, the posts through schedulePost.
 */
async function dueRun(
  label: string,
  env: Record<string, string>,
  databaseUrl: string,
  pool: pg.Pool,
  receiver: Receiver,
  cleanups: Cleanups,
): Promise<void> {
  const config = parseConfig({
    ...BASE_ENV,
    DATABASE_URL: databaseUrl,
    COPYDESK_WORKER: 'on',
    COPYDESK_WEBHOOK_ALLOW_PRIVATE: 'on',
    // Posts of one platform may then share a second: the publisher does not look at the gap.
    COPYDESK_MIN_POST_GAP_MINUTES: '0',
    ...env,
  });
  const app = await buildApp(config, { logger: createLogger('silent') });
  cleanups.push(() => app.close());
  const graphqlUrl = `${await app.listen()}/graphql`;
  const ws = await createTestWorkspace(app);
  const { variants } = await seedCampaign(app, graphqlUrl, ws, { platforms: PLATFORMS, perPlatform: 3 });
  for (const variant of variants) {
    await post(graphqlUrl, ws.admin, REVIEW, {
      input: { variantId: variant.id, versionId: variant.versionId, decision: 'APPROVE' },
    });
  }
  await post(graphqlUrl, ws.admin, CREATE_ENDPOINT, { input: { url: receiver.url, events: ['post.publish'] } });
  receiver.reset();

  // Consecutive posts go to different platforms; 100 ms apart plus up to 40 ms, so no two share a time.
  const variantOf = (i: number) => variants[(i % PLATFORMS.length) * 3 + (Math.floor(i / PLATFORMS.length) % 3)];
  const next = random(7);
  const base = Date.now() + LEAD_MS;
  const planned: Planned[] = [];
  for (let i = 0; i < SPREAD; i++) {
    const at = new Date(base + i * STEP_MS + Math.floor(next() * 40));
    planned.push({ group: 'spread', variantId: variantOf(i)?.id ?? '', at });
  }
  const burstAt = new Date(base + SPREAD * STEP_MS + 1_000);
  for (let i = 0; i < BURST; i++) planned.push({ group: 'burst', variantId: variantOf(i)?.id ?? '', at: burstAt });
  const groupOf = new Map<string, Planned['group']>();
  const scheduling: number[] = [];
  const t0 = performance.now();
  await inParallel(planned, 4, async (p) => {
    const started = performance.now();
    const data = await post<{ schedulePost: { id: string; status: string } }>(graphqlUrl, ws.editor, SCHEDULE, {
      input: { variantId: p.variantId, at: p.at.toISOString(), timeZone: 'Europe/Berlin' },
    });
    scheduling.push(performance.now() - started);
    groupOf.set(data.schedulePost.id, p.group);
  });
  const scheduleSeconds = (performance.now() - t0) / 1000;
  const spare = base - Date.now();
  const total = planned.length;

  const allArrived = await receiver.until(total, burstAt.getTime() + 20_000);
  const lastArrival = Date.now();
  // Room for a second delivery or a second publication of any post to show up.
  await sleep(1_500);
  const ids = [...groupOf.keys()];
  let published = 0;
  for (const deadline = Date.now() + 15_000; Date.now() < deadline; await sleep(100)) {
    const { rows } = await pool.query<{ n: number }>(
      `select count(*)::int as n from scheduled_post where id = any($1) and status = 'PUBLISHED'`,
      [ids],
    );
    published = rows[0]?.n ?? 0;
    if (published === total) break;
  }
  const settledSeconds = (Date.now() - lastArrival) / 1000;
  const { rows: events } = await pool.query<{ post_id: string; occurred_at: Date; scheduled_at: Date }>(
    `select o.payload->>'postId' as post_id, o.occurred_at, p.scheduled_at from outbox o
       join scheduled_post p on p.id = (o.payload->>'postId')::uuid
     where o.name = 'post.publish' and o.workspace_id = $1`,
    [ws.workspace.id],
  );
  const { rows: deliveries } = await pool.query<{ n: number }>(
    `select count(*)::int as n from webhook_delivery where workspace_id = $1 and event = 'post.publish'`,
    [ws.workspace.id],
  );
  await app.close();

  const arrivals = [...receiver.arrivals];
  const firstOf = new Map<string, Arrival>();
  for (const arrival of arrivals) if (!firstOf.has(arrival.postId)) firstOf.set(arrival.postId, arrival);
  const webhookIds = new Set(arrivals.map((a) => a.webhookId));
  const publishEvents = new Map<string, number>();
  for (const event of events) publishEvents.set(event.post_id, (publishEvents.get(event.post_id) ?? 0) + 1);
  const strangers = arrivals.filter((a) => !groupOf.has(a.postId)).length;

  console.log(
    `due time, ${label}: ${SPREAD} posts due ~${STEP_MS} ms apart, then ${BURST} due at one instant; ` +
      `scheduled through schedulePost in ${fmt(scheduleSeconds, 2)} s (4 at a time, p50 ` +
      `${fmt(quantile(scheduling, 0.5), 0)} ms, p95 ${fmt(quantile(scheduling, 0.95), 0)} ms each; ` +
      `${fmt(spare / 1000, 2)} s to spare before the first was due` +
      `${spare < 0 ? ': **scheduling overlapped the due times**' : ''}); one endpoint subscribed to post.publish`,
  );
  for (const group of ['spread', 'burst'] as const) {
    const mine = [...firstOf.values()].filter((a) => groupOf.get(a.postId) === group);
    const delays = mine.map((a) => a.arrivedAt - a.scheduledAt);
    const pickups = events
      .filter((e) => groupOf.get(e.post_id) === group)
      .map((e) => e.occurred_at.getTime() - e.scheduled_at.getTime());
    const count = group === 'spread' ? SPREAD : BURST;
    console.log(
      `  ${group === 'spread' ? `${SPREAD} posts at distinct times` : `${BURST} posts at one instant`}: ` +
        `scheduledAt → receiver p50 ${fmt(quantile(delays, 0.5), 0)} ms, p95 ${fmt(quantile(delays, 0.95), 0)} ms, ` +
        `max ${fmt(quantile(delays, 1), 0)} ms, earliest ${fmt(quantile(delays, 0), 0)} ms ` +
        `(${mine.length}/${count} arrived); of which due → post.publish written p50 ${fmt(quantile(pickups, 0.5), 0)} ms, ` +
        `p95 ${fmt(quantile(pickups, 0.95), 0)} ms; target p95 ≤ ${DUE_P95_TARGET_MS} ms: ` +
        mark(mine.length === count && quantile(delays, 0.95) <= DUE_P95_TARGET_MS),
    );
  }
  const duplicatesById = arrivals.length - webhookIds.size;
  const duplicatesByPost = arrivals.length - firstOf.size;
  const multiple = [...publishEvents.values()].filter((n) => n > 1).length;
  console.log(
    `  exactly once: ${firstOf.size}/${total} posts arrived${allArrived ? '' : ' (the rest not within 20 s)'}, ` +
      `${arrivals.length} requests, ${webhookIds.size} distinct webhook-ids; duplicates by webhook-id ` +
      `${duplicatesById}, by post id ${duplicatesByPost}; post.publish events ${events.length} ` +
      `(${multiple} posts with more than one), deliveries ${deliveries[0]?.n ?? 0}, from other runs ${strangers}; ` +
      `${published}/${total} PUBLISHED ${fmt(settledSeconds, 1)} s after the last arrival: ` +
      mark(firstOf.size === total && duplicatesByPost === 0 && multiple === 0 && published === total),
  );
}

async function main(): Promise<void> {
  await withCleanups(async (cleanups) => {
    const db = await benchDatabase(cleanups);
    const pool = new pg.Pool({ connectionString: db.url, max: 2 });
    cleanups.push(() => pool.end());
    console.log(`${await postgresVersion()} at ${db.url.replace(/\/[^/]*$/, '/…')}; ${machine()}`);
    console.log(
      'everything on this machine: the app, its worker, the receiver, the client and PostgreSQL; ' +
        `load average at the start: ${loadAverage()}`,
    );

    // (1) the calendar read, worker off: only requests reach the database.
    const config = parseConfig({ ...BASE_ENV, DATABASE_URL: db.url, COPYDESK_WORKER: 'off' });
    const app = await buildApp(config, { logger: createLogger('silent') });
    cleanups.push(() => app.close());
    const url = `${await app.listen()}/graphql`;
    const workspace = await createWorkspace(app, 'calendar');
    await calendarBench(url, pool, app, workspace.apiKey, workspace.workspaceId);
    await app.close();

    // (2) due-time accuracy, the calendar's 10,000 posts still in the table (none due during the run).
    const receiver = await startReceiver(cleanups);
    const short = { COPYDESK_PUBLISH_POLL_MS: '100', COPYDESK_OUTBOX_POLL_MS: '100', COPYDESK_WEBHOOK_POLL_MS: '100' };
    await dueRun('polls 100 ms (publish, outbox, webhooks)', short, db.url, pool, receiver, cleanups);
    await dueRun('default polls (1000 ms each)', {}, db.url, pool, receiver, cleanups);
    console.log(`load average at the end: ${loadAverage()}`);
  });
}

main().catch((error: unknown) => {
  console.error(error);
  process.exitCode = 1;
});

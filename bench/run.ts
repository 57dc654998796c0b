// reflect-metadata must load before any type-graphql decorator runs (see src/main.ts).
import 'reflect-metadata';
import { deepStrictEqual } from 'node:assert/strict';
import type http from 'node:http';
import { setTimeout as sleep } from 'node:timers/promises';
import pg from 'pg';
import { type App, buildApp } from '../src/app';
import { parseConfig } from '../src/infra/config';
import { createLogger } from '../src/infra/logger';
import { sqlCounter } from '../src/infra/orm';
import { type BareServer, startBareServer } from './bare-server';
import type { BenchDatabase } from './database';
import { benchDatabase, type Cleanups, withCleanups } from './lifecycle';
import { type LoadResult, runLoad } from './load';
import { withCpuProfile } from './profile';
import { pageQuery, postPage, requestHeaders, verifyPage } from './query';
import { type BenchFigures, describeLoad, summary } from './report';
import { SEED, type SeededWorkspace, seed } from './seed';

/**
 * `npm run bench:read` (the first half of `npm run bench`): builds the real app on a fresh PostgreSQL database,
 * seeds it, measures SQL statements per request, then loads `campaigns(first: 20)` with autocannon against the app
 * and against a bare baseline.
 * BENCH_DURATION (seconds, default 10) shortens the load; BENCH_DATABASE_ADMIN_URL picks another PostgreSQL;
 * BENCH_CPU_PROFILE=<file.cpuprofile> profiles the app during its measured load (and slows it down), and the baseline
 * during its own into <file>.baseline.cpuprofile.
 */

const DURATION = Number(process.env.BENCH_DURATION ?? 10);
const WARMUP = Math.min(3, DURATION);
const CONNECTIONS = 50;
const PAGE = 20;
const FIRSTS = [5, 20, 50];

/** Counts requests a server has received, so statements per request come from the server's side. */
function requestCounter(server: http.Server): () => number {
  let received = 0;
  server.on('request', () => {
    received++;
  });
  return () => received;
}

/** Waits until no SQL statement has been sent for a while: requests cut off by the end of a load still finish. */
async function settle(statements: () => number): Promise<void> {
  let last = statements();
  for (let quiet = 0, i = 0; quiet < 5 && i < 200; i++) {
    await sleep(100);
    const now = statements();
    quiet = now === last ? quiet + 1 : 0;
    last = now;
  }
}

interface Target {
  name: string;
  url: string;
  statements: () => number;
  requests: () => number;
}

/** SQL statements of one request, measured alone; the largest of three tries. */
async function statementsOf(target: Target, apiKey: string, first: number): Promise<number> {
  let most = 0;
  for (let i = 0; i < 3; i++) {
    const before = target.statements();
    verifyPage(await postPage(target.url, apiKey, first), first);
    most = Math.max(most, target.statements() - before);
  }
  return most;
}

async function load(
  target: Target,
  apiKey: string,
  seconds: number,
  connections = CONNECTIONS,
): Promise<LoadResult & { statementsPerRequest: number; cpuMsPerRequest: number }> {
  await settle(target.statements);
  const statements = target.statements();
  const requests = target.requests();
  // Both servers run in this process, one loaded at a time (autocannon is a child process): this process's CPU
  // time per answer is the server's cost, steadier than req/s when the machine's other tenants come and go.
  const cpu = process.cpuUsage();
  const result = await runLoad({
    url: target.url,
    connections,
    durationSeconds: seconds,
    headers: requestHeaders(apiKey),
    body: JSON.stringify({ query: pageQuery(PAGE) }),
  });
  // Every request the server received runs to its end, even when autocannon hung up on it.
  await settle(target.statements);
  const used = process.cpuUsage(cpu);
  const received = Math.max(target.requests() - requests, 1);
  return {
    ...result,
    statementsPerRequest: (target.statements() - statements) / received,
    cpuMsPerRequest: (used.user + used.system) / 1000 / received,
  };
}

async function startApp(databaseUrl: string): Promise<{ app: App; target: Target }> {
  const config = parseConfig({
    // Load from one IP and key: budgets out of reach, so the figures include the limiter's cost but no refusals.
    COPYDESK_RATE_LIMIT_IP_PER_MIN: '10000000',
    COPYDESK_RATE_LIMIT_KEY_PER_MIN: '10000000',
    COPYDESK_RATE_LIMIT_GENERATION_PER_MIN: '1000000',
    DATABASE_URL: databaseUrl,
    PORT: '0',
    HOST: '127.0.0.1',
    LOG_LEVEL: 'silent',
    COPYDESK_SHUTDOWN_TIMEOUT_MS: '2000',
    // The read path only: a worker's outbox sweep (one statement a second) would be counted as the requests'.
    COPYDESK_WORKER: 'off',
  });
  const app = await buildApp(config, { logger: createLogger(config.LOG_LEVEL) });
  const url = `${await app.listen()}/graphql`;
  const target = {
    name: 'copydesk',
    url,
    statements: () => sqlCounter.statements,
    requests: requestCounter(app.httpServer),
  };
  return { app, target };
}

async function seedDatabase(app: App, databaseUrl: string): Promise<SeededWorkspace & { postgres: string }> {
  const pool = new pg.Pool({ connectionString: databaseUrl, max: 1 });
  try {
    const seeded = await seed(app, pool);
    const { rows } = await pool.query<{ server_version: string }>('show server_version');
    return { ...seeded, postgres: `PostgreSQL ${rows[0]?.server_version.split(' ')[0] ?? '?'}` };
  } finally {
    await pool.end();
  }
}

interface Servers {
  apiKey: string;
  postgres: string;
  copydesk: Target;
  baseline: Target;
}

/** The app (migrated, seeded) and the baseline on the same database, each on a free port. */
async function startServers(database: BenchDatabase, cleanups: Cleanups): Promise<Servers> {
  const { app, target: copydesk } = await startApp(database.url);
  cleanups.push(() => app.close());
  const seeded = await seedDatabase(app, database.url);
  console.log(`seeded ${SEED.campaigns} campaigns × 6 platforms × ${SEED.variantsPerPlatform} variants`);
  const bare: BareServer = await startBareServer({
    databaseUrl: database.url,
    poolMax: app.config.COPYDESK_DB_POOL_MAX,
  });
  cleanups.push(() => bare.close());
  const baseline = {
    name: 'baseline',
    url: bare.url,
    statements: bare.statements,
    requests: requestCounter(bare.httpServer),
  };
  return { apiKey: seeded.apiKey, postgres: seeded.postgres, copydesk, baseline };
}

/** Checks both answers once, then counts the statements of single requests for each page size. */
async function verifyAndCount({ apiKey, copydesk, baseline }: Servers): Promise<BenchFigures['single']> {
  // Both answer the same page, equal once parsed; the first call also records the key's use (one UPDATE).
  const page = await postPage(copydesk.url, apiKey, PAGE);
  verifyPage(page, PAGE);
  deepStrictEqual(await postPage(baseline.url, apiKey, PAGE), page, 'the baseline answers like the app');
  await settle(copydesk.statements);
  const kb = Math.round(JSON.stringify({ data: page }).length / 1024);
  console.log(`responses verified: ${PAGE} campaigns × 6 platforms × 3 variants, latest job SUCCEEDED (~${kb} KB)`);
  const single = [];
  for (const first of FIRSTS) {
    single.push({
      first,
      app: await statementsOf(copydesk, apiKey, first),
      bare: await statementsOf(baseline, apiKey, first),
    });
  }
  console.log(`SQL statements per request: ${single.map((row) => `first=${row.first}: ${row.app}`).join(', ')}`);
  return single;
}

async function bench(database: BenchDatabase, cleanups: Cleanups): Promise<BenchFigures> {
  console.log(`database ${database.name}; load ${DURATION} s × ${CONNECTIONS} connections per server`);
  const servers = await startServers(database, cleanups);
  const { apiKey, copydesk, baseline } = servers;
  const single = await verifyAndCount(servers);
  console.log(`warming up both servers (${WARMUP} s each)`);
  await load(copydesk, apiKey, WARMUP);
  await load(baseline, apiKey, WARMUP);
  const app = await withCpuProfile(process.env.BENCH_CPU_PROFILE, () => load(copydesk, apiKey, DURATION));
  console.log(describeLoad(copydesk.name, app));
  // The baseline's profile beside the app's (<file>.baseline.cpuprofile), to compare where each spends its time.
  const baselineProfile = process.env.BENCH_CPU_PROFILE?.replace(/(\.cpuprofile)?$/, '.baseline.cpuprofile');
  const bare = await withCpuProfile(baselineProfile, () => load(baseline, apiKey, DURATION));
  console.log(describeLoad(baseline.name, bare));
  // One connection: the latency of a request that does not queue behind 49 others.
  const appAlone = await load(copydesk, apiKey, WARMUP, 1);
  console.log(describeLoad(`${copydesk.name}, 1 connection`, appAlone));
  const bareAlone = await load(baseline, apiKey, WARMUP, 1);
  console.log(describeLoad(`${baseline.name}, 1 connection`, bareAlone));
  return {
    date: new Date().toISOString().slice(0, 10),
    postgres: servers.postgres,
    connections: CONNECTIONS,
    durationSeconds: DURATION,
    campaigns: SEED.campaigns,
    app,
    bare,
    alone: { app: appAlone, bare: bareAlone, seconds: WARMUP },
    single,
  };
}

async function main(): Promise<void> {
  if (!Number.isFinite(DURATION) || DURATION < 1) throw new Error('BENCH_DURATION must be a number of seconds ≥ 1');
  await withCleanups(async (cleanups) => {
    const database = await benchDatabase(cleanups);
    const figures = await bench(database, cleanups);
    console.log(`\n${summary(figures)}\n`);
  });
}

main().catch((error: unknown) => {
  console.error(error);
  process.exitCode = 1;
});

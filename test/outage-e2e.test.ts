import { type ChildProcess, spawn } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import net from 'node:net';
import pg from 'pg';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { createScratchDatabase, type ScratchDatabase } from './support/database';
import { buildBrief } from './support/factories';
import { gql } from './support/graphql';
import { type CliProcess, killStartedProcesses, startCli } from './support/process';
import { TcpProxy } from './support/tcp-proxy';

/**
 * Surviving outages, end to end: an API process and a worker process (the real CLI), the database behind a proxy
 * the test cuts, and a Redis server of this file's own that the test kills and starts again empty (no persistence:
 * every queue entry is lost). Twenty jobs are in flight through both outages; each must finish exactly once.
 */

const JOBS = 20;
const PLATFORMS = ['LINKEDIN', 'TWITTER'];
const VARIANTS = 2;
const ADMIN_KEY = `cdk_${randomBytes(27).toString('base64url').slice(0, 36)}`;
const CREATE = 'mutation($input: CreateCampaignInput!) { createCampaign(input: $input) { id } }';
const GENERATE = 'mutation($input: GenerateCampaignInput!) { generateCampaign(input: $input) { id status } }';

let scratch: ScratchDatabase;
let db: pg.Pool;
const database = new TcpProxy(5432);
let redis: ChildProcess | undefined;
let redisPort = 0;

async function freePort(): Promise<number> {
  const server = net.createServer();
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as net.AddressInfo;
  await new Promise<void>((resolve) => server.close(() => resolve()));
  return port;
}

/** Starts the file's Redis (empty, nothing saved) and waits until it answers. */
async function startRedis(): Promise<void> {
  redis = spawn(
    '/usr/bin/redis-server',
    ['--port', String(redisPort), '--bind', '127.0.0.1', '--save', '', '--appendonly', 'no'],
    {
      stdio: 'ignore',
    },
  );
  // vi.waitFor, not expect.poll: it also runs in beforeAll.
  await vi.waitFor(
    () =>
      new Promise<void>((resolve, reject) => {
        const socket = net.connect(redisPort, '127.0.0.1', () => {
          socket.end();
          resolve();
        });
        socket.on('error', reject);
      }),
    { timeout: 10_000, interval: 50 },
  );
}

async function stopRedis(): Promise<void> {
  const child = redis;
  if (!child || child.exitCode !== null) return;
  const exited = new Promise((resolve) => child.once('exit', resolve));
  child.kill('SIGKILL');
  await exited;
  redis = undefined;
}

beforeAll(async () => {
  scratch = await createScratchDatabase();
  db = new pg.Pool({ connectionString: scratch.url, max: 2 });
  // pg-pool's end() resolves before its clients' sockets have closed, and the scratch database is dropped WITH
  // (FORCE) right after: a client still closing is then terminated (57P01), which the pool re-emits as 'error'.
  // That is the teardown, not a finding; without a listener it would be an uncaught exception.
  db.on('error', () => undefined);
  await database.open();
  redisPort = await freePort();
  await startRedis();
});
afterAll(async () => {
  await killStartedProcesses();
  await stopRedis();
  await database.cut().catch(() => undefined);
  await db?.end();
  await scratch?.drop();
});

function copydesk(command: 'serve' | 'worker', env: Record<string, string> = {}): CliProcess {
  const url = new URL(scratch.url);
  url.host = `127.0.0.1:${database.port}`;
  return startCli([command], {
    DATABASE_URL: url.toString(),
    REDIS_URL: `redis://127.0.0.1:${redisPort}/0`,
    COPYDESK_ADMIN_KEY: ADMIN_KEY,
    COPYDESK_DB_POOL_MAX: '4',
    PORT: '0',
    HOST: '127.0.0.1',
    LOG_LEVEL: 'info',
    COPYDESK_OFFLINE_DELAY_MS: '15',
    COPYDESK_RATE_LIMIT_GENERATION_PER_MIN: '1000',
    COPYDESK_WORKER_CONCURRENCY: '4',
    COPYDESK_QUEUE_LOCK_MS: '2000',
    COPYDESK_QUEUE_OUTAGE_DELAY_MS: '100',
    COPYDESK_RECONCILE_INTERVAL_MS: '250',
    COPYDESK_RECONCILE_GRACE_MS: '1000',
    COPYDESK_OUTBOX_POLL_MS: '100',
    ...env,
  });
}

async function statuses(ids: string[]): Promise<Record<string, number>> {
  const { rows } = await db.query<{ status: string; n: number }>(
    'select status, count(*)::int as n from generation_job where id = any($1) group by status',
    [ids],
  );
  return Object.fromEntries(rows.map((row) => [row.status, row.n]));
}

describe('a database outage and a Redis restart with jobs in flight', () => {
  it(`finishes each of ${JOBS} jobs exactly once, with exactly the requested variants`, async () => {
    const api = copydesk('serve', { COPYDESK_WORKER: 'off' });
    const url = `${await api.waitForListening()}`;
    const ids: string[] = [];
    for (let i = 0; i < JOBS; i++) {
      const created = await gql<{ createCampaign: { id: string } }>(url, CREATE, {
        key: ADMIN_KEY,
        variables: { input: { name: `Outage ${i}`, brief: buildBrief({ platforms: PLATFORMS }) } },
      });
      expect(created.errors).toBeUndefined();
      const started = await gql<{ generateCampaign: { id: string } }>(url, GENERATE, {
        key: ADMIN_KEY,
        variables: { input: { campaignId: created.data?.createCampaign.id, variantsPerPlatform: VARIANTS } },
      });
      expect(started.errors).toBeUndefined();
      ids.push(String(started.data?.generateCampaign.id));
    }
    const worker = copydesk('worker');
    await expect
      .poll(async () => (await statuses(ids)).RUNNING ?? 0, { timeout: 30_000, interval: 20 })
      .toBeGreaterThan(0);

    // The database goes away under running jobs, then comes back.
    await database.cut();
    await worker.waitFor(
      'a job waiting for the database',
      () => worker.logs().find((line) => line.msg === 'a dependency is down; the item waits for it') ?? undefined,
      30_000,
    );
    // Meanwhile the API says so: /readyz 503, and a read is SERVICE_UNAVAILABLE, not a server error.
    const base = url.replace(/\/graphql$/, '');
    await expect.poll(async () => (await fetch(`${base}/readyz`)).status, { timeout: 15_000 }).toBe(503);
    const read = await gql(url, '{ campaigns(first: 1) { totalCount } }', { key: ADMIN_KEY });
    expect(read.errors?.[0]?.extensions?.code).toBe('SERVICE_UNAVAILABLE');
    await database.open();
    await expect.poll(async () => (await fetch(`${base}/readyz`)).status, { timeout: 15_000 }).toBe(200);

    // Redis dies and comes back empty: every waiting and active queue entry is gone; the rows still say QUEUED or
    // RUNNING, and the reconciler hands them over again.
    await expect.poll(async () => (await statuses(ids)).SUCCEEDED ?? 0, { timeout: 60_000 }).toBeGreaterThan(0);
    const before = await statuses(ids);
    // More jobs unfinished than the worker runs at once: some only wait in Redis, and are lost with it.
    expect(JOBS - (before.SUCCEEDED ?? 0)).toBeGreaterThan(4);
    await stopRedis();
    await startRedis();

    await expect.poll(async () => (await statuses(ids)).SUCCEEDED ?? 0, { timeout: 120_000, interval: 200 }).toBe(JOBS);

    // Exactly once: one completion event per job, the requested variants and no more.
    const completed = await db.query<{ job: string; n: number }>(
      `select payload->>'jobId' as job, count(*)::int as n from outbox
         where name = 'generation.completed' and payload->>'jobId' = any($1) group by 1`,
      [ids],
    );
    expect(completed.rows.length).toBe(JOBS);
    expect(completed.rows.filter((row) => row.n !== 1)).toEqual([]);
    const variants = await db.query<{ job: string; n: number }>(
      'select job_id as job, count(*)::int as n from content_variant where job_id = any($1) group by 1',
      [ids],
    );
    expect(variants.rows.filter((row) => row.n !== PLATFORMS.length * VARIANTS)).toEqual([]);
    expect(variants.rows.length).toBe(JOBS);
    // The lost ones came back through the reconciler, not a restart.
    expect(
      worker.logs().filter((line) => line.msg === 're-queued a job the queue did not hold').length,
    ).toBeGreaterThan(0);
    // The worker lived through both outages.
    expect(worker.alive).toBe(true);
    expect(api.alive).toBe(true);
  }, 240_000);
});

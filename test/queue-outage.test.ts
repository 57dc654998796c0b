import { randomBytes } from 'node:crypto';
import { Worker } from 'bullmq';
import pino from 'pino';
import { afterAll, beforeAll, describe, expect, inject, it, onTestFinished } from 'vitest';
import { BullMqJobQueue } from '../src/infra/queue';
import { JobReconciler } from '../src/services/generation/job-reconciler';
import { startTestApp, type TestApp } from './support/app';
import { createScratchDatabase, type ScratchDatabase } from './support/database';
import { buildBrief, createTestWorkspace, type TestWorkspace } from './support/factories';
import { gql } from './support/graphql';
import { deleteRedisKeys } from './support/redis';
import { TcpProxy } from './support/tcp-proxy';

/**
 * Generation jobs and a Redis outage: a job is accepted while Redis is down and runs once it is back; the reconciler
 * hands over what the queue lost, dropped or never got; an outage does not spend a job's attempts.
 */

const CREATE = 'mutation($input: CreateCampaignInput!) { createCampaign(input: $input) { id } }';
const GENERATE = 'mutation($id: ID!) { generateCampaign(input: { campaignId: $id }) { id status } }';
const JOB = 'query($id: ID!) { generationJob(id: $id) { status } }';
const silent = pino({ level: 'silent' });

let scratch: ScratchDatabase;
const prefixes: string[] = [];

function prefix(): string {
  const value = `outage-test-${randomBytes(5).toString('hex')}`;
  prefixes.push(value);
  return value;
}

beforeAll(async () => {
  scratch = await createScratchDatabase();
});
afterAll(async () => {
  await deleteRedisKeys(prefixes);
  await scratch?.drop();
});

async function startJob(t: TestApp, ws: TestWorkspace): Promise<{ id: string; status: string }> {
  const created = await gql<{ createCampaign: { id: string } }>(t.graphqlUrl, CREATE, {
    key: ws.admin,
    variables: { input: { name: 'Outage', brief: buildBrief({ platforms: ['LINKEDIN'] }) } },
  });
  expect(created.errors).toBeUndefined();
  const started = await gql<{ generateCampaign: { id: string; status: string } }>(t.graphqlUrl, GENERATE, {
    key: ws.admin,
    variables: { id: created.data?.createCampaign.id },
  });
  expect(started.errors).toBeUndefined();
  return started.data?.generateCampaign as { id: string; status: string };
}

async function jobStatus(t: TestApp, ws: TestWorkspace, id: string): Promise<string | undefined> {
  const res = await gql<{ generationJob: { status: string } }>(t.graphqlUrl, JOB, { key: ws.admin, variables: { id } });
  return res.data?.generationJob.status;
}

async function completedEvents(t: TestApp, jobId: string): Promise<number> {
  const rows = await t.app.orm.em
    .getConnection()
    .execute<{ n: number }[]>(
      `select count(*)::int as n from outbox where name = 'generation.completed' and payload->>'jobId' = ?`,
      [jobId],
    );
  return rows[0]?.n ?? 0;
}

describe('generateCampaign while Redis is down', () => {
  it('accepts the job (QUEUED), answers while Redis is still down, and runs it exactly once when Redis is back', async () => {
    const proxy = new TcpProxy(Number(new URL(inject('redisUrl')).port || 6379));
    await proxy.open();
    const t = await startTestApp({
      DATABASE_URL: scratch.url,
      REDIS_URL: `redis://127.0.0.1:${proxy.port}/0`,
      COPYDESK_QUEUE_PREFIX: prefix(),
      COPYDESK_WORKER: 'on',
      COPYDESK_OFFLINE_DELAY_MS: '0',
      COPYDESK_RECONCILE_INTERVAL_MS: '50',
      COPYDESK_RECONCILE_GRACE_MS: '200',
      COPYDESK_QUEUE_OUTAGE_DELAY_MS: '50',
      COPYDESK_OUTBOX_POLL_MS: '50',
    });
    let down = false;
    onTestFinished(async () => {
      if (down) await proxy.open();
      await t.close();
      await proxy.cut();
    });
    const ws = await createTestWorkspace(t.app);
    // Redis works: a job runs as usual.
    const before = await startJob(t, ws);
    await expect.poll(() => jobStatus(t, ws, before.id), { timeout: 20_000 }).toBe('SUCCEEDED');

    await proxy.cut();
    down = true;
    const during = await startJob(t, ws);
    expect(during.status).toBe('QUEUED');
    // Still down: nothing can have run it.
    expect(await jobStatus(t, ws, during.id)).toBe('QUEUED');

    await proxy.open();
    down = false;
    await expect.poll(() => jobStatus(t, ws, during.id), { timeout: 30_000, interval: 100 }).toBe('SUCCEEDED');
    await expect.poll(() => completedEvents(t, during.id), { timeout: 10_000 }).toBe(1);
    expect(await completedEvents(t, before.id)).toBe(1);
  });
});

describe('the job reconciler', () => {
  it('hands over a QUEUED job the queue lost or holds as failed, and leaves waiting and young jobs alone', async () => {
    const queuePrefix = prefix();
    // No worker: the jobs stay QUEUED in the database and waiting in BullMQ, where the test arranges them.
    const t = await startTestApp({
      DATABASE_URL: scratch.url,
      REDIS_URL: inject('redisUrl'),
      COPYDESK_QUEUE_PREFIX: queuePrefix,
    });
    const queue = new BullMqJobQueue({
      redisUrl: inject('redisUrl'),
      queueName: 'generation',
      prefix: queuePrefix,
      logger: silent,
      lockDurationMs: 30_000,
      enqueueTimeoutMs: 5_000,
      retry: { attempts: 1, backoffMs: 10 },
      keepFinished: true,
    });
    onTestFinished(async () => {
      await queue.close();
      await t.close();
    });
    const ws = await createTestWorkspace(t.app);
    const waiting = await startJob(t, ws);
    const lost = await startJob(t, ws);
    const failed = await startJob(t, ws);
    expect(await queue.inspect(waiting.id)).toBe('waiting');

    // `lost`: gone from Redis (a flushed or replaced Redis). `failed`: its attempts spent, left in BullMQ's failed set.
    const bull = (queue as unknown as { queue: import('bullmq').Queue }).queue;
    await bull.remove(lost.id);
    await bull.remove(failed.id);
    await queue.enqueue(failed.id);
    await bull.remove(waiting.id);
    const failing = new Worker(
      'generation',
      async (job) => {
        if (job.id !== failed.id) throw new Error(`unexpected job ${job.id}`);
        throw new Error('a fault of ours');
      },
      { connection: { url: inject('redisUrl'), maxRetriesPerRequest: null }, prefix: queuePrefix },
    );
    await expect.poll(() => queue.inspect(failed.id), { timeout: 10_000 }).toBe('finished');
    await failing.close();
    await queue.enqueue(waiting.id);
    expect(await queue.inspect(lost.id)).toBe('unknown');

    const young = new JobReconciler({ orm: t.app.orm, queue, logger: silent, intervalMs: 1_000, graceMs: 3_600_000 });
    expect(await young.reconcile()).toEqual({ checked: 0, requeued: 0 });

    const inAnHour = () => new Date(Date.now() + 3_600_000);
    const reconciler = new JobReconciler({
      orm: t.app.orm,
      queue,
      logger: silent,
      intervalMs: 1_000,
      graceMs: 60_000,
      now: inAnHour,
    });
    const pass = await reconciler.reconcile();
    expect(pass.requeued).toBe(2);
    expect(pass.checked).toBeGreaterThanOrEqual(3);
    expect(await queue.inspect(lost.id)).toBe('waiting');
    expect(await queue.inspect(failed.id)).toBe('waiting');
    expect(await queue.inspect(waiting.id)).toBe('waiting');
    // A second pass finds nothing to do.
    expect((await reconciler.reconcile()).requeued).toBe(0);
  });
});

describe('a dependency outage inside a job', () => {
  it('delays the job instead of spending its only attempt', async () => {
    const queue = new BullMqJobQueue({
      redisUrl: inject('redisUrl'),
      queueName: 'outage-attempts',
      prefix: prefix(),
      logger: silent,
      lockDurationMs: 30_000,
      enqueueTimeoutMs: 5_000,
      retry: { attempts: 1, backoffMs: 10, outageDelayMs: 20 },
      keepFinished: true,
    });
    onTestFinished(() => queue.close());
    const tries: string[] = [];
    queue.process(async (jobId) => {
      tries.push(jobId);
      if (tries.length <= 2)
        throw Object.assign(new Error('connect ECONNREFUSED 127.0.0.1:5432'), { code: 'ECONNREFUSED' });
    }, 1);
    await queue.enqueue('job-1');
    await expect.poll(() => queue.inspect('job-1'), { timeout: 10_000 }).toBe('finished');
    // Two tries met the outage, the third ran: with one attempt allowed, a counted failure would have ended it.
    expect(tries).toEqual(['job-1', 'job-1', 'job-1']);
    const bull = (queue as unknown as { queue: import('bullmq').Queue }).queue;
    expect(await bull.getJobState('job-1')).toBe('completed');
  });
});

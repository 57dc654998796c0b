import { randomBytes } from 'node:crypto';
import pg from 'pg';
import { afterAll, afterEach, beforeAll, describe, expect, inject, it } from 'vitest';
import type { AnyDomainEvent } from '../src/services/events/event-catalog';
import type { DurableSubscriber } from '../src/services/events/outbox-dispatcher';
import { startTestApp, type TestApp } from './support/app';
import { createScratchDatabase, type ScratchDatabase } from './support/database';
import { buildBrief, buildTemplateInput, createTestWorkspace } from './support/factories';
import { gql } from './support/graphql';
import { killStartedProcesses, startCli } from './support/process';
import { deleteRedisKeys } from './support/redis';

const CREATE = `mutation ($input: CreateCampaignInput!) { createCampaign(input: $input) { id } }`;
const ARCHIVE = `mutation ($id: ID!) { archiveCampaign(id: $id) { id status } }`;

/** A durable subscriber that records what it handled; it fails the first `failures` calls. */
function recorder(name: string, failures = 0): DurableSubscriber & { seen: AnyDomainEvent[]; calls: number } {
  let left = failures;
  const subscriber = {
    name,
    events: '*' as const,
    seen: [] as AnyDomainEvent[],
    calls: 0,
    async handle(event: AnyDomainEvent) {
      subscriber.calls++;
      if (left > 0) {
        left--;
        throw new Error('receiver unavailable');
      }
      subscriber.seen.push(event);
    },
  };
  return subscriber;
}

let scratch: ScratchDatabase;
let db: pg.Pool;
const apps: TestApp[] = [];
const prefixes: string[] = [];

beforeAll(async () => {
  scratch = await createScratchDatabase();
  db = new pg.Pool({ connectionString: scratch.url, max: 2 });
});
afterEach(async () => {
  await Promise.all(apps.splice(0).map((app) => app.close()));
  await killStartedProcesses();
});
afterAll(async () => {
  await db?.end();
  await deleteRedisKeys(prefixes);
  await scratch?.drop();
});

async function app(env: Record<string, string>, subscribers: DurableSubscriber[] = []): Promise<TestApp> {
  const started = await startTestApp(
    { DATABASE_URL: scratch.url, COPYDESK_OUTBOX_POLL_MS: '50', COPYDESK_QUEUE_BACKOFF_MS: '10', ...env },
    { subscribers },
  );
  apps.push(started);
  return started;
}

async function outboxRow(name: string, campaignId: string) {
  const { rows } = await db.query<{ id: string; dispatched_at: Date | null; attempts: number }>(
    `select id, dispatched_at, attempts from outbox where name = $1 and payload->>'campaignId' = $2`,
    [name, campaignId],
  );
  return rows;
}

async function receipts(eventId: string): Promise<string[]> {
  const { rows } = await db.query<{ subscriber: string }>(
    'select subscriber from outbox_receipt where event_id = $1 order by subscriber',
    [eventId],
  );
  return rows.map((row) => row.subscriber);
}

async function createCampaign(t: TestApp, key: string): Promise<string> {
  const created = await gql<{ createCampaign: { id: string } }>(t.graphqlUrl, CREATE, {
    key,
    variables: { input: { name: 'Launch', brief: buildBrief() } },
  });
  expect(created.errors).toBeUndefined();
  return created.data?.createCampaign.id as string;
}

describe('the outbox', () => {
  it('writes a durable event with the change and has every durable subscriber handle it once', async () => {
    const seen = recorder('test-recorder');
    const t = await app({ COPYDESK_WORKER: 'on' }, [seen]);
    const ws = await createTestWorkspace(t.app);
    const campaignId = await createCampaign(t, ws.editor);

    await expect.poll(() => seen.seen.map((e) => e.name)).toEqual(['campaign.created']);
    const [event] = seen.seen;
    expect(event).toMatchObject({ workspaceId: ws.workspace.id, payload: { campaignId, name: 'Launch' } });
    const [row] = await outboxRow('campaign.created', campaignId);
    expect(row?.id).toBe(event?.id);
    await expect
      .poll(async () => (await outboxRow('campaign.created', campaignId))[0]?.dispatched_at)
      .toBeInstanceOf(Date);
    expect(await receipts(event?.id as string)).toEqual(['event-log', 'test-recorder']);
  });

  it('writes no event for a change that was refused', async () => {
    const t = await app({ COPYDESK_WORKER: 'on' });
    const ws = await createTestWorkspace(t.app);
    const before = await db.query('select count(*)::int as n from outbox');
    const refused = await gql(t.graphqlUrl, CREATE, {
      key: ws.editor,
      variables: { input: { name: '', brief: buildBrief({ platforms: [] }) } },
    });
    expect(refused.errors?.[0]?.extensions?.code).toBe('BAD_USER_INPUT');
    const after = await db.query('select count(*)::int as n from outbox');
    expect(after.rows[0].n).toBe(before.rows[0].n);
  });

  it('records brand and template changes as durable events of their workspace', async () => {
    const t = await app({});
    const ws = await createTestWorkspace(t.app);
    const run = async (query: string, variables: Record<string, unknown>) => {
      const answer = await gql(t.graphqlUrl, query, { key: ws.admin, variables });
      expect(answer.errors).toBeUndefined();
    };
    await run(`mutation ($input: BrandProfileInput!) { updateBrandProfile(input: $input) { voice } }`, {
      input: { voice: 'Plain and warm', bannedTerms: ['cheap'] },
    });
    const input = buildTemplateInput('launch-recap');
    await run(`mutation ($input: TemplateInput!) { createTemplate(input: $input) { key } }`, { input });
    await run(`mutation ($key: String!, $input: TemplateInput!) { updateTemplate(key: $key, input: $input) { key } }`, {
      key: 'launch-recap',
      input: { ...input, name: 'Launch recap' },
    });
    await run(`mutation ($key: String!) { deleteTemplate(key: $key) }`, { key: 'launch-recap' });

    const { rows } = await db.query<{ name: string; payload: Record<string, unknown> }>(
      'select name, payload from outbox where workspace_id = $1 order by id',
      [ws.workspace.id],
    );
    expect(rows).toEqual([
      { name: 'brand.updated', payload: { changed: ['voice', 'bannedTerms'] } },
      { name: 'template.created', payload: { key: 'launch-recap' } },
      { name: 'template.updated', payload: { key: 'launch-recap' } },
      { name: 'template.deleted', payload: { key: 'launch-recap' } },
    ]);
  });

  it('retries a failing subscriber until it succeeds, and never runs one that already handled the event again', async () => {
    const flaky = recorder('flaky', 2);
    const steady = recorder('steady');
    const t = await app({ COPYDESK_WORKER: 'on', COPYDESK_QUEUE_ATTEMPTS: '5' }, [flaky, steady]);
    const ws = await createTestWorkspace(t.app);
    const campaignId = await createCampaign(t, ws.editor);

    await expect.poll(() => flaky.seen.length).toBe(1);
    expect(flaky.calls).toBe(3);
    expect(steady.calls).toBe(1);
    const [row] = await outboxRow('campaign.created', campaignId);
    await expect
      .poll(async () => (await outboxRow('campaign.created', campaignId))[0]?.dispatched_at)
      .toBeInstanceOf(Date);
    expect(await receipts(row?.id as string)).toEqual(['event-log', 'flaky', 'steady']);

    // Handed over again (a lost "dispatched" mark): the receipts keep every subscriber from running twice.
    await db.query(`update outbox set dispatched_at = null, next_attempt_at = now() where id = $1`, [row?.id]);
    await expect
      .poll(async () => (await outboxRow('campaign.created', campaignId))[0]?.attempts)
      .toBeGreaterThan(row?.attempts ?? 0);
    await expect
      .poll(async () => (await outboxRow('campaign.created', campaignId))[0]?.dispatched_at)
      .toBeInstanceOf(Date);
    expect(steady.calls).toBe(1);
    expect(flaky.calls).toBe(3);
  });

  it('runs a subscriber’s own transaction inside its receipt’s, on one connection; its events go out after the commit', async () => {
    // One database connection, as good as the embedded database (one transaction at a time): a subscriber that
    // waited on a second connection while its receipt's transaction holds the first would wait for ever.
    let hub: TestApp['app']['events'] | undefined;
    let attempts = 0;
    const joiner: DurableSubscriber = {
      name: 'joins-the-receipt',
      events: ['campaign.archived'],
      async handle(event, tx) {
        if (event.name !== 'campaign.archived' || !hub) return;
        await hub.transaction(tx, async (_inner, emit) => {
          emit('campaign.updated', event.workspaceId, { campaignId: event.payload.campaignId, changed: ['name'] });
        });
        attempts++;
        // The first attempt fails after its work: its event and its receipt roll back together.
        if (attempts === 1) throw new Error('failed after the work');
      },
    };
    const seen = recorder('sees-everything');
    const t = await app({ COPYDESK_WORKER: 'on', COPYDESK_DB_POOL_MAX: '1', COPYDESK_QUEUE_ATTEMPTS: '5' }, [
      joiner,
      seen,
    ]);
    hub = t.app.events;
    const live: { committed: boolean }[] = [];
    const checks: Promise<void>[] = [];
    hub.on('campaign.updated', (event) => {
      // Delivered after the commit: another connection already sees the event's outbox row.
      checks.push(
        db.query('select 1 from outbox where id = $1', [event.id]).then(({ rowCount }) => {
          live.push({ committed: rowCount === 1 });
        }),
      );
    });
    const ws = await createTestWorkspace(t.app);
    const campaignId = await createCampaign(t, ws.editor);
    const archived = await gql(t.graphqlUrl, ARCHIVE, { key: ws.editor, variables: { id: campaignId } });
    expect(archived.errors).toBeUndefined();

    await expect.poll(() => seen.seen.filter((e) => e.name === 'campaign.updated').length).toBe(1);
    expect(attempts).toBe(2);
    expect(await outboxRow('campaign.updated', campaignId)).toHaveLength(1);
    const [archive] = await outboxRow('campaign.archived', campaignId);
    await expect.poll(() => receipts(archive?.id as string)).toContain('joins-the-receipt');
    await Promise.all(checks);
    expect(live).toEqual([{ committed: true }]);
  });

  it('loses nothing when the process is killed between the commit and the dispatch', async () => {
    const adminKey = `cdk_${randomBytes(27).toString('base64url').slice(0, 36)}`;
    // An API process with no worker: it commits events and nobody in it dispatches them.
    const api = startCli(['serve'], {
      DATABASE_URL: scratch.url,
      PORT: '0',
      COPYDESK_WORKER: 'off',
      COPYDESK_ADMIN_KEY: adminKey,
      COPYDESK_OUTBOX_LEASE_MS: '200',
      LOG_LEVEL: 'info',
    });
    const url = await api.waitForListening();
    const created = await gql<{ createCampaign: { id: string } }>(url, CREATE, {
      key: adminKey,
      variables: { input: { name: 'Before the crash', brief: buildBrief() } },
    });
    const campaignId = created.data?.createCampaign.id as string;
    const archived = await gql(url, ARCHIVE, { key: adminKey, variables: { id: campaignId } });
    expect(archived.errors).toBeUndefined();
    api.signal('SIGKILL');
    await api.waitForExit(10_000);
    const [pending] = await outboxRow('campaign.created', campaignId);
    expect(pending?.dispatched_at).toBeNull();

    const seen = recorder('after-restart');
    await app({ COPYDESK_WORKER: 'on' }, [seen]);
    await expect
      .poll(() => seen.seen.filter((e) => 'campaignId' in e.payload && e.payload.campaignId === campaignId))
      .toHaveLength(2);
    // Delivery order is not guaranteed (subscribers run concurrently); ids are time-ordered.
    const names = seen.seen
      .filter((e) => 'campaignId' in e.payload && e.payload.campaignId === campaignId)
      .sort((a, b) => a.id.localeCompare(b.id))
      .map((e) => e.name);
    expect(names).toEqual(['campaign.created', 'campaign.archived']);
    await expect
      .poll(async () => (await outboxRow('campaign.archived', campaignId))[0]?.dispatched_at)
      .toBeInstanceOf(Date);
  });

  it('dispatches through BullMQ: an API process commits, a separate worker process handles', async () => {
    const prefix = `test-${randomBytes(6).toString('hex')}`;
    prefixes.push(prefix);
    const redis = { REDIS_URL: inject('redisUrl'), COPYDESK_QUEUE_PREFIX: prefix };
    const inApi = recorder('api-side');
    const inWorker = recorder('worker-side');
    const api = await app({ ...redis, COPYDESK_WORKER: 'off' }, [inApi]);
    await app({ ...redis, COPYDESK_WORKER: 'on' }, [inWorker]);
    const ws = await createTestWorkspace(api.app);
    const campaignId = await createCampaign(api, ws.editor);

    await expect.poll(() => inWorker.seen.map((e) => e.payload)).toContainEqual({ campaignId, name: 'Launch' });
    expect(inApi.calls).toBe(0);
  });
});

import { randomUUID } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { GenerationJob, JobStatus, Platform } from '../src/entities';
import { OutboxEvent } from '../src/entities/outbox-event.entity';
import { startTestApp, type TestApp } from './support/app';
import { createScratchDatabase, type ScratchDatabase } from './support/database';
import { createTestWorkspace, insertCampaigns } from './support/factories';
import { gql } from './support/graphql';

const HEALTH = `{ health { status checks { name status message } } }`;

type Check = { name: string; status: string; message: string };

describe('health degraded by seeded rows (own database)', () => {
  let db: ScratchDatabase;
  let t: TestApp;

  beforeAll(async () => {
    db = await createScratchDatabase();
    t = await startTestApp({
      DATABASE_URL: db.url,
      COPYDESK_HEALTH_QUEUE_AGE_S: '60',
      COPYDESK_HEALTH_OUTBOX_LAG_S: '60',
      COPYDESK_HEALTH_EVENT_LOOP_MS: '10000',
    });
  });
  afterAll(async () => {
    await t?.close();
    await db?.drop();
  });

  it('is OK on an idle installation, then DEGRADED (never DOWN) by an old waiting job and an old outbox event', async () => {
    const ws = await createTestWorkspace(t.app);
    const first = await t.app.services.health.check();
    expect(first.checks.find((check) => check.name === 'queue')?.status).toBe('OK');
    const [campaign] = await insertCampaigns(t.app, ws.workspace, 1);
    const em = t.app.orm.em.fork();
    const hourAgo = new Date(Date.now() - 3_600_000);
    em.create(GenerationJob, {
      workspace: ws.workspace,
      campaign: campaign!,
      status: JobStatus.QUEUED,
      platforms: [Platform.LINKEDIN],
      provider: 'offline',
      createdAt: hourAgo,
    });
    em.create(OutboxEvent, {
      id: randomUUID(),
      name: 'brand.updated',
      workspaceId: ws.workspace.id,
      payload: {},
      occurredAt: hourAgo,
    });
    await em.flush();

    await t.app.services.health.check();
    const res = await gql(t.graphqlUrl, HEALTH, { key: ws.viewer });
    const checks = res.data?.health.checks as Check[];
    const byName = (name: string) => checks.find((check) => check.name === name);
    expect(byName('queue')).toMatchObject({ status: 'DEGRADED', message: expect.stringContaining('1 waiting') });
    expect(byName('outbox')).toMatchObject({ status: 'DEGRADED' });
    // No worker runs here (COPYDESK_WORKER=off) while a job waits.
    expect(byName('workers')).toMatchObject({ status: 'DEGRADED', message: expect.stringContaining('0 alive') });
    expect(res.data?.health.status).toBe('DEGRADED');
    const ready = await fetch(`${t.url}/readyz`);
    expect(ready.status).toBe(200);
    expect(await ready.json()).toMatchObject({ status: 'warn', checks: { queue: [{ status: 'warn' }] } });
    const metrics = await (await fetch(`${t.url}/metrics`)).text();
    expect(metrics).toContain('copydesk_health_check_status{check="queue"} 1');
    expect(metrics).toContain('copydesk_health_check_status{check="database"} 0');
  });
});

import { randomBytes } from 'node:crypto';
import type { Client } from 'graphql-ws';
import { Redis } from 'ioredis';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { startTestApp, type TestApp } from './support/app';
import { createTestWorkspace, type TestWorkspace } from './support/factories';
import { gql, wsClient } from './support/graphql';
import { TcpProxy } from './support/tcp-proxy';
import { wsOperation } from './support/ws-operation';

const HEALTH = `{ health { status instance checkedAt checks { name status latencyMs message } } }`;
const ALERTS = `subscription { healthAlerts { check from to message instance at } }`;

interface Alert {
  check: string;
  from: string;
  to: string;
  instance: string;
}

/** Collects every alert one client receives. */
function collect(client: Client): Alert[] {
  const alerts: Alert[] = [];
  client.subscribe(
    { query: ALERTS },
    {
      next: (value) => void alerts.push((value.data as { healthAlerts: Alert }).healthAlerts),
      error: () => {},
      complete: () => {},
    },
  );
  return alerts;
}

describe('health query and healthAlerts on two instances sharing Redis', () => {
  const dbUrl = new URL(inject('databaseUrl'));
  const proxy = new TcpProxy(Number(dbUrl.port || 5432));
  const prefix = `health-${randomBytes(4).toString('hex')}`;
  let a: TestApp;
  let b: TestApp;
  let ws: TestWorkspace;
  const clients: Client[] = [];
  const client = (t: TestApp, key: string) => {
    const made = wsClient(t.wsUrl, { authorization: `Bearer ${key}` });
    clients.push(made);
    return made;
  };

  beforeAll(async () => {
    await proxy.open();
    const proxied = new URL(dbUrl);
    proxied.port = String(proxy.port);
    // Instance A reaches the database through the proxy (its database check goes DOWN when cut); B directly.
    const env = { COPYDESK_HEALTH_INTERVAL_S: '3600', COPYDESK_QUEUE_PREFIX: prefix, REDIS_URL: inject('redisUrl') };
    a = await startTestApp({ ...env, DATABASE_URL: proxied.toString(), COPYDESK_INSTANCE_NAME: `${prefix}-a` });
    b = await startTestApp({ ...env, COPYDESK_INSTANCE_NAME: `${prefix}-b` });
    ws = await createTestWorkspace(b.app);
  });
  afterAll(async () => {
    for (const made of clients) await made.dispose();
    await a?.close();
    await b?.close();
    await proxy.cut();
  });

  it('answers every check to a VIEWER', async () => {
    const res = await gql(a.graphqlUrl, HEALTH, { key: ws.viewer });
    expect(res.errors).toBeUndefined();
    const names = res.data?.health.checks.map((check: { name: string }) => check.name);
    expect(names).toEqual(['database', 'redis', 'llm', 'queue', 'workers', 'outbox', 'eventLoop', 'memory', 'disk']);
    expect(res.data?.health.instance).toBe(`${prefix}-a`);
    expect(res.data?.health.checks[0]).toMatchObject({ status: 'OK', latencyMs: expect.any(Number) });
    expect(res.data?.health.checks[2]).toMatchObject({ name: 'llm', status: 'OK' });
  });

  it('refuses healthAlerts to a VIEWER with FORBIDDEN', async () => {
    const outcome = await wsOperation(client(a, ws.viewer), ALERTS);
    expect(outcome.errors?.[0]?.extensions?.code).toBe('FORBIDDEN');
  });

  it('alerts both instances when the database goes down for one and comes back; health.changed lands after', async () => {
    const onA = collect(client(a, ws.editor));
    const onB = collect(client(b, ws.admin));
    await expect.poll(() => a.app.services.health.subscribers + b.app.services.health.subscribers).toBe(2);
    const redis = new Redis(inject('redisUrl'));
    try {
      // Each instance's relay listens on Redis before the change.
      const channel = `${prefix}:health-alerts:all`;
      await expect.poll(async () => ((await redis.pubsub('NUMSUB', channel)) as [string, number])[1]).toBe(2);
    } finally {
      redis.disconnect();
    }
    await a.app.services.health.check();
    await proxy.cut();
    await expect.poll(async () => (await a.app.services.health.check()).checks[0]?.status).toBe('DOWN');
    const down = { check: 'database', from: 'OK', to: 'DOWN', instance: `${prefix}-a` };
    await expect.poll(() => onA.find((alert) => alert.to === 'DOWN')).toMatchObject(down);
    await expect.poll(() => onB.find((alert) => alert.to === 'DOWN')).toMatchObject(down);
    await proxy.open();
    await expect.poll(async () => (await a.app.services.health.check()).checks[0]?.status).toBe('OK');
    await expect.poll(() => onA.find((alert) => alert.to === 'OK' && alert.check === 'database')).toBeDefined();
    await expect.poll(() => onB.find((alert) => alert.to === 'OK' && alert.check === 'database')).toBeDefined();
    // The DOWN event could not be written while the database was away: it was kept and written afterwards.
    const stored = async () => {
      const rows = await b.app.orm.em
        .getConnection()
        .execute<{ payload: Alert }[]>(
          `select payload from outbox where name = 'health.changed' and payload->>'instance' = ? order by id`,
          [`${prefix}-a`],
        );
      return rows.map((row: { payload: Alert }) => `${row.payload.check}:${row.payload.to}`);
    };
    await expect.poll(stored).toEqual(expect.arrayContaining(['database:DOWN', 'database:OK']));
  });

  it('answers /readyz 503 while the database is down, 200 after', async () => {
    await proxy.cut();
    const res = await fetch(`${a.url}/readyz`);
    expect(res.status).toBe(503);
    expect(res.headers.get('content-type')).toContain('application/health+json');
    const body = await res.json();
    expect(body).toMatchObject({ status: 'fail', checks: { database: [{ status: 'fail' }] } });
    await proxy.open();
    await expect.poll(async () => (await fetch(`${a.url}/readyz`)).status).toBe(200);
  });
});

describe('healthAlerts while Redis itself is away', () => {
  const proxy = new TcpProxy(Number(new URL(inject('redisUrl')).port || 6379));
  let t: TestApp;
  let ws: TestWorkspace;
  const clients: Client[] = [];

  beforeAll(async () => {
    await proxy.open();
    t = await startTestApp({
      // A tiny interval: the periodic rounds themselves notice the change (no trigger from the test).
      COPYDESK_HEALTH_INTERVAL_S: '0.05',
      COPYDESK_HEALTH_TIMEOUT_MS: '200',
      REDIS_URL: `redis://127.0.0.1:${proxy.port}`,
      COPYDESK_QUEUE_PREFIX: `health-${randomBytes(4).toString('hex')}`,
    });
    ws = await createTestWorkspace(t.app);
  });
  afterAll(async () => {
    for (const made of clients) await made.dispose();
    await t?.close();
    await proxy.cut();
  });

  it("delivers the instance's own Redis DOWN alert to its subscribers at once, then OK when Redis is back", async () => {
    const client = wsClient(t.wsUrl, { authorization: `Bearer ${ws.editor}` });
    clients.push(client);
    const alerts = collect(client);
    await expect.poll(() => t.app.services.health.subscribers).toBe(1);
    await expect.poll(async () => (await t.app.services.health.report()).checks[1]?.status).toBe('OK');
    await proxy.cut();
    await expect.poll(() => alerts.find((alert) => alert.check === 'redis' && alert.to === 'DOWN')).toBeDefined();
    await proxy.open();
    await expect.poll(() => alerts.find((alert) => alert.check === 'redis' && alert.to === 'OK')).toBeDefined();
    const res = await fetch(`${t.url}/readyz`);
    expect(res.status).toBe(200);
  });
});

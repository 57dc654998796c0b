import { randomBytes } from 'node:crypto';
import { createClient } from 'graphql-ws';
import { afterAll, describe, expect, inject, it } from 'vitest';
import WebSocket from 'ws';
import { startTestApp, type TestApp } from './support/app';
import { createTestWorkspace } from './support/factories';
import { type GraphQLResponse, gql } from './support/graphql';
import { deleteRedisKeys } from './support/redis';

const VIEWER = '{ viewer { role } }';
const prefixes: string[] = [];

afterAll(async () => {
  await deleteRedisKeys(prefixes);
});

/** Each app of a test: started with its budgets, closed at the end even when an assertion fails. */
async function withApps(envs: Record<string, string>[], body: (apps: TestApp[]) => Promise<void>): Promise<void> {
  const apps: TestApp[] = [];
  try {
    for (const env of envs) apps.push(await startTestApp(env));
    await body(apps);
  } finally {
    await Promise.all(apps.map((app) => app.close()));
  }
}

function redisEnv(perKey: string): Record<string, string> {
  const prefix = `rl-${randomBytes(4).toString('hex')}`;
  prefixes.push(prefix);
  return { REDIS_URL: inject('redisUrl'), COPYDESK_QUEUE_PREFIX: prefix, COPYDESK_RATE_LIMIT_KEY_PER_MIN: perKey };
}

function remaining(res: GraphQLResponse): string {
  return /r=(\d+)/.exec(res.headers.get('ratelimit') ?? '')?.[1] ?? 'none';
}

describe('the per-IP limit', () => {
  it('counts every request from an address before authentication, so even a valid key is refused past it', async () => {
    await withApps([{ COPYDESK_RATE_LIMIT_IP_PER_MIN: '3' }], async ([t]) => {
      const app = t as TestApp;
      const ws = await createTestWorkspace(app.app);
      const bad = await gql(app.graphqlUrl, VIEWER, { key: 'cdk_not_a_real_key' });
      expect(bad.status).toBe(401);
      expect(bad.headers.get('ratelimit-policy')).toBe('"ip";q=3;w=60');
      expect(bad.headers.get('ratelimit')).toMatch(/^"ip";r=2;t=\d+$/);
      expect((await gql(app.graphqlUrl, VIEWER)).status).toBe(401);
      expect((await gql(app.graphqlUrl, VIEWER, { key: ws.viewer })).status).toBe(200);

      for (const key of ['cdk_not_a_real_key', ws.viewer]) {
        const res = await gql(app.graphqlUrl, VIEWER, { key });
        expect(res.status).toBe(429);
        expect(res.errors?.[0]?.extensions).toMatchObject({ code: 'RATE_LIMITED', retryAfter: expect.any(Number) });
        expect(res.headers.get('retry-after')).toMatch(/^\d+$/);
      }
      // A WebSocket connection from the address is refused at connection_init, with 4429.
      const client = createClient({
        url: app.wsUrl,
        webSocketImpl: WebSocket,
        connectionParams: { authorization: `Bearer ${ws.viewer}` },
        retryAttempts: 0,
      });
      const closed = await new Promise<{ code: number; reason: string }>((resolve) => {
        client.subscribe({ query: VIEWER }, { next: () => {}, error: (e) => resolve(e as never), complete: () => {} });
      });
      await client.dispose();
      expect(closed.code).toBe(4429);
      expect(closed.reason).toMatch(/^RATE_LIMITED: retry in \d+ s$/);
    });
  });
});

describe('rate-limit stores', () => {
  it('counts in memory without Redis: each process has its own budget', async () => {
    const env = { COPYDESK_RATE_LIMIT_KEY_PER_MIN: '2' };
    await withApps([env, env], async ([a, b]) => {
      const ws = await createTestWorkspace((a as TestApp).app);
      for (const app of [a, b] as TestApp[]) {
        const answers = [await gql(app.graphqlUrl, VIEWER, { key: ws.viewer })];
        answers.push(await gql(app.graphqlUrl, VIEWER, { key: ws.viewer }));
        answers.push(await gql(app.graphqlUrl, VIEWER, { key: ws.viewer }));
        expect(answers.map((res) => res.status)).toEqual([200, 200, 429]);
      }
    });
  });

  it('shares one budget across instances on the same Redis and prefix', async () => {
    const env = redisEnv('4');
    await withApps([env, env], async ([a, b]) => {
      const [first, second] = [a, b] as TestApp[];
      const ws = await createTestWorkspace(first.app);
      const order = [first, second, first, second, first];
      const answers: GraphQLResponse[] = [];
      for (const app of order) answers.push(await gql(app.graphqlUrl, VIEWER, { key: ws.viewer }));
      expect(answers.map((res) => res.status)).toEqual([200, 200, 200, 200, 429]);
      expect(answers.slice(0, 4).map(remaining)).toEqual(['3', '2', '1', '0']);
    });
  });

  it('keeps limiting with the in-memory insurance limiter while Redis is unreachable', async () => {
    await withApps([{ REDIS_URL: 'redis://127.0.0.1:1', COPYDESK_RATE_LIMIT_KEY_PER_MIN: '2' }], async ([t]) => {
      const app = t as TestApp;
      const ws = await createTestWorkspace(app.app);
      const answers: GraphQLResponse[] = [];
      for (let i = 0; i < 3; i += 1) answers.push(await gql(app.graphqlUrl, VIEWER, { key: ws.viewer }));
      expect(answers.map((res) => res.status)).toEqual([200, 200, 429]);
      expect(answers.slice(0, 2).map(remaining)).toEqual(['1', '0']);
      expect(answers[2]?.errors?.[0]?.extensions?.code).toBe('RATE_LIMITED');
    });
  });

  it('sends no rate-limit headers and refuses nothing when COPYDESK_RATE_LIMIT=off', async () => {
    await withApps([{ COPYDESK_RATE_LIMIT: 'off', COPYDESK_RATE_LIMIT_KEY_PER_MIN: '1' }], async ([t]) => {
      const app = t as TestApp;
      const ws = await createTestWorkspace(app.app);
      for (let i = 0; i < 3; i += 1) {
        const res = await gql(app.graphqlUrl, VIEWER, { key: ws.viewer });
        expect(res.status).toBe(200);
        expect(res.headers.get('ratelimit')).toBeNull();
        expect(res.headers.get('ratelimit-policy')).toBeNull();
      }
    });
  });
});

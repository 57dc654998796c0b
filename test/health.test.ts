import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { startTestApp, type TestApp } from './support/app';

/** An app for one test, closed at its end even when the test fails. */
async function withApp(env: Record<string, string>, test: (t: TestApp) => Promise<void>): Promise<void> {
  const t = await startTestApp(env);
  try {
    await test(t);
  } finally {
    await t.close();
  }
}

async function getJson(url: string): Promise<{ status: number; contentType: string; body: any }> {
  const res = await fetch(url);
  return { status: res.status, contentType: res.headers.get('content-type') ?? '', body: await res.json() };
}

describe('health endpoints without Redis', () => {
  let t: TestApp;

  beforeAll(async () => {
    t = await startTestApp();
  });
  afterAll(() => t.close());

  it('answers /healthz with 200 and status ok', async () => {
    const res = await getJson(`${t.url}/healthz`);
    expect(res.status).toBe(200);
    expect(res.body).toEqual({ status: 'ok' });
  });

  it('answers /readyz with 200 when the database answers, and checks no Redis', async () => {
    const res = await getJson(`${t.url}/readyz`);
    expect(res.status).toBe(200);
    expect(res.contentType).toContain('application/health+json');
    expect(['pass', 'warn']).toContain(res.body.status);
    expect(res.body.checks.database[0]).toMatchObject({ status: 'pass', observedValue: expect.any(Number) });
    expect(res.body.checks.redis).toBeUndefined();
  });

  it('serves the Apollo Sandbox landing page to a browser on GET /graphql, without a key', async () => {
    const res = await fetch(t.graphqlUrl, { headers: { accept: 'text/html' } });
    expect(res.status).toBe(200);
    expect(res.headers.get('content-type')).toContain('text/html');
    const html = await res.text();
    expect(html).toMatch(/<!DOCTYPE html>/i);
    expect(html).toContain('embeddable-sandbox');
  });

  it('answers unknown paths with 404 JSON pointing to /graphql', async () => {
    for (const path of ['/nope', '/readyz/x', '/api/graphql', '/graphql/extra']) {
      const res = await getJson(`${t.url}${path}`);
      expect(res.status, path).toBe(404);
      expect(res.contentType, path).toContain('application/json');
      expect(res.body.error, path).toContain('/graphql');
    }
  });
});

describe('/readyz with Redis configured', () => {
  it('includes an ok Redis check when Redis answers', async () => {
    await withApp({ REDIS_URL: inject('redisUrl') }, async (t) => {
      const res = await getJson(`${t.url}/readyz`);
      expect(res.status).toBe(200);
      expect(res.body.checks).toMatchObject({ database: [{ status: 'pass' }], redis: [{ status: 'pass' }] });
    });
  });

  it('answers 503 with the Redis check down when Redis does not answer', async () => {
    await withApp({ REDIS_URL: 'redis://127.0.0.1:1' }, async (t) => {
      const res = await getJson(`${t.url}/readyz`);
      expect(res.status).toBe(503);
      expect(res.body.status).toBe('fail');
      expect(res.body.checks.database[0].status).toBe('pass');
      expect(res.body.checks.redis[0]).toMatchObject({ status: 'fail', output: expect.any(String) });
    });
  });
});

import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestApp, type TestApp } from './support/app';
import { createScratchDatabase, type ScratchDatabase } from './support/database';
import { createTestWorkspace, type TestWorkspace } from './support/factories';
import { codeOf, gql, wsClient, wsExecute } from './support/graphql';
import { TcpProxy } from './support/tcp-proxy';

/**
 * A database outage as the app sees it: its PostgreSQL connections go through a local TCP proxy that the test cuts
 * (every connection dropped, nothing listening) and restores. The real PostgreSQL stays up for the other tests.
 */
const proxy = new TcpProxy(5432);
let scratch: ScratchDatabase;
let t: TestApp;
let ws: TestWorkspace;

beforeAll(async () => {
  scratch = await createScratchDatabase();
  await proxy.open();
  const url = new URL(scratch.url);
  url.port = String(proxy.port);
  t = await startTestApp({ DATABASE_URL: url.toString(), COPYDESK_AUTH_CACHE_MS: '60000' });
  ws = await createTestWorkspace(t.app);
});
afterAll(async () => {
  await t.close();
  await proxy.cut().catch(() => undefined);
  await scratch.drop();
});

const CAMPAIGNS = '{ campaigns { totalCount } }';

describe('a database outage', () => {
  it('answers SERVICE_UNAVAILABLE with HTTP 503 and Retry-After, then recovers without a restart', async () => {
    expect((await gql(t.graphqlUrl, CAMPAIGNS, { key: ws.viewer })).errors).toBeUndefined(); // the key is cached now
    await proxy.cut();

    // The key is known (cached): the operation itself finds the database gone.
    const during = await gql(t.graphqlUrl, CAMPAIGNS, { key: ws.viewer });
    expect(during.status).toBe(503);
    expect(during.headers.get('retry-after')).toBe('5');
    expect(during.errors?.[0]?.extensions).toMatchObject({ code: 'SERVICE_UNAVAILABLE', retryAfter: 5 });
    expect(during.errors?.[0]?.message).toBe('The database is unavailable; try again shortly');
    // A key not read yet: authentication itself cannot reach the database.
    const unknownKey = await gql(t.graphqlUrl, CAMPAIGNS, { key: ws.editor });
    expect(unknownKey.status).toBe(503);
    expect(codeOf(unknownKey)).toBe('SERVICE_UNAVAILABLE');
    // Over WebSocket: a key that cannot be checked closes the connection with 1013 (try again later), not 4401.
    const client = wsClient(t.wsUrl, { authorization: `Bearer ${ws.admin}` });
    const refused = await wsExecute(client, CAMPAIGNS);
    await client.dispose();
    expect(refused.closed?.code).toBe(1013);
    expect(refused.closed?.reason).toMatch(/^SERVICE_UNAVAILABLE/);
    // The process is still up and says so.
    expect((await fetch(`${t.url}/healthz`)).status).toBe(200);
    expect((await fetch(`${t.url}/readyz`)).status).toBe(503);

    await proxy.open();
    await expect
      .poll(async () => (await gql(t.graphqlUrl, CAMPAIGNS, { key: ws.editor })).status, { timeout: 15_000 })
      .toBe(200);
    expect((await fetch(`${t.url}/readyz`)).status).toBe(200);
  });
});

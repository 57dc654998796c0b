import type { Client } from 'graphql-ws';
import { afterEach, describe, expect, it } from 'vitest';
import { ApiKey } from '../src/entities';
import { sqlCounter } from '../src/infra/orm';
import { hashSecret } from '../src/services/auth/api-key.secret';
import { useTestApp } from './support/app';
import { codeOf, gql, wsClient, wsExecute } from './support/graphql';

/** Authentication with the key cache on, as in production (COPYDESK_AUTH_CACHE_MS). */
const t = useTestApp({ env: { COPYDESK_AUTH_CACHE_MS: '300' } });

const VIEWER = '{ viewer { role apiKeyId } }';
const REVOKE = 'mutation ($id: ID!) { revokeApiKey(id: $id) { revokedAt } }';
const clients: Client[] = [];
afterEach(async () => {
  await Promise.all(clients.splice(0).map((client) => client.dispose()));
});

async function keyIdOf(key: string): Promise<string> {
  return (await gql(t.graphqlUrl, VIEWER, { key })).data?.viewer.apiKeyId;
}

describe('the key cache', () => {
  it('authenticates a key it read lately without a SQL statement', async () => {
    await gql(t.graphqlUrl, VIEWER, { key: t.ws.viewer }); // read, and lastUsedAt recorded
    await expect
      .poll(async () => {
        const before = sqlCounter.statements;
        const res = await gql(t.graphqlUrl, VIEWER, { key: t.ws.viewer });
        expect(res.data?.viewer.role).toBe('VIEWER');
        return sqlCounter.statements - before;
      })
      .toBe(0);
  });

  it('refuses a key revoked through this instance at once, over HTTP and on an open WebSocket', async () => {
    const editorId = await keyIdOf(t.ws.editor);
    const client = wsClient(t.wsUrl, { authorization: `Bearer ${t.ws.editor}` });
    clients.push(client);
    expect((await wsExecute(client, VIEWER)).result?.data).toBeDefined();
    expect((await gql(t.graphqlUrl, REVOKE, { key: t.ws.admin, variables: { id: editorId } })).errors).toBeUndefined();
    expect(codeOf(await gql(t.graphqlUrl, VIEWER, { key: t.ws.editor }))).toBe('UNAUTHENTICATED');
    expect((await wsExecute(client, VIEWER)).closed?.code).toBe(4401);
  });

  it('refuses a key another instance revoked once the cache time has passed', async () => {
    await gql(t.graphqlUrl, VIEWER, { key: t.ws.editor });
    // Another instance revokes it: this one learns it from the database when its cached read is too old.
    await t.app.orm.em
      .fork()
      .nativeUpdate(ApiKey, { hash: hashSecret(t.ws.editor) }, { revokedAt: new Date() }, { filters: false });
    await expect
      .poll(async () => codeOf(await gql(t.graphqlUrl, VIEWER, { key: t.ws.editor })), { timeout: 5_000 })
      .toBe('UNAUTHENTICATED');
  });

  it('never remembers an unknown key', async () => {
    const bogus = `cdk_${'A'.repeat(43)}`;
    for (let i = 0; i < 3; i++) {
      const before = sqlCounter.statements;
      expect(codeOf(await gql(t.graphqlUrl, VIEWER, { key: bogus }))).toBe('UNAUTHENTICATED');
      expect(sqlCounter.statements - before).toBe(1);
    }
  });
});

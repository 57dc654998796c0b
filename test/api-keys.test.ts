import type { Client } from 'graphql-ws';
import pg from 'pg';
import { afterEach, describe, expect, it } from 'vitest';
import { useTestApp } from './support/app';
import { createTestWorkspace } from './support/factories';
import { codeOf, gql, wsClient, wsExecute } from './support/graphql';

// The grace period's end is played by a database update: no key cache here (test/auth-cache.test.ts has it).
const t = useTestApp({ env: { COPYDESK_KEY_ROTATION_GRACE_S: '3600', COPYDESK_AUTH_CACHE_MS: '0' } });

const KEY_FIELDS = 'id name prefix role createdAt lastUsedAt expiresAt revokedAt';
const CREATE = `mutation ($input: CreateApiKeyInput!) { createApiKey(input: $input) { secret apiKey { ${KEY_FIELDS} } } }`;
const LIST = `{ apiKeys { ${KEY_FIELDS} } }`;
const REVOKE = `mutation ($id: ID!) { revokeApiKey(id: $id) { ${KEY_FIELDS} } }`;
const ROTATE = `mutation ($id: ID!) { rotateApiKey(id: $id) { secret apiKey { ${KEY_FIELDS} } } }`;
const VIEWER = '{ viewer { role apiKeyId } }';

interface KeyView {
  id: string;
  name: string;
  prefix: string;
  role: string;
  lastUsedAt?: string | null;
  expiresAt: string | null;
  revokedAt: string | null;
}

const clients: Client[] = [];
afterEach(async () => {
  await Promise.all(clients.splice(0).map((client) => client.dispose()));
});

async function create(key: string, input: Record<string, unknown>) {
  return gql<{ createApiKey: { secret: string; apiKey: KeyView } }>(t.graphqlUrl, CREATE, {
    key,
    variables: { input },
  });
}

async function keyIdOf(secret: string): Promise<string> {
  const res = await gql<{ viewer: { apiKeyId: string } }>(t.graphqlUrl, VIEWER, { key: secret });
  return res.data?.viewer.apiKeyId as string;
}

describe('API keys', () => {
  it('creates a key whose secret is shown once and works, and lists it by prefix without the secret', async () => {
    const created = await create(t.ws.admin, { name: '  CI  ', role: 'EDITOR' });
    expect(created.errors).toBeUndefined();
    const { secret, apiKey } = created.data?.createApiKey ?? { secret: '', apiKey: {} as KeyView };
    expect(secret).toMatch(/^cdk_[A-Za-z0-9_-]{43}$/);
    expect(apiKey).toMatchObject({ name: 'CI', role: 'EDITOR', prefix: secret.slice(0, 12), revokedAt: null });
    const me = await gql<{ viewer: { role: string } }>(t.graphqlUrl, VIEWER, { key: secret });
    expect(me.data?.viewer.role).toBe('EDITOR');

    const list = await gql<{ apiKeys: KeyView[] }>(t.graphqlUrl, LIST, { key: t.ws.admin });
    expect(list.data?.apiKeys.map((k) => k.name)).toEqual(['CI', 'viewer', 'editor', 'admin']);
    expect(JSON.stringify(list.data)).not.toContain(secret);
  });

  it('refuses a bad name, an unknown role and an expiry in the past, writing nothing', async () => {
    const before = await gql<{ apiKeys: KeyView[] }>(t.graphqlUrl, LIST, { key: t.ws.admin });
    const blank = await create(t.ws.admin, { name: '   ', role: 'EDITOR' });
    expect(blank.errors?.[0]?.extensions).toMatchObject({
      code: 'BAD_USER_INPUT',
      fields: [{ path: 'name', message: 'must be 1–100 characters' }],
    });
    const past = await create(t.ws.admin, { name: 'old', role: 'VIEWER', expiresAt: '2020-01-01T00:00:00Z' });
    expect(past.errors?.[0]?.extensions?.fields).toEqual([{ path: 'expiresAt', message: 'must be in the future' }]);
    expect(codeOf(await create(t.ws.admin, { name: 'x', role: 'OWNER' }))).toBe('BAD_USER_INPUT');
    const after = await gql<{ apiKeys: KeyView[] }>(t.graphqlUrl, LIST, { key: t.ws.admin });
    // lastUsedAt is recorded after the request that used the key answers, so it may land between the two lists.
    const withoutUse = (keys: KeyView[] | undefined) => keys?.map(({ lastUsedAt: _, ...rest }) => rest);
    expect(withoutUse(after.data?.apiKeys)).toEqual(withoutUse(before.data?.apiKeys));
  });

  it('lets only ADMIN list and manage keys', async () => {
    const adminId = await keyIdOf(t.ws.admin);
    for (const key of [t.ws.editor, t.ws.viewer]) {
      expect(codeOf(await gql(t.graphqlUrl, LIST, { key }))).toBe('FORBIDDEN');
      expect(codeOf(await create(key, { name: 'mine', role: 'ADMIN' }))).toBe('FORBIDDEN');
      expect(codeOf(await gql(t.graphqlUrl, REVOKE, { key, variables: { id: adminId } }))).toBe('FORBIDDEN');
      expect(codeOf(await gql(t.graphqlUrl, ROTATE, { key, variables: { id: adminId } }))).toBe('FORBIDDEN');
    }
  });

  it("treats another workspace's key as unknown", async () => {
    const other = await createTestWorkspace(t.app);
    const theirs = await keyIdOf(other.viewer);
    for (const query of [REVOKE, ROTATE]) {
      const answer = await gql(t.graphqlUrl, query, { key: t.ws.admin, variables: { id: theirs } });
      expect(answer.errors?.[0]?.extensions?.code).toBe('NOT_FOUND');
      expect(answer.errors?.[0]?.message).toBe('API key not found');
    }
    const list = await gql<{ apiKeys: KeyView[] }>(t.graphqlUrl, LIST, { key: t.ws.admin });
    expect(list.data?.apiKeys.map((k) => k.id)).not.toContain(theirs);
    const stillWorks = await gql(t.graphqlUrl, VIEWER, { key: other.viewer });
    expect(stillWorks.errors).toBeUndefined();
  });

  it('revokes a key at once, over HTTP and on an open WebSocket connection', async () => {
    const client = wsClient(t.wsUrl, { authorization: `Bearer ${t.ws.editor}` });
    clients.push(client);
    expect((await wsExecute(client, VIEWER)).result?.errors).toBeUndefined();
    const editorId = await keyIdOf(t.ws.editor);

    const revoked = await gql<{ revokeApiKey: KeyView }>(t.graphqlUrl, REVOKE, {
      key: t.ws.admin,
      variables: { id: editorId },
    });
    expect(revoked.data?.revokeApiKey.revokedAt).toEqual(expect.stringMatching(/^\d{4}-/));
    const http = await gql(t.graphqlUrl, VIEWER, { key: t.ws.editor });
    expect(http.status).toBe(401);
    expect(http.errors?.[0]?.message).toBe('This API key has been revoked');
    const ws = await wsExecute(client, VIEWER);
    expect(ws.closed?.code).toBe(4401);
    // Revoking it again answers it as it is.
    const again = await gql<{ revokeApiKey: KeyView }>(t.graphqlUrl, REVOKE, {
      key: t.ws.admin,
      variables: { id: editorId },
    });
    expect(again.data?.revokeApiKey.revokedAt).toBe(revoked.data?.revokeApiKey.revokedAt);
  });

  it("refuses to revoke the workspace's last working ADMIN key, even when two revocations race", async () => {
    const adminId = await keyIdOf(t.ws.admin);
    const last = await gql(t.graphqlUrl, REVOKE, { key: t.ws.admin, variables: { id: adminId } });
    expect(codeOf(last)).toBe('CONFLICT');

    const second = (await create(t.ws.admin, { name: 'second admin', role: 'ADMIN' })).data?.createApiKey;
    const secondId = second?.apiKey.id as string;
    const [a, b] = await Promise.all([
      gql(t.graphqlUrl, REVOKE, { key: t.ws.admin, variables: { id: secondId } }),
      gql(t.graphqlUrl, REVOKE, { key: second?.secret, variables: { id: adminId } }),
    ]);
    const outcomes = [a, b].map((answer) => (answer.errors ? codeOf(answer) : 'revoked')).sort();
    // One goes through; the other finds itself the last ADMIN key standing (or its own key just revoked).
    expect(outcomes[0]).toMatch(/^(CONFLICT|UNAUTHENTICATED)$/);
    expect(outcomes[1]).toBe('revoked');
    const db = new pg.Client({ connectionString: t.databaseUrl });
    await db.connect();
    const { rows } = await db.query(
      `select count(*)::int as n from api_key where workspace_id = $1 and role = 'ADMIN' and revoked_at is null`,
      [t.ws.workspace.id],
    );
    await db.end();
    expect(rows[0].n).toBe(1);
  });

  it('rotates a key: the new secret works at once and the old one until the grace period ends', async () => {
    const editorId = await keyIdOf(t.ws.editor);
    const rotated = await gql<{ rotateApiKey: { secret: string; apiKey: KeyView } }>(t.graphqlUrl, ROTATE, {
      key: t.ws.admin,
      variables: { id: editorId },
    });
    expect(rotated.errors).toBeUndefined();
    const fresh = rotated.data?.rotateApiKey;
    expect(fresh?.apiKey).toMatchObject({ name: 'editor', role: 'EDITOR', expiresAt: null, revokedAt: null });
    expect(fresh?.apiKey.id).not.toBe(editorId);
    expect((await gql(t.graphqlUrl, VIEWER, { key: fresh?.secret })).errors).toBeUndefined();
    expect((await gql(t.graphqlUrl, VIEWER, { key: t.ws.editor })).errors).toBeUndefined();

    const list = await gql<{ apiKeys: KeyView[] }>(t.graphqlUrl, LIST, { key: t.ws.admin });
    const old = list.data?.apiKeys.find((k) => k.id === editorId);
    const graceLeft = Date.parse(old?.expiresAt ?? '') - Date.now();
    expect(graceLeft).toBeGreaterThan(3_500_000);
    expect(graceLeft).toBeLessThanOrEqual(3_600_000);

    // When the grace period is over, the old secret is refused.
    const db = new pg.Client({ connectionString: t.databaseUrl });
    await db.connect();
    await db.query(`update api_key set expires_at = now() - interval '1 second' where id = $1`, [editorId]);
    await db.end();
    const expired = await gql(t.graphqlUrl, VIEWER, { key: t.ws.editor });
    expect(expired.errors?.[0]?.message).toBe('This API key has expired');
    expect(codeOf(await gql(t.graphqlUrl, ROTATE, { key: t.ws.admin, variables: { id: editorId } }))).toBe('CONFLICT');
  });
});

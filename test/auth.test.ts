import 'reflect-metadata';
import { describe, expect, it } from 'vitest';
import { ApiKey, Role } from '../src/entities';
import { generateSecret, hashSecret } from '../src/services/auth/api-key.secret';
import { useTestApp } from './support/app';
import { type GraphQLErrorShape, gql } from './support/graphql';

// Keys are revoked and expired behind the server's back (as another instance would): no key cache here.
const t = useTestApp({ workspace: 'per-file', env: { COPYDESK_AUTH_CACHE_MS: '0' } });

interface RawResponse {
  status: number;
  requestId: string | null;
  text: string;
  errors: GraphQLErrorShape[];
}

/** A `{ viewer }` query with exactly these headers; keeps the raw body to look for leaked internals. */
async function viewerRequest(headers: Record<string, string>): Promise<RawResponse> {
  const response = await fetch(t.graphqlUrl, {
    method: 'POST',
    headers: { 'content-type': 'application/json', ...headers },
    body: JSON.stringify({ query: '{ viewer { role } }' }),
  });
  const text = await response.text();
  const body = JSON.parse(text) as { data?: unknown; errors?: GraphQLErrorShape[] };
  expect(body.data ?? null).toBeNull();
  return { status: response.status, requestId: response.headers.get('x-request-id'), text, errors: body.errors ?? [] };
}

/** Asserts the one shape every refused key has: 401, UNAUTHENTICATED, a message matching, and no internals. */
function expectUnauthenticated(res: RawResponse, message: RegExp): void {
  expect(res.status).toBe(401);
  expect(res.errors).toHaveLength(1);
  expect(res.errors[0]?.extensions?.code).toBe('UNAUTHENTICATED');
  expect(res.errors[0]?.message).toMatch(message);
  expect(res.errors[0]?.extensions?.requestId).toBe(res.requestId);
  expect(res.text).not.toMatch(/stacktrace|exception|\n\s+at |node_modules|\.ts:\d+/i);
}

/** A fresh key of its own, so changing its row touches no other test. */
async function newKey(role = Role.EDITOR): Promise<string> {
  const em = t.app.orm.em.fork();
  const { secret } = await t.app.services.apiKeys.create({ em, workspace: t.ws.workspace, role, name: 'auth test' });
  return secret;
}

async function updateKey(secret: string, changes: Partial<Pick<ApiKey, 'revokedAt' | 'expiresAt'>>): Promise<void> {
  const updated = await t.app.orm.em
    .fork()
    .nativeUpdate(ApiKey, { hash: hashSecret(secret) }, changes, { filters: false });
  expect(updated).toBe(1);
}

describe('HTTP authentication', () => {
  it('refuses a request without an Authorization header', async () => {
    expectUnauthenticated(await viewerRequest({}), /API key is required.*Bearer/);
  });

  it.each([
    ['a Basic header', 'Basic x'],
    ['Bearer with no key', 'Bearer'],
    ['a bare key without the Bearer scheme', generateSecret()],
    ['garbage', 'garbage!!! \t ###'],
    ['a key containing spaces', 'Bearer cdk_abc def'],
    ['a key longer than any real key', `Bearer cdk_${'x'.repeat(600)}`],
  ])('refuses a malformed header: %s', async (_name, header) => {
    expectUnauthenticated(await viewerRequest({ authorization: header }), /Malformed Authorization header/);
  });

  it('refuses an unknown key', async () => {
    const res = await viewerRequest({ authorization: 'Bearer cdk_thisKeyWasNeverIssuedByCopydesk000000000' });
    expectUnauthenticated(res, /Invalid API key/);
  });

  it('refuses a revoked key', async () => {
    const key = await newKey();
    const before = await gql(t.graphqlUrl, '{ viewer { role } }', { key });
    expect(before.data).toEqual({ viewer: { role: 'EDITOR' } });
    await updateKey(key, { revokedAt: new Date() });
    expectUnauthenticated(await viewerRequest({ authorization: `Bearer ${key}` }), /revoked/);
  });

  it('refuses an expired key', async () => {
    const key = await newKey();
    await updateKey(key, { expiresAt: new Date(Date.now() - 60_000) });
    expectUnauthenticated(await viewerRequest({ authorization: `Bearer ${key}` }), /expired/);
  });

  it('accepts a key whose expiry is still ahead', async () => {
    const key = await newKey(Role.VIEWER);
    await updateKey(key, { expiresAt: new Date(Date.now() + 3_600_000) });
    const res = await gql(t.graphqlUrl, '{ viewer { role } }', { key });
    expect(res.errors).toBeUndefined();
    expect(res.data).toEqual({ viewer: { role: 'VIEWER' } });
  });

  it('accepts a valid key and answers with its workspace, role and key id', async () => {
    const res = await gql(t.graphqlUrl, '{ viewer { role apiKeyId workspace { id name } } }', { key: t.ws.admin });
    expect(res.status).toBe(200);
    expect(res.errors).toBeUndefined();
    const row = await t.app.orm.em.fork().findOneOrFail(ApiKey, { hash: hashSecret(t.ws.admin) }, { filters: false });
    expect(res.data).toEqual({
      viewer: { role: 'ADMIN', apiKeyId: row.id, workspace: { id: t.ws.workspace.id, name: t.ws.workspace.name } },
    });
  });

  it('accepts the Bearer scheme in any letter case', async () => {
    const res = await gql(t.graphqlUrl, '{ viewer { role } }', { headers: { authorization: `bearer ${t.ws.editor}` } });
    expect(res.errors).toBeUndefined();
    expect(res.data).toEqual({ viewer: { role: 'EDITOR' } });
  });
});

describe('API key storage', () => {
  it('stores a hash of the secret and only its first characters in clear', async () => {
    const rows = await t.app.orm.em
      .getConnection()
      .execute<{ prefix: string; hash: string; role: string }[]>(
        'select prefix, hash, role from api_key where workspace_id = ?',
        [t.ws.workspace.id],
      );
    const secrets: Record<string, string> = { ADMIN: t.ws.admin, EDITOR: t.ws.editor, VIEWER: t.ws.viewer };
    for (const role of ['ADMIN', 'EDITOR', 'VIEWER']) {
      const secret = secrets[role]!;
      const row = rows.find((candidate) => candidate.hash === hashSecret(secret));
      expect(row, `row of the ${role} key`).toBeDefined();
      expect(row!.role).toBe(role);
      expect(row!.hash).not.toBe(secret);
      expect(row!.hash).not.toContain(secret);
      expect(row!.hash).toMatch(/^[0-9a-f]{64}$/);
      expect(secret.startsWith(row!.prefix)).toBe(true);
      expect(row!.prefix.length).toBeLessThan(secret.length / 2);
      expect(row!.prefix.startsWith('cdk_')).toBe(true);
    }
  });
});

import 'reflect-metadata';
import type { Client } from 'graphql-ws';
import { afterEach, describe, expect, it } from 'vitest';
import { ApiKey, Campaign, Role } from '../src/entities';
import { hashSecret } from '../src/services/auth/api-key.secret';
import { useTestApp } from './support/app';
import { wsClient, wsExecute } from './support/graphql';

// Keys are revoked and expired behind the server's back (as another instance would): no key cache here.
const t = useTestApp({ workspace: 'per-file', env: { COPYDESK_AUTH_CACHE_MS: '0' } });
const clients: Client[] = [];

afterEach(async () => {
  await Promise.all(clients.splice(0).map((client) => client.dispose()));
});

/** A client that is disposed after the test. */
function connect(connectionParams?: Record<string, unknown>): Client {
  const client = wsClient(t.wsUrl, connectionParams);
  clients.push(client);
  return client;
}

function bearer(key: string) {
  return { authorization: `Bearer ${key}` };
}

async function expectClosedUnauthenticated(connectionParams: Record<string, unknown> | undefined, reason: RegExp) {
  const outcome = await wsExecute(connect(connectionParams), '{ viewer { role } }');
  expect(outcome.result).toBeUndefined();
  expect(outcome.closed?.code).toBe(4401);
  expect(outcome.closed?.reason).toMatch(/^UNAUTHENTICATED/);
  expect(outcome.closed?.reason).toMatch(reason);
}

describe('WebSocket authentication', () => {
  it('runs a query for a connection that presents a valid key', async () => {
    const outcome = await wsExecute(connect(bearer(t.ws.editor)), '{ viewer { role workspace { id } } }');
    expect(outcome.closed).toBeUndefined();
    expect(outcome.result).toEqual({ data: { viewer: { role: 'EDITOR', workspace: { id: t.ws.workspace.id } } } });
  });

  it('runs several operations on one authenticated connection', async () => {
    const client = connect(bearer(t.ws.viewer));
    const first = await wsExecute(client, '{ viewer { role } }');
    const second = await wsExecute(client, '{ campaigns { totalCount } }');
    expect(first.result).toEqual({ data: { viewer: { role: 'VIEWER' } } });
    expect(second.result).toEqual({ data: { campaigns: { totalCount: 0 } } });
  });

  it('closes a connection without a key with 4401', async () => {
    await expectClosedUnauthenticated(undefined, /API key is required/);
  });

  it('closes a connection whose authorization is not a Bearer key with 4401', async () => {
    await expectClosedUnauthenticated({ authorization: 'Basic x' }, /Malformed/);
  });

  it('closes a connection with an unknown key with 4401', async () => {
    await expectClosedUnauthenticated(bearer('cdk_thisKeyWasNeverIssuedByCopydesk000000000'), /Invalid API key/);
  });

  it('closes a connection with a revoked key with 4401', async () => {
    const em = t.app.orm.em.fork();
    const { secret } = await t.app.services.apiKeys.create({
      em,
      workspace: t.ws.workspace,
      role: Role.EDITOR,
      name: 'to revoke',
    });
    expect((await wsExecute(connect(bearer(secret)), '{ viewer { role } }')).result).toEqual({
      data: { viewer: { role: 'EDITOR' } },
    });
    await em.fork().nativeUpdate(ApiKey, { hash: hashSecret(secret) }, { revokedAt: new Date() }, { filters: false });
    await expectClosedUnauthenticated(bearer(secret), /revoked/);
  });

  it('ends an open connection when its key is revoked', async () => {
    const em = t.app.orm.em.fork();
    const { secret } = await t.app.services.apiKeys.create({
      em,
      workspace: t.ws.workspace,
      role: Role.EDITOR,
      name: 'revoked while connected',
    });
    const client = connect(bearer(secret));
    expect((await wsExecute(client, '{ viewer { role } }')).result).toEqual({ data: { viewer: { role: 'EDITOR' } } });
    await em.fork().nativeUpdate(ApiKey, { hash: hashSecret(secret) }, { revokedAt: new Date() }, { filters: false });
    const after = await wsExecute(client, '{ viewer { role } }');
    expect(after.result?.data).toBeUndefined();
    expect(after.closed?.code).toBe(4401);
    expect(after.closed?.reason).toMatch(/^UNAUTHENTICATED.*revoked/);
  });

  it('closes a connection with an expired key with 4401', async () => {
    const em = t.app.orm.em.fork();
    const { secret } = await t.app.services.apiKeys.create({
      em,
      workspace: t.ws.workspace,
      role: Role.VIEWER,
      name: 'old',
    });
    const expiresAt = new Date(Date.now() - 60_000);
    await em.fork().nativeUpdate(ApiKey, { hash: hashSecret(secret) }, { expiresAt }, { filters: false });
    await expectClosedUnauthenticated(bearer(secret), /expired/);
  });
});

describe('WebSocket operations', () => {
  it("refuses a VIEWER's mutation with FORBIDDEN and writes nothing", async () => {
    const outcome = await wsExecute(
      connect(bearer(t.ws.viewer)),
      `mutation { createCampaign(input: { name: "Over WS", brief: {
        productName: "Acme", features: ["Fast"], tone: PLAYFUL, platforms: [LINKEDIN] } }) { id } }`,
    );
    expect(outcome.closed).toBeUndefined();
    expect(outcome.result?.data ?? null).toBeNull();
    expect(outcome.result?.errors?.[0]?.extensions?.code).toBe('FORBIDDEN');
    const count = await t.app.orm.em.fork().count(Campaign, { workspace: t.ws.workspace.id }, { filters: false });
    expect(count).toBe(0);
  });

  it('answers an operation with an unknown field with BAD_USER_INPUT', async () => {
    const outcome = await wsExecute(connect(bearer(t.ws.viewer)), '{ viewer { role noSuchField } }');
    expect(outcome.closed).toBeUndefined();
    const errors = outcome.result?.errors ?? [];
    expect(errors).toHaveLength(1);
    expect(errors[0]?.message).toMatch(/noSuchField/);
    expect(errors[0]?.extensions?.code).toBe('BAD_USER_INPUT');
  });

  it('answers an operation that does not parse with BAD_USER_INPUT', async () => {
    const outcome = await wsExecute(connect(bearer(t.ws.viewer)), '{ viewer { role ');
    expect(outcome.closed).toBeUndefined();
    expect(outcome.result?.errors?.[0]?.extensions?.code).toBe('BAD_USER_INPUT');
  });
});

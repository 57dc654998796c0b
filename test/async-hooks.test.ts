import 'reflect-metadata';
import { AsyncLocalStorage } from 'node:async_hooks';
import type { Client } from 'graphql-ws';
import { afterAll, describe, expect, it } from 'vitest';
import { useTestApp } from './support/app';
import { buildBrief } from './support/factories';
import { ProgressFeed } from './support/generation';
import { gql, wsClient } from './support/graphql';

/**
 * Copydesk keeps no request-scoped storage of its own (AsyncLocalStorage). On Node 20 one store in use makes every
 * promise in the process run async hooks, and each store in use adds its own work to every promise, the live
 * events' included. MikroORM still enters its own stores (UnitOfWork's `insideFlush`, `TransactionContext`), which
 * is why the hooks stay on (README, "Fan-out"); this checks that nothing else does, through HTTP operations, an
 * error raised before any operation, transactions and a streamed generation.
 */

/** Who entered an AsyncLocalStorage: the first frame outside node:async_hooks of each `run`/`enterWith`. */
const entered = new Set<string>();
for (const name of ['run', 'enterWith'] as const) {
  const original = AsyncLocalStorage.prototype[name] as (...args: unknown[]) => unknown;
  Object.defineProperty(AsyncLocalStorage.prototype, name, {
    configurable: true,
    writable: true,
    value(this: AsyncLocalStorage<unknown>, ...args: unknown[]) {
      const caller = (new Error().stack ?? '')
        .split('\n')
        .slice(2)
        .find((line) => !line.includes('async-hooks.test'));
      entered.add(caller?.trim() ?? 'unknown');
      return original.apply(this, args);
    },
  });
}

const t = useTestApp({
  env: { COPYDESK_WORKER: 'on', COPYDESK_OFFLINE_DELAY_MS: '0' },
  scratchDatabase: true,
  workspace: 'per-file',
});
const clients: Client[] = [];
afterAll(async () => {
  await Promise.all(clients.map((client) => client.dispose()));
});

describe('request-scoped storage', () => {
  it('is entered only by MikroORM, through requests, an early error, transactions and a live stream', async () => {
    const created = await gql(
      t.graphqlUrl,
      'mutation($input: CreateCampaignInput!) { createCampaign(input: $input) { id } }',
      { key: t.ws.editor, variables: { input: { name: 'Hooks', brief: buildBrief() } } },
    );
    const campaignId = created.data?.createCampaign.id as string;
    // Refused before any operation runs (no query): it still names the request id, with no store to find it in.
    const refused = await fetch(t.graphqlUrl, {
      method: 'POST',
      headers: {
        'content-type': 'application/json',
        authorization: `Bearer ${t.ws.editor}`,
        'x-request-id': 'hooks-1',
      },
      body: JSON.stringify({ variables: {} }),
    });
    expect(refused.status).toBe(400);
    const body = (await refused.json()) as { errors: { extensions: { requestId?: string } }[] };
    expect(body.errors[0]?.extensions.requestId).toBe('hooks-1');

    const started = await gql(
      t.graphqlUrl,
      'mutation($input: GenerateCampaignInput!) { generateCampaign(input: $input) { id } }',
      { key: t.ws.editor, variables: { input: { campaignId, platforms: ['LINKEDIN', 'TWITTER'] } } },
    );
    const client = wsClient(t.wsUrl, { authorization: `Bearer ${t.ws.viewer}` });
    clients.push(client);
    const { events } = await new ProgressFeed(client, started.data?.generateCampaign.id as string).end();
    expect(events.at(-1)?.type).toBe('COMPLETED');

    expect(entered.size).toBeGreaterThan(0); // the spy works: MikroORM's flushes went through it
    expect([...entered].filter((caller) => !caller.includes('node_modules/@mikro-orm/'))).toEqual([]);
  });
});

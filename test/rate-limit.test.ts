import { type Client, createClient } from 'graphql-ws';
import { afterEach, describe, expect, it } from 'vitest';
import WebSocket from 'ws';
import { ApiKey, Campaign, GenerationJob, RateLimitTier, Role } from '../src/entities';
import { parseConfig } from '../src/infra/config';
import { useTestApp } from './support/app';
import { createTestWorkspace, insertCampaigns } from './support/factories';
import { codeOf, type GraphQLErrorShape, type GraphQLResponse, gql } from './support/graphql';
import type { WsOutcome } from './support/ws-operation';

// Tiny budgets; the IP budget stays out of reach (every test runs from 127.0.0.1 on this app): see the stores file.
const t = useTestApp({
  scratchDatabase: true,
  env: {
    COPYDESK_RATE_LIMIT_KEY_PER_MIN: '5',
    COPYDESK_RATE_LIMIT_GENERATION_PER_MIN: '2',
    COPYDESK_RATE_LIMIT_HIGH_FACTOR: '3',
  },
});

const VIEWER = '{ viewer { role } }';
const GENERATE = 'mutation ($id: ID!) { generateCampaign(input: { campaignId: $id }) { id status } }';
const CREATE_KEY = `mutation ($input: CreateApiKeyInput!) {
  createApiKey(input: $input) { secret apiKey { id role rateLimitTier } }
}`;
const UNKNOWN_ID = '0190a5c3-0000-7000-8000-000000000000';

const clients: Client[] = [];

/** Runs one query or mutation to its end (its result, or the errors it was refused with). */
function wsOperation(client: Client, query: string, variables?: Record<string, unknown>): Promise<WsOutcome> {
  return new Promise((resolve) => {
    let outcome: WsOutcome = {};
    client.subscribe(
      { query, variables },
      {
        next: (value) => {
          outcome = value as WsOutcome;
        },
        error: (error) => {
          const event = error as { code?: number; reason?: string };
          if (typeof event.code === 'number') resolve({ closed: { code: event.code, reason: event.reason ?? '' } });
          else resolve({ errors: error as GraphQLErrorShape[] });
        },
        complete: () => resolve(outcome),
      },
    );
  });
}

/** One connection for several operations in a row (a lazy client may close and reopen between them). */
function connect(key: string): Client {
  const client = createClient({
    url: t.wsUrl,
    webSocketImpl: WebSocket,
    connectionParams: { authorization: `Bearer ${key}` },
    retryAttempts: 0,
    lazy: false,
  });
  clients.push(client);
  return client;
}
afterEach(async () => {
  await Promise.all(clients.splice(0).map((client) => client.dispose()));
});

/** `"key";r=4;t=60` → { policy: 'key', r: 4, t: 60 } */
function parseRateLimit(value: string | null): { policy: string; r: number; t: number } {
  const match = /^"(\w+)";r=(\d+);t=(\d+)$/.exec(value ?? '');
  if (!match) throw new Error(`not a RateLimit field: ${value}`);
  return { policy: match[1] as string, r: Number(match[2]), t: Number(match[3]) };
}

async function spend(key: string, times: number): Promise<GraphQLResponse[]> {
  const answers: GraphQLResponse[] = [];
  for (let i = 0; i < times; i += 1) answers.push(await gql(t.graphqlUrl, VIEWER, { key }));
  return answers;
}

/** An UNLIMITED ADMIN key, as an operator makes it with the CLI: only such a key may hand out higher tiers. */
async function operatorAdmin(): Promise<string> {
  const { secret } = await t.app.services.apiKeys.create({
    em: t.app.orm.em.fork(),
    workspace: t.ws.workspace,
    role: Role.ADMIN,
    name: 'operator',
    rateLimitTier: RateLimitTier.UNLIMITED,
  });
  return secret;
}

async function newKey(
  rateLimitTier?: string,
): Promise<{ secret: string; apiKey: { id: string; rateLimitTier: string } }> {
  const input = { name: 'tiered', role: 'EDITOR', ...(rateLimitTier ? { rateLimitTier } : {}) };
  const res = await gql(t.graphqlUrl, CREATE_KEY, { key: await operatorAdmin(), variables: { input } });
  expect(res.errors).toBeUndefined();
  return res.data?.createApiKey;
}

function expectRateLimited(res: GraphQLResponse, policy: string): void {
  expect(res.status).toBe(429);
  expect(res.data ?? undefined).toBeUndefined();
  const retryAfter = Number(res.headers.get('retry-after'));
  expect(retryAfter).toBeGreaterThanOrEqual(1);
  expect(retryAfter).toBeLessThanOrEqual(60);
  expect(res.errors).toEqual([
    {
      message: expect.stringContaining(`(${policy})`),
      extensions: { code: 'RATE_LIMITED', retryAfter, requestId: res.headers.get('x-request-id') },
    },
  ]);
  expect(parseRateLimit(res.headers.get('ratelimit'))).toMatchObject({ policy, r: 0, t: retryAfter });
}

describe('rate limits over HTTP', () => {
  it('sends the IETF draft headers on every answer, with the remaining budget going down', async () => {
    const answers = await spend(t.ws.viewer, 3);
    for (const res of answers) {
      expect(res.status).toBe(200);
      expect(res.headers.get('ratelimit-policy')).toBe('"ip";q=1000000;w=60, "key";q=5;w=60');
    }
    const states = answers.map((res) => parseRateLimit(res.headers.get('ratelimit')));
    expect(states.map((s) => [s.policy, s.r])).toEqual([
      ['key', 4],
      ['key', 3],
      ['key', 2],
    ]);
    for (const state of states) expect(state.t).toBeGreaterThanOrEqual(0);
    for (const state of states) expect(state.t).toBeLessThanOrEqual(60);
  });

  it('answers 429 with Retry-After and RATE_LIMITED (retryAfter, requestId) once the key is over its budget', async () => {
    await spend(t.ws.viewer, 5);
    expectRateLimited((await spend(t.ws.viewer, 1))[0] as GraphQLResponse, 'key');
  });

  it('refuses a mutation over the budget before it runs: nothing is written', async () => {
    await spend(t.ws.editor, 5);
    const res = await gql(
      t.graphqlUrl,
      'mutation { createCampaign(input: { name: "Over", brief: { productName: "X", features: ["a"], tone: PLAYFUL, platforms: [BLOG] } }) { id } }',
      { key: t.ws.editor },
    );
    expectRateLimited(res, 'key');
    const count = await t.app.orm.em.fork().count(Campaign, { workspace: t.ws.workspace.id }, { filters: false });
    expect(count).toBe(0);
  });

  it("counts each key on its own: another key, or another workspace's, keeps its budget", async () => {
    await spend(t.ws.viewer, 6);
    const other = await createTestWorkspace(t.app);
    for (const key of [t.ws.editor, other.viewer]) {
      const res = await gql(t.graphqlUrl, VIEWER, { key });
      expect(res.status).toBe(200);
      expect(parseRateLimit(res.headers.get('ratelimit'))).toMatchObject({ policy: 'key', r: 4 });
    }
  });

  it('gives generation a smaller, separate budget; a refused generation writes no job', async () => {
    const [first, second] = await insertCampaigns(t.app, t.ws.workspace, 2);
    const ok = await gql(t.graphqlUrl, GENERATE, { key: t.ws.editor, variables: { id: first?.id } });
    expect(ok.errors).toBeUndefined();
    expect(ok.headers.get('ratelimit-policy')).toBe('"ip";q=1000000;w=60, "key";q=5;w=60, "generation";q=2;w=60');
    expect(parseRateLimit(ok.headers.get('ratelimit'))).toMatchObject({ policy: 'generation', r: 1 });
    // A generation refused for another reason still counts: the budget is spent before the operation runs.
    expect(codeOf(await gql(t.graphqlUrl, GENERATE, { key: t.ws.editor, variables: { id: UNKNOWN_ID } }))).toBe(
      'NOT_FOUND',
    );
    const over = await gql(t.graphqlUrl, GENERATE, { key: t.ws.editor, variables: { id: second?.id } });
    expectRateLimited(over, 'generation');
    const jobs = await t.app.orm.em.fork().count(GenerationJob, { campaign: second?.id }, { filters: false });
    expect(jobs).toBe(0);
    // The key's own budget is not spent out: other operations go on.
    const read = await gql(t.graphqlUrl, VIEWER, { key: t.ws.editor });
    expect(read.status).toBe(200);
    expect(parseRateLimit(read.headers.get('ratelimit'))).toMatchObject({ policy: 'key', r: 1 });
  });

  it('counts every generateCampaign of one mutation, aliases and fragments included', async () => {
    const res = await gql(
      t.graphqlUrl,
      `mutation { a: generateCampaign(input: { campaignId: "${UNKNOWN_ID}" }) { id } ...More }
       fragment More on Mutation { b: generateCampaign(input: { campaignId: "${UNKNOWN_ID}" }) { id }
         c: generateCampaign(input: { campaignId: "${UNKNOWN_ID}" }) { id } }`,
      { key: t.ws.editor },
    );
    expectRateLimited(res, 'generation');
  });
});

describe('rate-limit tiers', () => {
  it('makes STANDARD keys by default and scales the budgets for HIGH; UNLIMITED keys have no key budget', async () => {
    const standard = await newKey();
    expect(standard.apiKey.rateLimitTier).toBe('STANDARD');
    const high = await newKey('HIGH');
    expect(high.apiKey.rateLimitTier).toBe('HIGH');
    const res = await gql(t.graphqlUrl, GENERATE, { key: high.secret, variables: { id: UNKNOWN_ID } });
    expect(res.headers.get('ratelimit-policy')).toBe('"ip";q=1000000;w=60, "key";q=15;w=60, "generation";q=6;w=60');

    const unlimited = await newKey('UNLIMITED');
    const answers = await spend(unlimited.secret, 7);
    expect(answers.map((a) => a.status)).toEqual([200, 200, 200, 200, 200, 200, 200]);
    expect(answers[6]?.headers.get('ratelimit-policy')).toBe('"ip";q=1000000;w=60');
    expect(parseRateLimit(answers[6]?.headers.get('ratelimit') ?? null).policy).toBe('ip');
  });

  it('keeps the tier when a key is rotated', async () => {
    const high = await newKey('HIGH');
    const rotated = await gql(
      t.graphqlUrl,
      'mutation ($id: ID!) { rotateApiKey(id: $id) { apiKey { rateLimitTier } } }',
      {
        key: t.ws.admin,
        variables: { id: high.apiKey.id },
      },
    );
    expect(rotated.data?.rotateApiKey.apiKey.rateLimitTier).toBe('HIGH');
  });

  it('lets only ADMIN choose a tier, and refuses an unknown one, writing nothing', async () => {
    const countKeys = () => t.app.orm.em.fork().count(ApiKey, { workspace: t.ws.workspace.id }, { filters: false });
    const before = await countKeys();
    for (const key of [t.ws.viewer, t.ws.editor]) {
      const input = { name: 'mine', role: 'VIEWER', rateLimitTier: 'UNLIMITED' };
      const res = await gql(t.graphqlUrl, CREATE_KEY, { key, variables: { input } });
      expect(codeOf(res)).toBe('FORBIDDEN');
    }
    const bad = await gql(t.graphqlUrl, CREATE_KEY, {
      key: t.ws.admin,
      variables: { input: { name: 'x', role: 'VIEWER', rateLimitTier: 'PLATINUM' } },
    });
    expect(codeOf(bad)).toBe('BAD_USER_INPUT');
    // A STANDARD ADMIN cannot lift a key above its own tier: the tenant would escape its own limits.
    const higher = await gql(t.graphqlUrl, CREATE_KEY, {
      key: t.ws.admin,
      variables: { input: { name: 'x', role: 'VIEWER', rateLimitTier: 'HIGH' } },
    });
    expect(codeOf(higher)).toBe('FORBIDDEN');
    expect(higher.errors?.[0]?.message).toContain('copydesk apikey create --tier');
    expect(await countKeys()).toBe(before);
  });
});

describe('rate limits over WebSocket', () => {
  it('refuses an operation over the key budget with RATE_LIMITED and retryAfter, and keeps the socket open', async () => {
    const client = connect(t.ws.viewer);
    for (let i = 0; i < 5; i += 1) expect((await wsOperation(client, VIEWER)).errors).toBeUndefined();
    const over = await wsOperation(client, VIEWER);
    expect(over.closed).toBeUndefined();
    expect(over.errors?.[0]?.extensions).toMatchObject({ code: 'RATE_LIMITED', retryAfter: expect.any(Number) });
    expect(over.errors?.[0]?.extensions?.retryAfter).toBeGreaterThanOrEqual(1);
    expect(over.errors?.[0]?.extensions?.requestId).toEqual(expect.any(String));
    // The connection is still there: a later operation is answered (refused again), not closed.
    expect((await wsOperation(client, VIEWER)).errors?.[0]?.extensions?.code).toBe('RATE_LIMITED');
    // And the same key over HTTP shares the budget.
    expect((await spend(t.ws.viewer, 1))[0]?.status).toBe(429);
  });

  it('counts generateCampaign against the generation budget', async () => {
    const client = connect(t.ws.editor);
    const generate = () => wsOperation(client, GENERATE, { id: UNKNOWN_ID });
    expect((await generate()).errors?.[0]?.extensions?.code).toBe('NOT_FOUND');
    expect((await generate()).errors?.[0]?.extensions?.code).toBe('NOT_FOUND');
    const over = await generate();
    expect(over.errors?.[0]?.extensions).toMatchObject({ code: 'RATE_LIMITED', retryAfter: expect.any(Number) });
    expect(over.errors?.[0]?.message).toContain('(generation)');
  });
});

describe('rate-limit headers and configuration', () => {
  it('lets browser clients read the rate-limit headers across origins', async () => {
    const res = await gql(t.graphqlUrl, VIEWER, { key: t.ws.viewer, headers: { origin: 'https://app.example' } });
    const exposed = (res.headers.get('access-control-expose-headers') ?? '').toLowerCase().split(/\s*,\s*/);
    expect(exposed).toEqual(expect.arrayContaining(['ratelimit', 'ratelimit-policy', 'retry-after']));
  });

  it('documents its defaults in the configuration', () => {
    expect(parseConfig({})).toMatchObject({
      COPYDESK_RATE_LIMIT: 'on',
      COPYDESK_RATE_LIMIT_IP_PER_MIN: 1200,
      COPYDESK_RATE_LIMIT_KEY_PER_MIN: 600,
      COPYDESK_RATE_LIMIT_GENERATION_PER_MIN: 10,
      COPYDESK_RATE_LIMIT_HIGH_FACTOR: 10,
    });
    expect(() => parseConfig({ COPYDESK_RATE_LIMIT_KEY_PER_MIN: '0' })).toThrow(/COPYDESK_RATE_LIMIT_KEY_PER_MIN/);
  });
});

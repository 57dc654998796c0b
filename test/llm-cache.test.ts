import { randomBytes } from 'node:crypto';
import type { Client } from 'graphql-ws';
import { afterAll, afterEach, beforeAll, describe, expect, inject, it } from 'vitest';
import { benchReply } from '../bench/fake-llm';
import { startTestApp, type TestApp } from './support/app';
import { createScratchDatabase, type ScratchDatabase } from './support/database';
import { buildBrief, createTestWorkspace, type TestWorkspace } from './support/factories';
import { type FakeOpenAi, hold, reply, startFakeOpenAi } from './support/fake-openai';
import { expectCompleteStream, ProgressFeed } from './support/generation';
import { codeOf, gql, wsClient } from './support/graphql';
import { deleteRedisKeys } from './support/redis';

/** The LLM response cache and estimateGeneration, through the real app against a local OpenAI-compatible server. */

const PLATFORMS = ['LINKEDIN', 'TWITTER', 'BLOG'];
const WAIT_MS = 20_000;
const ESTIMATE = `query($input: GenerateCampaignInput!) {
  estimateGeneration(input: $input) { promptTokens completionTokens costUsd model cached } }`;

let t: TestApp | undefined;
let fake: FakeOpenAi | undefined;
let clients: Client[] = [];
let scratch: ScratchDatabase;
const redisPrefixes: string[] = [];

beforeAll(async () => {
  scratch = await createScratchDatabase();
});
afterAll(async () => {
  await deleteRedisKeys(redisPrefixes);
  await scratch.drop();
});
afterEach(async () => {
  await Promise.all(clients.map((client) => client.dispose()));
  clients = [];
  await t?.close();
  await fake?.close();
  t = undefined;
  fake = undefined;
});

/** The app writing with the fake model (bench answers: realistic lengths), in memory or Redis cache mode. */
async function start(mode: 'memory' | 'redis', env: Record<string, string> = {}) {
  fake = await startFakeOpenAi({ respond: benchReply });
  const prefix = `cache-test-${randomBytes(4).toString('hex')}`;
  if (mode === 'redis') redisPrefixes.push(prefix);
  t = await startTestApp({
    DATABASE_URL: scratch.url,
    COPYDESK_WORKER: 'on',
    OPENAI_BASE_URL: fake.url,
    OPENAI_API_KEY: 'sk-test',
    COPYDESK_MODEL: 'gpt-4o-mini',
    COPYDESK_LLM_TIMEOUT_MS: '5000',
    ...(mode === 'redis' ? { REDIS_URL: inject('redisUrl'), COPYDESK_QUEUE_PREFIX: prefix } : {}),
    ...env,
  });
  const ws = await createTestWorkspace(t.app);
  return { app: t, fake, ws };
}

async function createCampaign(ws: TestWorkspace, productName = 'Acme Rocket'): Promise<string> {
  if (!t) throw new Error('no app');
  const res = await gql(
    t.graphqlUrl,
    'mutation($input: CreateCampaignInput!) { createCampaign(input: $input) { id } }',
    {
      key: ws.editor,
      variables: { input: { name: 'Spring', brief: buildBrief({ platforms: PLATFORMS, productName }) } },
    },
  );
  return res.data?.createCampaign.id;
}

async function startJob(ws: TestWorkspace, campaignId: string, extra: Record<string, unknown> = {}) {
  if (!t) throw new Error('no app');
  const started = await gql(
    t.graphqlUrl,
    'mutation($input: GenerateCampaignInput!) { generateCampaign(input: $input) { id } }',
    { key: ws.editor, variables: { input: { campaignId, variantsPerPlatform: 2, ...extra } } },
  );
  return started.data?.generateCampaign.id as string;
}

/** Generates and follows the job to its end; answers its events and its usage. */
async function generate(ws: TestWorkspace, campaignId: string, extra: Record<string, unknown> = {}) {
  return follow(ws, await startJob(ws, campaignId, extra));
}

async function follow(ws: TestWorkspace, jobId: string) {
  if (!t) throw new Error('no app');
  const client = wsClient(t.wsUrl, { authorization: `Bearer ${ws.editor}` });
  clients.push(client);
  const { events } = await new ProgressFeed(client, jobId).end(WAIT_MS);
  const job = await gql(
    t.graphqlUrl,
    `{ generationJob(id: "${jobId}") { status usage { promptTokens completionTokens cachedTokens costUsd } } }`,
    { key: ws.viewer },
  );
  return { events, job: job.data?.generationJob };
}

async function estimate(ws: TestWorkspace, input: Record<string, unknown>, key = ws.viewer) {
  if (!t) throw new Error('no app');
  return gql(t.graphqlUrl, ESTIMATE, { key, variables: { input: { variantsPerPlatform: 2, ...input } } });
}

describe.each(['memory', 'redis'] as const)('the LLM response cache (%s)', (mode) => {
  it('answers a second identical generation without a model call, at no cost, and still streams it', async () => {
    // One job at a time: the cached job waits in the queue behind a held one until its subscriber is listening.
    const { ws, fake: model } = await start(mode, { COPYDESK_WORKER_CONCURRENCY: '1' });
    const campaignId = await createCampaign(ws);
    const first = await generate(ws, campaignId);
    expect(first.job.status).toBe('SUCCEEDED');
    const calls = model.requests.length;
    expect(calls).toBe(1 + PLATFORMS.length);

    const blocker = hold(reply.json({ headline: 'Held', keyMessages: ['Held'], angle: null }));
    model.enqueue(blocker.reply);
    const blocking = await startJob(ws, await createCampaign(ws, 'Blocker Lamp'));
    await blocker.reached;
    const cachedJob = await startJob(ws, campaignId);
    const client = wsClient(t?.wsUrl ?? '', { authorization: `Bearer ${ws.editor}` });
    clients.push(client);
    const feed = new ProgressFeed(client, cachedJob);
    await feed.next('SNAPSHOT', (event) => event.type === 'SNAPSHOT');
    blocker.release();
    await follow(ws, blocking);
    const second = { events: (await feed.end(WAIT_MS)).events, job: (await follow(ws, cachedJob)).job };
    const blockerCalls = 1 + PLATFORMS.length;
    expect(model.requests).toHaveLength(calls + blockerCalls);
    expect(second.job.status).toBe('SUCCEEDED');
    expect(second.job.usage).toEqual({ promptTokens: 0, completionTokens: 0, cachedTokens: 0, costUsd: 0 });
    // A subscriber of the cached job reconstructs every variant from its TOKEN deltas.
    expectCompleteStream(second.events, PLATFORMS, 2);
    expect(second.events.some((event) => event.type === 'TOKEN')).toBe(true);
    const bodies = (events: typeof first.events) =>
      events.filter((event) => event.type === 'VARIANT_READY').map((event) => event.variant?.body);
    expect(new Set(bodies(second.events))).toEqual(new Set(bodies(first.events)));
  });

  it('asks the model again with fresh: true', async () => {
    const { ws, fake: model } = await start(mode);
    const campaignId = await createCampaign(ws);
    await generate(ws, campaignId);
    const calls = model.requests.length;
    const fresh = await generate(ws, campaignId, { fresh: true });
    expect(fresh.job.status).toBe('SUCCEEDED');
    expect(model.requests).toHaveLength(2 * calls);
    expect(fresh.job.usage.promptTokens).toBeGreaterThan(0);
    expect(fresh.job.usage.costUsd).toBeGreaterThan(0);
  });
});

describe('estimateGeneration', () => {
  it('is within 15 % of the tokens the generation uses, and cached once it ran', async () => {
    const { ws } = await start('memory');
    const campaignId = await createCampaign(ws);
    const before = await estimate(ws, { campaignId });
    expect(before.errors).toBeUndefined();
    const estimated = before.data?.estimateGeneration;
    expect(estimated).toMatchObject({ model: 'gpt-4o-mini', cached: false });
    expect(estimated.costUsd).toBeGreaterThan(0);

    const { job } = await generate(ws, campaignId);
    const actual = job.usage.promptTokens + job.usage.completionTokens;
    const total = estimated.promptTokens + estimated.completionTokens;
    expect(Math.abs(total - actual) / actual).toBeLessThanOrEqual(0.15);
    expect(Math.abs(estimated.promptTokens - job.usage.promptTokens) / job.usage.promptTokens).toBeLessThanOrEqual(
      0.15,
    );

    const after = (await estimate(ws, { campaignId })).data?.estimateGeneration;
    expect(after).toMatchObject({ cached: true, costUsd: 0 });
    expect((await estimate(ws, { campaignId, fresh: true })).data?.estimateGeneration.cached).toBe(false);
    const other = await createCampaign(ws, 'Other Product');
    expect((await estimate(ws, { campaignId: other })).data?.estimateGeneration.cached).toBe(false);
  });

  it('answers any reader, refuses bad input and other workspaces like generateCampaign, and writes nothing', async () => {
    const { ws, app, fake: model } = await start('memory');
    const campaignId = await createCampaign(ws);
    const other = await createTestWorkspace(app.app);
    expect((await estimate(ws, { campaignId }, ws.viewer)).data?.estimateGeneration.model).toBe('gpt-4o-mini');
    expect(codeOf(await estimate(other, { campaignId }, other.admin))).toBe('NOT_FOUND');
    expect(codeOf(await estimate(ws, { campaignId, variantsPerPlatform: 9 }))).toBe('BAD_USER_INPUT');
    expect(codeOf(await estimate(ws, { campaignId, platforms: ['BLOG', 'BLOG'] }))).toBe('BAD_USER_INPUT');
    expect(codeOf(await estimate(ws, { campaignId, templateKey: 'no-such-template' }))).toBe('BAD_USER_INPUT');
    expect(codeOf(await estimate(ws, { campaignId: 'not-a-uuid' }))).toBe('NOT_FOUND');
    const jobs = await gql(app.graphqlUrl, `{ campaign(id: "${campaignId}") { status latestJob { id } } }`, {
      key: ws.viewer,
    });
    expect(jobs.data?.campaign).toEqual({ status: 'DRAFT', latestJob: null });
    expect(model.requests).toHaveLength(0);
  });
});

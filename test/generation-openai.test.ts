import { randomBytes } from 'node:crypto';
import type { Client } from 'graphql-ws';
import { Redis } from 'ioredis';
import { afterAll, afterEach, beforeAll, describe, expect, inject, it, onTestFinished } from 'vitest';
import { startTestApp, type TestApp } from './support/app';
import { createScratchDatabase, type ScratchDatabase } from './support/database';
import { buildBrief, createTestWorkspace, type TestWorkspace } from './support/factories';
import { type FakeOpenAi, type FakeReply, type RecordedRequest, reply, startFakeOpenAi } from './support/fake-openai';
import { ProgressFeed, streamedTexts } from './support/generation';
import { gql, wsClient } from './support/graphql';
import { MODEL_USAGE, modelAnswer, OUTLINE } from './support/llm-fixtures';
import { deleteRedisKeys, subscriberCount } from './support/redis';

/** A generation job run by the real app against a local OpenAI-compatible server, observed over HTTP and WebSocket. */

const PLATFORMS = ['LINKEDIN', 'TWITTER', 'BLOG'];
const WAIT_MS = 20_000;

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

async function start(env: Record<string, string>, fakeOptions: Parameters<typeof startFakeOpenAi>[0] = {}) {
  fake = await startFakeOpenAi({ charsPerToken: 4, respond: modelAnswer, ...fakeOptions });
  t = await startTestApp({
    DATABASE_URL: scratch.url,
    COPYDESK_WORKER: 'on',
    OPENAI_BASE_URL: fake.url,
    OPENAI_API_KEY: 'sk-test',
    COPYDESK_MODEL: 'gpt-4o-mini',
    COPYDESK_LLM_TIMEOUT_MS: '5000',
    ...env,
  });
  const ws = await createTestWorkspace(t.app);
  return { t, fake, ws };
}

async function createCampaign(url: string, key: string): Promise<string> {
  const res = await gql(url, 'mutation($input: CreateCampaignInput!) { createCampaign(input: $input) { id } }', {
    key,
    variables: { input: { name: 'Spring', brief: buildBrief({ platforms: PLATFORMS }) } },
  });
  return res.data?.createCampaign.id;
}

/** Generates and collects every event of the job until its final one (bounded). */
async function generateAndWatch(ws: TestWorkspace, variantsPerPlatform = 2) {
  if (!t) throw new Error('no app');
  const app = t;
  const campaignId = await createCampaign(app.graphqlUrl, ws.editor);
  const started = await gql(
    app.graphqlUrl,
    'mutation($input: GenerateCampaignInput!) { generateCampaign(input: $input) { id status } }',
    { key: ws.editor, variables: { input: { campaignId, variantsPerPlatform } } },
  );
  const jobId: string = started.data?.generateCampaign.id;
  const client = wsClient(app.wsUrl, { authorization: `Bearer ${ws.editor}` });
  clients.push(client);
  const { events } = await new ProgressFeed(client, jobId).end(WAIT_MS);
  const job = await gql(
    app.graphqlUrl,
    `{ generationJob(id: "${jobId}") { status provider degraded degradedReason error
       usage { promptTokens completionTokens cachedTokens costUsd }
       campaign { status contents { platform variants { body } } } } }`,
    { key: ws.viewer },
  );
  return { events, job: job.data?.generationJob };
}

describe('generation with an OpenAI-compatible server', () => {
  it('streams the model answer as plain text and records usage and cost', async () => {
    const { ws } = await start({});
    const { events, job } = await generateAndWatch(ws);

    expect(events[0]?.type).toBe('SNAPSHOT');
    expect(events.at(-1)?.type).toBe('COMPLETED');
    const ready = events.filter((event) => event.type === 'VARIANT_READY');
    expect(ready).toHaveLength(PLATFORMS.length * 2);
    const text = streamedTexts(events);
    for (const event of ready) {
      expect(text.get(`${event.platform}:${event.variantIndex}`)).toBe(event.variant?.body);
    }
    for (const event of events.filter((e) => e.type === 'TOKEN')) {
      expect(event.delta ?? '').not.toMatch(/\\n|\\"|"body"|\{"/);
    }
    expect(job).toMatchObject({
      status: 'SUCCEEDED',
      provider: 'openai:gpt-4o-mini',
      degraded: false,
      degradedReason: null,
      error: null,
    });
    // Four calls (asserted below), each reporting MODEL_USAGE: 1,200 prompt tokens of which 1,024 cached, 150 out.
    expect(MODEL_USAGE).toEqual({ prompt_tokens: 1200, completion_tokens: 150, cached_tokens: 1024 });
    expect(job.usage).toMatchObject({ promptTokens: 4 * 1200, completionTokens: 4 * 150, cachedTokens: 4 * 1024 });
    // gpt-4o-mini per 1M tokens: $0.15 uncached in, $0.075 cached in, $0.60 out.
    expect(job.usage.costUsd).toBeCloseTo((4 * 176 * 0.15 + 4 * 1024 * 0.075 + 4 * 150 * 0.6) / 1e6, 12);
    expect(job.campaign.status).toBe('READY');
    expect(job.campaign.contents.map((c: { variants: unknown[] }) => c.variants.length)).toEqual([2, 2, 2]);
    // One outline call and one streaming call per platform, each asking for usage.
    expect(fake?.requests).toHaveLength(1 + PLATFORMS.length);
    const streaming = fake?.requests.filter((request) => request.body.stream) ?? [];
    expect(streaming).toHaveLength(PLATFORMS.length);
    for (const request of streaming) expect(request.body.stream_options?.include_usage).toBe(true);
  });

  it('waits out a burst of 429s and still finishes without degrading', async () => {
    const { ws, fake: server } = await start({ COPYDESK_LLM_MAX_RETRIES: '4' });
    server.enqueue(...Array.from({ length: 3 }, () => reply.status(429, { 'retry-after-ms': '20' })));
    const { job } = await generateAndWatch(ws);

    expect(job).toMatchObject({ status: 'SUCCEEDED', degraded: false });
    expect(server.requests.slice(0, 3).every((request) => request.outcome === 'completed')).toBe(true);
    expect(server.requests.length).toBe(3 + 1 + PLATFORMS.length);
  });

  it('asks again with the validation error when the model answers malformed JSON', async () => {
    const { ws, fake: server } = await start({});
    server.enqueue(reply.text('{"headline": "Skip the traffic", "keyMessages": ['));
    const { job } = await generateAndWatch(ws);

    expect(job).toMatchObject({ status: 'SUCCEEDED', degraded: false });
    const [first, second] = server.requests;
    expect(first?.body.response_format?.json_schema?.name).toBe('campaign_outline');
    expect(second?.body.response_format?.json_schema?.name).toBe('campaign_outline');
    expect(JSON.stringify(second?.body.messages)).toMatch(/invalid|valid|error/i);
  });

  it('falls back to the offline writer when the server hangs, and marks the job degraded', async () => {
    const { ws, fake: server } = await start({
      COPYDESK_LLM_TIMEOUT_MS: '300',
      COPYDESK_LLM_CALL_TIMEOUT_MS: '400',
      COPYDESK_LLM_MAX_RETRIES: '0',
      COPYDESK_BREAKER_THRESHOLD: '2',
      COPYDESK_BREAKER_RESET_MS: '60000',
      COPYDESK_LLM_CONCURRENCY: '1',
    });
    server.enqueue(...Array.from({ length: 10 }, () => reply.hang()));
    const { events, job } = await generateAndWatch(ws);

    expect(events.at(-1)?.type).toBe('COMPLETED');
    expect(job).toMatchObject({
      status: 'SUCCEEDED',
      degraded: true,
      degradedReason: 'openai:gpt-4o-mini: Request timed out.',
      error: null,
    });
    expect(job.campaign.contents.map((c: { variants: unknown[] }) => c.variants.length)).toEqual([2, 2, 2]);
    // Two hung calls open the breaker; the other calls never reach the server.
    expect(server.requests).toHaveLength(2);
  });

  it('says why a job degraded when the API key is wrong: the server answered 401', async () => {
    const { ws, fake: server } = await start({ COPYDESK_BREAKER_THRESHOLD: '1', COPYDESK_BREAKER_RESET_MS: '60000' });
    server.enqueue(reply.status(401));
    const { events, job } = await generateAndWatch(ws);

    expect(events.at(-1)?.type).toBe('COMPLETED');
    expect(job.status).toBe('SUCCEEDED');
    expect(job.degraded).toBe(true);
    expect(job.degradedReason).toMatch(/^openai:gpt-4o-mini answered HTTP 401/);
    // One refused call opens the breaker: the key is not tried again for every platform.
    expect(server.requests).toHaveLength(1);
  });
});

describe('moderation in the pipeline', () => {
  const BANNED_BODY = 'The cheap way to skip traffic: Acme Rocket folds into your backpack. Pre-order today.';

  /** Writes the banned word in every variant until a request carries moderation feedback, if `learns`. */
  function bannedWriter(learns: boolean) {
    return (request: RecordedRequest): FakeReply => {
      const schema = request.body.response_format?.json_schema?.name;
      if (schema === 'campaign_outline') return reply.json(OUTLINE);
      const feedback = JSON.stringify(request.body.messages).includes('<feedback>');
      const body = learns && feedback ? 'Skip traffic with Acme Rocket: it folds into your backpack.' : BANNED_BODY;
      const variants = Array.from({ length: 5 }, () => ({ title: 'Acme Rocket', body, hashtags: ['#Commute'] }));
      return schema === 'platform_variants' ? reply.json({ variants }) : reply.json(variants[0]);
    };
  }

  async function withBannedTerm(learns: boolean) {
    const { ws } = await start({}, { respond: bannedWriter(learns) });
    if (!t) throw new Error('no app');
    await gql(t.graphqlUrl, 'mutation { updateBrandProfile(input: { bannedTerms: ["cheap"] }) { bannedTerms } }', {
      key: ws.admin,
    });
    const { job } = await generateAndWatch(ws, 1);
    const variants = await gql(
      t.graphqlUrl,
      `{ campaigns(first: 1) { edges { node { contents { variants { body status
          moderation { verdict findings { rule severity start end message suggestion } } quality { score } } } } } } }`,
      { key: ws.viewer },
    );
    const all = variants.data?.campaigns.edges[0].node.contents.flatMap((c: { variants: unknown[] }) => c.variants);
    return { job, variants: all as { body: string; status: string; moderation: any; quality: any }[] };
  }

  it('keeps a variant that still names a banned term FLAGGED, with the finding explained', async () => {
    const { job, variants } = await withBannedTerm(false);
    expect(job.status).toBe('SUCCEEDED');
    expect(variants).toHaveLength(PLATFORMS.length);
    for (const variant of variants) {
      expect(variant.status).toBe('FLAGGED');
      expect(variant.moderation.verdict).toBe('BLOCK');
      const finding = variant.moderation.findings.find((f: { rule: string }) => f.rule === 'brand.banned-term');
      expect(finding.message).toMatch(/cheap/i);
      expect(variant.body.slice(finding.start, finding.end).toLowerCase()).toBe('cheap');
      expect(variant.quality.score).toBeLessThanOrEqual(30);
    }
    // Each platform: the first answer, then one rewrite with the findings as feedback.
    const rewrites = fake?.requests.filter((request) => JSON.stringify(request.body.messages).includes('<feedback>'));
    expect(rewrites?.length).toBe(PLATFORMS.length);
    expect(JSON.stringify(rewrites?.[0]?.body.messages)).toMatch(/cheap/i);
  });

  it('rewrites a blocked variant once with the findings as feedback, and keeps the clean rewrite', async () => {
    const { job, variants } = await withBannedTerm(true);
    expect(job.status).toBe('SUCCEEDED');
    for (const variant of variants) {
      expect(variant.status).toBe('DRAFT');
      expect(variant.body).not.toMatch(/cheap/i);
      expect(variant.moderation.verdict).not.toBe('BLOCK');
    }
  });
});

describe('moderationResults', () => {
  it('streams each variant’s moderation result as generation reviews it, for the campaign’s workspace only', async () => {
    // Events over Redis: the test sees the server subscribe to the campaign's channel instead of waiting a while.
    const prefix = `test-moderation-${randomBytes(4).toString('hex')}`;
    redisPrefixes.push(prefix);
    const { ws } = await start({ REDIS_URL: inject('redisUrl'), COPYDESK_QUEUE_PREFIX: prefix });
    if (!t) throw new Error('no app');
    const app = t;
    const redis = new Redis(inject('redisUrl'));
    onTestFinished(() => redis.disconnect());
    const campaignId = await createCampaign(app.graphqlUrl, ws.editor);
    const client = wsClient(app.wsUrl, { authorization: `Bearer ${ws.viewer}` });
    clients.push(client);
    const query = `subscription { moderationResults(campaignId: "${campaignId}") { campaignId variantId platform result { verdict } } }`;
    const received: { platform: string; result: { verdict: string } }[] = [];
    const failures: unknown[] = [];
    client.subscribe(
      { query },
      {
        next: (value) => {
          received.push((value.data as { moderationResults: (typeof received)[number] }).moderationResults);
        },
        error: (error) => failures.push(error),
        complete: () => {},
      },
    );
    // The subscription reached the server before the job starts.
    await expect.poll(() => subscriberCount(redis, `moderation:${campaignId}`), { timeout: WAIT_MS }).toBe(1);
    await gql(app.graphqlUrl, 'mutation($input: GenerateCampaignInput!) { generateCampaign(input: $input) { id } }', {
      key: ws.editor,
      variables: { input: { campaignId, variantsPerPlatform: 1 } },
    });
    await expect
      .poll(() => ({ received: received.length, failures }), { timeout: WAIT_MS })
      .toEqual({ received: PLATFORMS.length, failures: [] });
    expect(new Set(received.map((event) => event.platform))).toEqual(new Set(PLATFORMS));
    expect(received.every((event) => event.result.verdict === 'PASS')).toBe(true);

    const other = await createTestWorkspace(app.app);
    const foreign = wsClient(app.wsUrl, { authorization: `Bearer ${other.viewer}` });
    clients.push(foreign);
    const refused = await new Promise<unknown>((resolve) => {
      // A refused subscription answers one result with errors, then completes.
      foreign.subscribe(
        { query },
        { next: (value) => resolve(value.errors), error: resolve, complete: () => resolve(null) },
      );
    });
    expect(JSON.stringify(refused)).toContain('NOT_FOUND');
  });
});

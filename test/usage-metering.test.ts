import type { Client } from 'graphql-ws';
import { afterAll, afterEach, describe, expect, it } from 'vitest';
import { useTestApp } from './support/app';
import { buildBrief } from './support/factories';
import { type FakeOpenAi, modelEnv, startFakeOpenAi } from './support/fake-openai';
import { ProgressFeed } from './support/generation';
import { codeOf, gql, wsClient } from './support/graphql';
import { MODEL_USAGE, modelAnswer } from './support/llm-fixtures';
import { SET_LIMITS, USAGE_REPORT } from './support/usage';

const PLATFORMS = ['LINKEDIN', 'TWITTER', 'BLOG'];
const WAIT_MS = 20_000;
/** Per call, unless a test scripts otherwise. */
let usage: { prompt_tokens: number; completion_tokens: number; cached_tokens: number } = MODEL_USAGE;
const fake: FakeOpenAi = await startFakeOpenAi({
  respond: (request) => {
    const answer = modelAnswer(request);
    return answer.kind === 'content' ? { ...answer, usage } : answer;
  },
});
const t = useTestApp({
  scratchDatabase: true,
  env: {
    COPYDESK_WORKER: 'on',
    ...modelEnv(fake),
    COPYDESK_USAGE_FLUSH_MS: '20',
    COPYDESK_USAGE_LIMITS_CACHE_MS: '0',
    COPYDESK_OUTBOX_POLL_MS: '20',
  },
});

const clients: Client[] = [];
afterEach(async () => {
  await Promise.all(clients.splice(0).map((client) => client.dispose()));
  usage = MODEL_USAGE;
});
afterAll(() => fake.close());

async function createCampaign(key: string): Promise<string> {
  const created = await gql(
    t.graphqlUrl,
    'mutation($input: CreateCampaignInput!) { createCampaign(input: $input) { id } }',
    {
      key,
      variables: { input: { name: 'Spring', brief: buildBrief({ platforms: PLATFORMS }) } },
    },
  );
  return created.data?.createCampaign.id as string;
}

async function generate(key: string, fresh = false, existing?: string) {
  const campaignId = existing ?? (await createCampaign(key));
  const started = await gql(
    t.graphqlUrl,
    'mutation($input: GenerateCampaignInput!) { generateCampaign(input: $input) { id } }',
    { key, variables: { input: { campaignId, variantsPerPlatform: 2, fresh } } },
  );
  expect(started.errors).toBeUndefined();
  const jobId = started.data?.generateCampaign.id as string;
  const client = wsClient(t.wsUrl, { authorization: `Bearer ${key}` });
  clients.push(client);
  const { events } = await new ProgressFeed(client, jobId).end(WAIT_MS);
  const job = await gql(
    t.graphqlUrl,
    `{ generationJob(id: "${jobId}") { status error usage { promptTokens completionTokens cachedTokens costUsd }
       campaign { id status contents { platform variants { id } } } } }`,
    { key },
  );
  return { events, jobId, job: job.data?.generationJob };
}

async function report(variables: Record<string, unknown>) {
  const res = await gql(t.graphqlUrl, USAGE_REPORT, { key: t.ws.admin, variables });
  expect(res.errors).toBeUndefined();
  return res.data?.usage;
}

describe('usage metering', () => {
  it('records every model call by key, model and operation, and reports the same totals as the job', async () => {
    const editorId = (await gql(t.graphqlUrl, '{ viewer { apiKeyId } }', { key: t.ws.editor })).data?.viewer.apiKeyId;
    const before = fake.requests.length;
    const { job } = await generate(t.ws.editor);
    expect(job.status).toBe('SUCCEEDED');
    const calls = fake.requests.length - before;
    expect(calls).toBe(1 + PLATFORMS.length);

    const day = await report({ period: 'DAY' });
    expect(day).toMatchObject({
      generations: 1,
      variants: PLATFORMS.length * 2,
      calls,
      cacheHits: 0,
      cacheHitRatio: 0,
      usage: {
        promptTokens: job.usage.promptTokens,
        completionTokens: job.usage.completionTokens,
        cachedTokens: job.usage.cachedTokens,
      },
    });
    expect(day.usage.costUsd).toBeCloseTo(job.usage.costUsd, 10);
    expect(day.byModel).toMatchObject([{ key: 'gpt-4o-mini', calls, requests: calls }]);
    expect(
      Object.fromEntries(day.byOperation.map((slice: { key: string; calls: number }) => [slice.key, slice.calls])),
    ).toEqual({
      outline: 1,
      variants: PLATFORMS.length,
    });
    const editor = day.byApiKey.find((slice: { key: string }) => slice.key === editorId);
    expect(editor).toMatchObject({ label: expect.stringMatching(/^editor \(cdk_/), calls });
    expect(editor.usage.promptTokens).toBe(job.usage.promptTokens);
    // The admin key made no model call: it is in the breakdown for its requests only.
    await expect
      .poll(async () => (await report({ period: 'DAY', apiKeyId: editorId })).requests)
      .toBeGreaterThanOrEqual(4);
    const mine = await report({ period: 'MONTH', apiKeyId: editorId });
    expect(mine).toMatchObject({ apiKeyId: editorId, calls, generations: 1, variants: PLATFORMS.length * 2 });
  });

  it('stops a job cleanly once a token limit is used up, keeping the previous content and releasing what it held', async () => {
    // The model answers with far more tokens than the estimate: the reservation is used up and the limit reached.
    usage = { prompt_tokens: 40_000, completion_tokens: 5_000, cached_tokens: 0 };
    const campaignId = await createCampaign(t.ws.editor);
    const estimate = await gql(
      t.graphqlUrl,
      'query($input: GenerateCampaignInput!) { estimateGeneration(input: $input) { promptTokens completionTokens } }',
      { key: t.ws.editor, variables: { input: { campaignId, fresh: true } } },
    );
    const need = estimate.data?.estimateGeneration.promptTokens + estimate.data?.estimateGeneration.completionTokens;
    const tokensPerDay = need + 1_000;
    const limit = await gql(t.graphqlUrl, SET_LIMITS, { key: t.ws.admin, variables: { input: { tokensPerDay } } });
    expect(limit.errors).toBeUndefined();
    // fresh: the same brief's answers are in the LLM cache since the test before, and those cost nothing.
    const { events, job } = await generate(t.ws.editor, true, campaignId);

    expect(events.at(-1)?.type).toBe('FAILED');
    expect(job.status).toBe('FAILED');
    expect(job.error).toMatch(/^Usage limit reached: the workspace's tokens per day limit of [\d,]+ has 0 left/);
    expect(job.error).toContain(tokensPerDay.toLocaleString('en-US'));
    expect(job.campaign.status).toBe('FAILED');
    expect(job.campaign.contents).toEqual([]);
    // The calls that were made are metered, and a new generation that needs the model is refused until the day
    // ends (one answered wholly from the cache would cost nothing, and is let through).
    const day = await report({ period: 'DAY' });
    expect(day.usage.promptTokens).toBeGreaterThanOrEqual(40_000);
    // What the stopped job still held is given back once its end is dispatched.
    await expect.poll(async () => (await report({ period: 'DAY' })).reservedTokens).toBe(0);
    const again = await gql(
      t.graphqlUrl,
      'mutation($input: GenerateCampaignInput!) { generateCampaign(input: $input) { id } }',
      { key: t.ws.editor, variables: { input: { campaignId: job.campaign.id, fresh: true } } },
    );
    expect(codeOf(again)).toBe('QUOTA_EXCEEDED');
    expect(again.errors?.[0]?.extensions?.retryAfter).toBeGreaterThan(0);
  });

  it('counts answers from the LLM response cache as hits at no cost', async () => {
    // The same brief as the tests before: every answer of this job is in the cache already.
    const before = fake.requests.length;
    const { job } = await generate(t.ws.editor);
    expect(job.status).toBe('SUCCEEDED');
    expect(fake.requests.length).toBe(before);
    const day = await report({ period: 'DAY' });
    expect(day).toMatchObject({
      calls: 1 + PLATFORMS.length,
      cacheHits: 1 + PLATFORMS.length,
      cacheHitRatio: 1,
      usage: { promptTokens: 0, completionTokens: 0, costUsd: 0 },
    });
  });
});

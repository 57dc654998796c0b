import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestApp, type TestApp } from './support/app';
import { createScratchDatabase, type ScratchDatabase } from './support/database';
import { buildBrief, createTestWorkspace, type TestWorkspace } from './support/factories';
import { type FakeOpenAi, startFakeOpenAi } from './support/fake-openai';
import { codeOf, gql } from './support/graphql';
import { modelAnswer } from './support/llm-fixtures';
import { manualClock, SET_LIMITS, USAGE_REPORT } from './support/usage';

/**
 * Reservations under concurrency: two API processes on one database, no worker (jobs stay QUEUED and keep what
 * they reserved), and a third app with a worker for the release after a job ends.
 */

const PLATFORMS = ['LINKEDIN', 'TWITTER', 'BLOG'];
let fake: FakeOpenAi;
let scratch: ScratchDatabase;
let apis: TestApp[] = [];

function modelEnv(extra: Record<string, string> = {}) {
  return {
    DATABASE_URL: scratch.url,
    COPYDESK_PROVIDER: 'openai',
    OPENAI_BASE_URL: fake.url,
    OPENAI_API_KEY: 'sk-test',
    COPYDESK_MODEL: 'gpt-4o-mini',
    COPYDESK_USAGE_LIMITS_CACHE_MS: '0',
    ...extra,
  };
}

beforeAll(async () => {
  fake = await startFakeOpenAi({
    // Tiny real usage: a finished job uses far less than it reserved.
    respond: (request) => {
      const answer = modelAnswer(request);
      return answer.kind === 'content'
        ? { ...answer, usage: { prompt_tokens: 10, completion_tokens: 5, cached_tokens: 0 } }
        : answer;
    },
  });
  scratch = await createScratchDatabase();
  apis = [await startTestApp(modelEnv()), await startTestApp(modelEnv())];
});
afterAll(async () => {
  await Promise.all(apis.map((api) => api.close()));
  await fake.close();
  await scratch.drop();
});

async function campaigns(ws: TestWorkspace, count: number, api = apis[0]!): Promise<string[]> {
  const ids: string[] = [];
  for (let i = 0; i < count; i++) {
    const res = await gql(
      api.graphqlUrl,
      'mutation($input: CreateCampaignInput!) { createCampaign(input: $input) { id } }',
      {
        key: ws.editor,
        variables: { input: { name: `C${i}`, brief: buildBrief({ platforms: PLATFORMS }) } },
      },
    );
    ids.push(res.data?.createCampaign.id);
  }
  return ids;
}

async function estimatedTokens(ws: TestWorkspace, campaignId: string, api = apis[0]!): Promise<number> {
  const res = await gql(
    api.graphqlUrl,
    'query($input: GenerateCampaignInput!) { estimateGeneration(input: $input) { promptTokens completionTokens costUsd } }',
    { key: ws.editor, variables: { input: { campaignId } } },
  );
  expect(res.errors).toBeUndefined();
  const estimate = res.data?.estimateGeneration;
  return estimate.promptTokens + estimate.completionTokens;
}

function generate(api: TestApp, key: string, campaignId: string) {
  return gql(api.graphqlUrl, 'mutation($input: GenerateCampaignInput!) { generateCampaign(input: $input) { id } }', {
    key,
    variables: { input: { campaignId } },
  });
}

async function limitTo(ws: TestWorkspace, tokensPerDay: number, api = apis[0]!) {
  const res = await gql(api.graphqlUrl, SET_LIMITS, { key: ws.admin, variables: { input: { tokensPerDay } } });
  expect(res.errors).toBeUndefined();
}

describe('usage reservations', () => {
  it('accepts exactly three of ten parallel generations with room for three, on one process', async () => {
    const ws = await createTestWorkspace(apis[0]!.app);
    const ids = await campaigns(ws, 10);
    const need = await estimatedTokens(ws, ids[0]!);
    expect(need).toBeGreaterThan(0);
    await limitTo(ws, Math.floor(need * 3.5));
    const results = await Promise.all(ids.map((id) => generate(apis[0]!, ws.editor, id)));
    expect(results.filter((res) => !res.errors).length).toBe(3);
    const refused = results.filter((res) => res.errors);
    expect(refused.map(codeOf)).toEqual(Array(7).fill('QUOTA_EXCEEDED'));
    expect(refused[0]?.errors?.[0]?.extensions?.retryAfter).toBeGreaterThan(0);
    const report = await gql(apis[0]!.graphqlUrl, USAGE_REPORT, { key: ws.admin, variables: { period: 'DAY' } });
    expect(report.data?.usage).toMatchObject({ generations: 3, reservedTokens: need * 3 });
  });

  it('accepts exactly three of ten parallel generations with room for three, across two processes', async () => {
    const ws = await createTestWorkspace(apis[0]!.app);
    const ids = await campaigns(ws, 10);
    const need = await estimatedTokens(ws, ids[0]!);
    await limitTo(ws, Math.floor(need * 3.5));
    const results = await Promise.all(ids.map((id, i) => generate(apis[i % 2]!, ws.editor, id)));
    expect(results.filter((res) => !res.errors).length).toBe(3);
    expect(results.filter((res) => res.errors).map(codeOf)).toEqual(Array(7).fill('QUOTA_EXCEEDED'));
  });

  it("caps a key by its own limit, and not the workspace's other keys", async () => {
    const ws = await createTestWorkspace(apis[0]!.app);
    const ids = await campaigns(ws, 3);
    const need = await estimatedTokens(ws, ids[0]!);
    const editorId = (await gql(apis[0]!.graphqlUrl, '{ viewer { apiKeyId } }', { key: ws.editor })).data?.viewer
      .apiKeyId;
    await gql(apis[0]!.graphqlUrl, SET_LIMITS, {
      key: ws.admin,
      variables: { input: { apiKeyId: editorId, tokensPerMonth: Math.floor(need * 1.5) } },
    });
    expect((await generate(apis[0]!, ws.editor, ids[0]!)).errors).toBeUndefined();
    const refused = await generate(apis[1]!, ws.editor, ids[1]!);
    expect(codeOf(refused)).toBe('QUOTA_EXCEEDED');
    expect(refused.errors?.[0]?.message).toContain("this API key's tokens per month limit");
    // The admin key has no limit of its own and the workspace none: it may still generate.
    expect((await generate(apis[1]!, ws.admin, ids[1]!)).errors).toBeUndefined();
  });

  it('releases what a finished job did not use, making room for the next', async () => {
    // A database of its own: a worker takes every queued job of its database, and the others hold theirs on purpose.
    const own = await createScratchDatabase();
    const worker = await startTestApp(
      modelEnv({ DATABASE_URL: own.url, COPYDESK_WORKER: 'on', COPYDESK_OUTBOX_POLL_MS: '20' }),
    );
    try {
      const ws = await createTestWorkspace(worker.app);
      const ids = await campaigns(ws, 2, worker);
      const need = await estimatedTokens(ws, ids[0]!, worker);
      await limitTo(ws, Math.floor(need * 1.5), worker);
      expect((await generate(worker, ws.editor, ids[0]!)).errors).toBeUndefined();
      // Refused while the first job holds its estimate, accepted once it ended and gave back what it did not use.
      await expect
        .poll(async () => codeOf(await generate(worker, ws.editor, ids[1]!)) ?? 'ACCEPTED', { timeout: 20_000 })
        .toBe('ACCEPTED');
      const report = await gql(worker.graphqlUrl, USAGE_REPORT, { key: ws.admin, variables: { period: 'DAY' } });
      expect(report.data?.usage.usage.promptTokens).toBeGreaterThan(0);
      expect(report.data?.usage.usage.promptTokens).toBeLessThan(need);
    } finally {
      await worker.close();
      await own.drop();
    }
  });

  it('counts a monthly limit in the UTC month: refused until the month ends, then room again', async () => {
    const clock = manualClock('2026-03-31T23:59:00.000Z');
    const api = await startTestApp(modelEnv(), { clock: clock.now });
    try {
      const ws = await createTestWorkspace(api.app);
      const ids = await campaigns(ws, 3, api);
      const need = await estimatedTokens(ws, ids[0]!, api);
      const res = await gql(api.graphqlUrl, SET_LIMITS, {
        key: ws.admin,
        variables: { input: { tokensPerMonth: Math.floor(need * 1.5) } },
      });
      expect(res.errors).toBeUndefined();
      expect((await generate(api, ws.editor, ids[0]!)).errors).toBeUndefined();
      const refused = await generate(api, ws.editor, ids[1]!);
      expect(codeOf(refused)).toBe('QUOTA_EXCEEDED');
      // One minute to the end of March.
      expect(refused.errors?.[0]?.extensions?.retryAfter).toBe(60);
      expect(refused.errors?.[0]?.message).toContain('resets 2026-04-01T00:00:00.000Z');

      clock.set('2026-04-01T00:00:01.000Z');
      expect((await generate(api, ws.editor, ids[1]!)).errors).toBeUndefined();
      const april = await gql(api.graphqlUrl, USAGE_REPORT, { key: ws.admin, variables: { period: 'MONTH' } });
      expect(april.data?.usage).toMatchObject({ from: '2026-04-01T00:00:00.000Z', reservedTokens: need });
    } finally {
      await api.close();
    }
  });
});

import { describe, expect, it } from 'vitest';
import { useTestApp } from './support/app';
import { createTestWorkspace } from './support/factories';
import { codeOf, gql, wsClient, wsExecute } from './support/graphql';
import { GET_LIMITS, manualClock, SET_LIMITS, USAGE_REPORT, usageEventRecorder } from './support/usage';

const clock = manualClock('2026-03-31T23:59:00.000Z');
const recorder = usageEventRecorder();
const t = useTestApp({
  scratchDatabase: true,
  env: {
    COPYDESK_WORKER: 'on',
    COPYDESK_USAGE_FLUSH_MS: '20',
    COPYDESK_USAGE_LIMITS_CACHE_MS: '0',
    COPYDESK_OUTBOX_POLL_MS: '20',
  },
  services: { clock: clock.now, subscribers: [recorder] },
});

const VIEWER = '{ viewer { apiKeyId } }';

async function keyIdOf(key: string): Promise<string> {
  const res = await gql<{ viewer: { apiKeyId: string } }>(t.graphqlUrl, VIEWER, { key });
  return res.data?.viewer.apiKeyId as string;
}

async function setLimits(input: Record<string, unknown>, key = t.ws.admin) {
  return gql<{ setUsageLimits: Record<string, unknown> }>(t.graphqlUrl, SET_LIMITS, { key, variables: { input } });
}

describe('usage limits', () => {
  it('sets, reads, keeps what is left out and clears what is null', async () => {
    const set = await setLimits({ tokensPerDay: 50_000, costPerMonthUsd: 12.5 });
    expect(set.errors).toBeUndefined();
    expect(set.data?.setUsageLimits).toEqual({
      apiKeyId: null,
      requestsPerDay: null,
      tokensPerDay: 50_000,
      tokensPerMonth: null,
      costPerDayUsd: null,
      costPerMonthUsd: 12.5,
    });
    await setLimits({ requestsPerDay: 1000, costPerMonthUsd: null });
    const read = await gql(t.graphqlUrl, GET_LIMITS, { key: t.ws.admin });
    expect(read.data?.usageLimits).toMatchObject({ requestsPerDay: 1000, tokensPerDay: 50_000, costPerMonthUsd: null });

    const editorId = await keyIdOf(t.ws.editor);
    await setLimits({ apiKeyId: editorId, tokensPerMonth: 9_000 });
    const forKey = await gql(t.graphqlUrl, GET_LIMITS, { key: t.ws.admin, variables: { apiKeyId: editorId } });
    expect(forKey.data?.usageLimits).toMatchObject({ apiKeyId: editorId, tokensPerMonth: 9_000, tokensPerDay: null });
  });

  it('refuses negative, fractional, non-numeric and absurd values with every bad field named, writing nothing', async () => {
    const res = await setLimits({ requestsPerDay: -1, tokensPerDay: -5, costPerDayUsd: 1e12 });
    expect(codeOf(res)).toBe('BAD_USER_INPUT');
    expect(res.errors?.[0]?.extensions?.fields?.map((field) => field.path).sort()).toEqual([
      'costPerDayUsd',
      'requestsPerDay',
      'tokensPerDay',
    ]);
    expect(codeOf(await setLimits({ tokensPerDay: 1.5 }))).toBe('BAD_USER_INPUT');
    expect(codeOf(await setLimits({ costPerDayUsd: 'NaN' }))).toBe('BAD_USER_INPUT');
    const read = await gql(t.graphqlUrl, GET_LIMITS, { key: t.ws.admin });
    expect(read.data?.usageLimits).toMatchObject({ requestsPerDay: null, tokensPerDay: null, costPerDayUsd: null });
  });

  it('lets only ADMIN read usage and limits and set limits, and never for another workspace', async () => {
    for (const key of [t.ws.editor, t.ws.viewer]) {
      expect(codeOf(await setLimits({ tokensPerDay: 1 }, key))).toBe('FORBIDDEN');
      expect(codeOf(await gql(t.graphqlUrl, GET_LIMITS, { key }))).toBe('FORBIDDEN');
      expect(codeOf(await gql(t.graphqlUrl, USAGE_REPORT, { key, variables: { period: 'DAY' } }))).toBe('FORBIDDEN');
    }
    const other = await createTestWorkspace(t.app);
    const otherKey = await keyIdOf(other.editor);
    expect(codeOf(await setLimits({ apiKeyId: otherKey, tokensPerDay: 1 }))).toBe('NOT_FOUND');
    expect(codeOf(await gql(t.graphqlUrl, GET_LIMITS, { key: t.ws.admin, variables: { apiKeyId: otherKey } }))).toBe(
      'NOT_FOUND',
    );
    const report = await gql(t.graphqlUrl, USAGE_REPORT, {
      key: t.ws.admin,
      variables: { period: 'DAY', apiKeyId: otherKey },
    });
    expect(codeOf(report)).toBe('NOT_FOUND');
    const theirs = await gql(t.graphqlUrl, GET_LIMITS, { key: other.admin, variables: { apiKeyId: otherKey } });
    expect(theirs.data?.usageLimits).toMatchObject({ tokensPerDay: null });
  });

  it('counts requests per key and workspace, and reports them for the day and the month', async () => {
    clock.set('2026-04-10T12:00:00.000Z');
    const editorId = await keyIdOf(t.ws.editor);
    for (let i = 0; i < 4; i++) await gql(t.graphqlUrl, VIEWER, { key: t.ws.editor });
    await expect
      .poll(async () => {
        const res = await gql(t.graphqlUrl, USAGE_REPORT, { key: t.ws.admin, variables: { period: 'DAY' } });
        const report = res.data?.usage;
        return {
          editor: report?.byApiKey.find((slice: { key: string }) => slice.key === editorId)?.requests,
          from: report?.from,
          to: report?.to,
        };
      })
      .toEqual({ editor: 5, from: '2026-04-10T00:00:00.000Z', to: '2026-04-11T00:00:00.000Z' });
    const month = await gql(t.graphqlUrl, USAGE_REPORT, {
      key: t.ws.admin,
      variables: { period: 'MONTH', apiKeyId: editorId },
    });
    expect(month.data?.usage).toMatchObject({
      apiKeyId: editorId,
      requests: 5,
      from: '2026-04-01T00:00:00.000Z',
      to: '2026-05-01T00:00:00.000Z',
      generations: 0,
      calls: 0,
      cacheHitRatio: 0,
    });
  });

  it("refuses requests over a key's daily limit with QUOTA_EXCEEDED, 429 and Retry-After until UTC midnight, then lets them through the next day", async () => {
    clock.set('2026-05-20T23:00:00.000Z');
    const editorId = await keyIdOf(t.ws.editor); // request 1 of the day
    await setLimits({ apiKeyId: editorId, requestsPerDay: 5 });
    for (let i = 2; i <= 5; i++) expect((await gql(t.graphqlUrl, VIEWER, { key: t.ws.editor })).status).toBe(200);
    const refused = await gql(t.graphqlUrl, VIEWER, { key: t.ws.editor });
    expect(refused.status).toBe(429);
    expect(refused.headers.get('retry-after')).toBe('3600');
    expect(refused.errors?.[0]?.extensions).toMatchObject({ code: 'QUOTA_EXCEEDED', retryAfter: 3600 });
    expect(refused.errors?.[0]?.message).toContain("this API key's requests per day limit of 5 has 0 left");
    // Other keys of the workspace are not limited by this key's limit.
    expect((await gql(t.graphqlUrl, VIEWER, { key: t.ws.viewer })).status).toBe(200);

    const client = wsClient(t.wsUrl, { authorization: `Bearer ${t.ws.editor}` });
    const overWs = await wsExecute(client, VIEWER);
    await client.dispose();
    expect(overWs.result?.errors?.[0]?.extensions).toMatchObject({ code: 'QUOTA_EXCEEDED', retryAfter: 3600 });

    clock.set('2026-05-21T00:00:01.000Z');
    expect((await gql(t.graphqlUrl, VIEWER, { key: t.ws.editor })).status).toBe(200);
  });

  it('publishes a budget warning at 80 % and limit reached at 100 %, once each per period', async () => {
    clock.set('2026-06-01T08:00:00.000Z');
    await setLimits({ requestsPerDay: 6 }); // the workspace's; this request is the admin key's first
    for (let i = 0; i < 6; i++) await gql(t.graphqlUrl, VIEWER, { key: t.ws.viewer });
    const workspaceId = t.ws.workspace.id;
    const alerts = () =>
      recorder.seen
        .filter((event) => event.workspaceId === workspaceId && event.name !== 'usage.limits_changed')
        .map((event) => ({ name: event.name, ...(event.payload as { percent: number; used: number; limit: string }) }))
        .map(({ name, percent, used, limit }) => ({ name, percent, used, limit }))
        .sort((a, b) => a.percent - b.percent);
    await expect.poll(alerts).toEqual([
      { name: 'usage.budget_warning', percent: 80, used: 5, limit: 'requestsPerDay' },
      { name: 'usage.limit_reached', percent: 100, used: 6, limit: 'requestsPerDay' },
    ]);
    expect(codeOf(await gql(t.graphqlUrl, VIEWER, { key: t.ws.viewer }))).toBe('QUOTA_EXCEEDED');
    expect(alerts()).toHaveLength(2);
  });
});

import { describe, expect, it } from 'vitest';
import { LlmCall } from '../src/entities';
import { counterKeys } from '../src/services/usage/usage-sql';
import type { Viewer } from '../src/services/viewer';
import { useTestApp } from './support/app';
import { gql } from './support/graphql';
import { manualClock } from './support/usage';

/** The usage report's `byDay`: every UTC day of the period up to today, requests and model calls per day. */
const clock = manualClock('2027-05-02T09:00:00.000Z');
const t = useTestApp({ env: { COPYDESK_USAGE_FLUSH_MS: '20' }, services: { clock: clock.now } });

const BY_DAY = `query ($period: UsagePeriod!, $apiKeyId: ID) {
  usage(period: $period, apiKeyId: $apiKeyId) {
    requests usage { promptTokens costUsd }
    byDay { date requests calls cacheHits usage { promptTokens completionTokens cachedTokens costUsd } }
  }
}`;

interface Day {
  date: string;
  requests: number;
  calls: number;
  cacheHits: number;
  usage: { promptTokens: number; completionTokens: number; cachedTokens: number; costUsd: number };
}

async function byDay(period: 'DAY' | 'MONTH', apiKeyId?: string) {
  const res = await gql<{ usage: { requests: number; byDay: Day[] } }>(t.graphqlUrl, BY_DAY, {
    key: t.ws.admin,
    variables: { period, apiKeyId },
  });
  expect(res.errors).toBeUndefined();
  return res.data?.usage as { requests: number; byDay: Day[] };
}

describe('usage by day', () => {
  it('lists every day of the month up to today with its requests, calls, tokens and cost; a day report has one', async () => {
    const editorId = (await gql(t.graphqlUrl, '{ viewer { apiKeyId } }', { key: t.ws.editor })).data?.viewer
      .apiKeyId as string;
    const em = t.app.orm.em.fork();
    const call = (at: string, apiKeyId: string | null, costUsd: number, cacheHit = false) =>
      em.create(LlmCall, {
        workspace: t.ws.workspace.id,
        apiKeyId,
        jobId: null,
        operation: 'variants',
        model: 'gpt-test',
        promptTokens: 100,
        completionTokens: 50,
        cachedTokens: 0,
        costUsd,
        latencyMs: 1,
        cacheHit,
        at: new Date(at),
      } as never);
    call('2027-05-01T23:59:00.000Z', editorId, 0.5);
    call('2027-05-02T00:01:00.000Z', editorId, 0.25);
    call('2027-05-02T08:00:00.000Z', null, 0, true);
    // Another month's call is not in May.
    call('2027-04-30T23:59:59.000Z', editorId, 9);
    await em.flush();

    // Yesterday's requests (written), then today's (counted in memory at first).
    clock.set('2027-05-01T12:00:00.000Z');
    await gql(t.graphqlUrl, '{ viewer { role } }', { key: t.ws.editor });
    clock.set('2027-05-02T09:00:00.000Z');
    await gql(t.graphqlUrl, '{ viewer { role } }', { key: t.ws.editor });

    const month = await byDay('MONTH');
    expect(month.byDay.map((d) => d.date)).toEqual(['2027-05-01', '2027-05-02']);
    const [first, second] = month.byDay as [Day, Day];
    expect(first).toMatchObject({ calls: 1, cacheHits: 0, usage: { promptTokens: 100, costUsd: 0.5 } });
    expect(second).toMatchObject({ calls: 2, cacheHits: 1, usage: { promptTokens: 200, completionTokens: 100 } });
    expect(second.usage.costUsd).toBeCloseTo(0.25, 10);
    // The editor's two requests, and today's admin report request itself.
    expect(first.requests).toBe(1);
    expect(second.requests).toBeGreaterThanOrEqual(2);
    expect(first.requests + second.requests).toBe(month.requests);

    const editor = await byDay('MONTH', editorId);
    expect(editor.byDay.map((d) => [d.date, d.requests, d.calls])).toEqual([
      ['2027-05-01', 1, 1],
      // Its id was read today too.
      ['2027-05-02', 2, 1],
    ]);

    const day = await byDay('DAY');
    expect(day.byDay.map((d) => [d.date, d.calls])).toEqual([['2027-05-02', 2]]);
  });
  it('still counts requests while they are being written, so a report read meanwhile misses none', async () => {
    const { meter } = t.app.services.usage;
    const viewer = { workspace: t.ws.workspace, apiKeyId: null } as unknown as Viewer;
    const [day] = counterKeys(null, new Date(clock.now()));
    const unwritten = () => meter.unwritten(t.ws.workspace.id, day!.period, day!.periodStart).get('workspace') ?? 0;
    await meter.flush();
    await meter.count(viewer);
    expect(unwritten()).toBe(1);
    // Taken out of memory at once, in the table only once the statement returns: counted as unwritten until then.
    const writing = meter.flush();
    expect(unwritten()).toBe(1);
    await writing;
    expect(unwritten()).toBe(0);
  });
});

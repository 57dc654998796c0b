import { randomBytes } from 'node:crypto';
import { readFileSync } from 'node:fs';
import type { Client } from 'graphql-ws';
import { afterAll, afterEach, describe, expect, inject, it } from 'vitest';
import { useTestApp } from './support/app';
import { buildBrief } from './support/factories';
import { type FakeOpenAi, modelEnv, startFakeOpenAi } from './support/fake-openai';
import { ProgressFeed } from './support/generation';
import { gql, wsClient, wsExecute } from './support/graphql';
import { modelAnswer } from './support/llm-fixtures';
import { killStartedProcesses, startCli } from './support/process';
import { deleteRedisKeys } from './support/redis';

const TOKEN = 'metrics-token-0123456789';
const fake: FakeOpenAi = await startFakeOpenAi({ respond: modelAnswer });
const t = useTestApp({
  scratchDatabase: true,
  env: {
    COPYDESK_WORKER: 'on',
    ...modelEnv(fake),
    COPYDESK_METRICS_TOKEN: TOKEN,
  },
});
afterAll(() => fake.close());
afterEach(killStartedProcesses);

async function scrape(): Promise<string> {
  const response = await fetch(`${t.url}/metrics`, { headers: { authorization: `Bearer ${TOKEN}` } });
  expect(response.status).toBe(200);
  expect(response.headers.get('content-type')).toContain('text/plain');
  return response.text();
}

/** The value of one sample line, e.g. `copydesk_graphql_errors_total{code="FORBIDDEN"}`. */
function sample(text: string, series: string): number | undefined {
  const line = text.split('\n').find((row) => row.startsWith(`${series} `));
  return line === undefined ? undefined : Number(line.slice(series.length + 1));
}

describe('/metrics', () => {
  it('answers only with the metrics token when one is set', async () => {
    expect((await fetch(`${t.url}/metrics`)).status).toBe(401);
    const wrong = await fetch(`${t.url}/metrics`, { headers: { authorization: `Bearer ${TOKEN.replace('0', '1')}` } });
    expect(wrong.status).toBe(401);
    const text = await scrape();
    expect(text).toContain('process_cpu_user_seconds_total');
    expect(text).toContain('nodejs_eventloop_lag_seconds');
  });

  it('has every metric the sample Grafana dashboard (docs/grafana-dashboard.json) queries', async () => {
    const dashboard = JSON.parse(readFileSync(new URL('../docs/grafana-dashboard.json', import.meta.url), 'utf8')) as {
      panels: { title: string; targets: { expr: string }[] }[];
    };
    const names = new Set<string>();
    for (const panel of dashboard.panels) {
      for (const target of panel.targets) {
        for (const [name] of target.expr.matchAll(/\b(copydesk|process|nodejs)_[a-z0-9_]+/g)) {
          names.add(name.replace(/_(bucket|count|sum)$/, ''));
        }
      }
    }
    expect(names.size).toBeGreaterThan(15);
    const text = await scrape();
    const missing = [...names].filter((name) => !text.includes(`# TYPE ${name} `));
    expect(missing).toEqual([]);
  });

  it('counts operations, errors, model calls, jobs and WebSockets after real traffic, with bounded labels', async () => {
    await gql(t.graphqlUrl, '{ campaigns { totalCount } }', { key: t.ws.viewer });
    await gql(t.graphqlUrl, '{ apiKeys { id } }', { key: t.ws.viewer }); // FORBIDDEN
    await gql(t.graphqlUrl, '{ viewer { role } }', { key: 'cdk_unknown' }); // UNAUTHENTICATED, before the operation
    const created = await gql(
      t.graphqlUrl,
      'mutation($input: CreateCampaignInput!) { createCampaign(input: $input) { id } }',
      {
        key: t.ws.editor,
        variables: { input: { name: 'Metrics', brief: buildBrief({ platforms: ['LINKEDIN', 'TWITTER'] }) } },
      },
    );
    const started = await gql(
      t.graphqlUrl,
      'mutation($id: ID!) { generateCampaign(input: { campaignId: $id }) { id } }',
      {
        key: t.ws.editor,
        variables: { id: created.data?.createCampaign.id },
      },
    );
    const client: Client = wsClient(t.wsUrl, { authorization: `Bearer ${t.ws.editor}` });
    try {
      const feed = new ProgressFeed(client, started.data?.generateCampaign.id);
      await expect.poll(async () => sample(await scrape(), 'copydesk_websocket_connections')).toBe(1);
      await feed.end(20_000);
      expect((await wsExecute(client, '{ viewer { role } }')).result?.data).toBeDefined();
    } finally {
      await client.dispose();
    }
    const text = await scrape();
    expect(sample(text, 'copydesk_graphql_operation_duration_seconds_count{type="query",field="campaigns"}')).toBe(1);
    expect(sample(text, 'copydesk_graphql_errors_total{code="FORBIDDEN"}')).toBe(1);
    expect(sample(text, 'copydesk_graphql_errors_total{code="UNAUTHENTICATED"}')).toBe(1);
    expect(sample(text, 'copydesk_llm_calls_total{model="gpt-4o-mini",operation="outline",cache="miss"}')).toBe(1);
    expect(sample(text, 'copydesk_llm_calls_total{model="gpt-4o-mini",operation="variants",cache="miss"}')).toBe(2);
    expect(sample(text, 'copydesk_llm_tokens_total{model="gpt-4o-mini",kind="prompt"}')).toBeGreaterThan(0);
    expect(sample(text, 'copydesk_llm_cost_usd_total{model="gpt-4o-mini"}')).toBeGreaterThan(0);
    expect(sample(text, 'copydesk_generation_jobs_total{outcome="succeeded"}')).toBe(1);
    expect(sample(text, 'copydesk_generation_job_duration_seconds_count{outcome="succeeded"}')).toBe(1);
    expect(sample(text, 'copydesk_generation_queue_depth')).toBe(0);
    expect(sample(text, 'copydesk_outbox_lag_seconds')).toBeGreaterThanOrEqual(0);
    await expect.poll(async () => sample(await scrape(), 'copydesk_websocket_connections')).toBe(0);
    expect(sample(await scrape(), 'copydesk_websocket_operations')).toBe(0);
    // No id ever becomes a label value.
    expect(text).not.toMatch(/="[0-9a-f]{8}-[0-9a-f]{4}-/);
  });

  it('has a port of its own in `copydesk worker` (COPYDESK_METRICS_PORT), behind the same token', async () => {
    const prefix = `test-${randomBytes(6).toString('hex')}`;
    const worker = startCli(['worker'], {
      DATABASE_URL: t.databaseUrl,
      REDIS_URL: inject('redisUrl'),
      COPYDESK_QUEUE_PREFIX: prefix,
      COPYDESK_DB_POOL_MAX: '2',
      COPYDESK_METRICS_PORT: '0',
      COPYDESK_METRICS_TOKEN: TOKEN,
      HOST: '127.0.0.1',
      LOG_LEVEL: 'info',
    });
    try {
      const line = await worker.waitForLog('worker metrics listening');
      const url = String(line.url);
      expect((await fetch(url)).status).toBe(401);
      const response = await fetch(url, { headers: { authorization: `Bearer ${TOKEN}` } });
      expect(response.status).toBe(200);
      const text = await response.text();
      expect(text).toContain('copydesk_generation_queue_depth');
      expect(text).toContain('# TYPE copydesk_llm_calls_total counter');
    } finally {
      await worker.kill();
      await deleteRedisKeys([prefix]);
    }
  });
});

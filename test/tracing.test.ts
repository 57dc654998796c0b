import { execFile } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { promisify } from 'node:util';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { tracingRequested } from '../src/infra/tracing';
import { sqlForSpan } from '../src/infra/tracing-sdk';
import { createScratchDatabase, type ScratchDatabase } from './support/database';
import { buildBrief } from './support/factories';
import { gql } from './support/graphql';
import { OtlpReceiver, type ReceivedSpan } from './support/otlp-receiver';
import { type CliProcess, killStartedProcesses, startCli } from './support/process';
import { WebhookReceiver } from './support/webhook-receiver';

const run = promisify(execFile);
/** The built CLI with the tracing module preloaded, as `npm start` runs it. */
const TRACED_ENTRY = ['--require', './dist/src/infra/tracing.js', 'dist/src/main.js'];
const SERVER = 2;
const CLIENT = 3;

const CREATE = 'mutation TraceCreate($input: CreateCampaignInput!) { createCampaign(input: $input) { id } }';
const GENERATE = 'mutation TraceGenerate($input: GenerateCampaignInput!) { generateCampaign(input: $input) { id } }';

const receiver = new OtlpReceiver();
const hooks = new WebhookReceiver();
let endpoint = '';
let hookUrl = '';
/** The servers' worker dispatches and delivers for its whole database: one of this file's own. */
let scratch: ScratchDatabase;

beforeAll(async () => {
  // `--require` loads the CommonJS build; an incremental build takes seconds.
  await run(process.execPath, ['node_modules/typescript/bin/tsc', '-p', 'tsconfig.build.json']);
  endpoint = await receiver.start();
  hookUrl = await hooks.start();
  scratch = await createScratchDatabase();
}, 120_000);
afterAll(async () => {
  await killStartedProcesses();
  await scratch?.drop();
  await receiver.stop();
  await hooks.close();
});

function adminSecret(): string {
  return `cdk_${randomBytes(27).toString('base64url').slice(0, 36)}`;
}

/** `copydesk serve` from the build, exporting to the receiver as http/json. */
async function tracedServer(key: string, env: Record<string, string> = {}): Promise<{ cli: CliProcess; url: string }> {
  const cli = startCli(
    ['serve'],
    {
      DATABASE_URL: scratch.url,
      COPYDESK_ADMIN_KEY: key,
      COPYDESK_DB_POOL_MAX: '2',
      PORT: '0',
      HOST: '127.0.0.1',
      LOG_LEVEL: 'info',
      OTEL_EXPORTER_OTLP_ENDPOINT: endpoint,
      OTEL_EXPORTER_OTLP_PROTOCOL: 'http/json',
      OTEL_BSP_SCHEDULE_DELAY: '20',
      COPYDESK_WEBHOOK_ALLOW_PRIVATE: 'on',
      ...env,
    },
    TRACED_ENTRY,
  );
  return { cli, url: await cli.waitForListening() };
}

/** The trace id on the "graphql operation" log line of the named operation. */
function traceOfOperation(cli: CliProcess, operationName: string): Promise<string> {
  return cli.waitFor(
    `log of ${operationName}`,
    () => {
      const line = cli.logs().find((l) => l.msg === 'graphql operation' && l.operationName === operationName);
      return line ? String(line.trace_id) : undefined;
    },
    10_000,
  );
}

const inTrace = (traceId: string) => receiver.spans.filter((span) => span.traceId === traceId);
const isPg = (span: ReceivedSpan) => span.kind === CLIENT && span.attributes['db.system.name'] === 'postgresql';

describe('traces exported to an OTLP endpoint', () => {
  const key = adminSecret();
  const campaignName = `Traced ${randomBytes(6).toString('hex')}`;
  let cli: CliProcess;
  let url: string;
  let jobId: string;
  let endpointId: string;

  afterAll(async () => {
    await gql(url, 'mutation ($id: ID!) { deleteWebhookEndpoint(id: $id) }', { key, variables: { id: endpointId } });
  });

  beforeAll(async () => {
    ({ cli, url } = await tracedServer(key));
    const hook = await gql(
      url,
      `mutation ($input: CreateWebhookEndpointInput!) { createWebhookEndpoint(input: $input) { endpoint { id } } }`,
      { key, variables: { input: { url: hookUrl, events: ['campaign.generated'] } } },
    );
    expect(hook.errors).toBeUndefined();
    endpointId = String(hook.data?.createWebhookEndpoint.endpoint.id);
    const created = await gql(url, CREATE, {
      key,
      variables: { input: { name: campaignName, brief: buildBrief({ platforms: ['LINKEDIN', 'TWITTER'] }) } },
    });
    expect(created.errors).toBeUndefined();
    const campaignId = String(created.data?.createCampaign.id);
    const started = await gql(url, GENERATE, { key, variables: { input: { campaignId, variantsPerPlatform: 1 } } });
    expect(started.errors).toBeUndefined();
    jobId = String(started.data?.generateCampaign.id);
  });

  it('links a request: HTTP server span → GraphQL operation → resolver → SQL, the log line on the same trace', async () => {
    const traceId = await traceOfOperation(cli, 'TraceCreate');
    expect(traceId).toMatch(/^[0-9a-f]{32}$/);
    const insert = () =>
      inTrace(traceId).find(
        (span) => isPg(span) && /^insert into "campaign"/.test(String(span.attributes['db.query.text'])),
      );
    await expect.poll(insert, { timeout: 10_000 }).toBeDefined();

    const chain = receiver.ancestry(insert()!);
    expect(chain.map((span) => span.name)).toEqual(
      expect.arrayContaining(['graphql.resolve createCampaign', 'mutation TraceCreate', 'POST /graphql']),
    );
    const root = chain.at(-1)!;
    expect(root).toMatchObject({ name: 'POST /graphql', kind: SERVER, parentSpanId: undefined, service: 'copydesk' });
    expect(root.attributes['http.response.status_code']).toBe(200);
    // The values MikroORM inlined into the SQL (the campaign's name here) stay out of the span.
    expect(String(insert()!.attributes['db.query.text'])).not.toContain(campaignName);
    expect(inTrace(traceId).some((span) => span.name === 'graphql.parse')).toBe(true);
  });

  it('traces a generation job: its own trace linked to the request, LLM calls and SQL as children', async () => {
    const jobSpan = () => receiver.named('generation.job').find((span) => span.attributes['copydesk.job.id'] === jobId);
    await expect.poll(jobSpan, { timeout: 20_000 }).toBeDefined();
    const job = jobSpan()!;
    expect(job.attributes).toMatchObject({ 'copydesk.job.platforms': 2, 'copydesk.job.outcome': 'succeeded' });
    expect(job.attributes['copydesk.campaign.id']).toEqual(expect.any(String));
    expect(job.parentSpanId).toBeUndefined();
    const requestTrace = await traceOfOperation(cli, 'TraceGenerate');
    expect(job.links.map((link) => link.traceId)).toEqual([requestTrace]);

    const llm = inTrace(job.traceId).filter((span) => span.name.startsWith('llm '));
    expect(llm.map((span) => span.name).sort()).toEqual(['llm outline', 'llm variants', 'llm variants']);
    for (const span of llm) {
      expect(span.parentSpanId).toBe(job.spanId);
      expect(span.attributes).toMatchObject({
        'copydesk.llm.provider': 'offline',
        'gen_ai.response.model': 'offline',
        'gen_ai.usage.input_tokens': 0,
        'copydesk.llm.cache_hit': false,
      });
    }
    expect(inTrace(job.traceId).filter(isPg).length).toBeGreaterThan(3);
    const finished = cli.logs().find((line) => line.msg === 'job finished' && line.jobId === jobId);
    expect(finished?.trace_id).toBe(job.traceId);
  });

  it('traces the handling of each outbox event', async () => {
    const handled = () =>
      receiver
        .named('outbox.handle')
        .find((span) => span.attributes['copydesk.event.name'] === 'generation.completed' && span.links.length === 1);
    await expect.poll(handled, { timeout: 20_000 }).toBeDefined();
    expect(inTrace(handled()!.traceId).some(isPg)).toBe(true);
  });

  it('traces each webhook delivery attempt, the POST to the receiver as its child', async () => {
    const delivery = () =>
      receiver
        .named('webhook.deliver')
        .find((span) => span.attributes['copydesk.webhook.event'] === 'campaign.generated');
    await expect.poll(delivery, { timeout: 20_000 }).toBeDefined();
    const span = delivery()!;
    expect(span.parentSpanId).toBeUndefined();
    expect(span.attributes).toMatchObject({
      'copydesk.webhook.attempt': 1,
      'server.address': new URL(hookUrl).host,
      'http.response.status_code': 204,
    });
    await expect
      .poll(() => inTrace(span.traceId).some((child) => child.kind === CLIENT && child.parentSpanId === span.spanId))
      .toBe(true);
    expect(hooks.received.length).toBeGreaterThan(0);
  });

  it('sends the spans still buffered when the server is stopped', async () => {
    const otherKey = adminSecret();
    // A batch delay far beyond the test: only the flush at shutdown can send the spans.
    const server = await tracedServer(otherKey, { OTEL_BSP_SCHEDULE_DELAY: '600000' });
    const res = await gql(server.url, 'query TraceLast { viewer { role } }', { key: otherKey });
    expect(res.data).toEqual({ viewer: { role: 'ADMIN' } });
    const traceId = await traceOfOperation(server.cli, 'TraceLast');
    expect(inTrace(traceId)).toEqual([]);
    server.cli.signal('SIGTERM');
    expect(await server.cli.waitForExit(20_000)).toMatchObject({ code: 0 });
    expect(inTrace(traceId).map((span) => span.name)).toEqual(
      expect.arrayContaining(['POST /graphql', 'query TraceLast']),
    );
  });
});

describe('without an OTLP endpoint', () => {
  /** The OpenTelemetry modules a node process holds after loading the tracing module and the logger. */
  async function loadedModules(env: Record<string, string>): Promise<string[]> {
    const script = `require('./dist/src/infra/logger.js').createLogger('silent');
      const names = Object.keys(require.cache).map((file) => /node_modules\\/(@opentelemetry\\/[^/]+)/.exec(file)?.[1]);
      process.stdout.write(JSON.stringify([...new Set(names.filter(Boolean))]));`;
    const { stdout } = await run(process.execPath, ['--require', './dist/src/infra/tracing.js', '-e', script], {
      env: { PATH: process.env.PATH ?? '', ...env },
    });
    return JSON.parse(stdout) as string[];
  }

  it('loads no SDK and no instrumentation: only the no-op API', async () => {
    expect(await loadedModules({})).toEqual(['@opentelemetry/api']);
    expect(
      await loadedModules({ OTEL_EXPORTER_OTLP_ENDPOINT: 'http://127.0.0.1:9', OTEL_SDK_DISABLED: 'true' }),
    ).toEqual(['@opentelemetry/api']);
    // The same check sees the SDK when an endpoint is set (nothing is exported: the process ends at once).
    expect(await loadedModules({ OTEL_EXPORTER_OTLP_ENDPOINT: 'http://127.0.0.1:9' })).toEqual(
      expect.arrayContaining(['@opentelemetry/sdk-node', '@opentelemetry/instrumentation-pg']),
    );
  });

  it('asks for traces only when an endpoint is set and tracing is not turned off', () => {
    expect(tracingRequested({})).toBe(false);
    expect(tracingRequested({ OTEL_EXPORTER_OTLP_ENDPOINT: '' })).toBe(false);
    expect(tracingRequested({ OTEL_EXPORTER_OTLP_TRACES_ENDPOINT: 'http://collector:4318/v1/traces' })).toBe(true);
    expect(
      tracingRequested({ OTEL_EXPORTER_OTLP_ENDPOINT: 'http://collector:4318', OTEL_TRACES_EXPORTER: 'none' }),
    ).toBe(false);
  });

  it('masks string literals in the SQL a span carries', () => {
    expect(sqlForSpan(`insert into "webhook" ("secret", "n") values ('whsec_abc', 'it''s', 42)`)).toBe(
      `insert into "webhook" ("secret", "n") values (?, ?, 42)`,
    );
  });
});

import { randomBytes } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { createScratchDatabase, type ScratchDatabase } from './support/database';
import { buildBrief } from './support/factories';
import { type FakeOpenAi, startFakeOpenAi } from './support/fake-openai';
import { codeOf, gql, wsClient, wsExecute } from './support/graphql';
import { modelAnswer } from './support/llm-fixtures';
import { type CliProcess, killStartedProcesses, type LogLine, startCli } from './support/process';
import { deleteRedisKeys } from './support/redis';
import { WebhookReceiver } from './support/webhook-receiver';

/**
 * A log capture of a whole run, as an operator's log pipeline would get it: `copydesk serve` (with its worker) at
 * LOG_LEVEL=trace on PostgreSQL and Redis, a model server that requires OPENAI_API_KEY, a webhook endpoint whose
 * secret is rotated, keys made, used, misused and revoked, one generation delivered as a signed webhook. Then every
 * byte the process wrote is searched for every secret of the run.
 */
const random = (bytes: number) => randomBytes(bytes).toString('base64url');
const ADMIN_KEY = `cdk_${random(27).slice(0, 36)}`;
const OPENAI_KEY = `sk-live-${random(24)}`;
const METRICS_TOKEN = `metrics-${random(18)}`;
const DB_PASSWORD = `pgpass-${random(12)}`;
const WRONG_KEY = `cdk_${random(27).slice(0, 36)}`;
const PREFIX = `test-${randomBytes(6).toString('hex')}`;

let scratch: ScratchDatabase;
let fake: FakeOpenAi;
const receiver = new WebhookReceiver();
let cli: CliProcess;
let graphqlUrl: string;
let output = '';
let lines: LogLine[] = [];
/** Every secret the run handled; none may appear in the output. */
const secrets: Record<string, string> = {
  'the ADMIN key': ADMIN_KEY,
  'a wrong key sent in Authorization': WRONG_KEY,
  OPENAI_API_KEY: OPENAI_KEY,
  COPYDESK_METRICS_TOKEN: METRICS_TOKEN,
  'the database password': DB_PASSWORD,
};

const call = (query: string, key: string | undefined, variables?: Record<string, unknown>) =>
  gql(graphqlUrl, query, { key, variables });

beforeAll(async () => {
  scratch = await createScratchDatabase();
  fake = await startFakeOpenAi({ respond: (request) => modelAnswer(request) });
});

/** The run itself: the first test; the others read its capture. */
async function run(): Promise<void> {
  const hookUrl = await receiver.start();
  // PostgreSQL here trusts local connections, so the password is accepted and ignored: it only has to be handled.
  const databaseUrl = new URL(scratch.url);
  databaseUrl.password = DB_PASSWORD;
  cli = startCli(['serve'], {
    DATABASE_URL: databaseUrl.toString(),
    REDIS_URL: inject('redisUrl'),
    COPYDESK_QUEUE_PREFIX: PREFIX,
    COPYDESK_ADMIN_KEY: ADMIN_KEY,
    COPYDESK_METRICS_TOKEN: METRICS_TOKEN,
    COPYDESK_PROVIDER: 'openai',
    OPENAI_BASE_URL: fake.url,
    OPENAI_API_KEY: OPENAI_KEY,
    COPYDESK_MODEL: 'gpt-4o-mini',
    COPYDESK_WEBHOOK_ALLOW_PRIVATE: 'on',
    COPYDESK_WEBHOOK_RETRY_SCHEDULE: '20ms,20ms',
    COPYDESK_RATE_LIMIT_GENERATION_PER_MIN: '1',
    COPYDESK_DB_POOL_MAX: '3',
    PORT: '0',
    HOST: '127.0.0.1',
    LOG_LEVEL: 'trace',
  });
  graphqlUrl = await cli.waitForListening();
  const base = graphqlUrl.replace(/\/graphql$/, '');

  // A webhook endpoint, then a rotation: two secrets sign for a while.
  const endpoint = await call(
    `mutation ($input: CreateWebhookEndpointInput!) {
      createWebhookEndpoint(input: $input) { endpoint { id } secret }
    }`,
    ADMIN_KEY,
    { input: { url: hookUrl, events: ['*'] } },
  );
  expect(endpoint.errors).toBeUndefined();
  const endpointId = endpoint.data?.createWebhookEndpoint.endpoint.id;
  const rotated = await call(`mutation ($id: ID!) { rotateWebhookSecret(id: $id) { secret } }`, ADMIN_KEY, {
    id: endpointId,
  });
  expect(rotated.errors).toBeUndefined();
  const oldSecret = String(endpoint.data?.createWebhookEndpoint.secret);
  const newSecret = String(rotated.data?.rotateWebhookSecret.secret);
  receiver.secrets = [newSecret, oldSecret];
  // The first delivery fails once (a logged, retried attempt), the rest succeed.
  receiver.answerWith({ status: 500 });
  Object.assign(secrets, {
    'the first webhook secret': oldSecret,
    'the first webhook secret, base64 part': oldSecret.slice('whsec_'.length),
    'the rotated webhook secret': newSecret,
    'the rotated webhook secret, base64 part': newSecret.slice('whsec_'.length),
  });

  // Keys: an EDITOR key that is used, then revoked and used again; a VIEWER key that tries to write.
  const makeKey = async (name: string, role: string) => {
    const made = await call(
      `mutation ($input: CreateApiKeyInput!) { createApiKey(input: $input) { apiKey { id } secret } }`,
      ADMIN_KEY,
      { input: { name, role } },
    );
    expect(made.errors).toBeUndefined();
    return { id: String(made.data?.createApiKey.apiKey.id), secret: String(made.data?.createApiKey.secret) };
  };
  const editor = await makeKey('editor', 'EDITOR');
  const viewer = await makeKey('viewer', 'VIEWER');
  Object.assign(secrets, { 'the EDITOR key': editor.secret, 'the VIEWER key': viewer.secret });

  // One generation through the model server, delivered as campaign.generated.
  const created = await call(
    `mutation ($input: CreateCampaignInput!) { createCampaign(input: $input) { id } }`,
    editor.secret,
    { input: { name: 'Logged', brief: buildBrief({ platforms: ['LINKEDIN', 'TWITTER'] }) } },
  );
  expect(created.errors).toBeUndefined();
  const campaignId = created.data?.createCampaign.id;
  const generate = `mutation ($input: GenerateCampaignInput!) { generateCampaign(input: $input) { id } }`;
  const started = await call(generate, editor.secret, { input: { campaignId, variantsPerPlatform: 1 } });
  expect(started.errors).toBeUndefined();
  await cli.waitFor(
    'campaign.generated delivered',
    () => cli.logs().find((line) => line.msg === 'webhook delivered' && line.event === 'campaign.generated'),
    20_000,
  );
  expect(fake.requests.every((request) => request.headers.authorization === `Bearer ${OPENAI_KEY}`)).toBe(true);

  // Refusals: over the generation limit, a wrong key, a malformed header, a VIEWER writing, a revoked key, the
  // metrics endpoint with a wrong token, a WebSocket with a wrong key.
  expect(codeOf(await call(generate, editor.secret, { input: { campaignId, variantsPerPlatform: 1 } }))).toBe(
    'RATE_LIMITED',
  );
  expect(codeOf(await call('{ viewer { role } }', WRONG_KEY))).toBe('UNAUTHENTICATED');
  const malformed = await fetch(graphqlUrl, {
    method: 'POST',
    headers: { 'content-type': 'application/json', authorization: `Basic ${OPENAI_KEY}` },
    body: JSON.stringify({ query: '{ viewer { role } }' }),
  });
  expect(malformed.status).toBe(401);
  expect(
    codeOf(
      await call(`mutation ($input: CreateCampaignInput!) { createCampaign(input: $input) { id } }`, viewer.secret, {
        input: { name: 'Nope', brief: buildBrief() },
      }),
    ),
  ).toBe('FORBIDDEN');
  // A daily request limit the VIEWER key has already used up.
  const limited = await call(
    `mutation ($input: UsageLimitsInput!) { setUsageLimits(input: $input) { requestsPerDay } }`,
    ADMIN_KEY,
    { input: { apiKeyId: viewer.id, requestsPerDay: 1 } },
  );
  expect(limited.errors).toBeUndefined();
  await expect.poll(async () => codeOf(await call('{ viewer { role } }', viewer.secret))).toBe('QUOTA_EXCEEDED');
  expect(
    (await call(`mutation ($id: ID!) { revokeApiKey(id: $id) { id } }`, ADMIN_KEY, { id: editor.id })).errors,
  ).toBe(undefined);
  expect(codeOf(await call('{ viewer { role } }', editor.secret))).toBe('UNAUTHENTICATED');
  expect((await fetch(`${base}/metrics`, { headers: { authorization: `Bearer ${WRONG_KEY}` } })).status).toBe(401);
  expect((await fetch(`${base}/metrics`, { headers: { authorization: `Bearer ${METRICS_TOKEN}` } })).status).toBe(200);
  const client = wsClient(graphqlUrl.replace(/^http/, 'ws'), { authorization: `Bearer ${WRONG_KEY}` });
  expect((await wsExecute(client, '{ viewer { role } }')).closed?.code).toBe(4401);
  await client.dispose();

  cli.signal('SIGTERM');
  expect((await cli.waitForExit(20_000)).code).toBe(0);
  output = cli.stdout + cli.stderr;
  lines = cli.logs();
}

afterAll(async () => {
  await killStartedProcesses();
  await receiver.close();
  await fake?.close();
  await deleteRedisKeys([PREFIX]);
  await scratch?.drop();
});

describe('a log capture of a full generation and webhook run at LOG_LEVEL=trace', () => {
  it('holds a real run: the job, the events, a failed and a successful delivery', async () => {
    await run();
    expect(lines.length).toBeGreaterThan(20);
    const messages = new Set(lines.map((line) => line.msg));
    for (const msg of ['listening', 'job finished', 'domain event', 'webhook delivery failed', 'webhook delivered']) {
      expect(messages, msg).toContain(msg);
    }
    expect(receiver.received.length).toBeGreaterThan(0);
    expect(receiver.received.every((got) => got.verified.some(Boolean))).toBe(true);
  });

  it('contains no API key, model key, webhook secret, metrics token, database password or Authorization value', () => {
    expect(lines.length, 'the capture of the run').toBeGreaterThan(20);
    for (const [what, secret] of Object.entries(secrets)) {
      expect(output.includes(secret), `${what} appears in the logs`).toBe(false);
    }
    expect(output).not.toMatch(/Bearer\s+(?!<key>)\S/); // the refusal message names the form "Bearer <key>"
    expect(output).not.toMatch(/whsec_/);
    expect(output).not.toMatch(/cdk_[A-Za-z0-9_-]{20}/);
  });

  it('logs refusals as security events, with the request and never the key', () => {
    const security = lines.filter((line) => line.event === 'security');
    const kinds = new Set(security.map((line) => line.securityEvent));
    expect(kinds).toEqual(new Set(['authentication_failed', 'forbidden', 'rate_limited', 'quota_exceeded']));
    for (const line of security) {
      expect(line.level).toBe(40);
      expect(line.msg).toBe(`security: ${String(line.securityEvent)}`);
      expect(['http', 'ws']).toContain(line.transport);
      expect(typeof line.code).toBe('string');
    }
    const httpAuth = security.filter(
      (line) => line.securityEvent === 'authentication_failed' && line.transport === 'http',
    );
    expect(httpAuth.map((line) => line.reason)).toEqual(
      expect.arrayContaining(['Invalid API key', 'This API key has been revoked']),
    );
    expect(httpAuth.every((line) => typeof line.requestId === 'string' && typeof line.ip === 'string')).toBe(true);
    expect(security.some((line) => line.securityEvent === 'authentication_failed' && line.transport === 'ws')).toBe(
      true,
    );
    const forbidden = security.find((line) => line.securityEvent === 'forbidden');
    expect(forbidden).toMatchObject({ code: 'FORBIDDEN', path: 'createCampaign' });
    expect(typeof forbidden?.workspaceId).toBe('string');
    expect(typeof forbidden?.apiKeyId).toBe('string');
    expect(typeof forbidden?.requestId).toBe('string');
    const limited = security.find((line) => line.securityEvent === 'rate_limited');
    expect(limited).toMatchObject({ code: 'RATE_LIMITED', workspaceId: expect.any(String) });
    const quota = security.find((line) => line.securityEvent === 'quota_exceeded');
    expect(quota).toMatchObject({ code: 'QUOTA_EXCEEDED', transport: 'http', apiKeyId: expect.any(String) });
  });

  it('names the request, workspace and key on operation lines, and the job and workspace on job lines', () => {
    const operations = lines.filter((line) => line.msg === 'graphql operation');
    expect(operations.length).toBeGreaterThan(5);
    for (const line of operations) {
      expect(line).toMatchObject({
        requestId: expect.any(String),
        workspaceId: expect.any(String),
        apiKeyId: expect.any(String),
      });
    }
    const jobLines = lines.filter((line) => line.jobId !== undefined && line.module !== 'queue');
    expect(jobLines.length).toBeGreaterThan(0);
    expect(jobLines.every((line) => typeof line.workspaceId === 'string')).toBe(true);
  });
});

describe('the log format', () => {
  const serve = (env: Record<string, string>) =>
    startCli(['serve'], {
      DATABASE_URL: scratch.url,
      REDIS_URL: inject('redisUrl'),
      COPYDESK_QUEUE_PREFIX: PREFIX,
      COPYDESK_WORKER: 'off',
      PORT: '0',
      HOST: '127.0.0.1',
      ...env,
    });

  it('is pino-pretty lines when NODE_ENV=development, without a JSON line', async () => {
    const cli = serve({ NODE_ENV: 'development' });
    const line = await cli.waitFor(
      'the pretty "listening" line',
      () => /INFO.*listening/.exec(cli.stdout)?.[0],
      60_000,
    );
    expect(line).toContain('listening');
    expect(cli.stdout).not.toMatch(/^\{"level"/m);
    cli.signal('SIGTERM');
    expect((await cli.waitForExit(20_000)).code, cli.stdout + cli.stderr).toBe(0);
  });

  it('stays JSON with COPYDESK_LOG_FORMAT=json, whatever NODE_ENV says', async () => {
    const cli = serve({ NODE_ENV: 'development', COPYDESK_LOG_FORMAT: 'json' });
    expect(await cli.waitForListening()).toMatch(/^http:\/\/127\.0\.0\.1:\d+\/graphql$/);
    cli.signal('SIGTERM');
    expect((await cli.waitForExit(20_000)).code, cli.stdout + cli.stderr).toBe(0);
  });
});

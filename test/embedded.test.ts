import path from 'node:path';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { buildBrief } from './support/factories';
import { type FakeOpenAi, modelEnv, startFakeOpenAi } from './support/fake-openai';
import { gql } from './support/graphql';
import { modelAnswer } from './support/llm-fixtures';
import {
  type CliProcess,
  killStartedProcesses,
  makeTempDir,
  removeTempDir,
  STACK_FRAME,
  startCli,
} from './support/process';

// PGlite's first start (initdb in WebAssembly) takes seconds, more on a busy machine.
const START_MS = 60_000;
const KEY_PATTERN = /cdk_[A-Za-z0-9_-]+/g;

let dataDir: string;

function serve(env: Record<string, string> = {}): CliProcess {
  return startCli(['serve'], { PORT: '0', HOST: '127.0.0.1', LOG_LEVEL: 'info', COPYDESK_DATA_DIR: dataDir, ...env });
}

function keysIn(text: string): string[] {
  return [...new Set(text.match(KEY_PATTERN) ?? [])];
}

async function stop(cli: CliProcess): Promise<void> {
  cli.signal('SIGTERM');
  expect((await cli.waitForExit(10_000)).code).toBe(0);
}

beforeAll(() => {
  dataDir = makeTempDir('copydesk-embedded-');
});
afterEach(killStartedProcesses);
afterAll(() => removeTempDir(dataDir));

describe('copydesk serve without DATABASE_URL (embedded PGlite)', () => {
  let key: string;
  let campaignId: string;

  it('prints exactly one ADMIN key on the first start, and that key can create a campaign', {
    timeout: START_MS,
  }, async () => {
    const cli = serve();
    const url = await cli.waitForListening(START_MS);
    // The banner follows the "listening" line; its closing rule ends it.
    await cli.waitFor('the key banner', () => (/Sandbox: .*\n=+\n/.test(cli.stdout) ? true : undefined), 5_000);
    const keys = keysIn(cli.stdout);
    expect(keys).toHaveLength(1);
    key = keys[0]!;

    const viewer = await gql(url, '{ viewer { role workspace { name } } }', { key });
    expect(viewer.data).toEqual({ viewer: { role: 'ADMIN', workspace: { name: 'default' } } });
    const created = await gql(
      url,
      'mutation ($input: CreateCampaignInput!) { createCampaign(input: $input) { id name } }',
      { key, variables: { input: { name: 'Launch', brief: buildBrief() } } },
    );
    expect(created.errors).toBeUndefined();
    campaignId = created.data?.createCampaign.id;
    expect(campaignId).toEqual(expect.any(String));
    await stop(cli);
  });

  it('keeps the key and the campaign across a restart and prints no new key', { timeout: START_MS }, async () => {
    expect(key, 'the first-start test must have run').toBeDefined();
    const cli = serve();
    const url = await cli.waitForListening(START_MS);

    const viewer = await gql(url, '{ viewer { role workspace { name } } }', { key });
    expect(viewer.data).toEqual({ viewer: { role: 'ADMIN', workspace: { name: 'default' } } });
    const found = await gql(url, 'query ($id: ID!) { campaign(id: $id) { id name } }', {
      key,
      variables: { id: campaignId },
    });
    expect(found.data).toEqual({ campaign: { id: campaignId, name: 'Launch' } });
    await stop(cli);
    // Checked after the exit, so nothing printed late can slip by.
    expect(keysIn(cli.stdout)).toEqual([]);
  });

  it('refuses a second process on a data directory in use, naming the directory', { timeout: START_MS }, async () => {
    const first = serve();
    const url = await first.waitForListening(START_MS);

    const second = serve();
    const exit = await second.waitForExit(START_MS);
    expect(exit.code).toBe(1);
    expect(second.stderr).toContain(path.resolve(dataDir));
    expect(second.stderr).toContain('in use');
    expect(second.stderr).not.toMatch(STACK_FRAME);

    // The refused process leaves the running one alone.
    expect((await fetch(new URL('/readyz', url))).status).toBe(200);
    await stop(first);
  });

  it('generates with a model and meters its calls against the limits on its one database connection', {
    timeout: START_MS,
  }, async () => {
    expect(campaignId, 'the first-start test must have run').toBeDefined();
    let fake: FakeOpenAi | undefined;
    try {
      fake = await startFakeOpenAi({ respond: modelAnswer });
      const cli = serve(modelEnv(fake));
      const url = await cli.waitForListening(START_MS);
      // A limit to check each settled call against (far out of reach).
      const limited = await gql(
        url,
        'mutation { setUsageLimits(input: { tokensPerDay: 100000000 }) { tokensPerDay } }',
        {
          key,
        },
      );
      expect(limited.errors).toBeUndefined();
      const started = await gql<{ generateCampaign: { id: string } }>(
        url,
        'mutation ($id: ID!) { generateCampaign(input: { campaignId: $id, variantsPerPlatform: 1 }) { id } }',
        { key, variables: { id: campaignId } },
      );
      expect(started.errors).toBeUndefined();
      const jobId = started.data?.generateCampaign.id;
      const status = async () =>
        (
          await gql<{ generationJob: { status: string } }>(
            url,
            'query ($id: ID!) { generationJob(id: $id) { status } }',
            {
              key,
              variables: { id: jobId },
            },
          )
        ).data?.generationJob.status;
      await expect.poll(status, { timeout: 30_000 }).toBe('SUCCEEDED');
      // Every model call was settled into the counters, and the job gave back what it did not use.
      const usage = async () =>
        (
          await gql<{
            usage: { calls: number; reservedTokens: number; usage: { completionTokens: number } };
          }>(url, '{ usage(period: DAY) { calls reservedTokens usage { completionTokens } } }', { key })
        ).data?.usage;
      const settled = await usage();
      expect(settled?.calls).toBe(fake.requests.length);
      expect(settled?.usage.completionTokens).toBeGreaterThan(0);
      // The unused reservation goes back through the outbox (usage-release), just after the job's end.
      await expect.poll(async () => (await usage())?.reservedTokens, { timeout: 10_000 }).toBe(0);
      await stop(cli);
    } finally {
      await fake?.close();
    }
  });
});

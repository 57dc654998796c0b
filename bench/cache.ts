// reflect-metadata must load before any type-graphql decorator runs (see src/main.ts).
import 'reflect-metadata';
import os from 'node:os';
import type { Client } from 'graphql-ws';
import { buildApp } from '../src/app';
import { parseConfig } from '../src/infra/config';
import { createLogger } from '../src/infra/logger';
import { startFakeOpenAi } from '../test/support/fake-openai';
import { generate, PROGRESS_SUBSCRIPTION, type ProgressEvent, post, wsClient, wsUrlOf } from './api';
import { benchReply } from './fake-llm';
import { benchDatabase, type Cleanups, withCleanups } from './lifecycle';
import { createWorkspace, PLATFORMS } from './seed';

/**
 * `npm run bench:cache`: the LLM response cache and estimateGeneration against the fake OpenAI server (answers as
 * long as a model writes them, usage counted by tokenising), one app with the in-process cache on a fresh database.
 * (a) estimate error over BENCH_ESTIMATE_BRIEFS (default 200) varied briefs; (b) hit ratio when half the briefs
 * repeat (BENCH_HIT_BRIEFS, default 40); (c) a fully cached 6 platforms × 3 generation, mutation → COMPLETED at the
 * subscriber, BENCH_CACHED_RUNS (default 20) runs.
 */

const count = (name: string, fallback: number) => Number(process.env[name] ?? fallback);
const ESTIMATE_BRIEFS = count('BENCH_ESTIMATE_BRIEFS', 200);
const HIT_BRIEFS = count('BENCH_HIT_BRIEFS', 40);
const CACHED_RUNS = count('BENCH_CACHED_RUNS', 20);
const now = () => performance.now();

const PRODUCTS = ['Aurora Desk Lamp', 'Nimbus Rain Jacket', 'Tally Budget App', 'Forge Cast-Iron Pan', 'Pulse Earbuds'];
const FEATURES = [
  'Charges in under an hour',
  'Every part repairable with a standard screwdriver',
  'Quiet, fanless and built to last a decade of daily use',
  'Syncs across phone, tablet and laptop without an account',
  'Made from recycled aluminium and linen',
  'Ships in plastic-free packaging',
];
const TONES = ['PROFESSIONAL', 'FRIENDLY', 'PLAYFUL', 'PREMIUM', 'URGENT', 'INFORMATIVE', 'INSPIRATIONAL'];

/** A brief that varies with `i`: product, 1–6 features, description length, tone, 1–6 platforms. */
function briefFor(i: number) {
  const platforms = PLATFORMS.filter((_, p) => (i >> p) % 2 === 1 || p === i % PLATFORMS.length);
  return {
    productName: `${PRODUCTS[i % PRODUCTS.length]} ${i}`,
    description: 'A product people keep for years. '.repeat(1 + (i % 7)),
    features: FEATURES.slice(0, 1 + (i % FEATURES.length)),
    audience: i % 2 ? 'Remote workers who spend long evenings at their desks' : null,
    tone: TONES[i % TONES.length],
    platforms,
    keywords: i % 3 ? ['remote work', 'repairable'] : [],
    callToAction: 'Order this week and shipping is on us',
    url: 'https://example.com/product',
    language: 'en',
  };
}

type Session = { url: string; apiKey: string; client: Client };

async function createCampaign(session: Session, i: number): Promise<{ id: string; platforms: string[] }> {
  const brief = briefFor(i);
  const data = await post<{ createCampaign: { id: string } }>(
    session.url,
    session.apiKey,
    'mutation($input: CreateCampaignInput!) { createCampaign(input: $input) { id } }',
    { input: { name: `Cache ${i}`, brief } },
  );
  return { id: data.createCampaign.id, platforms: brief.platforms };
}

/** Waits for the job's COMPLETED (or another final event) at the subscriber; resolves with the arrival time. */
function completion(client: Client, jobId: string): Promise<number> {
  return new Promise((resolve, reject) => {
    client.subscribe<{ generationProgress: ProgressEvent }>(
      { query: PROGRESS_SUBSCRIPTION, variables: { jobId } },
      {
        next: ({ data }) => {
          const type = data?.generationProgress.type;
          if (type === 'COMPLETED') resolve(now());
          else if (type === 'FAILED' || type === 'CANCELLED') reject(new Error(`job ${jobId} ${type}`));
        },
        error: (error) => reject(error instanceof Error ? error : new Error(JSON.stringify(error))),
        complete: () => {},
      },
    );
  });
}

type Usage = { promptTokens: number; completionTokens: number; costUsd: number };

async function run(session: Session, campaignId: string, variantsPerPlatform: number): Promise<Usage> {
  const jobId = await generate(session.url, session.apiKey, { campaignId, variantsPerPlatform });
  await completion(session.client, jobId);
  const data = await post<{ generationJob: { usage: Usage } }>(
    session.url,
    session.apiKey,
    'query($id: ID!) { generationJob(id: $id) { usage { promptTokens completionTokens costUsd } } }',
    { id: jobId },
  );
  return data.generationJob.usage;
}

function quantile(values: number[], q: number): number {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.min(sorted.length - 1, Math.floor(q * sorted.length))] ?? Number.NaN;
}

const pct = (value: number) => `${(value * 100).toFixed(1)} %`;

async function estimateErrors(session: Session): Promise<void> {
  const errors = { prompt: [] as number[], completion: [] as number[], total: [] as number[] };
  for (let i = 0; i < ESTIMATE_BRIEFS; i++) {
    const { id } = await createCampaign(session, 1_000 + i);
    const variantsPerPlatform = 1 + (i % 3);
    const { estimateGeneration: e } = await post<{ estimateGeneration: Usage }>(
      session.url,
      session.apiKey,
      'query($input: GenerateCampaignInput!) { estimateGeneration(input: $input) { promptTokens completionTokens costUsd } }',
      { input: { campaignId: id, variantsPerPlatform } },
    );
    const a = await run(session, id, variantsPerPlatform);
    const error = (estimated: number, actual: number) => Math.abs(estimated - actual) / actual;
    errors.prompt.push(error(e.promptTokens, a.promptTokens));
    errors.completion.push(error(e.completionTokens, a.completionTokens));
    errors.total.push(error(e.promptTokens + e.completionTokens, a.promptTokens + a.completionTokens));
  }
  console.log(
    `(a) estimate error |est − actual| / actual over ${ESTIMATE_BRIEFS} briefs (1–6 platforms, 1–3 variants):`,
  );
  for (const [name, list] of Object.entries(errors)) {
    const within = list.filter((value) => value <= 0.15).length;
    const line = `median ${pct(quantile(list, 0.5))}, p95 ${pct(quantile(list, 0.95))}, max ${pct(Math.max(...list))}`;
    console.log(`    ${name.padEnd(10)} ${line}; ${within}/${list.length} within 15 %`);
  }
}

async function hitRatio(session: Session, calls: () => number): Promise<void> {
  // Half the briefs are new, half repeat one of them (a new campaign with the same brief), in a mixed order.
  const unique = HIT_BRIEFS / 2;
  const order = [...Array.from({ length: unique }, (_, i) => i), ...Array.from({ length: unique }, (_, i) => i)];
  const mixed = order.map((value, i) => ({ value, key: (i * 7919) % order.length })).sort((a, b) => a.key - b.key);
  const before = calls();
  let expected = 0;
  for (const { value } of mixed) {
    const campaign = await createCampaign(session, 5_000 + value);
    expected += 1 + campaign.platforms.length;
    await run(session, campaign.id, 2);
  }
  const live = calls() - before;
  const hits = expected - live;
  console.log(
    `(b) hit ratio, ${HIT_BRIEFS} generations of which half repeat a brief: ${hits}/${expected} calls = ${pct(hits / expected)} (target ≥ 49 %)`,
  );
}

/** Mutation → COMPLETED of the same 6 × 3 job, `CACHED_RUNS` times after one warm-up run (which fills the cache). */
async function jobLatency(session: Session, label: string): Promise<void> {
  const { id } = await createCampaign(session, 63); // all six platforms
  await run(session, id, 3);
  const times: number[] = [];
  for (let i = 0; i < CACHED_RUNS; i++) {
    const started = now();
    const jobId = await generate(session.url, session.apiKey, { campaignId: id, variantsPerPlatform: 3 });
    times.push((await completion(session.client, jobId)) - started);
  }
  const line = `median ${quantile(times, 0.5).toFixed(1)} ms, p95 ${quantile(times, 0.95).toFixed(1)} ms, max ${Math.max(...times).toFixed(1)} ms`;
  console.log(`${label}, mutation → COMPLETED, ${CACHED_RUNS} runs: ${line}`);
}

/** The app on `database`, its workspace and an open WebSocket; closed by the cleanups. */
async function openSession(cleanups: Cleanups, env: Record<string, string>): Promise<Session> {
  const config = parseConfig({
    PORT: '0',
    HOST: '127.0.0.1',
    LOG_LEVEL: 'silent',
    COPYDESK_SHUTDOWN_TIMEOUT_MS: '5000',
    // Hundreds of generations in a few seconds: budgets no benchmark reaches (their cost is still paid).
    COPYDESK_RATE_LIMIT_IP_PER_MIN: '10000000',
    COPYDESK_RATE_LIMIT_KEY_PER_MIN: '10000000',
    COPYDESK_RATE_LIMIT_GENERATION_PER_MIN: '1000000',
    ...env,
  });
  const app = await buildApp(config, { logger: createLogger(config.LOG_LEVEL) });
  cleanups.push(() => app.close());
  const url = await app.listen();
  const { apiKey } = await createWorkspace(app, `cache-${env.COPYDESK_PROVIDER}`);
  const client = wsClient(wsUrlOf(url), apiKey, false);
  cleanups.push(async () => {
    await client.dispose();
  });
  return { url: `${url}/graphql`, apiKey, client };
}

async function main(): Promise<void> {
  await withCleanups(async (cleanups) => {
    console.log(`machine: ${os.cpus()[0]?.model ?? 'unknown CPU'}, ${os.cpus().length} cores, Node ${process.version}`);
    const database = await benchDatabase(cleanups);
    const fake = await startFakeOpenAi({ respond: benchReply });
    cleanups.push(() => fake.close());
    const session = await openSession(cleanups, {
      DATABASE_URL: database.url,
      COPYDESK_PROVIDER: 'openai',
      OPENAI_BASE_URL: fake.url,
      OPENAI_API_KEY: 'sk-bench',
    });
    if (ESTIMATE_BRIEFS > 0) await estimateErrors(session);
    if (HIT_BRIEFS > 0) await hitRatio(session, () => fake.requests.length);
    if (CACHED_RUNS === 0) return;
    await jobLatency(session, '(c) fully cached 6 × 3 generation (target ≤ 50 ms)');
    // The same job with the offline writer at full speed: the pipeline without any model or cache in it.
    const offline = await openSession(cleanups, {
      DATABASE_URL: database.url,
      COPYDESK_PROVIDER: 'offline',
      COPYDESK_OFFLINE_DELAY_MS: '0',
    });
    await jobLatency(offline, '    for comparison, the offline writer with no delay');
  });
}

main().catch((error: unknown) => {
  console.error(error);
  process.exitCode = 1;
});

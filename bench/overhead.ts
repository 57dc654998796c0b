import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Client } from 'graphql-ws';
import { buildApp } from '../src/app';
import { parseConfig } from '../src/infra/config';
import { createLogger } from '../src/infra/logger';
import { type RecordedRequest, startFakeOpenAi } from '../test/support/fake-openai';
import { createCampaign, generate, PROGRESS_SUBSCRIPTION, type ProgressEvent, post, wsClient, wsUrlOf } from './api';
import { benchReply, FAKE_MODEL } from './fake-llm';
import type { Cleanups } from './lifecycle';
import { benchDatabase, benchRedisPrefix } from './lifecycle';
import { createWorkspace } from './seed';

export { FAKE_MODEL } from './fake-llm';
export const VARIANTS = 3;

export type OverheadMode = 'postgres' | 'embedded' | 'postgres-redis';

/** One generation, timed from the moment the client has the mutation's response. */
export interface OverheadRun {
  /** Response → COMPLETED at the subscriber. */
  wallMs: number;
  /** The outline call's duration plus the slowest platform call's, as the fake server saw them. */
  criticalMs: number;
  outlineMs: number;
  slowestPlatformMs: number;
  /** Response → the SNAPSHOT at the subscriber (it subscribes as soon as it has the job id). */
  snapshotMs: number;
  /** The SNAPSHOT's stage: OUTLINE when the job started (and published STAGE_STARTED) before the subscription. */
  snapshotStage: string;
  /** Response → the first event after the SNAPSHOT; `firstEvent` says which (type and stage). */
  firstEventMs: number;
  firstEvent: string;
  /**
   * Response → the first event that shows the job running: STAGE_STARTED OUTLINE, or the SNAPSHOT when the job
   * had already started by the time it was taken (it then stands for the STAGE_STARTED the subscriber missed).
   */
  firstProgressMs: number;
  /** Response → the job's `startedAt` (the worker took it), from the row. */
  startedMs: number;
  /** Response → the outline call reaching the model server (queue, worker pick-up, job row, prompt). */
  toFirstCallMs: number;
  /** The outline call's last byte → the first copy call reaching the model server. */
  outlineToCopyMs: number;
  /** The last copy call's last byte → COMPLETED at the subscriber (review, variant rows, the final commit). */
  lastTokenToCompletedMs: number;
  /** Variants per platform in this run (3 for the long job, 1 for the short one). */
  variantsPerPlatform: number;
  /** Where it ran: PostgreSQL with the in-process queue, embedded (PGlite), or PostgreSQL + Redis (BullMQ). */
  mode: OverheadMode;
  /** Chat calls the fake server answered (1 outline + 6 platforms when nothing is retried or shortened). */
  calls: number;
  variantsReady: number;
}

const now = () => performance.timeOrigin + performance.now();
const JOB_TIMEOUT_MS = 180_000;

interface Arrival {
  event: ProgressEvent;
  at: number;
}

/** Subscribes to a job's progress; resolves with every event and its arrival time once the stream ends. */
function follow(client: Client, jobId: string): Promise<Arrival[]> {
  return new Promise((resolve, reject) => {
    const arrivals: Arrival[] = [];
    const settle = (error?: Error) => {
      clearTimeout(timer);
      if (error) reject(error);
      else resolve(arrivals);
    };
    const timer = setTimeout(
      () => settle(new Error(`job ${jobId} did not end within ${JOB_TIMEOUT_MS} ms`)),
      JOB_TIMEOUT_MS,
    );
    client.subscribe<{ generationProgress: ProgressEvent }>(
      { query: PROGRESS_SUBSCRIPTION, variables: { jobId } },
      {
        next: ({ data, errors }) => {
          const at = now();
          if (data) arrivals.push({ event: data.generationProgress, at });
          else settle(new Error(`subscription errors: ${JSON.stringify(errors)}`));
        },
        error: (error) => settle(error instanceof Error ? error : new Error(JSON.stringify(error))),
        complete: () => settle(),
      },
    );
  });
}

function durationOf(request: RecordedRequest): number {
  if (request.lastByteAt === null) throw new Error('a chat call did not complete');
  return request.lastByteAt - request.receivedAt;
}

function measure(
  responded: number,
  arrivals: Arrival[],
  calls: RecordedRequest[],
  startedAt: string,
  variantsPerPlatform: number,
  mode: OverheadMode,
): OverheadRun {
  const [snapshot, first] = arrivals;
  const last = arrivals.at(-1);
  if (snapshot?.event.type !== 'SNAPSHOT' || !first || last?.event.type !== 'COMPLETED') {
    throw new Error(`unexpected stream: ${arrivals.map((a) => a.event.type).join(', ')}`);
  }
  const schema = (request: RecordedRequest) => request.body.response_format?.json_schema?.name;
  const outlineCalls = calls.filter((request) => schema(request) === 'campaign_outline');
  const platformCalls = calls.filter((request) => schema(request) === 'platform_variants');
  const outlines = outlineCalls.map(durationOf);
  const platforms = platformCalls.map(durationOf);
  const firstOutline = Math.min(...outlineCalls.map((request) => request.receivedAt));
  const outlineDone = Math.max(...outlineCalls.map((request) => request.lastByteAt ?? Number.NaN));
  const firstCopy = Math.min(...platformCalls.map((request) => request.receivedAt));
  const lastToken = Math.max(...platformCalls.map((request) => request.lastByteAt ?? Number.NaN));
  const outlineMs = outlines.reduce((sum, ms) => sum + ms, 0);
  const slowestPlatformMs = Math.max(...platforms);
  const started = snapshot.event.stage !== 'QUEUED' ? snapshot : first;
  return {
    wallMs: last.at - responded,
    criticalMs: outlineMs + slowestPlatformMs,
    outlineMs,
    slowestPlatformMs,
    snapshotMs: snapshot.at - responded,
    snapshotStage: snapshot.event.stage,
    firstEventMs: first.at - responded,
    firstEvent: `${first.event.type} ${first.event.stage}`,
    firstProgressMs: started.at - responded,
    startedMs: Date.parse(startedAt) - responded,
    toFirstCallMs: firstOutline - responded,
    outlineToCopyMs: firstCopy - outlineDone,
    lastTokenToCompletedMs: last.at - lastToken,
    variantsPerPlatform,
    mode,
    calls: calls.length,
    variantsReady: arrivals.filter((a) => a.event.type === 'VARIANT_READY').length,
  };
}

interface Session {
  url: string;
  apiKey: string;
  client: Client;
}

/** One generation: createCampaign, generateCampaign, then follow the job to its end. */
async function generation(session: Session, name: string, platforms?: string[], variants = VARIANTS) {
  const { url, apiKey, client } = session;
  const campaignId = await createCampaign(url, apiKey, name);
  const variantsPerPlatform = platforms ? 1 : variants;
  const jobId = await generate(url, apiKey, { campaignId, variantsPerPlatform, platforms });
  const responded = now();
  const arrivals = await follow(client, jobId);
  const { generationJob } = await post<{ generationJob: { status: string; startedAt: string } }>(
    url,
    apiKey,
    'query Job($id: ID!) { generationJob(id: $id) { status startedAt } }',
    { id: jobId },
  );
  if (generationJob.status !== 'SUCCEEDED') throw new Error(`job ${jobId} ended ${generationJob.status}`);
  return { responded, arrivals, startedAt: generationJob.startedAt, variantsPerPlatform };
}

/**
 * Where the app keeps its data in `mode`: a fresh PostgreSQL database (dropped after), with a Redis queue of its
 * own (a prefix, its keys deleted after) for postgres-redis, or a new embedded data directory (removed after).
 */
async function storeFor(mode: OverheadMode, cleanups: Cleanups): Promise<Record<string, string>> {
  if (mode === 'embedded') {
    const dir = mkdtempSync(join(tmpdir(), 'copydesk-overhead-'));
    cleanups.push(async () => rmSync(dir, { recursive: true, force: true }));
    return { COPYDESK_DATA_DIR: dir };
  }
  const database = await benchDatabase(cleanups);
  if (mode === 'postgres') return { DATABASE_URL: database.url };
  const redisUrl = process.env.REDIS_URL ?? 'redis://127.0.0.1:6379';
  const prefix = benchRedisPrefix('overhead', redisUrl, cleanups);
  return { DATABASE_URL: database.url, REDIS_URL: redisUrl, COPYDESK_QUEUE_PREFIX: prefix };
}

/**
 * The real app on a fresh database with the openai provider pointed at the fake server; `runs` generations of
 * 6 platforms × 3 variants, each through HTTP (createCampaign, generateCampaign) and one open WebSocket.
 */
export async function overhead(
  runs: number,
  cleanups: Cleanups,
  shortRuns = 0,
  mode: OverheadMode = 'postgres',
): Promise<OverheadRun[]> {
  const fake = await startFakeOpenAi({ ...FAKE_MODEL, respond: benchReply });
  cleanups.push(() => fake.close());
  const config = parseConfig({
    // Load from one IP and key: budgets out of reach, so the figures include the limiter's cost but no refusals.
    COPYDESK_RATE_LIMIT_IP_PER_MIN: '10000000',
    COPYDESK_RATE_LIMIT_KEY_PER_MIN: '10000000',
    COPYDESK_RATE_LIMIT_GENERATION_PER_MIN: '1000000',
    // Every run asks the model: the LLM response cache would answer the repeated brief (bench:cache measures it).
    COPYDESK_CACHE_TTL_S: '0',
    ...(await storeFor(mode, cleanups)),
    PORT: '0',
    HOST: '127.0.0.1',
    LOG_LEVEL: 'silent',
    COPYDESK_PROVIDER: 'openai',
    OPENAI_BASE_URL: fake.url,
    OPENAI_API_KEY: 'sk-bench',
    COPYDESK_SHUTDOWN_TIMEOUT_MS: '5000',
  });
  const app = await buildApp(config, { logger: createLogger(config.LOG_LEVEL) });
  cleanups.push(() => app.close());
  const url = await app.listen();
  const { apiKey } = await createWorkspace(app, 'overhead');
  // Connected and acknowledged before the first mutation, as a client that is already showing the page.
  const client = wsClient(wsUrlOf(url), apiKey, false);
  cleanups.push(async () => {
    await client.dispose();
  });
  await new Promise<void>((resolve) => client.on('connected', () => resolve()));
  const session = { url: `${url}/graphql`, apiKey, client };
  // Not counted: the first generation of a process compiles every code path on its way.
  await generation(session, 'Warm-up', ['TWITTER']);
  const results: OverheadRun[] = [];
  // The short job (6 platforms × 1 variant, about 3 s of model time) first, then the long one (6 × 3).
  const shapes = [...Array<number>(shortRuns).fill(1), ...Array<number>(runs).fill(VARIANTS)];
  for (const [index, variants] of shapes.entries()) {
    const from = fake.requests.length;
    const { responded, arrivals, startedAt, variantsPerPlatform } = await generation(
      session,
      `Overhead ${index + 1}`,
      undefined,
      variants,
    );
    const result = measure(responded, arrivals, fake.requests.slice(from), startedAt, variantsPerPlatform, mode);
    results.push(result);
    console.log(describeRun(index + 1, result));
  }
  return results;
}

export function describeRun(run: number, r: OverheadRun): string {
  return [
    `run ${run}: wall ${Math.round(r.wallMs)} ms, critical path ${Math.round(r.criticalMs)} ms`,
    `(outline ${Math.round(r.outlineMs)} + slowest platform ${Math.round(r.slowestPlatformMs)}),`,
    `ratio ${(r.wallMs / r.criticalMs).toFixed(4)}; job started at ${Math.round(r.startedMs) || 0} ms,`,
    `SNAPSHOT (${r.snapshotStage}) at ${r.snapshotMs.toFixed(1)} ms, next ${r.firstEvent} at ${r.firstEventMs.toFixed(1)} ms;`,
    `6 × ${r.variantsPerPlatform}: to the first model call ${r.toFirstCallMs.toFixed(1)} ms, outline → first copy call`,
    `${r.outlineToCopyMs.toFixed(1)} ms, last token → COMPLETED ${r.lastTokenToCompletedMs.toFixed(1)} ms;`,
    `${r.calls} chat calls, ${r.variantsReady} variants`,
  ].join(' ');
}

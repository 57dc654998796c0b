import type { ChildProcess } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { performance } from 'node:perf_hooks';
import { buildApp } from '../src/app';
import { parseConfig } from '../src/infra/config';
import { createLogger } from '../src/infra/logger';
import { createCampaign, generate, wsUrlOf } from './api';
import { type ClientsReport, collect, forkClients, next, type ToClients } from './fan-out-clients';
import { type ProcessStats, processStats, startCopydesk, startFakeModel, statsSince } from './fan-out-processes';
import { addSparse, countOf, type Histogram, newHistogram, percentile } from './histogram';
import { benchDatabase, benchRedisPrefix, type Cleanups } from './lifecycle';
import { withCpuProfile } from './profile';
import { createWorkspace } from './seed';
import { type WriteFloor, wsWriteFloor } from './ws-floor';

/**
 * Where the parts run. `one`: one server process writing the job itself (the embedded default's shape, on
 * PostgreSQL). `worker`: the job in a `copydesk worker` process, events through Redis to the one server. `two-apis`:
 * the same worker and two server processes, `subscribers` on each.
 */
export type FanOutTopology = 'one' | 'worker' | 'two-apis';

export interface FanOutOptions {
  /** Subscribers per server process. */
  subscribers: number;
  /** Subscriber processes per server process. */
  processes: number;
  /** Clients per process that connect at once. */
  batch: number;
  /** The offline writer (`offlineDelayMs` between chunks) or the fake OpenAI-compatible server at 400 ms / 80 tokens/s. */
  writer: 'offline' | 'model';
  topology: FanOutTopology;
  offlineDelayMs: number;
  /** COPYDESK_TOKEN_FLUSH_MS: at most one TOKEN event per variant per this many ms. */
  tokenFlushMs: number;
  /** A .cpuprofile of the (first) server process during the generation. */
  cpuProfile?: string;
}

/** One server process's share of a fan-out. */
export interface ServerFigures {
  subscribers: number;
  deliveries: number;
  p95: number;
  /** CPU time during the generation: user + system, and system alone (the kernel's share). */
  cpuSeconds: number;
  systemSeconds: number;
  rss: { idle: number; subscribed: number; peak: number };
}

export interface FanOutFigures extends Omit<ClientsReport, 'delays' | 'errors' | 'cpuSeconds' | 'bytes'> {
  /** `texts`: subscribers by the digest of their assembled texts, over every process. */
  options: FanOutOptions;
  connectSeconds: number;
  deliveries: number;
  p50: number;
  p95: number;
  p99: number;
  max: number;
  /** Seconds from the first event's publication to COMPLETED's. */
  jobSeconds: number;
  /** Event-loop utilisation of the (first) server process during the generation, 0..1. */
  eventLoop: number;
  /** CPU time of the server processes during the generation: user + system, and system alone (the kernel's share). */
  cpuSeconds: number;
  systemSeconds: number;
  /** Each server process: the first is this one. */
  servers: ServerFigures[];
  /** CPU time of the worker process during the generation (topologies with one). */
  workerCpuSeconds?: number;
  /** CPU time of the subscriber processes, all together, over the same period. */
  clientCpuSeconds: number;
  /** The first server's RSS (kept for the tables that show one). */
  rss: { idle: number; subscribed: number; peak: number };
  /** Mean size of a delivered message, characters. */
  messageBytes: number;
  /** One plain WebSocket message of that size, written by the first server's process after the job (the floor). */
  floor: WriteFloor;
  errors: string[];
}

const JOB_TIMEOUT_MS = 300_000;
const MB = 1024 * 1024;

/** The soft limit on open files of this process, from /proc (Linux); undefined elsewhere. */
export function openFilesLimit(): number | undefined {
  try {
    const line = readFileSync('/proc/self/limits', 'utf8')
      .split('\n')
      .find((l) => l.startsWith('Max open files'));
    const soft = line?.split(/\s{2,}/)[1];
    return soft && /^\d+$/.test(soft) ? Number(soft) : undefined;
  } catch {
    return undefined;
  }
}

/** Samples the server process's RSS every 50 ms (when its event loop gets to it) until stopped. */
function rssSampler(): () => number {
  let peak = process.memoryUsage().rss;
  const timer = setInterval(() => {
    peak = Math.max(peak, process.memoryUsage().rss);
  }, 50);
  return () => {
    clearInterval(timer);
    return Math.max(peak, process.memoryUsage().rss);
  };
}

function merge(reports: ClientsReport[], delays: Histogram) {
  for (const report of reports) addSparse(delays, report.delays);
  const sampled = reports.reduce((sum, r) => sum + r.bytes.messages, 0);
  return {
    subscribers: reports.reduce((sum, r) => sum + r.subscribers, 0),
    completed: reports.reduce((sum, r) => sum + r.completed, 0),
    eventsMin: Math.min(...reports.map((r) => r.eventsMin)),
    eventsMax: Math.max(...reports.map((r) => r.eventsMax)),
    types: reports[0]?.types ?? {},
    firstAt: Math.min(...reports.map((r) => r.firstAt)),
    lastAt: Math.max(...reports.map((r) => r.lastAt)),
    clientCpuSeconds: reports.reduce((sum, r) => sum + r.cpuSeconds, 0),
    messageBytes: reports.reduce((sum, r) => sum + r.bytes.total, 0) / Math.max(1, sampled),
    texts: reports.reduce<Record<string, number>>((all, r) => {
      for (const [digest, count] of Object.entries(r.texts)) all[digest] = (all[digest] ?? 0) + count;
      return all;
    }, {}),
    bodies: reports.reduce(
      (all, r) => ({ variants: all.variants + r.bodies.variants, matching: all.matching + r.bodies.matching }),
      { variants: 0, matching: 0 },
    ),
    errors: reports.flatMap((r) => r.errors).slice(0, 5),
  };
}

const REDIS_URL = process.env.REDIS_URL ?? 'redis://127.0.0.1:6379';

/** Configuration shared by every Copydesk process of the run. */
async function commonEnv(options: FanOutOptions, databaseUrl: string, cleanups: Cleanups) {
  const env: Record<string, string> = {
    // Load from one IP and key: budgets out of reach, so the figures include the limiter's cost but no refusals.
    COPYDESK_RATE_LIMIT_IP_PER_MIN: '10000000',
    COPYDESK_RATE_LIMIT_KEY_PER_MIN: '10000000',
    COPYDESK_RATE_LIMIT_GENERATION_PER_MIN: '1000000',
    // Every run asks the model: the LLM response cache would answer the repeated brief (bench:cache measures it).
    COPYDESK_CACHE_TTL_S: '0',
    DATABASE_URL: databaseUrl,
    COPYDESK_WORKER: 'off',
    COPYDESK_TOKEN_FLUSH_MS: String(options.tokenFlushMs),
    COPYDESK_SHUTDOWN_TIMEOUT_MS: '10000',
  };
  if (options.writer === 'model') {
    const model = await startFakeModel(cleanups);
    Object.assign(env, {
      COPYDESK_PROVIDER: 'openai',
      OPENAI_BASE_URL: model.url,
      OPENAI_API_KEY: 'bench',
      COPYDESK_MODEL: 'gpt-4o-mini',
    });
  } else {
    Object.assign(env, { COPYDESK_PROVIDER: 'offline', COPYDESK_OFFLINE_DELAY_MS: String(options.offlineDelayMs) });
  }
  if (options.topology !== 'one') {
    Object.assign(env, { REDIS_URL, COPYDESK_QUEUE_PREFIX: benchRedisPrefix('fan-out', REDIS_URL, cleanups) });
  }
  return env;
}

/** Subscribes `count` clients of `processes` new processes to a job on the server at `url`. */
function subscribeClients(
  url: string,
  apiKey: string,
  jobId: string,
  count: number,
  options: FanOutOptions,
  cleanups: Cleanups,
): { children: ChildProcess[]; subscribed: Promise<unknown> } {
  const children = forkClients(options.processes, cleanups);
  const shares = children.map((_, i) => Math.floor((count + i) / options.processes));
  const subscribed = Promise.all(children.map((child) => next(child, 'subscribed', 600_000)));
  children.forEach((child, i) => {
    const share = shares[i] ?? 0;
    child.send({
      kind: 'open',
      url: wsUrlOf(url),
      apiKey,
      jobId,
      count: share,
      batch: options.batch,
    } satisfies ToClients);
  });
  return { children, subscribed };
}

/**
 * One job, 6 platforms × 3 variants, followed by `subscribers` WebSocket clients (per server process) in other
 * processes. The job waits QUEUED until every client has its SNAPSHOT (the servers run no worker); then the worker
 * starts (in this process, or as `copydesk worker`) and each event's publication is timed against its arrival at
 * every subscriber. After the job, this process measures the floor: one plain WebSocket write of the same size.
 */
export async function fanOut(options: FanOutOptions, cleanups: Cleanups): Promise<FanOutFigures> {
  const database = await benchDatabase(cleanups);
  const env = await commonEnv(options, database.url, cleanups);
  const config = parseConfig({ ...env, PORT: '0', HOST: '127.0.0.1', LOG_LEVEL: 'silent' });
  const app = await buildApp(config, { logger: createLogger(config.LOG_LEVEL) });
  cleanups.push(() => app.close());
  const url = await app.listen();
  const second = options.topology === 'two-apis' ? await startCopydesk('serve', env, cleanups) : undefined;
  const { apiKey } = await createWorkspace(app, 'fan-out');
  const campaignId = await createCampaign(`${url}/graphql`, apiKey, 'Fan-out');
  const jobId = await generate(`${url}/graphql`, apiKey, { campaignId, variantsPerPlatform: 3 });
  const idle = process.memoryUsage().rss;
  const secondIdle = second ? processStats(second.pid) : undefined;

  const started = performance.now();
  const groups = [subscribeClients(url, apiKey, jobId, options.subscribers, options, cleanups)];
  if (second?.url) groups.push(subscribeClients(second.url, apiKey, jobId, options.subscribers, options, cleanups));
  await Promise.all(groups.map((group) => group.subscribed));
  const connectSeconds = (performance.now() - started) / 1000;
  const total = options.subscribers * groups.length;
  console.log(`${total} subscribers have their SNAPSHOT (${connectSeconds.toFixed(1)} s); generating`);

  const subscribedRss = process.memoryUsage().rss;
  const secondSubscribed = second ? processStats(second.pid) : undefined;
  const stopSampling = rssSampler();
  const before = performance.eventLoopUtilization();
  const cpuBefore = process.cpuUsage();
  let workerBefore: ProcessStats | undefined;
  let workerPid: number | undefined;
  const reportsByServer = await withCpuProfile(options.cpuProfile, async () => {
    const ended = groups.map((group) => group.children.map((child) => next(child, 'report', JOB_TIMEOUT_MS)));
    if (options.topology === 'one') {
      await app.startWorker();
    } else {
      const worker = await startCopydesk('worker', env, cleanups);
      workerPid = worker.pid;
      workerBefore = processStats(worker.pid);
    }
    return Promise.all(groups.map((group, i) => collect(group.children, ended[i] ?? [])));
  });
  const eventLoop = performance.eventLoopUtilization(before).utilization;
  const cpu = process.cpuUsage(cpuBefore);
  const peak = stopSampling();
  const secondAfter = second && secondSubscribed ? statsSince(secondSubscribed, processStats(second.pid)) : undefined;
  const workerCpuSeconds =
    workerPid !== undefined && workerBefore ? statsSince(workerBefore, processStats(workerPid)).cpuSeconds : undefined;

  const delays = newHistogram();
  const merged = merge(reportsByServer.flat(), delays);
  const servers: ServerFigures[] = reportsByServer.map((reports) => {
    const own = newHistogram();
    for (const report of reports) addSparse(own, report.delays);
    return {
      subscribers: reports.reduce((sum, r) => sum + r.subscribers, 0),
      deliveries: countOf(own),
      p95: percentile(own, 0.95),
      cpuSeconds: 0,
      systemSeconds: 0,
      rss: { idle: 0, subscribed: 0, peak: 0 },
    };
  });
  const [first, other] = servers;
  if (first) {
    Object.assign(first, {
      cpuSeconds: (cpu.user + cpu.system) / 1e6,
      systemSeconds: cpu.system / 1e6,
      rss: { idle: idle / MB, subscribed: subscribedRss / MB, peak: peak / MB },
    });
  }
  if (other && secondIdle && secondSubscribed && secondAfter) {
    Object.assign(other, {
      cpuSeconds: secondAfter.cpuSeconds,
      systemSeconds: secondAfter.systemSeconds,
      rss: { idle: secondIdle.rssMb, subscribed: secondSubscribed.rssMb, peak: secondAfter.peakMb },
    });
  }
  const floor = await wsWriteFloor({ sockets: 200, rounds: 250, bytes: Math.round(merged.messageBytes) }, cleanups);
  return {
    ...merged,
    options,
    connectSeconds,
    deliveries: countOf(delays),
    p50: percentile(delays, 0.5),
    p95: percentile(delays, 0.95),
    p99: percentile(delays, 0.99),
    max: percentile(delays, 1),
    jobSeconds: (merged.lastAt - merged.firstAt) / 1000,
    eventLoop,
    cpuSeconds: servers.reduce((sum, s) => sum + s.cpuSeconds, 0),
    systemSeconds: servers.reduce((sum, s) => sum + s.systemSeconds, 0),
    servers,
    workerCpuSeconds,
    rss: first?.rss ?? { idle: 0, subscribed: 0, peak: 0 },
    floor,
  };
}

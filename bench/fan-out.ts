import { readFileSync } from 'node:fs';
import { performance } from 'node:perf_hooks';
import { buildApp } from '../src/app';
import { parseConfig } from '../src/infra/config';
import { createLogger } from '../src/infra/logger';
import { createCampaign, generate, wsUrlOf } from './api';
import { type ClientsReport, collect, forkClients, next, type ToClients } from './fan-out-clients';
import { addSparse, countOf, type Histogram, newHistogram, percentile } from './histogram';
import { benchDatabase, type Cleanups } from './lifecycle';
import { withCpuProfile } from './profile';
import { createWorkspace } from './seed';

export interface FanOutOptions {
  subscribers: number;
  processes: number;
  /** Clients per process that connect at once. */
  batch: number;
  offlineDelayMs: number;
  /** COPYDESK_TOKEN_FLUSH_MS: at most one TOKEN event per variant per this many ms. */
  tokenFlushMs: number;
  /** A .cpuprofile of the server process during the generation. */
  cpuProfile?: string;
}

export interface FanOutFigures extends Omit<ClientsReport, 'delays' | 'errors' | 'cpuSeconds'> {
  options: FanOutOptions;
  connectSeconds: number;
  deliveries: number;
  p50: number;
  p95: number;
  p99: number;
  max: number;
  /** Seconds from the first event's publication to COMPLETED's. */
  jobSeconds: number;
  /** Event-loop utilisation of the server process during the generation, 0..1. */
  eventLoop: number;
  /** CPU time of the server process during the generation: user + system, and system alone (the kernel's share). */
  cpuSeconds: number;
  systemSeconds: number;
  /** CPU time of the subscriber processes, all together, over the same period. */
  clientCpuSeconds: number;
  rss: { idle: number; subscribed: number; peak: number };
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
  return {
    subscribers: reports.reduce((sum, r) => sum + r.subscribers, 0),
    completed: reports.reduce((sum, r) => sum + r.completed, 0),
    eventsMin: Math.min(...reports.map((r) => r.eventsMin)),
    eventsMax: Math.max(...reports.map((r) => r.eventsMax)),
    types: reports[0]?.types ?? {},
    firstAt: Math.min(...reports.map((r) => r.firstAt)),
    lastAt: Math.max(...reports.map((r) => r.lastAt)),
    clientCpuSeconds: reports.reduce((sum, r) => sum + r.cpuSeconds, 0),
    errors: reports.flatMap((r) => r.errors).slice(0, 5),
  };
}

/**
 * One job, 6 platforms × 3 variants written offline, followed by `subscribers` WebSocket clients in other
 * processes. The app starts with its worker off, so the job waits QUEUED until every client has its SNAPSHOT; then
 * the worker starts and each event's publication is timed against its arrival at every subscriber.
 */
export async function fanOut(options: FanOutOptions, cleanups: Cleanups): Promise<FanOutFigures> {
  const database = await benchDatabase(cleanups);
  const config = parseConfig({
    // Load from one IP and key: budgets out of reach, so the figures include the limiter's cost but no refusals.
    COPYDESK_RATE_LIMIT_IP_PER_MIN: '10000000',
    COPYDESK_RATE_LIMIT_KEY_PER_MIN: '10000000',
    COPYDESK_RATE_LIMIT_GENERATION_PER_MIN: '1000000',
    // Every run asks the model: the LLM response cache would answer the repeated brief (bench:cache measures it).
    COPYDESK_CACHE_TTL_S: '0',
    DATABASE_URL: database.url,
    PORT: '0',
    HOST: '127.0.0.1',
    LOG_LEVEL: 'silent',
    COPYDESK_WORKER: 'off',
    COPYDESK_PROVIDER: 'offline',
    COPYDESK_OFFLINE_DELAY_MS: String(options.offlineDelayMs),
    COPYDESK_TOKEN_FLUSH_MS: String(options.tokenFlushMs),
    COPYDESK_SHUTDOWN_TIMEOUT_MS: '10000',
  });
  const app = await buildApp(config, { logger: createLogger(config.LOG_LEVEL) });
  cleanups.push(() => app.close());
  const url = await app.listen();
  const { apiKey } = await createWorkspace(app, 'fan-out');
  const campaignId = await createCampaign(`${url}/graphql`, apiKey, 'Fan-out');
  const jobId = await generate(`${url}/graphql`, apiKey, { campaignId, variantsPerPlatform: 3 });
  const idle = process.memoryUsage().rss;

  const children = forkClients(options.processes, cleanups);
  const started = performance.now();
  const shares = children.map((_, i) => Math.floor((options.subscribers + i) / options.processes));
  const subscribed = children.map((child) => next(child, 'subscribed', 600_000));
  children.forEach((child, i) => {
    const count = shares[i] ?? 0;
    child.send({ kind: 'open', url: wsUrlOf(url), apiKey, jobId, count, batch: options.batch } satisfies ToClients);
  });
  await Promise.all(subscribed);
  const connectSeconds = (performance.now() - started) / 1000;
  console.log(`${options.subscribers} subscribers have their SNAPSHOT (${connectSeconds.toFixed(1)} s); generating`);

  const subscribedRss = process.memoryUsage().rss;
  const stopSampling = rssSampler();
  const before = performance.eventLoopUtilization();
  const cpuBefore = process.cpuUsage();
  const reports = await withCpuProfile(options.cpuProfile, async () => {
    const ended = children.map((child) => next(child, 'report', JOB_TIMEOUT_MS));
    await app.startWorker();
    return collect(children, ended);
  });
  const eventLoop = performance.eventLoopUtilization(before).utilization;
  const cpu = process.cpuUsage(cpuBefore);
  const peak = stopSampling();

  const delays = newHistogram();
  const merged = merge(reports, delays);
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
    cpuSeconds: (cpu.user + cpu.system) / 1e6,
    systemSeconds: cpu.system / 1e6,
    rss: { idle: idle / MB, subscribed: subscribedRss / MB, peak: peak / MB },
  };
}

import os from 'node:os';
import type { LoadResult } from './load';

export const TARGETS = { statementsPerRequest: 4, p99Ms: 50, ratio: 0.9 } as const;

export interface BenchFigures {
  date: string;
  postgres: string;
  connections: number;
  durationSeconds: number;
  campaigns: number;
  app: LoadResult & { statementsPerRequest: number; cpuMsPerRequest: number };
  bare: LoadResult & { statementsPerRequest: number; cpuMsPerRequest: number };
  /** The same load with a single connection, for latency without queueing. */
  alone: { app: LoadResult; bare: LoadResult; seconds: number };
  /** first → SQL statements of one request, for the app and the baseline. */
  single: { first: number; app: number; bare: number }[];
}

const fixed = (value: number, digits = 1) => value.toFixed(digits);
const mark = (ok: boolean) => (ok ? 'met' : '**missed**');

export function machine(): string {
  const cpus = os.cpus();
  const model = cpus[0]?.model.trim().replace(/\s+/g, ' ') ?? 'unknown CPU';
  return `${model} × ${cpus.length}, ${os.type()} ${os.release()}, Node ${process.version}`;
}

/** One line per run, as it finishes. */
export function describeLoad(name: string, result: BenchFigures['app']): string {
  return [
    `${name}: ${fixed(result.requestsPerSecond)} req/s, p50 ${result.latencyP50Ms} ms, p99 ${result.latencyP99Ms} ms,`,
    `max ${result.latencyMaxMs} ms, ${result.completed} responses, non-2xx ${result.non2xx},`,
    `errors ${result.errors} (timeouts ${result.timeouts}), bad bodies ${result.mismatches},`,
    `SQL statements/request ${fixed(result.statementsPerRequest, 2)}, server CPU ${fixed(result.cpuMsPerRequest, 2)} ms/request`,
  ].join(' ');
}

/** The Markdown block for the README. */
export function summary(figures: BenchFigures): string {
  const { app, bare, alone, single } = figures;
  const ratio = app.requestsPerSecond / bare.requestsPerSecond;
  const constant = single.every((row) => row.app === single[0]?.app);
  const maxStatements = Math.max(...single.map((row) => row.app));
  const statementsOk = constant && maxStatements <= TARGETS.statementsPerRequest;
  const failures = (r: LoadResult) => `${r.non2xx} / ${r.errors} / ${r.mismatches}`;
  return [
    '### Read benchmark: `campaigns(first: 20)` with contents, variants and latest job',
    '',
    `${figures.date}, ${machine()}, ${figures.postgres} on the same machine.`,
    `autocannon 8, ${figures.connections} connections, ${figures.durationSeconds} s per server (after a warm-up),`,
    `one workspace with ${figures.campaigns} campaigns × 6 platforms × 3 variants and one job each.`,
    '',
    '| | Copydesk (Apollo 5 + type-graphql + MikroORM) | Baseline (graphql-http + pg + dataloader) | Target |',
    '|---|---:|---:|---|',
    `| Requests/s | ${fixed(app.requestsPerSecond)} | ${fixed(bare.requestsPerSecond)} | |`,
    `| Ratio to baseline | ${fixed(ratio, 2)} | 1.00 | ≥ ${TARGETS.ratio}: ${mark(ratio >= TARGETS.ratio)} |`,
    `| Server CPU per answer (this process: user + system) | ${fixed(app.cpuMsPerRequest, 2)} ms | ${fixed(bare.cpuMsPerRequest, 2)} ms | |`,
    `| Ratio of CPU per answer, baseline ÷ Copydesk | ${fixed(bare.cpuMsPerRequest / app.cpuMsPerRequest, 2)} | 1.00 | |`,
    `| Latency p50 | ${app.latencyP50Ms} ms | ${bare.latencyP50Ms} ms | |`,
    `| Latency p99 | ${app.latencyP99Ms} ms | ${bare.latencyP99Ms} ms | ≤ ${TARGETS.p99Ms} ms: ${mark(app.latencyP99Ms <= TARGETS.p99Ms)} |`,
    `| Non-2xx / errors / bad bodies | ${failures(app)} | ${failures(bare)} | 0 |`,
    `| SQL statements/request under load | ${fixed(app.statementsPerRequest, 2)} | ${fixed(bare.statementsPerRequest, 2)} | |`,
    `| 1 connection, ${alone.seconds} s: req/s | ${fixed(alone.app.requestsPerSecond)} | ${fixed(alone.bare.requestsPerSecond)} | |`,
    `| 1 connection: latency p50 / p99 | ${alone.app.latencyP50Ms} / ${alone.app.latencyP99Ms} ms | ${alone.bare.latencyP50Ms} / ${alone.bare.latencyP99Ms} ms | |`,
    '',
    `With ${figures.connections} connections that never pause, latency ≈ connections ÷ throughput (Little's law):`,
    `p99 ≤ ${TARGETS.p99Ms} ms at ${figures.connections} connections needs about ${Math.round((figures.connections * 1000) / TARGETS.p99Ms)} req/s or more.`,
    '',
    '| `first` | SQL statements per request (Copydesk) | Baseline | Target |',
    '|---:|---:|---:|---|',
    ...single.map((row) => `| ${row.first} | ${row.app} | ${row.bare} | constant, ≤ ${TARGETS.statementsPerRequest} |`),
    '',
    `SQL statements per request: ${statementsOk ? 'constant and within target' : '**target missed**'}.`,
  ].join('\n');
}

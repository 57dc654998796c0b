import os from 'node:os';
import type { FanOutFigures } from './fan-out';
import { median } from './histogram';
import { FAKE_MODEL, type OverheadRun, VARIANTS } from './overhead';
import { machine } from './report';

export const GENERATION_TARGETS = { ratio: 1.05, firstEventMs: 50, fanOutSubscribers: 5000, fanOutP95Ms: 250 } as const;

export interface GenerationFigures {
  date: string;
  postgres: string;
  runs: OverheadRun[];
  fanOuts: FanOutFigures[];
}

const mark = (ok: boolean) => (ok ? 'met' : '**missed**');
const ms = (value: number) => `${Math.round(value)} ms`;

/** The fixed intervals of a job that are not model time, per job shape (targets from the performance issue). */
function intervalsTable(all: OverheadRun[]): string[] {
  if (all.length === 0) return [];
  const shapes = [...new Set(all.map((r) => r.variantsPerPlatform))].sort((a, b) => a - b);
  const cell = (values: number[]) => `${median(values).toFixed(1)} / ${Math.max(...values).toFixed(1)} ms`;
  const target = (values: number[], limit: number) => `≤ ${limit} ms: ${mark(median(values) <= limit)}`;
  return [
    '### Fixed intervals per job (not model time), median / worst',
    '',
    '| job | response → first model call | outline done → first copy call | last token → COMPLETED | ratio wall / critical path |',
    '|---|---:|---:|---:|---:|',
    ...shapes.map((shape) => {
      const runs = all.filter((r) => r.variantsPerPlatform === shape);
      const ratios = runs.map((r) => r.wallMs / r.criticalMs);
      return `| 6 × ${shape} (${runs.length} runs) | ${cell(runs.map((r) => r.toFirstCallMs))} | ${cell(runs.map((r) => r.outlineToCopyMs))} | ${cell(runs.map((r) => r.lastTokenToCompletedMs))} | ${median(ratios).toFixed(3)} / ${Math.max(...ratios).toFixed(3)} |`;
    }),
    '',
    `Targets: ${target(
      all.map((r) => r.toFirstCallMs),
      10,
    )} (first model call), ${target(
      all.map((r) => r.outlineToCopyMs),
      10,
    )} (outline → copy), ${target(
      all.map((r) => r.lastTokenToCompletedMs),
      30,
    )} (last token → COMPLETED), each over every run; ratio ≤ 1.02.`,
    '',
  ];
}

function overheadTable(all: OverheadRun[]): string[] {
  const runs = all.filter((r) => r.variantsPerPlatform === VARIANTS);
  if (runs.length === 0) return [];
  const ratios = runs.map((r) => r.wallMs / r.criticalMs);
  const row = (name: string, values: number[], show: (v: number) => string, target = '') =>
    `| ${name} | ${show(median(values))} | ${show(Math.max(...values))} | ${target} |`;
  const verdict = (values: number[], limit: number, unit = '') =>
    `≤ ${limit}${unit}: ${mark(Math.max(...values) <= limit)}`;
  const raced = runs.filter((r) => r.snapshotStage !== 'QUEUED' && r.firstEvent !== 'STAGE_STARTED OUTLINE').length;
  const distinct = (values: (string | number)[]) => [...new Set(values)].join(', ');
  return [
    '### Generation overhead: 6 platforms × 3 variants through the real app',
    '',
    `A local OpenAI-compatible server (test/support/fake-openai.ts) at ${FAKE_MODEL.timeToFirstTokenMs} ms to first`,
    `token and ${FAKE_MODEL.tokensPerSecond} tokens/s of ${FAKE_MODEL.charsPerToken} characters answers a valid outline`,
    `and ${VARIANTS} variants per platform (a blog post ≈ 500 words, LinkedIn ≈ 1,100 characters, X ≈ 170), so the`,
    'blog call is the critical path. The client creates a campaign and calls `generateCampaign` over HTTP, then',
    "subscribes over a WebSocket that is already open; times start when it has the mutation's response.",
    `${runs.length} run${runs.length === 1 ? '' : 's'} after a warm-up; median and worst.`,
    '',
    '| | Median | Worst | Target |',
    '|---|---:|---:|---|',
    row(
      'Wall time: response → COMPLETED',
      runs.map((r) => r.wallMs),
      ms,
    ),
    row(
      'Critical path: outline + slowest platform call, as the server saw them',
      runs.map((r) => r.criticalMs),
      ms,
    ),
    row('Ratio wall / critical path', ratios, (v) => v.toFixed(3), verdict(ratios, GENERATION_TARGETS.ratio)),
    row(
      'Response → job started (the worker took it)',
      runs.map((r) => r.startedMs),
      ms,
    ),
    row(
      'Response → SNAPSHOT',
      runs.map((r) => r.snapshotMs),
      ms,
    ),
    row(
      'Response → first event after the SNAPSHOT',
      runs.map((r) => r.firstEventMs),
      ms,
      verdict(
        runs.map((r) => r.firstEventMs),
        GENERATION_TARGETS.firstEventMs,
        ' ms',
      ),
    ),
    row(
      'Response → first event showing the job running',
      runs.map((r) => r.firstProgressMs),
      ms,
      verdict(
        runs.map((r) => r.firstProgressMs),
        GENERATION_TARGETS.firstEventMs,
        ' ms',
      ),
    ),
    '',
    `First event after the SNAPSHOT: ${distinct(runs.map((r) => r.firstEvent))}. In ${raced} of ${runs.length} runs the`,
    'worker had started the job and published STAGE_STARTED OUTLINE before the subscription existed (a client can',
    "subscribe only once it has the job's id): the SNAPSHOT then already shows stage OUTLINE and the next event is",
    'STAGE_STARTED COPY, after the outline call. The last row counts that SNAPSHOT as the first sign of the running',
    `job. Chat calls per run: ${distinct(runs.map((r) => r.calls))} (1 outline + 6 platforms, no retries or shorten`,
    `calls); variants ready per run: ${distinct(runs.map((r) => r.variantsReady))}.`,
    '',
  ];
}

function fanOutTable(fanOuts: FanOutFigures[]): string[] {
  if (fanOuts.length === 0) return [];
  const first = fanOuts[0] as FanOutFigures;
  const target = fanOuts.find((f) => f.subscribers === GENERATION_TARGETS.fanOutSubscribers);
  const verdict = target
    ? `${target.subscribers} subscribers at p95 ${target.p95} ms: target ≤ ${GENERATION_TARGETS.fanOutP95Ms} ms ${mark(target.p95 <= GENERATION_TARGETS.fanOutP95Ms)}.`
    : `The target (${GENERATION_TARGETS.fanOutSubscribers} subscribers) was not run.`;
  return [
    '### Fan-out: WebSocket subscribers on one generation job',
    '',
    `One job, 6 platforms × 3 variants by the offline writer (${first.options.offlineDelayMs} ms between chunks, so`,
    'the writer is faster than any model and TOKEN coalescing alone bounds the event rate: at most one TOKEN event',
    `per variant per ${first.options.tokenFlushMs} ms, COPYDESK_TOKEN_FLUSH_MS), one server process.`,
    `The subscribers are graphql-ws clients over \`ws\` in ${first.options.processes} other processes on the same machine`,
    `(${os.cpus().length} cores, shared with the server), connected ${first.options.batch} at a time per process with`,
    "a key; the job starts once every client has its SNAPSHOT. Delay: arrival at a subscriber minus the event's",
    '`at` (set when it is published), over every (subscriber, event) pair after the SNAPSHOT; it includes the time',
    "the subscribers' own processes take to read the messages. Job: from the first event's publication to the",
    "last's; the job runs in the server process, so it slows down when fanning out saturates the event loop.",
    "Server CPU: the server process's user + system time during the job (its own writing included), per delivery.",
    '',
    "| Subscribers | Delay p50 | p95 | p99 | max | Events per subscriber | Deliveries | Job | Server CPU (per delivery) | Subscribers' CPU | Server RSS idle / subscribed / peak |",
    '|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|',
    ...fanOuts.map((f) =>
      [
        `| ${f.subscribers}`,
        ms(f.p50),
        ms(f.p95),
        ms(f.p99),
        ms(f.max),
        f.eventsMin === f.eventsMax ? String(f.eventsMin) : `${f.eventsMin}–${f.eventsMax}`,
        String(f.deliveries),
        `${f.jobSeconds.toFixed(1)} s`,
        `${f.cpuSeconds.toFixed(1)} s (${Math.round((f.cpuSeconds * 1e6) / Math.max(1, f.deliveries))} µs)`,
        `${f.clientCpuSeconds.toFixed(1)} s`,
        `${f.rss.idle.toFixed(0)} / ${f.rss.subscribed.toFixed(0)} / ${f.rss.peak.toFixed(0)} MB |`,
      ].join(' | '),
    ),
    '',
    `Events of one subscriber by type: ${JSON.stringify(first.types)}. ${verdict}`,
    ...fanOuts
      .filter((f) => f.completed !== f.subscribers || f.errors.length > 0)
      .map((f) => `With ${f.subscribers}: ${f.completed} saw COMPLETED; errors: ${f.errors.join(' | ') || 'none'}.`),
    '',
  ];
}

/** The Markdown block for the README. */
export function generationSummary(figures: GenerationFigures): string {
  return [
    `${figures.date}, ${machine()}, ${figures.postgres} on the same machine.`,
    '',
    ...overheadTable(figures.runs),
    ...intervalsTable(figures.runs),
    ...fanOutTable(figures.fanOuts),
  ].join('\n');
}

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

const MODE: Record<OverheadRun['mode'], string> = {
  postgres: 'PostgreSQL, in-process queue',
  embedded: 'embedded (PGlite)',
  'postgres-redis': 'PostgreSQL + Redis (BullMQ)',
};

/** The fixed intervals of a job that are not model time, per job shape (targets from the performance issue). */
function intervalsTable(all: OverheadRun[]): string[] {
  if (all.length === 0) return [];
  const groups = [...new Set(all.map((r) => `${r.mode}\u0000${r.variantsPerPlatform}`))].map((key) => {
    const [mode, shape] = key.split('\u0000');
    return { mode, shape: Number(shape) };
  });
  const cell = (values: number[]) => `${median(values).toFixed(1)} / ${Math.max(...values).toFixed(1)} ms`;
  const target = (values: number[], limit: number) => `≤ ${limit} ms: ${mark(median(values) <= limit)}`;
  return [
    '### Fixed intervals per job (not model time), median / worst',
    '',
    '| database | job | response → first model call | outline done → first copy call | last token → COMPLETED | ratio wall / critical path |',
    '|---|---|---:|---:|---:|---:|',
    ...groups.map(({ mode, shape }) => {
      const runs = all.filter((r) => r.variantsPerPlatform === shape && r.mode === mode);
      const ratios = runs.map((r) => r.wallMs / r.criticalMs);
      return `| ${MODE[mode as OverheadRun['mode']]} | 6 × ${shape} (${runs.length} runs) | ${cell(runs.map((r) => r.toFirstCallMs))} | ${cell(runs.map((r) => r.outlineToCopyMs))} | ${cell(runs.map((r) => r.lastTokenToCompletedMs))} | ${median(ratios).toFixed(3)} / ${Math.max(...ratios).toFixed(3)} |`;
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

const TOPOLOGY: Record<FanOutFigures['options']['topology'], string> = {
  one: 'one server, job in it',
  worker: 'one server + `copydesk worker` (Redis)',
  'two-apis': 'two servers + `copydesk worker` (Redis)',
};

/** Whether every subscriber assembled the same texts, and the first ones' texts equal the stored bodies. */
function textsAlike(f: FanOutFigures): string {
  const digests = Object.values(f.texts).sort((a, b) => b - a);
  const alike = digests.length === 1 ? `all ${digests[0]} alike` : `${digests[0] ?? 0} of ${f.subscribers} alike`;
  return `${alike}; ${f.bodies.matching} of ${f.bodies.variants} = body`;
}

function fanOutTable(fanOuts: FanOutFigures[]): string[] {
  if (fanOuts.length === 0) return [];
  const first = fanOuts[0] as FanOutFigures;
  const verdicts = fanOuts
    .filter((f) => f.options.subscribers >= 1000)
    .map((f) => {
      const target =
        f.options.subscribers >= GENERATION_TARGETS.fanOutSubscribers ? GENERATION_TARGETS.fanOutP95Ms : 100;
      const alone = fanOuts.find((o) => o.subscribers === 1 && o.options.writer === f.options.writer);
      const job = alone
        ? `; job ${f.jobSeconds.toFixed(1)} s against ${alone.jobSeconds.toFixed(1)} s with one subscriber, ×${(f.jobSeconds / alone.jobSeconds).toFixed(2)} (target ≤ ×1.05 ${mark(f.jobSeconds <= alone.jobSeconds * 1.05)})`
        : '';
      const peak = Math.max(...f.servers.map((s) => s.rss.peak));
      const rss =
        f.options.subscribers >= GENERATION_TARGETS.fanOutSubscribers
          ? `; peak RSS ${peak.toFixed(0)} MB (target ≤ 600 MB ${mark(peak <= 600)})`
          : '';
      return `${TOPOLOGY[f.options.topology]}, ${f.options.writer}, ${f.subscribers}: p95 ${f.p95} ms (target ≤ ${target} ms ${mark(f.p95 <= target)})${job}${rss}`;
    });
  return [
    '### Fan-out: WebSocket subscribers on one generation job',
    '',
    'One job, 6 platforms × 3 variants, written by the offline writer',
    `(${first.options.offlineDelayMs} ms between chunks, faster than any model, so TOKEN coalescing alone bounds the`,
    `event rate: at most one TOKEN event per variant per ${first.options.tokenFlushMs} ms, COPYDESK_TOKEN_FLUSH_MS) or`,
    `by the model (the fake OpenAI-compatible server at ${FAKE_MODEL.timeToFirstTokenMs} ms to first token and ${FAKE_MODEL.tokensPerSecond} tokens/s, in a process of its own).`,
    `The subscribers are graphql-ws clients over \`ws\` in ${first.options.processes} processes per server, on the same machine`,
    `(${os.cpus().length} cores, shared by everything), connected ${first.options.batch} at a time per process with`,
    "a key; the job starts once every client has its SNAPSHOT. Delay: arrival at a subscriber minus the event's",
    '`at` (set when it is published), over every (subscriber, event) pair after the SNAPSHOT; it includes the time',
    "the subscribers' own processes take to read the messages. Job: from the first event's publication to the",
    "last's. Server CPU: the server processes' user + system time during the job, per delivery (system time, the",
    "kernel's share, in brackets). Floor: after the job, the first server's process writes plain `ws` messages of the",
    "deliveries' mean size to 200 sockets, one socket write each; its CPU per message (system in brackets). Texts:",
    "whether every subscriber's TOKEN deltas assembled the same text for every variant (merged or not), and how many",
    "of the first subscriber's variants (one per subscriber process) assembled exactly the body VARIANT_READY carried.",
    '',
    '| Where | Writer | Subscribers | Delay p50 | p95 | p99 | Events per subscriber | Job | Server CPU per delivery | Floor: one message | Worker CPU | Server RSS subscribed / peak | Texts |',
    '|---|---|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---|',
    ...fanOuts.map((f) =>
      [
        `| ${TOPOLOGY[f.options.topology]}`,
        f.options.writer,
        f.servers.length > 1
          ? `${f.subscribers} (${f.servers.map((s) => s.subscribers).join(' + ')})`
          : String(f.subscribers),
        ms(f.p50),
        f.servers.length > 1 ? `${ms(f.p95)} (${f.servers.map((s) => ms(s.p95)).join(', ')})` : ms(f.p95),
        ms(f.p99),
        f.eventsMin === f.eventsMax ? String(f.eventsMin) : `${f.eventsMin}–${f.eventsMax}`,
        `${f.jobSeconds.toFixed(1)} s`,
        `${Math.round((f.cpuSeconds * 1e6) / Math.max(1, f.deliveries))} µs (${Math.round((f.systemSeconds * 1e6) / Math.max(1, f.deliveries))} µs)`,
        `${f.floor.cpuMicros.toFixed(1)} µs (${f.floor.systemMicros.toFixed(1)} µs), ${f.floor.bytes} B`,
        f.workerCpuSeconds === undefined ? '' : `${f.workerCpuSeconds.toFixed(1)} s`,
        `${f.servers.map((s) => `${s.rss.subscribed.toFixed(0)} / ${s.rss.peak.toFixed(0)}`).join(', ')} MB`,
        `${textsAlike(f)} |`,
      ].join(' | '),
    ),
    '',
    `Events of one subscriber by type (first run): ${JSON.stringify(first.types)}.`,
    ...verdicts.map((v) => `- ${v}`),
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

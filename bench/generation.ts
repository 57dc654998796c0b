// reflect-metadata must load before any type-graphql decorator runs (see src/main.ts).
import 'reflect-metadata';
import { AsyncLocalStorage } from 'node:async_hooks';
import { fork } from 'node:child_process';
import { postgresVersion } from './database';
import { type FanOutFigures, type FanOutTopology, fanOut, openFilesLimit } from './fan-out';
import { generationSummary } from './generation-report';
import { withCleanups } from './lifecycle';
import { type OverheadMode, type OverheadRun, overhead } from './overhead';

/**
 * `npm run bench:generation` (and the second half of `npm run bench`): the generation overhead against a fake
 * OpenAI server, then WebSocket fan-out to 1,000 and 5,000 subscribers; each on a fresh database, dropped after.
 * BENCH_GENERATION_RUNS (default 5) overhead runs of the long job (6 × 3), BENCH_SHORT_RUNS (default 5) of the short
 * one (6 × 1); BENCH_FAN_OUT lists the fan-out runs as topology:writer:subscribers (topology one | worker | two-apis,
 * writer offline | model, subscribers per server process; default below); BENCH_CLIENT_PROCESSES
 * (default 2) processes holding each server's subscribers; BENCH_CONNECT_BATCH (default 100) connections at once per process;
 * BENCH_OFFLINE_DELAY_MS (default 1) pause between offline chunks; BENCH_TOKEN_FLUSH_MS (default 50, the app's
 * default) sets COPYDESK_TOKEN_FLUSH_MS for the fan-out; BENCH_ONLY=overhead|fan-out runs one part;
 * BENCH_STUB_ASYNC_STORAGE=1 (an experiment, not a way to run Copydesk) makes AsyncLocalStorage's `run` call its
 * function without entering the store, in the server process, so that Node never turns its promise hooks on:
 * the difference in CPU per delivery is what those hooks cost (MikroORM's flush-in-flush guard is then blind);
 * BENCH_OVERHEAD_MODES (default "postgres,embedded,postgres-redis") where the overhead runs (the long job only in
 * the first);
 * BENCH_CPU_PROFILE=<file.cpuprofile> profiles the server process during each fan-out (file name gets the size).
 */

if (process.env.BENCH_STUB_ASYNC_STORAGE === '1') {
  Object.defineProperty(AsyncLocalStorage.prototype, 'run', {
    configurable: true,
    writable: true,
    value: (_store: unknown, fn: (...args: unknown[]) => unknown, ...args: unknown[]) => fn(...args),
  });
}

function numberFrom(name: string, fallback: number, min: number): number {
  const value = Number(process.env[name] ?? fallback);
  if (!Number.isInteger(value) || value < min) throw new Error(`${name} must be an integer ≥ ${min}`);
  return value;
}

const RUNS = numberFrom('BENCH_GENERATION_RUNS', 5, 1);
const SHORT_RUNS = numberFrom('BENCH_SHORT_RUNS', 5, 0);
const PROCESSES = numberFrom('BENCH_CLIENT_PROCESSES', 2, 1);
const BATCH = numberFrom('BENCH_CONNECT_BATCH', 100, 1);
const OFFLINE_DELAY_MS = numberFrom('BENCH_OFFLINE_DELAY_MS', 1, 0);
const TOKEN_FLUSH_MS = numberFrom('BENCH_TOKEN_FLUSH_MS', 50, 0);
const DEFAULT_FAN_OUT = [
  // One subscriber: the job's own time, which the target compares the others with.
  'one:offline:1',
  'one:model:1',
  'one:offline:1000',
  'one:offline:5000',
  'one:model:1000',
  'one:model:5000',
  'worker:offline:5000',
  'two-apis:offline:5000',
].join(',');
interface FanOutRun {
  topology: FanOutTopology;
  writer: 'offline' | 'model';
  subscribers: number;
}
const FAN_OUT: FanOutRun[] = (process.env.BENCH_FAN_OUT ?? DEFAULT_FAN_OUT).split(',').map((entry) => {
  const [topology, writer, size] = entry.trim().split(':');
  const subscribers = Number(size);
  if (
    (topology !== 'one' && topology !== 'worker' && topology !== 'two-apis') ||
    (writer !== 'offline' && writer !== 'model') ||
    !Number.isInteger(subscribers) ||
    subscribers < 1
  ) {
    throw new Error(`BENCH_FAN_OUT: "${entry}" is not topology:writer:subscribers (e.g. one:offline:1000)`);
  }
  return { topology, writer, subscribers };
});
const ONLY = process.env.BENCH_ONLY;
const OVERHEAD_MODES: OverheadMode[] = (process.env.BENCH_OVERHEAD_MODES ?? 'postgres,embedded,postgres-redis')
  .split(',')
  .map((mode) => {
    const name = mode.trim();
    if (name !== 'postgres' && name !== 'embedded' && name !== 'postgres-redis') {
      throw new Error(`BENCH_OVERHEAD_MODES: "${mode}" is not postgres, embedded or postgres-redis`);
    }
    return name;
  });

function profileFile(run: FanOutRun): string | undefined {
  const file = process.env.BENCH_CPU_PROFILE;
  return file?.replace(/(\.cpuprofile)?$/, `-${run.topology}-${run.writer}-${run.subscribers}.cpuprofile`);
}

function checkFileLimit(): void {
  const limit = openFilesLimit();
  const needed = Math.max(...FAN_OUT.map((run) => run.subscribers)) + 200;
  console.log(`open files limit of the server process: ${limit ?? 'unknown'} (needs about ${needed})`);
  if (limit !== undefined && limit < needed) {
    throw new Error(`raise the open files limit first, e.g. \`ulimit -n ${needed * 2}\` (at most \`ulimit -Hn\`)`);
  }
}

function describeFanOut(f: FanOutFigures): string {
  return [
    `${f.subscribers} subscribers: delay p50 ${f.p50} ms, p95 ${f.p95} ms, p99 ${f.p99} ms, max ${f.max} ms;`,
    `${f.eventsMin}–${f.eventsMax} events per subscriber (${JSON.stringify(f.types)}), ${f.deliveries} deliveries,`,
    `${f.completed} saw COMPLETED; job ${f.jobSeconds.toFixed(2)} s, server event loop ${(f.eventLoop * 100).toFixed(0)}% busy,`,
    `CPU ${f.cpuSeconds.toFixed(2)} s (system ${f.systemSeconds.toFixed(2)} s; ${((f.cpuSeconds * 1e6) / Math.max(1, f.deliveries)).toFixed(1)} µs per delivery),`,
    `subscriber processes' CPU ${f.clientCpuSeconds.toFixed(2)} s;`,
    f.workerCpuSeconds === undefined ? '' : `worker process CPU ${f.workerCpuSeconds.toFixed(2)} s;`,
    f.servers.length > 1
      ? `per server: ${f.servers.map((s) => `p95 ${s.p95} ms, CPU ${s.cpuSeconds.toFixed(2)} s, peak RSS ${s.rss.peak.toFixed(0)} MB`).join('; ')};`
      : '',
    `assembled texts: ${Object.keys(f.texts).length} distinct over ${f.subscribers} subscribers, ${f.bodies.matching} of ${f.bodies.variants} first subscribers' variants equal to the stored body;`,
    `floor: one ${f.floor.bytes}-character WebSocket message ${f.floor.cpuMicros.toFixed(1)} µs (system ${f.floor.systemMicros.toFixed(1)} µs);`,
    `RSS ${f.rss.idle.toFixed(0)} MB idle, ${f.rss.subscribed.toFixed(0)} MB subscribed, ${f.rss.peak.toFixed(0)} MB peak`,
    f.errors.length > 0 ? `; errors: ${f.errors.join(' | ')}` : '',
  ].join(' ');
}

type Section = { kind: 'overhead'; mode: OverheadMode } | ({ kind: 'fan-out' } & FanOutRun);
type SectionResult = { kind: 'overhead'; runs: OverheadRun[] } | { kind: 'fan-out'; figures: FanOutFigures };

/** One part, in this process: its own database and app, cleaned up before it returns. */
async function runSection(section: Section): Promise<SectionResult> {
  let result: SectionResult | undefined;
  await withCleanups(async (cleanups) => {
    if (section.kind === 'overhead') {
      // The long job only in the first mode: its fixed intervals are the short job's plus the same per variant.
      const long = section.mode === OVERHEAD_MODES[0] ? RUNS : 0;
      console.log(
        `generation overhead (${section.mode}): ${SHORT_RUNS} run(s) of 6 × 1 and ${long} of 6 × 3 against the fake OpenAI server`,
      );
      result = { kind: 'overhead', runs: await overhead(long, cleanups, SHORT_RUNS, section.mode) };
      return;
    }
    const { subscribers, topology, writer } = section;
    const processes = Math.min(PROCESSES, subscribers);
    console.log(
      `fan-out (${topology}): ${subscribers} subscribers per server in ${processes} processes, one 6 × 3 job (${writer})`,
    );
    const options = {
      subscribers,
      processes,
      topology,
      writer,
      batch: BATCH,
      offlineDelayMs: OFFLINE_DELAY_MS,
      tokenFlushMs: TOKEN_FLUSH_MS,
      cpuProfile: profileFile(section),
    };
    const figures = await fanOut(options, cleanups);
    console.log(describeFanOut(figures));
    result = { kind: 'fan-out', figures };
  });
  if (!result) throw new Error(`${section.kind} gave no result`);
  return result;
}

/**
 * Runs a part in a fresh process (this file, with BENCH_SECTION), so every server starts from the same memory and
 * its RSS is its own. SIGTERM is passed on (Ctrl-C reaches the child directly); the child cleans up and exits.
 */
function inProcess(section: Section): Promise<SectionResult> {
  return new Promise((resolve, reject) => {
    const env = { ...process.env, BENCH_SECTION: JSON.stringify(section) };
    const child = fork(__filename, [], { env, stdio: ['ignore', 'inherit', 'inherit', 'ipc'] });
    const forward = () => child.kill('SIGTERM');
    process.on('SIGTERM', forward);
    let result: SectionResult | undefined;
    child.once('message', (message: SectionResult) => {
      result = message;
    });
    child.once('exit', (code) => {
      process.off('SIGTERM', forward);
      if (result && code === 0) resolve(result);
      else reject(new Error(`the ${section.kind} benchmark failed (exit code ${code})`));
    });
  });
}

async function main(): Promise<void> {
  const own = process.env.BENCH_SECTION;
  if (own) {
    const result = await runSection(JSON.parse(own) as Section);
    await new Promise((resolve) => process.send?.(result, undefined, undefined, resolve));
    return;
  }
  // Waits for the child, which got the same Ctrl-C and is dropping its database, to exit.
  process.on('SIGINT', () => {});
  let runs: OverheadRun[] = [];
  const fanOuts: FanOutFigures[] = [];
  if (ONLY !== 'fan-out') {
    for (const mode of OVERHEAD_MODES) {
      const result = await inProcess({ kind: 'overhead', mode });
      if (result.kind === 'overhead') runs = [...runs, ...result.runs];
    }
  }
  if (ONLY !== 'overhead') {
    checkFileLimit();
    for (const run of FAN_OUT) {
      const result = await inProcess({ kind: 'fan-out', ...run });
      if (result.kind === 'fan-out') fanOuts.push(result.figures);
    }
  }
  const date = new Date().toISOString().slice(0, 10);
  console.log(`\n${generationSummary({ date, postgres: await postgresVersion(), runs, fanOuts })}\n`);
}

main().catch((error: unknown) => {
  console.error(error);
  process.exitCode = 1;
});

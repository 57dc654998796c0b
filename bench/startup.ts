/**
 * Start-up and memory (`npm run bench:startup`): how long `npm start` and `node dist/src/main.js serve` take from
 * the command to a 200 from /readyz, embedded (PGlite, a fresh data directory and a second start on it) and on
 * PostgreSQL + Redis; the resident memory of each idle server; and the resident memory after 1,000 generations,
 * measured after 500 and after 1,000 so growth shows. Prints Markdown for the README.
 *
 * Like `npm start` on an installed checkout, it expects dist/ to be built (`npm ci` builds it); it builds first
 * when dist/ is stale, outside the timings.
 */
import { type ChildProcess, spawn, spawnSync } from 'node:child_process';
import { mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { createServer } from 'node:net';
import { cpus, tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { setTimeout as delay } from 'node:timers/promises';
import { createCampaign, generate, post } from './api';
import { benchDatabase, type Cleanups, withCleanups } from './lifecycle';

const ROOT = resolve(__dirname, '..');
const ADMIN_KEY = 'bench-startup-admin-key-0123456789abcdef';
const { needsBuild } = require(join(ROOT, 'scripts/start.js')) as { needsBuild: () => boolean };
/** How long a server idles after it is ready before its memory is read: timers, pools and JIT settle. */
const SETTLE_MS = 5_000;
const RUNS = Number(process.env.BENCH_STARTUP_RUNS ?? 3);
const GENERATIONS = Number(process.env.BENCH_STARTUP_GENERATIONS ?? 1_000);

async function freePort(): Promise<number> {
  return new Promise((done, fail) => {
    const server = createServer();
    server.once('error', fail);
    server.listen(0, '127.0.0.1', () => {
      const { port } = server.address() as { port: number };
      server.close(() => done(port));
    });
  });
}

/** Resident memory in MB of the largest process in the tree (the server, not npm or the shell), from /proc. */
function residentMb(rootPid: number): number {
  const children = new Map<number, number[]>();
  for (const entry of readdirSync('/proc')) {
    if (!/^\d+$/.test(entry)) continue;
    try {
      const stat = readFileSync(`/proc/${entry}/stat`, 'utf8');
      const parent = Number(stat.slice(stat.lastIndexOf(')') + 2).split(' ')[1]);
      children.set(parent, [...(children.get(parent) ?? []), Number(entry)]);
    } catch {
      // gone meanwhile
    }
  }
  const rss = (pid: number) => {
    try {
      const line = readFileSync(`/proc/${pid}/status`, 'utf8').match(/VmRSS:\s+(\d+) kB/);
      return line ? Number(line[1]) / 1024 : 0;
    } catch {
      return 0;
    }
  };
  const all: number[] = [];
  const walk = (pid: number) => {
    all.push(pid);
    for (const child of children.get(pid) ?? []) walk(child);
  };
  walk(rootPid);
  return Math.max(...all.map(rss));
}

/** The server's JavaScript heap in use, in MB, from its own /metrics (prom-client's default metrics). */
async function heapUsedMb(url: string): Promise<number> {
  const text = await (await fetch(`${url}/metrics`)).text();
  const line = text.split('\n').find((l) => l.startsWith('nodejs_heap_size_used_bytes'));
  return line ? Number(line.split(' ').at(-1)) / 1024 / 1024 : Number.NaN;
}

interface Started {
  child: ChildProcess;
  url: string;
  readyMs: number;
  stop: () => Promise<void>;
}

/** Spawns the command and polls /readyz every 10 ms; resolves once it answers 200. */
async function start(command: string[], env: Record<string, string>): Promise<Started> {
  const port = await freePort();
  const url = `http://127.0.0.1:${port}`;
  const began = performance.now();
  const child = spawn(command[0]!, command.slice(1), {
    cwd: ROOT,
    env: { ...process.env, PORT: String(port), LOG_LEVEL: 'warn', COPYDESK_ADMIN_KEY: ADMIN_KEY, ...env },
    stdio: ['ignore', 'ignore', 'pipe'],
    detached: true,
  });
  let stderr = '';
  child.stderr?.on('data', (chunk: Buffer) => {
    stderr = (stderr + chunk.toString()).slice(-4_000);
  });
  const exited = new Promise<void>((done) => child.once('exit', () => done()));
  const stop = async () => {
    if (child.exitCode === null) process.kill(-child.pid!, 'SIGTERM');
    await exited;
  };
  for (;;) {
    if (child.exitCode !== null) throw new Error(`${command.join(' ')} exited ${child.exitCode}: ${stderr}`);
    const ok = await fetch(`${url}/readyz`, { signal: AbortSignal.timeout(1_000) })
      .then((response) => response.ok)
      .catch(() => false);
    if (ok) return { child, url, readyMs: performance.now() - began, stop };
    if (performance.now() - began > 120_000) {
      await stop();
      throw new Error(`${command.join(' ')} not ready in 120 s: ${stderr}`);
    }
    await delay(10);
  }
}

interface Mode {
  name: string;
  env: () => Record<string, string>;
}

const NPM_START = ['npm', 'start', '--silent'];
const NODE_SERVE = [process.execPath, 'dist/src/main.js', 'serve'];

function median(values: number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.floor(sorted.length / 2)]!;
}

/**
 * Runs `count` small generations (one LinkedIn variant each, offline writer), eight at a time on eight campaigns (a
 * campaign runs one generation at a time), waiting for each to complete.
 */
async function generations(url: string, count: number, campaignIds: string[]): Promise<void> {
  const graphql = `${url}/graphql`;
  let next = 0;
  const one = async (campaignId: string) => {
    while (next < count) {
      next += 1;
      const jobId = await generate(graphql, ADMIN_KEY, { campaignId, variantsPerPlatform: 1, platforms: ['LINKEDIN'] });
      for (;;) {
        const data = await post<{ generationJob: { status: string } }>(
          graphql,
          ADMIN_KEY,
          'query Job($id: ID!) { generationJob(id: $id) { status } }',
          { id: jobId },
        );
        if (data.generationJob.status === 'SUCCEEDED') break;
        if (data.generationJob.status !== 'QUEUED' && data.generationJob.status !== 'RUNNING') {
          throw new Error(`job ${jobId} ended ${data.generationJob.status}`);
        }
        await delay(20);
      }
    }
  };
  await Promise.all(campaignIds.map(one));
}

async function main(cleanups: Cleanups): Promise<void> {
  if (needsBuild()) {
    console.error('dist/ is stale: building first (not timed)');
    const build = spawnSync('npm', ['run', 'build'], { cwd: ROOT, stdio: 'inherit' });
    if (build.status !== 0) throw new Error('npm run build failed');
  }
  const database = await benchDatabase(cleanups);
  const dataDirs: string[] = [];
  cleanups.push(async () => {
    for (const dir of dataDirs) rmSync(dir, { recursive: true, force: true });
  });
  const freshDir = () => {
    const dir = mkdtempSync(join(tmpdir(), 'copydesk-startup-'));
    dataDirs.push(dir);
    return dir;
  };
  const common = { COPYDESK_PROVIDER: 'offline', COPYDESK_RATE_LIMIT: 'off', COPYDESK_OFFLINE_DELAY_MS: '0' };
  const embeddedDir = freshDir();
  const modes: Mode[] = [
    { name: 'embedded, second start', env: () => ({ ...common, COPYDESK_DATA_DIR: embeddedDir }) },
    {
      name: 'PostgreSQL + Redis',
      env: () => ({
        ...common,
        DATABASE_URL: database.url,
        REDIS_URL: process.env.REDIS_URL ?? 'redis://127.0.0.1:6379',
        COPYDESK_QUEUE_PREFIX: `bench-startup-${process.pid}`,
      }),
    },
  ];

  const rows: string[] = [];
  // First start: PGlite creates its database (initdb) and the migrations run; each run on a new directory.
  for (const [label, command] of [
    ['npm start', NPM_START],
    ['node dist/src/main.js serve', NODE_SERVE],
  ] as const) {
    const times: number[] = [];
    for (let run = 0; run < RUNS; run += 1) {
      const server = await start(command, { ...common, COPYDESK_DATA_DIR: freshDir() });
      times.push(server.readyMs);
      await server.stop();
    }
    rows.push(`| ${label} | embedded, first start (new data directory) | ${median(times).toFixed(0)} ms | |`);
  }
  // Prime the embedded directory and the PostgreSQL database (migrations) once, untimed.
  for (const mode of modes) await (await start(NODE_SERVE, mode.env())).stop();

  for (const mode of modes) {
    for (const [label, command] of [
      ['npm start', NPM_START],
      ['node dist/src/main.js serve', NODE_SERVE],
    ] as const) {
      const times: number[] = [];
      const idle: number[] = [];
      for (let run = 0; run < RUNS; run += 1) {
        const server = await start(command, mode.env());
        times.push(server.readyMs);
        await delay(SETTLE_MS);
        idle.push(residentMb(server.child.pid!));
        await server.stop();
      }
      rows.push(`| ${label} | ${mode.name} | ${median(times).toFixed(0)} ms | ${median(idle).toFixed(0)} MB |`);
    }
  }

  const memory: string[] = [];
  for (const mode of modes) {
    const server = await start(NODE_SERVE, mode.env());
    try {
      await delay(SETTLE_MS);
      const idle = residentMb(server.child.pid!);
      const idleHeap = await heapUsedMb(server.url);
      const campaignIds = await Promise.all(
        Array.from({ length: 8 }, (_, i) => createCampaign(`${server.url}/graphql`, ADMIN_KEY, `Start-up bench ${i}`)),
      );
      await generations(server.url, GENERATIONS / 2, campaignIds);
      await delay(SETTLE_MS);
      const half = residentMb(server.child.pid!);
      const halfHeap = await heapUsedMb(server.url);
      await generations(server.url, GENERATIONS / 2, campaignIds);
      await delay(SETTLE_MS);
      const full = residentMb(server.child.pid!);
      const fullHeap = await heapUsedMb(server.url);
      const mb = (rss: number, heap: number) => `${rss.toFixed(0)} MB (heap ${heap.toFixed(0)})`;
      memory.push(
        `| ${mode.name} | ${mb(idle, idleHeap)} | ${mb(half, halfHeap)} | ${mb(full, fullHeap)} | ${(full - half).toFixed(0)} MB (heap ${(fullHeap - halfHeap).toFixed(0)}) |`,
      );
    } finally {
      await server.stop();
    }
  }

  console.log(`## Start-up and memory\n`);
  console.log(
    `From the command to the first 200 from /readyz (polled every 10 ms), median of ${RUNS} runs; resident memory of the server process ${SETTLE_MS / 1000} s after it is ready. Offline writer, ${cpus().length} CPUs, Node ${process.version}.\n`,
  );
  console.log('| command | database | ready after | idle RSS |');
  console.log('| --- | --- | ---: | ---: |');
  for (const row of rows) console.log(row);
  console.log(
    `\nResident memory around ${GENERATIONS.toLocaleString('en')} generations (one LinkedIn variant each, eight at a time, \`node dist/src/main.js serve\`), each figure ${SETTLE_MS / 1000} s after the last job; in brackets the JavaScript heap in use (MB, the server's own nodejs_heap_size_used_bytes):\n`,
  );
  console.log(`| database | idle | after ${GENERATIONS / 2} | after ${GENERATIONS} | growth over the second half |`);
  console.log('| --- | ---: | ---: | ---: | ---: |');
  for (const row of memory) console.log(row);
}

withCleanups(main).catch((error: unknown) => {
  console.error(error);
  process.exit(1);
});

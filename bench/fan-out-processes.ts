import { type ChildProcess, fork } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { createServer } from 'node:net';
import path from 'node:path';
import { createInterface } from 'node:readline';
import { waitUntilReady } from './api';
import type { Cleanups } from './lifecycle';

/**
 * The other processes of a fan-out topology: the fake model server, a `copydesk worker`, a second `copydesk serve`.
 * Each runs the sources this bench runs (src/main.ts through tsx, which the fork inherits), and is measured from
 * /proc, as an operator's tools would see it.
 */

const MAIN = path.join(__dirname, '../src/main.ts');
/** Linux reports CPU time in /proc/<pid>/stat in clock ticks; 100 a second on every Linux Node runs on. */
const TICKS_PER_SECOND = 100;
const START_TIMEOUT_MS = 60_000;

export interface ProcessStats {
  /** User + system CPU seconds since the process started, and system alone. */
  cpuSeconds: number;
  systemSeconds: number;
  /** Resident set now, and its high-water mark since the process started (VmHWM), in MB. */
  rssMb: number;
  peakMb: number;
}

/** CPU and memory of a process from /proc (Linux). */
export function processStats(pid: number): ProcessStats {
  // Fields after the command name (which may hold spaces) start at the third: utime is the 14th, stime the 15th.
  const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
  const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
  const user = Number(fields[11]) / TICKS_PER_SECOND;
  const system = Number(fields[12]) / TICKS_PER_SECOND;
  const status = readFileSync(`/proc/${pid}/status`, 'utf8');
  const kb = (name: string) => Number(status.match(new RegExp(`${name}:\\s+(\\d+) kB`))?.[1] ?? 0);
  return { cpuSeconds: user + system, systemSeconds: system, rssMb: kb('VmRSS') / 1024, peakMb: kb('VmHWM') / 1024 };
}

/** The difference of two samples of one process: CPU over the interval, memory as of the later one. */
export function statsSince(before: ProcessStats, after: ProcessStats): ProcessStats {
  return {
    ...after,
    cpuSeconds: after.cpuSeconds - before.cpuSeconds,
    systemSeconds: after.systemSeconds - before.systemSeconds,
  };
}

/** A port nobody listens on now (the kernel's pick), for a child server that must be told its port. */
async function freePort(): Promise<number> {
  const server = createServer();
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const address = server.address();
  await new Promise((resolve) => server.close(resolve));
  if (typeof address !== 'object' || address === null) throw new Error('no port');
  return address.port;
}

/** Stops a child with SIGTERM (SIGKILL after 20 s) and waits for its exit. */
async function stop(child: ChildProcess): Promise<void> {
  if (child.exitCode !== null || child.signalCode !== null) return;
  const exited = new Promise((resolve) => child.once('exit', resolve));
  child.kill('SIGTERM');
  const timer = setTimeout(() => child.kill('SIGKILL'), 20_000);
  await exited;
  clearTimeout(timer);
}

/** Resolves on the first line of the child's stdout that contains `text`; rejects if it exits or takes too long. */
function lineWith(child: ChildProcess, text: string): Promise<void> {
  return new Promise((resolve, reject) => {
    if (!child.stdout) return reject(new Error('no stdout'));
    const lines = createInterface({ input: child.stdout });
    const timer = setTimeout(() => reject(new Error(`no "${text}" within ${START_TIMEOUT_MS} ms`)), START_TIMEOUT_MS);
    const onExit = (code: number | null) => reject(new Error(`the process exited (${code}) before "${text}"`));
    child.once('exit', onExit);
    lines.on('line', (line) => {
      if (!line.includes(text)) return;
      clearTimeout(timer);
      child.off('exit', onExit);
      resolve();
      // Keep reading, so that the child never blocks on a full pipe.
      lines.removeAllListeners('line');
      lines.on('line', () => {});
    });
  });
}

export interface Started {
  pid: number;
  /** Base URL (http://127.0.0.1:<port>) of a server. */
  url?: string;
}

/**
 * `copydesk serve` or `copydesk worker` in a process of its own with `env` on top of this one's, stopped at clean-up.
 * Resolves once a server answers /readyz, or once a worker has logged that it started.
 */
export async function startCopydesk(
  command: 'serve' | 'worker',
  env: Record<string, string>,
  cleanups: Cleanups,
): Promise<Started> {
  const port = command === 'serve' ? await freePort() : 0;
  const child = fork(MAIN, [command], {
    env: { ...process.env, ...env, PORT: String(port), HOST: '127.0.0.1', LOG_LEVEL: 'info' },
    stdio: ['ignore', 'pipe', 'inherit', 'ipc'],
  });
  cleanups.push(() => stop(child));
  if (!child.pid) throw new Error(`copydesk ${command} did not start`);
  if (command === 'worker') {
    await lineWith(child, '"worker started"');
    return { pid: child.pid };
  }
  const url = `http://127.0.0.1:${port}`;
  await Promise.all([lineWith(child, '"listening"'), waitUntilReady(url)]);
  return { pid: child.pid, url };
}

/** The fake OpenAI-compatible server (bench/fake-model-process.ts) in a process of its own; resolves to its /v1 URL. */
export async function startFakeModel(cleanups: Cleanups): Promise<Started & { url: string }> {
  const child = fork(path.join(__dirname, 'fake-model-process.ts'), [], {
    stdio: ['ignore', 'inherit', 'inherit', 'ipc'],
  });
  cleanups.push(() => stop(child));
  const url = await new Promise<string>((resolve, reject) => {
    child.once('message', (message: { url: string }) => resolve(message.url));
    child.once('exit', (code) => reject(new Error(`the fake model server exited (${code})`)));
  });
  if (!child.pid) throw new Error('the fake model server did not start');
  return { pid: child.pid, url };
}

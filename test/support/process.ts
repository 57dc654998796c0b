import { type ChildProcessByStdio, spawn } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import type { Readable } from 'node:stream';
import { fileURLToPath } from 'node:url';
import { inject } from 'vitest';

const ROOT = fileURLToPath(new URL('../..', import.meta.url));

export interface Exit {
  code: number | null;
  signal: NodeJS.Signals | null;
}

/** One pino JSON line of the child's stdout. */
export interface LogLine {
  msg?: string;
  [field: string]: unknown;
}

/**
 * The child gets only what it needs from this environment: no NODE_ENV=test (vitest sets it, and Apollo
 * behaves differently under it) and no DATABASE_URL or REDIS_URL the caller did not pass on purpose.
 */
function childEnv(env: Record<string, string>): NodeJS.ProcessEnv {
  const base: NodeJS.ProcessEnv = {};
  for (const name of ['PATH', 'HOME', 'TMPDIR', 'LANG']) {
    if (process.env[name] !== undefined) base[name] = process.env[name];
  }
  return { ...base, ...env };
}

/** How the CLI is started: from the sources through tsx, unless a test runs the build (e.g. with `--require`). */
const FROM_SOURCES = ['--import', 'tsx', 'src/main.ts'];

/** `node --import tsx src/main.ts <args>`: the real CLI, its output collected as it arrives. */
export class CliProcess {
  private readonly child: ChildProcessByStdio<null, Readable, Readable>;
  private out = '';
  private err = '';
  private readonly listeners = new Set<() => void>();
  private readonly closed: Promise<Exit>;

  constructor(args: string[], env: Record<string, string>, entry: string[] = FROM_SOURCES) {
    this.child = spawn(process.execPath, [...entry, ...args], {
      cwd: ROOT,
      env: childEnv(env),
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    this.child.stdout.setEncoding('utf8');
    this.child.stderr.setEncoding('utf8');
    this.child.stdout.on('data', (chunk: string) => {
      this.out += chunk;
      this.notify();
    });
    this.child.stderr.on('data', (chunk: string) => {
      this.err += chunk;
      this.notify();
    });
    // 'close' comes after the exit and after both pipes are drained, so the output is complete then.
    this.closed = new Promise((resolve) => {
      this.child.once('close', (code, signal) => {
        resolve({ code, signal });
        this.notify();
      });
      this.child.once('error', () => resolve({ code: null, signal: null }));
    });
  }

  get pid(): number {
    return this.child.pid ?? -1;
  }

  get stdout(): string {
    return this.out;
  }

  get stderr(): string {
    return this.err;
  }

  get alive(): boolean {
    return this.child.exitCode === null && this.child.signalCode === null;
  }

  /** The JSON log lines printed so far; other stdout lines (the key banner) are skipped. */
  logs(): LogLine[] {
    const lines: LogLine[] = [];
    for (const line of this.out.split('\n')) {
      if (!line.startsWith('{')) continue;
      try {
        lines.push(JSON.parse(line) as LogLine);
      } catch {
        // a line still being written
      }
    }
    return lines;
  }

  signal(signal: NodeJS.Signals): void {
    this.child.kill(signal);
  }

  /**
   * Resolves with the first value `probe` finds in the output. Fails when the process exits first or
   * `timeoutMs` passes, with the output so far in the message.
   */
  waitFor<T>(what: string, probe: () => T | undefined, timeoutMs: number): Promise<T> {
    return new Promise((resolve, reject) => {
      const check = () => {
        const found = probe();
        if (found !== undefined) return finish(() => resolve(found));
        if (!this.alive && this.child.stdout.readableEnded && this.child.stderr.readableEnded) {
          finish(() => reject(this.failure(`exited before ${what}`)));
        }
      };
      const timer = setTimeout(
        () => finish(() => reject(this.failure(`no ${what} within ${timeoutMs} ms`))),
        timeoutMs,
      );
      const finish = (settle: () => void) => {
        clearTimeout(timer);
        this.listeners.delete(check);
        settle();
      };
      this.listeners.add(check);
      check();
    });
  }

  /** Waits for a log line with this `msg`. */
  waitForLog(msg: string, timeoutMs = 30_000): Promise<LogLine> {
    return this.waitFor(`log "${msg}"`, () => this.logs().find((line) => line.msg === msg), timeoutMs);
  }

  /** Waits for the "listening" log line; resolves to its URL (http://host:port/graphql). */
  async waitForListening(timeoutMs = 60_000): Promise<string> {
    const line = await this.waitForLog('listening', timeoutMs);
    return String(line.url);
  }

  /** Waits for the process to end; fails if it is still running after `timeoutMs`. */
  async waitForExit(timeoutMs: number): Promise<Exit> {
    let timer: NodeJS.Timeout | undefined;
    const timeout = new Promise<never>((_, reject) => {
      timer = setTimeout(() => reject(this.failure(`still running after ${timeoutMs} ms`)), timeoutMs);
    });
    try {
      return await Promise.race([this.closed, timeout]);
    } finally {
      clearTimeout(timer);
    }
  }

  /** Kills the process if it still runs and waits for it to be gone. */
  async kill(): Promise<void> {
    if (this.alive) this.child.kill('SIGKILL');
    await this.waitForExit(10_000);
  }

  private notify(): void {
    for (const listener of [...this.listeners]) listener();
  }

  private failure(message: string): Error {
    return new Error(`copydesk (pid ${this.pid}) ${message}\n--- stdout ---\n${this.out}\n--- stderr ---\n${this.err}`);
  }
}

const started = new Set<CliProcess>();

/** Starts the CLI; `killStartedProcesses` (in afterEach/afterAll) ends it even when a test fails. */
export function startCli(args: string[], env: Record<string, string>, entry?: string[]): CliProcess {
  // A worker dispatches outbox events and delivers webhooks for every workspace of its database: on the run's shared
  // database it would act on other files' rows while they look at them.
  const working = args[0] === 'worker' || (args[0] === 'serve' && env.COPYDESK_WORKER !== 'off');
  if (working && env.DATABASE_URL === inject('databaseUrl')) {
    throw new Error(`copydesk ${args[0]} with a worker on the shared test database: use createScratchDatabase()`);
  }
  const cli = new CliProcess(args, env, entry);
  started.add(cli);
  return cli;
}

/** Runs a CLI command to its end. */
export async function runCli(
  args: string[],
  env: Record<string, string>,
  timeoutMs = 60_000,
): Promise<Exit & { stdout: string; stderr: string }> {
  const cli = startCli(args, env);
  const exit = await cli.waitForExit(timeoutMs);
  return { ...exit, stdout: cli.stdout, stderr: cli.stderr };
}

export async function killStartedProcesses(): Promise<void> {
  const all = [...started];
  started.clear();
  await Promise.all(all.map((cli) => cli.kill()));
}

/** A fresh directory under the OS temp dir (for COPYDESK_DATA_DIR). */
export function makeTempDir(prefix = 'copydesk-test-'): string {
  return mkdtempSync(path.join(os.tmpdir(), prefix));
}

export function removeTempDir(dir: string | undefined): void {
  if (dir) rmSync(dir, { recursive: true, force: true });
}

/** A Node stack frame line, as printed in an uncaught error's stack. */
export const STACK_FRAME = /^\s+at .+[(:]\d+/m;

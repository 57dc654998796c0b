import { fork } from 'node:child_process';
import path from 'node:path';

export interface LoadOptions {
  url: string;
  connections: number;
  durationSeconds: number;
  headers: Record<string, string>;
  body: string;
}

export interface LoadResult {
  /** autocannon's "Req/Sec" average (one sample per second). */
  requestsPerSecond: number;
  /** Responses received, whatever their status. */
  completed: number;
  durationSeconds: number;
  latencyAvgMs: number;
  latencyP50Ms: number;
  latencyP99Ms: number;
  latencyMaxMs: number;
  non2xx: number;
  /** Connection errors, timeouts included. */
  errors: number;
  timeouts: number;
  /** 2xx responses whose body was not `{"data":…}` without errors. */
  mismatches: number;
}

type WorkerMessage = { ok: true; result: LoadResult } | { ok: false; error: string };

/**
 * Runs autocannon in a child process (bench/load-worker.ts, forked with this process's tsx loader), so the load
 * generator gets its own event loop and the in-process server is measured alone.
 */
export function runLoad(options: LoadOptions): Promise<LoadResult> {
  return new Promise((resolve, reject) => {
    const child = fork(path.join(__dirname, 'load-worker.ts'), [], { stdio: ['ignore', 'inherit', 'inherit', 'ipc'] });
    let settled = false;
    const settle = (error: Error | undefined, result?: LoadResult) => {
      if (settled) return;
      settled = true;
      if (error) {
        child.kill();
        reject(error);
      } else if (result) resolve(result);
    };
    child.once('message', (message: WorkerMessage) => {
      if (message.ok) settle(undefined, message.result);
      else settle(new Error(`autocannon failed: ${message.error}`));
    });
    child.once('error', (error) => settle(error));
    child.once('exit', (code) => settle(new Error(`load worker exited with code ${code} before reporting`)));
    child.send(options);
  });
}

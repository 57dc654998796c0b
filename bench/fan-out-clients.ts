import { type ChildProcess, fork } from 'node:child_process';
import path from 'node:path';
import type { SparseHistogram } from './histogram';
import type { Cleanups } from './lifecycle';

/** The server side of the subscriber processes (bench/fan-out-worker.ts): forking, messages, reports. */

/** Messages to a subscriber process (bench/fan-out-worker.ts). */
export type ToClients =
  | { kind: 'open'; url: string; apiKey: string; jobId: string; count: number; batch: number }
  | { kind: 'report' }
  | { kind: 'close' };

/** What one subscriber process saw: delays of every (subscriber, event) pair after the SNAPSHOT. */
export interface ClientsReport {
  delays: SparseHistogram;
  subscribers: number;
  /** Subscribers whose stream ended with COMPLETED. */
  completed: number;
  eventsMin: number;
  eventsMax: number;
  /** Events by type, as one subscriber received them. */
  types: Record<string, number>;
  /** Publication times (`at`, epoch ms) of the first and last events. */
  firstAt: number;
  lastAt: number;
  /** CPU time (user + system) the process spent from its last SNAPSHOT to the end of its subscriptions. */
  cpuSeconds: number;
  /** Characters of the messages one subscriber per process received (the message as graphql-ws sends it, near enough). */
  bytes: { messages: number; total: number };
  /** Subscribers by the digest of the texts their TOKEN deltas assembled (one digest: everyone got the same text). */
  texts: Record<string, number>;
  /** Of the first subscriber's variants, how many assembled exactly the body VARIANT_READY carried. */
  bodies: { variants: number; matching: number };
  errors: string[];
}

export type FromClients =
  | { kind: 'subscribed'; ms: number }
  | { kind: 'report'; report: ClientsReport }
  | { kind: 'failed'; error: string; errors: string[] };

/** The next message of `kind` from a subscriber process; rejects on its failure, its exit or the timeout. */
export function next<K extends FromClients['kind']>(
  child: ChildProcess,
  kind: K,
  timeoutMs: number,
): Promise<Extract<FromClients, { kind: K }>> {
  return new Promise((resolve, reject) => {
    const done = (error?: Error, message?: Extract<FromClients, { kind: K }>) => {
      clearTimeout(timer);
      child.off('message', onMessage);
      child.off('exit', onExit);
      if (message) resolve(message);
      else reject(error);
    };
    const onMessage = (message: FromClients) => {
      if (message.kind === kind) done(undefined, message as Extract<FromClients, { kind: K }>);
      else if (message.kind === 'failed') done(new Error(`subscribers failed: ${message.error} ${message.errors}`));
    };
    const onExit = (code: number | null) => done(new Error(`a subscriber process exited (${code})`));
    const timer = setTimeout(() => done(new Error(`no '${kind}' within ${timeoutMs} ms`)), timeoutMs);
    child.on('message', onMessage);
    child.once('exit', onExit);
  });
}

/** Forks the subscriber processes; they are closed at clean-up, before the app. */
export function forkClients(processes: number, cleanups: Cleanups): ChildProcess[] {
  const children = Array.from({ length: processes }, (_, i) => {
    const child = fork(path.join(__dirname, 'fan-out-worker.ts'), [], {
      stdio: ['ignore', 'inherit', 'inherit', 'ipc'],
    });
    // A message to a process that has just died (Ctrl-C reaches it too) fails here instead of crashing the bench.
    child.on('error', (error) => console.error(`subscriber process ${i}: ${error.message}`));
    return child;
  });
  cleanups.push(async () => {
    for (const child of children) {
      if (child.exitCode !== null || !child.connected) continue;
      const exited = new Promise((resolve) => child.once('exit', resolve));
      child.send({ kind: 'close' } satisfies ToClients);
      const timer = setTimeout(() => child.kill('SIGKILL'), 30_000);
      await exited;
      clearTimeout(timer);
    }
  });
  return children;
}

/**
 * Each subscriber process's report, sent when its subscriptions have ended (`reports`, awaited from before the
 * job starts); after a timeout, a partial one asked for.
 */
export async function collect(children: ChildProcess[], reports: Promise<{ report: ClientsReport }>[]) {
  const settled = await Promise.allSettled(reports);
  return Promise.all(
    settled.map(async (result, i) => {
      if (result.status === 'fulfilled') return result.value.report;
      const child = children[i] as ChildProcess;
      if (!child.connected) throw new Error(`subscriber process ${i}: ${result.reason}`);
      console.error(`subscriber process ${i}: ${result.reason}; asking for what arrived`);
      child.send({ kind: 'report' } satisfies ToClients);
      return (await next(child, 'report', 30_000)).report;
    }),
  );
}

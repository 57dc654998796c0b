import type { NextFunction, Request, RequestHandler, Response } from 'express';
import type { Config } from '../infra/config';

/** What the gate holds right now, for metrics. */
export interface GateState {
  running: number;
  waiting: number;
}

export interface ConcurrencyGate {
  /** Goes after the body parser: it reads the operation's type from the parsed body. */
  middleware: RequestHandler;
  state(): GateState;
}

/** `mutation …` (after whitespace and `#` comments), the type of the operation a client sends to change something. */
const MUTATION = /^(?:\s|#[^\n]*\n)*mutation\b/;

function isMutation(req: Request): boolean {
  const query = (req.body as { query?: unknown } | undefined)?.query;
  return req.method === 'POST' && typeof query === 'string' && MUTATION.test(query);
}

/**
 * Lets at most `limit` GraphQL operations run at once; the others wait their turn, first come first served, except
 * that a waiting mutation goes before every waiting query (a click is not stuck behind dashboards' reads). An
 * operation holds its place until its answer is complete or its client goes away; one whose client left while it
 * waited never runs. Work that shares the process (the in-process worker's jobs and their database statements, WebSockets)
 * then competes with `limit` operations for the event loop and the database pool, not with every open connection.
 */
export function concurrencyGate(limit: number): ConcurrencyGate {
  let running = 0;
  const mutations: (() => boolean)[] = [];
  const queries: (() => boolean)[] = [];
  const release = () => {
    running -= 1;
    for (;;) {
      const turn = mutations.shift() ?? queries.shift();
      // false: that client left while it waited; the turn passes to the next.
      if (!turn || turn()) return;
    }
  };
  const middleware = (req: Request, res: Response, next: NextFunction) => {
    let line: (() => boolean)[] | undefined;
    const turn = (): boolean => {
      line = undefined;
      if (res.destroyed || res.writableEnded) return false;
      running += 1;
      let done = false;
      const finish = () => {
        if (done) return;
        done = true;
        release();
      };
      // The turn ends when the answer is complete (end() called), not when a slow client has read it: a client
      // that never reads cannot hold a place. 'close' covers a client that hung up while its operation ran.
      const end = res.end.bind(res) as (...args: unknown[]) => Response;
      res.end = ((...args: unknown[]) => {
        finish();
        return end(...args);
      }) as Response['end'];
      res.once('close', finish);
      next();
      return true;
    };
    if (running < limit) {
      turn();
      return;
    }
    line = isMutation(req) ? mutations : queries;
    line.push(turn);
    // The response closes before it started only when the client hung up: leave the line at once.
    res.once('close', () => {
      if (!line) return;
      const at = line.indexOf(turn);
      if (at >= 0) line.splice(at, 1);
      line = undefined;
    });
  };
  return { middleware, state: () => ({ running, waiting: mutations.length + queries.length }) };
}

/**
 * GraphQL operations over HTTP an embedded server runs at once. PGlite answers in this process, so an operation is
 * CPU-bound: more at once adds nothing to throughput and makes the in-process worker's jobs (and a mutation) wait
 * behind every open connection. bench:embedded-load (README "Jobs under read load"): 200 readers without a bound
 * made a job 33× slower than idle, with one at a time 1.8× (reads as fast: one core does them either way).
 */
const EMBEDDED_HTTP_CONCURRENCY = 1;

/** COPYDESK_HTTP_CONCURRENCY as set, else one at a time embedded and no bound on PostgreSQL; 0 means no bound. */
export function httpConcurrencyOf(config: Pick<Config, 'COPYDESK_HTTP_CONCURRENCY' | 'DATABASE_URL'>): number {
  return config.COPYDESK_HTTP_CONCURRENCY ?? (config.DATABASE_URL ? 0 : EMBEDDED_HTTP_CONCURRENCY);
}

import type { Config } from './config';

/**
 * Every timeout, retry and breaker of Copydesk in one place, read from config once: what waits on a dependency, for
 * how long, and what happens when it is down. README "Outages" lists the same policies for operators.
 */
export interface ResiliencePolicies {
  llm: {
    /** One HTTP attempt (a stream: until its headers arrive). */
    attemptTimeoutMs: number;
    /** One whole call, retries and streaming included; then the breaker counts a failure. */
    callTimeoutMs: number;
    /** SDK retries of connection errors, 408, 409, 429 and 5xx, honouring Retry-After. */
    maxRetries: number;
    /** Consecutive failed calls that open the breaker (calls then go to the offline writer, the job marked degraded). */
    breakerThreshold: number;
    /** An open breaker lets one trial call through after this long. */
    breakerResetMs: number;
  };
  database: {
    poolMax: number;
    /** The longest a request waits for a pooled connection before it is answered SERVICE_UNAVAILABLE. */
    acquireTimeoutMs: number;
  };
  redis: {
    /** Commands of the shared client are retried this often while it reconnects, then fail. */
    maxRetriesPerRequest: number;
    /**
     * The longest `generateCampaign` waits to hand a job to the queue. Past it (or at once, when Redis is down: the
     * producer does not queue commands offline) the job stays QUEUED in the database and the reconciler hands it
     * over when Redis is back.
     */
    enqueueTimeoutMs: number;
  };
  queue: {
    /** Tries of a generation job or an outbox hand-over, the first included. */
    attempts: number;
    /** The wait before the second try; it doubles for each later one. */
    backoffMs: number;
    /** A try that failed because the database or Redis is down waits this long and spends no attempt. */
    outageDelayMs: number;
    /** A worker's lock on a job; a job of a worker that died is taken again after it. */
    lockMs: number;
  };
  reconciler: {
    /** Time between passes that hand over QUEUED or RUNNING jobs the queue does not hold. */
    intervalMs: number;
    /** A job younger than this is left alone (it may be between its row and its queue entry). */
    graceMs: number;
  };
  webhooks: {
    timeoutMs: number;
    /** Waits before attempt 2, 3, …; after the last one fails the delivery is DEAD. */
    scheduleMs: readonly number[];
    /** ± this fraction of each wait. */
    jitter: number;
    /** An endpoint failing for this long is disabled. */
    failureWindowMs: number;
    /** Longest Retry-After honoured. */
    maxRetryAfterMs: number;
    /** How long a claimed attempt is trusted before another worker may take it. */
    leaseMs: number;
    /** How often due retries are looked for. */
    pollMs: number;
  };
  http: {
    /** A request still unanswered after this is cut. */
    requestTimeoutMs: number;
    /** Time a stopping process gives requests and jobs in flight. */
    shutdownTimeoutMs: number;
  };
  /** One health probe of a dependency. */
  healthProbeTimeoutMs: number;
}

const UNITS: Record<string, number> = { ms: 1, s: 1_000, m: 60_000, h: 3_600_000, d: 86_400_000 };

/** Parses "5s,5m,30m,2h" into milliseconds; throws on anything else. */
export function parseDurations(list: string): number[] {
  return list.split(',').map((part) => {
    const match = /^\s*(\d+)\s*(ms|s|m|h|d)\s*$/.exec(part);
    if (!match) throw new Error(`"${part}" is not a duration like 500ms, 5s, 5m, 2h`);
    return Number(match[1]) * (UNITS[match[2] as string] as number);
  });
}

/** The policies a configuration describes. */
export function resiliencePolicies(config: Config): ResiliencePolicies {
  return {
    llm: {
      attemptTimeoutMs: config.COPYDESK_LLM_TIMEOUT_MS,
      callTimeoutMs: config.COPYDESK_LLM_CALL_TIMEOUT_MS,
      maxRetries: config.COPYDESK_LLM_MAX_RETRIES,
      breakerThreshold: config.COPYDESK_BREAKER_THRESHOLD,
      breakerResetMs: config.COPYDESK_BREAKER_RESET_MS,
    },
    database: { poolMax: config.COPYDESK_DB_POOL_MAX, acquireTimeoutMs: config.COPYDESK_DB_ACQUIRE_TIMEOUT_MS },
    redis: { maxRetriesPerRequest: 2, enqueueTimeoutMs: config.COPYDESK_QUEUE_ENQUEUE_TIMEOUT_MS },
    queue: {
      attempts: config.COPYDESK_QUEUE_ATTEMPTS,
      backoffMs: config.COPYDESK_QUEUE_BACKOFF_MS,
      outageDelayMs: config.COPYDESK_QUEUE_OUTAGE_DELAY_MS,
      lockMs: config.COPYDESK_QUEUE_LOCK_MS,
    },
    reconciler: { intervalMs: config.COPYDESK_RECONCILE_INTERVAL_MS, graceMs: config.COPYDESK_RECONCILE_GRACE_MS },
    webhooks: {
      timeoutMs: config.COPYDESK_WEBHOOK_TIMEOUT_MS,
      scheduleMs: parseDurations(config.COPYDESK_WEBHOOK_RETRY_SCHEDULE),
      jitter: config.COPYDESK_WEBHOOK_JITTER,
      failureWindowMs: config.COPYDESK_WEBHOOK_FAILURE_WINDOW_S * 1000,
      maxRetryAfterMs: 24 * 3_600_000,
      leaseMs: Math.max(config.COPYDESK_WEBHOOK_TIMEOUT_MS * 2, 1_000),
      pollMs: config.COPYDESK_WEBHOOK_POLL_MS,
    },
    http: {
      requestTimeoutMs: config.COPYDESK_REQUEST_TIMEOUT_MS,
      shutdownTimeoutMs: config.COPYDESK_SHUTDOWN_TIMEOUT_MS,
    },
    healthProbeTimeoutMs: config.COPYDESK_HEALTH_TIMEOUT_MS,
  };
}

/** Raised by `withTimeout` when the wait is over; names the dependency waited for (see unavailableDependency). */
export class WaitTimeoutError extends Error {
  override readonly name = 'WaitTimeoutError';
  constructor(
    message: string,
    readonly dependency: 'database' | 'redis',
  ) {
    super(message);
  }
}

/**
 * Waits for `work` at most `ms`; then rejects with WaitTimeoutError (the work itself goes on: use it only where
 * finishing late is harmless, like a queue add de-duplicated by id).
 */
export async function withTimeout<T>(
  work: Promise<T>,
  ms: number,
  what: string,
  dependency: 'database' | 'redis',
): Promise<T> {
  let timer: NodeJS.Timeout | undefined;
  const timeout = new Promise<never>((_, reject) => {
    timer = setTimeout(() => reject(new WaitTimeoutError(`${what} took longer than ${ms} ms`, dependency)), ms);
    timer.unref();
  });
  try {
    return await Promise.race([work, timeout]);
  } finally {
    clearTimeout(timer);
  }
}

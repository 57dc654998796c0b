/**
 * Tells a dependency that is down (the database or Redis unreachable, a connection cut, the pool unable to connect)
 * from a fault of ours, so clients get SERVICE_UNAVAILABLE with a time to retry instead of INTERNAL_SERVER_ERROR.
 */

export type Dependency = 'database' | 'redis';

/** Socket-level failures, and PostgreSQL's "connection exception" (08…) and shutdown (57P0…) SQLSTATEs. */
const NETWORK_CODES = new Set([
  'ECONNREFUSED',
  'ECONNRESET',
  'ETIMEDOUT',
  'EPIPE',
  'ENOTFOUND',
  'EHOSTUNREACH',
  'EAI_AGAIN',
]);
const POSTGRES_DOWN = /^(08|57P0)/;
const DATABASE_MESSAGES = [
  /Connection terminated/i,
  /Timeout acquiring a connection/i,
  /Client has encountered a connection error/i,
  /the database system is (starting up|shutting down|in recovery mode)/i,
  /terminating connection due to administrator command/i,
];
const REDIS_MESSAGES = [
  /Connection is closed/i,
  /Reached the max retries per request limit/i,
  /Stream isn't writeable/i,
];

function* causes(error: unknown): Generator<Record<string, unknown>> {
  let current: unknown = error;
  for (let depth = 0; depth < 5 && current && typeof current === 'object'; depth++) {
    yield current as Record<string, unknown>;
    const next =
      (current as { cause?: unknown; originalError?: unknown }).cause ??
      (current as { originalError?: unknown }).originalError;
    if (next === current) return;
    current = next;
  }
}

/** Which dependency `error` says is unavailable, or null when it is another kind of failure. */
export function unavailableDependency(error: unknown): Dependency | null {
  for (const cause of causes(error)) {
    const name = String(cause.name ?? '');
    const message = String(cause.message ?? '');
    const code = typeof cause.code === 'string' ? cause.code : '';
    if (name === 'WaitTimeoutError' && (cause.dependency === 'redis' || cause.dependency === 'database'))
      return cause.dependency;
    if (name === 'MaxRetriesPerRequestError' || REDIS_MESSAGES.some((pattern) => pattern.test(message))) return 'redis';
    if (name === 'ConnectionException') return 'database';
    if (NETWORK_CODES.has(code) || POSTGRES_DOWN.test(code)) return 'database';
    if (DATABASE_MESSAGES.some((pattern) => pattern.test(message))) return 'database';
  }
  return null;
}

/** Seconds a client should wait before trying again after an outage answer. */
export const OUTAGE_RETRY_AFTER_S = 5;

import { type RateLimiterAbstract, RateLimiterMemory, RateLimiterRedis, RateLimiterRes } from 'rate-limiter-flexible';
import { RateLimitTier } from '../../entities';
import { AppError } from '../../errors';
import type { Redis } from '../../infra/redis';
import type { Viewer } from '../viewer';

/** The budgets a request counts against: its client IP, its API key, and (for generateCampaign) generation. */
export type RatePolicy = 'ip' | 'key' | 'generation';

/** One budget's state once a request was counted against it. */
export interface RateLimitState {
  policy: RatePolicy;
  /** Requests (or generations) allowed per window. */
  quota: number;
  /** The window, in seconds. */
  windowS: number;
  /** What is left in the current window; 0 when refused. */
  remaining: number;
  /** Seconds until the current window ends (and the budget is whole again). */
  resetS: number;
  /** False: the request is over this budget and must be refused. */
  allowed: boolean;
}

export interface RateLimitOptions {
  /** COPYDESK_RATE_LIMIT: off counts nothing and sends no headers. */
  enabled: boolean;
  ipPerMin: number;
  keyPerMin: number;
  generationPerMin: number;
  /** A HIGH-tier key's budgets are the STANDARD ones times this. */
  highFactor: number;
  /** Redis key prefix (COPYDESK_QUEUE_PREFIX), so instances sharing one prefix share one budget. */
  prefix: string;
  /** Shared counters across instances; without it each process counts in memory. */
  redis?: Redis;
}

/** Every budget is per minute. */
export const RATE_WINDOW_S = 60;

/**
 * Fixed-window counters (rate-limiter-flexible). With Redis, a limiter per budget on the shared client; while Redis
 * is not ready, an in-memory insurance limiter of the same budget counts instead, so limits hold (per process)
 * during an outage rather than failing open or refusing everything.
 */
export class RateLimitService {
  private readonly limiters = new Map<string, RateLimiterAbstract>();

  constructor(private readonly options: RateLimitOptions) {}

  get enabled(): boolean {
    return this.options.enabled;
  }

  /** Counts one request against the client IP's budget; checked before authentication. */
  async ip(address: string): Promise<RateLimitState | undefined> {
    if (!this.options.enabled) return undefined;
    return this.consume('ip', this.options.ipPerMin, address, 1);
  }

  /** Counts one request (HTTP request or WebSocket operation) against the key's budget; none for UNLIMITED keys. */
  async key(viewer: Viewer): Promise<RateLimitState | undefined> {
    const quota = this.quotaFor(this.options.keyPerMin, viewer.rateLimitTier);
    return quota === undefined ? undefined : this.consume('key', quota, viewer.apiKeyId, 1);
  }

  /** Counts `count` generations (generateCampaign fields of one operation) against the key's generation budget. */
  async generation(viewer: Viewer, count: number): Promise<RateLimitState | undefined> {
    const quota = this.quotaFor(this.options.generationPerMin, viewer.rateLimitTier);
    return quota === undefined || count < 1 ? undefined : this.consume('generation', quota, viewer.apiKeyId, count);
  }

  private quotaFor(base: number, tier: RateLimitTier): number | undefined {
    if (!this.options.enabled) return undefined;
    switch (tier) {
      case RateLimitTier.UNLIMITED:
        return undefined;
      case RateLimitTier.HIGH:
        return base * this.options.highFactor;
      default:
        return base;
    }
  }

  private async consume(policy: RatePolicy, quota: number, key: string, points: number): Promise<RateLimitState> {
    try {
      return stateOf(policy, quota, await this.limiter(policy, quota).consume(key, points), true);
    } catch (error) {
      if (error instanceof RateLimiterRes) return stateOf(policy, quota, error, false);
      throw error;
    }
  }

  /** One limiter per budget and quota: tiers get their own counters, and a changed quota starts afresh. */
  private limiter(policy: RatePolicy, quota: number): RateLimiterAbstract {
    const name = `${policy}:${quota}`;
    let limiter = this.limiters.get(name);
    if (!limiter) {
      const base = { keyPrefix: `${this.options.prefix}:ratelimit:${name}`, points: quota, duration: RATE_WINDOW_S };
      const memory = new RateLimiterMemory(base);
      limiter = this.options.redis
        ? new RateLimiterRedis({
            ...base,
            storeClient: this.options.redis,
            // Not ready (connecting, reconnecting, closed): count in memory at once instead of waiting on Redis.
            rejectIfRedisNotReady: true,
            insuranceLimiter: memory,
          })
        : memory;
      this.limiters.set(name, limiter);
    }
    return limiter;
  }
}

function stateOf(policy: RatePolicy, quota: number, res: RateLimiterRes, allowed: boolean): RateLimitState {
  return {
    policy,
    quota,
    windowS: RATE_WINDOW_S,
    remaining: allowed ? Math.max(0, res.remainingPoints) : 0,
    resetS: Math.max(allowed ? 0 : 1, Math.ceil(res.msBeforeNext / 1000)),
    allowed,
  };
}

/**
 * The state a client should heed: a refused budget (the one that frees up last), else the one with the least left
 * (relative to its quota), else the one that resets last.
 */
export function mostConstrained(states: readonly RateLimitState[]): RateLimitState | undefined {
  const refused = states.filter((state) => !state.allowed);
  if (refused.length > 0) return refused.reduce((a, b) => (b.resetS > a.resetS ? b : a));
  return states.reduce<RateLimitState | undefined>((a, b) => {
    if (!a) return b;
    const left = (s: RateLimitState) => s.remaining / s.quota;
    if (left(b) !== left(a)) return left(b) < left(a) ? b : a;
    return b.resetS > a.resetS ? b : a;
  }, undefined);
}

/** RATE_LIMITED for a refused budget, with the seconds to wait as `retryAfter`. */
export function rateLimitedError(state: RateLimitState): AppError {
  const what = state.policy === 'generation' ? 'generations' : 'requests';
  return new AppError(
    'RATE_LIMITED',
    `Rate limit exceeded: ${state.quota} ${what} per ${state.windowS} s (${state.policy}); retry in ${state.resetS} s`,
    { retryAfter: state.resetS },
  );
}

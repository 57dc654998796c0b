/** How deliveries are timed: one place, fed from config (COPYDESK_WEBHOOK_*). */
export interface DeliveryPolicy {
  timeoutMs: number;
  /** Waits before attempt 2, 3, …; after the last one fails the delivery is DEAD. */
  scheduleMs: readonly number[];
  /** ± this fraction of each wait, so retries of many deliveries spread out. */
  jitter: number;
  /** An endpoint failing for this long is disabled. */
  failureWindowMs: number;
  /** Longest Retry-After honoured. */
  maxRetryAfterMs: number;
  /** How long a claimed attempt is trusted before another worker may take it. */
  leaseMs: number;
  /** How often due retries are looked for. */
  pollMs: number;
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

/** The wait before the next attempt after `attempts` failures, or null when the schedule is used up. */
export function nextDelayMs(policy: DeliveryPolicy, attempts: number, retryAfterMs: number | null): number | null {
  const base = policy.scheduleMs[attempts - 1];
  if (base === undefined) return null;
  const jittered = base * (1 + policy.jitter * (Math.random() * 2 - 1));
  const honoured = retryAfterMs === null ? 0 : Math.min(retryAfterMs, policy.maxRetryAfterMs);
  return Math.max(jittered, honoured);
}

/** A Retry-After header (seconds or an HTTP date) in milliseconds from now, or null. */
export function parseRetryAfter(value: string | null, now = Date.now()): number | null {
  if (!value) return null;
  if (/^\d+$/.test(value.trim())) return Number(value.trim()) * 1000;
  const at = Date.parse(value);
  return Number.isNaN(at) ? null : Math.max(0, at - now);
}

import type { ResiliencePolicies } from '../../infra/resilience';

/** How deliveries are timed: the webhook part of the resilience policies (src/infra/resilience.ts). */
export type DeliveryPolicy = ResiliencePolicies['webhooks'];

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

import {
  type CircuitBreakerPolicy,
  CircuitState,
  ConsecutiveBreaker,
  circuitBreaker,
  handleWhen,
  isBrokenCircuitError,
  TaskCancelledError,
  type TimeoutPolicy,
  TimeoutStrategy,
  timeout,
} from 'cockatiel';
import type { OutlineData } from '../../../entities';
import type { VariantDraft } from '../../platforms/platform-rules';
import type { LlmProvider, LlmUsage, OutlineRequest, ShortenRequest } from './llm-provider';
import type { ResettableVariantsRequest } from './variant-deltas';

/** The primary writer, the writer to fall back on, and when to give up on the primary. */
export interface ResilientProviderOptions {
  primary: LlmProvider;
  fallback: LlmProvider;
  /** Consecutive failed primary calls that open the breaker (COPYDESK_BREAKER_THRESHOLD). */
  failureThreshold: number;
  /** How long the open breaker sends every call to the fallback before one trial call goes to the primary. */
  halfOpenAfterMs: number;
  /** Budget of one primary call, SDK retries and streaming included; a server that hangs fails here. */
  callTimeoutMs: number;
}

/** How a result was obtained: `degraded` when the fallback wrote it, with the reason the primary was skipped. */
export interface Provenance {
  degraded: boolean;
  /** Name of the writer that answered, e.g. "openai:gpt-4o-mini" or "offline". */
  provider: string;
  /** Why the primary was not used ("circuit open", a timeout, the primary's error); null when not degraded. */
  failure: string | null;
}

/** The primary gave no complete answer within the call timeout. */
export class ProviderTimeoutError extends Error {
  override readonly name = 'ProviderTimeoutError';
}

/** Marks an error caused by the caller's abort, which must neither trip the breaker nor fall back. */
class CallerAbort extends Error {}

/** The breaker's state, for health and metrics. */
export type BreakerState = 'closed' | 'open' | 'half-open' | 'isolated';

const STATES: Record<CircuitState, BreakerState> = {
  [CircuitState.Closed]: 'closed',
  [CircuitState.Open]: 'open',
  [CircuitState.HalfOpen]: 'half-open',
  [CircuitState.Isolated]: 'isolated',
};

/**
 * Runs every call on the primary writer inside a timeout and a circuit breaker (cockatiel, consecutive failures).
 * When the breaker is open, or the primary fails (after the SDK's own retries) or times out, the same call runs on
 * the fallback and the result says `degraded: true`. A caller's abort is rethrown as is: it is no failure of the
 * primary and never falls back. One instance should serve every job, so the breaker sees every call. While the
 * open breaker lets one trial call through (half-open), concurrent calls wait for its outcome.
 *
 * Streaming: should the primary have streamed deltas before failing, `onReset` is called before the fallback
 * streams, and deltas the abandoned primary still produces are dropped. The deltas after the last reset
 * concatenate to each returned body.
 */
export class ResilientProvider implements LlmProvider {
  readonly name: string;
  private readonly primary: LlmProvider;
  private readonly fallback: LlmProvider;
  private readonly breaker: CircuitBreakerPolicy;
  private readonly timeout: TimeoutPolicy;
  private readonly callTimeoutMs: number;

  constructor(options: ResilientProviderOptions) {
    this.primary = options.primary;
    this.fallback = options.fallback;
    this.name = options.primary.name;
    this.callTimeoutMs = options.callTimeoutMs;
    this.breaker = circuitBreaker(
      handleWhen((error) => !(error instanceof CallerAbort)),
      {
        breaker: new ConsecutiveBreaker(options.failureThreshold),
        halfOpenAfter: options.halfOpenAfterMs,
      },
    );
    // Aggressive: give up at the deadline even while the SDK sleeps before a retry, and abort the request.
    this.timeout = timeout(this.callTimeoutMs, TimeoutStrategy.Aggressive);
  }

  /** The breaker's current state. */
  get breakerState(): BreakerState {
    return STATES[this.breaker.state];
  }

  /** The last primary call's outcome (health reads it; no call is made to check), null before the first. */
  get lastOutcome(): { ok: boolean; at: string; failure: string | null } | null {
    return this.outcome ?? null;
  }

  private outcome?: { ok: boolean; at: string; failure: string | null };

  /** The outline, from the primary or, degraded, from the fallback. */
  outline(request: OutlineRequest): Promise<{ outline: OutlineData; usage: LlmUsage } & Provenance> {
    return this.run(
      request.signal,
      (signal) => this.primary.outline({ ...request, signal }),
      () => this.fallback.outline(request),
    );
  }

  /** Variants for one platform; see the class comment for how a fallback after streaming is signalled. */
  variants(request: ResettableVariantsRequest): Promise<{ variants: VariantDraft[]; usage: LlmUsage } & Provenance> {
    let live = true;
    let streamed = false;
    const primaryRequest: ResettableVariantsRequest = {
      ...request,
      onDelta: (index, delta) => {
        if (!live) return;
        streamed = true;
        request.onDelta(index, delta);
      },
      onReset: () => {
        if (!live) return;
        streamed = false;
        request.onReset?.();
      },
    };
    return this.run(
      request.signal,
      (signal) => this.primary.variants({ ...primaryRequest, signal }),
      () => {
        live = false;
        if (streamed) request.onReset?.();
        return this.fallback.variants(request);
      },
    );
  }

  /** A shortened variant, from the primary or, degraded, from the fallback. */
  shorten(request: ShortenRequest): Promise<{ variant: VariantDraft; usage: LlmUsage } & Provenance> {
    return this.run(
      request.signal,
      (signal) => this.primary.shorten({ ...request, signal }),
      () => this.fallback.shorten(request),
    );
  }

  private async run<T extends object>(
    signal: AbortSignal,
    primary: (signal: AbortSignal) => Promise<T>,
    fallback: () => Promise<T>,
  ): Promise<T & Provenance> {
    signal.throwIfAborted();
    try {
      const value = await this.breaker.execute(() => this.callPrimary(primary, signal));
      this.failures = 0;
      this.outcome = { ok: true, at: new Date().toISOString(), failure: null };
      return { ...value, degraded: false, provider: this.primary.name, failure: null };
    } catch (error) {
      if (signal.aborted) throw signal.reason;
      const failure = isBrokenCircuitError(error)
        ? `circuit open after ${this.failures} consecutive failures (last: ${this.lastFailure ?? 'unknown'})`
        : this.noteFailure(error);
      this.outcome = { ok: false, at: new Date().toISOString(), failure };
      const value = await fallback();
      return { ...value, degraded: true, provider: this.fallback.name, failure };
    }
  }

  /** Consecutive primary failures, and the last one's description, for the "circuit open" reason. */
  private failures = 0;
  private lastFailure?: string;

  private noteFailure(error: unknown): string {
    this.failures++;
    this.lastFailure = describeFailure(this.primary.name, error);
    return this.lastFailure;
  }

  private async callPrimary<T>(primary: (signal: AbortSignal) => Promise<T>, signal: AbortSignal): Promise<T> {
    try {
      return await this.timeout.execute((context) => primary(context.signal), signal);
    } catch (error) {
      if (signal.aborted) throw new CallerAbort('aborted by the caller', { cause: error });
      // Not cockatiel's isTaskCancelledError: in 3.2.1 it tests for 'isBulkheadRejectedError' and never matches.
      if (error instanceof TaskCancelledError) {
        throw new ProviderTimeoutError(`${this.primary.name} gave no answer within ${this.callTimeoutMs} ms`);
      }
      throw error;
    }
  }
}

/**
 * Why a primary call failed, as an operator reads it: the HTTP status and the server's message (a wrong
 * OPENAI_API_KEY reads "HTTP 401 …"), a timeout, or the error's message. Never the request or the key.
 */
export function describeFailure(provider: string, error: unknown): string {
  const message = (error instanceof Error ? error.message : String(error)).replace(/\s+/g, ' ').trim();
  const status = (error as { status?: unknown } | null)?.status;
  let text: string;
  if (typeof status === 'number') {
    text = `${provider} answered HTTP ${status}: ${message.replace(new RegExp(`^${status}\\s*`), '') || 'no message'}`;
  } else if (message.startsWith(provider)) {
    text = message;
  } else {
    // The SDK's connection errors ("Request timed out.", "Connection error.") say nothing of whom they concern.
    text = `${provider}: ${message || (error instanceof Error ? error.name : 'unknown error')}`;
  }
  return text.slice(0, 300);
}

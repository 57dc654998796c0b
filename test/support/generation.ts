import type { Client } from 'graphql-ws';
import { expect } from 'vitest';
import type { GraphQLErrorShape } from './graphql';

/** A GenerationEvent as a subscriber receives it. */
export interface ProgressEvent {
  jobId: string;
  type: 'SNAPSHOT' | 'STAGE_STARTED' | 'TOKEN' | 'TOKENS' | 'VARIANT_READY' | 'COMPLETED' | 'FAILED' | 'CANCELLED';
  stage: 'QUEUED' | 'OUTLINE' | 'COPY' | 'REVIEW' | 'DONE';
  progress: number;
  platform: string | null;
  variantIndex: number | null;
  delta: string | null;
  reset: boolean | null;
  /** TOKENS (`batchTokens: true`): the next piece of each variant that streamed since the last event. */
  tokens: { platform: string; variantIndex: number; delta: string }[] | null;
  variant: StreamedVariant | null;
  /** SNAPSHOT: the variants the job had finished, and the text so far of each one still streaming. */
  variants: StreamedVariant[] | null;
  partials: { platform: string; variantIndex: number; text: string }[] | null;
  message: string | null;
  at: string;
}

export interface StreamedVariant {
  id: string;
  platform: string;
  title: string | null;
  body: string;
  characterCount: number;
}

export const PROGRESS_SUBSCRIPTION = `subscription ($jobId: ID!, $batchTokens: Boolean! = false) {
  generationProgress(jobId: $jobId, batchTokens: $batchTokens) {
    jobId type stage progress platform variantIndex delta reset message at
    tokens { platform variantIndex delta }
    variant { id platform title body characterCount }
    variants { id platform title body characterCount }
    partials { platform variantIndex text }
  }
}`;

export const FINAL_TYPES: ReadonlySet<ProgressEvent['type']> = new Set(['COMPLETED', 'FAILED', 'CANCELLED']);
/** The stages in the order a job goes through them. */
export const STAGES: readonly ProgressEvent['stage'][] = ['QUEUED', 'OUTLINE', 'COPY', 'REVIEW', 'DONE'];

/** Settles with the promise, or fails naming `what` once `ms` pass: a bug fails the test instead of hanging it. */
export async function within<T>(promise: Promise<T>, ms: number, what: string): Promise<T> {
  let timer: NodeJS.Timeout | undefined;
  const timeout = new Promise<never>((_, reject) => {
    timer = setTimeout(() => reject(new Error(`no ${what} within ${ms} ms`)), ms);
  });
  try {
    return await Promise.race([promise, timeout]);
  } finally {
    clearTimeout(timer);
  }
}

/** How a subscription ended: completed by the server (with any errors it sent) or failed on the socket. */
export interface FeedEnd {
  events: ProgressEvent[];
  errors: GraphQLErrorShape[];
}

/** One `generationProgress` subscription, its events collected as they arrive. */
export class ProgressFeed {
  readonly events: ProgressEvent[] = [];
  readonly errors: GraphQLErrorShape[] = [];
  private readonly ended: Promise<FeedEnd>;
  private readonly waiters = new Set<() => void>();
  private readonly listeners = new Set<(event: ProgressEvent) => void>();
  private stop: () => void = () => {};
  private finished = false;

  /** `batchTokens`: each flush's deltas as one TOKENS event instead of a TOKEN per variant. */
  constructor(client: Client, jobId: string, options: { batchTokens?: boolean } = {}) {
    this.ended = new Promise((resolve, reject) => {
      this.stop = client.subscribe<{ generationProgress: ProgressEvent }>(
        { query: PROGRESS_SUBSCRIPTION, variables: { jobId, batchTokens: options.batchTokens === true } },
        {
          next: (result) => {
            if (result.errors) this.errors.push(...(result.errors as GraphQLErrorShape[]));
            const event = result.data?.generationProgress;
            if (event) {
              this.events.push(event);
              for (const listener of this.listeners) listener(event);
            }
            this.notify();
          },
          error: (error) => {
            this.finished = true;
            this.notify();
            if (Array.isArray(error)) resolve({ events: this.events, errors: error as GraphQLErrorShape[] });
            else reject(error instanceof Error ? error : new Error(`subscription failed: ${JSON.stringify(error)}`));
          },
          complete: () => {
            this.finished = true;
            this.notify();
            resolve({ events: this.events, errors: this.errors });
          },
        },
      );
    });
    // A test that stops waiting must not leave an unhandled rejection behind.
    this.ended.catch(() => {});
  }

  /** The first event (already received or still to come) that matches; fails after `timeoutMs`. */
  next(what: string, match: (event: ProgressEvent) => boolean, timeoutMs = 20_000): Promise<ProgressEvent> {
    const found = new Promise<ProgressEvent>((resolve, reject) => {
      const check = () => {
        const event = this.events.find(match);
        if (event) {
          this.waiters.delete(check);
          resolve(event);
        } else if (this.finished) {
          this.waiters.delete(check);
          reject(new Error(`the subscription ended before ${what}: ${summary(this.events)}`));
        }
      };
      this.waiters.add(check);
      check();
    });
    return within(found, timeoutMs, `${what} (received: ${summary(this.events)})`);
  }

  /** Calls `listener` with every event that arrives from now on, as it arrives. */
  onEvent(listener: (event: ProgressEvent) => void): void {
    this.listeners.add(listener);
  }

  /** Waits for the server to complete the subscription; fails after `timeoutMs`. */
  end(timeoutMs = 30_000): Promise<FeedEnd> {
    return within(this.ended, timeoutMs, `end of the subscription (received: ${summary(this.events)})`);
  }

  dispose(): void {
    this.stop();
  }

  private notify(): void {
    for (const waiter of [...this.waiters]) waiter();
  }
}

function summary(events: ProgressEvent[]): string {
  const types = events.filter((event) => event.type !== 'TOKEN' && event.type !== 'TOKENS').map((event) => event.type);
  return `${events.length} events, ${types.join(' ') || 'none but TOKEN'}`;
}

/**
 * What a reader following the TOKEN deltas has for each variant, keyed `PLATFORM:index`: the SNAPSHOT's partial
 * text, then each delta (a TOKENS event's in turn). A delta with `reset: true` voids everything received so far
 * for its platform.
 */
export function streamedTexts(events: ProgressEvent[]): Map<string, string> {
  const texts = new Map<string, string>();
  for (const partial of events[0]?.partials ?? [])
    texts.set(`${partial.platform}:${partial.variantIndex}`, partial.text);
  for (const event of events) {
    for (const token of event.type === 'TOKENS' ? (event.tokens ?? []) : []) {
      const key = `${token.platform}:${token.variantIndex}`;
      texts.set(key, (texts.get(key) ?? '') + token.delta);
    }
    if (event.type !== 'TOKEN') continue;
    if (event.reset) {
      for (const key of [...texts.keys()]) if (key.startsWith(`${event.platform}:`)) texts.delete(key);
      continue;
    }
    const key = `${event.platform}:${event.variantIndex}`;
    texts.set(key, (texts.get(key) ?? '') + (event.delta ?? ''));
  }
  return texts;
}

/**
 * Checks the whole life of a job as one subscriber saw it: SNAPSHOT first, stages and progress never going
 * back, one VARIANT_READY per requested variant whose body is what its TOKEN deltas spelled, COMPLETED last.
 */
export function expectCompleteStream(events: ProgressEvent[], platforms: string[], variantsPerPlatform: number): void {
  expect(events[0]?.type).toBe('SNAPSHOT');
  expect(events.at(-1)?.type).toBe('COMPLETED');
  expect(events.filter((event) => FINAL_TYPES.has(event.type))).toHaveLength(1);
  for (const [i, event] of events.entries()) {
    if (i === 0) continue;
    const previous = events[i - 1] as ProgressEvent;
    expect(STAGES.indexOf(event.stage), `stage of event ${i} (${event.type})`).toBeGreaterThanOrEqual(
      STAGES.indexOf(previous.stage),
    );
    expect(event.progress, `progress of event ${i} (${event.type})`).toBeGreaterThanOrEqual(previous.progress);
  }
  const last = events.at(-1) as ProgressEvent;
  expect(last.stage).toBe('DONE');
  expect(last.progress).toBe(1);

  const ready = events.filter((event) => event.type === 'VARIANT_READY');
  const expectedKeys = platforms.flatMap((platform) =>
    Array.from({ length: variantsPerPlatform }, (_, i) => `${platform}:${i}`),
  );
  expect(ready.map((event) => `${event.platform}:${event.variantIndex}`).sort()).toEqual(expectedKeys.sort());
  const texts = streamedTexts(events);
  for (const event of ready) {
    expect(event.variant?.platform).toBe(event.platform);
    expect(event.variant?.body.length).toBeGreaterThan(0);
    expect(
      texts.get(`${event.platform}:${event.variantIndex}`),
      `text of ${event.platform} #${event.variantIndex}`,
    ).toBe(event.variant?.body);
  }
}

/** The variants a subscriber knows of at the end: the SNAPSHOT's, then each VARIANT_READY's, by id. */
export function streamedVariants(events: ProgressEvent[]): Map<string, StreamedVariant> {
  const variants = new Map<string, StreamedVariant>();
  for (const variant of events[0]?.variants ?? []) variants.set(variant.id, variant);
  for (const event of events)
    if (event.type === 'VARIANT_READY' && event.variant) variants.set(event.variant.id, event.variant);
  return variants;
}

import { createHash } from 'node:crypto';
import type { Client } from 'graphql-ws';
import { FINAL_TYPES, PROGRESS_SUBSCRIPTION, type ProgressEvent, wsClient } from './api';
import type { ClientsReport, ToClients } from './fan-out-clients';
import { newHistogram, record, toSparse } from './histogram';

/**
 * Subscribers in a process of their own, so the server process is measured alone. Opens `count` graphql-ws clients
 * in batches (each batch's SNAPSHOTs arrive before the next batch connects), reports `subscribed`, then times every
 * event's arrival against its `at` (set at publication) and reports the delays when every subscription has ended.
 */

const SNAPSHOT_TIMEOUT_MS = 60_000;

interface Subscriber {
  client: Client;
  events: number;
  /** Each variant's text as its TOKEN deltas assemble it (platform:variantIndex → text). */
  texts: Map<string, string>;
  final?: string;
  /** Settles on the SNAPSHOT, or rejects on an error before it. */
  snapshot: Promise<void>;
  /** Settles when the server completes the subscription or it fails. */
  ended: Promise<void>;
}

const delays = newHistogram();
const types = new Map<string, number>();
const errors: string[] = [];
let cpuAtSubscribed: NodeJS.CpuUsage | undefined;
const bytes = { messages: 0, total: 0 };
/** Variants whose assembled text the first subscriber compared with the stored body (VARIANT_READY's), and the equal ones. */
const bodies = { variants: 0, matching: 0 };

/** A digest of everything a subscriber's TOKEN deltas assembled: equal for every subscriber when no text went wrong. */
function digestOf(subscriber: Subscriber): string {
  const hash = createHash('sha256');
  for (const key of [...subscriber.texts.keys()].sort()) hash.update(`${key}\u0000${subscriber.texts.get(key)}\u0000`);
  return hash.digest('hex').slice(0, 16);
}
/** graphql-ws's envelope around a payload: {"id":"<uuid>","type":"next","payload":…}. */
const ENVELOPE = '{"id":"00000000-0000-4000-8000-000000000000","type":"next","payload":}'.length;
let firstAt = Number.POSITIVE_INFINITY;
let lastAt = 0;

function noteError(message: string): void {
  if (errors.length < 5) errors.push(message.slice(0, 300));
}

function subscribe(url: string, apiKey: string, jobId: string, first: boolean): Subscriber {
  const client = wsClient(url, apiKey);
  let onSnapshot: () => void = () => {};
  let onFailure: (error: Error) => void = () => {};
  let onEnd: () => void = () => {};
  const subscriber: Subscriber = {
    client,
    events: 0,
    texts: new Map(),
    snapshot: new Promise((resolve, reject) => {
      onSnapshot = resolve;
      onFailure = reject;
    }),
    ended: new Promise((resolve) => {
      onEnd = resolve;
    }),
  };
  const fail = (error: unknown) => {
    const message =
      error instanceof Error
        ? error.message
        : typeof error === 'object' && error !== null && 'code' in error
          ? `closed ${String(error.code)} ${String((error as { reason?: unknown }).reason ?? '')}` // a CloseEvent
          : JSON.stringify(error);
    noteError(message);
    onFailure(new Error(message));
    onEnd();
  };
  client.subscribe<{ generationProgress: ProgressEvent }>(
    { query: PROGRESS_SUBSCRIPTION, variables: { jobId } },
    {
      next: (result) => {
        const arrived = Date.now();
        const { data, errors: graphqlErrors } = result;
        const event = data?.generationProgress;
        if (!event) return fail(graphqlErrors ?? 'an empty event');
        if (event.type === 'SNAPSHOT') return onSnapshot();
        const at = Date.parse(event.at);
        record(delays, arrived - at);
        firstAt = Math.min(firstAt, at);
        lastAt = Math.max(lastAt, at);
        subscriber.events++;
        if (FINAL_TYPES.has(event.type)) subscriber.final = event.type;
        const key = `${event.platform}:${event.variantIndex}`;
        if (event.type === 'TOKEN') {
          subscriber.texts.set(key, (event.reset ? '' : (subscriber.texts.get(key) ?? '')) + (event.delta ?? ''));
        } else if (event.type === 'VARIANT_READY' && first && event.variant) {
          bodies.variants += 1;
          if (subscriber.texts.get(key) === event.variant.body) bodies.matching += 1;
        }
        if (first) {
          types.set(event.type, (types.get(event.type) ?? 0) + 1);
          bytes.messages += 1;
          bytes.total += ENVELOPE + JSON.stringify(result).length;
        }
      },
      error: fail,
      complete: onEnd,
    },
  );
  return subscriber;
}

function withTimeout<T>(promise: Promise<T>, ms: number, what: string): Promise<T> {
  let timer: NodeJS.Timeout | undefined;
  const timeout = new Promise<never>((_, reject) => {
    timer = setTimeout(() => reject(new Error(`${what} took over ${ms} ms`)), ms);
  });
  return Promise.race([promise, timeout]).finally(() => clearTimeout(timer));
}

const subscribers: Subscriber[] = [];

async function open(message: Extract<ToClients, { kind: 'open' }>): Promise<void> {
  const started = performance.now();
  for (let from = 0; from < message.count; from += message.batch) {
    const batch = Array.from({ length: Math.min(message.batch, message.count - from) }, (_, i) =>
      subscribe(message.url, message.apiKey, message.jobId, from + i === 0),
    );
    subscribers.push(...batch);
    await withTimeout(Promise.all(batch.map((s) => s.snapshot)), SNAPSHOT_TIMEOUT_MS, 'a batch of SNAPSHOTs');
  }
  cpuAtSubscribed = process.cpuUsage();
  process.send?.({ kind: 'subscribed', ms: performance.now() - started });
}

function report(): ClientsReport {
  const counts = subscribers.map((s) => s.events);
  const cpu = process.cpuUsage(cpuAtSubscribed);
  return {
    delays: toSparse(delays),
    subscribers: subscribers.length,
    completed: subscribers.filter((s) => s.final === 'COMPLETED').length,
    eventsMin: Math.min(...counts),
    eventsMax: Math.max(...counts),
    types: Object.fromEntries(types),
    firstAt,
    lastAt,
    cpuSeconds: (cpu.user + cpu.system) / 1e6,
    bytes,
    texts: subscribers.reduce<Record<string, number>>((counts, s) => {
      const digest = digestOf(s);
      counts[digest] = (counts[digest] ?? 0) + 1;
      return counts;
    }, {}),
    bodies,
    errors,
  };
}

let reported = false;
function sendReport(): void {
  if (reported) return;
  reported = true;
  process.send?.({ kind: 'report', report: report() });
}

process.on('message', (message: ToClients) => {
  if (message.kind === 'open') {
    open(message).then(
      () => Promise.all(subscribers.map((s) => s.ended)).then(sendReport),
      (error: unknown) => process.send?.({ kind: 'failed', error: String(error), errors }),
    );
  } else if (message.kind === 'report') {
    sendReport(); // the bench gave up waiting: answer with what arrived
  } else if (message.kind === 'close') {
    Promise.allSettled(subscribers.map((s) => s.client.dispose())).finally(() => process.exit(0));
  }
});

// The bench died or was interrupted: let the server go.
process.once('disconnect', () => process.exit(1));

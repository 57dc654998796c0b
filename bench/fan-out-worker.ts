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
    snapshot: new Promise((resolve, reject) => {
      onSnapshot = resolve;
      onFailure = reject;
    }),
    ended: new Promise((resolve) => {
      onEnd = resolve;
    }),
  };
  const fail = (error: unknown) => {
    const message = error instanceof Error ? error.message : JSON.stringify(error);
    noteError(message);
    onFailure(new Error(message));
    onEnd();
  };
  client.subscribe<{ generationProgress: ProgressEvent }>(
    { query: PROGRESS_SUBSCRIPTION, variables: { jobId } },
    {
      next: ({ data, errors: graphqlErrors }) => {
        const arrived = Date.now();
        const event = data?.generationProgress;
        if (!event) return fail(graphqlErrors ?? 'an empty event');
        if (event.type === 'SNAPSHOT') return onSnapshot();
        const at = Date.parse(event.at);
        record(delays, arrived - at);
        firstAt = Math.min(firstAt, at);
        lastAt = Math.max(lastAt, at);
        subscriber.events++;
        if (FINAL_TYPES.has(event.type)) subscriber.final = event.type;
        if (first) types.set(event.type, (types.get(event.type) ?? 0) + 1);
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

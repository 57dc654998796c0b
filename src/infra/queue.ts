import { DelayedError, type Job, Queue, Worker } from 'bullmq';
import type { Logger } from './logger';
import { unavailableDependency } from './outage';
import { withTimeout } from './resilience';

/** Runs one queued item; throwing makes the queue retry it (BullMQ) or log it (in-process). */
export type JobHandler = (jobId: string) => Promise<void>;

/** Carries job ids to workers; the database row is the truth about each job. */
export interface JobQueue {
  readonly kind: 'bullmq' | 'in-process';
  enqueue(jobId: string): Promise<void>;
  /** Where the queue has `jobId`: waiting (or delayed), being run, finished (failed or completed) or unknown. */
  inspect(jobId: string): Promise<QueuedState>;
  /** Queues `jobId` again, first dropping a finished entry that would make the queue ignore the id. */
  requeue(jobId: string): Promise<void>;
  /** Starts consuming with at most `concurrency` jobs at once. */
  process(handler: JobHandler, concurrency: number): void;
  close(): Promise<void>;
}

/** What the queue knows of one id (see JobReconciler). */
export type QueuedState = 'waiting' | 'active' | 'finished' | 'unknown';

/** How often a failed item is tried and how long to wait between tries (COPYDESK_QUEUE_ATTEMPTS / _BACKOFF_MS). */
export interface RetryPolicy {
  /** Tries in all, the first included. */
  attempts: number;
  /** The wait before the second try; it doubles for each later one. */
  backoffMs: number;
  /**
   * The wait before trying again an item that failed because the database or Redis is down: such a try does not
   * count against `attempts`, so an outage of any length burns none of them.
   */
  outageDelayMs?: number;
}

const OUTAGE_DELAY_MS = 1_000;

export interface BullMqOptions {
  redisUrl: string;
  queueName: string;
  retry: RetryPolicy;
  /**
   * Keep finished items for inspection (generation: the job row is the truth, ids are never reused). Off for
   * outbox events, so an id handed over again after a lost attempt is queued anew instead of ignored.
   */
  keepFinished: boolean;
  /** Key prefix in Redis, so tests and deployments can share one server. */
  prefix: string;
  logger: Logger;
  /** How long a worker's lock on a job lasts without renewal; a killed worker's job is retried after it. */
  lockDurationMs: number;
  /** The longest `enqueue` waits for Redis (it fails at once while Redis is disconnected). */
  enqueueTimeoutMs: number;
}

/** BullMQ on Redis: retries with exponential backoff, stalled-job recovery, any number of worker processes. */
export class BullMqJobQueue implements JobQueue {
  readonly kind = 'bullmq';
  private readonly queue: Queue;
  private worker?: Worker;

  constructor(private readonly options: BullMqOptions) {
    // The producer fails fast while Redis is away (BullMQ's "failing fast when Redis is down"): a request that adds a
    // job must not wait for a reconnection. The worker's blocking connections keep the offline queue.
    this.queue = new Queue(options.queueName, {
      connection: { ...this.connection(), enableOfflineQueue: false },
      prefix: options.prefix,
    });
    this.queue.on('error', (error) =>
      options.logger
        .child({ module: 'queue' })
        .warn({ err: error, queue: options.queueName }, 'queue connection error'),
    );
  }

  private connection() {
    // BullMQ needs maxRetriesPerRequest: null on its blocking connections.
    return { url: this.options.redisUrl, maxRetriesPerRequest: null };
  }

  async enqueue(jobId: string): Promise<void> {
    await withTimeout(this.add(jobId), this.options.enqueueTimeoutMs, 'adding a job to the queue', 'redis');
  }

  private async add(jobId: string): Promise<void> {
    await this.queue.add(
      this.options.queueName,
      { jobId },
      {
        jobId,
        attempts: this.options.retry.attempts,
        backoff: { type: 'exponential', delay: this.options.retry.backoffMs },
        removeOnComplete: this.options.keepFinished ? { count: 1_000 } : true,
        removeOnFail: this.options.keepFinished ? { count: 5_000 } : true,
      },
    );
  }

  process(handler: JobHandler, concurrency: number): void {
    const log = this.options.logger.child({ module: 'queue' });
    this.worker = new Worker(this.options.queueName, (job, token) => this.attempt(job, token, handler), {
      connection: this.connection(),
      prefix: this.options.prefix,
      concurrency,
      lockDuration: this.options.lockDurationMs,
      stalledInterval: Math.max(1_000, Math.floor(this.options.lockDurationMs / 2)),
      maxStalledCount: 2,
    });
    this.worker.on('failed', (job, error) => log.warn({ jobId: job?.data.jobId, err: error }, 'queue attempt failed'));
    this.worker.on('error', (error) => log.error({ err: error }, 'queue worker error'));
  }

  /** Runs one try; a dependency outage delays the item instead of spending one of its attempts. */
  private async attempt(job: Job, token: string | undefined, handler: JobHandler): Promise<void> {
    try {
      await handler(String(job.data.jobId));
    } catch (error) {
      if (!unavailableDependency(error) || !token) throw error;
      this.options.logger
        .child({ module: 'queue' })
        .warn({ jobId: job.data.jobId, err: error }, 'a dependency is down; the item waits for it');
      await job.moveToDelayed(Date.now() + (this.options.retry.outageDelayMs ?? OUTAGE_DELAY_MS), token);
      throw new DelayedError();
    }
  }

  async inspect(jobId: string): Promise<QueuedState> {
    const state = await this.queue.getJobState(jobId);
    if (state === 'active') return 'active';
    if (state === 'completed' || state === 'failed') return 'finished';
    if (state === 'unknown') return 'unknown';
    return 'waiting';
  }

  async requeue(jobId: string): Promise<void> {
    const state = await this.queue.getJobState(jobId);
    if (state === 'completed' || state === 'failed') await this.queue.remove(jobId);
    await this.enqueue(jobId);
  }

  async close(): Promise<void> {
    // A connection still starting (BullMQ reads the Redis version first) that is closed under it reports the failed
    // start as an 'error' on an emitter nobody listens to any more, which ends the process: let the start settle
    // first, for at most a second (Redis may be down).
    let timer: NodeJS.Timeout | undefined;
    await Promise.race([
      Promise.allSettled([this.queue.waitUntilReady(), this.worker?.waitUntilReady()]),
      new Promise((resolve) => {
        timer = setTimeout(resolve, 1_000);
      }),
    ]);
    clearTimeout(timer);
    await this.worker?.close();
    // The producer sends no command while Redis is away, not even QUIT: then it just drops its connection.
    await this.queue.close().catch(async (error: unknown) => {
      if (!unavailableDependency(error)) throw error;
      (await this.queue.client).disconnect();
    });
  }
}

/**
 * The embedded runner: an in-memory queue of ids over the database rows they stand for, for one process without
 * Redis. A failed item is tried again after the policy's backoff, up to its attempts.
 */
export class InProcessJobQueue implements JobQueue {
  readonly kind = 'in-process';
  private readonly pending: string[] = [];
  private readonly running = new Set<Promise<void>>();
  private readonly active = new Set<string>();
  private readonly retries = new Set<NodeJS.Timeout>();
  /** Ids waiting for a retry timer. */
  private readonly delayed = new Set<string>();
  /** Tries so far of items that failed and wait for another. */
  private readonly attempts = new Map<string, number>();
  private handler?: JobHandler;
  private concurrency = 1;
  private closed = false;

  constructor(
    private readonly logger: Logger,
    private readonly retry: RetryPolicy,
  ) {}

  async enqueue(jobId: string): Promise<void> {
    // An id being run or waiting for its retry is not taken twice (a reconciler pass may hand it over again).
    if (!this.pending.includes(jobId) && !this.active.has(jobId) && !this.delayed.has(jobId)) this.pending.push(jobId);
    setImmediate(() => this.pump());
  }

  async inspect(jobId: string): Promise<QueuedState> {
    if (this.active.has(jobId)) return 'active';
    return this.pending.includes(jobId) || this.delayed.has(jobId) ? 'waiting' : 'unknown';
  }

  async requeue(jobId: string): Promise<void> {
    await this.enqueue(jobId);
  }

  process(handler: JobHandler, concurrency: number): void {
    this.handler = handler;
    this.concurrency = concurrency;
    this.pump();
  }

  private pump(): void {
    const handler = this.handler;
    while (handler && !this.closed && this.running.size < this.concurrency && this.pending.length > 0) {
      const jobId = this.pending.shift() as string;
      const attempt = (this.attempts.get(jobId) ?? 0) + 1;
      this.active.add(jobId);
      const run: Promise<void> = handler(jobId)
        .then(() => void this.attempts.delete(jobId))
        .catch((error: unknown) => this.failed(jobId, attempt, error))
        .finally(() => {
          this.active.delete(jobId);
          this.running.delete(run);
          this.pump();
        });
      this.running.add(run);
    }
  }

  private failed(jobId: string, attempt: number, error: unknown): void {
    if (unavailableDependency(error) && !this.closed) {
      // An outage spends no attempt: the item waits for the dependency and is tried again.
      this.attempts.set(jobId, attempt - 1);
      this.logger.warn({ jobId, err: error }, 'a dependency is down; the item waits for it');
      this.later(jobId, this.retry.outageDelayMs ?? OUTAGE_DELAY_MS);
      return;
    }
    if (attempt >= this.retry.attempts || this.closed) {
      this.attempts.delete(jobId);
      this.logger.error({ jobId, err: error, attempt }, 'queue item failed; no attempts left');
      return;
    }
    this.attempts.set(jobId, attempt);
    this.logger.warn({ jobId, err: error, attempt }, 'queue attempt failed');
    this.later(jobId, this.retry.backoffMs * 2 ** (attempt - 1));
  }

  private later(jobId: string, delayMs: number): void {
    this.delayed.add(jobId);
    const timer = setTimeout(() => {
      this.retries.delete(timer);
      this.delayed.delete(jobId);
      void this.enqueue(jobId);
    }, delayMs);
    timer.unref();
    this.retries.add(timer);
  }

  async close(): Promise<void> {
    this.closed = true;
    this.pending.length = 0;
    for (const timer of this.retries) clearTimeout(timer);
    await Promise.allSettled([...this.running]);
  }
}

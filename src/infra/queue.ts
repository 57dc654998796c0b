import { Queue, Worker } from 'bullmq';
import type { Logger } from './logger';

/** Runs one queued item; throwing makes the queue retry it (BullMQ) or log it (in-process). */
export type JobHandler = (jobId: string) => Promise<void>;

/** Carries job ids to workers; the database row is the truth about each job. */
export interface JobQueue {
  readonly kind: 'bullmq' | 'in-process';
  enqueue(jobId: string): Promise<void>;
  /** Starts consuming with at most `concurrency` jobs at once. */
  process(handler: JobHandler, concurrency: number): void;
  close(): Promise<void>;
}

export interface BullMqOptions {
  redisUrl: string;
  queueName: string;
  /** Key prefix in Redis, so tests and deployments can share one server. */
  prefix: string;
  logger: Logger;
  /** How long a worker's lock on a job lasts without renewal; a killed worker's job is retried after it. */
  lockDurationMs: number;
}

/** BullMQ on Redis: retries with exponential backoff, stalled-job recovery, any number of worker processes. */
export class BullMqJobQueue implements JobQueue {
  readonly kind = 'bullmq';
  private readonly queue: Queue;
  private worker?: Worker;

  constructor(private readonly options: BullMqOptions) {
    this.queue = new Queue(options.queueName, { connection: this.connection(), prefix: options.prefix });
  }

  private connection() {
    // BullMQ needs maxRetriesPerRequest: null on its blocking connections.
    return { url: this.options.redisUrl, maxRetriesPerRequest: null };
  }

  async enqueue(jobId: string): Promise<void> {
    await this.queue.add(
      'generate',
      { jobId },
      {
        jobId,
        attempts: 3,
        backoff: { type: 'exponential', delay: 1_000 },
        removeOnComplete: { count: 1_000 },
        removeOnFail: { count: 5_000 },
      },
    );
  }

  process(handler: JobHandler, concurrency: number): void {
    const log = this.options.logger.child({ module: 'queue' });
    this.worker = new Worker(this.options.queueName, (job) => handler(String(job.data.jobId)), {
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

  async close(): Promise<void> {
    await this.worker?.close();
    await this.queue.close();
  }
}

/** The embedded runner: an in-memory queue of ids over the jobs table, for one process without Redis. */
export class InProcessJobQueue implements JobQueue {
  readonly kind = 'in-process';
  private readonly pending: string[] = [];
  private readonly running = new Set<Promise<void>>();
  private handler?: JobHandler;
  private concurrency = 1;
  private closed = false;

  constructor(private readonly logger: Logger) {}

  async enqueue(jobId: string): Promise<void> {
    if (!this.pending.includes(jobId)) this.pending.push(jobId);
    setImmediate(() => this.pump());
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
      const run: Promise<void> = handler(jobId)
        .catch((error: unknown) => this.logger.error({ jobId, err: error }, 'job failed'))
        .finally(() => {
          this.running.delete(run);
          this.pump();
        });
      this.running.add(run);
    }
  }

  async close(): Promise<void> {
    this.closed = true;
    this.pending.length = 0;
    await Promise.allSettled([...this.running]);
  }
}

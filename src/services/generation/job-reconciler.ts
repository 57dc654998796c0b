import type { MikroORM } from '@mikro-orm/postgresql';
import { GenerationJob, JobStatus } from '../../entities';
import type { Logger } from '../../infra/logger';
import { unavailableDependency } from '../../infra/outage';
import type { JobQueue } from '../../infra/queue';

export interface ReconcilerOptions {
  orm: MikroORM;
  queue: JobQueue;
  logger: Logger;
  /** Time between passes (COPYDESK_RECONCILE_INTERVAL_MS). */
  intervalMs: number;
  /** A job younger than this is left alone: it may be between its row and its queue entry (COPYDESK_RECONCILE_GRACE_MS). */
  graceMs: number;
  now?: () => Date;
}

/** What one pass did. */
export interface ReconcileResult {
  checked: number;
  requeued: number;
}

/**
 * Keeps the queue in step with the job table, the truth: a QUEUED or RUNNING job the queue does not hold (lost while
 * Redis was away, left in BullMQ's failed set by attempts spent during an outage, or RUNNING under a worker that
 * died) is handed over again. A second run is harmless: the runner skips a job that already ended and persists each
 * variant once per (job, platform, position).
 */
export class JobReconciler {
  private timer?: NodeJS.Timeout;
  private pass?: Promise<unknown>;
  private readonly log: Logger;

  constructor(private readonly options: ReconcilerOptions) {
    this.log = options.logger.child({ module: 'reconciler' });
  }

  /** Starts the periodic passes (every worker runs them; passes on two workers are harmless). */
  start(): void {
    this.timer ??= setInterval(() => {
      this.pass ??= this.reconcile()
        .catch((error: unknown) => {
          const dependency = unavailableDependency(error);
          if (dependency) this.log.warn({ dependency }, 'reconciler pass skipped; a dependency is down');
          else this.log.error({ err: error }, 'reconciler pass failed');
        })
        .finally(() => {
          this.pass = undefined;
        });
    }, this.options.intervalMs);
    this.timer.unref();
  }

  async stop(): Promise<void> {
    clearInterval(this.timer);
    this.timer = undefined;
    await this.pass;
  }

  /** One pass: every active job older than the grace period that the queue neither holds nor runs is re-queued. */
  async reconcile(): Promise<ReconcileResult> {
    const before = new Date((this.options.now?.() ?? new Date()).getTime() - this.options.graceMs);
    const jobs = await this.options.orm.em
      .fork()
      .find(
        GenerationJob,
        { status: { $in: [JobStatus.QUEUED, JobStatus.RUNNING] }, createdAt: { $lt: before } },
        { filters: false, fields: ['id', 'status'], orderBy: { createdAt: 'asc' } },
      );
    let requeued = 0;
    for (const job of jobs) {
      const state = await this.options.queue.inspect(job.id);
      if (state === 'waiting' || state === 'active') continue;
      await this.options.queue.requeue(job.id);
      requeued++;
      this.log.info({ jobId: job.id, status: job.status, queued: state }, 're-queued a job the queue did not hold');
    }
    return { checked: jobs.length, requeued };
  }
}

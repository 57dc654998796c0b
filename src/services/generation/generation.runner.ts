import type { MikroORM } from '@mikro-orm/postgresql';
import pLimit from 'p-limit';
import { BrandProfile, type GenerationJob, GenerationStage, JobStatus, type TokenUsageData } from '../../entities';
import type { Logger } from '../../infra/logger';
import { unavailableDependency } from '../../infra/outage';
import type { Scratchpad } from '../../infra/scratchpad';
import { annotateSpan, withSpan } from '../../infra/tracing-api';
import { brandRules } from '../brand/brand.service';
import type { DomainEvents } from '../events/domain-events';
import { JobEventPublisher } from './generation-events';
import { JobStopped, type ProviderGuard } from './job-guard';
import { JobStore } from './job-store';
import type { LlmProvider, LlmUsage } from './providers/llm-provider';
import { TracedProvider } from './providers/traced.provider';
import { writePlatform } from './variant-writer';

/** Tells a worker that a job it runs was cancelled elsewhere (an API process, maybe another machine). */
export interface JobSignals {
  /** Calls `onCancel` when the job is cancelled; returns a function that stops listening. */
  watchCancel(jobId: string, onCancel: () => void): () => void;
}

export interface RunnerOptions {
  orm: MikroORM;
  events: DomainEvents;
  /** Where each running job's stream state lives, for subscribers that join late. */
  scratchpad: Scratchpad;
  signals: JobSignals;
  provider: LlmProvider;
  logger: Logger;
  /** Platform calls in flight at once for one job (COPYDESK_LLM_CONCURRENCY). */
  llmConcurrency: number;
  /** At most one TOKEN event per variant per this many ms (COPYDESK_TOKEN_FLUSH_MS). */
  tokenFlushMs: number;
  /** USD for one call's usage. */
  price: (usage: LlmUsage) => number;
  /** Wraps the writer of each job (usage metering and limits); none: the provider as it is. */
  guard?: ProviderGuard;
  /** Told how each run of a job ended and how long it ran (process metrics). */
  onRunEnd?: (run: { outcome: 'succeeded' | 'failed' | 'cancelled'; durationMs: number }) => void;
}

/** Progress when each stage starts; COPY advances with every variant up to REVIEW. */
const PROGRESS = { OUTLINE: 0.02, COPY: 0.1, REVIEW: 0.95 } as const;

/** The job left RUNNING under the runner (cancelled by a user): stop without touching it. */
class JobLeftRunning extends Error {}

/** A job's running totals: usage and cost, and whether (and first why) the fallback writer had to answer. */
class JobAccount {
  usage: TokenUsageData;
  degraded: boolean;
  degradedReason: string | null;

  constructor(
    job: GenerationJob,
    private readonly price: (usage: LlmUsage) => number,
    private readonly log: Logger,
  ) {
    this.usage = { ...job.usage };
    this.degraded = job.degraded;
    this.degradedReason = job.degradedReason ?? null;
  }

  add(usage: LlmUsage, fallback: string | null): void {
    this.usage = {
      promptTokens: this.usage.promptTokens + usage.promptTokens,
      completionTokens: this.usage.completionTokens + usage.completionTokens,
      cachedTokens: this.usage.cachedTokens + usage.cachedTokens,
      costUsd: this.usage.costUsd + this.price(usage),
    };
    if (fallback === null) return;
    this.log.warn({ reason: fallback }, 'the model call failed; the offline writer answered instead');
    this.degraded = true;
    this.degradedReason ??= fallback;
  }
}

/**
 * Runs generation jobs: outline → platforms in parallel (bounded) → each variant fitted to its platform and
 * persisted → job SUCCEEDED and campaign READY. Every step publishes a domain event (see JobEventPublisher).
 */
export class GenerationRunner {
  private readonly running = new Map<string, AbortController>();
  private stopping = false;

  constructor(private readonly options: RunnerOptions) {}

  /** Runs (or resumes) one job. Throws only when the row is missing, so the queue retries. */
  run(jobId: string): Promise<void> {
    // A trace of its own (linked to the enqueuing request, if any): a job outlives the request that queued it.
    return withSpan('generation.job', { 'copydesk.job.id': jobId }, () => this.runJob(jobId), { root: true });
  }

  private async runJob(jobId: string): Promise<void> {
    const em = this.options.orm.em.fork();
    const store = new JobStore(em, this.options.events);
    const job = await store.load(jobId);
    if (!job) throw new Error(`generation job ${jobId} not found`);
    if (job.status !== JobStatus.QUEUED && job.status !== JobStatus.RUNNING) return;
    // Read while the job is marked RUNNING (one round trip less before the first model call).
    const brandLookup = em.fork().findOne(BrandProfile, { workspace: job.workspace.id }, { filters: false });
    brandLookup.catch(() => undefined); // awaited in the pipeline; not unhandled if the job stops first
    if (!(await store.start(job, PROGRESS.OUTLINE))) return;
    const log = this.options.logger.child({ jobId, campaignId: job.campaign.id, workspaceId: job.workspace.id });
    annotateSpan({ 'copydesk.campaign.id': job.campaign.id, 'copydesk.job.platforms': job.platforms.length });
    const controller = new AbortController();
    this.running.set(jobId, controller);
    const events = new JobEventPublisher({
      events: this.options.events,
      scratchpad: this.options.scratchpad,
      job: { id: jobId, campaignId: job.campaign.id, workspaceId: job.workspace.id },
      flushMs: this.options.tokenFlushMs,
      logger: log,
    });
    events.advance(job.stage, job.progress);
    const stopWatching = this.options.signals.watchCancel(jobId, () => controller.abort(new Error('cancelled')));
    const account = new JobAccount(job, this.options.price, log);
    const provider = new TracedProvider(this.options.guard?.(job, this.options.provider) ?? this.options.provider);
    const started = performance.now();
    try {
      await events.resume();
      await this.pipeline({ job, store, events, account, provider, signal: controller.signal, em, brandLookup });
      annotateSpan({ 'copydesk.job.outcome': 'succeeded' });
      this.options.onRunEnd?.({ outcome: 'succeeded', durationMs: performance.now() - started });
      log.info(
        {
          durationMs: Math.round(performance.now() - started),
          degraded: account.degraded,
          degradedReason: account.degradedReason ?? undefined,
        },
        'job finished',
      );
    } catch (error) {
      // Shutting down, or the database or Redis is down: leave the job RUNNING with what it persisted; the queue
      // tries it again once the dependency answers (an outage spends no attempt), or the reconciler re-queues it.
      if (this.stopping || unavailableDependency(error)) throw error;
      if (controller.signal.aborted || error instanceof JobLeftRunning) {
        await store.discardVariants(jobId);
        annotateSpan({ 'copydesk.job.outcome': 'cancelled' });
        this.options.onRunEnd?.({ outcome: 'cancelled', durationMs: performance.now() - started });
        log.info('job cancelled');
      } else {
        // The other platforms' calls stop too: nothing more is paid for or written for a failed job.
        controller.abort(error);
        annotateSpan({ 'copydesk.job.outcome': 'failed' });
        this.options.onRunEnd?.({ outcome: 'failed', durationMs: performance.now() - started });
        if (error instanceof JobStopped) log.warn({ reason: error.message }, 'job stopped');
        else log.error({ err: error }, 'job failed');
        await events.drain();
        await store.fail({
          job,
          message:
            error instanceof JobStopped
              ? error.message
              : 'Generation failed; the previous content was kept. Try again.',
          usage: account.usage,
          degraded: account.degraded,
          degradedReason: account.degradedReason,
          stage: events.stage,
          progress: events.progress,
        });
      }
    } finally {
      stopWatching();
      events.dispose();
      // The stream state serves late subscribers of a running job only; a stopping worker leaves it for the next.
      if (!this.stopping) await events.clear();
      this.running.delete(jobId);
    }
  }

  /** Aborts every running job (process shutdown); queued work resumes elsewhere or after restart. */
  abortAll(): void {
    this.stopping = true;
    for (const controller of this.running.values()) controller.abort(new Error('shutting down'));
  }

  private async pipeline(props: {
    job: GenerationJob;
    store: JobStore;
    events: JobEventPublisher;
    account: JobAccount;
    provider: LlmProvider;
    signal: AbortSignal;
    em: ReturnType<MikroORM['em']['fork']>;
    brandLookup: Promise<BrandProfile | null>;
  }): Promise<void> {
    const { job, store, events, account, provider, signal } = props;
    // Model calls are settled against usage limits while the job goes on (MeteredProvider); the job waits for them
    // before it announces a variant and before it succeeds.
    const settled = () => provider.settled?.() ?? Promise.resolve();
    /** Records the stage (with `record`, by default the progress alone), then announces it. */
    const stage = async (
      name: GenerationStage,
      progress: number,
      record = (next: number) => store.progress(job.id, name, next),
    ) => {
      signal.throwIfAborted();
      events.advance(name, progress);
      if (!(await record(events.progress))) throw new JobLeftRunning();
      events.stageStarted();
    };
    const brief = job.campaign.brief;
    const brand = brandRules(await props.brandLookup);
    // A resumed job keeps the outline its first attempt wrote.
    const resumed = job.stage !== GenerationStage.QUEUED && job.stage !== GenerationStage.OUTLINE;
    let outline = resumed ? job.campaign.outline : null;
    if (!outline) {
      // A first attempt's OUTLINE was recorded by `store.start`; a resumed job without its outline records it here.
      await stage(GenerationStage.OUTLINE, PROGRESS.OUTLINE, resumed ? undefined : async () => true);
      const outlined = await provider.outline({ brief, signal, context: { brand }, fresh: job.fresh });
      const provenance = outlined as { degraded?: boolean; failure?: string | null };
      account.add(outlined.usage, provenance.degraded === true ? (provenance.failure ?? 'unknown failure') : null);
      outline = outlined.outline;
      // Kept once its call is accounted for, in the statement that records the COPY stage: a resumed attempt that
      // finds the job past OUTLINE always finds its outline.
      await settled();
      const written = outline;
      await stage(GenerationStage.COPY, PROGRESS.COPY, (next) =>
        store.copyStage(job.id, job.campaign.id, written, next),
      );
    } else {
      await stage(GenerationStage.COPY, PROGRESS.COPY);
    }
    const total = job.platforms.length * job.variantsPerPlatform;
    let ready = 0;
    const limit = pLimit(this.options.llmConcurrency);
    await Promise.all(
      job.platforms.map((platform) =>
        limit(() =>
          writePlatform({
            em: props.em.fork(),
            job,
            brief,
            outline,
            platform,
            provider,
            events,
            signal,
            resumed,
            context: { brand, guidance: job.guidance?.[platform] ?? null },
            onUsage: (usage, fallback) => account.add(usage, fallback),
            settled,
            onVariantReady: async () => {
              ready++;
              const progress = PROGRESS.COPY + ((PROGRESS.REVIEW - PROGRESS.COPY) * ready) / total;
              // Stored before any event carries it: subscribers drop events below the progress they have seen,
              // and a resumed attempt and a CANCELLED event start from the stored progress. A job cancelled
              // meanwhile stops here, before its VARIANT_READY could outrun the CANCELLED event.
              if (!(await store.progress(job.id, GenerationStage.COPY, progress))) throw new JobLeftRunning();
              events.advance(GenerationStage.COPY, progress);
            },
          }),
        ),
      ),
    );

    await settled();
    await stage(GenerationStage.REVIEW, PROGRESS.REVIEW);
    signal.throwIfAborted();
    // Every delta and variant goes out before COMPLETED, which the commit below publishes.
    await events.drain();
    const done = await store.succeed({
      job,
      platforms: job.platforms,
      usage: account.usage,
      degraded: account.degraded,
      degradedReason: account.degradedReason,
    });
    if (!done) throw new JobLeftRunning();
    events.advance(GenerationStage.DONE, 1);
  }
}

import type { PubSub } from '@graphql-yoga/subscription';
import type { MikroORM } from '@mikro-orm/postgresql';
import pLimit from 'p-limit';
import { BrandProfile, type GenerationJob, GenerationStage, JobStatus, type TokenUsageData } from '../../entities';
import type { Logger } from '../../infra/logger';
import { brandRules } from '../brand/brand.service';
import { JobEventPublisher } from './generation-events';
import type { StreamTopics as EventTopics } from './generation-stream.types';
import { JobStore } from './job-store';
import type { LlmProvider, LlmUsage } from './providers/llm-provider';
import { writePlatform } from './variant-writer';

export interface RunnerOptions {
  orm: MikroORM;
  pubsub: PubSub<EventTopics>;
  provider: LlmProvider;
  logger: Logger;
  /** Platform calls in flight at once for one job (COPYDESK_LLM_CONCURRENCY). */
  llmConcurrency: number;
  /** At most one TOKEN event per variant per this many ms (COPYDESK_TOKEN_FLUSH_MS). */
  tokenFlushMs: number;
  /** USD for one call's usage. */
  price: (usage: LlmUsage) => number;
}

/** Progress when each stage starts; COPY advances with every variant up to REVIEW. */
const PROGRESS = { OUTLINE: 0.02, COPY: 0.1, REVIEW: 0.95 } as const;

/** The job left RUNNING under the runner (cancelled by a user): stop without touching it. */
class JobLeftRunning extends Error {}

class JobAccount {
  usage: TokenUsageData;
  degraded: boolean;

  constructor(
    job: GenerationJob,
    private readonly price: (usage: LlmUsage) => number,
  ) {
    this.usage = { ...job.usage };
    this.degraded = job.degraded;
  }

  add(usage: LlmUsage, degraded: boolean): void {
    this.usage = {
      promptTokens: this.usage.promptTokens + usage.promptTokens,
      completionTokens: this.usage.completionTokens + usage.completionTokens,
      cachedTokens: this.usage.cachedTokens + usage.cachedTokens,
      costUsd: this.usage.costUsd + this.price(usage),
    };
    this.degraded ||= degraded;
  }
}

/**
 * Runs generation jobs: outline → platforms in parallel (bounded) → each variant fitted to its platform and
 * persisted → job SUCCEEDED and campaign READY. Every step publishes on `generation:<jobId>`.
 */
export class GenerationRunner {
  private readonly running = new Map<string, AbortController>();
  private stopping = false;

  constructor(private readonly options: RunnerOptions) {}

  /** Runs (or resumes) one job. Throws only when the row is missing, so the queue retries. */
  async run(jobId: string): Promise<void> {
    const em = this.options.orm.em.fork();
    const store = new JobStore(em);
    const job = await store.load(jobId);
    if (!job) throw new Error(`generation job ${jobId} not found`);
    if (job.status !== JobStatus.QUEUED && job.status !== JobStatus.RUNNING) return;
    if (!(await store.start(job))) return;
    const log = this.options.logger.child({ jobId, campaignId: job.campaign.id });
    const controller = new AbortController();
    this.running.set(jobId, controller);
    const events = new JobEventPublisher(this.options.pubsub, jobId, this.options.tokenFlushMs);
    events.advance(job.stage, job.progress);
    const stopWatching = this.watchForCancel(jobId, controller);
    const account = new JobAccount(job, this.options.price);
    const started = performance.now();
    try {
      await this.pipeline({ job, store, events, account, signal: controller.signal, em });
      log.info({ durationMs: Math.round(performance.now() - started), degraded: account.degraded }, 'job finished');
    } catch (error) {
      // Shutting down: leave the job RUNNING with what it persisted; the queue or the next start resumes it.
      if (this.stopping) throw error;
      if (controller.signal.aborted || error instanceof JobLeftRunning) {
        await store.discardVariants(jobId);
        log.info('job cancelled');
      } else {
        log.error({ err: error }, 'job failed');
        const message = 'Generation failed; the previous content was kept. Try again.';
        if (await store.fail(job, message, account.usage, account.degraded))
          events.publish({ type: 'FAILED', message });
      }
    } finally {
      stopWatching();
      events.dispose();
      this.running.delete(jobId);
    }
  }

  /** Aborts every running job (process shutdown); queued work resumes elsewhere or after restart. */
  abortAll(): void {
    this.stopping = true;
    for (const controller of this.running.values()) controller.abort(new Error('shutting down'));
  }

  private watchForCancel(jobId: string, controller: AbortController): () => void {
    const events = this.options.pubsub.subscribe('generation', jobId);
    void (async () => {
      for await (const event of events) {
        if (event.type === 'CANCELLED') controller.abort(new Error('cancelled'));
      }
    })();
    return () => void events.return();
  }

  private async pipeline(props: {
    job: GenerationJob;
    store: JobStore;
    events: JobEventPublisher;
    account: JobAccount;
    signal: AbortSignal;
    em: ReturnType<MikroORM['em']['fork']>;
  }): Promise<void> {
    const { job, store, events, account, signal } = props;
    const stage = async (name: GenerationStage, progress: number) => {
      signal.throwIfAborted();
      events.advance(name, progress);
      if (!(await store.progress(job.id, name, events.progress))) throw new JobLeftRunning();
      events.publish({ type: 'STAGE_STARTED' });
    };
    const brief = job.campaign.brief;
    const brand = brandRules(await props.em.findOne(BrandProfile, { workspace: job.workspace.id }, { filters: false }));
    // A resumed job keeps the outline its first attempt wrote.
    const resumed = job.stage !== GenerationStage.QUEUED && job.stage !== GenerationStage.OUTLINE;
    let outline = resumed ? job.campaign.outline : null;
    if (!outline) {
      await stage(GenerationStage.OUTLINE, PROGRESS.OUTLINE);
      const outlined = await this.options.provider.outline({ brief, signal, context: { brand } });
      account.add(outlined.usage, (outlined as { degraded?: boolean }).degraded === true);
      outline = outlined.outline;
      await store.saveOutline(job.campaign.id, outline);
    }

    await stage(GenerationStage.COPY, PROGRESS.COPY);
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
            provider: this.options.provider,
            events,
            signal,
            resumed,
            context: { brand, guidance: job.guidance?.[platform] ?? null },
            onModerated: (variantId, result) =>
              this.options.pubsub.publish('moderation', job.campaign.id, {
                campaignId: job.campaign.id,
                variantId,
                platform,
                result,
                at: new Date().toISOString(),
              }),
            onUsage: (usage, degraded) => account.add(usage, degraded),
            onVariantReady: async () => {
              ready++;
              const progress = PROGRESS.COPY + ((PROGRESS.REVIEW - PROGRESS.COPY) * ready) / total;
              // Stored before any event carries it: subscribers drop events below the progress they have seen,
              // and a resumed attempt and a CANCELLED event start from the stored progress.
              await store.progress(job.id, GenerationStage.COPY, progress);
              events.advance(GenerationStage.COPY, progress);
            },
          }),
        ),
      ),
    );

    await stage(GenerationStage.REVIEW, PROGRESS.REVIEW);
    signal.throwIfAborted();
    const done = await store.succeed({
      job,
      platforms: job.platforms,
      usage: account.usage,
      degraded: account.degraded,
    });
    if (!done) throw new JobLeftRunning();
    events.advance(GenerationStage.DONE, 1);
    events.publish({ type: 'COMPLETED' });
  }
}

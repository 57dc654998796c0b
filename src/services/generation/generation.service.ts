import { UniqueConstraintViolationException } from '@mikro-orm/core';
import type { EntityManager, MikroORM } from '@mikro-orm/postgresql';

import { BrandProfile, Campaign, CampaignStatus, ContentVariant, GenerationJob, JobStatus } from '../../entities';
import { AppError } from '../../errors';
import type { Logger } from '../../infra/logger';
import { unavailableDependency } from '../../infra/outage';
import type { JobQueue } from '../../infra/queue';
import type { Scratchpad } from '../../infra/scratchpad';
import { brandRules } from '../brand/brand.service';
import type { DomainEvents } from '../events/domain-events';
import { getOwned } from '../scoped-data';
import type { TemplateCatalogService } from '../templates/template-catalog.service';
import type { Scope } from '../viewer';
import type { CostEstimateData, GenerationEstimator } from './estimate';
import { type GenerateInput, type GenerationPlan, resolveGenerationPlan } from './generation-plan';
import { followJob, type StreamBus } from './generation-stream';
import type { GenerationEventMessage, ModerationEventMessage } from './generation-stream.types';

export type { GenerateInput } from './generation-plan';

const ACTIVE = [JobStatus.QUEUED, JobStatus.RUNNING];

/** Budget held while a job runs (usage limits); `at` places it in a day and a month. */
export interface HeldBudget {
  tokens: number;
  costUsd: number;
  at: Date;
}

/**
 * Holds budget for a job before it starts (usage limits), supplied by the composition root: the job's estimate is
 * reserved inside the transaction that writes it (QUOTA_EXCEEDED when a limit has no room left).
 */
export interface GenerationBudget {
  reserve(
    tx: EntityManager,
    props: { workspaceId: string; apiKeyId: string; tokens: number; costUsd: number },
  ): Promise<HeldBudget | null>;
  /** Gives back what a job that never ran still holds. */
  release(jobId: string): Promise<void>;
}

export interface GenerationServiceOptions {
  orm: MikroORM;
  queue: JobQueue;
  events: DomainEvents;
  /** The live streams, read by `progress` and `moderationResults`. */
  streams: StreamBus;
  scratchpad: Scratchpad;
  providerName: string;
  templates: TemplateCatalogService;
  /** What `estimate` answers with (and what enqueue may reserve budget with). */
  estimator: GenerationEstimator;
  logger: Logger;
  budget?: GenerationBudget;
}

/** Starts, cancels and follows generation jobs; the work itself runs in GenerationRunner on a worker. */
export class GenerationService {
  constructor(private readonly options: GenerationServiceOptions) {}

  /**
   * Writes a QUEUED job (and marks the campaign GENERATING) in one transaction, then hands its id to the queue.
   * A second generation while one is QUEUED or RUNNING is CONFLICT (a partial unique index makes it race-free).
   */
  async enqueue(scope: Scope, input: GenerateInput): Promise<GenerationJob> {
    const plan = await resolveGenerationPlan(scope, this.options.templates, input);
    const { campaign } = plan;
    // The filled-in template brief becomes the campaign's, saved with the job in the same flush.
    if (plan.briefChanged) campaign.brief = plan.brief;
    const { budget } = this.options;
    const need = budget ? await this.estimateFor(scope, plan) : null;
    const { workspace, apiKeyId } = scope.viewer;
    let job: GenerationJob;
    try {
      job = await this.options.events.transaction(scope.em, async (tx, emit) => {
        // The offline writer and answers from the cache cost nothing: there is nothing to hold for them.
        const held =
          budget && need && need.model !== 'offline' && !need.cached
            ? await budget.reserve(tx, {
                workspaceId: workspace.id,
                apiKeyId,
                tokens: need.promptTokens + need.completionTokens,
                costUsd: need.costUsd,
              })
            : null;
        const created = tx.create(GenerationJob, {
          workspace: workspace.id,
          campaign,
          platforms: plan.platforms,
          variantsPerPlatform: plan.variantsPerPlatform,
          provider: this.options.providerName,
          templateKey: plan.templateKey,
          guidance: plan.guidance,
          fresh: plan.fresh,
          apiKeyId,
          reservedTokens: held?.tokens ?? 0,
          reservedCostUsd: held?.costUsd ?? 0,
          reservedAt: held?.at ?? null,
        });
        campaign.status = CampaignStatus.GENERATING;
        emit('generation.requested', scope.viewer.workspace.id, {
          jobId: created.id,
          campaignId: campaign.id,
          platforms: created.platforms,
          variantsPerPlatform: created.variantsPerPlatform,
          templateKey: created.templateKey ?? null,
        });
        return created;
      });
    } catch (error) {
      if (error instanceof UniqueConstraintViolationException) {
        throw new AppError('CONFLICT', 'A generation is already queued or running for this campaign');
      }
      throw error;
    }
    await this.handOver(job);
    return job;
  }

  /**
   * What `generateCampaign` with this input would cost, before anything runs: the same validation and errors as
   * `enqueue`, no model call, nothing written.
   */
  async estimate(scope: Scope, input: GenerateInput): Promise<CostEstimateData> {
    return this.estimateFor(scope, await resolveGenerationPlan(scope, this.options.templates, input));
  }

  private async estimateFor(scope: Scope, plan: GenerationPlan): Promise<CostEstimateData> {
    const workspace = scope.viewer.workspace.id;
    const profile = await scope.em.findOne(BrandProfile, { workspace }, { filters: false });
    return this.options.estimator.estimate({
      brief: plan.brief,
      platforms: plan.platforms,
      variantsPerPlatform: plan.variantsPerPlatform,
      context: { brand: brandRules(profile), guidance: plan.guidance },
      fresh: plan.fresh,
    });
  }

  private async handOver(job: GenerationJob): Promise<void> {
    try {
      await this.options.queue.enqueue(job.id);
    } catch (error) {
      // Redis is down or slow: the job is accepted all the same. It stays QUEUED in the database, the truth, and
      // the reconciler of the first worker that reaches Redis again hands it over (README "Outages").
      if (unavailableDependency(error) === 'redis') {
        this.options.logger.warn(
          { err: error, jobId: job.id },
          'Redis is unavailable; the job stays QUEUED until the reconciler hands it over',
        );
        return;
      }
      // The row is the truth: a job no worker can see must not stay QUEUED.
      this.options.logger.error({ err: error, jobId: job.id }, 'could not enqueue a generation job');
      const em = this.options.orm.em.fork();
      await em.nativeUpdate(
        GenerationJob,
        { id: job.id },
        { status: JobStatus.FAILED, error: 'Could not be queued', finishedAt: new Date() },
        { filters: false },
      );
      await em.nativeUpdate(Campaign, { id: job.campaign.id }, { status: CampaignStatus.FAILED }, { filters: false });
      await this.options.budget?.release(job.id);
      throw new AppError('INTERNAL_SERVER_ERROR', 'The generation could not be queued; try again');
    }
  }

  /** Cancels a QUEUED or RUNNING job: it ends CANCELLED and the campaign keeps its previous variants. */
  async cancel(scope: Scope, jobId: string): Promise<GenerationJob> {
    const job = await getOwned(scope, GenerationJob, jobId, 'Generation job', {
      populate: ['campaign'],
      refresh: true,
    });
    if (job.status === JobStatus.CANCELLED) return job;
    if (!ACTIVE.includes(job.status)) throw new AppError('CONFLICT', `The job already ended ${job.status}`);
    const cancelled = await this.options.events.transaction(scope.em, async (tx, emit) => {
      const updated = await tx.nativeUpdate(
        GenerationJob,
        { id: job.id, status: { $in: ACTIVE } },
        { status: JobStatus.CANCELLED, error: 'Cancelled', finishedAt: new Date() },
      );
      if (updated !== 1) return false;
      const shown = await tx.count(ContentVariant, {
        campaign: job.campaign.id,
        $or: [{ job: null }, { job: { status: JobStatus.SUCCEEDED } }],
      });
      await tx.nativeUpdate(
        Campaign,
        { id: job.campaign.id },
        { status: shown > 0 ? CampaignStatus.READY : CampaignStatus.DRAFT },
      );
      const row = await tx.findOneOrFail(GenerationJob, { id: job.id }, { refresh: true });
      emit('generation.cancelled', scope.viewer.workspace.id, {
        jobId: job.id,
        campaignId: job.campaign.id,
        stage: row.stage,
        progress: row.progress,
        message: row.error ?? 'Cancelled',
      });
      return true;
    });
    // It ended meanwhile (or another cancel won): answer with what it is now.
    if (!cancelled) return this.cancel(scope, jobId);
    await scope.em.refresh(job);
    return job;
  }

  /**
   * The events of one job: a SNAPSHOT from the row, then live events until the final one. A finished job
   * answers its snapshot and final event at once. Another workspace's job is NOT_FOUND (before any event).
   */
  async progress(scope: Scope, jobId: string, batchTokens = false): Promise<AsyncIterable<GenerationEventMessage>> {
    await getOwned(scope, GenerationJob, jobId, 'Generation job');
    return followJob(this.options.streams, this.options.scratchpad, scope, jobId, batchTokens);
  }

  /** The moderation results of a campaign's variants as generation reviews them; another workspace's is NOT_FOUND. */
  async moderationResults(scope: Scope, campaignId: string): Promise<AsyncIterable<ModerationEventMessage>> {
    await getOwned(scope, Campaign, campaignId, 'Campaign');
    return this.options.streams.subscribe('moderation', campaignId);
  }

  /** Hands every unfinished job to the queue again (start-up after a crash; BullMQ de-duplicates by id). */
  async recover(): Promise<number> {
    const em = this.options.orm.em.fork();
    const jobs = await em.find(GenerationJob, { status: { $in: ACTIVE } }, { filters: false, fields: ['id'] });
    for (const job of jobs) await this.options.queue.enqueue(job.id);
    return jobs.length;
  }
}

import { raw } from '@mikro-orm/core';
import type { EntityManager } from '@mikro-orm/postgresql';
import {
  Campaign,
  CampaignStatus,
  ContentStatus,
  ContentVariant,
  GenerationJob,
  GenerationStage,
  JobStatus,
  type OutlineData,
  type Platform,
  type TokenUsageData,
} from '../../entities';
import type { DomainEvents } from '../events/domain-events';
import { createFirstVersions } from '../versions/version.service';

/** What a new generation replaces: content nobody has taken into the workflow. */
const REPLACEABLE = [ContentStatus.DRAFT, ContentStatus.FLAGGED, ContentStatus.REJECTED];

/**
 * State transitions of a job row. Every write after the start is conditional on the job still RUNNING, so a
 * job cancelled meanwhile is never overwritten. All run outside the request's workspace filter (workers).
 */
export class JobStore {
  constructor(
    private readonly em: EntityManager,
    private readonly events: DomainEvents,
  ) {}

  load(jobId: string): Promise<GenerationJob | null> {
    return this.em.findOne(GenerationJob, { id: jobId }, { filters: false, populate: ['campaign'], refresh: true });
  }

  /**
   * QUEUED → RUNNING (or keeps RUNNING when a retry resumes it); false when the job is no longer runnable. A job
   * not yet past OUTLINE is recorded at OUTLINE with `outlineProgress` in the same statement (one round trip less
   * before the first model call); a job further on keeps its stage and progress.
   */
  async start(job: GenerationJob, outlineProgress: number): Promise<boolean> {
    const early = [GenerationStage.QUEUED, GenerationStage.OUTLINE];
    const updated = await this.em.nativeUpdate(
      GenerationJob,
      { id: job.id, status: { $in: [JobStatus.QUEUED, JobStatus.RUNNING] } },
      {
        status: JobStatus.RUNNING,
        startedAt: job.startedAt ?? new Date(),
        stage: raw('case when stage in (?, ?) then ? else stage end', [...early, GenerationStage.OUTLINE]),
        progress: raw('case when stage in (?, ?) then greatest(progress, ?) else progress end', [
          ...early,
          outlineProgress,
        ]),
      },
      { filters: false },
    );
    return updated === 1;
  }

  /** Records stage and progress (which never decreases); false when the job was cancelled meanwhile. */
  async progress(jobId: string, stage: GenerationStage, progress: number): Promise<boolean> {
    const updated = await this.em.nativeUpdate(
      GenerationJob,
      { id: jobId, status: JobStatus.RUNNING },
      { stage, progress: raw('greatest(progress, ?)', [progress]) },
      { filters: false },
    );
    return updated === 1;
  }

  /**
   * The campaign's new outline and the job's COPY stage, in one statement (one round trip on the way from the
   * outline to the copy calls); false, and neither written, when the job was cancelled meanwhile.
   */
  async copyStage(jobId: string, campaignId: string, outline: OutlineData, progress: number): Promise<boolean> {
    const rows = await this.em.getConnection().execute<{ id: string }[]>(
      `with job as (
         update generation_job set stage = ?, progress = greatest(progress, ?) where id = ? and status = ? returning id
       ), saved as (
         update campaign set outline = ?::jsonb where id = ? and exists (select 1 from job)
       )
       select id from job`,
      [GenerationStage.COPY, progress, jobId, JobStatus.RUNNING, JSON.stringify(outline), campaignId],
    );
    return rows.length === 1;
  }

  /**
   * Publishes the job's variants in one transaction: the platforms' previous DRAFT, FLAGGED and REJECTED variants
   * go (the rest of the workflow stays), the job is
   * SUCCEEDED and the campaign READY. False when the job was cancelled meanwhile (nothing changes).
   */
  async succeed(props: {
    job: GenerationJob;
    platforms: Platform[];
    usage: TokenUsageData;
    degraded: boolean;
    degradedReason: string | null;
  }): Promise<boolean> {
    const { job } = props;
    return this.events.transaction(this.em, async (tx, emit) => {
      const updated = await tx.nativeUpdate(
        GenerationJob,
        { id: job.id, status: JobStatus.RUNNING },
        {
          status: JobStatus.SUCCEEDED,
          stage: GenerationStage.DONE,
          progress: 1,
          usage: props.usage,
          degraded: props.degraded,
          degradedReason: props.degradedReason,
          finishedAt: new Date(),
        },
        { filters: false },
      );
      if (updated !== 1) return false;
      await tx.nativeDelete(
        ContentVariant,
        {
          campaign: props.job.campaign.id,
          platform: { $in: props.platforms },
          // Content in the workflow (in review, approved, scheduled, published) is never replaced.
          status: { $in: REPLACEABLE },
          $or: [{ job: null }, { job: { $ne: props.job.id } }],
        },
        { filters: false },
      );
      await createFirstVersions(tx, job.id);
      await tx.nativeUpdate(
        Campaign,
        { id: props.job.campaign.id },
        { status: CampaignStatus.READY, updatedAt: new Date() },
        { filters: false },
      );
      const variants = await tx.find(
        ContentVariant,
        { job: job.id },
        { filters: false, fields: ['id', 'status'], orderBy: [{ platform: 'asc' }, { position: 'asc' }] },
      );
      emit('generation.completed', job.workspace.id, {
        jobId: job.id,
        campaignId: job.campaign.id,
        stage: GenerationStage.DONE,
        progress: 1,
        platforms: props.platforms,
        variantIds: variants.map((v) => v.id),
        flaggedVariantIds: variants.filter((v) => v.status === ContentStatus.FLAGGED).map((v) => v.id),
        usage: props.usage,
        degraded: props.degraded,
        degradedReason: props.degradedReason,
      });
      return true;
    });
  }

  /** RUNNING → FAILED with a message users can read; the campaign is FAILED and keeps its previous variants. */
  async fail(props: {
    job: GenerationJob;
    message: string;
    usage: TokenUsageData;
    degraded: boolean;
    degradedReason: string | null;
    /** Where the job stood when it failed, for the event. */
    stage: GenerationStage;
    progress: number;
  }): Promise<boolean> {
    const { job, message, usage, degraded, degradedReason } = props;
    return this.events.transaction(this.em, async (tx, emit) => {
      const updated = await tx.nativeUpdate(
        GenerationJob,
        { id: job.id, status: { $in: [JobStatus.QUEUED, JobStatus.RUNNING] } },
        { status: JobStatus.FAILED, error: message, usage, degraded, degradedReason, finishedAt: new Date() },
        { filters: false },
      );
      if (updated !== 1) return false;
      await tx.nativeDelete(ContentVariant, { job: job.id }, { filters: false });
      await tx.nativeUpdate(
        Campaign,
        { id: job.campaign.id },
        { status: CampaignStatus.FAILED, updatedAt: new Date() },
        { filters: false },
      );
      emit('generation.failed', job.workspace.id, {
        jobId: job.id,
        campaignId: job.campaign.id,
        stage: props.stage,
        progress: props.progress,
        message,
      });
      return true;
    });
  }

  /**
   * A cancelled job's partial variants are never shown; remove them. Not when another attempt of the job finished
   * it meanwhile (an attempt handed over again after a queue loss finds the job SUCCEEDED and stops): those rows are
   * the job's content. One statement, so the check and the delete cannot be split by that attempt's commit.
   */
  async discardVariants(jobId: string): Promise<void> {
    await this.em
      .getConnection()
      .execute(
        `delete from content_variant where job_id = ? and not exists (select 1 from generation_job where id = ? and status = ?)`,
        [jobId, jobId, JobStatus.SUCCEEDED],
        'run',
      );
  }
}

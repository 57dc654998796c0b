import { Entity, Enum, Filter, Index, ManyToOne, OptionalProps, PrimaryKey, Property, Unique } from '@mikro-orm/core';
import { v7 as uuidv7 } from 'uuid';
import { Campaign, Platform } from './campaign.entity';
import { Workspace } from './workspace.entity';
import { workspaceFilter } from './workspace-scope';

export enum JobStatus {
  QUEUED = 'QUEUED',
  RUNNING = 'RUNNING',
  SUCCEEDED = 'SUCCEEDED',
  FAILED = 'FAILED',
  CANCELLED = 'CANCELLED',
}

export enum GenerationStage {
  QUEUED = 'QUEUED',
  OUTLINE = 'OUTLINE',
  COPY = 'COPY',
  REVIEW = 'REVIEW',
  DONE = 'DONE',
}

export interface TokenUsageData {
  promptTokens: number;
  completionTokens: number;
  cachedTokens: number;
  costUsd: number;
}

export const EMPTY_USAGE: Readonly<TokenUsageData> = Object.freeze({
  promptTokens: 0,
  completionTokens: 0,
  cachedTokens: 0,
  costUsd: 0,
});

@Entity({ tableName: 'generation_job' })
@Filter(workspaceFilter)
@Index({ name: 'generation_job_campaign_created_idx', properties: ['campaign', 'createdAt'] })
// One QUEUED or RUNNING job per campaign, enforced by the database so two racing requests cannot both start.
@Unique({
  name: 'generation_job_one_active_per_campaign',
  expression: `create unique index "generation_job_one_active_per_campaign" on "generation_job" ("campaign_id") where "status" in ('QUEUED', 'RUNNING')`,
})
// Workers look for unfinished jobs at start-up.
@Index({
  name: 'generation_job_active_idx',
  expression: `create index "generation_job_active_idx" on "generation_job" ("status") where "status" in ('QUEUED', 'RUNNING')`,
})
export class GenerationJob {
  [OptionalProps]?:
    | 'status'
    | 'stage'
    | 'progress'
    | 'variantsPerPlatform'
    | 'degraded'
    | 'fresh'
    | 'usage'
    | 'createdAt'
    | 'reservedTokens'
    | 'reservedCostUsd';

  @PrimaryKey({ type: 'uuid' })
  id: string = uuidv7();

  @ManyToOne({ entity: () => Workspace, deleteRule: 'cascade' })
  workspace!: Workspace;

  @ManyToOne({ entity: () => Campaign, deleteRule: 'cascade' })
  campaign!: Campaign;

  @Enum({ items: () => JobStatus, type: 'text' })
  status: JobStatus = JobStatus.QUEUED;

  @Enum({ items: () => GenerationStage, type: 'text' })
  stage: GenerationStage = GenerationStage.QUEUED;

  @Property({ type: 'double' })
  progress = 0;

  @Property({ type: 'json' })
  platforms!: Platform[];

  @Property({ type: 'integer' })
  variantsPerPlatform = 2;

  @Property({ type: 'text' })
  provider!: string;

  /** The template the job was started with, if any. */
  @Property({ type: 'text', nullable: true })
  templateKey?: string | null;

  /** The template's guidance per platform, kept on the job so any worker writes with it. */
  @Property({ type: 'json', nullable: true })
  guidance?: Partial<Record<Platform, string>> | null;

  /** Started with `fresh: true`: every model call skips the LLM response cache (answers are still stored). */
  @Property({ type: 'boolean' })
  fresh = false;

  @Property({ type: 'boolean' })
  degraded = false;

  /** Why the fallback writer was used (status code, timeout, breaker open); null when the job did not degrade. */
  @Property({ type: 'text', nullable: true })
  degradedReason?: string | null;

  @Property({ type: 'text', nullable: true })
  error?: string | null;

  @Property({ type: 'json' })
  usage: TokenUsageData = { ...EMPTY_USAGE };

  /** The API key that started the job: usage is metered and limited per key. */
  @Property({ type: 'uuid', nullable: true })
  apiKeyId?: string | null;

  /** What is still reserved against the usage limits for this job (its pre-flight estimate, less what it used). */
  @Property({ type: 'bigint', default: 0 })
  reservedTokens = 0;

  @Property({ type: 'double', default: 0 })
  reservedCostUsd = 0;

  /** When the reservation was made: it is held in that day's and month's counters. */
  @Property({ type: 'datetime', nullable: true })
  reservedAt?: Date | null;

  @Property({ type: 'datetime', defaultRaw: 'now()' })
  createdAt: Date = new Date();

  @Property({ type: 'datetime', nullable: true })
  startedAt?: Date | null;

  @Property({ type: 'datetime', nullable: true })
  finishedAt?: Date | null;
}

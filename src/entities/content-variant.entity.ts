import { Entity, Enum, Filter, Index, ManyToOne, OptionalProps, PrimaryKey, Property, Unique } from '@mikro-orm/core';
import { v7 as uuidv7 } from 'uuid';
import { Campaign, Platform } from './campaign.entity';
import { GenerationJob } from './generation-job.entity';
import { Workspace } from './workspace.entity';
import { workspaceFilter } from './workspace-scope';

export enum ContentStatus {
  DRAFT = 'DRAFT',
  FLAGGED = 'FLAGGED',
  IN_REVIEW = 'IN_REVIEW',
  CHANGES_REQUESTED = 'CHANGES_REQUESTED',
  APPROVED = 'APPROVED',
  REJECTED = 'REJECTED',
  SCHEDULED = 'SCHEDULED',
  PUBLISHED = 'PUBLISHED',
}

@Entity({ tableName: 'content_variant' })
@Filter(workspaceFilter)
@Index({ name: 'content_variant_campaign_idx', properties: ['campaign', 'platform', 'position'] })
@Unique({ name: 'content_variant_job_platform_position_unique', properties: ['job', 'platform', 'position'] })
export class ContentVariant {
  [OptionalProps]?: 'position' | 'hashtags' | 'characterCount' | 'status' | 'createdAt' | 'version';

  @PrimaryKey({ type: 'uuid' })
  id: string = uuidv7();

  @ManyToOne({ entity: () => Workspace, deleteRule: 'cascade' })
  workspace!: Workspace;

  @ManyToOne({ entity: () => Campaign, deleteRule: 'cascade' })
  campaign!: Campaign;

  /** The job that wrote it; null for imported content. */
  @ManyToOne({ entity: () => GenerationJob, nullable: true, deleteRule: 'set null' })
  job?: GenerationJob | null;

  @Enum({ items: () => Platform, type: 'text' })
  platform!: Platform;

  /** 0-based index among the variants of one platform in one job. */
  @Property({ type: 'integer' })
  position = 0;

  @Property({ type: 'text', nullable: true })
  title?: string | null;

  @Property({ type: 'text' })
  body!: string;

  @Property({ type: 'json' })
  hashtags: string[] = [];

  /** Counted the way the platform counts (X: weighted, URLs as 23), at write time. */
  @Property({ type: 'integer' })
  characterCount = 0;

  @Enum({ items: () => ContentStatus, type: 'text' })
  status: ContentStatus = ContentStatus.DRAFT;

  @Property({ type: 'json', nullable: true })
  moderation?: unknown;

  @Property({ type: 'json', nullable: true })
  quality?: unknown;

  /** The number of the current ContentVersion, whose text the columns above hold. */
  @Property({ type: 'integer', default: 1 })
  version = 1;

  @Property({ type: 'datetime', defaultRaw: 'now()' })
  createdAt: Date = new Date();
}

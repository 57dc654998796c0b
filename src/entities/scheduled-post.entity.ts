import { Entity, Enum, Filter, Index, ManyToOne, OptionalProps, PrimaryKey, Property } from '@mikro-orm/core';
import { v7 as uuidv7 } from 'uuid';
import { Campaign, Platform } from './campaign.entity';
import { ContentVariant } from './content-variant.entity';
import { ContentVersion } from './content-version.entity';
import { Workspace } from './workspace.entity';
import { workspaceFilter } from './workspace-scope';

export enum PostStatus {
  SCHEDULED = 'SCHEDULED',
  PUBLISHING = 'PUBLISHING',
  PUBLISHED = 'PUBLISHED',
  FAILED = 'FAILED',
  CANCELLED = 'CANCELLED',
}

/**
 * A recurring schedule: an RFC 5545 RRULE expanded in the audience's time zone at a local time of day, so a 09:00
 * post stays 09:00 across daylight-saving changes.
 */
@Entity({ tableName: 'post_series' })
@Filter(workspaceFilter)
export class PostSeries {
  [OptionalProps]?: 'createdAt';

  @PrimaryKey({ type: 'uuid' })
  id: string = uuidv7();

  @ManyToOne({ entity: () => Workspace, deleteRule: 'cascade' })
  workspace!: Workspace;

  @ManyToOne({ entity: () => Campaign, deleteRule: 'cascade' })
  campaign!: Campaign;

  /** The RRULE, without DTSTART (which is the start date at the local time, in `timeZone`). */
  @Property({ type: 'text' })
  rule!: string;

  @Property({ type: 'text' })
  timeZone!: string;

  /** HH:mm in `timeZone`. */
  @Property({ type: 'text' })
  localTime!: string;

  @Property({ type: 'uuid' })
  createdBy!: string;

  @Property({ type: 'datetime', defaultRaw: 'now()' })
  createdAt: Date = new Date();
}

/** One publication of one exact version of a variant at one time. */
@Entity({ tableName: 'scheduled_post' })
@Filter(workspaceFilter)
@Index({ name: 'scheduled_post_calendar_idx', properties: ['workspace', 'scheduledAt'] })
@Index({ name: 'scheduled_post_due_idx', properties: ['status', 'scheduledAt'] })
@Index({ name: 'scheduled_post_variant_idx', properties: ['variant'] })
@Index({ name: 'scheduled_post_series_idx', properties: ['series'] })
export class ScheduledPost {
  [OptionalProps]?: 'status' | 'createdAt' | 'updatedAt' | 'held';

  @PrimaryKey({ type: 'uuid' })
  id: string = uuidv7();

  @ManyToOne({ entity: () => Workspace, deleteRule: 'cascade' })
  workspace!: Workspace;

  @ManyToOne({ entity: () => Campaign, deleteRule: 'cascade' })
  campaign!: Campaign;

  @ManyToOne({ entity: () => ContentVariant, deleteRule: 'cascade' })
  variant!: ContentVariant;

  /** The exact version this post publishes. */
  @ManyToOne({ entity: () => ContentVersion, deleteRule: 'cascade' })
  version!: ContentVersion;

  @Enum({ items: () => Platform, type: 'text' })
  platform!: Platform;

  @Property({ type: 'datetime' })
  scheduledAt!: Date;

  /** The IANA zone the time was chosen in (the audience's). */
  @Property({ type: 'text' })
  timeZone!: string;

  @Enum({ items: () => PostStatus, type: 'text' })
  status: PostStatus = PostStatus.SCHEDULED;

  /** True while the variant has a newer version than `version` that is not approved yet: the post waits. */
  @Property({ type: 'boolean', default: false })
  held = false;

  @ManyToOne({ entity: () => PostSeries, nullable: true, deleteRule: 'cascade' })
  series?: PostSeries | null;

  @Property({ type: 'uuid' })
  createdBy!: string;

  @Property({ type: 'datetime', nullable: true })
  publishedAt?: Date | null;

  @Property({ type: 'text', nullable: true })
  externalUrl?: string | null;

  @Property({ type: 'text', nullable: true })
  externalId?: string | null;

  @Property({ type: 'text', nullable: true })
  error?: string | null;

  @Property({ type: 'datetime', defaultRaw: 'now()' })
  createdAt: Date = new Date();

  @Property({ type: 'datetime', defaultRaw: 'now()', onUpdate: () => new Date() })
  updatedAt: Date = new Date();
}

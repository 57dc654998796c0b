import { Entity, Enum, Filter, Index, ManyToOne, OptionalProps, PrimaryKey, Property } from '@mikro-orm/core';
import { v7 as uuidv7 } from 'uuid';
import { ContentVariant } from './content-variant.entity';
import { ContentVersion } from './content-version.entity';
import { ReviewLink } from './review-link.entity';
import { Workspace } from './workspace.entity';
import { workspaceFilter } from './workspace-scope';

export enum ApprovalStatus {
  PENDING = 'PENDING',
  APPROVED = 'APPROVED',
  CHANGES_REQUESTED = 'CHANGES_REQUESTED',
  REJECTED = 'REJECTED',
}

/** A review of one exact version of a variant: requested, then decided once. */
@Entity({ tableName: 'approval' })
@Filter(workspaceFilter)
@Index({ name: 'approval_queue_idx', properties: ['workspace', 'status', 'requestedAt', 'id'] })
@Index({ name: 'approval_variant_idx', properties: ['variant', 'requestedAt'] })
export class Approval {
  [OptionalProps]?: 'status' | 'requestedAt';

  @PrimaryKey({ type: 'uuid' })
  id: string = uuidv7();

  @ManyToOne({ entity: () => Workspace, deleteRule: 'cascade' })
  workspace!: Workspace;

  @ManyToOne({ entity: () => ContentVariant, deleteRule: 'cascade' })
  variant!: ContentVariant;

  @ManyToOne({ entity: () => ContentVersion, deleteRule: 'cascade' })
  version!: ContentVersion;

  @Enum({ items: () => ApprovalStatus, type: 'text' })
  status: ApprovalStatus = ApprovalStatus.PENDING;

  /** The API key that asked for the review; null when a reviewer decided without a request. */
  @Property({ type: 'uuid', nullable: true })
  requestedBy?: string | null;

  /** Who decided: an API key id (or, through a review link, the name the reviewer gave). */
  @Property({ type: 'text', nullable: true })
  decidedBy?: string | null;

  /** The name a person gave when deciding through a review link. */
  @Property({ type: 'text', nullable: true })
  reviewerName?: string | null;

  /** The review link the decision came through, if it did. */
  @ManyToOne({ entity: () => ReviewLink, nullable: true, deleteRule: 'set null' })
  reviewLink?: ReviewLink | null;

  @Property({ type: 'text', nullable: true })
  comment?: string | null;

  @Property({ type: 'datetime', defaultRaw: 'now()' })
  requestedAt: Date = new Date();

  @Property({ type: 'datetime', nullable: true })
  decidedAt?: Date | null;
}

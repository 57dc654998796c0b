import { Entity, Filter, Index, ManyToOne, OptionalProps, PrimaryKey, Property, Unique } from '@mikro-orm/core';
import { v7 as uuidv7 } from 'uuid';
import { Campaign } from './campaign.entity';
import { Workspace } from './workspace.entity';
import { workspaceFilter } from './workspace-scope';

/**
 * A link through which a person without an API key reviews one campaign. Only the SHA-256 of its token is stored:
 * the token itself is shown once, in the URL, when the link is made.
 */
@Entity({ tableName: 'review_link' })
@Filter(workspaceFilter)
@Unique({ name: 'review_link_token_hash_unique', properties: ['tokenHash'] })
@Index({ name: 'review_link_campaign_idx', properties: ['campaign', 'createdAt'] })
export class ReviewLink {
  [OptionalProps]?: 'createdAt';

  @PrimaryKey({ type: 'uuid' })
  id: string = uuidv7();

  @ManyToOne({ entity: () => Workspace, deleteRule: 'cascade' })
  workspace!: Workspace;

  @ManyToOne({ entity: () => Campaign, deleteRule: 'cascade' })
  campaign!: Campaign;

  /** Hex SHA-256 of the token. */
  @Property({ type: 'text' })
  tokenHash!: string;

  /** The API key that made the link. */
  @Property({ type: 'uuid' })
  createdBy!: string;

  @Property({ type: 'datetime', defaultRaw: 'now()' })
  createdAt: Date = new Date();

  @Property({ type: 'datetime' })
  expiresAt!: Date;

  @Property({ type: 'datetime', nullable: true })
  revokedAt?: Date | null;
}

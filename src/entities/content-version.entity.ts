import { Entity, Enum, Filter, Index, ManyToOne, OptionalProps, PrimaryKey, Property, Unique } from '@mikro-orm/core';
import { v7 as uuidv7 } from 'uuid';
import { ContentVariant } from './content-variant.entity';
import { Workspace } from './workspace.entity';
import { workspaceFilter } from './workspace-scope';

/** Where a version's text came from. */
export enum VersionSource {
  GENERATED = 'GENERATED',
  EDITED = 'EDITED',
  AUTO_FIX = 'AUTO_FIX',
  RESTORED = 'RESTORED',
}

/**
 * One text a variant has had: immutable once written. The variant's own columns hold its current version's text
 * (what the read path serves); `ContentVariant.version` is that version's number.
 */
@Entity({ tableName: 'content_version' })
@Filter(workspaceFilter)
@Unique({ name: 'content_version_variant_number_unique', properties: ['variant', 'number'] })
@Index({ name: 'content_version_workspace_id_index', properties: ['workspace'] })
export class ContentVersion {
  [OptionalProps]?: 'createdAt' | 'hashtags' | 'createdBy';

  @PrimaryKey({ type: 'uuid' })
  id: string = uuidv7();

  @ManyToOne({ entity: () => Workspace, deleteRule: 'cascade' })
  workspace!: Workspace;

  @ManyToOne({ entity: () => ContentVariant, deleteRule: 'cascade' })
  variant!: ContentVariant;

  /** 1, 2, 3, … per variant. */
  @Property({ type: 'integer' })
  number!: number;

  @Property({ type: 'text', nullable: true })
  title?: string | null;

  @Property({ type: 'text' })
  body!: string;

  @Property({ type: 'json' })
  hashtags: string[] = [];

  /** SHA-256 (hex) of the title, body and hashtags: two versions with the same text have the same hash. */
  @Property({ type: 'text' })
  contentHash!: string;

  @Enum({ items: () => VersionSource, type: 'text' })
  source!: VersionSource;

  /** The API key that made it; null for generated text. */
  @Property({ type: 'uuid', nullable: true })
  createdBy?: string | null;

  @Property({ type: 'json', nullable: true })
  moderation?: unknown;

  @Property({ type: 'json', nullable: true })
  quality?: unknown;

  @Property({ type: 'datetime', defaultRaw: 'now()' })
  createdAt: Date = new Date();
}

import { Entity, Enum, Filter, OneToOne, OptionalProps, Property } from '@mikro-orm/core';
import { Workspace } from './workspace.entity';
import { workspaceFilter } from './workspace-scope';

export enum EmojiPolicy {
  NONE = 'NONE',
  SOME = 'SOME',
  ANY = 'ANY',
}

/** A workspace's brand rules: used by prompts, the offline writer and moderation. One row per workspace. */
@Entity({ tableName: 'brand_profile' })
@Filter(workspaceFilter)
export class BrandProfile {
  [OptionalProps]?:
    | 'voice'
    | 'bannedTerms'
    | 'competitorNames'
    | 'requiredTerms'
    | 'disclaimers'
    | 'preferredHashtags'
    | 'emojiPolicy'
    | 'updatedAt';

  @OneToOne({ entity: () => Workspace, primary: true, deleteRule: 'cascade' })
  workspace!: Workspace;

  @Property({ type: 'text', nullable: true })
  voice: string | null = null;

  @Property({ type: 'json' })
  bannedTerms: string[] = [];

  @Property({ type: 'json' })
  competitorNames: string[] = [];

  @Property({ type: 'json' })
  requiredTerms: string[] = [];

  @Property({ type: 'json' })
  disclaimers: string[] = [];

  @Property({ type: 'json' })
  preferredHashtags: string[] = [];

  @Enum({ items: () => EmojiPolicy, type: 'text' })
  emojiPolicy: EmojiPolicy = EmojiPolicy.ANY;

  @Property({ type: 'datetime', defaultRaw: 'now()', onUpdate: () => new Date() })
  updatedAt: Date = new Date();
}

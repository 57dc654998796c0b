import { Entity, Enum, Filter, Index, ManyToOne, OptionalProps, PrimaryKey, Property } from '@mikro-orm/core';
import { v7 as uuidv7 } from 'uuid';
import { Workspace } from './workspace.entity';
import { workspaceFilter } from './workspace-scope';

export enum CampaignStatus {
  DRAFT = 'DRAFT',
  GENERATING = 'GENERATING',
  READY = 'READY',
  FAILED = 'FAILED',
  ARCHIVED = 'ARCHIVED',
}

export enum Platform {
  LINKEDIN = 'LINKEDIN',
  TWITTER = 'TWITTER',
  FACEBOOK = 'FACEBOOK',
  INSTAGRAM = 'INSTAGRAM',
  BLOG = 'BLOG',
  EMAIL = 'EMAIL',
}

export enum Tone {
  PROFESSIONAL = 'PROFESSIONAL',
  FRIENDLY = 'FRIENDLY',
  PLAYFUL = 'PLAYFUL',
  PREMIUM = 'PREMIUM',
  URGENT = 'URGENT',
  INFORMATIVE = 'INFORMATIVE',
  INSPIRATIONAL = 'INSPIRATIONAL',
}

/** The brief as stored (jsonb): already validated and normalised by the campaign service. */
export interface BriefData {
  productName: string;
  description: string | null;
  features: string[];
  audience: string | null;
  tone: Tone;
  platforms: Platform[];
  keywords: string[];
  callToAction: string | null;
  url: string | null;
  language: string;
}

export interface OutlineData {
  headline: string;
  keyMessages: string[];
  angle: string | null;
}

@Entity({ tableName: 'campaign' })
@Filter(workspaceFilter)
@Index({ name: 'campaign_workspace_created_idx', properties: ['workspace', 'createdAt', 'id'] })
export class Campaign {
  [OptionalProps]?: 'status' | 'createdAt' | 'updatedAt';

  @PrimaryKey({ type: 'uuid' })
  id: string = uuidv7();

  @ManyToOne({ entity: () => Workspace, deleteRule: 'cascade' })
  workspace!: Workspace;

  @Property({ type: 'text' })
  name!: string;

  @Enum({ items: () => CampaignStatus, type: 'text' })
  status: CampaignStatus = CampaignStatus.DRAFT;

  @Property({ type: 'json' })
  brief!: BriefData;

  @Property({ type: 'json', nullable: true })
  outline?: OutlineData | null;

  /** Millisecond precision, like a JS Date, so a cursor holds the exact value. */
  @Property({ type: 'datetime', length: 3, defaultRaw: 'now()' })
  createdAt: Date = new Date();

  @Property({ type: 'datetime', defaultRaw: 'now()', onUpdate: () => new Date() })
  updatedAt: Date = new Date();
}

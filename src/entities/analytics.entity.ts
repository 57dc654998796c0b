import { Entity, Enum, Filter, Index, ManyToOne, OptionalProps, PrimaryKey, Property, Unique } from '@mikro-orm/core';
import { v7 as uuidv7 } from 'uuid';
import { Campaign, Platform } from './campaign.entity';
import { ContentVariant } from './content-variant.entity';
import { Workspace } from './workspace.entity';
import { workspaceFilter } from './workspace-scope';

/**
 * What one variant earned on one day (UTC date), as a connector or a person reported it. One row per (variant, date):
 * a resent row replaces the old one.
 */
@Entity({ tableName: 'engagement' })
@Filter(workspaceFilter)
@Unique({ name: 'engagement_variant_date_unique', properties: ['variant', 'date'] })
@Index({ name: 'engagement_campaign_date_idx', properties: ['campaign', 'date'] })
export class Engagement {
  [OptionalProps]?: 'createdAt' | 'updatedAt';

  @PrimaryKey({ type: 'uuid' })
  id: string = uuidv7();

  @ManyToOne({ entity: () => Workspace, deleteRule: 'cascade' })
  workspace!: Workspace;

  @ManyToOne({ entity: () => Campaign, deleteRule: 'cascade' })
  campaign!: Campaign;

  @ManyToOne({ entity: () => ContentVariant, deleteRule: 'cascade' })
  variant!: ContentVariant;

  @Enum({ items: () => Platform, type: 'text' })
  platform!: Platform;

  /** `YYYY-MM-DD`, the day the numbers are for. */
  @Property({ type: 'date' })
  date!: string;

  @Property({ type: 'integer' })
  impressions!: number;

  @Property({ type: 'integer' })
  clicks!: number;

  @Property({ type: 'integer' })
  reactions!: number;

  @Property({ type: 'integer' })
  comments!: number;

  @Property({ type: 'integer' })
  shares!: number;

  @Property({ type: 'integer' })
  conversions!: number;

  @Property({ type: 'double' })
  revenueUsd!: number;

  /** The API key that sent the row last. */
  @Property({ type: 'uuid', nullable: true })
  recordedBy?: string | null;

  @Property({ type: 'datetime', defaultRaw: 'now()' })
  createdAt: Date = new Date();

  @Property({ type: 'datetime', defaultRaw: 'now()' })
  updatedAt: Date = new Date();
}

export enum ExperimentMetric {
  CLICK_RATE = 'CLICK_RATE',
  CONVERSION_RATE = 'CONVERSION_RATE',
  ENGAGEMENT_RATE = 'ENGAGEMENT_RATE',
}

export enum ExperimentStatus {
  COLLECTING = 'COLLECTING',
  DECIDED = 'DECIDED',
  INCONCLUSIVE = 'INCONCLUSIVE',
  STOPPED = 'STOPPED',
}

/** One arm's figures as they stood when the experiment was decided (frozen: later data does not change them). */
export interface ArmResult {
  variantId: string;
  impressions: number;
  successes: number;
  pValueVsControl: number | null;
}

/**
 * An A/B(/n) test of 2–5 variants of one platform with a fixed horizon: `requiredImpressionsPerArm` is computed up
 * front, and the decision is made once, when every arm has reached it.
 */
@Entity({ tableName: 'experiment' })
@Filter(workspaceFilter)
@Index({ name: 'experiment_campaign_idx', properties: ['campaign', 'createdAt'] })
@Index({ name: 'experiment_workspace_status_idx', properties: ['workspace', 'status'] })
export class Experiment {
  [OptionalProps]?: 'status' | 'createdAt';

  @PrimaryKey({ type: 'uuid' })
  id: string = uuidv7();

  @ManyToOne({ entity: () => Workspace, deleteRule: 'cascade' })
  workspace!: Workspace;

  @ManyToOne({ entity: () => Campaign, deleteRule: 'cascade' })
  campaign!: Campaign;

  @Enum({ items: () => Platform, type: 'text' })
  platform!: Platform;

  /** The arms' variants in order; the first is the control. */
  @Property({ type: 'json' })
  variantIds!: string[];

  @Enum({ items: () => ExperimentMetric, type: 'text' })
  metric!: ExperimentMetric;

  @Enum({ items: () => ExperimentStatus, type: 'text' })
  status: ExperimentStatus = ExperimentStatus.COLLECTING;

  @Property({ type: 'double' })
  alpha!: number;

  @Property({ type: 'double' })
  power!: number;

  /** Relative: 0.2 is a 20 % change of the control's rate. */
  @Property({ type: 'double' })
  minimumDetectableEffect!: number;

  /** The control's rate the sample size was computed from. */
  @Property({ type: 'double' })
  baselineRate!: number;

  /** Where `baselineRate` came from: the control's own data, or the documented default. */
  @Property({ type: 'text' })
  baselineSource!: string;

  @Property({ type: 'integer' })
  requiredImpressionsPerArm!: number;

  /** The test that decides (or decided) it, in words. */
  @Property({ type: 'text' })
  test!: string;

  @Property({ type: 'double', nullable: true })
  pValue?: number | null;

  @Property({ type: 'uuid', nullable: true })
  winnerVariantId?: string | null;

  /** The arms at the decision; null while collecting (then the arms are computed from the engagement rows). */
  @Property({ type: 'json', nullable: true })
  result?: ArmResult[] | null;

  @Property({ type: 'text', nullable: true })
  note?: string | null;

  @Property({ type: 'uuid' })
  createdBy!: string;

  @Property({ type: 'datetime', defaultRaw: 'now()' })
  createdAt: Date = new Date();

  @Property({ type: 'datetime', nullable: true })
  decidedAt?: Date | null;
}

import { Entity, Filter, Index, ManyToOne, OptionalProps, PrimaryKey, Property, Unique } from '@mikro-orm/core';
import { v7 as uuidv7 } from 'uuid';
import { Workspace } from './workspace.entity';
import { workspaceFilter } from './workspace-scope';

/** The two accounting periods, in UTC: limits and reports are per day or per month. */
export enum UsagePeriod {
  DAY = 'DAY',
  MONTH = 'MONTH',
}

/** One model call: who caused it, what it was for, what it used and cost. Written by the worker that made it. */
@Entity({ tableName: 'llm_call' })
@Filter(workspaceFilter)
@Index({ name: 'llm_call_workspace_at_idx', properties: ['workspace', 'at'] })
export class LlmCall {
  @PrimaryKey({ type: 'uuid' })
  id: string = uuidv7();

  @ManyToOne({ entity: () => Workspace, deleteRule: 'cascade' })
  workspace!: Workspace;

  /** The key that started the job; null for jobs started before keys were recorded on jobs. */
  @Property({ type: 'uuid', nullable: true })
  apiKeyId!: string | null;

  @Property({ type: 'uuid', nullable: true })
  jobId!: string | null;

  /** `outline`, `variants`, `rewrite` (variants again, with moderation feedback) or `shorten`. */
  @Property({ type: 'text' })
  operation!: string;

  @Property({ type: 'text' })
  model!: string;

  @Property({ type: 'integer' })
  promptTokens!: number;

  @Property({ type: 'integer' })
  completionTokens!: number;

  @Property({ type: 'integer' })
  cachedTokens!: number;

  @Property({ type: 'double' })
  costUsd!: number;

  @Property({ type: 'double' })
  latencyMs!: number;

  /** Answered from the LLM response cache (no model call, no cost). */
  @Property({ type: 'boolean' })
  cacheHit!: boolean;

  @Property({ type: 'datetime' })
  at!: Date;
}

/**
 * Running totals of one scope (a workspace, or one key of it) in one period: used, and reserved by jobs that
 * have not finished. Limits are checked against these rows under a row lock, so they hold across processes.
 */
@Entity({ tableName: 'usage_counter' })
@Filter(workspaceFilter)
@Unique({ name: 'usage_counter_scope_period_uniq', properties: ['workspace', 'scope', 'period', 'periodStart'] })
export class UsageCounter {
  [OptionalProps]?: 'requests' | 'tokens' | 'costUsd' | 'reservedTokens' | 'reservedCostUsd' | 'alerts';

  @PrimaryKey({ type: 'uuid' })
  id: string = uuidv7();

  @ManyToOne({ entity: () => Workspace, deleteRule: 'cascade' })
  workspace!: Workspace;

  /** `workspace`, or the id of an API key. */
  @Property({ type: 'text' })
  scope!: string;

  @Property({ type: 'text' })
  period!: UsagePeriod;

  /** The first day of the period (UTC), `YYYY-MM-DD`. */
  @Property({ type: 'date' })
  periodStart!: string;

  @Property({ type: 'bigint', default: 0 })
  requests = 0;

  @Property({ type: 'bigint', default: 0 })
  tokens = 0;

  @Property({ type: 'double', default: 0 })
  costUsd = 0;

  @Property({ type: 'bigint', default: 0 })
  reservedTokens = 0;

  @Property({ type: 'double', default: 0 })
  reservedCostUsd = 0;

  /** Which budget warnings and limit events were already published this period, e.g. `{"tokens:80": true}`. */
  @Property({ type: 'json', default: '{}' })
  alerts: Record<string, boolean> = {};
}

/** The limits of a workspace (`scope` = `workspace`) or of one of its keys (`scope` = the key's id). Null: no limit. */
@Entity({ tableName: 'usage_limit' })
@Filter(workspaceFilter)
@Unique({ name: 'usage_limit_scope_uniq', properties: ['workspace', 'scope'] })
export class UsageLimit {
  [OptionalProps]?: 'updatedAt';

  @PrimaryKey({ type: 'uuid' })
  id: string = uuidv7();

  @ManyToOne({ entity: () => Workspace, deleteRule: 'cascade' })
  workspace!: Workspace;

  @Property({ type: 'text' })
  scope!: string;

  @Property({ type: 'integer', nullable: true })
  requestsPerDay?: number | null;

  @Property({ type: 'bigint', nullable: true })
  tokensPerDay?: number | null;

  @Property({ type: 'bigint', nullable: true })
  tokensPerMonth?: number | null;

  @Property({ type: 'double', nullable: true })
  costPerDayUsd?: number | null;

  @Property({ type: 'double', nullable: true })
  costPerMonthUsd?: number | null;

  @Property({ type: 'datetime', defaultRaw: 'now()' })
  updatedAt: Date = new Date();
}

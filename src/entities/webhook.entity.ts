import { Entity, Enum, Filter, Index, ManyToOne, OptionalProps, PrimaryKey, Property, Unique } from '@mikro-orm/core';
import { v7 as uuidv7 } from 'uuid';
import { Workspace } from './workspace.entity';
import { workspaceFilter } from './workspace-scope';

/** A receiver of a workspace's events (README "Webhooks"). */
@Entity({ tableName: 'webhook_endpoint' })
@Filter(workspaceFilter)
@Index({ properties: ['workspace', 'createdAt'] })
export class WebhookEndpoint {
  [OptionalProps]?: 'createdAt' | 'active' | 'failingSince';

  @PrimaryKey({ type: 'uuid' })
  id: string = uuidv7();

  @ManyToOne({ entity: () => Workspace, deleteRule: 'cascade' })
  workspace!: Workspace;

  @Property({ type: 'text' })
  url!: string;

  /** Public event names, or ["*"]. */
  @Property({ type: 'json' })
  events!: string[];

  /** `whsec_…`: kept retrievable because every delivery is signed with it. */
  @Property({ type: 'text', hidden: true })
  secret!: string;

  /** The secret before the last rotation, still signing until `previousSecretExpiresAt`. */
  @Property({ type: 'text', nullable: true, hidden: true })
  previousSecret?: string | null;

  @Property({ type: 'datetime', nullable: true })
  previousSecretExpiresAt?: Date | null;

  @Property({ type: 'boolean', default: true })
  active = true;

  @Property({ type: 'text', nullable: true })
  disabledReason?: string | null;

  /** The first failed attempt since the last success: the auto-disable window counts from here. */
  @Property({ type: 'datetime', nullable: true })
  failingSince?: Date | null;

  @Property({ type: 'datetime', defaultRaw: 'now()' })
  createdAt: Date = new Date();
}

export enum DeliveryStatus {
  PENDING = 'PENDING',
  SUCCEEDED = 'SUCCEEDED',
  FAILED = 'FAILED',
  DEAD = 'DEAD',
}

/** One event for one endpoint; retried until it succeeds or dies. `eventId` is the `webhook-id`. */
@Entity({ tableName: 'webhook_delivery' })
@Filter(workspaceFilter)
@Unique({ properties: ['endpoint', 'eventId'] })
@Index({ properties: ['workspace', 'createdAt', 'id'] })
@Index({ properties: ['status', 'nextAttemptAt'] })
export class WebhookDelivery {
  [OptionalProps]?: 'createdAt' | 'attempts' | 'status';

  @PrimaryKey({ type: 'uuid' })
  id: string = uuidv7();

  @ManyToOne({ entity: () => Workspace, deleteRule: 'cascade' })
  workspace!: Workspace;

  @ManyToOne({ entity: () => WebhookEndpoint, deleteRule: 'cascade' })
  endpoint!: WebhookEndpoint;

  @Property({ type: 'text' })
  eventId!: string;

  @Property({ type: 'text' })
  event!: string;

  /** The exact body sent on every attempt (the signature covers it). */
  @Property({ type: 'text' })
  body!: string;

  @Enum({ items: () => DeliveryStatus, type: 'text', default: DeliveryStatus.PENDING })
  status: DeliveryStatus = DeliveryStatus.PENDING;

  @Property({ type: 'integer', default: 0 })
  attempts = 0;

  @Property({ type: 'integer', nullable: true })
  responseCode?: number | null;

  @Property({ type: 'double', nullable: true })
  latencyMs?: number | null;

  @Property({ type: 'text', nullable: true })
  lastError?: string | null;

  @Property({ type: 'datetime', nullable: true })
  nextAttemptAt?: Date | null;

  /** Until then another worker holds the attempt. */
  @Property({ type: 'datetime', nullable: true })
  leaseUntil?: Date | null;

  @Property({ type: 'datetime', nullable: true })
  deliveredAt?: Date | null;

  @Property({ type: 'datetime', defaultRaw: 'now()' })
  createdAt: Date = new Date();
}

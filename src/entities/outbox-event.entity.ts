import { Entity, Index, OptionalProps, PrimaryKey, Property } from '@mikro-orm/core';

/**
 * A durable domain event, written in the same transaction as the change it describes and dispatched at least once
 * to every durable subscriber (src/services/events). Not workspace-filtered: the dispatcher works across workspaces.
 */
@Entity({ tableName: 'outbox' })
// The dispatcher's claim: undispatched events that are due, oldest first.
@Index({
  name: 'outbox_due_idx',
  expression: `create index "outbox_due_idx" on "outbox" ("next_attempt_at", "id") where "dispatched_at" is null`,
})
export class OutboxEvent {
  [OptionalProps]?: 'attempts' | 'nextAttemptAt' | 'dispatchedAt' | 'lastError';

  /** The event id (UUID v7, so ids sort by time): the idempotency key subscribers and receivers dedupe on. */
  @PrimaryKey({ type: 'uuid' })
  id!: string;

  /** The catalogue name, e.g. `generation.completed`. */
  @Property({ type: 'text' })
  name!: string;

  /** The workspace the event belongs to; null for events of the installation itself. */
  @Property({ type: 'uuid', nullable: true })
  workspaceId!: string | null;

  @Property({ type: 'json' })
  payload!: Record<string, unknown>;

  @Property({ type: 'datetime' })
  occurredAt!: Date;

  /** When the dispatcher may hand the event to a queue (again): a lease, so a lost hand-over is retried. */
  @Property({ type: 'datetime', defaultRaw: 'now()' })
  nextAttemptAt: Date = new Date();

  /** Hand-overs so far. */
  @Property({ type: 'integer', default: 0 })
  attempts = 0;

  /** Set once every durable subscriber has handled the event. */
  @Property({ type: 'datetime', nullable: true })
  dispatchedAt?: Date | null;

  /** The last subscriber failure, for operators. */
  @Property({ type: 'text', nullable: true })
  lastError?: string | null;
}

/** Which durable subscriber handled which event: a subscriber never handles an event twice once this row exists. */
@Entity({ tableName: 'outbox_receipt' })
export class OutboxReceipt {
  @PrimaryKey({ type: 'uuid' })
  eventId!: string;

  @PrimaryKey({ type: 'text' })
  subscriber!: string;

  @Property({ type: 'datetime', defaultRaw: 'now()' })
  handledAt: Date = new Date();
}

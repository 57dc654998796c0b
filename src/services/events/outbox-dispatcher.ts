import type { EntityManager, MikroORM } from '@mikro-orm/postgresql';
import { OutboxEvent } from '../../entities';
import type { Logger } from '../../infra/logger';
import type { JobQueue } from '../../infra/queue';
import { annotateSpan, withSpan } from '../../infra/tracing-api';
import type { DomainEvents, DurableSink } from './domain-events';
import type { AnyDomainEvent, DomainEventName } from './event-catalog';

/** A subscriber that must see every durable event it listens to, at least once (webhooks, usage, alerts). */
export interface DurableSubscriber {
  /** Stable and unique: receipts are keyed by it, so renaming a subscriber makes it see old events again. */
  readonly name: string;
  readonly events: readonly DomainEventName[] | '*';
  /**
   * Handles one event. `tx` is the transaction its receipt is written in: database effects made with it happen
   * exactly once; other effects (an HTTP call) at least once, so dedupe them on `event.id`.
   */
  handle(event: AnyDomainEvent, tx: EntityManager): Promise<void>;
}

export interface OutboxDispatcherOptions {
  orm: MikroORM;
  /** Carries event ids to the processes that handle them (BullMQ on Redis, or in-process). */
  queue: JobQueue;
  subscribers: readonly DurableSubscriber[];
  /**
   * Receipt transactions run through it, so a subscriber's `events.transaction(tx, …)` joins the receipt's
   * transaction (one connection: the embedded database runs one transaction at a time, and a second connection
   * waiting on the first would wait for ever) and its events go out after the commit.
   */
  events?: DomainEvents;
  logger: Logger;
  /** How often a worker looks for events that are due (COPYDESK_OUTBOX_POLL_MS). */
  pollMs: number;
  /** How long a hand-over to the queue is trusted before the event is handed over again (COPYDESK_OUTBOX_LEASE_MS). */
  leaseMs: number;
  /** Handled events older than this are pruned (COPYDESK_OUTBOX_RETENTION_DAYS). */
  retentionDays: number;
  /** Events handled at once by this process. */
  concurrency: number;
}

const BATCH = 100;
const PRUNE_EVERY_MS = 10 * 60_000;

/**
 * Dispatches the outbox: hands committed events to the queue at once, sweeps for events whose hand-over was lost
 * (a process killed between commit and hand-over, Redis restarted, attempts used up), and runs every durable
 * subscriber once per event, recording a receipt in the subscriber's own transaction.
 */
export class OutboxDispatcher implements DurableSink {
  private timer?: NodeJS.Timeout;
  private sweeping?: Promise<void>;
  private lastPrune = 0;
  private stopped = false;

  constructor(private readonly options: OutboxDispatcherOptions) {}

  /** Hands just-committed events to the queue; a failure here is repaired by the sweep after the lease. */
  committed(eventIds: string[]): void {
    void this.handOver(eventIds).catch((error: unknown) =>
      this.options.logger.warn({ err: error, eventIds }, 'could not hand events to the queue; the sweep retries'),
    );
  }

  /** Starts handling events in this process (a worker) and sweeping for due ones. */
  start(): void {
    this.options.queue.process(
      (eventId) =>
        withSpan('outbox.handle', { 'copydesk.event.id': eventId }, () => this.handle(eventId), { root: true }),
      this.options.concurrency,
    );
    this.timer = setInterval(() => void this.sweep(), this.options.pollMs);
    this.timer.unref();
    void this.sweep();
  }

  /** Stops sweeping; the queue is closed by its owner. */
  async stop(): Promise<void> {
    this.stopped = true;
    clearInterval(this.timer);
    await this.sweeping;
  }

  /** Hands every due event to the queue, in batches; returns how many. */
  sweep(): Promise<void> {
    this.sweeping ??= this.sweepOnce().finally(() => {
      this.sweeping = undefined;
    });
    return this.sweeping;
  }

  private async sweepOnce(): Promise<void> {
    try {
      let claimed = BATCH;
      while (claimed === BATCH && !this.stopped) claimed = await this.handOver();
      if (Date.now() - this.lastPrune > PRUNE_EVERY_MS) await this.prune();
    } catch (error) {
      this.options.logger.warn({ err: error }, 'outbox sweep failed');
    }
  }

  /**
   * Claims due events (these ids, or the oldest due ones), pushes their lease forward and queues them. Rows another
   * process is claiming are skipped, not waited for.
   */
  private async handOver(ids?: string[]): Promise<number> {
    const connection = this.options.orm.em.getConnection();
    const only = ids ? `and id in (${ids.map(() => '?').join(', ')})` : '';
    const rows: { id: string }[] = await connection.execute(
      `update outbox set attempts = attempts + 1, next_attempt_at = now() + ? * interval '1 millisecond'
       where id in (
         select id from outbox where dispatched_at is null and next_attempt_at <= now() ${only}
         order by next_attempt_at, id limit ${BATCH} for update skip locked)
       returning id`,
      [this.options.leaseMs, ...(ids ?? [])],
    );
    for (const { id } of rows) await this.options.queue.enqueue(id);
    return rows.length;
  }

  /** Runs each durable subscriber that has not handled the event yet; throws (so the queue retries) if one fails. */
  async handle(eventId: string): Promise<void> {
    const em = this.options.orm.em.fork();
    const row = await em.findOne(OutboxEvent, { id: eventId });
    if (!row || row.dispatchedAt) return;
    const event = {
      id: row.id,
      name: row.name,
      workspaceId: row.workspaceId,
      occurredAt: row.occurredAt.toISOString(),
      payload: row.payload,
    } as AnyDomainEvent;
    const due = this.options.subscribers.filter((s) => s.events === '*' || s.events.includes(event.name));
    annotateSpan({ 'copydesk.event.name': event.name, 'copydesk.event.subscribers': due.length });
    const failures: string[] = [];
    for (const subscriber of due) {
      try {
        await this.deliver(em, subscriber, event);
      } catch (error) {
        failures.push(`${subscriber.name}: ${error instanceof Error ? error.message : String(error)}`);
        this.options.logger.warn(
          { err: error, eventId, event: event.name, subscriber: subscriber.name },
          'durable subscriber failed; the event will be retried',
        );
      }
    }
    await em.nativeUpdate(
      OutboxEvent,
      { id: eventId },
      failures.length > 0 ? { lastError: failures.join('; ').slice(0, 2_000) } : { dispatchedAt: new Date() },
    );
    if (failures.length > 0) throw new Error(`event ${eventId}: ${failures.join('; ')}`);
  }

  /** One subscriber, one event: the receipt and the subscriber's effects commit together, or neither. */
  private async deliver(em: EntityManager, subscriber: DurableSubscriber, event: AnyDomainEvent): Promise<void> {
    const { events } = this.options;
    const transaction = (work: (tx: EntityManager) => Promise<void>) =>
      events ? events.transaction(em, (tx) => work(tx)) : em.transactional(work);
    await transaction(async (tx) => {
      const inserted = (await tx
        .getConnection()
        .execute(
          'insert into outbox_receipt (event_id, subscriber) values (?, ?) on conflict do nothing',
          [event.id, subscriber.name],
          'run',
          tx.getTransactionContext(),
        )) as unknown as { affectedRows: number };
      // Another process handled it first (its receipt committed while this insert waited on it).
      if (inserted.affectedRows !== 1) return;
      await subscriber.handle(event, tx);
    });
  }

  private async prune(): Promise<void> {
    this.lastPrune = Date.now();
    const connection = this.options.orm.em.getConnection();
    const days = this.options.retentionDays;
    await connection.execute(`delete from outbox where dispatched_at < now() - ? * interval '1 day'`, [days], 'run');
    await connection.execute(
      `delete from outbox_receipt where handled_at < now() - ? * interval '1 day'`,
      [days],
      'run',
    );
  }
}

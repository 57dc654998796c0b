import type { EntityManager } from '@mikro-orm/postgresql';
import { v7 as uuidv7 } from 'uuid';
import { OutboxEvent } from '../../entities';
import type { Logger } from '../../infra/logger';
import {
  type AnyDomainEvent,
  type DomainEvent,
  type DomainEventCatalog,
  type DomainEventName,
  isDurable,
  type TransientEventName,
} from './event-catalog';

/** Records an event inside `DomainEvents.transaction`: durable ones are written with the change. */
export type Emit = <N extends DomainEventName>(
  name: N,
  workspaceId: string | null,
  payload: DomainEventCatalog[N],
) => void;

/**
 * The port services publish domain events through. Services know nothing of GraphQL, Redis or webhooks: adapters
 * listen at the composition root.
 */
export interface DomainEvents {
  /** A transient event (TOKEN deltas, stage changes): to this process's live listeners now; nothing is stored. */
  publish<N extends TransientEventName>(name: N, workspaceId: string | null, payload: DomainEventCatalog[N]): void;
  /**
   * Runs `work` in one database transaction. Durable events it emits are written to the outbox in that
   * transaction; after the commit every emitted event reaches the live listeners, and the durable ones the
   * dispatcher. When `work` throws, nothing is written and nothing is published. Given the EntityManager of
   * another `transaction` still open (a durable subscriber's `tx`), it joins it (a savepoint on the same connection)
   * and its events wait for the outer commit.
   */
  transaction<T>(em: EntityManager, work: (tx: EntityManager, emit: Emit) => Promise<T>): Promise<T>;
}

/** Takes the ids of durable events just committed (the outbox dispatcher). */
export interface DurableSink {
  committed(eventIds: string[]): void;
}

type Listener = (event: AnyDomainEvent) => void;

/**
 * Runs inside every `transaction`, after its work and before the commit, with the EntityManager the service passed
 * and the events it emitted: a hook's writes commit with the change or not at all (the audit log).
 */
export type TransactionHook = (
  em: EntityManager,
  tx: EntityManager,
  events: readonly AnyDomainEvent[],
) => Promise<void>;

function occurrence<N extends DomainEventName>(
  name: N,
  workspaceId: string | null,
  payload: DomainEventCatalog[N],
): DomainEvent<N> {
  return { id: uuidv7(), name, workspaceId, occurredAt: new Date().toISOString(), payload };
}

/**
 * The in-process side of domain events: live listeners by event name, and the hand-over of committed durable
 * events to the dispatcher. A listener's failure is logged and never reaches the publisher.
 */
export class EventHub implements DomainEvents {
  private readonly listeners = new Map<DomainEventName | '*', Set<Listener>>();
  private sink?: DurableSink;
  private readonly hooks: TransactionHook[] = [];
  /** Open outermost transactions (by their driver transaction) → the events of transactions nested in them. */
  private readonly open = new WeakMap<object, AnyDomainEvent[]>();

  constructor(private readonly logger: Logger) {}

  /** Calls `listener` with every event of `name` (or every event, for '*') published in this process. */
  on<N extends DomainEventName>(name: N | '*', listener: (event: DomainEvent<N>) => void): () => void {
    const set = this.listeners.get(name) ?? new Set();
    set.add(listener as Listener);
    this.listeners.set(name, set);
    return () => set.delete(listener as Listener);
  }

  /** Adds a hook that runs inside every transaction before it commits; set by the composition root. */
  beforeCommit(hook: TransactionHook): void {
    this.hooks.push(hook);
  }

  /** Where committed durable events go; set once by the composition root. */
  connect(sink: DurableSink): void {
    this.sink = sink;
  }

  publish<N extends TransientEventName>(name: N, workspaceId: string | null, payload: DomainEventCatalog[N]): void {
    this.deliver(occurrence(name, workspaceId, payload) as AnyDomainEvent);
  }

  async transaction<T>(em: EntityManager, work: (tx: EntityManager, emit: Emit) => Promise<T>): Promise<T> {
    const context = em.getTransactionContext() as object | undefined;
    const outer = context ? this.open.get(context) : undefined;
    if (outer) {
      // Inside another of these transactions (a durable subscriber given the dispatcher's): a savepoint on the same
      // connection, and its events go out when the outermost one commits, not before.
      const { result, emitted } = await this.run(em, work, outer);
      outer.push(...emitted);
      return result;
    }
    const joined: AnyDomainEvent[] = [];
    const { result, emitted } = await this.run(em, work, joined);
    const all = [...emitted, ...joined];
    for (const event of all) this.deliver(event);
    const durable = all.filter((event) => isDurable(event.name)).map((event) => event.id);
    if (durable.length > 0) this.sink?.committed(durable);
    return result;
  }

  /** The work, its outbox rows and the hooks in one (possibly nested) transaction; `joined` collects nested ones' events. */
  private async run<T>(
    em: EntityManager,
    work: (tx: EntityManager, emit: Emit) => Promise<T>,
    joined: AnyDomainEvent[],
  ): Promise<{ result: T; emitted: AnyDomainEvent[] }> {
    const emitted: AnyDomainEvent[] = [];
    const result = await em.transactional(async (tx) => {
      const context = tx.getTransactionContext() as object | undefined;
      const fresh = context !== undefined && !this.open.has(context);
      if (fresh) this.open.set(context, joined);
      try {
        const emit: Emit = (name, workspaceId, payload) => {
          const event = occurrence(name, workspaceId, payload);
          emitted.push(event as AnyDomainEvent);
          if (!isDurable(name)) return;
          tx.persist(
            tx.create(OutboxEvent, {
              id: event.id,
              name,
              workspaceId,
              payload: payload as unknown as Record<string, unknown>,
              occurredAt: new Date(event.occurredAt),
            }),
          );
        };
        const value = await work(tx, emit);
        for (const hook of this.hooks) await hook(em, tx, emitted);
        return value;
      } finally {
        if (fresh) this.open.delete(context);
      }
    });
    return { result, emitted };
  }

  private deliver(event: AnyDomainEvent): void {
    for (const key of [event.name, '*'] as const) {
      for (const listener of this.listeners.get(key) ?? []) {
        try {
          listener(event);
        } catch (error) {
          this.logger.error({ err: error, event: event.name, eventId: event.id }, 'event listener failed');
        }
      }
    }
  }
}

import type { EntityManager } from '@mikro-orm/postgresql';
import type { AnyDomainEvent } from '../events/event-catalog';
import type { DurableSubscriber } from '../events/outbox-dispatcher';
import { MAPPED_DOMAIN_EVENTS, messageId, WEBHOOK_MAPPING } from './webhook-events';

/**
 * Turns durable domain events into delivery rows inside the outbox receipt's transaction: one row per matching
 * active endpoint, made exactly once (the receipt, and a unique (endpoint, event id) besides). Installation-wide
 * events (workspace null) reach every workspace's subscribed endpoints. `onCommitted` wakes the delivery worker.
 */
export function webhookSubscriber(onCommitted: () => void): DurableSubscriber {
  return {
    name: 'webhooks',
    events: MAPPED_DOMAIN_EVENTS,
    async handle(event: AnyDomainEvent, tx: EntityManager) {
      const messages = WEBHOOK_MAPPING[event.name]?.(event) ?? [];
      let inserted = 0;
      for (const [index, message] of messages.entries()) {
        const body = JSON.stringify({ type: message.type, timestamp: event.occurredAt, data: message.data });
        const result = (await tx.getConnection().execute(
          `insert into webhook_delivery (id, workspace_id, endpoint_id, event_id, event, body, next_attempt_at)
           select gen_random_uuid(), e.workspace_id, e.id, ?, ?, ?, now() from webhook_endpoint e
           where e.active and (e.workspace_id = ? or ?::uuid is null)
             and (e.events @> to_jsonb(?::text) or e.events @> '"*"'::jsonb)
           on conflict (endpoint_id, event_id) do nothing`,
          [messageId(event.id, index), message.type, body, event.workspaceId, event.workspaceId, message.type],
          'run',
          tx.getTransactionContext(),
        )) as unknown as { affectedRows: number };
        inserted += result.affectedRows;
      }
      // The receipt's transaction commits right after this returns; a kick a moment early only finds nothing.
      if (inserted > 0) setImmediate(onCommitted);
    },
  };
}

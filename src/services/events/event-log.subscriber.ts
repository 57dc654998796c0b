import type { Logger } from '../../infra/logger';
import type { DurableSubscriber } from './outbox-dispatcher';

/**
 * Logs every durable event once, with its id and workspace (never its payload, which may hold customer copy): an
 * operator's trail of what changed, and the outbox's built-in subscriber until webhooks, usage and alerts arrive.
 */
export function eventLogSubscriber(logger: Logger): DurableSubscriber {
  return {
    name: 'event-log',
    events: '*',
    async handle(event) {
      logger.info(
        { eventId: event.id, event: event.name, workspaceId: event.workspaceId, occurredAt: event.occurredAt },
        'domain event',
      );
    },
  };
}

import { setMaxListeners } from 'node:events';
import { createRedisEventTarget } from '@graphql-yoga/redis-event-target';
import { createPubSub, type PubSub } from '@graphql-yoga/subscription';
import { Redis } from 'ioredis';
import type { Logger } from './logger';

/** Topic name → [key, payload], as `@graphql-yoga/subscription` types them. */
export type Topics = Record<string, [string, unknown]>;

export interface EventBus<T extends Topics> {
  pubsub: PubSub<T>;
  close(): Promise<void>;
}

/**
 * In-process events without Redis; with Redis, every instance sees every event (one Redis subscription per
 * job channel per process, fanned out locally to that process's subscribers).
 */
export function createEventBus<T extends Topics>(logger: Logger, redisUrl?: string): EventBus<T> {
  if (!redisUrl) {
    const eventTarget = new EventTarget();
    // One listener per subscriber of a job: thousands on one job are expected, not a leak worth a warning.
    setMaxListeners(0, eventTarget);
    return { pubsub: createPubSub<T>({ eventTarget: eventTarget as never }), close: async () => {} };
  }
  const publishClient = new Redis(redisUrl, { connectionName: 'copydesk-pub', maxRetriesPerRequest: 2 });
  const subscribeClient = new Redis(redisUrl, { connectionName: 'copydesk-sub', maxRetriesPerRequest: null });
  const log = logger.child({ module: 'events' });
  publishClient.on('error', (error) => log.warn({ err: error }, 'redis publish connection error'));
  subscribeClient.on('error', (error) => log.warn({ err: error }, 'redis subscribe connection error'));
  const eventTarget = createRedisEventTarget({ publishClient, subscribeClient });
  return {
    pubsub: createPubSub<T>({ eventTarget: eventTarget as never }),
    async close() {
      publishClient.disconnect();
      subscribeClient.disconnect();
    },
  };
}

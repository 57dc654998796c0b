import { setMaxListeners } from 'node:events';
import { createRedisEventTarget } from '@graphql-yoga/redis-event-target';
import { createPubSub, type PubSub } from '@graphql-yoga/subscription';
import { Redis } from 'ioredis';
import { localFanout, type Merge } from './local-fanout';
import type { Logger } from './logger';

const PUBLISH_WARNING_EVERY_MS = 5_000;

/** Topic name → [key, payload], as `@graphql-yoga/subscription` types them. */
export type Topics = Record<string, [string, unknown]>;

export interface EventBus<T extends Topics> {
  pubsub: PubSub<T>;
  close(): Promise<void>;
}

/**
 * In-process events without Redis; with Redis, every instance sees every event (one Redis subscription per
 * job channel per process). Either way a channel's subscribers in this process share one subscription
 * (`localFanout`), and `merges` may fold a lagging subscriber's queued events, per topic.
 */
export function createEventBus<T extends Topics>(
  logger: Logger,
  redisUrl?: string,
  merges: Partial<Record<keyof T, Merge>> = {},
): EventBus<T> {
  if (!redisUrl) {
    const eventTarget = new EventTarget();
    // Listeners are per channel, not per subscriber; many channels at once are expected, not a leak.
    setMaxListeners(0, eventTarget);
    return {
      pubsub: localFanout(createPubSub<T>({ eventTarget: eventTarget as never }), merges),
      close: async () => {},
    };
  }
  const publishClient = new Redis(redisUrl, { connectionName: 'copydesk-pub', maxRetriesPerRequest: 2 });
  const subscribeClient = new Redis(redisUrl, { connectionName: 'copydesk-sub', maxRetriesPerRequest: null });
  const log = logger.child({ module: 'events' });
  publishClient.on('error', (error) => log.warn({ err: error }, 'redis publish connection error'));
  subscribeClient.on('error', (error) => log.warn({ err: error }, 'redis subscribe connection error'));
  // The event target publishes without handling the answer: while Redis is away a failed publish would be an
  // unhandled rejection, which ends the process. Failures are logged (at most every few seconds) instead.
  let lastWarning = 0;
  const publisher = {
    publish: (channel: string, message: string) =>
      publishClient.publish(channel, message).catch((error: unknown) => {
        if (Date.now() - lastWarning > PUBLISH_WARNING_EVERY_MS) {
          lastWarning = Date.now();
          log.warn({ err: error }, 'could not publish a live event: Redis is unavailable');
        }
        return 0;
      }),
  } as unknown as Redis;
  // Subscribing and unsubscribing are not awaited either (a subscriber leaving while Redis is away, or at close).
  const subscriber = new Proxy(subscribeClient, {
    get(target, property, receiver) {
      const value = Reflect.get(target, property, receiver);
      if ((property !== 'subscribe' && property !== 'unsubscribe') || typeof value !== 'function') {
        return typeof value === 'function' ? value.bind(target) : value;
      }
      return (...channels: string[]) =>
        (value as (...args: string[]) => Promise<unknown>).apply(target, channels).catch((error: unknown) => {
          log.debug({ err: error, command: property }, 'redis subscription command failed');
          return 0;
        });
    },
  });
  const eventTarget = createRedisEventTarget({ publishClient: publisher, subscribeClient: subscriber });
  return {
    pubsub: localFanout(createPubSub<T>({ eventTarget: eventTarget as never }), merges),
    async close() {
      publishClient.disconnect();
      subscribeClient.disconnect();
    },
  };
}

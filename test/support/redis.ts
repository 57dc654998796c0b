import { Redis } from 'ioredis';
import { inject } from 'vitest';

/** Deletes every key under each `prefix:` in the run's Redis (a file's BullMQ queues and the like). */
export async function deleteRedisKeys(prefixes: string[]): Promise<void> {
  const redis = new Redis(inject('redisUrl'), { maxRetriesPerRequest: 2 });
  try {
    for (const prefix of prefixes) {
      let cursor = '0';
      do {
        const [next, keys] = await redis.scan(cursor, 'MATCH', `${prefix}:*`, 'COUNT', 500);
        if (keys.length > 0) await redis.del(...keys);
        cursor = next;
      } while (cursor !== '0');
    }
  } finally {
    redis.disconnect();
  }
}

/** How many connections are subscribed to a pub/sub channel: a server listens on `<topic>:<id>` per stream. */
export async function subscriberCount(redis: Redis, channel: string): Promise<number> {
  const [, count] = (await redis.pubsub('NUMSUB', channel)) as [string, number];
  return Number(count);
}

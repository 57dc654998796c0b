import { Redis } from 'ioredis';
import type { Logger } from './logger';

export type { Redis };

/** A Redis client for commands; BullMQ and pub/sub make their own connections from the same URL. */
export function createRedis(url: string, logger: Logger, maxRetriesPerRequest = 2): Redis {
  const client = new Redis(url, { maxRetriesPerRequest, enableOfflineQueue: true, connectionName: 'copydesk' });
  const log = logger.child({ module: 'redis' });
  client.on('error', (error) => log.warn({ err: error }, 'redis error'));
  return client;
}

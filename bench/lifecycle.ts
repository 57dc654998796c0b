import { randomBytes } from 'node:crypto';
import { createLogger } from '../src/infra/logger';
import { createRedis } from '../src/infra/redis';
import { type BenchDatabase, createBenchDatabase } from './database';

/** Undo steps, run last-registered first: servers close before the database they use is dropped. */
export type Cleanups = (() => Promise<void>)[];

/**
 * Runs `work` and then every cleanup it registered, once, whether it ends, fails or is interrupted (Ctrl-C,
 * SIGTERM: the cleanups run, then the process exits with 130). A failed cleanup is printed and the others still run.
 */
export async function withCleanups(work: (cleanups: Cleanups) => Promise<void>): Promise<void> {
  const cleanups: Cleanups = [];
  let cleaning: Promise<void> | undefined;
  const cleanUp = () => {
    cleaning ??= (async () => {
      for (const cleanup of cleanups.reverse()) await cleanup().catch((error: unknown) => console.error(error));
    })();
    return cleaning;
  };
  // `on`, not `once`: Ctrl-C reaches this process twice (from the terminal and relayed by tsx), and a second,
  // unhandled SIGINT would kill it before the database is dropped.
  const interrupt = (signal: NodeJS.Signals) => {
    if (cleaning) return;
    console.error(`${signal}: cleaning up`);
    cleanUp().finally(() => process.exit(130));
  };
  process.on('SIGINT', interrupt);
  process.on('SIGTERM', interrupt);
  try {
    await work(cleanups);
  } finally {
    await cleanUp();
    process.off('SIGINT', interrupt);
    process.off('SIGTERM', interrupt);
  }
}

/** A fresh database, dropped at clean-up after everything registered later (the servers using it) has closed. */
export async function benchDatabase(cleanups: Cleanups): Promise<BenchDatabase> {
  const database = await createBenchDatabase();
  cleanups.push(async () => {
    await database.drop();
    console.log(`dropped ${database.name}`);
  });
  return database;
}

/**
 * A Redis key prefix of this run's own (`bench-<name>-<random>`, for COPYDESK_QUEUE_PREFIX), whose keys are deleted
 * at clean-up.
 */
export function benchRedisPrefix(name: string, redisUrl: string, cleanups: Cleanups): string {
  const prefix = `bench-${name}-${randomBytes(3).toString('hex')}`;
  const redis = createRedis(redisUrl, createLogger('silent'));
  cleanups.push(async () => {
    const keys = await redis.keys(`${prefix}:*`);
    if (keys.length > 0) await redis.del(...keys);
    redis.disconnect();
  });
  return prefix;
}

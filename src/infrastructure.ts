import type { MikroORM } from '@mikro-orm/postgresql';
import type { Config } from './infra/config';
import { type EmbeddedDatabase, startEmbeddedDatabase } from './infra/embedded-db';
import type { Logger } from './infra/logger';
import { openOrm } from './infra/orm';
import { createEventBus, type EventBus } from './infra/pubsub';
import { BullMqJobQueue, InProcessJobQueue, type JobQueue } from './infra/queue';
import { createRedis, type Redis } from './infra/redis';
import { GenerationRunner } from './services/generation/generation.runner';
import { GenerationService } from './services/generation/generation.service';
import type { StreamTopics } from './services/generation/generation-stream.types';
import { costOf } from './services/generation/pricing';
import { createProvider, priceOverrides } from './services/generation/providers';
import { TemplateCatalogService } from './services/templates/template-catalog.service';

export interface Infrastructure {
  orm: MikroORM;
  redis?: Redis;
  embedded?: EmbeddedDatabase;
  events: EventBus<StreamTopics>;
  queue: JobQueue;
  close(): Promise<void>;
}

/** Opens the database (PostgreSQL or the embedded PGlite), applies migrations, connects Redis, queue and events. */
export async function openInfrastructure(config: Config, logger: Logger, migrate = true): Promise<Infrastructure> {
  const embedded = config.DATABASE_URL
    ? undefined
    : await startEmbeddedDatabase(config.COPYDESK_DATA_DIR, config.COPYDESK_DB_POOL_MAX + 2);
  try {
    const url = config.DATABASE_URL ?? embedded?.url ?? '';
    const orm = await openOrm({ url, poolMax: config.COPYDESK_DB_POOL_MAX, logger, migrate });
    const redis = config.REDIS_URL ? createRedis(config.REDIS_URL, logger) : undefined;
    const events = createEventBus<StreamTopics>(logger, config.REDIS_URL);
    const queue: JobQueue = config.REDIS_URL
      ? new BullMqJobQueue({
          redisUrl: config.REDIS_URL,
          queueName: 'generation',
          prefix: config.COPYDESK_QUEUE_PREFIX,
          logger,
          lockDurationMs: config.COPYDESK_QUEUE_LOCK_MS,
        })
      : new InProcessJobQueue(logger.child({ module: 'queue' }));
    return {
      orm,
      redis,
      embedded,
      events,
      queue,
      async close() {
        await queue.close();
        await events.close();
        await orm.close();
        // quit() waits for a server that may be gone; only a ready connection gets a polite goodbye.
        if (redis?.status === 'ready') await redis.quit().catch(() => redis.disconnect());
        else redis?.disconnect();
        await embedded?.stop();
      },
    };
  } catch (error) {
    await embedded?.stop();
    throw error;
  }
}

export interface Generation {
  service: GenerationService;
  runner: GenerationRunner;
  /** Starts consuming the queue in this process, after re-queuing jobs a crash left unfinished. */
  startWorker(): Promise<void>;
}

/** The generation engine over the infrastructure: the service API processes call, and the runner workers run. */
export function createGeneration(config: Config, infra: Infrastructure, logger: Logger): Generation {
  const provider = createProvider(config);
  const prices = priceOverrides(config);
  const service = new GenerationService({
    orm: infra.orm,
    queue: infra.queue,
    pubsub: infra.events.pubsub,
    providerName: provider.name,
    templates: new TemplateCatalogService(),
    logger: logger.child({ module: 'generation' }),
  });
  const runner = new GenerationRunner({
    orm: infra.orm,
    pubsub: infra.events.pubsub,
    provider,
    logger: logger.child({ module: 'runner' }),
    llmConcurrency: config.COPYDESK_LLM_CONCURRENCY,
    tokenFlushMs: config.COPYDESK_TOKEN_FLUSH_MS,
    price: (usage) => costOf(usage, prices).costUsd,
  });
  return {
    service,
    runner,
    async startWorker() {
      // Re-queue before consuming: the in-process queue skips ids still pending, but not ids already taken, so
      // a job queued before the worker started would otherwise run twice.
      const recovered = await service.recover();
      if (recovered > 0) logger.info({ recovered }, 're-queued unfinished generation jobs');
      infra.queue.process((jobId) => runner.run(jobId), config.COPYDESK_WORKER_CONCURRENCY);
    },
  };
}

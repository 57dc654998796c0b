import type { MikroORM } from '@mikro-orm/postgresql';
import type { Config } from './infra/config';
import { type EmbeddedDatabase, startEmbeddedDatabase } from './infra/embedded-db';
import { type LlmCache, MemoryLlmCache, NoLlmCache, RedisLlmCache } from './infra/llm-cache';
import type { Logger } from './infra/logger';
import { Metrics } from './infra/metrics';
import { openOrm } from './infra/orm';
import { createEventBus, type EventBus } from './infra/pubsub';
import { BullMqJobQueue, InProcessJobQueue, type JobQueue } from './infra/queue';
import { createRedis, type Redis } from './infra/redis';
import { resiliencePolicies } from './infra/resilience';
import { MemoryScratchpad, RedisScratchpad, type Scratchpad } from './infra/scratchpad';
import { AnalyticsService } from './services/analytics/analytics.service';
import { EngagementService } from './services/analytics/engagement.service';
import { ExperimentService, experimentSubscriber } from './services/analytics/experiment.service';
import { AuditService } from './services/audit/audit.service';
import { ApiKeyService } from './services/auth/api-key.service';
import { BrandService } from './services/brand/brand.service';
import { CampaignService } from './services/campaigns/campaign.service';
import { EventHub } from './services/events/domain-events';
import { eventLogSubscriber } from './services/events/event-log.subscriber';
import { type DurableSubscriber, OutboxDispatcher } from './services/events/outbox-dispatcher';
import { ExportService } from './services/export/export.service';
import { GenerationEstimator } from './services/generation/estimate';
import { GenerationRunner, type JobSignals } from './services/generation/generation.runner';
import { GenerationService } from './services/generation/generation.service';
import { relayGenerationEvents, type StreamBus, TOKEN_MERGE } from './services/generation/generation-stream';
import type { StreamTopics } from './services/generation/generation-stream.types';
import { JobService } from './services/generation/job.service';
import { JobReconciler } from './services/generation/job-reconciler';
import { costOf } from './services/generation/pricing';
import { createAnswerCache, createProvider, estimateModel, priceOverrides } from './services/generation/providers';
import type { LlmUsage } from './services/generation/providers/llm-provider';
import { createHealth, type HealthParts } from './services/health/health.factory';
import { registerHealthGauge } from './services/health/health-metrics';
import type { HealthMonitor } from './services/health/health-monitor';
import { ContentCheckService } from './services/quality/content-check.service';
import { RateLimitService } from './services/rate-limit/rate-limit.service';
import { ReviewService } from './services/review/review.service';
import { ReviewLinkService } from './services/review/review-link.service';
import { PostPublisher, postSubscribers } from './services/scheduling/post-publisher';
import { ScheduleService } from './services/scheduling/schedule.service';
import { TemplateCatalogService } from './services/templates/template-catalog.service';
import { type MeteredCall, MeteredProvider } from './services/usage/metered-provider';
import { UsageService } from './services/usage/usage.service';
import { type Clock, systemClock } from './services/usage/usage-period';
import { usageReleaseSubscriber } from './services/usage/usage-release.subscriber';
import { VersionService } from './services/versions/version.service';
import type { WebhookService } from './services/webhooks/webhook.service';
import { createWebhooks, type Webhooks } from './services/webhooks/webhooks.wiring';
import { ContentUpdatesService, relayContentEvents } from './services/workflow/content-stream';
import { WorkspaceService } from './services/workspaces/workspace.service';

/** The outside world Copydesk runs on: database, Redis, queues, pub/sub. Two shapes (ARCHITECTURE.md). */
export interface Infrastructure {
  orm: MikroORM;
  redis?: Redis;
  embedded?: EmbeddedDatabase;
  streams: EventBus<StreamTopics>;
  scratchpad: Scratchpad;
  /** The LLM response cache: Redis when configured, else an in-process LRU; off when COPYDESK_CACHE_TTL_S=0. */
  llmCache: LlmCache;
  queues: { generation: JobQueue; events: JobQueue };
  close(): Promise<void>;
}

/** A day: how long a running job's stream state may outlive a worker that died without clearing it. */
const SCRATCH_TTL_S = 86_400;

function openQueue(config: Config, logger: Logger, name: string, keepFinished: boolean): JobQueue {
  const { queue, redis } = resiliencePolicies(config);
  const retry = { attempts: queue.attempts, backoffMs: queue.backoffMs, outageDelayMs: queue.outageDelayMs };
  if (!config.REDIS_URL) return new InProcessJobQueue(logger.child({ module: 'queue', queue: name }), retry);
  return new BullMqJobQueue({
    redisUrl: config.REDIS_URL,
    queueName: name,
    prefix: config.COPYDESK_QUEUE_PREFIX,
    logger,
    lockDurationMs: queue.lockMs,
    enqueueTimeoutMs: redis.enqueueTimeoutMs,
    retry,
    keepFinished,
  });
}

function openLlmCache(config: Config, logger: Logger, redis: Redis | undefined): LlmCache {
  if (config.COPYDESK_CACHE_TTL_S === 0) return new NoLlmCache();
  if (redis) return new RedisLlmCache(redis, config.COPYDESK_QUEUE_PREFIX, logger.child({ module: 'llm-cache' }));
  return new MemoryLlmCache({
    maxEntries: config.COPYDESK_CACHE_MAX_ENTRIES,
    maxChars: config.COPYDESK_CACHE_MAX_CHARS,
  });
}

/** Opens the database (PostgreSQL or the embedded PGlite), applies migrations, connects Redis, queues and streams. */
export async function openInfrastructure(config: Config, logger: Logger, migrate = true): Promise<Infrastructure> {
  const embedded = config.DATABASE_URL
    ? undefined
    : await startEmbeddedDatabase(
        config.COPYDESK_DATA_DIR,
        config.COPYDESK_DB_POOL_MAX + 2,
        config.COPYDESK_EMBEDDED_SHARED_BUFFERS_MB,
      );
  try {
    const url = config.DATABASE_URL ?? embedded?.url ?? '';
    const policies = resiliencePolicies(config);
    const orm = await openOrm({ url, ...policies.database, logger, migrate });
    const redis = config.REDIS_URL
      ? createRedis(config.REDIS_URL, logger, policies.redis.maxRetriesPerRequest)
      : undefined;
    const streams = createEventBus<StreamTopics>(logger, config.REDIS_URL, {
      generation: TOKEN_MERGE,
      generationBatched: TOKEN_MERGE,
    });
    const queues = {
      generation: openQueue(config, logger, 'generation', true),
      events: openQueue(config, logger, 'events', false),
    };
    return {
      orm,
      redis,
      embedded,
      streams,
      scratchpad: redis
        ? new RedisScratchpad(redis, config.COPYDESK_QUEUE_PREFIX, SCRATCH_TTL_S)
        : new MemoryScratchpad(),
      llmCache: openLlmCache(config, logger, redis),
      queues,
      async close() {
        await queues.generation.close();
        await queues.events.close();
        await streams.close();
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

/** The services resolvers call, one instance each per process. */
export interface Services {
  apiKeys: ApiKeyService;
  workspaces: WorkspaceService;
  campaigns: CampaignService;
  jobs: JobService;
  generation: GenerationService;
  brand: BrandService;
  templates: TemplateCatalogService;
  contentCheck: ContentCheckService;
  usage: UsageService;
  audit: AuditService;
  /** This process's health monitor (checks, latest report, alerts). */
  health: HealthMonitor;
  /** Webhook endpoints and deliveries of the workspace (Standard Webhooks). */
  webhooks: WebhookService;
  /** Campaigns as Markdown, CSV or JSON files. */
  exports: ExportService;
  /** Variants' versions: edits and restores. */
  versions: VersionService;
  /** Review and approval of exact versions. */
  review: ReviewService;
  /** The live `contentUpdates` feed of a campaign's versions, reviews and posts. */
  contentUpdates: ContentUpdatesService;
  /** Scheduling: posts, series, the calendar, posting times. */
  schedule: ScheduleService;
  /** Review links: review by a client without an API key. */
  reviewLinks: ReviewLinkService;
  /** Engagement ingestion: rows, CSV, the /ingest/engagement route. */
  engagement: EngagementService;
  /** Campaign analytics: totals, per platform and variant, cost and ROI. */
  analytics: AnalyticsService;
  /** A/B(/n) experiments with a fixed horizon. */
  experiments: ExperimentService;
}

/** What tests and embedders may replace or add. */
export interface ServiceOverrides {
  /** More durable subscribers, after the built-in ones. */
  subscribers?: DurableSubscriber[];
  /** The time usage periods are counted in and posts fall due by (tests cross days, months and due times with it). */
  clock?: Clock;
}

export interface Copydesk {
  services: Services;
  events: EventHub;
  /** The live streams' bus, which the GraphQL schema needs too. */
  streams: StreamBus;
  /** Where clients reach this server (review links); `fixed` when COPYDESK_PUBLIC_URL sets it, else listen() does. */
  publicUrl: { current: string; fixed: boolean };
  runner: GenerationRunner;
  dispatcher: OutboxDispatcher;
  /** Request budgets per client IP, per API key and for generation (the HTTP and WebSocket edge applies them). */
  rateLimits: RateLimitService;
  /** This process's Prometheus metrics. */
  metrics: Metrics;
  /** This process's health checks and worker heartbeat. */
  health: HealthParts;
  /** Starts this process's worker: generation jobs and outbox events (after re-queuing what a crash left). */
  startWorker(): Promise<void>;
  /** Stops the worker's loops and aborts running jobs (they resume elsewhere or after a restart). */
  stop(): Promise<void>;
}

/** The process's metrics: generation outcomes from domain events, queue depth and outbox lag read when scraped. */
function processMetrics(infra: Infrastructure, events: EventHub): Metrics {
  const metrics = new Metrics();
  events.on('generation.completed', () => metrics.jobs.inc({ outcome: 'succeeded' }));
  events.on('generation.failed', () => metrics.jobs.inc({ outcome: 'failed' }));
  events.on('generation.cancelled', () => metrics.jobs.inc({ outcome: 'cancelled' }));
  const scalar = async (sql: string): Promise<number | null> => {
    const [row] = await infra.orm.em.getConnection().execute<{ value: number | string | null }[]>(sql);
    return row?.value === null || row?.value === undefined ? 0 : Number(row.value);
  };
  metrics.gauge('copydesk_generation_queue_depth', 'Generation jobs waiting (QUEUED), all workspaces.', () =>
    scalar(`select count(*) as value from generation_job where status = 'QUEUED'`),
  );
  metrics.gauge('copydesk_generation_queue_oldest_seconds', 'Age of the oldest waiting generation job.', () =>
    scalar(`select extract(epoch from now() - min(created_at)) as value from generation_job where status = 'QUEUED'`),
  );
  metrics.gauge(
    'copydesk_outbox_lag_seconds',
    'Age of the oldest durable event not yet handled by every subscriber.',
    () =>
      scalar(`select extract(epoch from now() - min(occurred_at)) as value from outbox where dispatched_at is null`),
  );
  return metrics;
}

/** One model call in the metrics: labels are the model, the operation and the cache's answer, never ids. */
function recordCall(metrics: Metrics, call: MeteredCall): void {
  const { model } = call;
  metrics.llmCalls.inc({ model, operation: call.operation, cache: call.cacheHit ? 'hit' : 'miss' });
  metrics.llmTokens.inc({ model, kind: 'prompt' }, call.promptTokens);
  metrics.llmTokens.inc({ model, kind: 'completion' }, call.completionTokens);
  metrics.llmTokens.inc({ model, kind: 'cached' }, call.cachedTokens);
  metrics.llmCost.inc({ model }, call.costUsd);
  metrics.llmDuration.observe({ model }, call.latencyMs / 1000);
}

/** A job cancelled in any process reaches the worker running it through the streams (Redis when configured). */
function cancelSignals(streams: StreamBus): JobSignals {
  return {
    watchCancel(jobId, onCancel) {
      const events = streams.subscribe('generation', jobId);
      void (async () => {
        for await (const event of events) if (event.type === 'CANCELLED') onCancel();
      })();
      return () => void events.return();
    },
  };
}

/**
 * The one composition root: every service, subscriber and adapter is built and wired here, for `serve`,
 * `worker` and the CLI alike. Config is the only source of defaults.
 */
export function createServices(
  config: Config,
  infra: Infrastructure,
  logger: Logger,
  overrides: ServiceOverrides = {},
): Copydesk {
  const events = new EventHub(logger.child({ module: 'events' }));
  const streams = infra.streams.pubsub;
  relayGenerationEvents(events, streams);
  relayContentEvents(events, streams, infra.orm, logger.child({ module: 'content-stream' }));
  const metrics = processMetrics(infra, events);
  const audit = new AuditService(infra.orm, logger.child({ module: 'audit' }));
  // A mutation's audit entry commits with its change.
  events.beforeCommit((em, tx, emitted) => audit.inTransaction(em, tx, emitted));
  const provider = createProvider(config, infra.llmCache);
  const prices = priceOverrides(config);
  const estimator = new GenerationEstimator({
    model: estimateModel(config),
    answers: createAnswerCache(config, infra.llmCache),
    prices,
  });
  const price = (usage: LlmUsage) => costOf(usage, prices).costUsd;
  const usage = new UsageService({
    orm: infra.orm,
    events,
    clock: overrides.clock ?? systemClock,
    logger: logger.child({ module: 'usage' }),
    enforce: config.COPYDESK_USAGE_LIMITS === 'on',
    flushMs: config.COPYDESK_USAGE_FLUSH_MS,
    limitsCacheMs: config.COPYDESK_USAGE_LIMITS_CACHE_MS,
  });
  const webhooks: Webhooks = createWebhooks(config, infra.orm, logger.child({ module: 'webhooks' }), metrics, events);
  const experiments = new ExperimentService({ events, now: overrides.clock });
  const analytics = new AnalyticsService();
  // Review links start with it: COPYDESK_PUBLIC_URL, else the address this process listens at (set by listen()).
  const publicUrl = {
    current: (config.COPYDESK_PUBLIC_URL ?? `http://localhost:${config.PORT}`).replace(/\/+$/, ''),
    fixed: Boolean(config.COPYDESK_PUBLIC_URL),
  };
  const dispatcher = new OutboxDispatcher({
    orm: infra.orm,
    queue: infra.queues.events,
    subscribers: [
      eventLogSubscriber(logger.child({ module: 'event-log' })),
      usageReleaseSubscriber(usage.ledger),
      webhooks.subscriber,
      ...postSubscribers(events),
      experimentSubscriber(experiments, events),
      ...(overrides.subscribers ?? []),
    ],
    events,
    logger: logger.child({ module: 'outbox' }),
    pollMs: config.COPYDESK_OUTBOX_POLL_MS,
    leaseMs: config.COPYDESK_OUTBOX_LEASE_MS,
    retentionDays: config.COPYDESK_OUTBOX_RETENTION_DAYS,
    concurrency: config.COPYDESK_WORKER_CONCURRENCY,
  });
  events.connect(dispatcher);

  const templates = new TemplateCatalogService(events);
  const apiKeys = new ApiKeyService({
    logger: logger.child({ module: 'api-keys' }),
    events,
    rotationGraceMs: config.COPYDESK_KEY_ROTATION_GRACE_S * 1000,
    authCacheMs: config.COPYDESK_AUTH_CACHE_MS,
    onRefused: (key, reason) => void audit.refusedKey(key, null, reason),
  });
  const generation = new GenerationService({
    orm: infra.orm,
    queue: infra.queues.generation,
    events,
    streams,
    scratchpad: infra.scratchpad,
    providerName: provider.name,
    templates,
    estimator,
    logger: logger.child({ module: 'generation' }),
    budget: usage.budget(),
  });
  const runner = new GenerationRunner({
    orm: infra.orm,
    events,
    scratchpad: infra.scratchpad,
    signals: cancelSignals(streams),
    provider,
    logger: logger.child({ module: 'runner' }),
    llmConcurrency: config.COPYDESK_LLM_CONCURRENCY,
    tokenFlushMs: config.COPYDESK_TOKEN_FLUSH_MS,
    price,
    onRunEnd: ({ outcome, durationMs }) => metrics.jobDuration.observe({ outcome }, durationMs / 1000),
    guard: (job, jobProvider) =>
      new MeteredProvider({
        job,
        provider: jobProvider,
        ledger: usage.ledger,
        em: infra.orm.em,
        price,
        onCall: (call) => recordCall(metrics, call),
      }),
  });
  const health = createHealth(config, infra, events, provider, logger);
  registerHealthGauge(metrics.registry, health.monitor);
  const exports = new ExportService();
  const review = new ReviewService(events);
  const services: Services = {
    apiKeys,
    workspaces: new WorkspaceService(apiKeys),
    campaigns: new CampaignService(events),
    jobs: new JobService(),
    generation,
    brand: new BrandService(events),
    templates,
    contentCheck: new ContentCheckService(),
    usage,
    audit,
    health: health.monitor,
    webhooks: webhooks.service,
    exports,
    versions: new VersionService(events),
    review,
    contentUpdates: new ContentUpdatesService(streams),
    schedule: new ScheduleService({
      events,
      gapMinutes: config.COPYDESK_MIN_POST_GAP_MINUTES,
      now: overrides.clock,
      ownHours: (em, workspaceId, platform, timeZone) => analytics.ownHours(em, workspaceId, platform, timeZone),
    }),
    reviewLinks: new ReviewLinkService({
      events,
      review,
      exports,
      publicUrl: () => publicUrl.current,
    }),
    engagement: new EngagementService({ events, now: overrides.clock }),
    analytics,
    experiments,
  };
  const rateLimits = new RateLimitService({
    enabled: config.COPYDESK_RATE_LIMIT === 'on',
    ipPerMin: config.COPYDESK_RATE_LIMIT_IP_PER_MIN,
    keyPerMin: config.COPYDESK_RATE_LIMIT_KEY_PER_MIN,
    generationPerMin: config.COPYDESK_RATE_LIMIT_GENERATION_PER_MIN,
    highFactor: config.COPYDESK_RATE_LIMIT_HIGH_FACTOR,
    prefix: config.COPYDESK_QUEUE_PREFIX,
    redis: infra.redis,
  });
  const reconciler = new JobReconciler({
    orm: infra.orm,
    queue: infra.queues.generation,
    logger,
    ...resiliencePolicies(config).reconciler,
  });
  const publisher = new PostPublisher({
    orm: infra.orm,
    events,
    logger: logger.child({ module: 'publisher' }),
    pollMs: config.COPYDESK_PUBLISH_POLL_MS,
    now: overrides.clock,
  });
  let worker: Promise<void> | undefined;
  const startWorker = async () => {
    // Re-queue before consuming: the in-process queue skips ids still pending, but not ids already taken, so
    // a job queued before the worker started would otherwise run twice.
    const recovered = await generation.recover();
    if (recovered > 0) logger.info({ recovered }, 're-queued unfinished generation jobs');
    infra.queues.generation.process((jobId) => runner.run(jobId), config.COPYDESK_WORKER_CONCURRENCY);
    reconciler.start();
    dispatcher.start();
    health.markWorker();
    health.monitor.start();
    webhooks.worker.start();
    publisher.start();
  };
  return {
    services,
    events,
    streams,
    publicUrl,
    runner,
    dispatcher,
    rateLimits,
    metrics,
    health,
    startWorker() {
      worker ??= startWorker();
      return worker;
    },
    async stop() {
      await reconciler.stop();
      runner.abortAll();
      await dispatcher.stop();
      await publisher.stop();
      await webhooks.worker.stop();
      await usage.flush();
      await health.close();
    },
  };
}

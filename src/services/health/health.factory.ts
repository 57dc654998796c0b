import { hostname } from 'node:os';
import { monitorEventLoopDelay } from 'node:perf_hooks';
import type { Infrastructure } from '../../composition';
import type { Config } from '../../infra/config';
import type { Logger } from '../../infra/logger';
import { createEventBus } from '../../infra/pubsub';
import type { EventHub } from '../events/domain-events';
import type { LlmProvider } from '../generation/providers/llm-provider';
import {
  databaseCheck,
  diskCheck,
  eventLoopCheck,
  type HealthThresholds,
  type LlmStateSource,
  llmCheck,
  memoryCheck,
  outboxCheck,
  queueCheck,
  redisCheck,
  workersCheck,
} from './health-checks';
import { HealthMonitor } from './health-monitor';
import { MemoryHeartbeats, RedisHeartbeats } from './worker-heartbeat';

function thresholds(config: Config): HealthThresholds {
  return {
    queueDepth: config.COPYDESK_HEALTH_QUEUE_DEPTH,
    queueAgeS: config.COPYDESK_HEALTH_QUEUE_AGE_S,
    outboxLagS: config.COPYDESK_HEALTH_OUTBOX_LAG_S,
    eventLoopLagMs: config.COPYDESK_HEALTH_EVENT_LOOP_MS,
    memoryLimitMb: config.COPYDESK_HEALTH_MEMORY_LIMIT_MB,
    diskFreeMinMb: config.COPYDESK_HEALTH_DISK_FREE_MB,
  };
}

export interface HealthParts {
  monitor: HealthMonitor;
  /** Makes this process count as a live worker (called when its worker starts). */
  markWorker(): void;
  close(): Promise<void>;
}

/** Builds this process's health monitor: every check, the heartbeats and the alert bus (Redis when configured). */
export function createHealth(
  config: Config,
  infra: Infrastructure,
  events: EventHub,
  provider: LlmProvider,
  logger: Logger,
): HealthParts {
  const limits = thresholds(config);
  const instance = config.COPYDESK_INSTANCE_NAME ?? `${hostname()}:${process.pid}`;
  const intervalMs = config.COPYDESK_HEALTH_INTERVAL_S * 1000;
  const ttlS = Math.max(1, Math.ceil(config.COPYDESK_HEALTH_INTERVAL_S * 3));
  const heartbeats = infra.redis
    ? new RedisHeartbeats(infra.redis, config.COPYDESK_QUEUE_PREFIX, ttlS)
    : new MemoryHeartbeats(ttlS);
  const histogram = monitorEventLoopDelay({ resolution: 20 });
  histogram.enable();
  const llmSource = 'breakerState' in provider ? (provider as unknown as LlmStateSource) : null;
  const checks = [
    databaseCheck(infra.orm),
    ...(infra.redis ? [redisCheck(infra.redis)] : []),
    llmCheck(llmSource),
    queueCheck(infra.orm, limits),
    workersCheck(infra.orm, heartbeats),
    outboxCheck(infra.orm, limits),
    eventLoopCheck(histogram, limits),
    memoryCheck(limits),
    // Embedded: the data directory's disk; with PostgreSQL the data lives elsewhere, so the working directory's.
    diskCheck(infra.embedded ? config.COPYDESK_DATA_DIR : process.cwd(), limits),
  ];
  let worker = false;
  const monitor = new HealthMonitor({
    orm: infra.orm,
    events,
    openBus: () => createEventBus<Record<string, [string, unknown]>>(logger, config.REDIS_URL),
    checks,
    instance,
    prefix: config.COPYDESK_QUEUE_PREFIX,
    intervalMs,
    timeoutMs: config.COPYDESK_HEALTH_TIMEOUT_MS,
    logger: logger.child({ module: 'health' }),
    beforeRound: async () => {
      if (worker) await heartbeats.beat(instance);
    },
  });
  return {
    monitor,
    markWorker: () => {
      worker = true;
      void heartbeats.beat(instance).catch(() => {});
    },
    async close() {
      histogram.disable();
      await monitor.stop();
    },
  };
}

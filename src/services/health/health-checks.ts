import { statfs } from 'node:fs/promises';
import type { IntervalHistogram } from 'node:perf_hooks';
import type { MikroORM } from '@mikro-orm/postgresql';
import type { Redis } from '../../infra/redis';
import { byThreshold, type HealthCheck, type HealthState } from './health.types';
import type { HeartbeatStore } from './worker-heartbeat';

/** Thresholds from config (README, "Health"). */
export interface HealthThresholds {
  queueDepth: number;
  queueAgeS: number;
  outboxLagS: number;
  eventLoopLagMs: number;
  memoryLimitMb: number;
  diskFreeMinMb: number;
}

type Outcome = Promise<{ status: HealthState; message: string | null }>;
const ok = (message: string | null = null) => ({ status: 'OK' as const, message });

async function scalar(orm: MikroORM, sql: string): Promise<number> {
  const [row] = await orm.em.getConnection().execute<{ value: number | string | null }[]>(sql);
  return row?.value === null || row?.value === undefined ? 0 : Number(row.value);
}

/** `select 1`: DOWN when the database does not answer. */
export function databaseCheck(orm: MikroORM): HealthCheck {
  return {
    name: 'database',
    degradeOnly: false,
    run: async () => {
      await orm.em.getConnection().execute('select 1');
      return ok();
    },
  };
}

/** PING: DOWN when Redis does not answer. */
export function redisCheck(redis: Redis): HealthCheck {
  return {
    name: 'redis',
    degradeOnly: false,
    run: async () => {
      await redis.ping();
      return ok();
    },
  };
}

/** What the LLM check reads from the resilient provider: no model call is made to check. */
export interface LlmStateSource {
  breakerState: string;
  lastOutcome: { ok: boolean; at: string; failure: string | null } | null;
}

/** The breaker: open → DEGRADED (jobs run on the offline writer); a failed last call → DEGRADED. */
export function llmCheck(source: LlmStateSource | null): HealthCheck {
  return {
    name: 'llm',
    degradeOnly: true,
    run: async () => {
      if (!source) return ok('offline writer, no external provider');
      const last = source.lastOutcome;
      const lastText = last
        ? `last call ${last.ok ? 'succeeded' : `failed: ${last.failure}`} at ${last.at}`
        : 'no call yet';
      if (source.breakerState !== 'closed') {
        return { status: 'DEGRADED', message: `circuit ${source.breakerState}; ${lastText}` };
      }
      return { status: last && !last.ok ? 'DEGRADED' : 'OK', message: `circuit closed; ${lastText}` };
    },
  };
}

/** Waiting generation jobs and the oldest one's age. */
export function queueCheck(orm: MikroORM, limits: HealthThresholds): HealthCheck {
  return {
    name: 'queue',
    degradeOnly: true,
    run: async (): Outcome => {
      const depth = await scalar(orm, `select count(*) as value from generation_job where status = 'QUEUED'`);
      const age = await scalar(
        orm,
        `select extract(epoch from now() - min(created_at)) as value from generation_job where status = 'QUEUED'`,
      );
      const late = depth >= limits.queueDepth || age >= limits.queueAgeS;
      return { status: late ? 'DEGRADED' : 'OK', message: `${depth} waiting, oldest ${Math.round(age)} s` };
    },
  };
}

/** Live workers (heartbeats): none alive while jobs wait → DEGRADED. */
export function workersCheck(orm: MikroORM, heartbeats: HeartbeatStore): HealthCheck {
  return {
    name: 'workers',
    degradeOnly: true,
    run: async (): Outcome => {
      const alive = await heartbeats.alive();
      const waiting = await scalar(orm, `select count(*) as value from generation_job where status = 'QUEUED'`);
      const stuck = alive.length === 0 && waiting > 0;
      return { status: stuck ? 'DEGRADED' : 'OK', message: `${alive.length} alive, ${waiting} jobs waiting` };
    },
  };
}

/** The oldest durable event not yet dispatched. */
export function outboxCheck(orm: MikroORM, limits: HealthThresholds): HealthCheck {
  return {
    name: 'outbox',
    degradeOnly: true,
    run: async (): Outcome => {
      const lag = await scalar(
        orm,
        `select extract(epoch from now() - min(occurred_at)) as value from outbox where dispatched_at is null`,
      );
      return { status: lag >= limits.outboxLagS ? 'DEGRADED' : 'OK', message: `oldest pending ${Math.round(lag)} s` };
    },
  };
}

/** p99 event-loop delay since the last check (the histogram is reset after each read). */
export function eventLoopCheck(histogram: IntervalHistogram, limits: HealthThresholds): HealthCheck {
  return {
    name: 'eventLoop',
    degradeOnly: true,
    run: async (): Outcome => {
      const p99 = histogram.percentile(99) / 1e6;
      histogram.reset();
      const status = byThreshold(p99, limits.eventLoopLagMs, limits.eventLoopLagMs * 4);
      return { status, message: `p99 delay ${p99.toFixed(1)} ms` };
    },
  };
}

/** RSS against COPYDESK_HEALTH_MEMORY_LIMIT_MB: 80 % → DEGRADED, 95 % → DOWN (degrade-only overall). */
export function memoryCheck(limits: HealthThresholds): HealthCheck {
  return {
    name: 'memory',
    degradeOnly: true,
    run: async (): Outcome => {
      const { rss, heapUsed } = process.memoryUsage();
      const mb = rss / 1_048_576;
      const share = mb / limits.memoryLimitMb;
      const message = `rss ${Math.round(mb)} MB, heap ${Math.round(heapUsed / 1_048_576)} MB, limit ${limits.memoryLimitMb} MB`;
      return { status: byThreshold(share, 0.8, 0.95), message };
    },
  };
}

/** Free space where data lives: the embedded data directory, else the process's working directory. */
export function diskCheck(path: string, limits: HealthThresholds): HealthCheck {
  return {
    name: 'disk',
    degradeOnly: true,
    run: async (): Outcome => {
      const stats = await statfs(path);
      const freeMb = (stats.bavail * stats.bsize) / 1_048_576;
      const status = freeMb < limits.diskFreeMinMb / 4 ? 'DOWN' : freeMb < limits.diskFreeMinMb ? 'DEGRADED' : 'OK';
      return { status, message: `${Math.round(freeMb)} MB free in ${path}` };
    },
  };
}

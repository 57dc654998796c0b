import type { MikroORM } from '@mikro-orm/postgresql';
import { UsagePeriod } from '../../entities';
import type { Logger } from '../../infra/logger';
import type { DomainEvents } from '../events/domain-events';
import type { Viewer } from '../viewer';
import { crossedAlerts, limitsOf, quotaExceeded, type Refusal } from './usage-checks';
import type { UsageLimitsService } from './usage-limits.service';
import type { Clock } from './usage-period';
import { addToCounters, type CounterKey, counterKeys, lockCounters, markAlerts, runSql } from './usage-sql';

export interface RequestMeterOptions {
  orm: MikroORM;
  limits: UsageLimitsService;
  events: DomainEvents;
  clock: Clock;
  logger: Logger;
  /** COPYDESK_USAGE_LIMITS: off counts requests but refuses none. */
  enforce: boolean;
  /** How often counted requests are written (COPYDESK_USAGE_FLUSH_MS). */
  flushMs: number;
}

/**
 * Counts every GraphQL request (an HTTP request or a WebSocket operation) per key. Without a requests-per-day
 * limit the counts gather in memory and are written every `flushMs` in one statement; under such a limit each
 * request is counted in the database under a row lock, so the limit holds across processes.
 */
export class RequestMeter {
  private pending = new Map<string, { workspaceId: string; key: CounterKey; requests: number }>();
  /** Batches taken from `pending` whose write has not finished: still unwritten for a report. */
  private readonly writing = new Set<{ workspaceId: string; key: CounterKey; requests: number }[]>();
  private timer?: NodeJS.Timeout;
  private flushing: Promise<void> = Promise.resolve();

  constructor(private readonly options: RequestMeterOptions) {}

  /** Counts one request of `viewer`; QUOTA_EXCEEDED (nothing counted) when a requests-per-day limit is used up. */
  async count(viewer: Viewer): Promise<void> {
    const workspaceId = viewer.workspace.id;
    const em = this.options.orm.em.fork();
    if (this.options.enforce) {
      const limits = await this.options.limits.cached(em, workspaceId, viewer.apiKeyId);
      if (limits.workspace?.requestsPerDay != null || limits.key?.requestsPerDay != null) {
        await this.countUnderLimit(viewer);
        return;
      }
    }
    for (const key of counterKeys(viewer.apiKeyId, this.options.clock())) {
      const id = `${workspaceId}|${key.scope}|${key.period}|${key.periodStart}`;
      const entry = this.pending.get(id) ?? { workspaceId, key, requests: 0 };
      entry.requests++;
      this.pending.set(id, entry);
    }
    this.timer ??= setTimeout(() => void this.flush(), this.options.flushMs);
  }

  /** Requests counted here and not yet written, per scope (`workspace` or a key id), for a report's period. */
  unwritten(workspaceId: string, period: UsagePeriod, periodStart: string): Map<string, number> {
    const counts = new Map<string, number>();
    // A batch being written counts until its statement returns: a report read meanwhile would otherwise find the
    // requests neither in memory nor in the table.
    for (const entry of [...this.pending.values(), ...[...this.writing].flat()]) {
      const { key } = entry;
      if (entry.workspaceId === workspaceId && key.period === period && key.periodStart === periodStart) {
        counts.set(key.scope, (counts.get(key.scope) ?? 0) + entry.requests);
      }
    }
    return counts;
  }

  /** Writes what was counted in memory (also at shutdown). */
  flush(): Promise<void> {
    clearTimeout(this.timer);
    this.timer = undefined;
    const batch = [...this.pending.values()];
    this.pending = new Map();
    if (batch.length === 0) return this.flushing;
    this.writing.add(batch);
    this.flushing = this.flushing.then(() => this.write(batch)).finally(() => this.writing.delete(batch));
    return this.flushing;
  }

  private async write(batch: { workspaceId: string; key: CounterKey; requests: number }[]): Promise<void> {
    // The one lock order of counters (usage-sql.ts), workspace first, so this never deadlocks with a transaction.
    batch.sort((a, b) => {
      const left = [a.workspaceId, a.key.scope, a.key.period, a.key.periodStart].join('|');
      const right = [b.workspaceId, b.key.scope, b.key.period, b.key.periodStart].join('|');
      return left < right ? -1 : left > right ? 1 : 0;
    });
    const values = batch.map(() => '(gen_random_uuid(), ?, ?, ?, ?::date, ?)').join(', ');
    try {
      await runSql(
        this.options.orm.em.fork(),
        `insert into usage_counter (id, workspace_id, scope, period, period_start, requests) values ${values}
         on conflict (workspace_id, scope, period, period_start) do update set requests = usage_counter.requests + excluded.requests`,
        batch.flatMap((entry) => [
          entry.workspaceId,
          entry.key.scope,
          entry.key.period,
          entry.key.periodStart,
          entry.requests,
        ]),
      );
    } catch (error) {
      this.options.logger.warn({ err: error, rows: batch.length }, 'could not write request counts');
    }
  }

  private async countUnderLimit(viewer: Viewer): Promise<void> {
    const workspaceId = viewer.workspace.id;
    const at = this.options.clock();
    await this.options.events.transaction(this.options.orm.em.fork(), async (tx, emit) => {
      const rows = await lockCounters(tx, workspaceId, counterKeys(viewer.apiKeyId, at));
      const limits = await this.options.limits.applicable(tx, workspaceId, viewer.apiKeyId);
      const refusals: Refusal[] = [];
      for (const row of rows) {
        for (const limit of limitsOf(row, limits)) {
          if (limit.metric === 'requests' && row.requests + 1 > limit.value) {
            refusals.push({ row, limit, left: limit.value - row.requests });
          }
        }
      }
      if (refusals.length > 0) throw quotaExceeded(refusals, at);
      await addToCounters(
        tx,
        rows.map((row) => row.id),
        { requests: 1 },
      );
      for (const row of rows) {
        row.requests++;
        const marks: Record<string, boolean> = {};
        for (const limit of limitsOf(row, limits)) {
          if (limit.metric !== 'requests') continue;
          for (const crossed of crossedAlerts(row, limit, viewer.apiKeyId, at)) {
            emit(crossed.name, workspaceId, crossed.alert);
            marks[crossed.mark] = true;
          }
        }
        if (Object.keys(marks).length > 0) await markAlerts(tx, row.id, marks);
      }
    });
  }
}

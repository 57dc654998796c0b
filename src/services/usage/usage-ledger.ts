import type { EntityManager } from '@mikro-orm/postgresql';
import { LlmCall, Workspace } from '../../entities';
import type { DomainEvents, Emit } from '../events/domain-events';
import { crossedAlerts, limitsOf, quotaExceeded, type Refusal, reservedOf, usedOf } from './usage-checks';
import type { UsageLimitsService } from './usage-limits.service';
import type { Clock } from './usage-period';
import {
  addToCounters,
  addToEachCounter,
  type CounterRow,
  counterKeys,
  lockCounters,
  markAlerts,
  runSql,
} from './usage-sql';

/** Budget held for a job until it ends: its estimate, less what it has used. */
export interface Reservation {
  tokens: number;
  costUsd: number;
  at: Date;
}

/** One metered model call of a job. */
export interface CallRecord {
  jobId: string;
  workspaceId: string;
  apiKeyId: string | null;
  operation: string;
  model: string;
  promptTokens: number;
  completionTokens: number;
  cachedTokens: number;
  costUsd: number;
  latencyMs: number;
  cacheHit: boolean;
}

export interface UsageLedgerOptions {
  limits: UsageLimitsService;
  events: DomainEvents;
  clock: Clock;
  /** COPYDESK_USAGE_LIMITS: off records usage but checks no limit. */
  enforce: boolean;
}

interface JobBudgetRow {
  reserved_tokens: string | number;
  reserved_cost_usd: number;
  reserved_at: Date | null;
  workspace_id: string;
  api_key_id: string | null;
}

function isIn(row: CounterRow, keys: { scope: string; period: string; periodStart: string }[]): boolean {
  return keys.some(
    (key) => key.scope === row.scope && key.period === row.period && key.periodStart === row.periodStart,
  );
}

/**
 * The usage counters: reserve a job's estimate before it starts, settle each model call as it happens, release
 * what a finished job did not use. Counters are locked (FOR UPDATE, one lock order) in the caller's transaction,
 * so limits hold across any number of API and worker processes.
 */
export class UsageLedger {
  constructor(private readonly options: UsageLedgerOptions) {}

  /**
   * Reserves `need` against every limit of the workspace and the key, in `tx` (the transaction that writes the
   * job). Over a limit: QUOTA_EXCEEDED with retryAfter, and nothing is reserved. Null when there is nothing to hold.
   */
  async reserve(
    tx: EntityManager,
    props: { workspaceId: string; apiKeyId: string | null; tokens: number; costUsd: number },
  ): Promise<Reservation | null> {
    if (!this.options.enforce || (props.tokens <= 0 && props.costUsd <= 0)) return null;
    const at = this.options.clock();
    const rows = await lockCounters(tx, props.workspaceId, counterKeys(props.apiKeyId, at));
    const limits = await this.options.limits.applicable(tx, props.workspaceId, props.apiKeyId);
    const refusals: Refusal[] = [];
    for (const row of rows) {
      for (const limit of limitsOf(row, limits)) {
        if (limit.metric === 'requests') continue;
        const need = limit.metric === 'tokens' ? props.tokens : props.costUsd;
        const left = limit.value - usedOf(row, limit.metric) - reservedOf(row, limit.metric);
        if (need > left) refusals.push({ row, limit, left });
      }
    }
    if (refusals.length > 0) throw quotaExceeded(refusals, at, props);
    await addToCounters(
      tx,
      rows.map((row) => row.id),
      { reservedTokens: props.tokens, reservedCostUsd: props.costUsd },
    );
    return { tokens: props.tokens, costUsd: props.costUsd, at };
  }

  /**
   * Records one model call and adds it to the counters, taking it off the job's reservation. Publishes budget
   * warnings and limit events it crosses. Returns why the job must stop (a limit is used up) or null.
   */
  async settle(em: EntityManager, call: CallRecord): Promise<string | null> {
    // A free call (an answer from the cache) changes no counter: its record is all there is to write.
    if (call.promptTokens + call.completionTokens === 0 && call.costUsd === 0) {
      const { workspaceId, ...record } = call;
      em.persist(
        em.create(LlmCall, { ...record, workspace: em.getReference(Workspace, workspaceId), at: this.options.clock() }),
      );
      await em.flush();
      return null;
    }
    return this.options.events.transaction(em, async (tx, emit) => {
      const at = this.options.clock();
      const tokens = call.promptTokens + call.completionTokens;
      // Locks the job and takes the call off its reservation (what it still held, at most) in one statement.
      const [job] = await runSql<Pick<JobBudgetRow, 'reserved_tokens' | 'reserved_cost_usd' | 'reserved_at'>>(
        tx,
        `with held as (
           select id, reserved_tokens, reserved_cost_usd, reserved_at,
                  least(reserved_tokens, ?::bigint) as taken_tokens, least(reserved_cost_usd, ?::float8) as taken_cost
             from generation_job where id = ? for update
         ), taken as (
           update generation_job j
              set reserved_tokens = j.reserved_tokens - held.taken_tokens,
                  reserved_cost_usd = greatest(0, j.reserved_cost_usd - held.taken_cost)
             from held
            where j.id = held.id and (held.taken_tokens > 0 or held.taken_cost > 0)
         )
         select reserved_tokens, reserved_cost_usd, reserved_at from held`,
        [tokens, call.costUsd, call.jobId],
      );
      const held = { tokens: Number(job?.reserved_tokens ?? 0), costUsd: Number(job?.reserved_cost_usd ?? 0) };
      const consumed = { tokens: Math.min(held.tokens, tokens), costUsd: Math.min(held.costUsd, call.costUsd) };
      const nowKeys = counterKeys(call.apiKeyId, at);
      const heldKeys = job?.reserved_at ? counterKeys(call.apiKeyId, new Date(job.reserved_at)) : [];
      const rows = await lockCounters(tx, call.workspaceId, [...nowKeys, ...heldKeys]);
      const current = rows.filter((row) => isIn(row, nowKeys));
      const holding = rows.filter((row) => isIn(row, heldKeys));
      const released = consumed.tokens > 0 || consumed.costUsd > 0 ? holding : [];
      await addToEachCounter(tx, [
        ...current.map((row) => ({ id: row.id, change: { tokens, costUsd: call.costUsd } })),
        ...released.map((row) => ({
          id: row.id,
          change: { reservedTokens: -consumed.tokens, reservedCostUsd: -consumed.costUsd },
        })),
      ]);
      const { workspaceId, ...record } = call;
      tx.persist(tx.create(LlmCall, { ...record, workspace: tx.getReference(Workspace, workspaceId), at }));
      for (const row of current) {
        row.tokens += tokens;
        row.costUsd += call.costUsd;
      }
      for (const row of holding) {
        row.reservedTokens = Math.max(0, row.reservedTokens - consumed.tokens);
        row.reservedCostUsd = Math.max(0, row.reservedCostUsd - consumed.costUsd);
      }
      if (!this.options.enforce) return null;
      const own = { tokens: held.tokens - consumed.tokens, costUsd: held.costUsd - consumed.costUsd };
      return this.check(tx, emit, { call, at, current, holding, own });
    });
  }

  /** Alerts crossed by a settled call, and whether the job has room for another call. */
  private async check(
    tx: EntityManager,
    emit: Emit,
    props: {
      call: CallRecord;
      at: Date;
      current: CounterRow[];
      holding: CounterRow[];
      own: { tokens: number; costUsd: number };
    },
  ): Promise<string | null> {
    const { call, at, current, holding, own } = props;
    // Read on the transaction's own connection: a second one could wait behind it (the embedded database has one).
    const limits = await this.options.limits.applicable(tx, call.workspaceId, call.apiKeyId);
    const refusals: Refusal[] = [];
    for (const row of current) {
      const marks: Record<string, boolean> = {};
      for (const limit of limitsOf(row, limits)) {
        if (limit.metric === 'requests') continue;
        for (const crossed of crossedAlerts(row, limit, call.apiKeyId, at)) {
          emit(crossed.name, call.workspaceId, crossed.alert);
          marks[crossed.mark] = true;
        }
        // Others' reservations are theirs; this job's own is what it may still use.
        const mine = holding.includes(row) ? (limit.metric === 'tokens' ? own.tokens : own.costUsd) : 0;
        const others = Math.max(0, reservedOf(row, limit.metric) - mine);
        const left = limit.value - usedOf(row, limit.metric) - others;
        if (left <= 0) refusals.push({ row, limit, left });
      }
      if (Object.keys(marks).length > 0) await markAlerts(tx, row.id, marks);
    }
    return refusals.length > 0 ? quotaExceeded(refusals, at).message : null;
  }

  /** Gives back what a finished job still held (idempotent: the job's reservation is zero afterwards). */
  async release(tx: EntityManager, jobId: string): Promise<void> {
    const [job] = await runSql<JobBudgetRow>(
      tx,
      'select reserved_tokens, reserved_cost_usd, reserved_at, workspace_id, api_key_id from generation_job where id = ? for update',
      [jobId],
    );
    if (!job?.reserved_at) return;
    const held = { tokens: Number(job.reserved_tokens), costUsd: Number(job.reserved_cost_usd) };
    if (held.tokens <= 0 && held.costUsd <= 0) return;
    const rows = await lockCounters(tx, job.workspace_id, counterKeys(job.api_key_id, new Date(job.reserved_at)));
    await addToCounters(
      tx,
      rows.map((row) => row.id),
      { reservedTokens: -held.tokens, reservedCostUsd: -held.costUsd },
    );
    await runSql(tx, 'update generation_job set reserved_tokens = 0, reserved_cost_usd = 0 where id = ?', [jobId]);
  }
}

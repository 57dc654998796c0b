import type { EntityManager } from '@mikro-orm/postgresql';
import { UsagePeriod } from '../../entities';
import { periodOf } from './usage-period';

/** Runs SQL on `em`'s transaction (or its own connection outside one); `?` placeholders. */
export function runSql<T = Record<string, unknown>>(em: EntityManager, text: string, params: unknown[]): Promise<T[]> {
  return em.getConnection().execute(text, params, 'all', em.getTransactionContext()) as Promise<T[]>;
}

/** A usage counter as read with its lock: numbers, not the driver's strings for bigint. */
export interface CounterRow {
  id: string;
  scope: string;
  period: UsagePeriod;
  periodStart: string;
  requests: number;
  tokens: number;
  costUsd: number;
  reservedTokens: number;
  reservedCostUsd: number;
  alerts: Record<string, boolean>;
}

/** One counter's identity: the workspace or a key of it, in the day or month of a moment. */
export interface CounterKey {
  scope: string;
  period: UsagePeriod;
  periodStart: string;
}

/** The workspace's and (when given) the key's counters for the day and the month of `at`. */
export function counterKeys(apiKeyId: string | null | undefined, at: Date): CounterKey[] {
  const scopes = apiKeyId ? ['workspace', apiKeyId] : ['workspace'];
  const keys: CounterKey[] = [];
  for (const scope of scopes) {
    for (const period of [UsagePeriod.DAY, UsagePeriod.MONTH]) {
      keys.push({ scope, period, periodStart: periodOf(period, at).start });
    }
  }
  return keys;
}

/** The one lock order of counters, in SQL (`collate "C"`) and here alike, so that two transactions never deadlock. */
function byLockOrder(a: CounterKey, b: CounterKey): number {
  const pairs: [string, string][] = [
    [a.scope, b.scope],
    [a.period, b.period],
    [a.periodStart, b.periodStart],
  ];
  for (const [x, y] of pairs) if (x !== y) return x < y ? -1 : 1;
  return 0;
}

function unique(keys: CounterKey[]): CounterKey[] {
  const seen = new Map(keys.map((key) => [`${key.scope}|${key.period}|${key.periodStart}`, key]));
  return [...seen.values()].sort(byLockOrder);
}

function toRow(raw: Record<string, unknown>): CounterRow {
  const start = raw.period_start;
  return {
    id: String(raw.id),
    scope: String(raw.scope),
    period: raw.period as UsagePeriod,
    periodStart: start instanceof Date ? start.toISOString().slice(0, 10) : String(start).slice(0, 10),
    requests: Number(raw.requests),
    tokens: Number(raw.tokens),
    costUsd: Number(raw.cost_usd),
    reservedTokens: Number(raw.reserved_tokens),
    reservedCostUsd: Number(raw.reserved_cost_usd),
    alerts: (raw.alerts as Record<string, boolean> | null) ?? {},
  };
}

/**
 * Makes sure the counters exist and locks them in the one lock order, inside `tx`'s transaction, in one statement:
 * an upsert takes each row's lock as it reaches it (in the order of its VALUES, the lock order), a new row's as it
 * inserts it. Returns them in that order.
 */
export async function lockCounters(tx: EntityManager, workspaceId: string, keys: CounterKey[]): Promise<CounterRow[]> {
  const sorted = unique(keys);
  if (sorted.length === 0) return [];
  const values = sorted.map(() => '(gen_random_uuid(), ?, ?, ?, ?::date)').join(', ');
  const rows = await runSql(
    tx,
    `insert into usage_counter (id, workspace_id, scope, period, period_start) values ${values}
     on conflict (workspace_id, scope, period, period_start) do update set scope = excluded.scope
     returning *`,
    sorted.flatMap((key) => [workspaceId, key.scope, key.period, key.periodStart]),
  );
  return rows.map(toRow).sort(byLockOrder);
}

/** What one statement adds to one counter's columns (negative amounts release). */
export interface CounterChange {
  requests?: number;
  tokens?: number;
  costUsd?: number;
  reservedTokens?: number;
  reservedCostUsd?: number;
}

/**
 * Adds a change of its own to each counter, in one statement (reserved amounts never go below zero); changes to
 * the same counter are summed.
 */
export async function addToEachCounter(
  tx: EntityManager,
  changes: { id: string; change: CounterChange }[],
): Promise<void> {
  const byId = new Map<string, Required<CounterChange>>();
  for (const { id, change } of changes) {
    const sum = byId.get(id) ?? { requests: 0, tokens: 0, costUsd: 0, reservedTokens: 0, reservedCostUsd: 0 };
    sum.requests += change.requests ?? 0;
    sum.tokens += change.tokens ?? 0;
    sum.costUsd += change.costUsd ?? 0;
    sum.reservedTokens += change.reservedTokens ?? 0;
    sum.reservedCostUsd += change.reservedCostUsd ?? 0;
    byId.set(id, sum);
  }
  if (byId.size === 0) return;
  const values = [...byId.keys()].map(() => '(?::uuid, ?::bigint, ?::bigint, ?::float8, ?::bigint, ?::float8)');
  await runSql(
    tx,
    `update usage_counter u set requests = u.requests + c.requests, tokens = u.tokens + c.tokens,
       cost_usd = u.cost_usd + c.cost_usd, reserved_tokens = greatest(0, u.reserved_tokens + c.reserved_tokens),
       reserved_cost_usd = greatest(0, u.reserved_cost_usd + c.reserved_cost_usd)
     from (values ${values.join(', ')}) as c(id, requests, tokens, cost_usd, reserved_tokens, reserved_cost_usd)
     where u.id = c.id`,
    [...byId].flatMap(([id, sum]) => [
      id,
      sum.requests,
      sum.tokens,
      sum.costUsd,
      sum.reservedTokens,
      sum.reservedCostUsd,
    ]),
  );
}

/** Adds the same change to each of the counters (negative amounts release; reserved amounts never go below zero). */
export function addToCounters(tx: EntityManager, ids: string[], change: CounterChange): Promise<void> {
  return addToEachCounter(
    tx,
    ids.map((id) => ({ id, change })),
  );
}

/** Marks alerts as sent on a counter (merged into its `alerts`). */
export async function markAlerts(tx: EntityManager, id: string, alerts: Record<string, boolean>): Promise<void> {
  await runSql(tx, 'update usage_counter set alerts = alerts || ?::jsonb where id = ?', [JSON.stringify(alerts), id]);
}

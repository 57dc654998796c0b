import type { EntityManager } from '@mikro-orm/postgresql';
import { z } from 'zod';
import { ApiKey, UsageLimit } from '../../entities';
import type { DomainEvents } from '../events/domain-events';
import { getOwned } from '../scoped-data';
import { parseInput } from '../validation';
import type { Scope } from '../viewer';

/** The limits of one scope; null: no limit. */
export interface LimitValues {
  requestsPerDay: number | null;
  tokensPerDay: number | null;
  tokensPerMonth: number | null;
  costPerDayUsd: number | null;
  costPerMonthUsd: number | null;
}

/** A workspace's limits and one key's: both apply. */
export interface ApplicableLimits {
  workspace: LimitValues | null;
  key: LimitValues | null;
}

export const LIMIT_FIELDS = [
  'requestsPerDay',
  'tokensPerDay',
  'tokensPerMonth',
  'costPerDayUsd',
  'costPerMonthUsd',
] as const satisfies readonly (keyof LimitValues)[];

export const NO_LIMITS: Readonly<LimitValues> = Object.freeze({
  requestsPerDay: null,
  tokensPerDay: null,
  tokensPerMonth: null,
  costPerDayUsd: null,
  costPerMonthUsd: null,
});

/** What setUsageLimits takes: a field left out keeps its value, null clears it. */
export interface UsageLimitsInput extends Partial<LimitValues> {
  apiKeyId?: string | null;
}

const count = z.number().int('must be a whole number').min(0, 'must be 0 or more').max(2_147_483_647).nullish();
const usd = z
  .number()
  .finite()
  .min(0, 'must be 0 or more')
  .max(1_000_000_000, 'must be at most 1,000,000,000')
  .nullish();
const inputSchema = z.object({
  requestsPerDay: count,
  tokensPerDay: count,
  tokensPerMonth: count,
  costPerDayUsd: usd,
  costPerMonthUsd: usd,
});

function valuesOf(row: UsageLimit | null | undefined): LimitValues | null {
  if (!row) return null;
  const number = (value: number | string | null | undefined) =>
    value === null || value === undefined ? null : Number(value);
  return {
    requestsPerDay: number(row.requestsPerDay),
    tokensPerDay: number(row.tokensPerDay),
    tokensPerMonth: number(row.tokensPerMonth),
    costPerDayUsd: number(row.costPerDayUsd),
    costPerMonthUsd: number(row.costPerMonthUsd),
  };
}

export interface UsageLimitsServiceOptions {
  events: DomainEvents;
  /** How long this process trusts limits it read for the request path (other processes' changes show after it). */
  cacheMs: number;
}

/** Usage limits per workspace and per key: read and set by ADMIN, read by the ledger and the request meter. */
export class UsageLimitsService {
  private readonly cache = new Map<string, { at: number; limits: ApplicableLimits }>();

  constructor(private readonly options: UsageLimitsServiceOptions) {}

  /** The workspace's limits, or one key's (another workspace's key is NOT_FOUND). Unset limits are null. */
  async get(scope: Scope, apiKeyId?: string | null): Promise<LimitValues & { apiKeyId: string | null }> {
    if (apiKeyId) await getOwned(scope, ApiKey, apiKeyId, 'API key');
    const row = await scope.em.findOne(UsageLimit, { scope: apiKeyId ?? 'workspace' });
    return { ...(valuesOf(row) ?? NO_LIMITS), apiKeyId: apiKeyId ?? null };
  }

  /** Sets the workspace's limits, or one key's; publishes `usage.limits_changed` with the change. */
  async set(scope: Scope, input: UsageLimitsInput): Promise<LimitValues & { apiKeyId: string | null }> {
    const { apiKeyId, ...values } = input;
    const parsed = parseInput(inputSchema, values, 'Invalid usage limits');
    if (apiKeyId) await getOwned(scope, ApiKey, apiKeyId, 'API key');
    const workspaceId = scope.viewer.workspace.id;
    const saved = await this.options.events.transaction(scope.em, async (tx, emit) => {
      const key = apiKeyId ?? 'workspace';
      let row = await tx.findOne(UsageLimit, { scope: key });
      row ??= tx.create(UsageLimit, { workspace: workspaceId, scope: key });
      const changed: string[] = [];
      for (const field of LIMIT_FIELDS) {
        const value = parsed[field];
        if (value === undefined) continue;
        row[field] = value;
        changed.push(field);
      }
      row.updatedAt = new Date();
      const limits = valuesOf(row) ?? NO_LIMITS;
      emit('usage.limits_changed', workspaceId, {
        apiKeyId: apiKeyId ?? null,
        changed,
        limits: { ...limits },
        by: scope.viewer.apiKeyId,
      });
      return limits;
    });
    this.forget(workspaceId);
    return { ...saved, apiKeyId: apiKeyId ?? null };
  }

  /** The limits that apply to a key's requests, read now (inside a transaction that locks its counters). */
  async applicable(em: EntityManager, workspaceId: string, apiKeyId: string | null): Promise<ApplicableLimits> {
    const scopes = apiKeyId ? ['workspace', apiKeyId] : ['workspace'];
    const rows = await em.find(
      UsageLimit,
      { workspace: workspaceId, scope: { $in: scopes } },
      { filters: false, disableIdentityMap: true },
    );
    return {
      workspace: valuesOf(rows.find((row) => row.scope === 'workspace')),
      key: apiKeyId ? valuesOf(rows.find((row) => row.scope === apiKeyId)) : null,
    };
  }

  /** Like `applicable`, but from this process's short cache: for the per-request path. */
  async cached(em: EntityManager, workspaceId: string, apiKeyId: string | null): Promise<ApplicableLimits> {
    const id = `${workspaceId}|${apiKeyId ?? ''}`;
    const hit = this.cache.get(id);
    if (hit && Date.now() - hit.at < this.options.cacheMs) return hit.limits;
    const limits = await this.applicable(em, workspaceId, apiKeyId);
    if (this.cache.size > 10_000) this.cache.clear();
    this.cache.set(id, { at: Date.now(), limits });
    return limits;
  }

  private forget(workspaceId: string): void {
    for (const id of this.cache.keys()) if (id.startsWith(`${workspaceId}|`)) this.cache.delete(id);
  }
}

import { ApiKey, UsagePeriod } from '../../entities';
import { getOwned } from '../scoped-data';
import type { Scope } from '../viewer';
import type { RequestMeter } from './request-meter';
import { type Clock, periodOf } from './usage-period';
import { runSql } from './usage-sql';

/** Tokens and money, summed. */
export interface UsageTotals {
  promptTokens: number;
  completionTokens: number;
  cachedTokens: number;
  costUsd: number;
}

/** One slice of a report: a key, a model or an operation. */
export interface UsageSlice {
  key: string;
  label: string;
  requests: number;
  calls: number;
  cacheHits: number;
  usage: UsageTotals;
}

export interface UsageReport {
  period: UsagePeriod;
  from: Date;
  to: Date;
  apiKeyId: string | null;
  requests: number;
  generations: number;
  variants: number;
  reservedTokens: number;
  reservedCostUsd: number;
  calls: number;
  cacheHits: number;
  cacheHitRatio: number;
  usage: UsageTotals;
  byApiKey: UsageSlice[];
  byModel: UsageSlice[];
  byOperation: UsageSlice[];
  byDay: UsageDay[];
}

/** One UTC day of a report: its requests and model calls. */
export interface UsageDay {
  /** YYYY-MM-DD (UTC). */
  date: string;
  requests: number;
  calls: number;
  cacheHits: number;
  usage: UsageTotals;
}

interface DayGroup {
  day: string;
  calls: number;
  hits: number;
  prompt: string;
  completion: string;
  cached: string;
  cost: number;
}

interface CallGroup {
  model: string | null;
  operation: string | null;
  api_key_id: string | null;
  by_model: number;
  by_operation: number;
  by_key: number;
  calls: number;
  hits: number;
  prompt: string;
  completion: string;
  cached: string;
  cost: number;
}

function totalsOf(row: CallGroup | undefined): UsageTotals {
  return {
    promptTokens: Number(row?.prompt ?? 0),
    completionTokens: Number(row?.completion ?? 0),
    cachedTokens: Number(row?.cached ?? 0),
    costUsd: Number(row?.cost ?? 0),
  };
}

function slice(key: string, row: CallGroup | undefined, requests = 0, label = key): UsageSlice {
  return { key, label, requests, calls: row?.calls ?? 0, cacheHits: row?.hits ?? 0, usage: totalsOf(row) };
}

const byCost = (a: UsageSlice, b: UsageSlice) => b.usage.costUsd - a.usage.costUsd || b.requests - a.requests;

/** What a workspace (or one of its keys) used this UTC day or month: requests, generations, tokens, cost, cache. */
export class UsageReportService {
  constructor(
    private readonly meter: RequestMeter,
    private readonly clock: Clock,
  ) {}

  /** The report for the current period; another workspace's key is NOT_FOUND. */
  async report(scope: Scope, period: UsagePeriod, apiKeyId?: string | null): Promise<UsageReport> {
    if (apiKeyId) await getOwned(scope, ApiKey, apiKeyId, 'API key');
    const workspaceId = scope.viewer.workspace.id;
    const window = periodOf(period, this.clock());
    const keyFilter = apiKeyId ? 'and api_key_id = ?' : '';
    const keyParam = apiKeyId ? [apiKeyId] : [];
    const groups = await runSql<CallGroup>(
      scope.em,
      `select model, operation, api_key_id, grouping(model) as by_model, grouping(operation) as by_operation,
         grouping(api_key_id) as by_key, count(*)::int as calls, (count(*) filter (where cache_hit))::int as hits,
         sum(prompt_tokens) as prompt, sum(completion_tokens) as completion, sum(cached_tokens) as cached,
         sum(cost_usd)::float8 as cost
       from llm_call where workspace_id = ? and at >= ? and at < ? ${keyFilter}
       group by grouping sets ((), (model), (operation), (api_key_id))`,
      [workspaceId, window.from, window.to, ...keyParam],
    );
    const { requests, reserved } = await this.counters(scope, window.period, window.start, workspaceId);
    const held = reserved.get(apiKeyId ?? 'workspace');
    const [jobs] = await runSql<{ generations: number; variants: number }>(
      scope.em,
      `select (select count(*)::int from generation_job where workspace_id = ? and created_at >= ? and created_at < ? ${keyFilter}) as generations,
         (select count(*)::int from content_variant v join generation_job j on j.id = v.job_id
          where v.workspace_id = ? and v.created_at >= ? and v.created_at < ? ${apiKeyId ? 'and j.api_key_id = ?' : ''}) as variants`,
      [workspaceId, window.from, window.to, ...keyParam, workspaceId, window.from, window.to, ...keyParam],
    );
    const total = groups.find((row) => row.by_model && row.by_operation && row.by_key);
    const calls = total?.calls ?? 0;
    return {
      period,
      from: window.from,
      to: window.to,
      apiKeyId: apiKeyId ?? null,
      requests: requests.get(apiKeyId ?? 'workspace') ?? 0,
      generations: jobs?.generations ?? 0,
      variants: jobs?.variants ?? 0,
      reservedTokens: held?.tokens ?? 0,
      reservedCostUsd: held?.costUsd ?? 0,
      calls,
      cacheHits: total?.hits ?? 0,
      cacheHitRatio: calls > 0 ? (total?.hits ?? 0) / calls : 0,
      usage: totalsOf(total),
      byApiKey: await this.byKey(scope, groups, requests, apiKeyId ?? null),
      byModel: groups
        .filter((row) => !row.by_model)
        .map((row) => slice(row.model ?? '', row, row.calls))
        .sort(byCost),
      byOperation: groups
        .filter((row) => !row.by_operation)
        .map((row) => slice(row.operation ?? '', row, row.calls))
        .sort(byCost),
      byDay: await this.byDay(
        scope,
        window.from,
        window.to,
        workspaceId,
        apiKeyId ?? null,
        requests.get(apiKeyId ?? 'workspace') ?? 0,
      ),
    };
  }

  /**
   * Every UTC day of the period up to today, oldest first (days without use are zeros): model calls from the call
   * ledger, requests from the day counters. Today's requests are the period's total less the earlier days' (the
   * day and month counters grow together), so that the days add up to `requests` even while counts are being written.
   */
  private async byDay(
    scope: Scope,
    from: Date,
    to: Date,
    workspaceId: string,
    apiKeyId: string | null,
    totalRequests: number,
  ) {
    const now = this.clock();
    const end = new Date(Math.min(to.getTime(), periodOf(UsagePeriod.DAY, now).to.getTime()));
    const keyFilter = apiKeyId ? 'and api_key_id = ?' : '';
    const calls = await runSql<DayGroup>(
      scope.em,
      `select to_char(at at time zone 'UTC', 'YYYY-MM-DD') as day, count(*)::int as calls,
         (count(*) filter (where cache_hit))::int as hits, sum(prompt_tokens) as prompt,
         sum(completion_tokens) as completion, sum(cached_tokens) as cached, sum(cost_usd)::float8 as cost
       from llm_call where workspace_id = ? and at >= ? and at < ? ${keyFilter} group by 1`,
      [workspaceId, from, end, ...(apiKeyId ? [apiKeyId] : [])],
    );
    const counters = await runSql<{ day: string; requests: string }>(
      scope.em,
      `select to_char(period_start, 'YYYY-MM-DD') as day, requests from usage_counter
       where workspace_id = ? and period = ? and scope = ? and period_start >= ?::date and period_start < ?::date`,
      [
        workspaceId,
        UsagePeriod.DAY,
        apiKeyId ?? 'workspace',
        from.toISOString().slice(0, 10),
        end.toISOString().slice(0, 10),
      ],
    );
    const callsByDay = new Map(calls.map((row) => [row.day, row]));
    const requestsByDay = new Map(counters.map((row) => [row.day, Number(row.requests)]));
    const today = periodOf(UsagePeriod.DAY, now).start;
    const days: UsageDay[] = [];
    let earlier = 0;
    for (let day = new Date(from); day < end; day = new Date(day.getTime() + 86_400_000)) {
      const date = day.toISOString().slice(0, 10);
      const row = callsByDay.get(date);
      const written = requestsByDay.get(date) ?? 0;
      if (date !== today) earlier += written;
      days.push({
        date,
        requests: date === today ? Math.max(0, totalRequests - earlier) : written,
        calls: row?.calls ?? 0,
        cacheHits: row?.hits ?? 0,
        usage: {
          promptTokens: Number(row?.prompt ?? 0),
          completionTokens: Number(row?.completion ?? 0),
          cachedTokens: Number(row?.cached ?? 0),
          costUsd: Number(row?.cost ?? 0),
        },
      });
    }
    return days;
  }

  /**
   * Per scope (`workspace` or a key id) in the period: requests (written counts plus this process's unwritten
   * ones) and what queued and running jobs hold.
   */
  private async counters(scope: Scope, period: UsagePeriod, start: string, workspaceId: string) {
    const rows = await runSql<{ scope: string; requests: string; reserved_tokens: string; reserved_cost_usd: number }>(
      scope.em,
      `select scope, requests, reserved_tokens, reserved_cost_usd from usage_counter
       where workspace_id = ? and period = ? and period_start = ?::date`,
      [workspaceId, period, start],
    );
    const requests = new Map<string, number>();
    const reserved = new Map<string, { tokens: number; costUsd: number }>();
    for (const row of rows) {
      requests.set(row.scope, Number(row.requests));
      reserved.set(row.scope, { tokens: Number(row.reserved_tokens), costUsd: Number(row.reserved_cost_usd) });
    }
    for (const [key, count] of this.meter.unwritten(workspaceId, period, start)) {
      requests.set(key, (requests.get(key) ?? 0) + count);
    }
    return { requests, reserved };
  }

  private async byKey(
    scope: Scope,
    groups: CallGroup[],
    requests: Map<string, number>,
    only: string | null,
  ): Promise<UsageSlice[]> {
    const calls = new Map(groups.filter((row) => !row.by_key).map((row) => [row.api_key_id ?? '', row]));
    const ids = new Set([...calls.keys(), ...[...requests.keys()].filter((key) => key !== 'workspace')]);
    if (only) for (const id of ids) if (id !== only) ids.delete(id);
    ids.delete('');
    const keys = ids.size > 0 ? await scope.em.find(ApiKey, { id: { $in: [...ids] } }) : [];
    const labels = new Map(keys.map((key) => [key.id, `${key.name} (${key.prefix})`]));
    return [...ids].map((id) => slice(id, calls.get(id), requests.get(id) ?? 0, labels.get(id) ?? id)).sort(byCost);
  }
}

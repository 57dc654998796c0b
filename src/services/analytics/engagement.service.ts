import { parse } from 'csv-parse/sync';
import { DateTime } from 'luxon';
import { ContentVariant, type Platform } from '../../entities';
import { AppError } from '../../errors';
import type { DomainEvents } from '../events/domain-events';
import { isUuid, scopedQuery } from '../scoped-data';
import type { Scope } from '../viewer';

/** One day of one variant's numbers, as a client sends it (counts default to 0). */
export interface EngagementRowInput {
  variantId?: unknown;
  date?: unknown;
  impressions?: unknown;
  clicks?: unknown;
  reactions?: unknown;
  comments?: unknown;
  shares?: unknown;
  conversions?: unknown;
  revenueUsd?: unknown;
}

export interface EngagementRejection {
  /** Which row: 1-based position in a list; for CSV the file's line number (the header is line 1). */
  row: number;
  message: string;
}

export interface EngagementImportResult {
  /** Rows stored: new days and replaced ones. */
  accepted: number;
  /** Of those, rows that replaced a day already stored for the variant (a resend). */
  replaced: number;
  rejected: EngagementRejection[];
}

/** The most rows one call takes (a CSV file, a list, a POST to /ingest/engagement). */
export const MAX_ENGAGEMENT_ROWS = 200_000;
/** The most rejections one answer lists; the count beyond is summarised in the last one. */
const MAX_REJECTIONS = 100;
/** Rows per INSERT … ON CONFLICT statement. */
const CHUNK = 5_000;
/** A count larger than a 32-bit column holds is a mistake, not a day's impressions. */
const MAX_COUNT = 2_147_483_647;
const MAX_REVENUE = 1e12;
/** The CSV header: the names of EngagementInput, `variantId` and `date` required. */
export const ENGAGEMENT_CSV_COLUMNS = [
  'variantId',
  'date',
  'impressions',
  'clicks',
  'reactions',
  'comments',
  'shares',
  'conversions',
  'revenueUsd',
] as const;
const COUNTS = ['impressions', 'clicks', 'reactions', 'comments', 'shares', 'conversions'] as const;

interface CleanRow {
  row: number;
  variantId: string;
  date: string;
  impressions: number;
  clicks: number;
  reactions: number;
  comments: number;
  shares: number;
  conversions: number;
  revenueUsd: number;
}

export interface EngagementOptions {
  events: DomainEvents;
  now?: () => Date;
}

/** Dates already checked: a file repeats a few hundred dates over its rows, and parsing one is the costly part. */
const CHECKED_DATES = new Map<string, boolean>();

function isCalendarDate(date: string): boolean {
  let valid = CHECKED_DATES.get(date);
  if (valid === undefined) {
    const day = /^\d{4}-\d{2}-\d{2}$/.test(date) ? DateTime.fromISO(date, { zone: 'UTC' }) : null;
    valid = Boolean(day?.isValid && day.year >= 2000);
    if (CHECKED_DATES.size > 50_000) CHECKED_DATES.clear();
    CHECKED_DATES.set(date, valid);
  }
  return valid;
}

/** A count: a non-negative integer (a numeric string from CSV counts too); `undefined`/empty is 0. */
function count(value: unknown, name: string): number | string {
  if (value === undefined || value === null || value === '')
    return name === 'impressions' ? 'impressions is required' : 0;
  const number = typeof value === 'string' && /^\s*\d+\s*$/.test(value) ? Number(value) : value;
  if (typeof number !== 'number' || !Number.isInteger(number) || number < 0 || number > MAX_COUNT) {
    return `${name} must be a whole number from 0 to ${MAX_COUNT}`;
  }
  return number;
}

function revenue(value: unknown): number | string {
  if (value === undefined || value === null || value === '') return 0;
  const number = typeof value === 'string' && /^\s*\d+(\.\d+)?\s*$/.test(value) ? Number(value) : value;
  if (typeof number !== 'number' || !Number.isFinite(number) || number < 0 || number > MAX_REVENUE) {
    return `revenueUsd must be a number from 0 to ${MAX_REVENUE}`;
  }
  return number;
}

/**
 * Engagement ingestion (README "Analytics"): rows of (variant, date, counts), idempotent per (variant, date) — a
 * resent day replaces the stored one and is reported as `replaced`. Every row is checked on its own; a bad row is
 * rejected with its number and the reason, and the good rows are kept.
 */
export class EngagementService {
  constructor(private readonly options: EngagementOptions) {}

  /**
   * The last date a row may carry: today where the day starts first (UTC+14), so an audience ahead of UTC can
   * report its today; anything later is in the future.
   */
  private latestDate(): string {
    const now = this.options.now?.() ?? new Date();
    return DateTime.fromJSDate(now, { zone: 'UTC+14' }).toISODate() as string;
  }

  private check(input: EngagementRowInput, row: number, latest: string): CleanRow | string {
    if (typeof input !== 'object' || input === null) return 'must be an object';
    const variantId = typeof input.variantId === 'string' ? input.variantId.trim() : '';
    if (!isUuid(variantId)) return 'variantId must be a variant id';
    const date = typeof input.date === 'string' ? input.date.trim() : '';
    if (!isCalendarDate(date)) return 'date must be a calendar date YYYY-MM-DD (from 2000)';
    if (date > latest) return `date ${date} is in the future`;
    const clean: CleanRow = {
      row,
      variantId: variantId.toLowerCase(),
      date,
      impressions: 0,
      clicks: 0,
      reactions: 0,
      comments: 0,
      shares: 0,
      conversions: 0,
      revenueUsd: 0,
    };
    for (const name of COUNTS) {
      const value = count(input[name], name);
      if (typeof value === 'string') return value;
      clean[name] = value;
    }
    const money = revenue(input.revenueUsd);
    if (typeof money === 'string') return money;
    clean.revenueUsd = money;
    if (clean.clicks > clean.impressions) return `clicks (${clean.clicks}) exceed impressions (${clean.impressions})`;
    if (clean.conversions > clean.impressions) {
      return `conversions (${clean.conversions}) exceed impressions (${clean.impressions})`;
    }
    return clean;
  }

  /** Stores rows (a list: row numbers are 1-based positions). */
  async record(scope: Scope, rows: readonly EngagementRowInput[]): Promise<EngagementImportResult> {
    if (!Array.isArray(rows)) throw AppError.badInput([{ path: 'input', message: 'must be a list of rows' }]);
    if (rows.length > MAX_ENGAGEMENT_ROWS) {
      throw AppError.badInput([{ path: 'input', message: `at most ${MAX_ENGAGEMENT_ROWS} rows per call` }]);
    }
    return this.store(
      scope,
      rows.map((row, index) => ({ row: index + 1, input: row })),
      [],
    );
  }

  /** Stores the rows of an RFC 4180 CSV file with a header row (row numbers are line numbers). */
  async importCsv(scope: Scope, csv: string): Promise<EngagementImportResult> {
    if (typeof csv !== 'string' || csv.trim() === '') {
      throw AppError.badInput([{ path: 'csv', message: 'must be CSV text with a header row' }]);
    }
    if (csv.includes('\u0000')) throw AppError.badInput([{ path: 'csv', message: 'must not contain NUL characters' }]);
    let records: { record: string[]; info: { lines: number } }[];
    try {
      records = parse(csv, {
        bom: true,
        info: true,
        skip_empty_lines: true,
        relax_column_count: true,
        max_record_size: 10_000,
      }) as unknown as { record: string[]; info: { lines: number } }[];
    } catch (error) {
      const message = error instanceof Error ? error.message : 'unreadable';
      throw AppError.badInput([{ path: 'csv', message: `is not valid CSV (RFC 4180): ${message.slice(0, 200)}` }]);
    }
    const [header, ...data] = records;
    const names = (header?.record ?? []).map((name) => name.trim());
    const known = new Set<string>(ENGAGEMENT_CSV_COLUMNS);
    const unknown = names.filter((name) => !known.has(name));
    if (unknown.length > 0 || !names.includes('variantId') || !names.includes('date')) {
      throw AppError.badInput([
        {
          path: 'csv',
          message: `the header must name variantId, date and any of ${ENGAGEMENT_CSV_COLUMNS.slice(2).join(', ')}${
            unknown.length > 0 ? `; unknown: ${unknown.slice(0, 5).join(', ').slice(0, 200)}` : ''
          }`,
        },
      ]);
    }
    if (new Set(names).size !== names.length) {
      throw AppError.badInput([{ path: 'csv', message: 'the header names a column twice' }]);
    }
    if (data.length > MAX_ENGAGEMENT_ROWS) {
      throw AppError.badInput([{ path: 'csv', message: `at most ${MAX_ENGAGEMENT_ROWS} rows per file` }]);
    }
    const rejected: EngagementRejection[] = [];
    const rows: { row: number; input: EngagementRowInput }[] = [];
    // A row's number is its line in the file (the last line of a row whose quoted cell spans lines).
    data.forEach(({ record, info }) => {
      const row = info.lines;
      if (record.length !== names.length) {
        rejected.push({ row, message: `has ${record.length} cells, the header ${names.length}` });
        return;
      }
      const input: Record<string, string> = {};
      names.forEach((name, column) => {
        input[name] = record[column] as string;
      });
      rows.push({ row, input });
    });
    return this.store(scope, rows, rejected);
  }

  private async store(
    scope: Scope,
    rows: { row: number; input: EngagementRowInput }[],
    rejected: EngagementRejection[],
  ): Promise<EngagementImportResult> {
    const latest = this.latestDate();
    const clean: CleanRow[] = [];
    for (const { row, input } of rows) {
      const checked = this.check(input, row, latest);
      if (typeof checked === 'string') rejected.push({ row, message: checked });
      else clean.push(checked);
    }
    // The variants, in the caller's workspace only: another workspace's id is "not found", like an unknown one.
    const ids = [...new Set(clean.map((row) => row.variantId))];
    const variants = new Map<string, { campaign: string; platform: Platform }>();
    for (let i = 0; i < ids.length; i += CHUNK) {
      const found = await scopedQuery(
        scope.em,
        ContentVariant,
        'v',
        (qb) => qb.select(['v.id', 'v.campaign', 'v.platform']).where({ id: { $in: ids.slice(i, i + CHUNK) } }),
        (qb) => qb.execute<{ id: string; campaign: string; platform: Platform }[]>('all', true),
      );
      for (const variant of found) variants.set(variant.id, variant);
    }
    // One row per (variant, date): a later row of the same call replaces an earlier one, like a resend.
    const byKey = new Map<string, CleanRow>();
    let replacedInCall = 0;
    for (const row of clean) {
      if (!variants.has(row.variantId)) {
        rejected.push({ row: row.row, message: `variant ${row.variantId} not found` });
        continue;
      }
      const key = `${row.variantId}|${row.date}`;
      if (byKey.has(key)) replacedInCall += 1;
      byKey.set(key, row);
    }
    const good = [...byKey.values()];
    rejected.sort((a, b) => a.row - b.row);
    const report = (accepted: number, replaced: number): EngagementImportResult => ({
      accepted,
      replaced,
      rejected:
        rejected.length > MAX_REJECTIONS
          ? [
              ...rejected.slice(0, MAX_REJECTIONS - 1),
              {
                row: rejected[MAX_REJECTIONS - 1]?.row ?? 0,
                message: `and ${rejected.length - MAX_REJECTIONS + 1} more rows rejected`,
              },
            ]
          : rejected,
    });
    if (good.length === 0) return report(0, 0);

    const workspaceId = scope.viewer.workspace.id;
    const by = scope.viewer.apiKeyId;
    return this.options.events.transaction(scope.em, async (tx, emit) => {
      let replaced = replacedInCall;
      const connection = tx.getConnection();
      for (let i = 0; i < good.length; i += CHUNK) {
        const chunk = good.slice(i, i + CHUNK).map((row) => {
          const variant = variants.get(row.variantId) as { campaign: string; platform: Platform };
          return [
            row.variantId,
            variant.campaign,
            variant.platform,
            row.date,
            row.impressions,
            row.clicks,
            row.reactions,
            row.comments,
            row.shares,
            row.conversions,
            row.revenueUsd,
          ];
        });
        // One statement per chunk: the rows travel as one JSON parameter (no parameter-count limit), and
        // `xmax = 0` tells a fresh insert from an update of an existing (variant, date).
        const result = await connection.execute<{ inserted: boolean }[]>(
          `insert into engagement as e (id, workspace_id, campaign_id, variant_id, platform, date, impressions, clicks,
             reactions, comments, shares, conversions, revenue_usd, recorded_by)
           select gen_random_uuid(), ?::uuid, (r->>1)::uuid, (r->>0)::uuid, r->>2, (r->>3)::date, (r->>4)::int, (r->>5)::int,
             (r->>6)::int, (r->>7)::int, (r->>8)::int, (r->>9)::int, (r->>10)::double precision, ?::uuid
           from jsonb_array_elements(?::jsonb) as r
           on conflict (variant_id, date) do update set impressions = excluded.impressions, clicks = excluded.clicks,
             reactions = excluded.reactions, comments = excluded.comments, shares = excluded.shares,
             conversions = excluded.conversions, revenue_usd = excluded.revenue_usd,
             recorded_by = excluded.recorded_by, updated_at = now()
           where e.workspace_id = excluded.workspace_id
           returning (xmax = 0) as inserted`,
          [workspaceId, by, JSON.stringify(chunk)],
          'all',
          tx.getTransactionContext(),
        );
        replaced += result.filter((row) => !row.inserted).length;
      }
      const accepted = good.length + replacedInCall;
      emit('engagement.recorded', workspaceId, {
        campaignIds: [...new Set(good.map((row) => variants.get(row.variantId)?.campaign as string))],
        variantIds: [...new Set(good.map((row) => row.variantId))],
        accepted,
        replaced,
        by,
      });
      return report(accepted, replaced);
    });
  }
}

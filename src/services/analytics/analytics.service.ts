import type { EntityManager } from '@mikro-orm/postgresql';
import { Campaign, Platform } from '../../entities';
import { AppError } from '../../errors';
import type { OwnHour } from '../scheduling/posting-times';
import { getOwned } from '../scoped-data';
import type { Scope } from '../viewer';

/** Counts of a slice of engagement, and its engagement rate. */
export interface EngagementTotals {
  impressions: number;
  clicks: number;
  reactions: number;
  comments: number;
  shares: number;
  conversions: number;
  revenueUsd: number;
  /** (clicks + reactions + comments + shares) / impressions; 0 without impressions. */
  engagementRate: number;
}

export interface PlatformAnalytics extends EngagementTotals {
  platform: Platform;
}

export interface VariantAnalytics extends EngagementTotals {
  variant: { id: string };
  platform: Platform;
}

export interface CampaignAnalytics extends EngagementTotals {
  /** What generating the campaign's content cost: every model call of its jobs (cache hits cost nothing). */
  generationCostUsd: number;
  /** (revenue − generation cost) / generation cost; null when nothing was spent (no finite return). */
  roi: number | null;
  byPlatform: PlatformAnalytics[];
  byVariant: VariantAnalytics[];
}

interface Row {
  variant_id: string;
  platform: Platform;
  impressions: string | number;
  clicks: string | number;
  reactions: string | number;
  comments: string | number;
  shares: string | number;
  conversions: string | number;
  revenue_usd: string | number | null;
}

/** Platforms in the order the schema lists them. */
const PLATFORM_ORDER = Object.values(Platform);

/** Engagement rate as the industry reports it: interactions per impression (README "Analytics"). */
export function engagementRate(totals: Omit<EngagementTotals, 'engagementRate'>): number {
  if (totals.impressions <= 0) return 0;
  return (totals.clicks + totals.reactions + totals.comments + totals.shares) / totals.impressions;
}

function zero(): Omit<EngagementTotals, 'engagementRate'> {
  return { impressions: 0, clicks: 0, reactions: 0, comments: 0, shares: 0, conversions: 0, revenueUsd: 0 };
}

function add(into: Omit<EngagementTotals, 'engagementRate'>, row: Omit<EngagementTotals, 'engagementRate'>): void {
  into.impressions += row.impressions;
  into.clicks += row.clicks;
  into.reactions += row.reactions;
  into.comments += row.comments;
  into.shares += row.shares;
  into.conversions += row.conversions;
  into.revenueUsd += row.revenueUsd;
}

const withRate = <T extends Omit<EngagementTotals, 'engagementRate'>>(totals: T): T & EngagementTotals => ({
  ...totals,
  engagementRate: engagementRate(totals),
});

/** Own posting hours are suggested once a platform has this many published posts with engagement. */
export const OWN_HOURS_MIN_POSTS = 3;

/**
 * A campaign's results (README "Analytics"): engagement totals, per platform and per variant, revenue, the
 * generation cost from the usage records, and ROI = (revenue − generation cost) / generation cost. Two statements:
 * the engagement grouped by variant, and the cost.
 */
export class AnalyticsService {
  /**
   * The workspace's own hours on a platform (README "Analytics"): each variant counts once, at the hour its first
   * post was published, read on the wall clock of `timeZone`, with its engagement rate over all its days. Empty until
   * OWN_HOURS_MIN_POSTS such posts exist.
   */
  async ownHours(em: EntityManager, workspaceId: string, platform: Platform, timeZone: string): Promise<OwnHour[]> {
    const rows = await em.getConnection().execute<{ hour: number; posts: string; rate: number | null }[]>(
      `select extract(hour from (p.first_at at time zone ?))::int as hour, count(*) as posts,
         sum(e.interactions)::double precision / sum(e.impressions) as rate
       from (select variant_id, min(coalesce(published_at, scheduled_at)) as first_at from scheduled_post
             where workspace_id = ? and platform = ? and status = 'PUBLISHED' group by variant_id) p
       join (select variant_id, sum(impressions) as impressions, sum(clicks + reactions + comments + shares) as interactions
             from engagement where workspace_id = ? and platform = ? group by variant_id) e using (variant_id)
       where e.impressions > 0
       group by 1`,
      [timeZone, workspaceId, platform, workspaceId, platform],
      'all',
      em.getTransactionContext(),
    );
    const hours = rows.map((row) => ({
      hour: Number(row.hour),
      posts: Number(row.posts),
      rate: Number(row.rate ?? 0),
    }));
    const posts = hours.reduce((sum, hour) => sum + hour.posts, 0);
    return posts >= OWN_HOURS_MIN_POSTS ? hours : [];
  }

  async campaign(
    scope: Scope,
    id: string,
    range: { from?: Date | null; to?: Date | null },
  ): Promise<CampaignAnalytics> {
    const { from, to } = range;
    for (const [path, value] of [
      ['from', from],
      ['to', to],
    ] as const) {
      if (value && Number.isNaN(value.getTime())) throw AppError.badInput([{ path, message: 'must be a date-time' }]);
    }
    if (from && to && to <= from) throw AppError.badInput([{ path: 'to', message: 'must be after from' }]);
    const campaign = await getOwned(scope, Campaign, id, 'Campaign');
    const workspaceId = scope.viewer.workspace.id;
    const connection = scope.em.getConnection();
    // A row counts when its day (midnight UTC) is in [from, to).
    const rows = await connection.execute<Row[]>(
      `select variant_id, platform, sum(impressions) as impressions, sum(clicks) as clicks, sum(reactions) as reactions,
         sum(comments) as comments, sum(shares) as shares, sum(conversions) as conversions,
         sum(revenue_usd) as revenue_usd
       from engagement
       where workspace_id = ? and campaign_id = ?
         and (?::date is null or date >= ?::timestamptz at time zone 'UTC')
         and (?::date is null or date < ?::timestamptz at time zone 'UTC')
       group by variant_id, platform
       order by variant_id`,
      [workspaceId, campaign.id, from ?? null, from ?? null, to ?? null, to ?? null],
    );
    const [cost] = await connection.execute<{ cost: string | number | null }[]>(
      `select sum(c.cost_usd) as cost from llm_call c join generation_job j on j.id = c.job_id
       where c.workspace_id = ? and j.campaign_id = ?`,
      [workspaceId, campaign.id],
    );
    const byVariant: VariantAnalytics[] = rows.map((row) =>
      withRate({
        variant: { id: row.variant_id },
        platform: row.platform,
        impressions: Number(row.impressions),
        clicks: Number(row.clicks),
        reactions: Number(row.reactions),
        comments: Number(row.comments),
        shares: Number(row.shares),
        conversions: Number(row.conversions),
        revenueUsd: Number(row.revenue_usd ?? 0),
      }),
    );
    const totals = zero();
    const platforms = new Map<Platform, Omit<EngagementTotals, 'engagementRate'>>();
    for (const variant of byVariant) {
      add(totals, variant);
      const platform = platforms.get(variant.platform) ?? zero();
      add(platform, variant);
      platforms.set(variant.platform, platform);
    }
    const generationCostUsd = Number(cost?.cost ?? 0);
    const revenueUsd = totals.revenueUsd;
    return {
      ...withRate(totals),
      generationCostUsd,
      roi: generationCostUsd > 0 ? (revenueUsd - generationCostUsd) / generationCostUsd : null,
      byPlatform: PLATFORM_ORDER.filter((platform) => platforms.has(platform)).map((platform) =>
        withRate({ platform, ...(platforms.get(platform) as Omit<EngagementTotals, 'engagementRate'>) }),
      ),
      byVariant: byVariant.sort(
        (a, b) =>
          PLATFORM_ORDER.indexOf(a.platform) - PLATFORM_ORDER.indexOf(b.platform) || b.impressions - a.impressions,
      ),
    };
  }
}

import type { EntityManager } from '@mikro-orm/postgresql';
import DataLoader from 'dataloader';
import {
  Campaign,
  ContentVariant,
  ContentVersion,
  GenerationJob,
  JobStatus,
  Platform,
  PostSeries,
} from '../../entities';
import { scopedQuery, selectRows, workspaceOf } from '../scoped-data';

const PLATFORM_ORDER = Object.values(Platform);

/**
 * A variant as the read path serves it: a plain row, not a managed entity. Pages carry hundreds of variants and
 * only read them; building entities for them was most of a page's CPU time (bench/).
 */
export type VariantRow = Pick<
  ContentVariant,
  'id' | 'platform' | 'position' | 'title' | 'body' | 'hashtags' | 'characterCount' | 'status' | 'createdAt' | 'version'
> & { campaign: string };

/** A version as the read path serves it: a plain row (`variant` is the variant's id). */
export type VersionRow = Omit<ContentVersion, 'workspace' | 'variant'> & { variant: string };

/**
 * A campaign's newest job as the read path serves it: a plain row of the fields a GenerationJob answers with
 * (`campaign` is the campaign's id wrapped like a reference, so the job's own resolvers read it either way).
 */
export type JobRow = Pick<
  GenerationJob,
  | 'id'
  | 'status'
  | 'stage'
  | 'progress'
  | 'provider'
  | 'degraded'
  | 'degradedReason'
  | 'error'
  | 'usage'
  | 'createdAt'
  | 'startedAt'
  | 'finishedAt'
> & { campaign: { id: string } };

/** The columns of a VariantRow. */
const VARIANT_ROW_COLUMNS = [
  'v.id',
  'v.campaign',
  'v.platform',
  'v.position',
  'v.title',
  'v.body',
  'v.hashtags',
  'v.characterCount',
  'v.status',
  'v.createdAt',
  'v.version',
] as const;

/*
 * Two of the three statements every campaigns page runs (the page itself is in campaign.service.ts), as fixed
 * SQL: building them with the query builder on every request was about a tenth of the read path's CPU (bench:read,
 * BENCH_CPU_PROFILE). Columns are aliased to the rows' property names. They scope themselves: the workspace is the first parameter, taken from the EntityManager's
 * workspace filter (`workspaceOf`), and joined rows are matched on ids within it.
 */

/**
 * A campaign's published variants: imported ones (no job) and those of a finished job. A running job's variants
 * appear when it succeeds, replacing the platform's previous ones.
 */
const PUBLISHED_VARIANTS_SQL = `select v.id, v.campaign_id as campaign, v.platform, v.position, v.title, v.body, v.hashtags,
  v.character_count as "characterCount", v.status, v.created_at as "createdAt", v.version
  from content_variant v left join generation_job j on j.id = v.job_id
  where v.workspace_id = ? and v.campaign_id in (?) and (v.job_id is null or j.status = '${JobStatus.SUCCEEDED}')
  order by v.platform, v.position, v.created_at`;

/** Each campaign's newest job: DISTINCT ON keeps one row per campaign, older jobs are never read. */
const NEWEST_JOBS_SQL = `select distinct on (j.campaign_id) j.id, j.campaign_id as campaign, j.status, j.stage,
  j.progress, j.provider, j.degraded, j.degraded_reason as "degradedReason", j.error, j.usage,
  j.created_at as "createdAt", j.started_at as "startedAt", j.finished_at as "finishedAt"
  from generation_job j where j.workspace_id = ? and j.campaign_id in (?)
  order by j.campaign_id, j.created_at desc, j.id desc`;

/** One variant group of a campaign, in the order platforms are listed in the schema. */
export interface PlatformVariants {
  platform: Platform;
  variants: VariantRow[];
}

/** Per-request batch loaders: a page of campaigns costs one statement per relation, whatever its size. */
export interface CampaignLoaders {
  campaign: DataLoader<string, Campaign | null>;
  contents: DataLoader<string, PlatformVariants[]>;
  latestJob: DataLoader<string, JobRow | null>;
  /** A variant's moderation and quality, loaded only when a client asks for them (they are the bulky columns). */
  review: DataLoader<string, VariantReview | null>;
  /** Variants by id (a calendar's posts name theirs): one statement for a whole page. */
  variant: DataLoader<string, VariantRow | null>;
  /** Versions by id (the exact version each post publishes). */
  version: DataLoader<string, VersionRow | null>;
  /** Series by id. */
  series: DataLoader<string, PostSeries | null>;
}

export interface VariantReview {
  moderation: unknown;
  quality: unknown;
}

function groupContents(variants: VariantRow[]): PlatformVariants[] {
  const byPlatform = new Map<Platform, VariantRow[]>();
  for (const variant of variants) {
    const list = byPlatform.get(variant.platform) ?? [];
    list.push(variant);
    byPlatform.set(variant.platform, list);
  }
  return PLATFORM_ORDER.filter((platform) => byPlatform.has(platform)).map((platform) => ({
    platform,
    variants: byPlatform.get(platform) ?? [],
  }));
}

/**
 * Loaders reading through `em`, which must carry the workspace filter's params (every query here applies the filter,
 * query builders through `scopedQuery`). `_workspaceId` is unused and kept only for the current caller (context.ts).
 */
export function createCampaignLoaders(em: EntityManager): CampaignLoaders {
  return {
    campaign: new DataLoader(async (ids) => {
      const rows = await em.find(Campaign, { id: { $in: [...ids] } });
      const byId = new Map(rows.map((row) => [row.id, row]));
      return ids.map((id) => byId.get(id) ?? null);
    }),
    contents: new DataLoader(async (campaignIds) => {
      const rows = await selectRows<VariantRow>(
        em,
        PUBLISHED_VARIANTS_SQL,
        [workspaceOf(em), [...campaignIds]],
        ['createdAt'],
      );
      const byCampaign = new Map<string, VariantRow[]>();
      for (const row of rows) {
        const list = byCampaign.get(row.campaign) ?? [];
        list.push(row);
        byCampaign.set(row.campaign, list);
      }
      return campaignIds.map((id) => groupContents(byCampaign.get(id) ?? []));
    }),
    review: new DataLoader(async (variantIds) => {
      const rows = await scopedQuery(
        em,
        ContentVariant,
        'v',
        (qb) => qb.select(['v.id', 'v.moderation', 'v.quality']).where({ id: { $in: [...variantIds] } }),
        (qb) => qb.execute<(VariantReview & { id: string })[]>('all', true),
      );
      const byId = new Map(rows.map((row) => [row.id, row]));
      return variantIds.map((id) => byId.get(id) ?? null);
    }),
    variant: new DataLoader(async (ids) => {
      const rows = await scopedQuery(
        em,
        ContentVariant,
        'v',
        (qb) => qb.select([...VARIANT_ROW_COLUMNS]).where({ id: { $in: [...ids] } }),
        (qb) => qb.execute<VariantRow[]>('all', true),
      );
      const byId = new Map(rows.map((row) => [row.id, row]));
      return ids.map((id) => byId.get(id) ?? null);
    }),
    version: new DataLoader(async (ids) => {
      // Plain rows of the versions alone: `em.find` would join each one's variant for the filter and build an
      // entity per version; a calendar reads hundreds only to show them.
      const rows = await scopedQuery(
        em,
        ContentVersion,
        'n',
        (qb) =>
          qb
            .select(['n.id', 'n.variant', 'n.number', 'n.title', 'n.body', 'n.hashtags', 'n.contentHash'])
            .addSelect(['n.source', 'n.createdBy', 'n.moderation', 'n.quality', 'n.createdAt'])
            .where({ id: { $in: [...ids] } }),
        (qb) => qb.execute<VersionRow[]>('all', true),
      );
      const byId = new Map(rows.map((row) => [row.id, row]));
      return ids.map((id) => byId.get(id) ?? null);
    }),
    series: new DataLoader(async (ids) => {
      const rows = await em.find(PostSeries, { id: { $in: [...ids] } });
      const byId = new Map(rows.map((row) => [row.id, row]));
      return ids.map((id) => byId.get(id) ?? null);
    }),
    latestJob: new DataLoader(async (campaignIds) => {
      const rows = await selectRows<Omit<JobRow, 'campaign'> & { campaign: string }>(
        em,
        NEWEST_JOBS_SQL,
        [workspaceOf(em), [...campaignIds]],
        ['createdAt', 'startedAt', 'finishedAt'],
      );
      const byCampaign = new Map<string, JobRow>(
        rows.map((row) => [row.campaign, { ...row, campaign: { id: row.campaign } }]),
      );
      return campaignIds.map((id) => byCampaign.get(id) ?? null);
    }),
  };
}

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
import { scopedQuery } from '../scoped-data';

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

const JOB_ROW_COLUMNS = [
  'j.id',
  'j.campaign',
  'j.status',
  'j.stage',
  'j.progress',
  'j.provider',
  'j.degraded',
  'j.degradedReason',
  'j.error',
  'j.usage',
  'j.createdAt',
  'j.startedAt',
  'j.finishedAt',
] as const;

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
      // Only published variants: imported ones (no job) and those of a finished job. A running job's variants
      // appear when it succeeds, replacing the platform's previous ones.
      const rows = await scopedQuery(
        em,
        ContentVariant,
        'v',
        (qb) =>
          qb
            .select([...VARIANT_ROW_COLUMNS])
            .leftJoin('v.job', 'j')
            .where({ campaign: { $in: [...campaignIds] } })
            .andWhere({ $or: [{ job: null }, { job: { status: JobStatus.SUCCEEDED } }] })
            .orderBy([{ platform: 'asc' }, { position: 'asc' }, { createdAt: 'asc' }]),
        (qb) => qb.execute<VariantRow[]>('all', true),
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
      // DISTINCT ON keeps one row per campaign: its newest job; older jobs are never loaded.
      const rows = await scopedQuery(
        em,
        GenerationJob,
        'j',
        (qb) =>
          qb
            .select([...JOB_ROW_COLUMNS])
            .distinctOn(['j.campaign'])
            .where({ campaign: { $in: [...campaignIds] } })
            .orderBy([{ campaign: 'asc' }, { createdAt: 'desc' }, { id: 'desc' }]),
        (qb) => qb.execute<(Omit<JobRow, 'campaign'> & { campaign: string })[]>('all', true),
      );
      const byCampaign = new Map<string, JobRow>(
        rows.map((row) => [row.campaign, { ...row, campaign: { id: row.campaign } }]),
      );
      return campaignIds.map((id) => byCampaign.get(id) ?? null);
    }),
  };
}

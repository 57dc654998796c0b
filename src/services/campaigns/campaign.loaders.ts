import type { EntityManager } from '@mikro-orm/postgresql';
import DataLoader from 'dataloader';
import { Campaign, ContentVariant, GenerationJob, Platform } from '../../entities';

const PLATFORM_ORDER = Object.values(Platform);

/** One variant group of a campaign, in the order platforms are listed in the schema. */
export interface PlatformVariants {
  platform: Platform;
  variants: ContentVariant[];
}

/** Per-request batch loaders: a page of campaigns costs one statement per relation, whatever its size. */
export interface CampaignLoaders {
  campaign: DataLoader<string, Campaign | null>;
  contents: DataLoader<string, PlatformVariants[]>;
  latestJob: DataLoader<string, GenerationJob | null>;
}

function groupContents(variants: ContentVariant[]): PlatformVariants[] {
  const byPlatform = new Map<Platform, ContentVariant[]>();
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

export function createCampaignLoaders(em: EntityManager, workspaceId: string): CampaignLoaders {
  return {
    campaign: new DataLoader(async (ids) => {
      const rows = await em.find(Campaign, { id: { $in: [...ids] } });
      const byId = new Map(rows.map((row) => [row.id, row]));
      return ids.map((id) => byId.get(id) ?? null);
    }),
    contents: new DataLoader(async (campaignIds) => {
      const rows = await em.find(
        ContentVariant,
        { campaign: { $in: [...campaignIds] } },
        { orderBy: [{ platform: 'asc' }, { position: 'asc' }, { createdAt: 'asc' }] },
      );
      const byCampaign = new Map<string, ContentVariant[]>();
      for (const row of rows) {
        const list = byCampaign.get(row.campaign.id) ?? [];
        list.push(row);
        byCampaign.set(row.campaign.id, list);
      }
      return campaignIds.map((id) => groupContents(byCampaign.get(id) ?? []));
    }),
    latestJob: new DataLoader(async (campaignIds) => {
      // DISTINCT ON keeps one row per campaign: its newest job; older jobs are never loaded.
      const rows = await em
        .createQueryBuilder(GenerationJob, 'j')
        .select('*')
        .distinctOn(['j.campaign'])
        .where({ campaign: { $in: [...campaignIds] }, workspace: workspaceId })
        .orderBy([{ campaign: 'asc' }, { createdAt: 'desc' }, { id: 'desc' }])
        .getResultList();
      const byCampaign = new Map(rows.map((row) => [row.campaign.id, row]));
      return campaignIds.map((id) => byCampaign.get(id) ?? null);
    }),
  };
}

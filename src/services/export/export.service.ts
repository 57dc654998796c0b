import { Campaign, PostStatus, ScheduledPost } from '../../entities';
import { AppError } from '../../errors';
import { createCampaignLoaders } from '../campaigns/campaign.loaders';
import { postLocalDateTime } from '../scheduling/schedule.service';
import { getOwned } from '../scoped-data';
import type { Scope } from '../viewer';
import {
  type CampaignSnapshot,
  type ExportedPost,
  type ExportedVariant,
  type ExportFile,
  type ExportFormat,
  renderExport,
} from './campaign-export';

const FORMATS: readonly ExportFormat[] = ['MARKDOWN', 'CSV', 'JSON'];

interface StoredModeration {
  verdict?: unknown;
  findings?: unknown;
}

/** What the export shows of a stored moderation result: the verdict and how many findings. */
function moderationOf(value: unknown): ExportedVariant['moderation'] {
  const stored = value as StoredModeration | null | undefined;
  if (!stored || typeof stored.verdict !== 'string') return null;
  return { verdict: stored.verdict, findings: Array.isArray(stored.findings) ? stored.findings.length : 0 };
}

function qualityOf(value: unknown): number | null {
  const score = (value as { score?: unknown } | null | undefined)?.score;
  return typeof score === 'number' ? score : null;
}

/**
 * A campaign of the caller's workspace as a file (README "Export"): the same snapshot for `exportCampaign` and the
 * `GET /export/campaigns/<id>.<ext>` route. Variants are the ones the API shows (imported, or of a finished job).
 */
export class ExportService {
  constructor(private readonly now: () => Date = () => new Date()) {}

  async snapshot(scope: Scope, campaignId: string): Promise<CampaignSnapshot> {
    const campaign = await getOwned(scope, Campaign, campaignId, 'Campaign');
    const loaders = createCampaignLoaders(scope.em);
    const groups = await loaders.contents.load(campaign.id);
    const rows = groups.flatMap((group) => group.variants);
    const reviews = await Promise.all(rows.map((row) => loaders.review.load(row.id)));
    // The schedule: every post not cancelled, with the number of the exact version it publishes.
    const posts = await scope.em.find(
      ScheduledPost,
      { campaign: campaign.id, status: { $ne: PostStatus.CANCELLED } },
      { populate: ['version'], orderBy: { scheduledAt: 'asc', id: 'asc' } },
    );
    const postsByVariant = new Map<string, ExportedPost[]>();
    for (const post of posts) {
      const list = postsByVariant.get(post.variant.id) ?? [];
      list.push({
        id: post.id,
        scheduledAt: post.scheduledAt,
        timeZone: post.timeZone,
        localTime: postLocalDateTime(post),
        status: post.status,
        version: post.version.number,
        held: post.held,
        publishedAt: post.publishedAt ?? null,
        externalUrl: post.externalUrl ?? null,
      });
      postsByVariant.set(post.variant.id, list);
    }
    return {
      id: campaign.id,
      name: campaign.name,
      status: campaign.status,
      createdAt: campaign.createdAt,
      brief: campaign.brief,
      outline: campaign.outline ?? null,
      variants: rows.map((row, index) => ({
        id: row.id,
        platform: row.platform,
        status: row.status,
        version: row.version,
        title: row.title ?? null,
        body: row.body,
        hashtags: row.hashtags,
        moderation: moderationOf(reviews[index]?.moderation),
        quality: qualityOf(reviews[index]?.quality),
        posts: postsByVariant.get(row.id) ?? [],
      })),
      exportedAt: this.now(),
    };
  }

  async export(scope: Scope, campaignId: string, format: string): Promise<ExportFile> {
    if (!FORMATS.includes(format as ExportFormat)) {
      throw AppError.badInput([{ path: 'format', message: `must be one of ${FORMATS.join(', ')}` }]);
    }
    return renderExport(await this.snapshot(scope, campaignId), format as ExportFormat);
  }
}

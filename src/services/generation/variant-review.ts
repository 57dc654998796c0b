import type { BriefData, Platform } from '../../entities';
import { ContentStatus } from '../../entities';
import type { BrandRules, ModerationResult } from '../moderation/moderation.types';
import { moderate } from '../moderation/moderation-engine';
import type { VariantDraft } from '../platforms/platform-rules';
import type { QualityScore } from '../quality/quality.types';
import { scoreQuality } from '../quality/quality-score';

/** A draft after review: the text to store, its moderation and quality, and its status. */
export interface ReviewedVariant {
  draft: VariantDraft;
  moderation: ModerationResult;
  quality: QualityScore;
  status: ContentStatus;
  /** True when the first draft was blocked and this one was written again with the findings as feedback. */
  rewritten: boolean;
}

/** What a review needs to know of the work: the platform, the brief and the brand's rules. */
export interface ReviewSubject {
  platform: Platform;
  brief: BriefData;
  brand: BrandRules;
}

function check(work: ReviewSubject, draft: VariantDraft): ModerationResult {
  return moderate({
    platform: work.platform,
    text: draft.body,
    title: draft.title,
    hashtags: draft.hashtags,
    brand: work.brand,
  });
}

/** The blocking findings as feedback a writer can act on. */
function feedbackFrom(result: ModerationResult): string {
  return result.findings
    .filter((finding) => finding.severity === 'ERROR')
    .map((finding) => `- ${finding.message}${finding.suggestion ? ` (${finding.suggestion})` : ''}`)
    .join('\n');
}

/**
 * Moderates and scores a fitted draft. A BLOCKed draft is written once more with the findings as feedback (not
 * streamed: its VARIANT_READY body is the one to keep); if that is still not clean it is kept, FLAGGED, with its
 * findings explained. FLAG findings also mark the variant FLAGGED for a person to look at.
 */
export async function reviewVariant(
  work: ReviewSubject,
  draft: VariantDraft,
  rewrite: (feedback: string) => Promise<VariantDraft>,
): Promise<ReviewedVariant> {
  let final = draft;
  let moderation = check(work, draft);
  let rewritten = false;
  if (moderation.verdict === 'BLOCK') {
    final = await rewrite(feedbackFrom(moderation));
    moderation = check(work, final);
    rewritten = true;
  }
  const quality = scoreQuality({
    platform: work.platform,
    text: final.body,
    title: final.title,
    hashtags: final.hashtags,
    brief: work.brief,
    moderation,
  });
  const status = moderation.verdict === 'PASS' ? ContentStatus.DRAFT : ContentStatus.FLAGGED;
  return { draft: final, moderation, quality, status, rewritten };
}

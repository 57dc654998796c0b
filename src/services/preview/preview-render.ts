import type { BriefData, Platform } from '../../entities';
import { countCharacters, ruleFor } from '../platforms/platform-rules';
import { twitter } from '../platforms/tweet-text';
import { readabilityOf } from '../quality/readability';
import { estimateEngagement } from './engagement';
import { renderHtml } from './html';
import type { PlatformPreview, PreviewInput } from './preview.types';
import { seoReport } from './seo';
import { foldFor } from './visible-text';

/** Flesch–Kincaid is calibrated for English; a brief in another language gets no grade. */
function isEnglish(brief: BriefData | null): boolean {
  return !brief?.language || brief.language.toLowerCase().startsWith('en');
}

/**
 * How a text shows on one platform: the part visible before "see more" (or the limit), platform-weighted and raw
 * counts against the limit, the hashtags, mentions and links twitter-text finds, readability, SEO, a labelled
 * engagement heuristic and an escaped HTML card. Pure: no database, no model.
 */
export function preview(input: PreviewInput): PlatformPreview {
  const { platform, text } = input;
  const title = input.title?.trim() ?? '';
  const brief = input.brief ?? null;
  const fold = foldFor(platform, text, title);
  return {
    platform,
    visibleText: fold.visible,
    truncated: fold.truncated,
    characterCount: countCharacters(platform, text),
    rawCharacterCount: Array.from(text).length,
    limit: ruleFor(platform).maxLength,
    hashtags: twitter.extractHashtags(text).map((tag) => `#${tag}`),
    mentions: twitter.extractMentions(text).map((name) => `@${name}`),
    links: twitter.extractUrls(text),
    readabilityGrade: isEnglish(brief) ? (readabilityOf(text)?.grade ?? null) : null,
    seo: seoReport(platform, text, title, brief),
    engagement: estimateEngagement(platform, text, brief),
    html: renderHtml({ platform, text, title, fold }),
  };
}

/** The same text previewed on several platforms, in the order given. */
export function previews(platforms: readonly Platform[], input: Omit<PreviewInput, 'platform'>): PlatformPreview[] {
  return platforms.map((platform) => preview({ ...input, platform }));
}

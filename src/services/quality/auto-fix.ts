import { countCharacters, cutAtSentence, postedText, ruleFor } from '../platforms/platform-rules';
import { normaliseTag } from './hashtag-form';
import type { AutoFixInput, AutoFixResult } from './quality.types';
import { dropBannedTerms, fixShouting, fixSpacing, type TextFix, withEntitiesProtected } from './text-fixes';
import { compact } from './text-match';

/** Normalised, deduplicated (case-insensitively), banned-free hashtags within the platform's maximum. */
function fixHashtags(input: AutoFixInput): { hashtags: string[]; fixes: string[] } {
  const fixes: string[] = [];
  const banned = new Set((input.brand?.bannedTerms ?? []).map(compact));
  const seen = new Set<string>();
  const hashtags: string[] = [];
  for (const original of input.hashtags ?? []) {
    const tag = normaliseTag(original);
    if (!tag) {
      fixes.push(`Dropped the hashtag '${original}': it has no letters`);
      continue;
    }
    if (tag !== original) fixes.push(`Normalised the hashtag '${original}' to ${tag}`);
    if (banned.has(compact(tag))) {
      fixes.push(`Dropped the hashtag ${tag}: it is a banned term`);
      continue;
    }
    const key = tag.toLocaleLowerCase();
    if (seen.has(key)) {
      fixes.push(`Removed the duplicate hashtag ${tag}`);
      continue;
    }
    seen.add(key);
    hashtags.push(tag);
  }
  const rule = ruleFor(input.platform);
  if (hashtags.length > rule.hashtags.max) {
    fixes.push(`Kept the first ${rule.hashtags.max} of ${hashtags.length} hashtags: the ${rule.label} maximum`);
    hashtags.length = rule.hashtags.max;
  }
  return { hashtags, fixes };
}

/**
 * Cuts the body at a sentence end so that body and hashtags together fit the platform's limit. The hashtags'
 * share is measured, not assumed, because X weighs characters.
 */
function trimToLimit(input: AutoFixInput, text: string, hashtags: readonly string[]): TextFix {
  const { platform } = input;
  const limit = ruleFor(platform).maxLength;
  const length = countCharacters(platform, postedText(platform, text, hashtags));
  if (length <= limit) return { text, fixes: [] };
  const tagsCost = length - countCharacters(platform, text);
  const trimmed = cutAtSentence(platform, text, Math.max(0, limit - tagsCost));
  return {
    text: trimmed,
    fixes: [`Trimmed the text at a sentence boundary to fit the ${limit}-character limit (it was ${length})`],
  };
}

/**
 * Fixes the mechanical problems of a text: spacing, shouting, banned terms, hashtag form and repeats, and
 * length (cut at a sentence boundary). Returns the fixed text and hashtags and each fix in plain English; a
 * clean text comes back unchanged with no fixes. Links, hashtags, mentions and e-mail addresses in the text are
 * never altered by the text fixes.
 */
export function autoFix(input: AutoFixInput): AutoFixResult {
  const tags = fixHashtags(input);
  const fixed = withEntitiesProtected(input.text, (masked) => {
    const spacing = fixSpacing(masked);
    const shouting = fixShouting(spacing.text);
    const banned = dropBannedTerms(shouting.text, input.brand?.bannedTerms ?? []);
    return { text: banned.text, fixes: [...spacing.fixes, ...shouting.fixes, ...banned.fixes] };
  });
  const trimmed = trimToLimit(input, fixed.text, tags.hashtags);
  return { text: trimmed.text, hashtags: tags.hashtags, fixes: [...fixed.fixes, ...trimmed.fixes, ...tags.fixes] };
}

import type { Platform } from '../../../../entities';
import type { BrandRules } from '../../../moderation/moderation.types';
import { checkVariant, ruleFor, type VariantDraft } from '../../../platforms/platform-rules';

const EMOJI = /\p{Extended_Pictographic}\uFE0F?/gu;

function mentions(text: string, term: string): boolean {
  return text.toLocaleLowerCase().includes(term.toLocaleLowerCase());
}

/** Keeps a change only when the variant still fits its platform. */
function ifFits(platform: Platform, before: VariantDraft, after: VariantDraft): VariantDraft {
  return checkVariant(platform, after).length === 0 ? after : before;
}

/**
 * Applies the brand's mechanical rules to an offline draft: emoji policy, preferred hashtags, missing required
 * terms and disclaimers (appended when they fit the platform). The voice and banned terms cannot be honoured by
 * templates; moderation reports any banned term the brief itself brought in.
 */
export function applyBrand(
  platform: Platform,
  draft: VariantDraft,
  brand: BrandRules | null | undefined,
): VariantDraft {
  if (!brand) return draft;
  let result = draft;
  if (brand.emojiPolicy === 'none') {
    result = {
      ...result,
      body: result.body
        .replace(EMOJI, '')
        .replace(/[ \t]{2,}/g, ' ')
        .replace(/ +\n/g, '\n'),
    };
  }
  const max = ruleFor(platform).hashtags.max;
  if (brand.preferredHashtags.length > 0 && max > 0) {
    const merged = [...brand.preferredHashtags, ...result.hashtags].filter(
      (tag, i, all) => all.findIndex((other) => other.toLowerCase() === tag.toLowerCase()) === i,
    );
    result = ifFits(platform, result, { ...result, hashtags: merged.slice(0, Math.max(max, 1)) });
  }
  const missing = brand.requiredTerms.filter((term) => !mentions(result.body, term));
  if (missing.length > 0)
    result = ifFits(platform, result, { ...result, body: `${result.body}\n\n${missing.join(' · ')}` });
  const disclaimers = brand.disclaimers.filter((text) => !mentions(result.body, text));
  if (disclaimers.length > 0) {
    result = ifFits(platform, result, { ...result, body: `${result.body}\n\n${disclaimers.join(' ')}` });
  }
  return result;
}

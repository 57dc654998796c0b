import { type BriefData, Campaign, ContentVariant, type Platform } from '../../entities';
import { AppError } from '../../errors';
import { brandRules, findBrandProfile } from '../brand/brand.service';
import { CAMPAIGN_LIMITS } from '../campaigns/campaign.limits';
import type { BrandRules, Finding, Verdict } from '../moderation/moderation.types';
import { moderate } from '../moderation/moderation-engine';
import { countCharacters, postedText, ruleFor } from '../platforms/platform-rules';
import type { PlatformPreview } from '../preview/preview.types';
import { preview } from '../preview/preview-render';
import { getOwned } from '../scoped-data';
import type { Scope } from '../viewer';
import { autoFix } from './auto-fix';
import type { QualityScore } from './quality.types';
import { scoreQuality } from './quality-score';

/** The report `validateContent` answers. */
export interface ValidationReport {
  verdict: Verdict;
  findings: Finding[];
  quality: QualityScore;
  fixedText: string | null;
  fixes: string[];
  characterCount: number;
  limit: number;
}

/** Longest text accepted for checking or previewing; far above any platform's limit. */
const MAX_TEXT = 100_000;

function checkText(text: string, path = 'text'): string {
  if (text.length > MAX_TEXT) throw AppError.badInput([{ path, message: `must be at most ${MAX_TEXT} characters` }]);
  return text;
}

/** Checks and previews any text a user pastes, or a stored variant, with the workspace's brand rules. */
export class ContentCheckService {
  async brand(scope: Scope): Promise<BrandRules> {
    return brandRules(await findBrandProfile(scope));
  }

  /** Moderation, quality score and auto-fix of one text, optionally against a campaign's brief. */
  async validate(
    scope: Scope,
    input: { platform: Platform; text: string; campaignId?: string | null },
  ): Promise<ValidationReport> {
    const text = checkText(input.text);
    const brief = input.campaignId ? (await getOwned(scope, Campaign, input.campaignId, 'Campaign')).brief : null;
    const brand = await this.brand(scope);
    const moderation = moderate({ platform: input.platform, text, brand });
    const quality = scoreQuality({ platform: input.platform, text, brief, moderation });
    const fixed = autoFix({ platform: input.platform, text, brand });
    return {
      verdict: moderation.verdict,
      findings: moderation.findings,
      quality,
      fixedText: fixed.fixes.length > 0 ? fixed.text : null,
      fixes: fixed.fixes,
      characterCount: countCharacters(input.platform, text),
      limit: ruleFor(input.platform).maxLength,
    };
  }

  /** How a text, or a stored variant, shows on each platform. */
  async previews(
    scope: Scope,
    input: { platforms: Platform[]; text?: string | null; variantId?: string | null },
  ): Promise<PlatformPreview[]> {
    const { minPlatforms, maxPlatforms } = CAMPAIGN_LIMITS;
    if (input.platforms.length < minPlatforms || input.platforms.length > maxPlatforms) {
      throw AppError.badInput([
        { path: 'platforms', message: `must list ${minPlatforms} to ${maxPlatforms} platforms` },
      ]);
    }
    const source = await this.source(scope, input);
    return input.platforms.map((platform) => preview({ platform, ...source }));
  }

  private async source(
    scope: Scope,
    input: { text?: string | null; variantId?: string | null },
  ): Promise<{ text: string; title: string | null; brief: BriefData | null }> {
    const hasText = input.text !== undefined && input.text !== null;
    if (hasText === Boolean(input.variantId)) {
      throw AppError.badInput([{ path: 'text', message: 'give either text or variantId' }]);
    }
    if (hasText) return { text: checkText(input.text as string), title: null, brief: null };
    const variant = await getOwned(scope, ContentVariant, input.variantId as string, 'Variant', {
      populate: ['campaign'],
    });
    return {
      text: postedText(variant.platform, variant.body, variant.hashtags),
      title: variant.title ?? null,
      brief: variant.campaign.brief,
    };
  }
}

import { type BriefData, type OutlineData, Platform } from '../../entities';
import type { BrandRules } from '../moderation/moderation.types';
import { ruleFor } from '../platforms/platform-rules';
import { costOf, type PriceTable } from './pricing';
import { buildOutlineMessages, buildVariantsMessages } from './prompts/prompt-builder';
import type { AnswerCache } from './providers/answer-cache';
import { writeOutline } from './providers/offline/outline';
import { OUTLINE_SCHEMA, type StructuredSchema, variantsSchema } from './providers/openai.schemas';
import { promptTokensOf, textTokensOf } from './token-count';

/** What a generation would cost, before it runs (API.md `CostEstimate`). */
export interface CostEstimateData {
  promptTokens: number;
  completionTokens: number;
  costUsd: number;
  model: string;
  /** The whole job would be answered from the LLM response cache (and cost 0). */
  cached: boolean;
}

/** What to estimate: the resolved plan of a generation (see resolveGenerationPlan) and the workspace's brand. */
export interface EstimateProps {
  brief: BriefData;
  platforms: Platform[];
  variantsPerPlatform: number;
  /** The brand's rules and the template's guidance per platform, as the job would write with them. */
  context: { brand: BrandRules | null; guidance: Partial<Record<Platform, string>> | null };
  /** A fresh job skips the cache: never `cached`. */
  fresh: boolean;
}

export interface EstimatorOptions {
  /** The model calls go to ("offline" for the offline writer). */
  model: string;
  /** The LLM response cache as the provider sees it; null when nothing is cached (the offline writer). */
  answers: AnswerCache | null;
  prices: PriceTable;
}

/**
 * Characters of body a model writes per variant, from each platform's length targets (platform-rules.ts guidance:
 * LinkedIn past the fold, X under 280, Facebook 40–120 words, an Instagram caption, a 300–600-word blog article, an
 * email of 2–3 short paragraphs), at about 6 characters a word.
 */
const TYPICAL_BODY_CHARS: Readonly<Record<Platform, number>> = Object.freeze({
  [Platform.LINKEDIN]: 1_100,
  [Platform.TWITTER]: 200,
  [Platform.FACEBOOK]: 520,
  [Platform.INSTAGRAM]: 700,
  [Platform.BLOG]: 2_600,
  [Platform.EMAIL]: 1_050,
});

/** Average characters per token of English copy in o200k_base. */
const CHARS_PER_TOKEN = 4.3;
/** The JSON around one variant ({"title":…,"body":"…","hashtags":[…]}, escapes). */
const VARIANT_JSON_TOKENS = 18;
/** Tokens per hashtag ("#RemoteWork", with quotes and comma). */
const HASHTAG_TOKENS = 4;

function variantTokens(platform: Platform): number {
  const rule = ruleFor(platform);
  const body = Math.round(TYPICAL_BODY_CHARS[platform] / CHARS_PER_TOKEN);
  const title = rule.title ? Math.round(rule.title.maxLength / 2 / CHARS_PER_TOKEN) : 1;
  return body + title + rule.hashtags.recommended * HASHTAG_TOKENS + VARIANT_JSON_TOKENS;
}

/**
 * Estimates a generation before it runs, without calling the model: the real prompts (built by prompt-builder, with
 * the offline writer's outline standing in for the one the model will write) counted with gpt-tokenizer, completion
 * tokens from each platform's length targets, prices from the job-usage price table. Shortening and moderation
 * rewrites are not counted (they are rare).
 */
export class GenerationEstimator {
  constructor(private readonly options: EstimatorOptions) {}

  /** The estimate for one generation; cheap (tokenising and, with a cache, one lookup per call). */
  async estimate(props: EstimateProps): Promise<CostEstimateData> {
    const { brief, platforms, variantsPerPlatform: count } = props;
    const brand = props.context.brand;
    const outlineMessages = buildOutlineMessages(brief, { brand });
    const stand = writeOutline(brief);
    const cachedOutline = await this.cachedOutline(props.fresh, outlineMessages);
    let promptTokens = promptTokensOf(outlineMessages, OUTLINE_SCHEMA as StructuredSchema<unknown>);
    let completionTokens = textTokensOf(JSON.stringify(cachedOutline ?? stand));
    let cached = cachedOutline !== null;
    for (const platform of platforms) {
      const schema = variantsSchema(count);
      const context = { brand, guidance: props.context.guidance?.[platform] ?? null };
      const outline = cachedOutline ?? stand;
      const messages = buildVariantsMessages({ brief, outline, platform, count, context });
      promptTokens += promptTokensOf(messages, schema as StructuredSchema<unknown>);
      completionTokens += count * variantTokens(platform) + 4;
      if (cached) cached = await this.isCached(schema, messages);
    }
    const { model } = this.options;
    const costUsd = cached
      ? 0
      : costOf({ model, promptTokens, completionTokens, cachedTokens: 0 }, this.options.prices).costUsd;
    return { promptTokens, completionTokens, costUsd, model, cached };
  }

  /** The outline the cache holds for these messages, which the variants prompts are then built on. */
  private async cachedOutline(
    fresh: boolean,
    messages: ReturnType<typeof buildOutlineMessages>,
  ): Promise<OutlineData | null> {
    const answers = this.options.answers;
    if (fresh || !answers?.enabled) return null;
    const hit = await answers.lookup(OUTLINE_SCHEMA, answers.keyOf(OUTLINE_SCHEMA, messages));
    return hit?.value ?? null;
  }

  private async isCached<T>(schema: StructuredSchema<T>, messages: readonly object[]): Promise<boolean> {
    const answers = this.options.answers;
    return answers ? answers.has(schema, answers.keyOf(schema, messages)) : false;
  }
}

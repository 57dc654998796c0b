import type { BriefData, OutlineData, Platform } from '../../../entities';
import type { BrandRules } from '../../moderation/moderation.types';
import type { VariantDraft } from '../../platforms/platform-rules';

/** Tokens one call used, as the provider reported them (0 for the offline writer). */
export interface LlmUsage {
  model: string;
  promptTokens: number;
  completionTokens: number;
  cachedTokens: number;
  /** True when the answer came from the LLM response cache (the tokens are then 0); false or absent for a live call. */
  cacheHit?: boolean;
}

/** What shapes the writing besides the brief: the workspace's brand rules and a template's platform guidance. */
export interface WritingContext {
  brand?: BrandRules | null;
  /** Template guidance for the platform being written (variants), or for the campaign (outline). */
  guidance?: string | null;
}

/** Whether a call may be answered from the LLM response cache. */
export interface CachePolicy {
  /** Skip the cache lookup and ask the model (its answer is still stored). Default false. */
  fresh?: boolean;
}

export interface OutlineRequest extends CachePolicy {
  brief: BriefData;
  signal: AbortSignal;
  context?: WritingContext;
}

export interface VariantsRequest extends CachePolicy {
  brief: BriefData;
  outline: OutlineData;
  platform: Platform;
  /** How many distinct variants to write (1–5). */
  count: number;
  signal: AbortSignal;
  /**
   * Called with the next piece of variant `index`'s body as a reader sees it (never raw JSON), in order.
   * The concatenated deltas of one variant equal its final body before any shortening.
   */
  onDelta: (index: number, delta: string) => void;
  /** Feedback from an earlier attempt (e.g. moderation findings), to include in the prompt. */
  feedback?: string;
  context?: WritingContext;
}

export interface ShortenRequest extends CachePolicy {
  brief: BriefData;
  platform: Platform;
  variant: VariantDraft;
  /** The limit the body (with its hashtags) must fit, as the platform counts. */
  limit: number;
  signal: AbortSignal;
  context?: WritingContext;
}

/** A writer of campaign copy: the OpenAI-compatible client or the offline writer. */
export interface LlmProvider {
  /** e.g. "openai:gpt-4o-mini" or "offline"; stored on the job. */
  readonly name: string;
  outline(request: OutlineRequest): Promise<{ outline: OutlineData; usage: LlmUsage }>;
  variants(request: VariantsRequest): Promise<{ variants: VariantDraft[]; usage: LlmUsage }>;
  shorten(request: ShortenRequest): Promise<{ variant: VariantDraft; usage: LlmUsage }>;
  /**
   * Resolves once every call made so far has been accounted for (a metering wrapper settles calls while the job
   * goes on); rejects with JobStopped when one of them ended the job. Absent: nothing to wait for.
   */
  settled?(): Promise<void>;
}

export const NO_USAGE: Readonly<LlmUsage> = Object.freeze({
  model: 'offline',
  promptTokens: 0,
  completionTokens: 0,
  cachedTokens: 0,
});

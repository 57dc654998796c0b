import type { BriefData, Platform } from '../../entities';
import type { BrandRules, ModerationResult } from '../moderation/moderation.types';

/** The component names, stable so clients can key on them. */
export type QualityComponentName =
  | 'readability'
  | 'length_fit'
  | 'hook'
  | 'call_to_action'
  | 'hashtags'
  | 'keyword_coverage'
  | 'moderation';

/** One scored aspect of a text, with the reason for its score (API.md `QualityComponent`). */
export interface QualityComponent {
  name: QualityComponentName;
  /** 0–100, higher is better. */
  score: number;
  reason: string;
  /**
   * The share of the total this component carried (0–1, all shares add up to 1). 0 when it did not apply:
   * no keywords in the brief, no moderation result, or readability not measurable (non-English text).
   */
  weight: number;
}

/** The quality of a text for one platform (API.md `QualityScore`). */
export interface QualityScore {
  /** 0–100 integer: the weighted mean of the components, capped by the moderation verdict. */
  score: number;
  components: QualityComponent[];
  /** Concrete next steps, most valuable first. */
  suggestions: string[];
}

/** What `scoreQuality` reads. Only `platform` and `text` are required; the rest sharpen the score. */
export interface ScoreQualityInput {
  platform: Platform;
  text: string;
  /** Blog title or email subject. */
  title?: string | null;
  /** Hashtags posted with the text (those already in the text are read from it). */
  hashtags?: readonly string[];
  brief?: BriefData | null;
  /** The moderation engine's result for this text; the score does not moderate by itself. */
  moderation?: ModerationResult | null;
}

/** A component's score before weighting, plus what the writer should do about it. */
export interface ComponentResult {
  score: number;
  reason: string;
  suggestions: string[];
  /** False when the component cannot be judged for this input; its weight goes to the others. */
  applies: boolean;
}

/** What `autoFix` reads. */
export interface AutoFixInput {
  platform: Platform;
  text: string;
  hashtags?: readonly string[];
  /** Banned terms come from here; without it nothing is dropped. */
  brand?: Pick<BrandRules, 'bannedTerms'> | null;
}

/** The mechanically fixed text, and each fix in plain English (empty when the text was already clean). */
export interface AutoFixResult {
  text: string;
  hashtags: string[];
  fixes: string[];
}

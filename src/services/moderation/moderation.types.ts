import type { Platform } from '../../entities';

export type Verdict = 'PASS' | 'FLAG' | 'BLOCK';
export type Severity = 'INFO' | 'WARNING' | 'ERROR';

/**
 * One explained finding. `start`/`end` are UTF-16 offsets into the checked text (end exclusive), null when the
 * finding is about the text as a whole (e.g. a missing disclaimer).
 */
export interface Finding {
  /** Stable rule id, e.g. "profanity", "pii.email", "spam.shouting", "brand.banned-term", "platform.length". */
  rule: string;
  severity: Severity;
  start: number | null;
  end: number | null;
  message: string;
  suggestion: string | null;
}

export interface ModerationResult {
  verdict: Verdict;
  findings: Finding[];
}

/** The workspace's brand rules that moderation, prompts and the offline writer read. */
export interface BrandRules {
  voice: string | null;
  bannedTerms: string[];
  competitorNames: string[];
  requiredTerms: string[];
  disclaimers: string[];
  preferredHashtags: string[];
  /** "none" | "some" | "any": how many emoji the brand allows. */
  emojiPolicy: 'none' | 'some' | 'any';
}

export interface ModerationInput {
  platform: Platform;
  text: string;
  /** Title or subject, checked too when present. */
  title?: string | null;
  hashtags?: string[];
  brand?: BrandRules | null;
}

export const EMPTY_BRAND: Readonly<BrandRules> = Object.freeze({
  voice: null,
  bannedTerms: [],
  competitorNames: [],
  requiredTerms: [],
  disclaimers: [],
  preferredHashtags: [],
  emojiPolicy: 'any',
});

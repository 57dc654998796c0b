import type { Platform } from '../../entities';

/** The verdicts, as values (the GraphQL enum `Verdict` is registered from this object). */
export const VERDICTS = { PASS: 'PASS', FLAG: 'FLAG', BLOCK: 'BLOCK' } as const;
export type Verdict = (typeof VERDICTS)[keyof typeof VERDICTS];

/** The severities, as values (the GraphQL enum `Severity`). */
export const SEVERITIES = { INFO: 'INFO', WARNING: 'WARNING', ERROR: 'ERROR' } as const;
export type Severity = (typeof SEVERITIES)[keyof typeof SEVERITIES];

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
  /** Which text the offsets point into: the body (default) or the title/subject. */
  field?: 'body' | 'title';
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

/** What a text-level rule sees: one field's text, its case- and diacritics-folded twin, and the brand. */
export interface RuleContext {
  platform: Platform;
  text: string;
  /** `foldText(text)`: same length as `text`, so offsets found in it are offsets into `text`. */
  folded: string;
  brand: BrandRules;
  field: 'body' | 'title';
}

/** A text-level rule: pure, returns its findings (empty when the text is fine). */
export type TextRule = (context: RuleContext) => Finding[];

import { Platform } from '../../entities';
import { parseTweet } from './tweet-text';

/**
 * What each platform allows and rewards. The one source that prompts, the offline writer and the checks read.
 * Figures are the platforms' published limits; `foldAt` is where the feed cuts the text behind "see more".
 */
export interface PlatformRule {
  platform: Platform;
  label: string;
  /** Hard limit on the body, in the platform's own count (X: weighted). */
  maxLength: number;
  /** Characters shown before "see more" / truncation in the feed; the hook must fit inside. */
  foldAt: number | null;
  hashtags: { min: number; max: number; recommended: number };
  /** Blog title or email subject. */
  title: { required: boolean; maxLength: number } | null;
  /** Word range for long-form bodies (blog). */
  words: { min: number; max: number } | null;
  /** Email preheader, the preview line after the subject. */
  preheader: { maxLength: number } | null;
  /** Short writing guidance for prompts and the offline writer. */
  guidance: string[];
}

export const PLATFORM_RULES: Readonly<Record<Platform, PlatformRule>> = Object.freeze({
  [Platform.LINKEDIN]: {
    platform: Platform.LINKEDIN,
    label: 'LinkedIn post',
    maxLength: 3000,
    foldAt: 210,
    hashtags: { min: 0, max: 5, recommended: 3 },
    title: null,
    words: null,
    preheader: null,
    guidance: [
      'Open with a hook that finishes inside the first 210 characters (before "see more").',
      'Short paragraphs separated by blank lines; a professional, first-person voice.',
      'End with the call to action, then 3–5 relevant hashtags on the last line.',
    ],
  },
  [Platform.TWITTER]: {
    platform: Platform.TWITTER,
    label: 'X (Twitter) post',
    maxLength: 280,
    foldAt: null,
    hashtags: { min: 0, max: 2, recommended: 1 },
    title: null,
    words: null,
    preheader: null,
    guidance: [
      'At most 280 weighted characters: emoji and CJK count double, every link counts as 23.',
      'One idea, a punchy first line, the call to action and at most 2 hashtags.',
    ],
  },
  [Platform.FACEBOOK]: {
    platform: Platform.FACEBOOK,
    label: 'Facebook post',
    maxLength: 63206,
    foldAt: 477,
    hashtags: { min: 0, max: 3, recommended: 1 },
    title: null,
    words: null,
    preheader: null,
    guidance: [
      'Conversational; the first 1–2 sentences carry the message (the feed folds long posts).',
      'Aim for 40–120 words, a clear call to action, at most 3 hashtags.',
    ],
  },
  [Platform.INSTAGRAM]: {
    platform: Platform.INSTAGRAM,
    label: 'Instagram caption',
    maxLength: 2200,
    foldAt: 125,
    hashtags: { min: 3, max: 30, recommended: 8 },
    title: null,
    words: null,
    preheader: null,
    guidance: [
      'The first 125 characters show before "more": put the hook there.',
      'Visual, warm language; line breaks; call to action ("link in bio" when there is a URL).',
      'Hashtags at the end: 5–15 relevant ones, never more than 30.',
    ],
  },
  [Platform.BLOG]: {
    platform: Platform.BLOG,
    label: 'Blog article',
    maxLength: 6000,
    foldAt: null,
    hashtags: { min: 0, max: 5, recommended: 3 },
    title: { required: true, maxLength: 70 },
    words: { min: 300, max: 600 },
    preheader: null,
    guidance: [
      'A title of at most 70 characters, then 300–600 words in Markdown.',
      'An introduction, two to four "## " sections, and a conclusion with the call to action.',
    ],
  },
  [Platform.EMAIL]: {
    platform: Platform.EMAIL,
    label: 'Marketing email',
    maxLength: 5000,
    foldAt: null,
    hashtags: { min: 0, max: 0, recommended: 0 },
    title: { required: true, maxLength: 60 },
    words: { min: 80, max: 300 },
    preheader: { maxLength: 100 },
    guidance: [
      'A subject line of at most 60 characters; a preheader of at most 100 characters as the first line of the body.',
      'A greeting, 2–3 short paragraphs, one clear call to action, a sign-off. No hashtags.',
    ],
  },
});

export function ruleFor(platform: Platform): PlatformRule {
  return PLATFORM_RULES[platform];
}

/** Length as the platform counts it: X uses weighted length (emoji and CJK 2, URLs 23); others count code points. */
export function countCharacters(platform: Platform, text: string): number {
  if (platform === Platform.TWITTER) return parseTweet(text).weightedLength;
  return codePoints(text);
}

/** Code points, as `[...text].length` counts them (a surrogate pair is one), without building the array. */
function codePoints(text: string): number {
  let count = text.length;
  for (let i = 0; i < text.length - 1; i += 1) {
    const unit = text.charCodeAt(i);
    if (unit >= 0xd800 && unit <= 0xdbff) {
      const next = text.charCodeAt(i + 1);
      if (next >= 0xdc00 && next <= 0xdfff) {
        count -= 1;
        i += 1;
      }
    }
  }
  return count;
}

/** The text a platform counts for a variant: the body plus its hashtags when they are posted with it. */
export function postedText(platform: Platform, body: string, hashtags: readonly string[]): string {
  if (hashtags.length === 0 || platform === Platform.BLOG || platform === Platform.EMAIL) return body;
  const missing = hashtags.filter((tag) => !body.includes(tag));
  return missing.length === 0 ? body : `${body}\n\n${missing.join(' ')}`;
}

export function wordCount(text: string): number {
  return text.split(/\s+/).filter((word) => /[\p{L}\p{N}]/u.test(word)).length;
}

/** One way a variant breaks its platform's rules. */
export interface RuleViolation {
  rule: 'length' | 'hashtags' | 'title' | 'words' | 'hook';
  message: string;
}

export interface VariantDraft {
  title: string | null;
  body: string;
  hashtags: string[];
}

/** Every hard-rule violation of a variant (length, hashtag count, title, word range). */
export function checkVariant(platform: Platform, variant: VariantDraft): RuleViolation[] {
  const rule = ruleFor(platform);
  const violations: RuleViolation[] = [];
  const length = countCharacters(platform, postedText(platform, variant.body, variant.hashtags));
  if (length > rule.maxLength) {
    violations.push({ rule: 'length', message: `${length} characters; ${rule.label} allows ${rule.maxLength}` });
  }
  if (variant.hashtags.length > rule.hashtags.max) {
    violations.push({
      rule: 'hashtags',
      message: `${variant.hashtags.length} hashtags; at most ${rule.hashtags.max} on ${rule.label}`,
    });
  }
  if (rule.title?.required && !variant.title?.trim()) {
    violations.push({ rule: 'title', message: `${rule.label} needs a title` });
  }
  if (rule.title && variant.title && [...variant.title].length > rule.title.maxLength) {
    violations.push({ rule: 'title', message: `title over ${rule.title.maxLength} characters` });
  }
  return violations;
}

/** A sentence with its end: punctuation (and closing quotes) before whitespace, a CJK full stop, or line breaks. */
const SENTENCE = /[^\n]*?(?:[.!?…]+["'”’)\]]*(?=\s|$)|[。！？]+|\n+|$)/gu;

/**
 * Cuts text to at most `limit` (as the platform counts) at the last sentence end that fits, else at the last
 * word boundary, with an ellipsis. Never cuts inside a word or a URL.
 */
export function cutAtSentence(platform: Platform, text: string, limit: number): string {
  if (countCharacters(platform, text) <= limit) return text;
  const fits = (candidate: string) => countCharacters(platform, candidate) <= limit;
  // A full stop ends a sentence only before a space or the end, so "acme.example/x" and "3.5" stay whole.
  const sentences = text.match(SENTENCE) ?? [text];
  let result = '';
  for (const sentence of sentences) {
    if (!fits(result + sentence)) break;
    result += sentence;
  }
  result = result.trim();
  if (result.length > 0) return result;
  const words = text.split(/(\s+)/);
  let cut = '';
  for (const word of words) {
    if (!fits(`${cut + word}…`)) break;
    cut += word;
  }
  return `${cut.trimEnd()}…`;
}

/**
 * The opening a feed shows as the hook: the first paragraph, or its first sentence when that ends sooner.
 * Used to check that the hook ends before the fold ("see more").
 */
export function hookOf(text: string): string {
  const paragraph = text.trimStart().split(/\n\s*\n/u, 1)[0] ?? '';
  const firstSentence = paragraph.match(/^[\s\S]*?(?:[.!?…](?=\s|$)|[。！？])/u)?.[0];
  return (firstSentence ?? paragraph).trim();
}

/** Whether the hook ends before the platform's fold; always true where the platform does not fold. */
export function hookFits(platform: Platform, text: string): boolean {
  const fold = ruleFor(platform).foldAt;
  return fold === null || countCharacters(platform, hookOf(text)) <= fold;
}

import { spans } from './text-scan.util';

/** One `#…` token in the text (or given separately, then without offsets). */
export interface HashtagToken {
  /** The tag as written, without trailing sentence punctuation. */
  raw: string;
  /** The part after "#", lower-cased: what platforms compare. */
  key: string;
  start: number | null;
  end: number | null;
  kind: 'valid' | 'invalid' | 'empty';
}

/** "#" not glued to a word, a URL path, an HTML entity or another "#", up to the next whitespace. */
const TAG = /(?<![\p{L}\p{N}\p{M}_&/#])#\S*/gu;
const TRAILING_PUNCTUATION = /[.,!?;:)\]"'’”…]+$/u;
/** What platforms link as one tag: letters, digits, marks and underscores. */
const TAG_BODY = /^[\p{L}\p{N}\p{M}_]+$/u;

/** Classifies one written tag ("#launch", "#summer-sale", "#"); null when it is not a hashtag at all. */
export function classifyTag(written: string, start: number | null): HashtagToken | null {
  const raw = written.replace(TRAILING_PUNCTUATION, '');
  const body = raw.slice(1);
  // "#1" and "#2024" are numbers ("number one"), and platforms do not link all-digit tags either.
  if (/^\d+$/u.test(body)) return null;
  const end = start === null ? null : start + raw.length;
  if (body.length === 0) return { raw: '#', key: '', start, end: start === null ? null : start + 1, kind: 'empty' };
  const kind = TAG_BODY.test(body) ? 'valid' : 'invalid';
  return { raw, key: body.toLowerCase(), start, end, kind };
}

/**
 * Hashtags written in the text. A line that starts with "#"s and a space is a Markdown heading, not a tag.
 */
export function inlineHashtags(text: string): HashtagToken[] {
  const tokens: HashtagToken[] = [];
  for (const { start, match } of spans(TAG, text)) {
    const atLineStart = start === 0 || text[start - 1] === '\n';
    if (atLineStart && /^#+$/u.test(match[0]) && /^[ \t]+\S/u.test(text.slice(start + match[0].length))) continue;
    const token = classifyTag(match[0], start);
    if (token) tokens.push(token);
  }
  return tokens;
}

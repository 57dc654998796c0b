import type { BriefData } from '../../../../entities';
import { clean, graphemes } from './text';

/** Platforms cut or ignore very long tags, and they read as spam; longer phrases are left out. */
const MAX_TAG_GRAPHEMES = 40;

/** Used only to reach a platform's minimum (Instagram needs 3) when the brief offers too few tags. */
const FALLBACK_TAGS = ['#NewRelease', '#ProductLaunch', '#MadeForYou', '#Innovation'];

/**
 * A phrase as a hashtag: CamelCase words, letters and digits only (combining marks kept, they are part of the
 * letter in many scripts), "#" prefix. Null when nothing usable is left or the tag has no letter (platforms do
 * not link "#2024").
 */
export function toHashtag(phrase: string): string | null {
  const words = phrase
    .normalize('NFC')
    .split(/[^\p{L}\p{M}\p{N}]+/u)
    .filter((word) => word.length > 0);
  const body = words.map((word) => word.charAt(0).toLocaleUpperCase() + word.slice(1)).join('');
  if (!/\p{L}/u.test(body) || graphemes(body).length > MAX_TAG_GRAPHEMES) return null;
  return `#${body}`;
}

/** Tags without repeats, comparing case-insensitively ("#rocket" and "#Rocket" are one tag to readers). */
export function dedupeTags(tags: readonly (string | null)[]): string[] {
  const seen = new Set<string>();
  const result: string[] = [];
  for (const tag of tags) {
    if (!tag) continue;
    const key = tag.toLocaleLowerCase();
    if (seen.has(key)) continue;
    seen.add(key);
    result.push(tag);
  }
  return result;
}

/**
 * The brief's own tags in order of relevance: keywords first, then the product and a short audience.
 * `shortName` is the product name as the writer shows it, so a 200-character name still yields a tag.
 */
export function briefTags(brief: BriefData, shortName: string): string[] {
  const audience = clean(brief.audience);
  const audienceTag = audience && audience.split(' ').length <= 3 ? toHashtag(audience) : null;
  return dedupeTags([...brief.keywords.map(toHashtag), toHashtag(shortName), audienceTag]);
}

/** At least `min` tags: the brief's first, then generic launch tags to make up the number. */
export function withMinimum(tags: readonly string[], min: number): string[] {
  if (tags.length >= min) return [...tags];
  return dedupeTags([...tags, ...FALLBACK_TAGS]).slice(0, Math.max(min, tags.length));
}

import { toHashtag } from '../generation/providers/offline/hashtags';

/** A tag platforms link: "#", then letters, marks, digits or "_" only, with at least one letter. */
export function isWellFormedTag(tag: string): boolean {
  return /^#[\p{L}\p{M}\p{N}_]+$/u.test(tag) && /\p{L}/u.test(tag);
}

/** All capitals from five letters on reads as shouting ("#ROCKETLAUNCH"); "#SEO" and "#AI" are acronyms. */
export function isShoutingTag(tag: string): boolean {
  const letters = tag.match(/\p{L}/gu) ?? [];
  return letters.length >= 5 && tag === tag.toLocaleUpperCase() && tag !== tag.toLocaleLowerCase();
}

/**
 * A tag in a form platforms link: well-formed tags are kept as written (lowercase and CamelCase are both fine);
 * anything else ("rocket launch", "#rocket-launch", "##Rocket!") becomes CamelCase letters and digits with one "#".
 * Null when no letter is left.
 */
export function normaliseTag(tag: string): string | null {
  const trimmed = tag.trim();
  if (isWellFormedTag(trimmed) && !isShoutingTag(trimmed)) return trimmed;
  const phrase = trimmed.replace(/^#+/u, '');
  // A shouted tag becomes one capitalised word: the word breaks are unknowable.
  if (isShoutingTag(trimmed) && isWellFormedTag(trimmed)) {
    return `#${phrase.charAt(0)}${phrase.slice(1).toLocaleLowerCase()}`;
  }
  return toHashtag(phrase);
}

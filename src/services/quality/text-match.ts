/** Phrase matching shared by the score, the auto-fix and the preview: case-folded, on whole words only. */

/** The phrase as a regular-expression source, every special character escaped. */
export function escapeRegExp(text: string): string {
  return text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
}

/**
 * A case-insensitive pattern for `phrase` on word boundaries. `\b` only knows ASCII, so the boundaries are
 * lookarounds on Unicode letters and digits ("café" must not match inside "cafés"). Inner whitespace matches any
 * run of whitespace, so a line break inside a phrase still counts.
 */
export function phrasePattern(phrase: string, flags = 'giu'): RegExp {
  const body = phrase.trim().split(/\s+/u).map(escapeRegExp).join('\\s+');
  return new RegExp(`(?<![\\p{L}\\p{N}])${body}(?![\\p{L}\\p{N}])`, flags);
}

/** How often `phrase` occurs in `text` as whole words, ignoring case. */
export function countPhrase(text: string, phrase: string): number {
  if (phrase.trim().length === 0) return 0;
  return text.match(phrasePattern(phrase))?.length ?? 0;
}

/** Letters and digits only, lower case, single spaces: "Pre-order today!" and "pre order today" compare equal. */
export function foldForMatch(text: string): string {
  return text
    .toLocaleLowerCase()
    .replace(/[^\p{L}\p{M}\p{N}]+/gu, ' ')
    .trim();
}

/** Whether `text` contains `phrase` once both are folded (punctuation and case ignored), on word boundaries. */
export function containsFolded(text: string, phrase: string): boolean {
  return foldedMatcher(text)(phrase);
}

/**
 * Folds `text` once and answers for any number of phrases; checking a list of phrases against one text with
 * `containsFolded` would fold the text again for each (it was most of a quality score's time).
 */
export function foldedMatcher(text: string): (phrase: string) => boolean {
  const haystack = ` ${foldForMatch(text)} `;
  return (phrase) => {
    const needle = foldForMatch(phrase);
    return needle.length > 0 && haystack.includes(` ${needle} `);
  };
}

/** A phrase as it would be run together in a hashtag body: "rocket launch" → "rocketlaunch". */
export function compact(phrase: string): string {
  return foldForMatch(phrase).replace(/\s+/g, '');
}

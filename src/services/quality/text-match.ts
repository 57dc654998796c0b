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
  // toLowerCase, not toLocaleLowerCase: the same answer on every server whatever its locale, and several times
  // faster. ASCII text (most copy) takes a plain pattern instead of the Unicode property classes.
  const lower = text.toLowerCase();
  const separators = NON_ASCII.test(lower) ? NOT_LETTER_OR_DIGIT : NOT_ASCII_LETTER_OR_DIGIT;
  return lower.replace(separators, ' ').trim();
}

const NON_ASCII = /[\u0080-\uffff]/;
const NOT_LETTER_OR_DIGIT = /[^\p{L}\p{M}\p{N}]+/gu;
const NOT_ASCII_LETTER_OR_DIGIT = /[^a-z0-9]+/g;

/** Whether `text` contains `phrase` once both are folded (punctuation and case ignored), on word boundaries. */
export function containsFolded(text: string, phrase: string): boolean {
  return foldedMatcher(text)(phrase);
}

/**
 * Answers for any number of phrases whether `text` contains them once both are folded, without folding the text:
 * each phrase becomes a pattern on the lower-cased text whose words are separated by any run of what folding turns
 * into a space, bounded by non-letters, which is the same test. The phrase's first word is looked for with a
 * plain `includes` first, so most phrases cost no regular expression at all (folding a whole text for every check
 * was most of a quality score's time).
 */
export function foldedMatcher(text: string): (phrase: string) => boolean {
  const lower = text.toLowerCase();
  return (phrase) => {
    const matcher = phraseMatcher(phrase);
    return matcher !== null && lower.includes(matcher.first) && matcher.pattern.test(lower);
  };
}

const LETTERS = '\\p{L}\\p{M}\\p{N}';

/** Compiled phrases; the lists checked against every text are small and fixed, a brief's own phrase adds one. */
const phraseMatchers = new Map<string, { first: string; pattern: RegExp } | null>();

function phraseMatcher(phrase: string): { first: string; pattern: RegExp } | null {
  let matcher = phraseMatchers.get(phrase);
  if (matcher === undefined) {
    const words = foldForMatch(phrase)
      .split(' ')
      .filter((word) => word.length > 0);
    matcher =
      words.length === 0
        ? null
        : {
            first: words[0]!,
            // The first word leads the pattern and its boundary is checked behind it: a pattern that starts with a
            // literal is searched for quickly, one that starts with a lookbehind is tried at every position.
            pattern: new RegExp(
              `${escapeRegExp(words[0]!)}(?<=(?<![${LETTERS}])${escapeRegExp(words[0]!)})${words
                .slice(1)
                .map((word) => `[^${LETTERS}]+${escapeRegExp(word)}`)
                .join('')}(?![${LETTERS}])`,
              'u',
            ),
          };
    if (phraseMatchers.size >= 10_000) phraseMatchers.clear();
    phraseMatchers.set(phrase, matcher);
  }
  return matcher;
}

/** A phrase as it would be run together in a hashtag body: "rocket launch" → "rocketlaunch". */
export function compact(phrase: string): string {
  return foldForMatch(phrase).replace(/\s+/g, '');
}

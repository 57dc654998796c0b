import { entitiesOf } from '../platforms/tweet-text';
import { phrasePattern } from './text-match';

/** A fixed text and what was done, in plain English (empty when nothing changed). */
export interface TextFix {
  text: string;
  fixes: string[];
}

/**
 * Acronyms longer than three letters that stay in capitals. Words of up to three letters are never changed
 * ("AI", "SEO", "B2B", "CEO"), so they need no entry.
 */
const ACRONYMS = new Set(
  'ASAP B2B2C CSAT DTC FAQS GDPR HIPAA HTML HTTP HTTPS JSON NASA NATO OKRS SAAS SDKS UNESCO USB-C WCAG'.split(' '),
);

/** Placeholders from the Unicode private-use area: no real copy contains them and no fix matches them. */
const OPEN = '\uE000';
const CLOSE = '\uE001';

/**
 * Runs `fix` on the text with links, hashtags, mentions and e-mail addresses swapped for placeholders, so no fix
 * reaches inside them ("acme.io/Launch" must not gain a space, "#LAUNCH" is the hashtag fixer's business).
 */
export function withEntitiesProtected(text: string, fix: (text: string) => TextFix): TextFix {
  const ranges = [
    ...entitiesOf(text).map((entity) => entity.indices),
    ...[...text.matchAll(/(?:https?:\/\/|www\.)\S+|[\w.+-]+@[\w-]+(?:\.[\w-]+)+/gu)].map((match): [number, number] => [
      match.index,
      match.index + match[0].length,
    ]),
  ].sort((a, b) => a[0] - b[0]);
  const kept: string[] = [];
  let masked = '';
  let at = 0;
  for (const [start, end] of ranges) {
    if (start < at) continue; // overlaps one already masked
    masked += `${text.slice(at, start)}${OPEN}${kept.length}${CLOSE}`;
    kept.push(text.slice(start, end));
    at = end;
  }
  masked += text.slice(at);
  const result = fix(masked);
  const restored = result.text.replace(/\uE000(\d+)\uE001/gu, (_, index: string) => kept[Number(index)] ?? '');
  return { text: restored, fixes: result.fixes };
}

/** Applies one regex replacement and reports `message(count)` when it matched. */
function step(fixed: TextFix, pattern: RegExp, replacement: string, message: (count: number) => string): TextFix {
  const count = fixed.text.match(pattern)?.length ?? 0;
  if (count === 0) return fixed;
  return { text: fixed.text.replace(pattern, replacement), fixes: [...fixed.fixes, message(count)] };
}

function times(count: number): string {
  return count === 1 ? 'once' : `${count} times`;
}

/** Double spaces, a space before punctuation, a missing space after it, and spaces at line ends. */
export function fixSpacing(text: string): TextFix {
  let fixed: TextFix = { text, fixes: [] };
  fixed = step(fixed, /(?<=\S)[ \t]{2,}(?=\S)/gu, ' ', (n) => `Collapsed double spaces (${times(n)})`);
  // Only before punctuation that ends a clause, so emoticons like " :)" are left alone.
  fixed = step(fixed, /[ \t]+(?=[,.;:!?]+(?:\s|$))/gu, '', (n) => `Removed the space before punctuation (${times(n)})`);
  fixed = step(fixed, /(?<=[,;:!?])(?=\p{L})/gu, ' ', (n) => `Added the missing space after punctuation (${times(n)})`);
  // A full stop needs care: "Node.js", "e.g." and "U.S." are fine; "launch.Next" is a missing space.
  fixed = step(
    fixed,
    /(?<=\p{Ll}{2}\.)(?=\p{Lu}\p{Ll})/gu,
    ' ',
    (n) => `Added the missing space after a full stop (${times(n)})`,
  );
  fixed = step(fixed, /[ \t]+$/gmu, '', (n) => `Removed trailing spaces (${times(n)})`);
  return fixed;
}

/**
 * Four upper-case letters in a row need four units that are A–Z or non-ASCII (an astral letter is two): a plain
 * test that spares most texts the Unicode pattern below.
 */
const MAY_SHOUT = /[A-Z\u0080-\uffff]{4}/;

/** ALL-CAPS words longer than three letters become capitalised, except known acronyms. */
export function fixShouting(text: string): TextFix {
  if (!MAY_SHOUT.test(text)) return { text, fixes: [] };
  const changed: string[] = [];
  const result = text.replace(
    /(?<![\p{L}\p{N}_-])[\p{Lu}\p{N}-]*\p{Lu}{4,}[\p{Lu}\p{N}-]*(?![\p{L}\p{N}_])/gu,
    (word) => {
      if (ACRONYMS.has(word)) return word;
      const calm = word.charAt(0) + word.slice(1).toLocaleLowerCase();
      changed.push(`${word} → ${calm}`);
      return calm;
    },
  );
  if (changed.length === 0) return { text, fixes: [] };
  return { text: result, fixes: [`Changed shouted words to capitalised: ${[...new Set(changed)].join(', ')}`] };
}

/** Compiled banned terms: a brand's list is short and checked against every text. */
const bannedPatterns = new Map<string, RegExp>();

function bannedPattern(term: string): RegExp {
  let pattern = bannedPatterns.get(term);
  if (pattern === undefined) {
    pattern = phrasePattern(term);
    if (bannedPatterns.size >= 1_000) bannedPatterns.clear();
    bannedPatterns.set(term, pattern);
  }
  return pattern;
}

/** Where a banned term was cut out, until the gap around it is tidied. */
const GAP = '\uE002';

/**
 * Removes each banned term on word boundaries, any case, then tidies only the gaps it left: one space between
 * words, none before punctuation or at a line's edge. Spacing elsewhere is the spacing fixer's to report.
 */
export function dropBannedTerms(text: string, bannedTerms: readonly string[]): TextFix {
  const fixes: string[] = [];
  let result = text;
  for (const term of bannedTerms) {
    if (term.trim().length === 0) continue;
    const pattern = bannedPattern(term);
    const count = result.match(pattern)?.length ?? 0;
    if (count === 0) continue;
    result = result.replace(pattern, GAP);
    fixes.push(`Dropped the banned term '${term.trim()}' (${times(count)})`);
  }
  if (fixes.length === 0) return { text, fixes };
  // Terms cut from a list ("A, B and C") leave one gap, not a row of commas.
  const collapsed = result.replace(/\uE002(?:[ \t]*(?:[,;]|and|or)?[ \t]*\uE002)+/gu, GAP);
  const tidy = collapsed.replace(/[ \t]*\uE002[ \t]*/gu, (gap: string, offset: number) => {
    const previous = collapsed.charAt(offset - 1);
    const next = collapsed.charAt(offset + gap.length);
    const atEdge = previous === '' || previous === '\n' || next === '' || next === '\n';
    return atEdge || /[,.;:!?]/u.test(next) ? '' : ' ';
  });
  return { text: tidy, fixes };
}

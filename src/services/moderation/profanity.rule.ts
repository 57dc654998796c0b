import { englishDataset, englishRecommendedBlacklistMatcherTransformers, RegExpMatcher } from 'obscenity';
import type { Finding, RuleContext } from './moderation.types';
import { finding, quote, spans } from './text-scan.util';

/**
 * Words the English dataset hits by accident in ordinary copy ("Shiitake", "cockpit"): the matcher ignores any
 * match inside a whitelisted term.
 */
const EXTRA_WHITELIST = ['shiitake', 'cockpit', 'cockatoo', 'cockatiel', 'cocker spaniel', 'cum laude', 'cumlaude'];

const dataset = englishDataset.build();

/**
 * Built once: construction compiles the whole dataset. The matchers read the already folded text (lower case, no
 * diacritics, same offsets), so the whitelist needs no transformers of its own: that saves a pass per text, at
 * the cost of not collapsing repeated spaces inside whitelisted phrases. `screen` has no whitelist at all: it
 * finds every candidate, and only texts with a candidate pay for the whitelisted `matcher`.
 */
const matcher = new RegExpMatcher({
  blacklistedTerms: dataset.blacklistedTerms,
  whitelistedTerms: [...(dataset.whitelistedTerms ?? []), ...EXTRA_WHITELIST],
  blacklistMatcherTransformers: englishRecommendedBlacklistMatcherTransformers,
  whitelistMatcherTransformers: [],
});
const screen = new RegExpMatcher({
  blacklistedTerms: dataset.blacklistedTerms,
  blacklistMatcherTransformers: englishRecommendedBlacklistMatcherTransformers,
});

/**
 * Word pairs known to hold no candidate at all. No dataset pattern spans more than one whitespace gap (the
 * widest are "double penetra" and one-character wildcards), so a text whose every adjacent pair of words is known
 * clean has no profanity and skips the matcher: copy reuses most of its word pairs across variants. Bounded.
 */
const cleanPairs = new Set<string>();
const CLEAN_PAIRS_LIMIT = 200_000;

/** Forgets every learned clean pair; for benchmarks that measure the cold path. */
export function clearProfanityCache(): void {
  cleanPairs.clear();
}

type Pair = { key: string; start: number; end: number };

const TOKEN = /\S+/g;

/** Each adjacent pair of words, keyed by the folded text they span (no joined strings). */
function wordPairs(folded: string): Pair[] {
  const pairs: Pair[] = [];
  TOKEN.lastIndex = 0;
  let previous = TOKEN.exec(folded);
  if (previous === null) return pairs;
  let previousStart = previous.index;
  for (let token = TOKEN.exec(folded); token !== null; token = TOKEN.exec(folded)) {
    const end = token.index + token[0].length;
    pairs.push({ key: folded.slice(previousStart, end), start: previousStart, end });
    previousStart = token.index;
    previous = token;
  }
  if (pairs.length === 0)
    pairs.push({ key: previous[0], start: previous.index, end: previous.index + previous[0].length });
  return pairs;
}

/** Runs of overlapping unknown pairs (consecutive pairs share a word), each screened as one substring. */
function regions(pairs: Pair[]): { start: number; end: number; pairs: Pair[] }[] {
  const merged: { start: number; end: number; pairs: Pair[] }[] = [];
  for (const pair of pairs) {
    const last = merged[merged.length - 1];
    if (last && pair.start < last.end) {
      last.end = pair.end;
      last.pairs.push(pair);
    } else merged.push({ start: pair.start, end: pair.end, pairs: [pair] });
  }
  return merged;
}

/** Matches of `m` in one region of the folded text, as offsets into the whole text. */
function regionMatches(m: RegExpMatcher, folded: string, region: { start: number; end: number }) {
  return m
    .getAllMatches(folded.slice(region.start, region.end))
    .map((match) => ({ start: match.startIndex + region.start, end: match.endIndex + region.start + 1 }));
}

/**
 * Whether the text may hold profanity. Only the word pairs not yet known clean are screened; a region with a
 * candidate is checked again with the whitelist ("analytics" holds a candidate and is whitelisted), and the pairs
 * neither finds anything in are learned. A pattern never spans more than a pair, and a whitelisted term found in
 * a region is found at the same place in the whole text, so a text whose pairs are all clean has no match.
 */
function mayHoldProfanity(folded: string): boolean {
  const unknown = wordPairs(folded).filter((pair) => !cleanPairs.has(pair.key));
  if (unknown.length === 0) return false;
  if (cleanPairs.size + unknown.length > CLEAN_PAIRS_LIMIT) cleanPairs.clear();
  let found = false;
  for (const region of regions(unknown)) {
    let candidates = regionMatches(screen, folded, region);
    if (candidates.length > 0) candidates = regionMatches(matcher, folded, region);
    found ||= candidates.length > 0;
    for (const pair of region.pairs) {
      if (!candidates.some((m) => m.start < pair.end && pair.start < m.end)) cleanPairs.add(pair.key);
    }
  }
  return found;
}

/**
 * Single characters joined by one separator ("f u c k", "s.h.i.t", "b-i-t-c-h"): obscenity reads them as separate
 * words, so they are collapsed and matched again.
 */
const SPACED_LETTERS = /(?<![\p{L}\p{N}])(?:[\p{L}\p{N}@$*!][ .\-_]){2,}[\p{L}\p{N}@$*!](?![\p{L}\p{N}])/gu;

/**
 * A cheap superset of SPACED_LETTERS without Unicode classes: three single characters (a surrogate pair counts as
 * one) joined by two separators, the first not after an ASCII letter or digit. "in a few" passes \S-based hints but
 * not this one, so ordinary copy rarely pays for the Unicode pattern.
 */
const ONE = '(?:[\\uD800-\\uDBFF][\\uDC00-\\uDFFF]|[^\\s.\\-_])';
const SPACED_HINT = new RegExp(`(?:^|[^A-Za-z0-9])${ONE}[ .\\-_]${ONE}[ .\\-_]${ONE}(?![A-Za-z0-9])`);
const WORD_CHAR = /[\p{L}\p{N}]/u;

/** Widens a match to the whole word, so "asshole" is reported whole rather than as its "ass" prefix. */
function widen(text: string, start: number, end: number): { start: number; end: number } {
  let from = start;
  let to = end;
  while (from > 0 && WORD_CHAR.test(text[from - 1]!)) from -= 1;
  while (to < text.length && WORD_CHAR.test(text[to]!)) to += 1;
  return { start: from, end: to };
}

function matchedSpans(folded: string): { start: number; end: number }[] {
  const found = !mayHoldProfanity(folded)
    ? []
    : matcher.getAllMatches(folded).map((m) => widen(folded, m.startIndex, m.endIndex + 1));
  // A cheap superset test first (no Unicode classes): three characters joined by two single separators.
  const runs = SPACED_HINT.test(folded) ? spans(SPACED_LETTERS, folded) : [];
  for (const run of runs) {
    const collapsed = run.match[0].replace(/[ .\-_]/g, '');
    // Each collapsed character sat at an even offset of the run, so offsets map back by doubling.
    for (const m of matcher.getAllMatches(collapsed)) {
      found.push({ start: run.start + m.startIndex * 2, end: run.start + m.endIndex * 2 + 1 });
    }
  }
  return found;
}

/** Profanity, including leetspeak, symbol substitutions, repeated letters and spaced-out letters. */
export function profanityRule(context: RuleContext): Finding[] {
  const seen = new Set<string>();
  const findings: Finding[] = [];
  for (const span of matchedSpans(context.folded)) {
    const key = `${span.start}:${span.end}`;
    if (seen.has(key)) continue;
    seen.add(key);
    findings.push(
      finding(
        'profanity',
        'ERROR',
        span,
        `Profanity ${quote(context.text, span.start, span.end)}`,
        'Remove or replace the word with neutral language.',
      ),
    );
  }
  return findings;
}

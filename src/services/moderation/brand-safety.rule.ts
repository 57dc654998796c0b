import type { Finding, RuleContext } from './moderation.types';
import { finding, quote, spans, wholeWordPattern } from './text-scan.util';

/**
 * Compiled patterns per term list. Brand profiles change rarely and every variant of a campaign shares one, so
 * a small cache saves recompiling on each call; it is bounded because terms come from user input.
 */
const cache = new Map<string, RegExp[]>();
const CACHE_LIMIT = 256;

function patternsFor(terms: readonly string[]): { term: string; pattern: RegExp }[] {
  const usable = terms.filter((term) => term.trim().length > 0);
  const key = usable.join('\u0000');
  let patterns = cache.get(key);
  if (!patterns) {
    if (cache.size >= CACHE_LIMIT) cache.clear();
    patterns = usable.map(wholeWordPattern);
    cache.set(key, patterns);
  }
  return patterns.map((pattern, i) => ({ term: usable[i]!, pattern }));
}

/**
 * The brand's banned terms (ERROR: the brand said never) and competitor names (WARNING: comparative copy can be
 * legitimate but needs a human), as whole words after case and diacritics folding, so "ass" misses "class" and
 * "Nestle" hits "Nestlé".
 */
export function brandSafetyRule(context: RuleContext): Finding[] {
  const { text, folded, brand } = context;
  const banned = patternsFor(brand.bannedTerms).flatMap(({ term, pattern }) =>
    spans(pattern, folded).map((span) =>
      finding(
        'brand.banned-term',
        'ERROR',
        span,
        `Banned term ${quote(text, span.start, span.end)} (brand list: "${term}")`,
        'Remove the term or use the brand’s approved wording.',
      ),
    ),
  );
  const competitors = patternsFor(brand.competitorNames).flatMap(({ term, pattern }) =>
    spans(pattern, folded).map((span) =>
      finding(
        'brand.competitor',
        'WARNING',
        span,
        `Competitor name ${quote(text, span.start, span.end)} (${term})`,
        'Remove the competitor or have the comparison approved.',
      ),
    ),
  );
  return [...banned, ...competitors];
}

/** Does the (folded) text contain the term as whole words? */
export function containsTerm(folded: string, term: string): boolean {
  const [pattern] = patternsFor([term]);
  return pattern !== undefined && spans(pattern.pattern, folded).length > 0;
}

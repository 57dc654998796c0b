import { containsTerm } from './brand-safety.rule';
import type { BrandRules, Finding } from './moderation.types';
import { escapeRegExp, finding, foldTerm } from './text-scan.util';

/**
 * A disclaimer as a regex over its words with any punctuation or whitespace between them, so a reflowed or
 * re-punctuated disclaimer still counts. Cached: a brand has a handful of disclaimers, reused for every variant.
 */
const disclaimerPatterns = new Map<string, RegExp>();

function disclaimerPattern(disclaimer: string): RegExp {
  let pattern = disclaimerPatterns.get(disclaimer);
  if (!pattern) {
    const words = foldTerm(disclaimer)
      .split(/[^\p{L}\p{N}]+/u)
      .filter(Boolean)
      .map(escapeRegExp);
    pattern = new RegExp(`(?<![\\p{L}\\p{N}])${words.join('[^\\p{L}\\p{N}]+')}(?![\\p{L}\\p{N}])`, 'u');
    if (disclaimerPatterns.size > 256) disclaimerPatterns.clear();
    disclaimerPatterns.set(disclaimer, pattern);
  }
  return pattern;
}

/**
 * Required terms (whole words) and disclaimers (whole sentences) missing from the post; findings about the text as
 * a whole, so start and end are null. WARNINGs: the fix is to add text, which a human or a regeneration does.
 */
export function requiredTermsRule(folded: string, brand: BrandRules): Finding[] {
  const findings: Finding[] = [];
  for (const term of brand.requiredTerms) {
    if (term.trim() && !containsTerm(folded, term)) {
      findings.push(
        finding('brand.missing-term', 'WARNING', null, `Required term "${term}" is missing`, `Mention "${term}".`),
      );
    }
  }
  for (const disclaimer of brand.disclaimers) {
    // Verbatim is the common case; the word pattern is the slower path for reflowed or re-punctuated ones.
    if (!/[\p{L}\p{N}]/u.test(disclaimer) || folded.includes(foldTerm(disclaimer))) continue;
    if (!disclaimerPattern(disclaimer).test(folded)) {
      findings.push(
        finding(
          'brand.missing-disclaimer',
          'WARNING',
          null,
          `Required disclaimer "${disclaimer}" is missing`,
          `Add the disclaimer verbatim: "${disclaimer}"`,
        ),
      );
    }
  }
  return findings;
}

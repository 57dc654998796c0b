import type { Finding, RuleContext } from './moderation.types';
import { SOURCE_MARKERS, SOURCE_WINDOW, UNVERIFIABLE_CLAIMS } from './moderation-lists.data';
import { finding, foldTerm, phraseKey, phraseListPattern, quote, spans } from './text-scan.util';

/** Compiled once: the list is fixed. */
const CLAIMS = phraseListPattern(UNVERIFIABLE_CLAIMS.map((claim) => claim.phrase));
const NEEDS_SOURCE = new Map(UNVERIFIABLE_CLAIMS.map((claim) => [foldTerm(claim.phrase), claim.needsSource]));

function hasSourceAfter(text: string, end: number): boolean {
  return SOURCE_MARKERS.test(text.slice(end, end + SOURCE_WINDOW));
}

/**
 * Absolute or unsupported claims ("guaranteed", "#1", "clinically proven" without a source). Advertising rules
 * (FTC, ASA, UWG) require substantiation, so these are WARNINGs for a human to confirm, not blocks.
 */
export function claimsRule(context: RuleContext): Finding[] {
  const findings: Finding[] = [];
  for (const span of spans(CLAIMS, context.folded)) {
    const needsSource = NEEDS_SOURCE.get(phraseKey(span.match[0])) ?? false;
    if (needsSource && hasSourceAfter(context.text, span.end)) continue;
    const what = quote(context.text, span.start, span.end);
    findings.push(
      finding(
        'claims.unverifiable',
        'WARNING',
        span,
        needsSource ? `Claim ${what} without a source` : `Absolute claim ${what} that cannot be verified`,
        needsSource
          ? 'Cite the study or source right after the claim, or soften it.'
          : 'Soften the claim ("designed to", "helps") or back it with evidence.',
      ),
    );
  }
  return findings;
}

import type {
  ComponentResult,
  QualityComponent,
  QualityComponentName,
  QualityScore,
  ScoreQualityInput,
} from './quality.types';
import { scoreHashtags, scoreKeywordCoverage, scoreModeration } from './tag-components';
import { scoreCallToAction, scoreHook, scoreLengthFit, scoreReadability } from './text-components';

/**
 * Component weights (percent, adding up to 100). The hook weighs most because a feed shows little else before
 * "see more"; hashtags and keywords least because they tune reach rather than persuade. A component that does not
 * apply (no keywords in the brief, no moderation result, non-English text for readability) gives its weight to the
 * others in proportion.
 */
export const QUALITY_WEIGHTS: Readonly<Record<QualityComponentName, number>> = Object.freeze({
  hook: 20,
  readability: 15,
  length_fit: 15,
  call_to_action: 15,
  moderation: 15,
  hashtags: 10,
  keyword_coverage: 10,
});

/** The highest total a moderation verdict allows: a blocked text is never "good copy", a flagged one needs a look. */
export const VERDICT_CAP: Readonly<Record<'PASS' | 'FLAG' | 'BLOCK', number>> = Object.freeze({
  PASS: 100,
  FLAG: 80,
  BLOCK: 30,
});

const SCORERS: ReadonlyArray<[QualityComponentName, (input: ScoreQualityInput) => ComponentResult]> = [
  ['readability', scoreReadability],
  ['length_fit', scoreLengthFit],
  ['hook', scoreHook],
  ['call_to_action', scoreCallToAction],
  ['hashtags', scoreHashtags],
  ['keyword_coverage', scoreKeywordCoverage],
  ['moderation', scoreModeration],
];

/**
 * Scores a text for its platform, 0–100, with each component's score and reason and concrete suggestions ordered
 * by how many points they would win back. Pure: takes the moderation result as input rather than moderating.
 */
export function scoreQuality(input: ScoreQualityInput): QualityScore {
  const results = SCORERS.map(([name, scorer]) => ({ name, result: scorer(input) }));
  const applicableWeight = results.reduce(
    (sum, { name, result }) => sum + (result.applies ? QUALITY_WEIGHTS[name] : 0),
    0,
  );
  const components: QualityComponent[] = results.map(({ name, result }) => ({
    name,
    score: Math.round(result.score),
    reason: result.reason,
    weight: result.applies ? round3(QUALITY_WEIGHTS[name] / applicableWeight) : 0,
  }));
  const weighted = components.reduce((sum, component) => sum + component.score * component.weight, 0);
  const cap = VERDICT_CAP[input.moderation?.verdict ?? 'PASS'];
  const score = Math.max(0, Math.min(cap, Math.round(weighted)));
  // The biggest gap first: a missing hook costs more than a stray hashtag.
  const suggestions = results
    .map(({ result }, index) => ({ result, gain: (100 - components[index]!.score) * components[index]!.weight }))
    .filter(({ result }) => result.applies)
    .sort((a, b) => b.gain - a.gain)
    .flatMap(({ result }) => result.suggestions);
  return { score, components, suggestions: [...new Set(suggestions)] };
}

function round3(value: number): number {
  return Math.round(value * 1000) / 1000;
}

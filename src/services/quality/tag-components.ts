import type { Finding } from '../moderation/moderation.types';
import { ruleFor } from '../platforms/platform-rules';
import { hashtagsOf } from '../platforms/tweet-text';
import { isShoutingTag, isWellFormedTag } from './hashtag-form';
import type { ComponentResult, ScoreQualityInput } from './quality.types';
import { compact, countPhrase } from './text-match';

/** The tags a post carries: those in the text plus well-formed ones passed alongside, in order. */
function postedTags(text: string, extra: readonly string[]): string[] {
  const inText = hashtagsOf(text).map((tag) => `#${tag}`);
  return [...inText, ...extra.filter((tag) => isWellFormedTag(tag) && !inText.includes(tag))];
}

/** Tags that repeat an earlier one, ignoring case: readers see "#rocket" and "#Rocket" as one tag. */
function repeatedTags(tags: readonly string[]): string[] {
  const seen = new Set<string>();
  return tags.filter((tag) => {
    const key = tag.toLocaleLowerCase();
    if (seen.has(key)) return true;
    seen.add(key);
    return false;
  });
}

/** Whether a tag relates to a brief term: one contains the other once run together ("#RocketLaunch" ~ "rocket"). */
function isRelevant(tag: string, terms: readonly string[]): boolean {
  const body = compact(tag);
  return terms.some((term) => {
    const folded = compact(term);
    return folded.length >= 3 && (body.includes(folded) || folded.includes(body));
  });
}

/** Count against the platform's range and recommendation, form, duplicates and relevance to the brief. */
export function scoreHashtags(input: ScoreQualityInput): ComponentResult {
  const rule = ruleFor(input.platform).hashtags;
  const extra = input.hashtags ?? [];
  const tags = postedTags(input.text, extra);
  const problems: string[] = [];
  const suggestions: string[] = [];
  let score = 100;
  if (tags.length > rule.max) {
    score -= 40;
    problems.push(`${tags.length} hashtags, over the maximum of ${rule.max}`);
    suggestions.push(
      rule.max === 0 ? 'Remove the hashtags' : `Keep at most ${rule.max} hashtags (${rule.recommended} is ideal)`,
    );
  } else if (tags.length < rule.min) {
    score -= 30;
    problems.push(`${tags.length} hashtags, under the minimum of ${rule.min}`);
    suggestions.push(`Add at least ${rule.min - tags.length} relevant hashtags (${rule.recommended} is ideal)`);
  } else if (tags.length === 0 && rule.recommended > 0) {
    score -= 20;
    problems.push('no hashtags');
    suggestions.push(`Add ${rule.recommended} relevant hashtag${rule.recommended > 1 ? 's' : ''}`);
  }
  const malformed = extra.filter((tag) => !isWellFormedTag(tag));
  const shouting = tags.filter(isShoutingTag);
  if (malformed.length + shouting.length > 0) {
    score -= Math.min(30, 15 * (malformed.length + shouting.length));
    problems.push(`badly formed: ${[...malformed, ...shouting].join(', ')}`);
    suggestions.push('Write hashtags as #CamelCase or #lowercase: letters and digits only');
  }
  const duplicates = repeatedTags(tags);
  if (duplicates.length > 0) {
    score -= Math.min(30, 15 * duplicates.length);
    problems.push(`repeated: ${duplicates.join(', ')}`);
    suggestions.push(`Remove the repeated hashtag${duplicates.length > 1 ? 's' : ''} ${duplicates.join(', ')}`);
  }
  const terms = input.brief ? [...input.brief.keywords, input.brief.productName] : [];
  const unrelated = terms.length > 0 ? tags.filter((tag) => !isRelevant(tag, terms)) : [];
  // Half the tags may be broad reach tags (#Marketing); beyond that they stop describing the post.
  if (tags.length > 0 && unrelated.length > tags.length / 2) {
    score -= 20;
    problems.push(`unrelated to the brief: ${unrelated.join(', ')}`);
    suggestions.push(`Use hashtags from the brief's keywords: ${terms.slice(0, 3).join(', ')}`);
  }
  const reason =
    problems.length > 0
      ? `Hashtags: ${problems.join('; ')}`
      : `${tags.length} hashtag${tags.length === 1 ? '' : 's'}, within ${rule.min}–${rule.max}, well formed`;
  return { score: Math.max(0, score), reason, suggestions, applies: true };
}

/** The share of the brief's keywords found in the text, the title or the hashtags. */
export function scoreKeywordCoverage(input: ScoreQualityInput): ComponentResult {
  const keywords = (input.brief?.keywords ?? []).filter((keyword) => keyword.trim().length > 0);
  if (keywords.length === 0) {
    return { score: 100, reason: 'Not measured: the brief has no keywords', suggestions: [], applies: false };
  }
  const haystack = `${input.title ?? ''}\n${input.text}`;
  const tags = postedTags(input.text, input.hashtags ?? []).map(compact);
  const missing = keywords.filter(
    (keyword) => countPhrase(haystack, keyword) === 0 && !tags.includes(compact(keyword)),
  );
  const covered = keywords.length - missing.length;
  const score = Math.round((100 * covered) / keywords.length);
  const reason = `${covered} of ${keywords.length} keywords present${missing.length > 0 ? `; missing ${missing.map((k) => `"${k}"`).join(', ')}` : ''}`;
  const suggestions =
    missing.length > 0 ? [`Work the keywords ${missing.map((k) => `'${k}'`).join(', ')} into the text`] : [];
  return { score, reason, suggestions, applies: true };
}

/** Points lost per finding: errors are near-blocks, infos are hints. */
const FINDING_PENALTY: Readonly<Record<Finding['severity'], number>> = { ERROR: 25, WARNING: 15, INFO: 5 };

/** Moderation findings lower the score; a BLOCK verdict zeroes it. Not counted when no result was passed. */
export function scoreModeration(input: ScoreQualityInput): ComponentResult {
  const result = input.moderation;
  if (!result) return { score: 100, reason: 'Not measured: no moderation result', suggestions: [], applies: false };
  const penalty = result.findings.reduce((sum, finding) => sum + FINDING_PENALTY[finding.severity], 0);
  const score = result.verdict === 'BLOCK' ? 0 : Math.max(0, 100 - penalty);
  const rules = [...new Set(result.findings.map((finding) => finding.rule))];
  const reason =
    rules.length === 0
      ? `Moderation ${result.verdict} with no findings`
      : `Moderation ${result.verdict}: ${rules.join(', ')}`;
  const suggestions = [
    ...new Set(
      result.findings
        .filter((finding) => finding.severity !== 'INFO')
        .map((finding) => finding.suggestion ?? finding.message),
    ),
  ];
  return { score, reason, suggestions, applies: true };
}

import { Platform } from '../../entities';
import { checkVariant, ruleFor } from '../platforms/platform-rules';
import { parseTweet } from '../platforms/tweet-text';
import { classifyTag, type HashtagToken, inlineHashtags } from './hashtags.util';
import type { Finding, ModerationInput } from './moderation.types';
import { finding } from './text-scan.util';

/** Where the text passes the platform's limit (the span to cut), or null when only appended hashtags overflow. */
function overflowStart(platform: Platform, text: string, limit: number): number | null {
  if (platform === Platform.TWITTER) {
    const parsed = parseTweet(text);
    return parsed.valid || parsed.validRangeEnd + 1 >= text.length ? null : parsed.validRangeEnd + 1;
  }
  let index = 0;
  let count = 0;
  for (const char of text) {
    if (count === limit) return index;
    index += char.length;
    count += 1;
  }
  return null;
}

function tagFindings(tokens: HashtagToken[]): Finding[] {
  const findings: Finding[] = [];
  const seen = new Set<string>();
  for (const token of tokens) {
    const span = token.start === null || token.end === null ? null : { start: token.start, end: token.end };
    if (token.kind === 'empty') {
      findings.push(finding('platform.hashtag-form', 'WARNING', span, 'A "#" with no tag', 'Remove the "#".'));
    } else if (token.kind === 'invalid') {
      const fixed = `#${token.raw.slice(1).replace(/[^\p{L}\p{N}\p{M}_]/gu, '')}`;
      const message = `Hashtag "${token.raw}" has characters platforms do not link`;
      findings.push(finding('platform.hashtag-form', 'WARNING', span, message, `Write it as "${fixed}".`));
    } else if (seen.has(token.key)) {
      const message = `Hashtag "${token.raw}" is repeated`;
      findings.push(finding('platform.hashtag-duplicate', 'WARNING', span, message, 'Use each hashtag once.'));
    }
    seen.add(token.key);
  }
  return findings;
}

function countFinding(platform: Platform, distinct: number, violation: string | undefined): Finding[] {
  const rule = ruleFor(platform);
  if (violation) {
    return [finding('platform.hashtag-count', 'WARNING', null, violation, `Keep ${rule.hashtags.recommended}.`)];
  }
  if (distinct < rule.hashtags.min) {
    const message = `${distinct} hashtags; ${rule.label} reaches further with at least ${rule.hashtags.min}`;
    return [finding('platform.hashtag-count', 'INFO', null, message, `Add ${rule.hashtags.recommended} hashtags.`)];
  }
  return [];
}

/**
 * The platform's hard rules, as `checkVariant` counts them (length as the platform counts, hashtag count, title),
 * plus hashtag form. Over length is an ERROR (the platform rejects or cuts the post); the rest are WARNINGs.
 * The title is checked only when the caller passes one (null counts as "missing"), so pasted text is not
 * reported for lacking a subject it never had.
 */
export function platformRule(input: ModerationInput): Finding[] {
  const { platform, text } = input;
  const tokens = [...inlineHashtags(text)];
  for (const tag of input.hashtags ?? []) {
    const written = tag.startsWith('#') ? tag : `#${tag}`;
    const token = classifyTag(written, null);
    if (token && !text.includes(token.raw)) tokens.push(token);
  }
  const distinct = [...new Map(tokens.filter((t) => t.kind === 'valid').map((t) => [t.key, t.raw])).values()];
  const violations = checkVariant(platform, { title: input.title ?? null, body: text, hashtags: distinct });
  const findings: Finding[] = [];
  for (const violation of violations) {
    if (violation.rule === 'length') {
      const limit = ruleFor(platform).maxLength;
      const start = overflowStart(platform, text, limit);
      const span = start === null ? null : { start, end: text.length };
      findings.push(finding('platform.length', 'ERROR', span, violation.message, `Cut to ${limit} characters.`));
    } else if (violation.rule === 'title' && input.title !== undefined) {
      const max = ruleFor(platform).title?.maxLength;
      findings.push(
        finding('platform.title', 'WARNING', null, violation.message, `Write a title of ${max} characters or fewer.`),
      );
    }
  }
  const countViolation = violations.find((v) => v.rule === 'hashtags')?.message;
  return [...findings, ...countFinding(platform, distinct.length, countViolation), ...tagFindings(tokens)];
}

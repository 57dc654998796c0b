import type { Finding, RuleContext } from './moderation.types';
import { findEmoji, finding } from './text-scan.util';

/** Emoji a brand with the "some" policy allows in one text; each emoji past it is reported. */
export const SOME_EMOJI_LIMIT = 3;

/**
 * The brand's emoji policy: "none" reports every emoji, "some" every emoji past `SOME_EMOJI_LIMIT`, "any" nothing
 * (floods are still spam). WARNINGs: emoji are a voice choice, not a safety problem.
 */
export function emojiPolicyRule(context: RuleContext): Finding[] {
  const { emojiPolicy } = context.brand;
  if (emojiPolicy === 'any') return [];
  const allowed = emojiPolicy === 'none' ? 0 : SOME_EMOJI_LIMIT;
  return findEmoji(context.text)
    .slice(allowed)
    .map((span) =>
      finding(
        'brand.emoji-policy',
        'WARNING',
        span,
        emojiPolicy === 'none'
          ? 'The brand uses no emoji'
          : `More than ${SOME_EMOJI_LIMIT} emoji; the brand uses only a few`,
        'Remove the emoji.',
      ),
    );
}

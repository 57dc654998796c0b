import type { Platform } from '../../../../entities';
import {
  countCharacters,
  cutAtSentence,
  postedText,
  ruleFor,
  type VariantDraft,
} from '../../../platforms/platform-rules';
import { clipChars } from './text';

const TAG_LINE = /^(?:\s*#[\p{L}\p{M}\p{N}_]+)+\s*$/u;

/** The body without its closing hashtag lines, and whether it had any (then the tags go back in the body). */
function splitTrailingTags(body: string): { core: string; hadTagLine: boolean } {
  const lines = body.split('\n');
  let end = lines.length;
  while (end > 0 && (TAG_LINE.test(lines[end - 1] ?? '') || (lines[end - 1] ?? '').trim() === '')) end--;
  const hadTagLine = lines.slice(end).some((line) => TAG_LINE.test(line));
  return { core: lines.slice(0, end).join('\n').trimEnd(), hadTagLine };
}

/**
 * The variant cut to `limit` (as the platform counts the posted text) at a sentence boundary, keeping as many of
 * its hashtags as the platform allows and the limit leaves room for. Tags are dropped from the end, one at a
 * time, before the text would have to shrink below what is left.
 */
export function shortenDraft(platform: Platform, draft: VariantDraft, limit: number): VariantDraft {
  const rule = ruleFor(platform);
  const title = draft.title && rule.title ? clipChars(draft.title, rule.title.maxLength) : draft.title;
  const { core, hadTagLine } = splitTrailingTags(draft.body);
  let tags = draft.hashtags.slice(0, rule.hashtags.max);
  for (;;) {
    const tagLine = tags.length > 0 ? `\n\n${tags.join(' ')}` : '';
    const room = limit - countCharacters(platform, tagLine);
    if (room > 0) {
      const cut = cutAtSentence(platform, core, room);
      const body = hadTagLine ? `${cut}${tagLine}` : cut;
      if (countCharacters(platform, postedText(platform, body, tags)) <= limit || tags.length === 0) {
        return { title, body, hashtags: tags };
      }
    }
    if (tags.length === 0) return { title, body: cutAtSentence(platform, core, limit), hashtags: [] };
    tags = tags.slice(0, -1);
  }
}

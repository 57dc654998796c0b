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

interface Candidate {
  body: string;
  hashtags: string[];
  fits: boolean;
  /** Ends where the text had a sentence or line end, not in a word-level cut with an ellipsis. */
  clean: boolean;
}

function candidate(platform: Platform, core: string, tags: string[], tagsInBody: boolean, limit: number): Candidate {
  const tagLine = tags.length > 0 ? `\n\n${tags.join(' ')}` : '';
  const room = Math.max(1, limit - countCharacters(platform, tagLine));
  const cut = cutAtSentence(platform, core, room);
  const body = tagsInBody && tags.length > 0 ? `${cut}${tagLine}` : cut;
  const fits = countCharacters(platform, postedText(platform, body, tags)) <= limit;
  return { body, hashtags: tags, fits, clean: core.startsWith(cut) };
}

/**
 * The variant cut to `limit` (as the platform counts the posted text) at a sentence boundary, keeping hashtags
 * within the platform's maximum. A whole sentence is worth more than a tag: tags are dropped from the end, one at
 * a time, while that lets the cut end on a sentence; if no count of tags does, the most tags that fit are kept.
 */
export function shortenDraft(platform: Platform, draft: VariantDraft, limit: number): VariantDraft {
  const rule = ruleFor(platform);
  const title = draft.title && rule.title ? clipChars(draft.title, rule.title.maxLength) : draft.title;
  const { core, hadTagLine } = splitTrailingTags(draft.body);
  const allowed = draft.hashtags.slice(0, rule.hashtags.max);
  let firstFit: Candidate | null = null;
  let last: Candidate | null = null;
  for (let keep = allowed.length; keep >= 0; keep--) {
    last = candidate(platform, core, allowed.slice(0, keep), hadTagLine, limit);
    if (last.fits && last.clean) return { title, body: last.body, hashtags: last.hashtags };
    firstFit ??= last.fits ? last : null;
  }
  const best = firstFit ?? (last as Candidate);
  return { title, body: best.body, hashtags: best.hashtags };
}

import type { Platform } from '../../../../entities';
import { countCharacters, ruleFor } from '../../../platforms/platform-rules';
import { shortenDraft } from './shorten';
import { paragraphs } from './text';

/** A paragraph of a post; `drop` ranks optional ones (highest dropped first) when the post is too long. */
export interface Block {
  text: string;
  drop?: number;
}

/** A finished short-form body with the hashtags that are posted with it. */
export interface Assembled {
  body: string;
  hashtags: string[];
}

function render(blocks: readonly Block[], tags: readonly string[]): string {
  return paragraphs([...blocks.map((block) => block.text), tags.join(' ')]);
}

/**
 * Blocks as paragraphs, hashtags on the last line (so the body is the post as posted), made to fit the
 * platform's limit: optional blocks go first, then surplus tags down to the platform's minimum; only then is the
 * text cut at a sentence boundary.
 */
export function assemble(platform: Platform, blocks: readonly Block[], tags: readonly string[]): Assembled {
  const rule = ruleFor(platform);
  let kept = blocks.filter((block) => block.text.trim().length > 0);
  let keptTags = tags.slice(0, rule.hashtags.max);
  const tooLong = () => countCharacters(platform, render(kept, keptTags)) > rule.maxLength;
  while (tooLong()) {
    const optional = kept.filter((block) => block.drop !== undefined);
    if (optional.length > 0) {
      const first = optional.reduce((a, b) => ((b.drop ?? 0) > (a.drop ?? 0) ? b : a));
      kept = kept.filter((block) => block !== first);
    } else if (keptTags.length > rule.hashtags.min) {
      keptTags = keptTags.slice(0, -1);
    } else {
      break;
    }
  }
  const body = render(kept, keptTags);
  if (!tooLong()) return { body, hashtags: keptTags };
  const cut = shortenDraft(platform, { title: null, body, hashtags: keptTags }, rule.maxLength);
  return { body: cut.body, hashtags: cut.hashtags };
}

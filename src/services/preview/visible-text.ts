import { Platform } from '../../entities';
import { ruleFor } from '../platforms/platform-rules';
import { parseTweet } from '../platforms/tweet-text';

/** The part of a text a reader sees and the part the platform hides or refuses. */
export interface Fold {
  visible: string;
  /** The rest of the body; empty when nothing is hidden. */
  hidden: string;
  truncated: boolean;
}

/**
 * The longest start of `text` of at most `limit` code points that ends at a word boundary, so a word or a link
 * is never split. A single word longer than the limit is cut hard, as the feeds do.
 */
export function cutAtWord(text: string, limit: number): Fold {
  const points = Array.from(text);
  if (points.length <= limit) return { visible: text, hidden: '', truncated: false };
  const head = points.slice(0, limit).join('');
  const atBoundary = /\s/u.test(points[limit] ?? ' ');
  const lastSpace = head.search(/\s\S*$/u);
  const cut = atBoundary || lastSpace <= 0 ? head.length : lastSpace;
  return { visible: text.slice(0, cut).trimEnd(), hidden: text.slice(cut).trimStart(), truncated: true };
}

/** What fits X's weighted 280: up to the last valid character, backed off to a word boundary. */
function foldTwitter(text: string): Fold {
  const parsed = parseTweet(text);
  if (parsed.valid || parsed.weightedLength <= ruleFor(Platform.TWITTER).maxLength) {
    return { visible: text, hidden: '', truncated: false };
  }
  const end = parsed.validRangeEnd + 1;
  const head = text.slice(0, end);
  const lastSpace = /\s/u.test(text.charAt(end)) ? end : head.search(/\s\S*$/u);
  const cut = lastSpace <= 0 ? end : lastSpace;
  return { visible: text.slice(0, cut).trimEnd(), hidden: text.slice(cut).trimStart(), truncated: true };
}

/** Search results show about 160 characters of the description. */
export const META_DESCRIPTION_MAX = 160;

/** A blog's first paragraph that is prose, not a Markdown heading, cut at a word to 160 characters. */
function metaDescriptionFold(text: string): Fold {
  const paragraph =
    text
      .split(/\n\s*\n/u)
      .map((block) => block.trim())
      .find((block) => block.length > 0 && !block.startsWith('#')) ?? '';
  return cutAtWord(paragraph.replace(/\s+/gu, ' '), META_DESCRIPTION_MAX);
}

/** What search results show for an article without a written description: the first paragraph, to 160. */
export function metaDescriptionOf(text: string): string {
  return metaDescriptionFold(text).visible;
}

/** An email's preheader: the first line of the body, which inboxes show after the subject. */
export function preheaderOf(text: string): Fold {
  const firstLine = text.trim().split('\n', 1)[0]?.trim() ?? '';
  return cutAtWord(firstLine, ruleFor(Platform.EMAIL).preheader?.maxLength ?? 100);
}

/**
 * What a reader sees before "see more" or opening the item. Folds count code points; the apps also fold after
 * a few lines on narrow screens, which depends on the device and is left out.
 */
export function foldFor(platform: Platform, text: string, title: string): Fold {
  const rule = ruleFor(platform);
  if (platform === Platform.TWITTER) return foldTwitter(text);
  if (platform === Platform.EMAIL) {
    const preheader = preheaderOf(text);
    const subjectTooLong = rule.title !== null && Array.from(title).length > rule.title.maxLength;
    return {
      visible: `${title}\n${preheader.visible}`.trim(),
      hidden: '',
      truncated: preheader.truncated || subjectTooLong,
    };
  }
  if (platform === Platform.BLOG) {
    const description = metaDescriptionFold(text);
    return { visible: `${title}\n${description.visible}`.trim(), hidden: '', truncated: description.truncated };
  }
  return rule.foldAt === null ? { visible: text, hidden: '', truncated: false } : cutAtWord(text, rule.foldAt);
}

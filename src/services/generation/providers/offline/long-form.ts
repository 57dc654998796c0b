import type { Platform } from '../../../../entities';
import { countCharacters, ruleFor, wordCount } from '../../../platforms/platform-rules';
import type { CopyContext } from './context';
import { rotate } from './seed';
import { abridge, clipWords, fill } from './text';

/** How much of the brief's long text to quote: tried from generous to terse until the word range fits. */
export interface Sizing {
  descriptionWords: number;
  featureWords: number;
}

/** Words on `size`, and at most ~7 characters a word, so text without spaces (Japanese, Chinese) is cut too. */
export function quote(text: string, words: number): string {
  return abridge(clipWords(text, words), words * 7);
}

export const SIZINGS: readonly Sizing[] = [
  { descriptionWords: 90, featureWords: 40 },
  { descriptionWords: 60, featureWords: 28 },
  { descriptionWords: 40, featureWords: 20 },
  { descriptionWords: 25, featureWords: 12 },
];

/** One follow-up sentence per feature, so a feature reads as a point made rather than a bare list item. */
const ELABORATIONS = [
  'It is the kind of detail you notice on day one and appreciate every day after.',
  'For {people}, that means less friction and more progress.',
  'Small as it sounds, it changes how the whole experience feels.',
  'It works the way you would expect, without a learning curve.',
  'That is one less thing to think about.',
  'Put simply, it saves effort exactly where effort used to be wasted.',
];

/**
 * Brief-independent paragraphs that let a one-feature brief still reach the blog's 300 words. They make no
 * factual claims (no numbers, no customers) because the offline writer knows only what the brief says.
 */
const GENERIC_FILLERS = [
  'Most of us have felt the gap between what a product promises and what it delivers on an ordinary day. {product} was designed to close that gap, one small improvement at a time.',
  'For {people}, time and attention are the scarcest resources. Every part of {product} is meant to respect both, so you can focus on what you actually care about.',
  'Getting started does not require a long setup or a manual. You can try {product} in minutes and decide for yourself whether it earns a place in your routine.',
  'Good products get out of the way. The aim with {product} is simple: fewer steps, fewer surprises, and results you can see.',
  'It is worth asking what you would do with the time and energy {product} gives back. For many {people}, that is where the real value shows up.',
  'None of this matters unless it works in real life. That is why {product} focuses on everyday moments, not just on a list of features.',
  'If you have tried similar options before, you know that the details make the difference. {product} pays attention to those details.',
  'We keep listening, and {product} will keep improving as {people} tell us what they need next.',
  'A good test of any product is whether you would miss it if it were gone. {product} is built to pass that test quietly, day after day.',
  'There is no single right way to use {product}. Start with the part that solves your most pressing problem, then explore the rest at your own pace.',
  'Simplicity is harder to build than complexity. The team behind {product} spent its effort on removing steps rather than adding them.',
  'It also helps to think about the people around you. When one person finds a better way of doing things, everyone nearby tends to benefit.',
  'Change can feel like a risk, even when it is a small one. That is why {product} is easy to try and just as easy to fit into what you already do.',
  'In the end, the question is not whether {product} has enough features. It is whether it makes a real difference on an ordinary day, and that is what it was made for.',
];

/** The elaboration for feature `i` of this variant (rotated so variants differ). */
export function elaboration(ctx: CopyContext, i: number, offset: number): string {
  return fill(ELABORATIONS[(offset + i) % ELABORATIONS.length] ?? '', ctx.vars);
}

/** The filler paragraphs available to this variant, tone-specific first, in a per-variant order. */
export function fillerPool(ctx: CopyContext): string[] {
  const generic = rotate(GENERIC_FILLERS, ctx.rng.int(GENERIC_FILLERS.length));
  return [...ctx.voice.fillers, ...generic].map((template) => fill(template, ctx.vars));
}

/**
 * The first rendering whose word count is inside the platform's range: at each sizing, add filler paragraphs
 * until the minimum is reached; when even no filler is too long, quote the brief more tersely.
 */
export function fitWords(
  platform: Platform,
  fillers: number,
  render: (size: Sizing, fillers: number) => string,
): string {
  const rule = ruleFor(platform);
  const range = rule.words ?? { min: 0, max: Number.POSITIVE_INFINITY };
  let text = '';
  for (const size of SIZINGS) {
    for (let used = 0; used <= fillers; used++) {
      text = render(size, used);
      const words = wordCount(text);
      if (words > range.max || countCharacters(platform, text) > rule.maxLength) break;
      if (words >= range.min || used === fillers) return text;
    }
  }
  return text;
}

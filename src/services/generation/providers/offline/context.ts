import type { BriefData, OutlineData, Platform } from '../../../../entities';
import { cutAtSentence, ruleFor } from '../../../platforms/platform-rules';
import { briefTags } from './hashtags';
import { type HookKind, hookKindFor, writeHook } from './hooks';
import { createRng, type Rng, rotate, seedFor } from './seed';
import { abridge, clean, clipChars, fill, lowerFirst, sentence, stripEnd, upperFirst } from './text';
import { type Voice, voiceFor } from './voices';

/** Names longer than this are shortened where space is tight (hooks, titles, X); bodies still use the full name. */
const SHORT_NAME_GRAPHEMES = 40;

/** Everything one variant is written from: the brief, cleaned once, plus this variant's own choices. */
export interface CopyContext {
  platform: Platform;
  index: number;
  rng: Rng;
  voice: Voice;
  hook: HookKind;
  /** The product name as given. */
  name: string;
  /** The product name, shortened when long. */
  product: string;
  /** Cleaned features without end punctuation, rotated so each variant leads with a different one. */
  features: string[];
  description: string;
  /** The audience as a noun phrase, or "people like you". */
  people: string;
  cta: string;
  url: string | null;
  /** The brief's hashtags, rotated per variant. */
  tags: string[];
  /** The outline's headline when the caller has one. */
  headline: string | null;
  /** Placeholder values for templates. */
  vars: Readonly<Record<string, string>>;
}

/** The product name as shown where space is tight. */
export function shortProductName(productName: string): string {
  return clipChars(clean(productName), SHORT_NAME_GRAPHEMES);
}

/** The copy context of variant `index` of `platform`. */
export function buildContext(
  brief: BriefData,
  outline: OutlineData | null,
  platform: Platform,
  index: number,
): CopyContext {
  const voice = voiceFor(brief.tone);
  const product = shortProductName(brief.productName);
  const features = rotate(brief.features.map(clean).map(stripEnd).filter(Boolean), index);
  if (features.length === 0) features.push(product);
  const audience = clean(brief.audience);
  const base: Omit<CopyContext, 'vars'> = {
    platform,
    index,
    rng: createRng(seedFor(brief, platform, index)),
    voice,
    hook: hookKindFor(brief, platform, index),
    name: clean(brief.productName),
    product,
    features,
    description: clean(brief.description),
    people: audience ? abridge(lowerFirst(stripEnd(audience)), 60) : 'people like you',
    cta: clean(brief.callToAction) || voice.defaultCta,
    url: clean(brief.url) || null,
    tags: rotate(briefTags(brief, product), index),
    headline: outline ? clean(outline.headline) || null : null,
  };
  return { ...base, vars: placeholders(base, audience.length > 0) };
}

/** Template values; "{audience}" reads "you" when the brief names none ("the best choice for you"). */
function placeholders(ctx: Omit<CopyContext, 'vars'>, hasAudience: boolean): Record<string, string> {
  const feature = abridge(ctx.features[0] ?? ctx.product, 80);
  const [adj = 'great', adj2 = 'simple'] = rotate(ctx.voice.adjectives, ctx.rng.int(ctx.voice.adjectives.length));
  return {
    product: ctx.product,
    name: ctx.name,
    people: ctx.people,
    audience: hasAudience ? ctx.people : 'you',
    feature,
    Feature: upperFirst(feature),
    adj,
    adj2,
    end: ctx.voice.end,
  };
}

/**
 * The variant's opening line in the tone, with an emoji where the tone uses them. Where the feed folds long
 * posts (LinkedIn, Instagram, Facebook) the whole line ends before the fold, or the reader never sees the hook.
 */
export function hookLine(ctx: CopyContext): string {
  const hook = writeHook(ctx.hook, ctx.rng, ctx.vars);
  const line = ctx.voice.emoji.length > 0 ? `${hook} ${ctx.rng.pick(ctx.voice.emoji)}` : hook;
  const fold = ruleFor(ctx.platform).foldAt;
  return fold === null ? line : cutAtSentence(ctx.platform, line, fold);
}

/** The call to action as a sentence, with the link or, where links do not work (Instagram), "link in bio". */
export function ctaLine(ctx: CopyContext, link: 'url' | 'bio' = 'url'): string {
  const cta = sentence(ctx.cta, ctx.voice.end);
  if (!ctx.url) return cta;
  return link === 'bio' ? `${cta} Link in bio.` : `${cta} ${ctx.url}`;
}

/** Bullet marker for list item `i`: numbered for how-to hooks (the hook promised steps), else a tone-fit mark. */
export function bullet(ctx: CopyContext, i: number, marker: string): string {
  return ctx.hook === 'howto' ? `${i + 1}.` : marker;
}

/**
 * The sentence that introduces the product by its full name. It names the audience only when the hook has not
 * already, so the opening does not say "for urban commuters" twice.
 */
export function introLine(ctx: CopyContext, hook: string): string {
  const templates = hook.includes(ctx.people)
    ? ['{name} is {adj2} by design.', 'Here is what {name} is about.']
    : ['{name} is made for {people}.', 'This is {name}, made for {people}.'];
  return fill(ctx.rng.pick(templates), ctx.vars);
}

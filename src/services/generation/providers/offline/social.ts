import { Platform } from '../../../../entities';
import { ruleFor } from '../../../platforms/platform-rules';
import { type Assembled, assemble } from './assemble';
import { bullet, type CopyContext, ctaLine, hookLine, introLine } from './context';
import { withMinimum } from './hashtags';
import { abridge, fill, firstSentences, lowerFirst, sentence } from './text';

/** Lead-ins for a feature quoted on its own line; grammar-neutral because features may be any kind of phrase. */
const FEATURE_LEADS = ['Inside:', 'Highlight:', 'Built in:', 'Plus:'];

/** Invitations to reply: Facebook and LinkedIn reward conversation. */
const ENGAGE = [
  'Which part would you try first? Tell us in the comments.',
  'What would make your day easier? Let us know below.',
  'Know someone who needs this? Tag them.',
];

/** The first feature the hook has not already quoted. */
function nextFeature(ctx: CopyContext, hook: string): string | undefined {
  return ctx.features[hook.includes(ctx.vars.feature ?? '') ? 1 : 0];
}

function closer(ctx: CopyContext): string {
  return fill(ctx.rng.pick(ctx.voice.closers), ctx.vars);
}

/** Feature list with markers: numbered after a how-to hook, emoji for tones that use them, else a plain mark. */
function featureList(ctx: CopyContext, count: number, maxGraphemes: number): string {
  const plain = ctx.rng.pick(['•', '→', '–']);
  return ctx.features
    .slice(0, count)
    .map((feature, i) => {
      const marker = ctx.voice.emoji.length > 0 ? (ctx.voice.emoji[i % ctx.voice.emoji.length] ?? plain) : plain;
      return `${bullet(ctx, i, marker)} ${abridge(feature, maxGraphemes)}`;
    })
    .join('\n');
}

/** X: one idea in at most 280 weighted characters: hook, one feature, call to action, 1–2 hashtags. */
export function writeXPost(ctx: CopyContext): Assembled {
  const hook = hookLine(ctx);
  const feature = nextFeature(ctx, hook);
  const second = feature
    ? sentence(`${ctx.rng.pick(FEATURE_LEADS)} ${abridge(feature, 90)}`, ctx.voice.end)
    : closer(ctx);
  // A 200-character call to action would leave no room for the hook; the pipeline keeps the brief's full text.
  const cta = ctaLine({ ...ctx, cta: abridge(ctx.cta, 100) });
  const tags = ctx.tags.slice(0, 1 + ctx.rng.int(2));
  return assemble(Platform.TWITTER, [{ text: hook }, { text: second, drop: 1 }, { text: cta }], tags);
}

/** Facebook: conversational, the message in the first lines, a question to reply to, at most 3 hashtags. */
export function writeFacebookPost(ctx: CopyContext): Assembled {
  const lead = ctx.rng.pick(['A few favourites from', 'What you get with', 'Inside']);
  const features = ctx.features.slice(0, 3).map((feature) => lowerFirst(abridge(feature, 120)));
  const blocks = [
    { text: hookLine(ctx) },
    { text: abridge(firstSentences(ctx.description, 2), 300), drop: 3 },
    { text: sentence(`${lead} ${ctx.name}: ${features.join('; ')}`, '.') },
    { text: ctx.rng.pick(ENGAGE), drop: 2 },
    { text: ctaLine(ctx) },
  ];
  return assemble(Platform.FACEBOOK, blocks, ctx.tags.slice(0, 1 + ctx.rng.int(3)));
}

/** LinkedIn: a hook that ends before the 210-character fold, short paragraphs, a list, 3 hashtags. */
export function writeLinkedInPost(ctx: CopyContext): Assembled {
  const hook = hookLine(ctx);
  const intro = introLine(ctx, hook);
  const description = abridge(firstSentences(ctx.description, 2), 400);
  const list = `${ctx.rng.pick(ctx.voice.transitions)}\n${featureList(ctx, 5, 160)}`;
  const blocks = [
    { text: hook },
    { text: description ? `${intro} ${description}` : intro },
    { text: list },
    { text: closer(ctx), drop: 3 },
    { text: ctx.rng.pick(ENGAGE), drop: 4 },
    { text: ctaLine(ctx) },
  ];
  return assemble(Platform.LINKEDIN, blocks, ctx.tags.slice(0, 3));
}

/** Instagram drives links through the profile, so a URL pasted in a caption is dead text. */
function withoutUrls(text: string): string {
  return text
    .replace(/\bhttps?:\/\/\S+/giu, '')
    .replace(/\s{2,}/gu, ' ')
    .trim();
}

/** Instagram: hook before the 125-character "more", line breaks, "link in bio", 3–15 hashtags. */
export function writeInstagramCaption(ctx: CopyContext): Assembled {
  const scrubbed: CopyContext = { ...ctx, features: ctx.features.map(withoutUrls).filter(Boolean) };
  const lead = fill(
    ctx.rng.pick(["Why you'll love {name}:", 'Swipe-worthy details of {name}:', '{name}, in short:']),
    ctx.vars,
  );
  const blocks = [
    { text: withoutUrls(hookLine(ctx)) },
    { text: abridge(withoutUrls(firstSentences(ctx.description, 1)), 200), drop: 3 },
    { text: `${lead}\n${featureList(scrubbed, 4, 120)}` },
    { text: closer(ctx), drop: 2 },
    { text: ctaLine({ ...ctx, cta: withoutUrls(ctx.cta) || ctx.voice.defaultCta }, 'bio') },
  ];
  const tags = withMinimum(ctx.tags, ruleFor(Platform.INSTAGRAM).hashtags.min).slice(0, 15);
  return assemble(Platform.INSTAGRAM, blocks, tags);
}

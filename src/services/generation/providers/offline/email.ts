import { Platform } from '../../../../entities';
import { ruleFor, type VariantDraft } from '../../../platforms/platform-rules';
import { type CopyContext, ctaLine, hookLine, introLine } from './context';
import type { HookKind } from './hooks';
import { hookTitle } from './hooks';
import { fillerPool, fitWords, quote, type Sizing } from './long-form';
import { shortenDraft } from './shorten';
import { abridge, clipChars, fill, firstSentences, paragraphs } from './text';

/**
 * The preview line inbox apps show after the subject, in the spirit of the variant's hook so each variant reads
 * differently from the inbox on; each opens with its own words.
 */
const PREHEADERS: Readonly<Record<HookKind, string>> = {
  question: 'A quick look at {product} and what it can do for {audience}.',
  claim: 'Inside: {feature}, and more.',
  benefit: 'Why {product} is worth a look: {feature}.',
  story: 'The story behind {product}, in two minutes.',
  howto: 'Your first steps with {product}, made simple.',
  list: 'Everything {product} offers, at a glance.',
};

interface EmailPlan {
  preheader: string;
  hook: string;
  intro: string;
  transition: string;
  fillers: string[];
  closer: string;
}

function renderEmail(ctx: CopyContext, plan: EmailPlan, size: Sizing, fillers: number): string {
  const list = ctx.features.slice(0, 3).map((feature) => `- ${quote(feature, size.featureWords)}`);
  return paragraphs([
    plan.preheader,
    ctx.voice.greeting,
    `${plan.hook} ${plan.intro}`,
    quote(firstSentences(ctx.description, 3), size.descriptionWords),
    `${plan.transition}\n${list.join('\n')}`,
    ...plan.fillers.slice(0, fillers),
    plan.closer,
    ctaLine(ctx),
    `${ctx.voice.signOff}\nThe ${ctx.product} team`,
  ]);
}

/**
 * Email: subject of at most 60 characters, the preheader as the body's first line, greeting, short paragraphs,
 * one call to action and a sign-off; 80–300 words; never hashtags (they are noise in an inbox).
 */
export function writeEmail(ctx: CopyContext): VariantDraft {
  const rule = ruleFor(Platform.EMAIL);
  const hook = hookLine(ctx);
  const plan: EmailPlan = {
    preheader: abridge(fill(PREHEADERS[ctx.hook], ctx.vars), rule.preheader?.maxLength ?? 100),
    hook,
    intro: introLine(ctx, hook),
    transition: ctx.rng.pick(ctx.voice.transitions),
    fillers: fillerPool(ctx).slice(0, 4),
    closer: fill(ctx.rng.pick(ctx.voice.closers), ctx.vars),
  };
  const body = fitWords(Platform.EMAIL, plan.fillers.length, (size, fillers) => renderEmail(ctx, plan, size, fillers));
  const subject = clipChars(hookTitle(ctx.hook, ctx.vars), rule.title?.maxLength ?? 60);
  return shortenDraft(Platform.EMAIL, { title: subject, body, hashtags: [] }, rule.maxLength);
}

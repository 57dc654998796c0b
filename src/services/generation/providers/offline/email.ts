import { Platform } from '../../../../entities';
import { ruleFor, type VariantDraft } from '../../../platforms/platform-rules';
import { type CopyContext, ctaLine, hookLine, introLine } from './context';
import { hookTitle } from './hooks';
import { fillerPool, fitWords, type Sizing } from './long-form';
import { shortenDraft } from './shorten';
import { abridge, clipChars, clipWords, fill, firstSentences, paragraphs, sentencesOf } from './text';

/** The preview line inbox apps show after the subject: the description's first sentence, else the lead feature. */
function preheaderOf(ctx: CopyContext, max: number): string {
  const first = firstSentences(ctx.description, 1);
  return abridge(first || `Inside: ${ctx.vars.feature}${ctx.voice.end}`, max);
}

interface EmailPlan {
  preheader: string;
  hook: string;
  intro: string;
  transition: string;
  fillers: string[];
  closer: string;
}

function renderEmail(ctx: CopyContext, plan: EmailPlan, size: Sizing, fillers: number): string {
  const list = ctx.features.slice(0, 3).map((feature) => `- ${clipWords(feature, size.featureWords)}`);
  // The preheader already quotes the first sentence; the body goes on from the second.
  const more = clipWords(sentencesOf(ctx.description).slice(1, 3).join(' '), size.descriptionWords);
  return paragraphs([
    plan.preheader,
    ctx.voice.greeting,
    `${plan.hook} ${plan.intro}`,
    more,
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
    preheader: preheaderOf(ctx, rule.preheader?.maxLength ?? 100),
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

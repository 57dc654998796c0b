import type { BriefData, Platform } from '../../../../entities';
import { briefKey, hashString, type Rng } from './seed';
import { fill, sentence } from './text';

/**
 * The ways a variant can open. Each kind has its own first words, so the variants of one platform visibly start
 * differently; none needs a statistic, which the offline writer could only invent.
 */
export const HOOK_KINDS = ['question', 'claim', 'benefit', 'story', 'howto', 'list'] as const;
export type HookKind = (typeof HOOK_KINDS)[number];

/** Templates per kind; one without its own end mark gets the tone's emphatic punctuation. */
const HOOKS: Readonly<Record<HookKind, readonly string[]>> = {
  question: [
    'Ready to see what {product} can do for {audience}?',
    'Wondering what {product} could change for {audience}?',
  ],
  claim: ['Meet {product}: the {adj} choice for {audience}', 'Meet {product}, {adj} from the very first day'],
  benefit: ['The best part of {product}? {Feature}', 'The difference {product} makes: {feature}'],
  story: ['We built {product} for {people} who expect more', 'Picture this: your first day with {product}. {Feature}'],
  howto: [
    "Here's how {product} fits into your day, step by step.",
    "Here's how to get started with {product}, one step at a time.",
  ],
  list: ['Quick rundown: what {product} brings to {audience}.', 'Short list, big difference: {product} at a glance.'],
};

/**
 * The hook kind of variant `index`: consecutive kinds from a start derived from the brief, so up to six variants
 * never share a kind and different briefs do not all open with a question.
 */
export function hookKindFor(brief: BriefData, platform: Platform, index: number): HookKind {
  const start = hashString(`${briefKey(brief)}\u0000${platform}`);
  return HOOK_KINDS[(start + index) % HOOK_KINDS.length] as HookKind;
}

/** The opening sentence of a variant, filled from the context's placeholder values. */
export function writeHook(kind: HookKind, rng: Rng, vars: Readonly<Record<string, string>>): string {
  return sentence(fill(rng.pick(HOOKS[kind]), vars), vars.end);
}

/** A short title in the hook's spirit (blog title, email subject), before clipping to the platform's limit. */
export function hookTitle(kind: HookKind, vars: Readonly<Record<string, string>>): string {
  const titles: Readonly<Record<HookKind, string>> = {
    question: 'Is {product} right for you?',
    claim: 'Meet {product}',
    benefit: '{product}: {Feature}',
    story: 'Why we built {product}',
    howto: 'How to get started with {product}',
    list: '{product} at a glance',
  };
  return fill(titles[kind], vars);
}

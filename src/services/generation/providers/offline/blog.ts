import { Platform } from '../../../../entities';
import { ruleFor, type VariantDraft } from '../../../platforms/platform-rules';
import { type CopyContext, ctaLine, hookLine } from './context';
import { hookTitle } from './hooks';
import { elaboration, fillerPool, fitWords, quote, type Sizing } from './long-form';
import { shortenDraft } from './shorten';
import { clipChars, fill, firstSentences, graphemes, paragraphs, sentence, upperFirst } from './text';

/** Headings for sections that have no feature of their own (a brief with a single feature still gets two). */
const GENERIC_HEADINGS = ['Why it matters for {people}', 'How to get started', 'What makes it different'];

/** A sentence for a section without features, so it never sits empty under its heading. */
const GENERIC_SECTION = 'The value of {product} shows up in ordinary moments, when things simply work as they should.';

interface Section {
  heading: string;
  features: string[];
}

/** Two to four sections; features are dealt round-robin so ten features still make four sections. */
function sectionsOf(ctx: CopyContext): Section[] {
  const count = Math.min(4, Math.max(2, ctx.features.length));
  const sections: Section[] = Array.from({ length: count }, () => ({ heading: '', features: [] }));
  for (const [i, feature] of ctx.features.entries()) sections[i % count]?.features.push(feature);
  let generic = 0;
  for (const section of sections) {
    const first = section.features[0];
    section.heading = first
      ? upperFirst(clipChars(first, 60))
      : upperFirst(fill(GENERIC_HEADINGS[generic++ % GENERIC_HEADINGS.length] ?? '', ctx.vars));
  }
  return sections;
}

/** Choices made once per variant, so re-rendering at a different size keeps the same voice and order. */
interface BlogPlan {
  hook: string;
  sections: Section[];
  fillers: string[];
  elaborationOffset: number;
  closer: string;
}

function renderSection(ctx: CopyContext, plan: BlogPlan, s: number, extra: string[], size: Sizing): string {
  const section = plan.sections[s] as Section;
  // Features are dealt round-robin, so feature i of section s is feature s + i·sections overall: each gets its
  // own elaboration instead of every section repeating the same one.
  const points = section.features.map((feature, i) => {
    const overall = s + i * plan.sections.length;
    return `${sentence(upperFirst(quote(feature, size.featureWords)), '.')} ${elaboration(ctx, overall, plan.elaborationOffset)}`;
  });
  const text = points.length > 0 ? points.join(' ') : fill(GENERIC_SECTION, ctx.vars);
  return paragraphs([`## ${section.heading}`, text, ...extra]);
}

function renderBlog(ctx: CopyContext, plan: BlogPlan, size: Sizing, fillers: number): string {
  const description = quote(firstSentences(ctx.description, 3), size.descriptionWords);
  const intro = `In this article, we look at what ${ctx.name} offers ${ctx.people}, and how to get started.`;
  const extras = plan.sections.map((_, s) =>
    plan.fillers.slice(0, fillers).filter((_, k) => k % plan.sections.length === s),
  );
  return paragraphs([
    description ? `${plan.hook} ${description}` : plan.hook,
    intro,
    ...plan.sections.map((_, s) => renderSection(ctx, plan, s, extras[s] ?? [], size)),
    `## ${ctx.voice.conclusionHeading}`,
    `${plan.closer} ${ctaLine(ctx)}`,
  ]);
}

/** The blog title: the outline's headline for the first variant when it fits, else one in the hook's spirit. */
function blogTitle(ctx: CopyContext, max: number): string {
  if (ctx.index === 0 && ctx.headline && graphemes(ctx.headline).length <= max) return ctx.headline;
  return clipChars(hookTitle(ctx.hook, ctx.vars), max);
}

/** Blog: a title of at most 70 characters, then 300–600 words: intro, 2–4 "## " sections, conclusion with CTA. */
export function writeBlogPost(ctx: CopyContext): VariantDraft {
  const rule = ruleFor(Platform.BLOG);
  const plan: BlogPlan = {
    hook: hookLine(ctx),
    sections: sectionsOf(ctx),
    fillers: fillerPool(ctx),
    elaborationOffset: ctx.rng.int(6),
    closer: fill(ctx.rng.pick(ctx.voice.closers), ctx.vars),
  };
  const body = fitWords(Platform.BLOG, plan.fillers.length, (size, fillers) => renderBlog(ctx, plan, size, fillers));
  const draft: VariantDraft = {
    title: blogTitle(ctx, rule.title?.maxLength ?? 70),
    body,
    hashtags: ctx.tags.slice(0, 3),
  };
  return shortenDraft(Platform.BLOG, draft, rule.maxLength);
}

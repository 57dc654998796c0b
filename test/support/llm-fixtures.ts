import type { BriefData, OutlineData, Platform } from '../../src/entities';
import type { LlmProvider, LlmUsage } from '../../src/services/generation/providers/llm-provider';
import { NO_USAGE } from '../../src/services/generation/providers/llm-provider';
import type { VariantDraft } from '../../src/services/platforms/platform-rules';
import { buildBrief } from './factories';
import { type FakeReply, type FakeUsage, type RecordedRequest, reply } from './fake-openai';

/** A validated brief as the providers receive it. */
export function llmBrief(overrides: Partial<BriefData> = {}): BriefData {
  return { ...(buildBrief() as unknown as BriefData), ...overrides };
}

export const OUTLINE: OutlineData = {
  headline: 'Skip the traffic on a rocket',
  keyMessages: ['0–60 in 3 seconds', 'Folds into a backpack'],
  angle: null,
};

/** Variants whose bodies hold what JSON must escape: quotes, backslashes, newlines, emoji, accents. */
export const TRICKY_VARIANTS: VariantDraft[] = [
  {
    title: null,
    body: 'Say "bye" to traffic 🚀\nAcme Rocket folds into your bag — C:\\commute solved.',
    hashtags: ['#commute'],
  },
  {
    title: null,
    body: 'Café to office in 3 minutes? 🛹 With Acme Rocket, yes.\n\nPre-order today!',
    hashtags: ['#rocket'],
  },
];

/** JSON with every non-ASCII character as a \u escape (as Python's ensure_ascii writes it), emoji as surrogate pairs. */
export function asciiJson(value: unknown): string {
  return JSON.stringify(value).replace(
    /[\u0080-\uffff]/g,
    (ch) => `\\u${ch.charCodeAt(0).toString(16).padStart(4, '0')}`,
  );
}

/** Collects onDelta/onReset calls; `text(i)` is what a reader has after the last reset. */
export function deltaRecorder() {
  const deltas: { index: number; delta: string }[] = [];
  let resets = 0;
  return {
    deltas,
    get resets() {
      return resets;
    },
    onDelta: (index: number, delta: string) => deltas.push({ index, delta }),
    onReset: () => {
      resets++;
      deltas.length = 0;
    },
    text: (index: number) =>
      deltas
        .filter((d) => d.index === index)
        .map((d) => d.delta)
        .join(''),
  };
}

/**
 * A stand-in for the offline writer (being written alongside): deterministic, no network, streams each body in two
 * pieces. It only plays the fallback's part here; the offline writer has tests of its own.
 */
export function fallbackWriter(): LlmProvider & { calls: number } {
  const usage: LlmUsage = { ...NO_USAGE };
  const draft = (platform: Platform, i: number): VariantDraft => ({
    title: null,
    body: `Offline ${platform} variant ${i + 1}: Acme Rocket. Pre-order today.`,
    hashtags: ['#acme'],
  });
  const writer = {
    name: 'offline',
    calls: 0,
    async outline() {
      writer.calls++;
      return { outline: OUTLINE, usage };
    },
    async variants(request: { platform: Platform; count: number; onDelta: (i: number, d: string) => void }) {
      writer.calls++;
      const variants = Array.from({ length: request.count }, (_, i) => draft(request.platform, i));
      variants.forEach((variant, i) => {
        request.onDelta(i, variant.body.slice(0, 10));
        request.onDelta(i, variant.body.slice(10));
      });
      return { variants, usage };
    },
    async shorten(request: { variant: VariantDraft }) {
      writer.calls++;
      return { variant: { ...request.variant, body: request.variant.body.slice(0, 20) }, usage };
    },
  };
  return writer;
}

/** Token counts the model double reports for every call, so a job's usage is a sum a test can work out. */
export const MODEL_USAGE: FakeUsage = { prompt_tokens: 1200, completion_tokens: 150, cached_tokens: 1024 };

/** The five variants the model double writes for any platform; the app keeps as many as it asked for. */
export const MODEL_VARIANTS: VariantDraft[] = Array.from({ length: 5 }, (_, i) => ({
  title: `Acme Rocket, take ${i + 1}`,
  body: `Variant ${i + 1}: "Skip the traffic" — Acme Rocket folds into your backpack 🚀\nPre-order today.`,
  hashtags: ['#Commute', '#AcmeRocket'],
}));

/** The model double's answer to a variants request. */
export function variantsReply(): FakeReply {
  return reply.json({ variants: MODEL_VARIANTS }, MODEL_USAGE);
}

/** The platform a variants or shorten request is for, as its prompt names it ("Target platform: BLOG (…)"). */
export function platformOf(request: RecordedRequest): string | undefined {
  const prompt = request.body.messages.map((message) => message.content).join('\n');
  return /Target platform: ([A-Z]+)/.exec(prompt)?.[1];
}

/** Answers like a model: an outline, five variants, or a shortened variant, each with MODEL_USAGE. */
export function modelAnswer(request: RecordedRequest): FakeReply {
  const schema = request.body.response_format?.json_schema?.name;
  if (schema === 'campaign_outline') return reply.json(OUTLINE, MODEL_USAGE);
  if (schema === 'platform_variants') return variantsReply();
  return reply.json(MODEL_VARIANTS[0], MODEL_USAGE);
}

/**
 * Answers like `modelAnswer`, except that the first outline request (key `OUTLINE`) and the first variants request
 * of each platform named get the reply given: e.g. `modelAnswerWith({ BLOG: hold(variantsReply()).reply })`.
 */
export function modelAnswerWith(firsts: Record<string, FakeReply>): (request: RecordedRequest) => FakeReply {
  const left = new Map(Object.entries(firsts));
  return (request) => {
    const schema = request.body.response_format?.json_schema?.name;
    const key = schema === 'campaign_outline' ? 'OUTLINE' : schema === 'platform_variants' ? platformOf(request) : '';
    const scripted = key ? left.get(key) : undefined;
    if (!key || !scripted) return modelAnswer(request);
    left.delete(key);
    return scripted;
  };
}

import type { BriefData, OutlineData, Platform } from '../../src/entities';
import type { LlmProvider, LlmUsage } from '../../src/services/generation/providers/llm-provider';
import { NO_USAGE } from '../../src/services/generation/providers/llm-provider';
import type { VariantDraft } from '../../src/services/platforms/platform-rules';
import { buildBrief } from './factories';

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

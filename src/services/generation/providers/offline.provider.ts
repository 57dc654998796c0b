import type { OutlineData } from '../../../entities';
import type { VariantDraft } from '../../platforms/platform-rules';
import {
  type LlmProvider,
  type LlmUsage,
  NO_USAGE,
  type OutlineRequest,
  type ShortenRequest,
  type VariantsRequest,
} from './llm-provider';
import { applyBrand } from './offline/brand';
import { writeOutline } from './offline/outline';
import { shortenDraft } from './offline/shorten';
import { streamBodies } from './offline/stream';
import { writeVariant } from './offline/writer';

/** Options of the offline writer. */
export interface OfflineProviderOptions {
  /** Pause between streamed chunks, so clients see copy arrive like a model writes it; 0 = no waiting
   * (COPYDESK_OFFLINE_DELAY_MS). */
  chunkDelayMs: number;
}

/**
 * The embedded default writer: real, platform-valid copy from the brief alone, with no network and no cost.
 * Deterministic: choices come from a hash of the brief, platform and variant index, never from Math.random,
 * so a retried job writes the same copy and tests are stable.
 *
 * Language: the writer's own phrases are English; it has no translations. For other languages it still writes
 * valid copy whose product words (name, features, audience, call to action) are the brief's own, in its language.
 */
export class OfflineProvider implements LlmProvider {
  readonly name = 'offline';
  private readonly chunkDelayMs: number;

  constructor(options: OfflineProviderOptions) {
    this.chunkDelayMs = Math.max(0, options.chunkDelayMs);
  }

  /** Headline, 3–5 key messages and an angle in the brief's tone. */
  async outline(request: OutlineRequest): Promise<{ outline: OutlineData; usage: LlmUsage }> {
    request.signal.throwIfAborted();
    return { outline: writeOutline(request.brief), usage: { ...NO_USAGE } };
  }

  /**
   * `count` variants that open with different hooks, each within the platform's rules, their bodies streamed one
   * after another through `onDelta`. The brand's mechanical rules apply (offline/brand.ts). `feedback` is ignored: it names problems an LLM should avoid on a retry, and
   * these templates cannot take instructions; the pipeline's own checks and cuts still apply to the result.
   */
  async variants(request: VariantsRequest): Promise<{ variants: VariantDraft[]; usage: LlmUsage }> {
    const { brief, outline, platform, count, signal } = request;
    signal.throwIfAborted();
    const variants = Array.from({ length: count }, (_, index) =>
      applyBrand(platform, writeVariant({ brief, outline, platform, index }), request.context?.brand),
    );
    await streamBodies(
      variants.map((variant) => variant.body),
      request.onDelta,
      { delayMs: this.chunkDelayMs, signal },
    );
    return { variants, usage: { ...NO_USAGE } };
  }

  /** The variant cut at a sentence boundary to the limit, keeping hashtags within the platform's maximum. */
  async shorten(request: ShortenRequest): Promise<{ variant: VariantDraft; usage: LlmUsage }> {
    request.signal.throwIfAborted();
    return { variant: shortenDraft(request.platform, request.variant, request.limit), usage: { ...NO_USAGE } };
  }
}

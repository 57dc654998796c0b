import type { Attributes } from '@opentelemetry/api';
import { withSpan } from '../../../infra/tracing-api';
import type { LlmProvider, LlmUsage, OutlineRequest, ShortenRequest, VariantsRequest } from './llm-provider';

type Operation = 'outline' | 'variants' | 'shorten';

/** What a span learns from a call's result: the usage, and the provenance the resilient writer adds. */
function resultAttributes(result: { usage: LlmUsage; degraded?: unknown; provider?: unknown }): Attributes {
  const { usage } = result;
  const attributes: Attributes = {
    'gen_ai.response.model': usage.model,
    'gen_ai.usage.input_tokens': usage.promptTokens,
    'gen_ai.usage.output_tokens': usage.completionTokens,
    'copydesk.llm.cached_tokens': usage.cachedTokens,
    'copydesk.llm.cache_hit': usage.cacheHit === true,
  };
  if (typeof result.degraded === 'boolean') attributes['copydesk.llm.degraded'] = result.degraded;
  if (typeof result.provider === 'string') attributes['copydesk.llm.answered_by'] = result.provider;
  return attributes;
}

/**
 * One span per LLM call ("llm outline", "llm variants", "llm shorten") with the model, tokens and cache hit; the
 * model's HTTP call (undici instrumentation) is its child. The result is passed on untouched (same object), so the
 * provenance fields other layers read stay. Without the OpenTelemetry SDK the spans are no-ops.
 */
export class TracedProvider implements LlmProvider {
  constructor(private readonly provider: LlmProvider) {}

  get name(): string {
    return this.provider.name;
  }

  /** Outline of a campaign, traced. */
  outline(request: OutlineRequest): ReturnType<LlmProvider['outline']> {
    return this.traced('outline', request.fresh, () => this.provider.outline(request));
  }

  /** Variants for one platform, traced; a rewrite (with feedback) says so. */
  variants(request: VariantsRequest): ReturnType<LlmProvider['variants']> {
    const extra = { 'copydesk.platform': request.platform, 'copydesk.llm.rewrite': Boolean(request.feedback) };
    return this.traced('variants', request.fresh, () => this.provider.variants(request), extra);
  }

  /** A variant shortened to its platform's limit, traced. */
  shorten(request: ShortenRequest): ReturnType<LlmProvider['shorten']> {
    return this.traced('shorten', request.fresh, () => this.provider.shorten(request), {
      'copydesk.platform': request.platform,
    });
  }

  /** The wrapped writer's accounting of the calls made so far (see LlmProvider.settled). */
  settled(): Promise<void> {
    return this.provider.settled?.() ?? Promise.resolve();
  }

  private traced<T extends { usage: LlmUsage }>(
    operation: Operation,
    fresh: boolean | undefined,
    call: () => Promise<T>,
    extra: Attributes = {},
  ): Promise<T> {
    const attributes = {
      'gen_ai.operation.name': operation,
      'copydesk.llm.provider': this.provider.name,
      'copydesk.llm.fresh': fresh === true,
      ...extra,
    };
    return withSpan(`llm ${operation}`, attributes, async (span) => {
      const result = await call();
      span.setAttributes(resultAttributes(result));
      return result;
    });
  }
}

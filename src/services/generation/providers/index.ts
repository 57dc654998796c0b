import type { Config } from '../../../infra/config';
import { llmProviderKind } from '../../../infra/llm';
import type { LlmCache } from '../../../infra/llm-cache';
import { resiliencePolicies } from '../../../infra/resilience';
import type { PriceTable } from '../pricing';
import { AnswerCache } from './answer-cache';
import type { LlmProvider } from './llm-provider';
import { OfflineProvider } from './offline.provider';
import { OpenAiProvider } from './openai.provider';
import { ResilientProvider } from './resilient.provider';

/**
 * The LLM response cache as the model's calls use it, or null for the offline writer (free: never cached).
 * The estimator asks the same cache whether a job would be answered from it.
 */
export function createAnswerCache(config: Config, cache: LlmCache): AnswerCache | null {
  if (llmProviderKind(config) === 'offline') return null;
  return new AnswerCache(config.COPYDESK_MODEL, { cache, ttlS: config.COPYDESK_CACHE_TTL_S });
}

/** The model name estimates are priced with: "offline" for the offline writer. */
export function estimateModel(config: Config): string {
  return llmProviderKind(config) === 'offline' ? 'offline' : config.COPYDESK_MODEL;
}

/**
 * The writer the configuration asks for: the offline writer, or an OpenAI-compatible server (its validated answers
 * kept in `cache`) wrapped in a timeout and circuit breaker that falls back to the offline writer (the job is then
 * marked degraded).
 */
export function createProvider(config: Config, cache: LlmCache): LlmProvider {
  const offline = new OfflineProvider({ chunkDelayMs: config.COPYDESK_OFFLINE_DELAY_MS });
  if (llmProviderKind(config) === 'offline') return offline;
  const { llm } = resiliencePolicies(config);
  const openai = new OpenAiProvider({
    apiKey: config.OPENAI_API_KEY,
    baseURL: config.OPENAI_BASE_URL,
    model: config.COPYDESK_MODEL,
    timeoutMs: llm.attemptTimeoutMs,
    maxRetries: llm.maxRetries,
    cache: { cache, ttlS: config.COPYDESK_CACHE_TTL_S },
  });
  return new ResilientProvider({
    primary: openai,
    fallback: offline,
    failureThreshold: llm.breakerThreshold,
    halfOpenAfterMs: llm.breakerResetMs,
    callTimeoutMs: llm.callTimeoutMs,
  });
}

/** COPYDESK_PRICES overrides, completed: a missing cached-input price is the input price. */
export function priceOverrides(config: Config): PriceTable {
  const table: Record<string, { input: number; cachedInput: number; output: number }> = {};
  for (const [model, price] of Object.entries(config.COPYDESK_PRICES ?? {})) {
    table[model] = { input: price.input, output: price.output, cachedInput: price.cachedInput ?? price.input };
  }
  return table;
}

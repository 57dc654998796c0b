import type { LlmCache } from '../../../infra/llm-cache';
import { llmCacheKey } from './llm-cache-key';
import type { LlmUsage } from './llm-provider';
import { InvalidLlmOutputError, type StructuredSchema, validateAnswer } from './openai.schemas';

/** The LLM response cache and how long an answer stays (COPYDESK_CACHE_TTL_S; 0: off). */
export interface AnswerCacheOptions {
  cache: LlmCache;
  ttlS: number;
}

/** A cached answer, validated again, with the text it was stored as (to replay it as a stream). */
export interface CachedAnswer<T> {
  value: T;
  content: string;
}

/** What a call answered from the cache reports: no tokens, no cost. */
export function cacheHitUsage(model: string): LlmUsage {
  return { model, promptTokens: 0, completionTokens: 0, cachedTokens: 0, cacheHit: true };
}

/**
 * One model's view of the LLM response cache: keys from the model, the first messages and the schema; only answers
 * that passed validation are stored, and a stored answer that no longer validates counts as a miss.
 */
export class AnswerCache {
  constructor(
    private readonly model: string,
    private readonly options: AnswerCacheOptions,
  ) {}

  get enabled(): boolean {
    return this.options.ttlS > 0;
  }

  keyOf<T>(schema: StructuredSchema<T>, messages: readonly object[]): string {
    return llmCacheKey({ model: this.model, messages, schema });
  }

  /** The cached answer for `key`, or null (not cached, cache off or failing, or no longer valid). */
  async lookup<T>(schema: StructuredSchema<T>, key: string): Promise<CachedAnswer<T> | null> {
    if (!this.enabled) return null;
    const content = await this.options.cache.get(key);
    if (content === null) return null;
    try {
      return { value: validateAnswer(schema, content), content };
    } catch (error) {
      if (error instanceof InvalidLlmOutputError) return null;
      throw error;
    }
  }

  /** True when `key` holds an answer that validates. */
  async has<T>(schema: StructuredSchema<T>, key: string): Promise<boolean> {
    return (await this.lookup(schema, key)) !== null;
  }

  async store(key: string, content: string): Promise<void> {
    if (this.enabled) await this.options.cache.set(key, content, this.options.ttlS);
  }
}

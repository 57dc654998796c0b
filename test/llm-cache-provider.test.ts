import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { Platform } from '../src/entities';
import { type LlmCache, MemoryLlmCache, RedisLlmCache } from '../src/infra/llm-cache';
import { createLogger } from '../src/infra/logger';
import { createRedis } from '../src/infra/redis';
import { OpenAiProvider } from '../src/services/generation/providers/openai.provider';
import { type FakeOpenAi, reply, startFakeOpenAi } from './support/fake-openai';
import { deltaRecorder, llmBrief, OUTLINE, TRICKY_VARIANTS } from './support/llm-fixtures';

/** OpenAiProvider with the LLM response cache, against the fake OpenAI-compatible server. */

let fake: FakeOpenAi;
const signal = new AbortController().signal;
const brief = llmBrief();
const logger = createLogger('silent');

beforeEach(async () => {
  fake = await startFakeOpenAi();
});
afterEach(() => fake.close());

function providerWith(cache: LlmCache, ttlS = 60): OpenAiProvider {
  return new OpenAiProvider({
    baseURL: fake.url,
    apiKey: 'sk-test',
    model: 'gpt-4o-mini',
    timeoutMs: 5_000,
    maxRetries: 0,
    cache: { cache, ttlS },
  });
}

const memory = () => new MemoryLlmCache({ maxEntries: 100, maxChars: 1_000_000 });

function variantsRequest(fresh = false) {
  const recorder = deltaRecorder();
  const request = {
    brief,
    outline: OUTLINE,
    platform: Platform.LINKEDIN,
    count: 2,
    signal,
    fresh,
    onDelta: recorder.onDelta,
    onReset: recorder.onReset,
  };
  return { recorder, request };
}

describe('OpenAiProvider with the LLM response cache', () => {
  it('answers a repeated call from the cache with cacheHit and no tokens', async () => {
    const provider = providerWith(memory());
    fake.enqueue(reply.json(OUTLINE, { prompt_tokens: 900, completion_tokens: 40 }));
    const live = await provider.outline({ brief, signal });
    expect(live.usage).toMatchObject({ promptTokens: 900, completionTokens: 40 });
    expect(live.usage.cacheHit).toBeFalsy();
    const cached = await provider.outline({ brief, signal });
    expect(cached.outline).toEqual(live.outline);
    expect(cached.usage).toEqual({
      model: 'gpt-4o-mini',
      promptTokens: 0,
      completionTokens: 0,
      cachedTokens: 0,
      cacheHit: true,
    });
    expect(fake.requests).toHaveLength(1);
  });

  it('replays cached variants through the deltas, which spell every final body', async () => {
    const provider = providerWith(memory());
    fake.enqueue(reply.json({ variants: TRICKY_VARIANTS }));
    await provider.variants(variantsRequest().request);
    const { recorder, request } = variantsRequest();
    const result = await provider.variants(request);
    expect(fake.requests).toHaveLength(1);
    expect(result.usage.cacheHit).toBe(true);
    expect(result.variants.map((variant) => variant.body)).toEqual(TRICKY_VARIANTS.map((variant) => variant.body));
    for (const [index, variant] of result.variants.entries()) expect(recorder.text(index)).toBe(variant.body);
  });

  it('asks the model on fresh and stores the new answer', async () => {
    const provider = providerWith(memory());
    fake.enqueue(reply.json(OUTLINE), reply.json({ ...OUTLINE, headline: 'Newer' }));
    await provider.outline({ brief, signal });
    const fresh = await provider.outline({ brief, signal, fresh: true });
    expect(fresh.outline.headline).toBe('Newer');
    expect(fresh.usage.cacheHit).toBeFalsy();
    expect((await provider.outline({ brief, signal })).outline.headline).toBe('Newer');
    expect(fake.requests).toHaveLength(2);
  });

  it('keys an answer that needed a validation retry by the first messages', async () => {
    const provider = providerWith(memory());
    fake.enqueue(reply.text('{"headline": "Skip the'), reply.json(OUTLINE));
    await provider.outline({ brief, signal });
    const cached = await provider.outline({ brief, signal });
    expect(cached.usage.cacheHit).toBe(true);
    expect(fake.requests).toHaveLength(2);
  });

  it('keeps nothing with a TTL of 0, and a cached answer that no longer validates is a miss', async () => {
    const off = providerWith(memory(), 0);
    fake.enqueue(reply.json(OUTLINE), reply.json(OUTLINE));
    await off.outline({ brief, signal });
    await off.outline({ brief, signal });
    expect(fake.requests).toHaveLength(2);

    const garbage: LlmCache = { get: async () => '{"headline": ""}', set: async () => {} };
    fake.enqueue(reply.json(OUTLINE));
    const result = await providerWith(garbage).outline({ brief, signal });
    expect(result.usage.cacheHit).toBeFalsy();
    expect(fake.requests).toHaveLength(3);
  });

  it('still generates when the cache Redis is unreachable', async () => {
    const redis = createRedis('redis://127.0.0.1:1', logger);
    try {
      const provider = providerWith(new RedisLlmCache(redis, 'unreachable', logger));
      fake.enqueue(reply.json(OUTLINE), reply.json(OUTLINE));
      expect((await provider.outline({ brief, signal })).outline.headline).toBe(OUTLINE.headline);
      expect((await provider.outline({ brief, signal })).usage.cacheHit).toBeFalsy();
      expect(fake.requests).toHaveLength(2);
    } finally {
      redis.disconnect();
    }
  });
});

describe('MemoryLlmCache', () => {
  it('evicts the least recently used entry past its bound', async () => {
    const cache = new MemoryLlmCache({ maxEntries: 2, maxChars: 1_000 });
    await cache.set('a', '1', 60);
    await cache.set('b', '2', 60);
    await cache.get('a');
    await cache.set('c', '3', 60);
    expect(await cache.get('a')).toBe('1');
    expect(await cache.get('b')).toBeNull();
    expect(await cache.get('c')).toBe('3');
  });
});

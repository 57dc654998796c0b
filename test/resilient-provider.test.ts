import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { Platform } from '../src/entities';
import { OpenAiProvider } from '../src/services/generation/providers/openai.provider';
import {
  ResilientProvider,
  type ResilientProviderOptions,
} from '../src/services/generation/providers/resilient.provider';
import { type FakeOpenAi, reply, startFakeOpenAi } from './support/fake-openai';
import { deltaRecorder, fallbackWriter, llmBrief, OUTLINE, TRICKY_VARIANTS } from './support/llm-fixtures';

let fake: FakeOpenAi;
let fallback: ReturnType<typeof fallbackWriter>;
const brief = llmBrief();

beforeEach(async () => {
  fake = await startFakeOpenAi({ charsPerToken: 3 });
  fallback = fallbackWriter();
});
afterEach(() => fake.close());

/** OpenAI provider on the fake (short SDK timeout, quick retries) behind the resilient wrapper. */
function resilient(options: Partial<ResilientProviderOptions> & { maxRetries?: number } = {}) {
  const primary = new OpenAiProvider({
    baseURL: fake.url,
    model: 'gpt-4o-mini',
    timeoutMs: 5_000,
    maxRetries: options.maxRetries ?? 0,
  });
  return new ResilientProvider({
    primary,
    fallback,
    failureThreshold: 3,
    callTimeoutMs: 2_000,
    halfOpenAfterMs: 60_000,
    ...options,
  });
}

describe('ResilientProvider', () => {
  it('answers from the primary, not degraded, while it is healthy', async () => {
    fake.enqueue(reply.json(OUTLINE));
    const result = await resilient().outline({ brief, signal: new AbortController().signal });

    expect(result).toMatchObject({ outline: OUTLINE, degraded: false, provider: 'openai:gpt-4o-mini', failure: null });
    expect(fallback.calls).toBe(0);
  });

  it('falls back, degraded, when the primary still fails after the SDK retries', async () => {
    fake.enqueue(...Array.from({ length: 2 }, () => reply.status(500, { 'retry-after-ms': '1' })));
    const recorder = deltaRecorder();
    const result = await resilient({ maxRetries: 1 }).variants({
      brief,
      outline: OUTLINE,
      platform: Platform.TWITTER,
      count: 2,
      signal: new AbortController().signal,
      onDelta: recorder.onDelta,
      onReset: recorder.onReset,
    });

    expect(fake.requests).toHaveLength(2);
    expect(result).toMatchObject({ degraded: true, provider: 'offline' });
    expect(result.failure).toMatch(/500/);
    expect(recorder.resets).toBe(0);
    expect(recorder.text(1)).toBe(result.variants[1]!.body);
  });

  it('times out a hung server, opens the breaker after 3 failures, then sends calls straight to the fallback', async () => {
    await fake.close();
    fake = await startFakeOpenAi({ respond: () => reply.hang() });
    const provider = resilient({ callTimeoutMs: 300, failureThreshold: 3 });
    const signal = new AbortController().signal;

    const results = [];
    for (let i = 0; i < 5; i++) results.push(await provider.outline({ brief, signal }));

    expect(results.every((result) => result.degraded && result.provider === 'offline')).toBe(true);
    expect(results.slice(0, 3).map((result) => result.failure)).toEqual(
      Array(3).fill(expect.stringMatching(/no answer within 300 ms/)),
    );
    expect(results.slice(3).map((result) => result.failure)).toEqual(
      Array(2).fill(
        'circuit open after 3 consecutive failures (last: openai:gpt-4o-mini gave no answer within 300 ms)',
      ),
    );
    expect(fake.requests).toHaveLength(3);
    expect(provider.breakerState).toBe('open');
    await expect(Promise.all(fake.requests.map((request) => request.done))).resolves.toEqual(
      Array(3).fill('client-closed'),
    );
  });

  it('tries the primary again after halfOpenAfter and closes the breaker when it answers', async () => {
    const provider = resilient({ failureThreshold: 1, halfOpenAfterMs: 50 });
    fake.enqueue(reply.status(500), reply.json(OUTLINE));
    const signal = new AbortController().signal;

    expect((await provider.outline({ brief, signal })).degraded).toBe(true);
    expect(provider.breakerState).toBe('open');
    // While open, calls go straight to the fallback without a request; once halfOpenAfter has passed, one reaches
    // the primary, which answers the outline.
    const outline = async () => {
      const { degraded, provider: writer } = await provider.outline({ brief, signal });
      return { degraded, writer };
    };
    await expect
      .poll(outline, { interval: 10, timeout: 2_000 })
      .toEqual({ degraded: false, writer: 'openai:gpt-4o-mini' });
    expect(provider.breakerState).toBe('closed');
    expect(fake.requests).toHaveLength(2);
  });

  it('resets the stream before the fallback re-streams variants the primary had started', async () => {
    fake.enqueue(reply.stall(JSON.stringify({ variants: TRICKY_VARIANTS }), 60));
    const recorder = deltaRecorder();
    let streamedBeforeReset = '';
    const result = await resilient({ callTimeoutMs: 200 }).variants({
      brief,
      outline: OUTLINE,
      platform: Platform.LINKEDIN,
      count: 2,
      signal: new AbortController().signal,
      onDelta: recorder.onDelta,
      onReset: () => {
        streamedBeforeReset = recorder.text(0);
        recorder.onReset();
      },
    });

    // What the 60 characters sent before the stall hold of the first body.
    expect(streamedBeforeReset).toBe('Say "bye" to traffic 🚀');
    expect(TRICKY_VARIANTS[0]!.body.startsWith(streamedBeforeReset)).toBe(true);
    expect(recorder.resets).toBe(1);
    expect(result).toMatchObject({ degraded: true, provider: 'offline' });
    expect(recorder.text(0)).toBe(result.variants[0]!.body);
    expect(recorder.text(1)).toBe(result.variants[1]!.body);
  });

  it('rethrows a caller abort without falling back or counting it against the primary', async () => {
    const provider = resilient({ failureThreshold: 1 });
    fake.enqueue(reply.hang());
    const controller = new AbortController();
    const call = provider.outline({ brief, signal: controller.signal });
    await expect.poll(() => fake.requests.length).toBe(1);
    controller.abort();

    await expect(call).rejects.toMatchObject({ name: 'AbortError' });
    await expect(fake.requests[0]!.done).resolves.toBe('client-closed');
    expect(fallback.calls).toBe(0);
    expect(provider.breakerState).toBe('closed');
  });
});

import type { OpenAI } from 'openai';
import type { ChatCompletionMessageParam } from 'openai/resources/chat/completions';
import type { CompletionUsage } from 'openai/resources/completions';
import type { OutlineData } from '../../../entities';
import { createOpenAiClient, type OpenAiClientOptions } from '../../../infra/llm';
import { NoLlmCache } from '../../../infra/llm-cache';
import type { VariantDraft } from '../../platforms/platform-rules';
import { buildOutlineMessages, buildShortenMessages, buildVariantsMessages } from '../prompts/prompt-builder';
import { AnswerCache, type AnswerCacheOptions, cacheHitUsage } from './answer-cache';
import type { LlmProvider, LlmUsage, OutlineRequest, ShortenRequest } from './llm-provider';
import {
  InvalidLlmOutputError,
  OUTLINE_SCHEMA,
  SHORTEN_SCHEMA,
  type StructuredSchema,
  validateAnswer,
  variantsSchema,
} from './openai.schemas';
import { type ResettableVariantsRequest, VariantDeltas } from './variant-deltas';

/** Where the server is, which model to ask, and the SDK's per-attempt timeout and retries. */
export interface OpenAiProviderOptions extends OpenAiClientOptions {
  model: string;
  /** The LLM response cache; absent: nothing is cached. */
  cache?: AnswerCacheOptions;
}

/** Characters per piece when a cached answer is replayed: few partial-JSON re-parses (about 4 ms of CPU for a cached 6 × 3 job), still a stream. */
const REPLAY_CHUNK = 1024;

interface RawAnswer {
  content: string | null;
  refusal: string | null;
  usage: LlmUsage;
}

function toUsage(model: string, usage: CompletionUsage | null | undefined): LlmUsage {
  return {
    model,
    promptTokens: usage?.prompt_tokens ?? 0,
    completionTokens: usage?.completion_tokens ?? 0,
    cachedTokens: usage?.prompt_tokens_details?.cached_tokens ?? 0,
  };
}

/**
 * Runs one SDK call on a signal of its own that follows the caller's. The SDK adds an abort listener to the
 * signal it gets and never removes it, so the job's signal, shared by many calls, would collect one per call.
 */
async function withCallSignal<T>(signal: AbortSignal, call: (signal: AbortSignal) => Promise<T>): Promise<T> {
  const controller = new AbortController();
  const abort = () => controller.abort(signal.reason);
  if (signal.aborted) abort();
  else signal.addEventListener('abort', abort, { once: true });
  try {
    return await call(controller.signal);
  } finally {
    signal.removeEventListener('abort', abort);
  }
}

function addUsage(a: LlmUsage, b: LlmUsage): LlmUsage {
  return {
    model: b.model,
    promptTokens: a.promptTokens + b.promptTokens,
    completionTokens: a.completionTokens + b.completionTokens,
    cachedTokens: a.cachedTokens + b.cachedTokens,
  };
}

/**
 * The writer backed by any OpenAI-compatible chat completions server (OpenAI, Azure, Ollama, vLLM, LM Studio).
 * Every answer uses structured outputs (strict JSON schema) and is validated with zod; an invalid answer is asked
 * for again once, with the validation error, and a second invalid answer throws InvalidLlmOutputError. HTTP
 * failures are retried by the SDK (Retry-After honoured) and then thrown; `signal` cancels the HTTP request.
 */
export class OpenAiProvider implements LlmProvider {
  readonly name: string;
  private readonly client: OpenAI;
  private readonly model: string;
  /** Where validated answers are kept by request; the estimator asks it too. */
  readonly answers: AnswerCache;

  constructor(options: OpenAiProviderOptions) {
    this.client = createOpenAiClient(options);
    this.model = options.model;
    this.name = `openai:${options.model}`;
    this.answers = new AnswerCache(options.model, options.cache ?? { cache: new NoLlmCache(), ttlS: 0 });
  }

  /** The campaign outline, in one non-streaming call (or from the cache). */
  async outline({ brief, signal, context, fresh }: OutlineRequest): Promise<{ outline: OutlineData; usage: LlmUsage }> {
    const messages = buildOutlineMessages(brief, context);
    const { value, usage } = await this.cachedOr(OUTLINE_SCHEMA, messages, fresh, (all) =>
      withCallSignal(signal, (callSignal) => this.complete(OUTLINE_SCHEMA, all, callSignal)),
    );
    return { outline: value, usage };
  }

  /**
   * `count` variants for one platform in one streaming call. Each body streams to `onDelta` as plain text while the
   * answer arrives; if the answer is invalid and asked for again, `onReset` is called before it re-streams. A cached
   * answer streams the same way, replayed in pieces.
   */
  async variants(request: ResettableVariantsRequest): Promise<{ variants: VariantDraft[]; usage: LlmUsage }> {
    const schema = variantsSchema(request.count);
    let deltas = new VariantDeltas(request.count, request.onDelta);
    const send = (all: ChatCompletionMessageParam[]) => {
      if (deltas.started) request.onReset?.();
      deltas = new VariantDeltas(request.count, request.onDelta);
      return withCallSignal(request.signal, (callSignal) => this.stream(schema, all, deltas, callSignal));
    };
    const replay = (content: string) => {
      for (let at = 0; at < content.length; at += REPLAY_CHUNK) deltas.push(content.slice(at, at + REPLAY_CHUNK));
    };
    const { value, usage } = await this.cachedOr(schema, buildVariantsMessages(request), request.fresh, send, replay);
    const variants = value.variants.slice(0, request.count);
    deltas.finish(
      variants.map((variant) => variant.body),
      request.onReset,
    );
    return { variants, usage };
  }

  /** One variant rewritten to fit `limit`, in one non-streaming call. */
  async shorten(request: ShortenRequest): Promise<{ variant: VariantDraft; usage: LlmUsage }> {
    const messages = buildShortenMessages(request);
    const { value, usage } = await this.cachedOr(SHORTEN_SCHEMA, messages, request.fresh, (all) =>
      withCallSignal(request.signal, (callSignal) => this.complete(SHORTEN_SCHEMA, all, callSignal)),
    );
    return { variant: value, usage };
  }

  /**
   * The cached answer to these first messages (unless `fresh`), replayed through `replay`; otherwise the model's,
   * validated, and stored under the key of the first messages (a retry's extra messages are not part of it).
   */
  private async cachedOr<T>(
    schema: StructuredSchema<T>,
    messages: ChatCompletionMessageParam[],
    fresh: boolean | undefined,
    send: (messages: ChatCompletionMessageParam[]) => Promise<RawAnswer>,
    replay?: (content: string) => void,
  ): Promise<{ value: T; usage: LlmUsage }> {
    const key = this.answers.keyOf(schema, messages);
    const hit = fresh ? null : await this.answers.lookup(schema, key);
    if (hit) {
      replay?.(hit.content);
      return { value: hit.value, usage: cacheHitUsage(this.model) };
    }
    const answer = await this.validated(schema, messages, send);
    await this.answers.store(key, answer.content);
    return answer;
  }

  /** Sends, validates, and on an invalid answer sends once more with the answer and the error appended. */
  private async validated<T>(
    schema: StructuredSchema<T>,
    messages: ChatCompletionMessageParam[],
    send: (messages: ChatCompletionMessageParam[]) => Promise<RawAnswer>,
  ): Promise<{ value: T; usage: LlmUsage; content: string }> {
    const first = await send(messages);
    try {
      return { value: this.check(schema, first), usage: first.usage, content: first.content ?? '' };
    } catch (error) {
      if (!(error instanceof InvalidLlmOutputError)) throw error;
      const retry: ChatCompletionMessageParam[] = [
        ...messages,
        { role: 'assistant', content: first.content ?? '' },
        {
          role: 'user',
          content: `Your answer was invalid: ${error.message}\nAnswer again with only the JSON object the schema describes.`,
        },
      ];
      const second = await send(retry);
      const value = this.check(schema, second);
      return { value, usage: addUsage(first.usage, second.usage), content: second.content ?? '' };
    }
  }

  private check<T>(schema: StructuredSchema<T>, answer: RawAnswer): T {
    if (answer.refusal) throw new InvalidLlmOutputError(`the model refused: ${answer.refusal}`);
    return validateAnswer(schema, answer.content);
  }

  private responseFormat<T>(schema: StructuredSchema<T>) {
    return { type: 'json_schema', json_schema: { name: schema.name, strict: true, schema: schema.json } } as const;
  }

  private async complete<T>(
    schema: StructuredSchema<T>,
    messages: ChatCompletionMessageParam[],
    signal: AbortSignal,
  ): Promise<RawAnswer> {
    const completion = await this.client.chat.completions.create(
      { model: this.model, messages, response_format: this.responseFormat(schema) },
      { signal },
    );
    const message = completion.choices[0]?.message;
    return {
      content: message?.content ?? null,
      refusal: message?.refusal ?? null,
      usage: toUsage(completion.model || this.model, completion.usage),
    };
  }

  private async stream<T>(
    schema: StructuredSchema<T>,
    messages: ChatCompletionMessageParam[],
    deltas: VariantDeltas,
    signal: AbortSignal,
  ): Promise<RawAnswer> {
    const stream = await this.client.chat.completions.create(
      {
        model: this.model,
        messages,
        response_format: this.responseFormat(schema),
        stream: true,
        stream_options: { include_usage: true },
      },
      { signal },
    );
    let content = '';
    let refusal = '';
    let usage = toUsage(this.model, null);
    for await (const chunk of stream) {
      if (chunk.usage) usage = toUsage(chunk.model || this.model, chunk.usage);
      const delta = chunk.choices[0]?.delta;
      if (delta?.refusal) refusal += delta.refusal;
      if (delta?.content) {
        content += delta.content;
        deltas.push(delta.content);
      }
    }
    // The SDK ends an aborted stream quietly; a cut-off answer must not pass for a complete one.
    signal.throwIfAborted();
    return { content, refusal: refusal || null, usage };
  }
}

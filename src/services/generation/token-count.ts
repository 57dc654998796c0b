import type { PromptMessage } from './prompts/prompt-builder';
import type { StructuredSchema } from './providers/openai.schemas';

type O200k = typeof import('gpt-tokenizer/model/gpt-4o');
let o200kTokenizer: O200k | undefined;

/**
 * The o200k tokenizer, loaded on first use: its ranks take about 350 ms and 35 MB of heap to load, which a
 * server that never estimates a cost or calls a model (the offline writer at start-up) need not pay to start.
 */
function o200k(): O200k {
  o200kTokenizer ??= require('gpt-tokenizer/model/gpt-4o') as O200k;
  return o200kTokenizer;
}

/**
 * Prompt tokens of one chat call as OpenAI counts them: the chat-formatted messages (o200k_base, the encoding of
 * the gpt-4o/4.1/5 families) plus the response format's JSON schema, which the API adds to the prompt.
 */
export function promptTokensOf(messages: readonly PromptMessage[], schema: StructuredSchema<unknown>): number {
  const { countTokens, encodeChat } = o200k();
  const chat = encodeChat(messages.map((message) => ({ role: message.role, content: message.content }))).length;
  return chat + countTokens(JSON.stringify({ name: schema.name, schema: schema.json }));
}

/** Tokens of an answer's text. */
export function textTokensOf(text: string): number {
  return o200k().countTokens(text);
}

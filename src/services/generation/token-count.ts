import { countTokens, encodeChat } from 'gpt-tokenizer/model/gpt-4o';
import type { PromptMessage } from './prompts/prompt-builder';
import type { StructuredSchema } from './providers/openai.schemas';

/**
 * Prompt tokens of one chat call as OpenAI counts them: the chat-formatted messages (o200k_base, the encoding of
 * the gpt-4o/4.1/5 families) plus the response format's JSON schema, which the API adds to the prompt.
 */
export function promptTokensOf(messages: readonly PromptMessage[], schema: StructuredSchema<unknown>): number {
  const chat = encodeChat(messages.map((message) => ({ role: message.role, content: message.content }))).length;
  return chat + countTokens(JSON.stringify({ name: schema.name, schema: schema.json }));
}

/** Tokens of an answer's text. */
export function textTokensOf(text: string): number {
  return countTokens(text);
}

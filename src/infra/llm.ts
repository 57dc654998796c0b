import { OpenAI } from 'openai';
import type { Config } from './config';

/** Where the SDK sends requests when no OPENAI_BASE_URL is set. */
export const OPENAI_DEFAULT_BASE_URL = 'https://api.openai.com/v1';

/** Sent as the bearer token to servers that need none (Ollama, vLLM, LM Studio); the SDK insists on one. */
export const NO_API_KEY = 'no-key';

/** How to reach an OpenAI-compatible server. */
export interface OpenAiClientOptions {
  /** Absent for local servers that take no key. */
  apiKey?: string;
  /** Default https://api.openai.com/v1. */
  baseURL?: string;
  /**
   * Per HTTP attempt: until the whole answer arrives, or for a stream until its headers do (COPYDESK_LLM_TIMEOUT_MS).
   * A stream that stalls after its headers is the caller's to bound (the resilient provider's call timeout).
   */
  timeoutMs: number;
  /** SDK retries of connection errors, 408, 409, 429 and 5xx, waiting as Retry-After says (COPYDESK_LLM_MAX_RETRIES). */
  maxRetries: number;
}

/**
 * The openai SDK client. Every setting is explicit so the SDK reads nothing from `process.env` (config.ts does
 * that); its own logging is off because failures reach the caller as errors and are logged at the job boundary.
 */
export function createOpenAiClient(options: OpenAiClientOptions): OpenAI {
  return new OpenAI({
    apiKey: options.apiKey ?? NO_API_KEY,
    adminAPIKey: null,
    baseURL: options.baseURL ?? OPENAI_DEFAULT_BASE_URL,
    organization: null,
    project: null,
    webhookSecret: null,
    timeout: options.timeoutMs,
    maxRetries: options.maxRetries,
    logLevel: 'off',
  });
}

/** The writer the configuration asks for: COPYDESK_PROVIDER, where `auto` means openai once a key or URL is set. */
export function llmProviderKind(
  config: Pick<Config, 'COPYDESK_PROVIDER' | 'OPENAI_API_KEY' | 'OPENAI_BASE_URL'>,
): 'openai' | 'offline' {
  if (config.COPYDESK_PROVIDER !== 'auto') return config.COPYDESK_PROVIDER;
  return config.OPENAI_API_KEY || config.OPENAI_BASE_URL ? 'openai' : 'offline';
}

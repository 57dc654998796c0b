import * as tokenizerModels from 'gpt-tokenizer/models';
import type { LlmUsage } from './providers/llm-provider';

/**
 * USD per 1M tokens. `cachedInput` applies to the prompt tokens the provider served from its prompt cache; when
 * absent they are billed at the full input price.
 */
export interface ModelPrice {
  input: number;
  cachedInput?: number;
  output: number;
}

/** Prices keyed by model name (a snapshot like "gpt-4o-2024-08-06" falls back to "gpt-4o"). */
export type PriceTable = Readonly<Record<string, ModelPrice>>;

/**
 * OpenAI's standard-tier prices for the models Copydesk is likely to run on. gpt-tokenizer 3.4.0's price data lacks
 * gpt-4o-mini (the default model), gpt-4.1-mini and gpt-5-mini, lists gpt-4o, gpt-4.1 and gpt-5 at a placeholder
 * $10/$30 and has no cached-input prices, so these come first and it only covers the long tail.
 */
export const BUILT_IN_PRICES: PriceTable = Object.freeze({
  'gpt-4o-mini': { input: 0.15, cachedInput: 0.075, output: 0.6 },
  'gpt-4o': { input: 2.5, cachedInput: 1.25, output: 10 },
  'gpt-4.1': { input: 2, cachedInput: 0.5, output: 8 },
  'gpt-4.1-mini': { input: 0.4, cachedInput: 0.1, output: 1.6 },
  'gpt-4.1-nano': { input: 0.1, cachedInput: 0.025, output: 0.4 },
  'gpt-5': { input: 1.25, cachedInput: 0.125, output: 10 },
  'gpt-5-mini': { input: 0.25, cachedInput: 0.025, output: 2 },
  'gpt-5-nano': { input: 0.05, cachedInput: 0.005, output: 0.4 },
  o3: { input: 2, cachedInput: 0.5, output: 8 },
  'o3-mini': { input: 1.1, cachedInput: 0.55, output: 4.4 },
  'o4-mini': { input: 1.1, cachedInput: 0.275, output: 4.4 },
});

/** Where a price came from; `unknown` and `offline` cost 0. */
export type PriceSource = 'override' | 'built-in' | 'gpt-tokenizer' | 'offline' | 'unknown';

/** The cost of one call or a sum of calls. `known: false` means no price was found and the cost is reported as 0. */
export interface UsageCost {
  costUsd: number;
  known: boolean;
  source: PriceSource;
}

interface TokenizerSpec {
  price_data?: { main?: { input?: number; output?: number; cached_input?: number } };
}

const SNAPSHOT_SUFFIX = /-(\d{4}-\d{2}-\d{2}|\d{4})$/;

function fromTokenizer(model: string): ModelPrice | null {
  const spec = (tokenizerModels as Record<string, TokenizerSpec | undefined>)[model];
  const main = spec?.price_data?.main;
  if (main?.input === undefined || main.output === undefined) return null;
  return { input: main.input, cachedInput: main.cached_input, output: main.output };
}

/** The price of a model: the overrides, then the built-in table, then gpt-tokenizer's model data. */
export function priceFor(model: string, overrides: PriceTable = {}): { price: ModelPrice; source: PriceSource } | null {
  const names = [model, model.replace(SNAPSHOT_SUFFIX, '')];
  for (const name of names) {
    const override = overrides[name];
    if (override) return { price: override, source: 'override' };
  }
  for (const name of names) {
    const builtIn = BUILT_IN_PRICES[name];
    if (builtIn) return { price: builtIn, source: 'built-in' };
  }
  for (const name of names) {
    const tokenizer = fromTokenizer(name);
    if (tokenizer) return { price: tokenizer, source: 'gpt-tokenizer' };
  }
  return null;
}

/**
 * Cost in USD of the tokens one call used. Cached tokens are part of the prompt tokens and billed at the cached
 * rate; the offline writer costs 0; an unknown model costs 0 with `known: false`, so a report can say so.
 */
export function costOf(usage: LlmUsage, overrides: PriceTable = {}): UsageCost {
  if (usage.model === 'offline') return { costUsd: 0, known: true, source: 'offline' };
  const found = priceFor(usage.model, overrides);
  if (!found) return { costUsd: 0, known: false, source: 'unknown' };
  const { price, source } = found;
  const cached = Math.min(usage.cachedTokens, usage.promptTokens);
  const micros =
    (usage.promptTokens - cached) * price.input +
    cached * (price.cachedInput ?? price.input) +
    usage.completionTokens * price.output;
  return { costUsd: micros / 1_000_000, known: true, source };
}

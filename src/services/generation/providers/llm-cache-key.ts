import { createHash } from 'node:crypto';
import type { StructuredSchema } from './openai.schemas';

/** JSON with object keys sorted at every level, so equal requests always serialise to the same text. */
export function canonicalJson(value: unknown): string {
  if (Array.isArray(value)) return `[${value.map(canonicalJson).join(',')}]`;
  if (value !== null && typeof value === 'object') {
    const entries = Object.entries(value as Record<string, unknown>)
      .filter(([, item]) => item !== undefined)
      .sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0));
    return `{${entries.map(([key, item]) => `${JSON.stringify(key)}:${canonicalJson(item)}`).join(',')}}`;
  }
  return JSON.stringify(value) ?? 'null';
}

/** What makes two model calls answer alike: the model, the first messages, the output schema and the parameters. */
export interface CacheKeyParts {
  model: string;
  messages: readonly object[];
  schema: Pick<StructuredSchema<unknown>, 'name' | 'json'>;
  /** Sampling parameters sent with the call (temperature etc.); none today, part of the key for when there are. */
  parameters?: Record<string, unknown>;
}

/** The LLM response cache key: sha256 (hex) of the canonical JSON of the parts. */
export function llmCacheKey(parts: CacheKeyParts): string {
  const canonical = canonicalJson({
    model: parts.model,
    messages: parts.messages,
    schema: { name: parts.schema.name, body: parts.schema.json },
    parameters: parts.parameters ?? {},
  });
  return createHash('sha256').update(canonical).digest('hex');
}

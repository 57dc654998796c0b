import { z } from 'zod';
import type { OutlineData } from '../../../entities';
import type { VariantDraft } from '../../platforms/platform-rules';

/**
 * A structured-output contract: the JSON schema sent with `strict: true` (every property required, no additional
 * properties, nullable as `type: [T, 'null']`) and the zod schema that validates the answer anyway.
 */
export interface StructuredSchema<T> {
  name: string;
  json: Record<string, unknown>;
  zod: z.ZodType<T>;
}

const variantJson = {
  type: 'object',
  additionalProperties: false,
  // Order matters: strict mode writes keys in schema order, so the body streams before the hashtags.
  required: ['title', 'body', 'hashtags'],
  properties: {
    title: { type: ['string', 'null'] },
    body: { type: 'string' },
    hashtags: { type: 'array', items: { type: 'string' } },
  },
};

/** "#launch", "launch", "# launch day" → "#launch", "#launch", "#launchday"; empty tags are dropped. */
function normaliseHashtags(tags: string[]): string[] {
  return tags.map((tag) => `#${tag.replace(/[#\s]+/g, '')}`).filter((tag) => tag.length > 1);
}

const variantZod = z.object({
  title: z
    .string()
    .nullable()
    .transform((title) => title?.trim() || null),
  // Not trimmed: the body must stay equal to the concatenation of the deltas streamed for it.
  body: z.string().refine((body) => body.trim().length > 0, 'body is empty'),
  hashtags: z.array(z.string()).transform(normaliseHashtags),
}) satisfies z.ZodType<VariantDraft>;

/** The campaign outline. */
export const OUTLINE_SCHEMA: StructuredSchema<OutlineData> = {
  name: 'campaign_outline',
  json: {
    type: 'object',
    additionalProperties: false,
    required: ['headline', 'keyMessages', 'angle'],
    properties: {
      headline: { type: 'string' },
      keyMessages: { type: 'array', items: { type: 'string' } },
      angle: { type: ['string', 'null'] },
    },
  },
  zod: z.object({
    headline: z.string().trim().min(1, 'headline is empty'),
    keyMessages: z.array(z.string().trim().min(1)).min(1, 'at least one key message'),
    angle: z
      .string()
      .nullable()
      .transform((angle) => angle?.trim() || null),
  }),
};

/** `count` variants for one platform; extra variants are accepted here and dropped by the caller. */
export function variantsSchema(count: number): StructuredSchema<{ variants: VariantDraft[] }> {
  return {
    name: 'platform_variants',
    json: {
      type: 'object',
      additionalProperties: false,
      required: ['variants'],
      properties: { variants: { type: 'array', items: variantJson } },
    },
    zod: z.object({ variants: z.array(variantZod).min(count, `expected ${count} variants`) }),
  };
}

/** One shortened variant. */
export const SHORTEN_SCHEMA: StructuredSchema<VariantDraft> = {
  name: 'shortened_variant',
  json: variantJson,
  zod: variantZod,
};

/** The model's answer did not parse or did not match the schema, twice. */
export class InvalidLlmOutputError extends Error {
  override readonly name = 'InvalidLlmOutputError';
}

/** Parses and validates one answer; the error message is what the model is told on the retry. */
export function validateAnswer<T>(schema: StructuredSchema<T>, content: string | null | undefined): T {
  if (!content) throw new InvalidLlmOutputError('the answer was empty');
  let value: unknown;
  try {
    value = JSON.parse(content);
  } catch (error) {
    throw new InvalidLlmOutputError(`the answer is not valid JSON (${(error as Error).message})`);
  }
  const result = schema.zod.safeParse(value);
  if (!result.success)
    throw new InvalidLlmOutputError(`the answer does not match the schema:\n${z.prettifyError(result.error)}`);
  return result.data;
}

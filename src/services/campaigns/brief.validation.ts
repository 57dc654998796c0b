import { z } from 'zod';
import { type BriefData, Platform, Tone } from '../../entities';
import { AppError, type FieldError } from '../../errors';

/** Control characters other than tab and newlines have no place in copy; NUL cannot even be stored. */
// biome-ignore lint/suspicious/noControlCharactersInRegex: matching control characters is the point
const FORBIDDEN_CHARS = /[\u0000-\u0008\u000b\u000c\u000e-\u001f\u007f]/;

function text(min: number, max: number) {
  return z
    .string()
    .refine((value) => !FORBIDDEN_CHARS.test(value), 'must not contain control characters')
    .transform((value) => value.trim())
    .pipe(
      z
        .string()
        .min(min, min === 1 ? 'must not be empty' : `must be at least ${min} characters`)
        .max(max, `must be at most ${max} characters`),
    );
}

/** Optional text: null, absent and blank all mean "not given". */
function optionalText(max: number) {
  return text(0, max)
    .nullish()
    .transform((value) => (value ? value : null));
}

function canonicalLanguage(tag: string, ctx: z.RefinementCtx): string {
  try {
    const [canonical] = Intl.getCanonicalLocales(tag);
    if (canonical) return canonical;
  } catch {
    // RangeError: not a well-formed BCP 47 tag; reported below
  }
  ctx.addIssue({ code: 'custom', message: 'must be a BCP 47 language tag such as "en" or "pt-BR"' });
  return z.NEVER;
}

const url = text(1, 2048).refine((value) => {
  try {
    const parsed = new URL(value);
    return (parsed.protocol === 'http:' || parsed.protocol === 'https:') && parsed.hostname.length > 0;
  } catch {
    return false;
  }
}, 'must be an http(s) URL');

const briefSchema = z.object({
  productName: text(1, 200),
  description: optionalText(2000),
  features: z.array(text(1, 200)).min(1, 'must list at least 1 feature').max(10, 'must list at most 10 features'),
  audience: optionalText(500),
  tone: z.enum(Tone),
  platforms: z
    .array(z.enum(Platform))
    .min(1, 'must list at least 1 platform')
    .max(6, 'must list at most 6 platforms')
    .refine((list) => new Set(list).size === list.length, 'must not repeat a platform'),
  keywords: z
    .array(text(1, 50))
    .max(20, 'must list at most 20 keywords')
    .nullish()
    .transform((list) => list ?? []),
  callToAction: optionalText(200),
  url: url.nullish().transform((value) => value ?? null),
  language: text(1, 35)
    .nullish()
    .transform((value) => value || 'en')
    .transform(canonicalLanguage),
});

export const campaignNameSchema = text(1, 200);

function fieldErrors(error: z.ZodError, prefix: string): FieldError[] {
  return error.issues.map((issue) => ({
    path: [prefix, ...issue.path.map(String)].filter(Boolean).join('.'),
    message: issue.message,
  }));
}

/** Validates a brief as API.md states it; returns the normalised brief or throws BAD_USER_INPUT with fields. */
export function validateBrief(input: unknown, prefix = 'brief'): BriefData {
  const result = briefSchema.safeParse(input);
  if (!result.success) throw AppError.badInput(fieldErrors(result.error, prefix), 'Invalid brief');
  return result.data;
}

/** Validates a campaign name; throws BAD_USER_INPUT naming `name`. */
export function validateName(input: unknown): string {
  const result = campaignNameSchema.safeParse(input);
  if (!result.success) throw AppError.badInput(fieldErrors(result.error, 'name'), 'Invalid name');
  return result.data;
}

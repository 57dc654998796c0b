import { z } from 'zod';
import { type BriefData, Platform, Tone } from '../../entities';
import { AppError, type FieldError } from '../../errors';
import { screenBrief } from '../moderation/brief-screening';
import { fieldErrorsOf, plainString } from '../validation';
import { CAMPAIGN_LIMITS as LIMITS } from './campaign.limits';

function text(min: number, max: number) {
  return plainString()
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

const url = text(1, LIMITS.maxUrlLength).refine((value) => {
  try {
    const parsed = new URL(value);
    return (parsed.protocol === 'http:' || parsed.protocol === 'https:') && parsed.hostname.length > 0;
  } catch {
    return false;
  }
}, 'must be an http(s) URL');

/** The platforms of a brief or a generation request: 1–6, none twice. */
export const platformListSchema = z
  .array(z.enum(Platform))
  .min(LIMITS.minPlatforms, `must list at least ${LIMITS.minPlatforms} platform`)
  .max(LIMITS.maxPlatforms, `must list at most ${LIMITS.maxPlatforms} platforms`)
  .refine((list) => new Set(list).size === list.length, 'must not repeat a platform');

const briefSchema = z.object({
  productName: text(1, LIMITS.maxProductNameLength),
  description: optionalText(LIMITS.maxDescriptionLength),
  features: z
    .array(text(1, LIMITS.maxFeatureLength))
    .min(LIMITS.minFeatures, `must list at least ${LIMITS.minFeatures} feature`)
    .max(LIMITS.maxFeatures, `must list at most ${LIMITS.maxFeatures} features`),
  audience: optionalText(LIMITS.maxAudienceLength),
  tone: z.enum(Tone),
  platforms: platformListSchema,
  keywords: z
    .array(text(1, LIMITS.maxKeywordLength))
    .max(LIMITS.maxKeywords, `must list at most ${LIMITS.maxKeywords} keywords`)
    .nullish()
    .transform((list) => list ?? []),
  callToAction: optionalText(LIMITS.maxCallToActionLength),
  url: url.nullish().transform((value) => value ?? null),
  language: text(1, LIMITS.maxLanguageLength)
    .nullish()
    .transform((value) => value || 'en')
    .transform(canonicalLanguage),
});

const campaignNameSchema = text(1, LIMITS.maxNameLength);

/** Parses one value; on failure records its field errors and returns undefined. */
function collect<T>(schema: z.ZodType<T>, value: unknown, prefix: string, fields: FieldError[]): T | undefined {
  const result = schema.safeParse(value);
  if (result.success) return result.data;
  fields.push(...fieldErrorsOf(result.error, prefix));
  return undefined;
}

function isAbsent(value: unknown): boolean {
  return value === undefined || value === null;
}

/** Validates a new campaign's name and brief together, so one BAD_USER_INPUT lists every bad field. */
export function validateNewCampaign(input: { name: unknown; brief: unknown }): { name: string; brief: BriefData } {
  const fields: FieldError[] = [];
  const name = collect(campaignNameSchema, input.name, 'name', fields);
  const brief = collect(briefSchema, input.brief, 'brief', fields);
  // The brief reaches the model as data; text that reads as instructions to it is refused up front.
  if (brief) fields.push(...screenBrief(brief));
  if (name === undefined || brief === undefined || fields.length > 0)
    throw AppError.badInput(fields, 'Invalid campaign');
  return { name, brief };
}

/** Validates an update's name and brief together; an absent (or null) one is left out, not refused. */
export function validateCampaignChanges(input: { name?: unknown; brief?: unknown }): {
  name?: string;
  brief?: BriefData;
} {
  const fields: FieldError[] = [];
  const name = isAbsent(input.name) ? undefined : collect(campaignNameSchema, input.name, 'name', fields);
  const brief = isAbsent(input.brief) ? undefined : collect(briefSchema, input.brief, 'brief', fields);
  if (brief) fields.push(...screenBrief(brief));
  if (fields.length > 0) throw AppError.badInput(fields, 'Invalid campaign');
  return { name, brief };
}

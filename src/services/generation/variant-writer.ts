import type { EntityManager } from '@mikro-orm/postgresql';
import { v7 as uuidv7 } from 'uuid';
import {
  type BriefData,
  ContentVariant,
  ContentVersion,
  type GenerationJob,
  type OutlineData,
  type Platform,
} from '../../entities';
import type { BrandRules } from '../moderation/moderation.types';
import {
  checkVariant,
  countCharacters,
  cutAtSentence,
  postedText,
  ruleFor,
  type VariantDraft,
} from '../platforms/platform-rules';
import { insertOwned } from '../scoped-data';
import { firstVersion } from '../versions/version.service';
import type { JobEventPublisher } from './generation-events';
import { variantMessage } from './generation-events';
import type { LlmProvider, LlmUsage, WritingContext } from './providers/llm-provider';
import type { ResettableVariantsRequest } from './providers/variant-deltas';
import { reviewVariant } from './variant-review';

/** Called for every LLM call's usage; `fallback` says why the fallback writer answered (null: it did not). */
export type UsageSink = (usage: LlmUsage, fallback: string | null) => void;

export interface PlatformWork {
  em: EntityManager;
  job: GenerationJob;
  brief: BriefData;
  outline: OutlineData;
  platform: Platform;
  provider: LlmProvider;
  events: JobEventPublisher;
  signal: AbortSignal;
  /** An earlier attempt of the job (a crashed or stopped worker) may have streamed this platform's text already. */
  resumed: boolean;
  /** The brand's rules and the template's guidance for this platform. */
  context: WritingContext & { brand: BrandRules };
  onUsage: UsageSink;
  /** Called once per variant that became ready in this attempt; its VARIANT_READY event waits for it. */
  onVariantReady: () => Promise<void>;
  /** Resolves when the model calls so far are accounted for; rejects when one ended the job (LlmProvider.settled). */
  settled: () => Promise<void>;
}

/** Waits for both; throws the first failure, after both have ended (neither is left to fail unobserved). */
async function both(a: Promise<void>, b: Promise<void>): Promise<void> {
  const [first, second] = await Promise.allSettled([a, b]);
  if (first.status === 'rejected') throw first.reason;
  if (second.status === 'rejected') throw second.reason;
}

/** Why the fallback writer answered this call, or null when the primary did (see ResilientProvider's Provenance). */
function fallbackOf(result: object): string | null {
  const provenance = result as { degraded?: unknown; failure?: unknown };
  if (provenance.degraded !== true) return null;
  return typeof provenance.failure === 'string' ? provenance.failure : 'unknown failure';
}

/** Fits a draft to its platform: one "shorten" call when too long, then a clean cut at a sentence boundary. */
async function fitToPlatform(work: PlatformWork, draft: VariantDraft): Promise<VariantDraft> {
  const rule = ruleFor(work.platform);
  let variant: VariantDraft = { ...draft, hashtags: draft.hashtags.slice(0, rule.hashtags.max) };
  if (checkVariant(work.platform, variant).some((violation) => violation.rule === 'length')) {
    const shortened = await work.provider.shorten({
      brief: work.brief,
      platform: work.platform,
      variant,
      limit: rule.maxLength,
      signal: work.signal,
      context: work.context,
      fresh: work.job.fresh,
    });
    work.onUsage(shortened.usage, fallbackOf(shortened));
    variant = { ...shortened.variant, hashtags: shortened.variant.hashtags.slice(0, rule.hashtags.max) };
  }
  const tags = postedText(work.platform, '', variant.hashtags);
  const room = rule.maxLength - (tags ? countCharacters(work.platform, `\n\n${tags.trim()}`) : 0);
  const body = cutAtSentence(work.platform, variant.body, room);
  const title = rule.title && variant.title ? cutAtSentence(work.platform, variant.title, rule.title.maxLength) : null;
  return { title: rule.title ? title : null, body, hashtags: variant.hashtags };
}

/** One more variant for the platform, written with moderation feedback and fitted; not streamed. */
async function rewrite(work: PlatformWork, feedback: string): Promise<VariantDraft> {
  const result = await work.provider.variants({
    brief: work.brief,
    outline: work.outline,
    platform: work.platform,
    count: 1,
    signal: work.signal,
    feedback,
    context: work.context,
    fresh: work.job.fresh,
    onDelta: () => {},
  });
  work.onUsage(result.usage, fallbackOf(result));
  const [draft] = result.variants;
  if (!draft) throw new Error(`the writer returned no ${work.platform} variant`);
  return fitToPlatform(work, draft);
}

/**
 * Writes one platform's variants for a job, exactly once per (job, platform, position): positions an earlier
 * attempt persisted are kept, and the unique index makes a concurrent duplicate insert a no-op.
 */
export async function writePlatform(work: PlatformWork): Promise<void> {
  const { em, job, platform } = work;
  const count = job.variantsPerPlatform;
  // Only an attempt that resumes the job after COPY began can find rows of it (a first attempt writes them).
  const existing = work.resumed ? await em.find(ContentVariant, { job: job.id, platform }, { filters: false }) : [];
  if (existing.length >= count) return;
  const done = new Set(existing.map((variant) => variant.position));
  // The text streams again from the start: subscribers who saw the earlier attempt's deltas must drop them.
  if (work.resumed) work.events.reset(platform);
  const request: ResettableVariantsRequest = {
    brief: work.brief,
    outline: work.outline,
    platform,
    count,
    signal: work.signal,
    onDelta: (index, delta) => work.events.token(platform, index, delta),
    onReset: () => work.events.reset(platform),
    context: work.context,
    fresh: job.fresh,
  };
  const result = await work.provider.variants(request);
  work.onUsage(result.usage, fallbackOf(result));
  if (result.variants.length < count) {
    throw new Error(`the writer returned ${result.variants.length} of ${count} ${platform} variants`);
  }
  for (let position = 0; position < count; position++) {
    if (done.has(position)) continue;
    const fitted = await fitToPlatform(work, result.variants[position] as VariantDraft);
    const subject = { platform, brief: work.brief, brand: work.context.brand };
    const reviewed = await reviewVariant(subject, fitted, (feedback) => rewrite(work, feedback));
    const { draft } = reviewed;
    const row = {
      id: uuidv7(),
      campaign: job.campaign.id,
      job: job.id,
      platform,
      position,
      title: draft.title,
      body: draft.body,
      hashtags: draft.hashtags,
      characterCount: countCharacters(platform, postedText(platform, draft.body, draft.hashtags)),
      status: reviewed.status,
      moderation: reviewed.moderation,
      quality: reviewed.quality,
      createdAt: new Date(),
    };
    // The row goes to the job's workspace (an insert is not filtered). Not written: another worker holding this job
    // wrote the position first; its event was sent by it.
    const inserted = await insertOwned(em, ContentVariant, job, row, {
      ignoreConflictOn: ['job', 'platform', 'position'],
    });
    if (!inserted) continue;
    // Its version 1 (a worker dying right here leaves it to the job's publishing transaction: createFirstVersions).
    await insertOwned(em, ContentVersion, job, firstVersion(row), { ignoreConflictOn: ['variant', 'number'] });
    // Announced only once its model calls are settled: a call that used a usage limit up shows nothing.
    await both(work.settled(), work.onVariantReady());
    work.events.variantReady(variantMessage(row), reviewed.moderation);
  }
}

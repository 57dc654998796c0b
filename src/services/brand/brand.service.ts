import { z } from 'zod';
import { BrandProfile, EmojiPolicy } from '../../entities';
import type { DomainEvents } from '../events/domain-events';
import type { BrandRules } from '../moderation/moderation.types';
import { parseInput, plainString } from '../validation';
import type { Scope } from '../viewer';
import { BRAND_LIMITS as LIMITS } from './brand.limits';

export interface BrandProfileInput {
  voice?: string | null;
  bannedTerms?: string[] | null;
  competitorNames?: string[] | null;
  requiredTerms?: string[] | null;
  disclaimers?: string[] | null;
  preferredHashtags?: string[] | null;
  emojiPolicy?: EmojiPolicy | null;
}

function term(max: number) {
  return plainString()
    .transform((value) => value.trim().replace(/\s+/g, ' '))
    .pipe(z.string().min(1, 'must not be empty').max(max, `must be at most ${max} characters`));
}

function list(max: number, itemMax: number) {
  return z
    .array(term(itemMax))
    .max(max, `must list at most ${max}`)
    .transform((items) => {
      // Case-insensitive duplicates: the first spelling wins.
      const seen = new Map<string, string>();
      for (const item of items) if (!seen.has(item.toLocaleLowerCase())) seen.set(item.toLocaleLowerCase(), item);
      return [...seen.values()];
    });
}

/** A hashtag: letters, digits and underscores after one `#`, which is added when missing. */
const hashtag = term(LIMITS.maxHashtagLength)
  .transform((value) => `#${value.replace(/^#+/, '')}`)
  .refine((value) => /^#[\p{L}\p{N}_]+$/u.test(value), 'must be a hashtag of letters, digits or _');

const schema = z.object({
  voice: term(LIMITS.maxVoiceLength).nullish(),
  bannedTerms: list(LIMITS.maxBannedTerms, LIMITS.maxTermLength).nullish(),
  competitorNames: list(LIMITS.maxCompetitorNames, LIMITS.maxTermLength).nullish(),
  requiredTerms: list(LIMITS.maxRequiredTerms, LIMITS.maxTermLength).nullish(),
  disclaimers: list(LIMITS.maxDisclaimers, LIMITS.maxDisclaimerLength).nullish(),
  preferredHashtags: z
    .array(hashtag)
    .max(LIMITS.maxPreferredHashtags, `must list at most ${LIMITS.maxPreferredHashtags}`)
    .nullish(),
  emojiPolicy: z.enum(EmojiPolicy).nullish(),
});

/** The caller's workspace's stored profile, or null (a workspace has at most one). */
export function findBrandProfile(scope: Scope): Promise<BrandProfile | null> {
  return scope.em.findOne(BrandProfile, { workspace: scope.viewer.workspace.id });
}

/** The brand profile of a workspace: voice, banned and required terms, disclaimers, hashtags, emoji policy. */
export class BrandService {
  constructor(private readonly events: DomainEvents) {}

  /** The workspace's profile; an empty one (not stored) until someone saves it. */
  async get(scope: Scope): Promise<BrandProfile> {
    const found = await findBrandProfile(scope);
    return found ?? scope.em.create(BrandProfile, { workspace: scope.viewer.workspace.id }, { persist: false });
  }

  /** Changes the fields given (null clears a text, [] empties a list); the rest stays. */
  async update(scope: Scope, input: BrandProfileInput): Promise<BrandProfile> {
    const parsed = parseInput(schema, input, 'Invalid brand profile');
    const found = await findBrandProfile(scope);
    const workspaceId = scope.viewer.workspace.id;
    return this.events.transaction(scope.em, async (tx, emit) => {
      const profile = found ?? tx.create(BrandProfile, { workspace: workspaceId });
      const { voice, emojiPolicy, ...lists } = parsed;
      if (input.voice !== undefined) profile.voice = voice ?? null;
      if (emojiPolicy) profile.emojiPolicy = emojiPolicy;
      for (const [key, value] of Object.entries(lists) as [keyof typeof lists, string[] | null | undefined][]) {
        if (value !== undefined) profile[key] = value ?? [];
      }
      const changed = Object.keys(input).filter((key) => (input as Record<string, unknown>)[key] !== undefined);
      emit('brand.updated', workspaceId, { changed });
      return profile;
    });
  }
}

/** The profile as moderation reads it. */
export function brandRules(profile: BrandProfile | null | undefined): BrandRules {
  return {
    voice: profile?.voice ?? null,
    bannedTerms: profile?.bannedTerms ?? [],
    competitorNames: profile?.competitorNames ?? [],
    requiredTerms: profile?.requiredTerms ?? [],
    disclaimers: profile?.disclaimers ?? [],
    preferredHashtags: profile?.preferredHashtags ?? [],
    emojiPolicy: profile ? (profile.emojiPolicy.toLowerCase() as BrandRules['emojiPolicy']) : 'any',
  };
}

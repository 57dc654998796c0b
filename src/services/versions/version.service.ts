import { createHash } from 'node:crypto';
import { LockMode } from '@mikro-orm/core';
import type { EntityManager } from '@mikro-orm/postgresql';
import { v7 as uuidv7 } from 'uuid';
import { Campaign, ContentStatus, ContentVariant, ContentVersion, type Platform, VersionSource } from '../../entities';
import { AppError, type FieldError } from '../../errors';
import { brandRules, findBrandProfile } from '../brand/brand.service';
import type { DomainEvents } from '../events/domain-events';
import { moderate } from '../moderation/moderation-engine';
import { countCharacters, postedText } from '../platforms/platform-rules';
import { scoreQuality } from '../quality/quality-score';
import { getOwned, isUuid } from '../scoped-data';
import type { Scope } from '../viewer';

/** The longest body an edit may have (a blog article is far shorter). */
export const MAX_BODY = 20_000;
export const MAX_TITLE = 200;
export const MAX_HASHTAGS = 30;
const HASHTAG = /^#[\p{L}\p{N}_]{1,100}$/u;

/** The identity of a text: SHA-256 of title, body and hashtags (the migration computes the same for version 1). */
export function contentHash(title: string | null | undefined, body: string, hashtags: readonly string[]): string {
  return createHash('sha256')
    .update(`${title ?? ''}\u001f${body}\u001f${hashtags.join(' ')}`, 'utf8')
    .digest('hex');
}

export interface EditInput {
  baseVersionId: string;
  title?: string | null;
  body?: string | null;
  hashtags?: readonly string[] | null;
}

interface Text {
  title: string | null;
  body: string;
  hashtags: string[];
}

/** Validates an edit against the current text; the result is the whole new text. */
function editedText(current: Text, input: EditInput): Text {
  const fields: FieldError[] = [];
  const changes = input.title !== undefined || (input.body !== undefined && input.body !== null) || input.hashtags;
  if (!changes) fields.push({ path: 'input', message: 'give a title, body or hashtags to change' });
  let body = current.body;
  if (input.body !== undefined && input.body !== null) {
    body = input.body.trim();
    if (body.length === 0 || body.length > MAX_BODY)
      fields.push({ path: 'input.body', message: `must be 1–${MAX_BODY} characters` });
  }
  let title = current.title;
  if (input.title !== undefined) {
    title = input.title === null ? null : input.title.trim() || null;
    if (title && title.length > MAX_TITLE)
      fields.push({ path: 'input.title', message: `must be at most ${MAX_TITLE} characters` });
  }
  let hashtags = current.hashtags;
  if (input.hashtags) {
    hashtags = input.hashtags.map((tag) => (tag.trim().startsWith('#') ? tag.trim() : `#${tag.trim()}`));
    if (hashtags.length > MAX_HASHTAGS)
      fields.push({ path: 'input.hashtags', message: `must list at most ${MAX_HASHTAGS} hashtags` });
    const bad = hashtags.findIndex((tag) => !HASHTAG.test(tag));
    if (bad >= 0)
      fields.push({ path: `input.hashtags.${bad}`, message: 'must be a hashtag: letters, digits or _ (1–100)' });
    hashtags = [...new Set(hashtags)];
  }
  if (fields.length > 0) throw AppError.badInput(fields);
  return { title, body, hashtags };
}

/**
 * Versions of a variant (API.md "Workflow semantics"): every change of its text is a new immutable ContentVersion,
 * moderated and scored afresh; the variant's columns hold the current one. `baseVersionId` makes edits safe for two
 * editors: the second edit of the same base is CONFLICT.
 */
export class VersionService {
  constructor(private readonly events: DomainEvents) {}

  /** Every version of a variant of the caller's workspace, oldest first. */
  async list(scope: Scope, variantId: string): Promise<ContentVersion[]> {
    return scope.em.find(ContentVersion, { variant: variantId }, { orderBy: { number: 'asc' } });
  }

  /** The version whose text the variant holds. */
  async current(scope: Scope, variant: { id: string; version: number }): Promise<ContentVersion> {
    const found = await scope.em.findOne(ContentVersion, { variant: variant.id, number: variant.version });
    if (!found) throw new AppError('NOT_FOUND', 'Version not found');
    return found;
  }

  async edit(scope: Scope, variantId: string, input: EditInput): Promise<ContentVariant> {
    return this.change(scope, variantId, VersionSource.EDITED, async (_tx, variant, current) => {
      // The input first: a bad edit is BAD_USER_INPUT whatever its base.
      const text = editedText(variant as Text, input);
      if (input.baseVersionId !== current.id) {
        throw new AppError(
          'CONFLICT',
          `The variant changed since that version: its current version is ${current.id} (number ${current.number}); edit that one`,
        );
      }
      return text;
    });
  }

  async restore(scope: Scope, variantId: string, versionId: string): Promise<ContentVariant> {
    if (!isUuid(versionId)) throw AppError.notFound('Version');
    return this.change(scope, variantId, VersionSource.RESTORED, async (tx, variant) => {
      const old = await tx.findOne(ContentVersion, { id: versionId, variant: variant.id });
      if (!old) throw AppError.notFound('Version');
      return { title: old.title ?? null, body: old.body, hashtags: old.hashtags };
    });
  }

  /**
   * Locks the variant, asks `next` for the new text, and writes it as the next version (moderated and scored, the
   * variant's columns updated) with a `content.version_created` event; an unchanged text makes no version.
   */
  private async change(
    scope: Scope,
    variantId: string,
    source: VersionSource,
    next: (tx: EntityManager, variant: ContentVariant, current: ContentVersion) => Promise<Text>,
  ): Promise<ContentVariant> {
    await getOwned(scope, ContentVariant, variantId, 'Variant');
    const brand = brandRules(await findBrandProfile(scope));
    return this.events.transaction(scope.em, async (tx, emit) => {
      const variant = await tx.findOneOrFail(
        ContentVariant,
        { id: variantId },
        { lockMode: LockMode.PESSIMISTIC_WRITE, refresh: true },
      );
      const current = await tx.findOneOrFail(ContentVersion, { variant: variant.id, number: variant.version });
      const text = await next(tx, variant, current);
      const hash = contentHash(text.title, text.body, text.hashtags);
      if (hash === current.contentHash) return variant;
      const campaign = await tx.findOneOrFail(Campaign, { id: variant.campaign.id });
      const platform = variant.platform as Platform;
      const moderation = moderate({ platform, text: text.body, title: text.title, hashtags: text.hashtags, brand });
      const quality = scoreQuality({
        platform,
        text: text.body,
        title: text.title,
        hashtags: text.hashtags,
        brief: campaign.brief,
        moderation,
      });
      const version = tx.create(ContentVersion, {
        workspace: scope.viewer.workspace.id,
        variant,
        number: variant.version + 1,
        title: text.title,
        body: text.body,
        hashtags: text.hashtags,
        contentHash: hash,
        source,
        createdBy: scope.viewer.apiKeyId,
        moderation,
        quality,
      });
      variant.version = version.number;
      variant.title = text.title;
      variant.body = text.body;
      variant.hashtags = text.hashtags;
      variant.characterCount = countCharacters(platform, postedText(platform, text.body, text.hashtags));
      variant.moderation = moderation;
      variant.quality = quality;
      variant.status = moderation.verdict === 'PASS' ? ContentStatus.DRAFT : ContentStatus.FLAGGED;
      await tx.flush();
      emit('content.version_created', scope.viewer.workspace.id, {
        campaignId: campaign.id,
        variantId: variant.id,
        versionId: version.id,
        number: version.number,
        source,
        by: scope.viewer.apiKeyId,
      });
      return variant;
    });
  }
}

/** The row of a new variant's version 1: its generated text, moderation and quality. */
export function firstVersion(variant: {
  id: string;
  title?: string | null;
  body: string;
  hashtags: string[];
  moderation?: unknown;
  quality?: unknown;
}) {
  return {
    id: uuidv7(),
    variant: variant.id,
    number: 1,
    title: variant.title ?? null,
    body: variant.body,
    hashtags: variant.hashtags,
    contentHash: contentHash(variant.title, variant.body, variant.hashtags),
    source: VersionSource.GENERATED,
    moderation: variant.moderation ?? null,
    quality: variant.quality ?? null,
    createdAt: new Date(),
  };
}

/**
 * Version 1 of every variant of a job that has none yet (in the job's publishing transaction). A worker writes each
 * variant's version 1 right after the variant, so usually none is missing: one light query finds that out, and only
 * the variants without a version are loaded.
 */
export async function createFirstVersions(tx: EntityManager, jobId: string): Promise<void> {
  const missing = await tx
    .getConnection()
    .execute<{ id: string }[]>(
      'select v.id from content_variant v where v.job_id = ? and not exists (select 1 from content_version c where c.variant_id = v.id)',
      [jobId],
      'all',
      tx.getTransactionContext(),
    );
  if (missing.length === 0) return;
  const variants = await tx.find(ContentVariant, { id: { $in: missing.map((row) => row.id) } }, { filters: false });
  for (const variant of variants) {
    tx.create(ContentVersion, { ...firstVersion(variant), workspace: variant.workspace });
  }
  await tx.flush();
}

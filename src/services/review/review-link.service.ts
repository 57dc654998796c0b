import { createHash, randomBytes } from 'node:crypto';
import type { EntityManager } from '@mikro-orm/postgresql';
import { type Approval, Campaign, ContentVersion, RateLimitTier, ReviewLink, Role } from '../../entities';
import { WORKSPACE_FILTER } from '../../entities/workspace-scope';
import { AppError } from '../../errors';
import type { DomainEvents } from '../events/domain-events';
import type { ExportService } from '../export/export.service';
import { getOwned, isUuid } from '../scoped-data';
import type { Scope } from '../viewer';
import type { ReviewDecision, ReviewService } from './review.service';
import {
  findingsOf,
  type LinkFinding,
  type LinkPreview,
  type LinkQuality,
  previewOf,
  qualityDetailsOf,
} from './review-link-details';

export const MAX_LINK_HOURS = 24 * 30;
export const MAX_REVIEWER_NAME = 100;
/** 32 random bytes, base64url: 43 characters. */
const TOKEN_PATTERN = /^[A-Za-z0-9_-]{43}$/;

export const hashToken = (token: string): string => createHash('sha256').update(token).digest('hex');

/** One variant as a review-link reviewer sees it: its current version and where its review stands. */
export interface LinkVariant {
  id: string;
  platform: string;
  status: string;
  versionId: string;
  versionNumber: number;
  title: string | null;
  body: string;
  hashtags: string[];
  /** `findings` is how many; `details` lists them with their offsets, for highlighting. */
  moderation: { verdict: string; findings: number; details: LinkFinding[] } | null;
  quality: number | null;
  /** The score of `quality` with its components and suggestions. */
  qualityDetails: LinkQuality | null;
  /** How the text shows on its platform. */
  preview: LinkPreview;
  approval: { status: string; decidedBy: string | null; comment: string | null } | null;
}

export interface LinkView {
  campaign: { id: string; name: string; brief: unknown; outline: unknown };
  expiresAt: Date;
  variants: LinkVariant[];
}

export interface LinkDecisionInput {
  variantId?: unknown;
  versionId?: unknown;
  decision?: unknown;
  comment?: unknown;
  reviewerName?: unknown;
}

/** Control characters other than tab and newline. */
// biome-ignore lint/suspicious/noControlCharactersInRegex: they are what it finds
const CONTROL = /[\u0000-\u0008\u000b-\u001f\u007f]/;

/**
 * Review links (README "Review links"): a client without an API key reads one campaign and approves or asks for
 * changes, under the name they give. The token is 256 random bits, shown once; only its SHA-256 is stored, and a
 * link expires and can be revoked. Everything a link reaches is the one campaign's current content.
 */
export class ReviewLinkService {
  constructor(
    private readonly deps: {
      events: DomainEvents;
      review: ReviewService;
      exports: ExportService;
      /** The public base URL links are made with, without a trailing slash. */
      /** Where clients reach the server, e.g. http://127.0.0.1:4000 (read when a link is made). */
      publicUrl: () => string;
      now?: () => Date;
    },
  ) {}

  private now(): Date {
    return this.deps.now?.() ?? new Date();
  }

  async create(scope: Scope, campaignId: string, expiresInHours: number): Promise<{ link: ReviewLink; url: string }> {
    if (!Number.isInteger(expiresInHours) || expiresInHours < 1 || expiresInHours > MAX_LINK_HOURS) {
      throw AppError.badInput([
        { path: 'expiresInHours', message: `must be a whole number from 1 to ${MAX_LINK_HOURS}` },
      ]);
    }
    const campaign = await getOwned(scope, Campaign, campaignId, 'Campaign');
    const token = randomBytes(32).toString('base64url');
    const link = await this.deps.events.transaction(scope.em, async (tx, emit) => {
      const made = tx.create(ReviewLink, {
        workspace: scope.viewer.workspace.id,
        campaign,
        tokenHash: hashToken(token),
        createdBy: scope.viewer.apiKeyId,
        createdAt: this.now(),
        expiresAt: new Date(this.now().getTime() + expiresInHours * 3_600_000),
      });
      await tx.flush();
      emit('review_link.created', scope.viewer.workspace.id, {
        linkId: made.id,
        campaignId: campaign.id,
        expiresAt: made.expiresAt.toISOString(),
        by: scope.viewer.apiKeyId,
      });
      return made;
    });
    return { link, url: `${this.deps.publicUrl()}/review/${token}` };
  }

  async list(scope: Scope, campaignId: string): Promise<ReviewLink[]> {
    const campaign = await getOwned(scope, Campaign, campaignId, 'Campaign');
    return scope.em.find(ReviewLink, { campaign: campaign.id }, { orderBy: { createdAt: 'desc', id: 'desc' } });
  }

  /** Revoked at once and for good; revoking twice answers the same link. */
  async revoke(scope: Scope, id: string): Promise<ReviewLink> {
    if (scope.viewer.role === Role.VIEWER) throw new AppError('FORBIDDEN', 'A VIEWER key cannot revoke review links');
    const link = await getOwned(scope, ReviewLink, id, 'Review link');
    if (link.revokedAt) return link;
    return this.deps.events.transaction(scope.em, async (tx, emit) => {
      link.revokedAt = this.now();
      await tx.flush();
      emit('review_link.revoked', scope.viewer.workspace.id, {
        linkId: link.id,
        campaignId: link.campaign.id,
        by: scope.viewer.apiKeyId,
      });
      return link;
    });
  }

  /**
   * The live link a token names, with an EntityManager scoped to its workspace; NOT_FOUND for an unknown token,
   * UNAUTHENTICATED for an expired or revoked one (the page tells the person to ask for a new link).
   */
  private async open(root: EntityManager, token: string): Promise<{ em: EntityManager; link: ReviewLink }> {
    if (!TOKEN_PATTERN.test(token)) throw AppError.notFound('Review link');
    const lookup = root.fork();
    const link = await lookup.findOne(ReviewLink, { tokenHash: hashToken(token) }, { filters: false });
    if (!link) throw AppError.notFound('Review link');
    if (link.revokedAt) throw new AppError('UNAUTHENTICATED', 'This review link was revoked: ask for a new one');
    if (link.expiresAt.getTime() <= this.now().getTime()) {
      throw new AppError('UNAUTHENTICATED', 'This review link has expired: ask for a new one');
    }
    const em = root.fork();
    em.setFilterParams(WORKSPACE_FILTER, { id: link.workspace.id });
    return { em, link };
  }

  /** What the link shows: the campaign, and each variant's current version with its review. */
  async view(root: EntityManager, token: string): Promise<LinkView> {
    const { em, link } = await this.open(root, token);
    const scope = this.linkScope(em, link);
    const snapshot = await this.deps.exports.snapshot(scope, link.campaign.id);
    const versions = await em.find(ContentVersion, {
      variant: { $in: snapshot.variants.map((v) => v.id) },
    });
    const versionOf = new Map(versions.map((v) => [`${v.variant.id}:${v.number}`, v]));
    const approvals = await Promise.all(
      snapshot.variants.map((v) => this.deps.review.current(scope, { id: v.id, version: v.version })),
    );
    return {
      campaign: { id: snapshot.id, name: snapshot.name, brief: snapshot.brief, outline: snapshot.outline },
      expiresAt: link.expiresAt,
      variants: snapshot.variants.map((v, index) => {
        const version = versionOf.get(`${v.id}:${v.version}`);
        return {
          id: v.id,
          platform: v.platform,
          status: v.status,
          versionId: version?.id ?? '',
          versionNumber: v.version,
          title: v.title,
          body: v.body,
          hashtags: v.hashtags,
          moderation: v.moderation ? { ...v.moderation, details: findingsOf(version?.moderation) } : null,
          quality: v.quality,
          qualityDetails: qualityDetailsOf(version?.quality),
          preview: previewOf(v, snapshot.brief),
          approval: publicApproval(approvals[index] ?? null),
        };
      }),
    };
  }

  /** A decision through the link: APPROVE or REQUEST_CHANGES, under the reviewer's name, on this campaign only. */
  async decide(root: EntityManager, token: string, input: LinkDecisionInput): Promise<Approval> {
    const { em, link } = await this.open(root, token);
    const problems: { path: string; message: string }[] = [];
    const text = (value: unknown) => (typeof value === 'string' ? value : undefined);
    const name = text(input.reviewerName)?.trim() ?? '';
    if (!name || name.length > MAX_REVIEWER_NAME || CONTROL.test(name)) {
      problems.push({ path: 'reviewerName', message: `must be your name, 1–${MAX_REVIEWER_NAME} characters` });
    }
    const decision = text(input.decision);
    if (decision !== 'APPROVE' && decision !== 'REQUEST_CHANGES') {
      problems.push({ path: 'decision', message: 'must be APPROVE or REQUEST_CHANGES' });
    }
    if (input.comment !== undefined && input.comment !== null && typeof input.comment !== 'string') {
      problems.push({ path: 'comment', message: 'must be a string' });
    }
    if (typeof input.comment === 'string' && input.comment.includes('\u0000')) {
      problems.push({ path: 'comment', message: 'must not contain NUL characters' });
    }
    if (decision === 'REQUEST_CHANGES' && !text(input.comment)?.trim()) {
      problems.push({ path: 'comment', message: 'say what should change' });
    }
    const variantId = text(input.variantId) ?? '';
    const versionId = text(input.versionId) ?? '';
    if (!isUuid(variantId)) problems.push({ path: 'variantId', message: 'must be a variant id' });
    if (!isUuid(versionId)) problems.push({ path: 'versionId', message: 'must be a version id' });
    if (problems.length > 0) throw AppError.badInput(problems);
    return this.deps.review.decideAs(
      em,
      { workspaceId: link.workspace.id, keyId: null, name, linkId: link.id },
      { variantId, versionId, decision: decision as ReviewDecision, comment: text(input.comment) ?? null },
      { campaignId: link.campaign.id },
    );
  }

  /** A read-only scope for the link's workspace (reads go through the workspace filter). */
  private linkScope(em: EntityManager, link: ReviewLink): Scope {
    return {
      em,
      viewer: {
        apiKeyId: `review-link:${link.id}`,
        role: Role.VIEWER,
        rateLimitTier: RateLimitTier.STANDARD,
        workspace: { id: link.workspace.id, name: '', createdAt: link.createdAt },
      },
    };
  }
}

/** What a link reviewer sees of a review: no key ids. */
function publicApproval(approval: Approval | null): LinkVariant['approval'] {
  if (!approval) return null;
  return {
    status: approval.status,
    decidedBy: approval.reviewerName ?? (approval.decidedBy ? 'a team member' : null),
    comment: approval.comment ?? null,
  };
}

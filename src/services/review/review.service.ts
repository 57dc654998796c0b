import { LockMode } from '@mikro-orm/core';
import type { EntityManager } from '@mikro-orm/postgresql';
import {
  Approval,
  ApprovalStatus,
  ContentStatus,
  ContentVariant,
  ContentVersion,
  ReviewLink,
  Role,
  Workspace,
} from '../../entities';
import { AppError } from '../../errors';
import { decodeCursor, encodeCursor } from '../campaigns/cursor';
import type { DomainEvents } from '../events/domain-events';
import { isUuid } from '../scoped-data';
import type { Scope } from '../viewer';

export type ReviewDecision = 'APPROVE' | 'REQUEST_CHANGES' | 'REJECT';

/** Who decides: an API key, or a person through a review link (with the name they gave). */
export interface ReviewActor {
  workspaceId: string;
  keyId: string | null;
  name: string | null;
  linkId: string | null;
}

export const MAX_REVIEW_VARIANTS = 100;
export const MAX_COMMENT = 2_000;

const OUTCOME: Record<ReviewDecision, { approval: ApprovalStatus; content: ContentStatus; event: DecisionEvent }> = {
  APPROVE: { approval: ApprovalStatus.APPROVED, content: ContentStatus.APPROVED, event: 'content.approved' },
  REQUEST_CHANGES: {
    approval: ApprovalStatus.CHANGES_REQUESTED,
    content: ContentStatus.CHANGES_REQUESTED,
    event: 'content.changes_requested',
  },
  REJECT: { approval: ApprovalStatus.REJECTED, content: ContentStatus.REJECTED, event: 'content.rejected' },
};
type DecisionEvent = 'content.approved' | 'content.changes_requested' | 'content.rejected';

function checkComment(comment: string | null | undefined, path: string): string | null {
  const text = comment?.trim() ?? '';
  if (text.length > MAX_COMMENT)
    throw AppError.badInput([{ path, message: `must be at most ${MAX_COMMENT} characters` }]);
  return text || null;
}

export interface ReviewPage {
  approvals: Approval[];
  hasNextPage: boolean;
}

/**
 * Review and approval of exact versions (API.md "Workflow semantics"): a request puts a variant's current version
 * IN_REVIEW; a decision applies to the current version only (CONFLICT otherwise); four-eyes by default; a BLOCKed
 * text cannot be approved.
 */
export class ReviewService {
  constructor(private readonly events: DomainEvents) {}

  async request(scope: Scope, variantIds: readonly string[], comment?: string | null): Promise<Approval[]> {
    const ids = [...new Set(variantIds)];
    if (ids.length === 0 || ids.length > MAX_REVIEW_VARIANTS) {
      throw AppError.badInput([{ path: 'variantIds', message: `must list 1–${MAX_REVIEW_VARIANTS} variants` }]);
    }
    const note = checkComment(comment, 'comment');
    if (!ids.every(isUuid)) throw AppError.notFound('Variant');
    return this.events.transaction(scope.em, async (tx, emit) => {
      const variants = await tx.find(
        ContentVariant,
        { id: { $in: ids } },
        { lockMode: LockMode.PESSIMISTIC_WRITE, refresh: true, orderBy: { id: 'asc' } },
      );
      if (variants.length !== ids.length) throw AppError.notFound('Variant');
      const approvals: Approval[] = [];
      for (const id of variantIds.filter((value, index) => variantIds.indexOf(value) === index)) {
        const variant = variants.find((v) => v.id === id) as ContentVariant;
        const version = await tx.findOneOrFail(ContentVersion, { variant: variant.id, number: variant.version });
        const open = await tx.findOne(
          Approval,
          {
            variant: variant.id,
            version: version.id,
            status: { $in: [ApprovalStatus.PENDING, ApprovalStatus.APPROVED] },
          },
          { orderBy: { requestedAt: 'desc' } },
        );
        if (open) {
          approvals.push(open);
          continue;
        }
        if ([ContentStatus.SCHEDULED, ContentStatus.PUBLISHED].includes(variant.status)) {
          throw new AppError('CONFLICT', `Variant ${variant.id} is ${variant.status.toLowerCase()}; edit it first`);
        }
        const approval = tx.create(Approval, {
          workspace: scope.viewer.workspace.id,
          variant,
          version,
          requestedBy: scope.viewer.apiKeyId,
          comment: note,
        });
        variant.status = ContentStatus.IN_REVIEW;
        approvals.push(approval);
        await tx.flush();
        emit('content.review_requested', scope.viewer.workspace.id, {
          campaignId: variant.campaign.id,
          variantId: variant.id,
          versionId: version.id,
          approvalId: approval.id,
          by: scope.viewer.apiKeyId,
        });
      }
      return approvals;
    });
  }

  async decide(
    scope: Scope,
    input: { variantId: string; versionId: string; decision: ReviewDecision; comment?: string | null },
  ): Promise<Approval> {
    return this.decideAs(
      scope.em,
      { workspaceId: scope.viewer.workspace.id, keyId: scope.viewer.apiKeyId, name: null, linkId: null },
      input,
    );
  }

  /**
   * A decision on the current version of a variant by a key or, through a review link, by a named person. `em` is
   * scoped to the actor's workspace (a variant of another workspace is NOT_FOUND).
   */
  async decideAs(
    em: EntityManager,
    actor: ReviewActor,
    input: { variantId: string; versionId: string; decision: ReviewDecision; comment?: string | null },
    only?: { campaignId: string },
  ): Promise<Approval> {
    const outcome = OUTCOME[input.decision];
    if (!outcome)
      throw AppError.badInput([{ path: 'input.decision', message: 'must be APPROVE, REQUEST_CHANGES or REJECT' }]);
    const comment = checkComment(input.comment, 'input.comment');
    if (!isUuid(input.variantId) || !isUuid(input.versionId)) throw AppError.notFound('Variant');
    const by = actor.keyId ?? `review-link:${actor.linkId}`;
    return this.events.transaction(em, async (tx, emit) => {
      const variant = await tx.findOne(
        ContentVariant,
        { id: input.variantId, ...(only ? { campaign: only.campaignId } : {}) },
        { lockMode: LockMode.PESSIMISTIC_WRITE, refresh: true },
      );
      if (!variant) throw AppError.notFound('Variant');
      const version = await tx.findOneOrFail(ContentVersion, { variant: variant.id, number: variant.version });
      if (input.versionId !== version.id) {
        throw new AppError(
          'CONFLICT',
          `That is not the current version: it is ${version.id} (number ${version.number}); review that one`,
        );
      }
      if (input.decision === 'APPROVE') {
        const verdict = (version.moderation as { verdict?: string } | null)?.verdict;
        if (verdict === 'BLOCK') {
          throw new AppError('CONTENT_REJECTED', 'Moderation blocked this version: fix its findings, then ask again');
        }
        const workspace = await tx.findOneOrFail(Workspace, { id: actor.workspaceId });
        if (workspace.fourEyes && actor.keyId && version.createdBy === actor.keyId) {
          throw new AppError(
            'FORBIDDEN',
            'Four-eyes review: the key that made this version cannot approve it; ask another reviewer',
          );
        }
      }
      let approval = await tx.findOne(
        Approval,
        { variant: variant.id, version: version.id, status: ApprovalStatus.PENDING },
        { orderBy: { requestedAt: 'desc' } },
      );
      approval ??= tx.create(Approval, {
        workspace: actor.workspaceId,
        variant,
        version,
        requestedBy: null,
      });
      approval.status = outcome.approval;
      approval.decidedBy = actor.keyId ?? actor.name;
      approval.reviewerName = actor.name;
      approval.reviewLink = actor.linkId ? tx.getReference(ReviewLink, actor.linkId) : null;
      approval.decidedAt = new Date();
      approval.comment = comment ?? approval.comment ?? null;
      // Posts of the variant keep their own status; the variant says where its text stands.
      if (variant.status !== ContentStatus.SCHEDULED || outcome.content !== ContentStatus.APPROVED) {
        variant.status = outcome.content;
      }
      await tx.flush();
      emit(outcome.event, actor.workspaceId, {
        campaignId: variant.campaign.id,
        variantId: variant.id,
        versionId: version.id,
        approvalId: approval.id,
        by,
        reviewerName: actor.name,
        comment: approval.comment ?? null,
      });
      return approval;
    });
  }

  /** Approvals of current versions in `status`, oldest request first. */
  async queue(scope: Scope, args: { status: ApprovalStatus; first?: number | null; after?: string | null }) {
    const first = args.first ?? 20;
    if (!Number.isInteger(first) || first < 1 || first > 100) {
      throw AppError.badInput([{ path: 'first', message: 'must be 1–100' }]);
    }
    if (!Object.values(ApprovalStatus).includes(args.status)) {
      throw AppError.badInput([{ path: 'status', message: 'is not an approval status' }]);
    }
    const cursor = args.after ? decodeCursor(args.after) : null;
    const rows = await scope.em
      .createQueryBuilder(Approval, 'a')
      .select('a.*')
      .join('a.variant', 'v')
      .join('a.version', 'r')
      .where({ status: args.status, workspace: scope.viewer.workspace.id })
      .andWhere('r.number = v.version')
      .andWhere(
        cursor
          ? {
              $or: [
                { requestedAt: { $gt: cursor.createdAt } },
                { requestedAt: cursor.createdAt, id: { $gt: cursor.id } },
              ],
            }
          : {},
      )
      .orderBy([{ requestedAt: 'asc' }, { id: 'asc' }])
      .limit(first + 1)
      .getResultList();
    return {
      edges: rows.slice(0, first).map((approval) => ({
        cursor: encodeCursor({ createdAt: approval.requestedAt, id: approval.id }),
        node: approval,
      })),
      hasNextPage: rows.length > first,
    };
  }

  /** The latest approval of a variant's current version, or null. */
  async current(scope: Scope, variant: { id: string; version: number }): Promise<Approval | null> {
    const version = await scope.em.findOne(ContentVersion, { variant: variant.id, number: variant.version });
    if (!version) return null;
    return scope.em.findOne(
      Approval,
      { variant: variant.id, version: version.id },
      { orderBy: { requestedAt: 'desc' } },
    );
  }

  /** Four-eyes on or off for the workspace (ADMIN). */
  async setFourEyes(scope: Scope, enabled: boolean): Promise<boolean> {
    if (scope.viewer.role !== Role.ADMIN) throw new AppError('FORBIDDEN', 'Only an ADMIN key may change this');
    await this.events.transaction(scope.em, async (tx, emit) => {
      await tx.nativeUpdate(Workspace, { id: scope.viewer.workspace.id }, { fourEyes: enabled });
      emit('workspace.settings_changed', scope.viewer.workspace.id, { fourEyes: enabled, by: scope.viewer.apiKeyId });
    });
    return enabled;
  }
}

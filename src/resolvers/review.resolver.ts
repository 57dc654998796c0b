import { Arg, Authorized, Ctx, FieldResolver, ID, Int, Mutation, Query, Resolver, Root } from 'type-graphql';
import type { Context } from '../context';
import { type Approval, ApprovalStatus, type Campaign, ContentVersion, Role } from '../entities';
import { AppError } from '../errors';
import { CampaignType, ContentVariantType } from '../schema/campaign.type';
import { ApprovalConnectionType, ApprovalType, ReviewInput } from '../schema/review.type';
import { ContentVersionType } from '../schema/version.type';
import type { VariantRow } from '../services/campaigns/campaign.loaders';

@Resolver(() => ApprovalType)
export class ReviewResolver {
  @FieldResolver(() => ContentVersionType, { description: 'The exact version this review is about.' })
  async version(@Root() approval: Approval, @Ctx() ctx: Context): Promise<ContentVersion> {
    const version = await ctx.em.findOne(ContentVersion, { id: approval.version.id });
    if (!version) throw AppError.notFound('Version');
    return version;
  }

  @FieldResolver(() => ContentVariantType, {
    description: 'The variant reviewed (its id is the `variantId` of reviewContent).',
  })
  async variant(@Root() approval: Approval, @Ctx() ctx: Context): Promise<VariantRow> {
    const variant = await ctx.loaders.variant.load(approval.variant.id);
    if (!variant) throw AppError.notFound('Variant');
    return variant;
  }

  @FieldResolver(() => CampaignType, { description: 'The campaign of the variant reviewed.' })
  async campaign(@Root() approval: Approval, @Ctx() ctx: Context): Promise<Campaign> {
    const variant = await ctx.loaders.variant.load(approval.variant.id);
    const campaign = variant ? await ctx.loaders.campaign.load(variant.campaign) : null;
    if (!campaign) throw AppError.notFound('Campaign');
    return campaign;
  }

  @Query(() => ApprovalConnectionType, {
    description: 'What waits for review (or was decided, by `status`), oldest request first; current versions only.',
  })
  async reviewQueue(
    @Arg('status', () => ApprovalStatus, {
      defaultValue: ApprovalStatus.PENDING,
      description: 'Which approvals to list.',
    })
    status: ApprovalStatus,
    @Arg('first', () => Int, { nullable: true, description: 'Page size, 1–100 (default 20).' }) first: number | null,
    @Arg('after', () => String, { nullable: true, description: 'The `endCursor` of the previous page.' })
    after: string | null,
    @Ctx() ctx: Context,
  ) {
    const page = await ctx.services.review.queue(ctx, { status, first, after });
    return {
      edges: page.edges,
      pageInfo: {
        hasNextPage: page.hasNextPage,
        hasPreviousPage: Boolean(after),
        startCursor: page.edges[0]?.cursor ?? null,
        endCursor: page.edges.at(-1)?.cursor ?? null,
      },
    };
  }

  @Authorized(Role.EDITOR)
  @Mutation(() => [ApprovalType], {
    description:
      "Asks for review of the variants' current versions (EDITOR): they become IN_REVIEW. Asking again for a version already waiting or approved returns its approval.",
  })
  requestReview(
    @Arg('variantIds', () => [ID], { description: 'The variants, 1–100.' }) variantIds: string[],
    @Arg('comment', () => String, { nullable: true, description: 'A note for the reviewer (≤ 2,000 characters).' })
    comment: string | null,
    @Ctx() ctx: Context,
  ): Promise<Approval[]> {
    return ctx.services.review.request(ctx, variantIds, comment);
  }

  @Authorized(Role.EDITOR)
  @Mutation(() => ApprovalType, {
    description:
      'Approves, asks for changes to, or rejects the current version of a variant (EDITOR; not VIEWER). CONFLICT for a version that is no longer current; FORBIDDEN for the key that made it under four-eyes; CONTENT_REJECTED for a BLOCKed text.',
  })
  reviewContent(
    @Arg('input', () => ReviewInput, { description: 'The variant, the version and the decision.' }) input: ReviewInput,
    @Ctx() ctx: Context,
  ): Promise<Approval> {
    return ctx.services.review.decide(ctx, input);
  }

  @Authorized(Role.ADMIN)
  @Mutation(() => Boolean, {
    description:
      'Four-eyes review on (the default) or off for the workspace (ADMIN): when on, the key that made a version cannot approve it.',
  })
  setFourEyes(
    @Arg('enabled', () => Boolean, { description: 'True to require a second person.' }) enabled: boolean,
    @Ctx() ctx: Context,
  ): Promise<boolean> {
    return ctx.services.review.setFourEyes(ctx, enabled);
  }
}

@Resolver(() => ContentVariantType)
export class VariantApprovalResolver {
  @FieldResolver(() => ApprovalType, {
    nullable: true,
    description: "The latest review of the variant's current version; null when none was asked for.",
  })
  approval(@Root() variant: { id: string; version: number }, @Ctx() ctx: Context): Promise<Approval | null> {
    return ctx.services.review.current(ctx, variant);
  }
}

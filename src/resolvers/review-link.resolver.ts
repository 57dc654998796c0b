import { Arg, Authorized, Ctx, ID, Int, Mutation, Query, Resolver } from 'type-graphql';
import type { Context } from '../context';
import { type ReviewLink, Role } from '../entities';
import { ReviewLinkSummaryType, ReviewLinkType } from '../schema/review.type';

function summary(link: ReviewLink, now = new Date()): ReviewLinkSummaryType {
  return {
    id: link.id,
    createdBy: link.createdBy,
    createdAt: link.createdAt,
    expiresAt: link.expiresAt,
    revokedAt: link.revokedAt ?? null,
    active: !link.revokedAt && link.expiresAt.getTime() > now.getTime(),
  };
}

@Resolver()
export class ReviewLinkResolver {
  @Authorized(Role.EDITOR)
  @Mutation(() => ReviewLinkType, {
    description:
      'Makes a review link for a campaign (EDITOR): whoever has the URL can read its content and approve or ask for changes under their name, until it expires or is revoked.',
  })
  async createReviewLink(
    @Arg('campaignId', () => ID, { description: 'The campaign to review.' }) campaignId: string,
    @Arg('expiresInHours', () => Int, {
      defaultValue: 72,
      description: 'How long the link works, 1–720 hours (default 72).',
    })
    expiresInHours: number,
    @Ctx() ctx: Context,
  ): Promise<ReviewLinkType> {
    const { link, url } = await ctx.services.reviewLinks.create(ctx, campaignId, expiresInHours);
    return { id: link.id, url, expiresAt: link.expiresAt, createdAt: link.createdAt };
  }

  @Query(() => [ReviewLinkSummaryType], { description: "A campaign's review links, newest first (no tokens)." })
  async reviewLinks(
    @Arg('campaignId', () => ID, { description: 'The campaign.' }) campaignId: string,
    @Ctx() ctx: Context,
  ): Promise<ReviewLinkSummaryType[]> {
    return (await ctx.services.reviewLinks.list(ctx, campaignId)).map((link) => summary(link));
  }

  @Authorized(Role.EDITOR)
  @Mutation(() => ReviewLinkSummaryType, {
    description: 'Revokes a review link at once (EDITOR); revoking it again changes nothing.',
  })
  async revokeReviewLink(
    @Arg('id', () => ID, { description: 'The link id.' }) id: string,
    @Ctx() ctx: Context,
  ): Promise<ReviewLinkSummaryType> {
    return summary(await ctx.services.reviewLinks.revoke(ctx, id));
  }
}

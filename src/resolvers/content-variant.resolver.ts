import { Arg, Ctx, FieldResolver, ID, Resolver, Root, Subscription } from 'type-graphql';
import type { Context } from '../context';
import { ContentVariantType } from '../schema/campaign.type';
import { ModerationEventType, ModerationResultType, QualityScoreType } from '../schema/quality.type';
import type { ModerationEventMessage } from '../services/generation/generation-stream.types';

@Resolver(() => ContentVariantType)
export class ContentVariantResolver {
  @FieldResolver(() => ModerationResultType, {
    nullable: true,
    description: 'What moderation found in the variant; null for content never reviewed.',
  })
  async moderation(@Root() variant: { id: string }, @Ctx() ctx: Context) {
    return (await ctx.loaders.review.load(variant.id))?.moderation ?? null;
  }

  @FieldResolver(() => QualityScoreType, {
    nullable: true,
    description: 'How good the variant is for its platform; null for content never reviewed.',
  })
  async quality(@Root() variant: { id: string }, @Ctx() ctx: Context) {
    return (await ctx.loaders.review.load(variant.id))?.quality ?? null;
  }

  @Subscription(() => ModerationEventType, {
    description: "Each variant's moderation result as generation reviews it (a live feed; it does not end).",
    subscribe: ({ args, context }) =>
      (context as Context).services.generation.moderationResults(context as Context, args.campaignId),
  })
  moderationResults(
    @Root() event: ModerationEventMessage,
    @Arg('campaignId', () => ID, { description: 'The campaign to follow.' }) _campaignId: string,
  ): ModerationEventMessage {
    return event;
  }
}

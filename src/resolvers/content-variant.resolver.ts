import { Arg, Authorized, Ctx, FieldResolver, ID, Mutation, Resolver, Root, Subscription } from 'type-graphql';
import type { Context } from '../context';
import { type ContentVariant, type ContentVersion, Role } from '../entities';
import { ContentVariantType } from '../schema/campaign.type';
import { ModerationEventType, ModerationResultType, QualityScoreType } from '../schema/quality.type';
import { ContentVersionType, EditVariantInput } from '../schema/version.type';
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

  @FieldResolver(() => ContentVersionType, { description: 'The version whose text the variant holds now.' })
  currentVersion(@Root() variant: { id: string; version: number }, @Ctx() ctx: Context): Promise<ContentVersion> {
    return ctx.services.versions.current(ctx, variant);
  }

  @FieldResolver(() => [ContentVersionType], { description: 'Every version the variant has had, oldest first.' })
  versions(@Root() variant: { id: string }, @Ctx() ctx: Context): Promise<ContentVersion[]> {
    return ctx.services.versions.list(ctx, variant.id);
  }

  @Authorized(Role.EDITOR)
  @Mutation(() => ContentVariantType, {
    description:
      "Changes a variant's text as a new version, moderated and scored again (EDITOR). CONFLICT when `baseVersionId` is not the current version; an unchanged text makes no version.",
  })
  editVariant(
    @Arg('id', () => ID, { description: 'The variant id.' }) id: string,
    @Arg('input', () => EditVariantInput, { description: 'The new text and the version it starts from.' })
    input: EditVariantInput,
    @Ctx() ctx: Context,
  ): Promise<ContentVariant> {
    return ctx.services.versions.edit(ctx, id, input);
  }

  @Authorized(Role.EDITOR)
  @Mutation(() => ContentVariantType, {
    description: 'Makes an earlier version current again, as a new version with source RESTORED (EDITOR).',
  })
  restoreVersion(
    @Arg('variantId', () => ID, { description: 'The variant id.' }) variantId: string,
    @Arg('versionId', () => ID, { description: "The version to restore; it must be one of the variant's." })
    versionId: string,
    @Ctx() ctx: Context,
  ): Promise<ContentVariant> {
    return ctx.services.versions.restore(ctx, variantId, versionId);
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

import { Arg, Authorized, Ctx, FieldResolver, ID, Int, Mutation, Query, Resolver, Root } from 'type-graphql';
import type { Context } from '../context';
import { type Campaign, Platform, PostSeries, Role, type ScheduledPost } from '../entities';
import { AppError } from '../errors';
import { CampaignType, ContentVariantType } from '../schema/campaign.type';
import { DateTime } from '../schema/scalars';
import {
  PostingTimeSuggestionType,
  PostSeriesType,
  ScheduledPostType,
  SchedulePostInput,
  ScheduleSeriesInput,
  SchedulingRulesType,
} from '../schema/schedule.type';
import { ContentVersionType } from '../schema/version.type';
import type { VariantRow, VersionRow } from '../services/campaigns/campaign.loaders';
import { type PostView, ScheduleService } from '../services/scheduling/schedule.service';

@Resolver(() => ScheduledPostType)
export class ScheduledPostResolver {
  @FieldResolver(() => ContentVariantType, { description: 'The variant it publishes.' })
  async variant(@Root() post: PostView, @Ctx() ctx: Context): Promise<VariantRow> {
    const variant = await ctx.loaders.variant.load(post.variant.id);
    if (!variant) throw AppError.notFound('Variant');
    return variant;
  }

  @FieldResolver(() => CampaignType, { description: 'The campaign it belongs to.' })
  async campaign(@Root() post: PostView, @Ctx() ctx: Context): Promise<Campaign> {
    const campaign = await ctx.loaders.campaign.load(post.campaign.id);
    if (!campaign) throw AppError.notFound('Campaign');
    return campaign;
  }

  @FieldResolver(() => ContentVersionType, { description: 'The exact version it publishes.' })
  async version(@Root() post: PostView, @Ctx() ctx: Context): Promise<VersionRow> {
    const version = await ctx.loaders.version.load(post.version.id);
    if (!version) throw AppError.notFound('Version');
    return version;
  }

  @FieldResolver(() => PostSeriesType, { nullable: true, description: 'The series it belongs to, if any.' })
  async series(@Root() post: PostView, @Ctx() ctx: Context): Promise<PostSeries | null> {
    return post.series ? ctx.loaders.series.load(post.series.id) : null;
  }

  @FieldResolver(() => String, { description: '`scheduledAt` on the wall clock of `timeZone`, HH:mm.' })
  localTime(@Root() post: PostView): string {
    return ScheduleService.localTime(post);
  }

  @Query(() => [ScheduledPostType], {
    description:
      'The posts from `from` (inclusive) to `to` (exclusive), earliest first, without cancelled ones; at most 366 days and 5,000 posts.',
  })
  calendar(
    @Arg('from', () => DateTime, { description: 'Start of the range.' }) from: Date,
    @Arg('to', () => DateTime, { description: 'End of the range (exclusive).' }) to: Date,
    @Arg('platforms', () => [Platform], { nullable: true, description: 'Only these platforms.' })
    platforms: Platform[] | null,
    @Ctx() ctx: Context,
  ): Promise<PostView[]> {
    return ctx.services.schedule.calendar(ctx, { from, to, platforms });
  }

  @Query(() => SchedulingRulesType, { description: 'The rules scheduling applies: the least gap between posts.' })
  schedulingRules(@Ctx() ctx: Context): SchedulingRulesType {
    return { minPostGapMinutes: ctx.services.schedule.gapMinutes };
  }

  @Query(() => [PostingTimeSuggestionType], {
    description:
      'Free times to post on a platform for an audience in a time zone, best windows first in time order; each says its source.',
  })
  postingTimes(
    @Arg('platform', () => Platform, { description: 'The platform.' }) platform: Platform,
    @Arg('timeZone', () => String, { description: 'The audience’s IANA time zone.' }) timeZone: string,
    @Arg('count', () => Int, { defaultValue: 3, description: 'How many suggestions, 1–20.' }) count: number,
    @Arg('after', () => DateTime, { nullable: true, description: 'Suggest times after this (default now).' })
    after: Date | null,
    @Ctx() ctx: Context,
  ) {
    return ctx.services.schedule.postingTimes(ctx, { platform, timeZone, count, after });
  }

  @Authorized(Role.EDITOR)
  @Mutation(() => ScheduledPostType, {
    description:
      'Schedules the approved current version of a variant (EDITOR) at a time or, with `auto`, at the best free slot. CONFLICT when the version is not approved or another post of the platform is too close (the error names it).',
  })
  schedulePost(
    @Arg('input', () => SchedulePostInput, { description: 'The variant and when.' }) input: SchedulePostInput,
    @Ctx() ctx: Context,
  ): Promise<ScheduledPost> {
    return ctx.services.schedule.schedule(ctx, input);
  }

  @Authorized(Role.EDITOR)
  @Mutation(() => PostSeriesType, {
    description:
      'Schedules approved variants as a recurring series in the audience’s time zone (EDITOR): a 09:00 post stays 09:00 across daylight-saving changes.',
  })
  async scheduleSeries(
    @Arg('input', () => ScheduleSeriesInput, { description: 'The variants and the rule.' }) input: ScheduleSeriesInput,
    @Ctx() ctx: Context,
  ): Promise<PostSeries> {
    return (await ctx.services.schedule.scheduleSeries(ctx, input)).series;
  }

  @Authorized(Role.EDITOR)
  @Mutation(() => ScheduledPostType, {
    description: 'Moves a SCHEDULED (or FAILED) post to another time (EDITOR), with the same conflict rule.',
  })
  reschedulePost(
    @Arg('id', () => ID, { description: 'The post.' }) id: string,
    @Arg('at', () => DateTime, { description: 'The new time.' }) at: Date,
    @Ctx() ctx: Context,
  ): Promise<ScheduledPost> {
    return ctx.services.schedule.reschedule(ctx, id, at);
  }

  @Authorized(Role.EDITOR)
  @Mutation(() => ScheduledPostType, {
    description: 'Cancels a SCHEDULED or FAILED post (EDITOR); cancelling it again changes nothing.',
  })
  cancelPost(
    @Arg('id', () => ID, { description: 'The post.' }) id: string,
    @Ctx() ctx: Context,
  ): Promise<ScheduledPost> {
    return ctx.services.schedule.cancel(ctx, id);
  }

  @Authorized(Role.EDITOR)
  @Mutation(() => ScheduledPostType, {
    description:
      'Records that a connector published a due post (EDITOR): PUBLISHED, with where it went. For connectors that do not answer the `post.publish` webhook with a 2xx.',
  })
  markPublished(
    @Arg('id', () => ID, { description: 'The post.' }) id: string,
    @Arg('externalUrl', () => String, { nullable: true, description: 'Where it was published (http or https).' })
    externalUrl: string | null,
    @Arg('externalId', () => String, { nullable: true, description: 'The id the network gave it.' })
    externalId: string | null,
    @Ctx() ctx: Context,
  ): Promise<ScheduledPost> {
    return ctx.services.schedule.markPublished(ctx, id, externalUrl, externalId);
  }
}

@Resolver(() => PostSeriesType)
export class PostSeriesResolver {
  @FieldResolver(() => [ScheduledPostType], { description: 'Every post of the series, earliest first.' })
  posts(@Root() series: PostSeries, @Ctx() ctx: Context): Promise<ScheduledPost[]> {
    return ctx.services.schedule.seriesPosts(ctx, series.id);
  }
}

@Resolver(() => ContentVariantType)
export class VariantPostsResolver {
  @FieldResolver(() => [ScheduledPostType], { description: 'The variant’s posts, earliest first.' })
  posts(@Root() variant: { id: string }, @Ctx() ctx: Context): Promise<ScheduledPost[]> {
    return ctx.services.schedule.posts(ctx, variant.id);
  }
}

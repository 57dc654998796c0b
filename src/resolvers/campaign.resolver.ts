import { Arg, Args, Authorized, Ctx, FieldResolver, ID, Int, Mutation, Query, Resolver, Root } from 'type-graphql';
import type { Context } from '../context';
import { type Campaign, Role } from '../entities';
import { CampaignsArgs, CreateCampaignInput, UpdateCampaignArgs } from '../schema/campaign.input';
import { CampaignConnectionType, CampaignType, GenerationJobType, PlatformContentType } from '../schema/campaign.type';
import { Platform } from '../schema/enums';
import { CAMPAIGN_LIMITS } from '../services/campaigns/campaign.limits';
import type { CampaignPage } from '../services/campaigns/campaign.service';

@Resolver(() => CampaignType)
export class CampaignResolver {
  @Query(() => CampaignType, { nullable: true, description: 'A campaign of your workspace, or null.' })
  campaign(
    @Arg('id', () => ID, { description: 'The campaign id.' }) id: string,
    @Ctx() ctx: Context,
  ): Promise<Campaign | null> {
    return ctx.services.campaigns.find(ctx, id);
  }

  @Query(() => CampaignConnectionType, {
    description: "Your workspace's campaigns, newest first, a page at a time (keyset cursors stay stable).",
  })
  campaigns(@Args(() => CampaignsArgs) args: CampaignsArgs, @Ctx() ctx: Context): Promise<CampaignPage> {
    return ctx.services.campaigns.list(ctx, { ...args, first: args.first ?? CAMPAIGN_LIMITS.defaultPageSize });
  }

  @Authorized(Role.EDITOR)
  @Mutation(() => CampaignType, { description: 'Creates a DRAFT campaign from a brief (EDITOR).' })
  createCampaign(
    @Arg('input', () => CreateCampaignInput, { description: 'Its name and brief.' }) input: CreateCampaignInput,
    @Ctx() ctx: Context,
  ) {
    return ctx.services.campaigns.create(ctx, input);
  }

  @Authorized(Role.EDITOR)
  @Mutation(() => CampaignType, {
    description: "Changes a campaign's name or brief (EDITOR); an ARCHIVED campaign is CONFLICT.",
  })
  updateCampaign(@Args(() => UpdateCampaignArgs) { id, input }: UpdateCampaignArgs, @Ctx() ctx: Context) {
    return ctx.services.campaigns.update(ctx, id, input);
  }

  @Authorized(Role.EDITOR)
  @Mutation(() => CampaignType, {
    description: 'Archives a campaign (EDITOR): it stays readable but cannot change. CONFLICT while GENERATING.',
  })
  archiveCampaign(@Arg('id', () => ID, { description: 'The campaign to archive.' }) id: string, @Ctx() ctx: Context) {
    return ctx.services.campaigns.archive(ctx, id);
  }

  @FieldResolver(() => [PlatformContentType], { description: 'The current variants, grouped by platform.' })
  async contents(
    @Root() campaign: Pick<Campaign, 'id'>,
    @Ctx() ctx: Context,
    @Arg('platform', () => Platform, { nullable: true, description: 'Only this platform.' }) platform?: Platform | null,
  ) {
    const groups = await ctx.loaders.contents.load(campaign.id);
    return platform ? groups.filter((group) => group.platform === platform) : groups;
  }

  @FieldResolver(() => GenerationJobType, {
    nullable: true,
    description: 'The newest generation job; null before one.',
  })
  latestJob(@Root() campaign: Pick<Campaign, 'id'>, @Ctx() ctx: Context) {
    return ctx.loaders.latestJob.load(campaign.id);
  }
}

@Resolver(() => CampaignConnectionType)
export class CampaignConnectionResolver {
  @FieldResolver(() => Int, { description: 'Campaigns matching the filter, over all pages.' })
  totalCount(@Root() page: CampaignPage, @Ctx() ctx: Context): Promise<number> {
    return ctx.services.campaigns.count(ctx, page.where);
  }
}

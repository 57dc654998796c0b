import { Arg, Authorized, Ctx, FieldResolver, ID, Mutation, Query, Resolver, Root } from 'type-graphql';
import type { Context } from '../context';
import { type Campaign, Experiment, Role } from '../entities';
import { AppError } from '../errors';
import {
  CampaignAnalyticsType,
  CreateExperimentInput,
  EngagementImportResultType,
  EngagementInput,
  ExperimentArmType,
  ExperimentType,
  VariantAnalyticsType,
} from '../schema/analytics.type';
import { CampaignType, ContentVariantType } from '../schema/campaign.type';
import { DateTime } from '../schema/scalars';
import type { CampaignAnalytics, VariantAnalytics } from '../services/analytics/analytics.service';
import type { EngagementImportResult } from '../services/analytics/engagement.service';
import type { ArmView } from '../services/analytics/experiment.service';
import type { VariantRow } from '../services/campaigns/campaign.loaders';
import { findOwned, isUuid } from '../services/scoped-data';

async function variantOf(ctx: Context, id: string): Promise<VariantRow> {
  const variant = await ctx.loaders.variant.load(id);
  if (!variant) throw AppError.notFound('Variant');
  return variant;
}

@Resolver(() => VariantAnalyticsType)
export class VariantAnalyticsResolver {
  @FieldResolver(() => ContentVariantType, { description: 'The variant.' })
  variant(@Root() row: VariantAnalytics, @Ctx() ctx: Context): Promise<VariantRow> {
    return variantOf(ctx, row.variant.id);
  }
}

@Resolver(() => ExperimentArmType)
export class ExperimentArmResolver {
  @FieldResolver(() => ContentVariantType, { description: 'The variant.' })
  variant(@Root() arm: ArmView, @Ctx() ctx: Context): Promise<VariantRow> {
    return variantOf(ctx, arm.variant.id);
  }
}

@Resolver(() => ExperimentType)
export class ExperimentResolver {
  @FieldResolver(() => CampaignType, { description: 'The campaign it belongs to.' })
  async campaign(@Root() experiment: Experiment, @Ctx() ctx: Context): Promise<Campaign> {
    const campaign = await ctx.loaders.campaign.load(experiment.campaign.id);
    if (!campaign) throw AppError.notFound('Campaign');
    return campaign;
  }

  @FieldResolver(() => [ExperimentArmType], {
    description: 'The arms, the control first: frozen at the decision, live (and not decisive) while collecting.',
  })
  arms(@Root() experiment: Experiment, @Ctx() ctx: Context): Promise<ArmView[]> {
    return ctx.services.experiments.arms(ctx, experiment);
  }

  @FieldResolver(() => ExperimentArmType, { nullable: true, description: 'The better arm once DECIDED; else null.' })
  async winner(@Root() experiment: Experiment, @Ctx() ctx: Context): Promise<ArmView | null> {
    if (!experiment.winnerVariantId) return null;
    const arms = await ctx.services.experiments.arms(ctx, experiment);
    return arms.find((arm) => arm.variant.id === experiment.winnerVariantId) ?? null;
  }

  @FieldResolver(() => String, {
    nullable: true,
    description:
      'What to know before reading the figures: progress while collecting (not decisive), an observational comparison, a sample-ratio mismatch, too few successes to test.',
  })
  note(@Root() experiment: Experiment, @Ctx() ctx: Context): Promise<string | null> {
    return ctx.services.experiments.note(ctx, experiment);
  }

  @Query(() => ExperimentType, { nullable: true, description: 'An experiment of the workspace; null when unknown.' })
  experiment(@Arg('id', () => ID, { description: 'The experiment.' }) id: string, @Ctx() ctx: Context) {
    return findOwned(ctx, Experiment, id);
  }

  @Query(() => [ExperimentType], { description: 'The workspace’s experiments (or one campaign’s), newest first.' })
  async experiments(
    @Arg('campaignId', () => ID, { nullable: true, description: 'Only this campaign’s.' }) campaignId: string | null,
    @Ctx() ctx: Context,
  ): Promise<Experiment[]> {
    if (campaignId != null && !isUuid(campaignId)) return [];
    return ctx.em.find(Experiment, campaignId != null ? { campaign: campaignId } : {}, {
      orderBy: { createdAt: 'desc', id: 'desc' },
      limit: 500,
    });
  }

  @Authorized(Role.EDITOR)
  @Mutation(() => ExperimentType, {
    description:
      'Starts an experiment (EDITOR): computes the impressions every arm needs, then decides once when all have them.',
  })
  createExperiment(
    @Arg('input', () => CreateExperimentInput, { description: 'The variants, metric and error rates.' })
    input: CreateExperimentInput,
    @Ctx() ctx: Context,
  ): Promise<Experiment> {
    return ctx.services.experiments.create(ctx, input);
  }

  @Authorized(Role.EDITOR)
  @Mutation(() => ExperimentType, {
    description: 'Stops a collecting experiment without a winner (EDITOR); a decided one is CONFLICT.',
  })
  stopExperiment(
    @Arg('id', () => ID, { description: 'The experiment.' }) id: string,
    @Ctx() ctx: Context,
  ): Promise<Experiment> {
    return ctx.services.experiments.stop(ctx, id);
  }
}

@Resolver()
export class EngagementResolver {
  @Authorized(Role.EDITOR)
  @Mutation(() => EngagementImportResultType, {
    description:
      'Records engagement rows (EDITOR), idempotent per (variant, date): a resent day replaces the stored one. Bad rows are reported, good ones kept.',
  })
  recordEngagement(
    @Arg('input', () => [EngagementInput], { description: 'The rows.' }) input: EngagementInput[],
    @Ctx() ctx: Context,
  ): Promise<EngagementImportResult> {
    return ctx.services.engagement.record(ctx, input);
  }

  @Authorized(Role.EDITOR)
  @Mutation(() => EngagementImportResultType, {
    description:
      'Imports engagement from CSV (EDITOR): RFC 4180 with a header row of EngagementInput’s field names; bad rows reported by line, good ones kept.',
  })
  importEngagementCsv(
    @Arg('csv', () => String, { description: 'The file’s text.' }) csv: string,
    @Ctx() ctx: Context,
  ): Promise<EngagementImportResult> {
    return ctx.services.engagement.importCsv(ctx, csv);
  }

  @Query(() => CampaignAnalyticsType, {
    description: 'A campaign’s engagement, revenue, generation cost and ROI, optionally for days in [from, to).',
  })
  campaignAnalytics(
    @Arg('id', () => ID, { description: 'The campaign.' }) id: string,
    @Arg('from', () => DateTime, { nullable: true, description: 'Days from this instant (inclusive).' })
    from: Date | null,
    @Arg('to', () => DateTime, { nullable: true, description: 'Days before this instant.' }) to: Date | null,
    @Ctx() ctx: Context,
  ): Promise<CampaignAnalytics> {
    return ctx.services.analytics.campaign(ctx, id, { from, to });
  }
}

import { Field, Float, ID, InputType, Int, ObjectType, registerEnumType } from 'type-graphql';
import { ExperimentMetric, ExperimentStatus, Platform } from '../entities';
import { ContentVariantType } from './campaign.type';
import { DateTime } from './scalars';

registerEnumType(ExperimentMetric, {
  name: 'ExperimentMetric',
  description: 'What an experiment compares, per impression.',
  valuesConfig: {
    CLICK_RATE: { description: 'Clicks per impression.' },
    CONVERSION_RATE: { description: 'Conversions per impression.' },
    ENGAGEMENT_RATE: {
      description: 'Interactions (clicks + reactions + comments + shares, at most one per impression) per impression.',
    },
  },
});

registerEnumType(ExperimentStatus, {
  name: 'ExperimentStatus',
  description: 'Where an experiment stands.',
  valuesConfig: {
    COLLECTING: { description: 'Waiting for every arm to reach `requiredImpressionsPerArm`; nothing is decided yet.' },
    DECIDED: { description: 'Tested at its horizon: the arms differ (p < alpha); `winner` is the better one.' },
    INCONCLUSIVE: { description: 'Tested at its horizon: no difference that the test could tell from noise.' },
    STOPPED: { description: 'Stopped by a person before its horizon: no winner.' },
  },
});

@InputType('EngagementInput', {
  description: 'One day of one variant’s numbers. A resent (variant, date) replaces it.',
})
export class EngagementInput {
  @Field(() => ID, { description: 'The variant.' })
  variantId!: string;

  @Field(() => String, { description: 'The day, YYYY-MM-DD (not in the future).' })
  date!: string;

  @Field(() => Int, { description: 'Times it was shown.' })
  impressions!: number;

  @Field(() => Int, { nullable: true, defaultValue: 0, description: 'Clicks (at most the impressions).' })
  clicks?: number;

  @Field(() => Int, { nullable: true, defaultValue: 0, description: 'Likes and other reactions.' })
  reactions?: number;

  @Field(() => Int, { nullable: true, defaultValue: 0, description: 'Comments.' })
  comments?: number;

  @Field(() => Int, { nullable: true, defaultValue: 0, description: 'Shares and reposts.' })
  shares?: number;

  @Field(() => Int, { nullable: true, defaultValue: 0, description: 'Conversions (at most the impressions).' })
  conversions?: number;

  @Field(() => Float, { nullable: true, defaultValue: 0, description: 'Revenue attributed to it, in USD.' })
  revenueUsd?: number;
}

@ObjectType('EngagementRejection', { description: 'A row that was not stored, and why.' })
export class EngagementRejectionType {
  @Field(() => Int, { description: 'The row: its position in the list (from 1), or its line in the CSV file.' })
  row!: number;

  @Field(() => String, { description: 'Why it was rejected.' })
  message!: string;
}

@ObjectType('EngagementImportResult', { description: 'What an ingestion stored and what it refused.' })
export class EngagementImportResultType {
  @Field(() => Int, { description: 'Rows stored (new days and replaced ones).' })
  accepted!: number;

  @Field(() => Int, { description: 'Of those, rows that replaced a day already stored (a resend).' })
  replaced!: number;

  @Field(() => [EngagementRejectionType], { description: 'Rows refused, each with its number and reason.' })
  rejected!: EngagementRejectionType[];
}

@ObjectType('PlatformAnalytics', { description: 'One platform’s engagement in a campaign.' })
export class PlatformAnalyticsType {
  @Field(() => Platform, { description: 'The platform.' })
  platform!: Platform;

  @Field(() => Int, { description: 'Impressions.' })
  impressions!: number;

  @Field(() => Int, { description: 'Clicks.' })
  clicks!: number;

  @Field(() => Int, { description: 'Reactions.' })
  reactions!: number;

  @Field(() => Int, { description: 'Comments.' })
  comments!: number;

  @Field(() => Int, { description: 'Shares.' })
  shares!: number;

  @Field(() => Int, { description: 'Conversions.' })
  conversions!: number;

  @Field(() => Float, { description: 'Revenue in USD.' })
  revenueUsd!: number;

  @Field(() => Float, { description: '(clicks + reactions + comments + shares) / impressions; 0 without impressions.' })
  engagementRate!: number;
}

@ObjectType('VariantAnalytics', { description: 'One variant’s engagement.' })
export class VariantAnalyticsType extends PlatformAnalyticsType {
  @Field(() => ContentVariantType, { description: 'The variant.' })
  variant!: ContentVariantType;
}

@ObjectType('CampaignAnalytics', { description: 'What a campaign earned and what generating it cost.' })
export class CampaignAnalyticsType {
  @Field(() => Int, { description: 'Impressions.' })
  impressions!: number;

  @Field(() => Int, { description: 'Clicks.' })
  clicks!: number;

  @Field(() => Int, { description: 'Reactions.' })
  reactions!: number;

  @Field(() => Int, { description: 'Comments.' })
  comments!: number;

  @Field(() => Int, { description: 'Shares.' })
  shares!: number;

  @Field(() => Int, { description: 'Conversions.' })
  conversions!: number;

  @Field(() => Float, { description: 'Revenue in USD.' })
  revenueUsd!: number;

  @Field(() => Float, {
    description: 'What generating its content cost: every model call of its jobs, whatever the range.',
  })
  generationCostUsd!: number;

  @Field(() => Float, {
    nullable: true,
    description: '(revenueUsd − generationCostUsd) / generationCostUsd; null when generation cost nothing.',
  })
  roi!: number | null;

  @Field(() => Float, { description: '(clicks + reactions + comments + shares) / impressions; 0 without impressions.' })
  engagementRate!: number;

  @Field(() => [PlatformAnalyticsType], { description: 'Per platform, in schema order.' })
  byPlatform!: PlatformAnalyticsType[];

  @Field(() => [VariantAnalyticsType], { description: 'Per variant, by platform, most impressions first.' })
  byVariant!: VariantAnalyticsType[];
}

@ObjectType('ExperimentArm', { description: 'One variant of an experiment and how it does.' })
export class ExperimentArmType {
  @Field(() => ContentVariantType, { description: 'The variant.' })
  variant!: ContentVariantType;

  @Field(() => Boolean, { description: 'True for the control (the first variant).' })
  isControl!: boolean;

  @Field(() => Int, { description: 'Impressions (frozen at the decision).' })
  impressions!: number;

  @Field(() => Int, { description: 'Successes of the metric (frozen at the decision).' })
  successes!: number;

  @Field(() => Float, { description: 'successes / impressions.' })
  rate!: number;

  @Field(() => Float, { description: 'Lower end of the Wilson score interval at 1 − alpha confidence.' })
  ciLow!: number;

  @Field(() => Float, { description: 'Upper end of the Wilson score interval at 1 − alpha confidence.' })
  ciHigh!: number;

  @Field(() => Float, { nullable: true, description: '(rate − control rate) / control rate; null for the control.' })
  relativeUplift!: number | null;

  @Field(() => Float, {
    nullable: true,
    description: 'Two-proportion z-test against the control (Holm-adjusted with 3+ arms); null for the control.',
  })
  pValueVsControl!: number | null;
}

@ObjectType('Experiment', { description: 'An A/B(/n) test of variants with a fixed horizon, decided once.' })
export class ExperimentType {
  @Field(() => ID, { description: 'The experiment id.' })
  id!: string;

  @Field(() => Platform, { description: 'The platform its variants are for.' })
  platform!: Platform;

  @Field(() => ExperimentMetric, { description: 'What it compares.' })
  metric!: ExperimentMetric;

  @Field(() => ExperimentStatus, { description: 'Where it stands.' })
  status!: ExperimentStatus;

  @Field(() => Float, { description: 'The significance level.' })
  alpha!: number;

  @Field(() => Float, { description: 'The chance of detecting an effect of `minimumDetectableEffect`.' })
  power!: number;

  @Field(() => Float, {
    description: 'The smallest relative change worth detecting (0.2 = 20 % of the control’s rate).',
  })
  minimumDetectableEffect!: number;

  @Field(() => Float, { description: 'The control’s rate the sample size was computed from.' })
  baselineRate!: number;

  @Field(() => String, { description: 'Where `baselineRate` came from.' })
  baselineSource!: string;

  @Field(() => Int, { description: 'Impressions every arm needs before the test runs (the horizon).' })
  requiredImpressionsPerArm!: number;

  @Field(() => String, { description: 'The test that decides it, in words.' })
  test!: string;

  @Field(() => Float, {
    nullable: true,
    description: 'The test’s p-value (z-test with 2 arms, chi-square with more); null until decided.',
  })
  pValue?: number | null;

  @Field(() => DateTime, { nullable: true, description: 'When it was decided or stopped.' })
  decidedAt?: Date | null;

  @Field(() => DateTime, { description: 'When it was created.' })
  createdAt!: Date;
}

@InputType('CreateExperimentInput', { description: 'An experiment of 2–5 variants of one platform.' })
export class CreateExperimentInput {
  @Field(() => ID, { description: 'The campaign.' })
  campaignId!: string;

  @Field(() => Platform, { description: 'The platform all variants are for.' })
  platform!: Platform;

  @Field(() => [ID], { description: '2–5 variants of the campaign; the first is the control.' })
  variantIds!: string[];

  @Field(() => ExperimentMetric, { description: 'What to compare.' })
  metric!: ExperimentMetric;

  @Field(() => Float, {
    nullable: true,
    defaultValue: 0.2,
    description: 'The smallest relative change worth detecting, 0–10 (0.2: 20 %).',
  })
  minimumDetectableEffect?: number;

  @Field(() => Float, { nullable: true, defaultValue: 0.05, description: 'Significance level, 0–0.5.' })
  alpha?: number;

  @Field(() => Float, { nullable: true, defaultValue: 0.8, description: 'Power, 0.5–0.9999.' })
  power?: number;
}

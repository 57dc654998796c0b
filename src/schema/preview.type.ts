import { Field, Float, ID, InputType, Int, ObjectType } from 'type-graphql';
import { Platform } from './enums';

@InputType('PreviewInput', { description: 'Give `text` or the id of a stored variant.' })
export class PreviewInput {
  @Field(() => Platform)
  platform!: Platform;

  @Field(() => String, { nullable: true })
  text?: string | null;

  @Field(() => ID, { nullable: true })
  variantId?: string | null;
}

@InputType('MultiPreviewInput')
export class MultiPreviewInput {
  @Field(() => [Platform])
  platforms!: Platform[];

  @Field(() => String, { nullable: true })
  text?: string | null;

  @Field(() => ID, { nullable: true })
  variantId?: string | null;
}

@ObjectType('KeywordDensity')
export class KeywordDensityType {
  @Field(() => String)
  keyword!: string;

  @Field(() => Int)
  count!: number;

  @Field(() => Float, { description: 'Percent of all words.' })
  density!: number;
}

@ObjectType('SeoReport', { description: 'Title and meta description apply to blog articles only.' })
export class SeoReportType {
  @Field(() => [KeywordDensityType])
  keywordDensity!: KeywordDensityType[];

  @Field(() => Int, { nullable: true })
  titleLength!: number | null;

  @Field(() => String, { nullable: true })
  metaDescription!: string | null;

  @Field(() => Int, { nullable: true })
  metaDescriptionLength!: number | null;

  @Field(() => Boolean, { nullable: true })
  titleOk!: boolean | null;

  @Field(() => Boolean, { nullable: true })
  metaDescriptionOk!: boolean | null;
}

@ObjectType('EngagementFactor')
export class EngagementFactorType {
  @Field(() => String)
  name!: string;

  @Field(() => Float, { description: 'Points; negative lowers the estimate.' })
  effect!: number;
}

@ObjectType('EngagementEstimate', { description: 'A heuristic from the copy alone, not a prediction from data.' })
export class EngagementEstimateType {
  @Field(() => Int, { description: '0–100' })
  score!: number;

  @Field(() => String, { description: 'Always "heuristic".' })
  label!: string;

  @Field(() => [EngagementFactorType])
  factors!: EngagementFactorType[];
}

@ObjectType('PlatformPreview')
export class PlatformPreviewType {
  @Field(() => Platform)
  platform!: Platform;

  @Field(() => String, { description: 'What shows before "see more" (or the subject and preheader, or the title).' })
  visibleText!: string;

  @Field(() => Boolean)
  truncated!: boolean;

  @Field(() => Int, { description: 'As the platform counts (X: weighted).' })
  characterCount!: number;

  @Field(() => Int, { description: 'Unicode code points.' })
  rawCharacterCount!: number;

  @Field(() => Int)
  limit!: number;

  @Field(() => [String])
  hashtags!: string[];

  @Field(() => [String])
  mentions!: string[];

  @Field(() => [String])
  links!: string[];

  @Field(() => Float, { nullable: true, description: 'Flesch–Kincaid grade (English).' })
  readabilityGrade!: number | null;

  @Field(() => SeoReportType)
  seo!: SeoReportType;

  @Field(() => EngagementEstimateType)
  engagement!: EngagementEstimateType;

  @Field(() => String, { description: 'Escaped HTML that renders like the platform.' })
  html!: string;
}

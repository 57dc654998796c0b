import { Field, Float, ID, InputType, Int, ObjectType, registerEnumType } from 'type-graphql';
import { SEVERITIES, type Severity, VERDICTS, type Verdict } from '../services/moderation/moderation.types';
import { Platform } from './enums';
import { DateTime } from './scalars';

registerEnumType(VERDICTS, {
  name: 'Verdict',
  description: 'PASS: fine; FLAG: a person should look; BLOCK: must change.',
});
registerEnumType(SEVERITIES, { name: 'Severity' });

@ObjectType('Finding', { description: 'One explained moderation finding; start/end are offsets into the text.' })
export class FindingType {
  @Field(() => String, { description: 'e.g. profanity, pii.email, spam.shouting, brand.banned-term, platform.length' })
  rule!: string;

  @Field(() => SEVERITIES)
  severity!: Severity;

  @Field(() => Int, { nullable: true })
  start!: number | null;

  @Field(() => Int, { nullable: true })
  end!: number | null;

  @Field(() => String)
  message!: string;

  @Field(() => String, { nullable: true })
  suggestion!: string | null;
}

@ObjectType('ModerationResult')
export class ModerationResultType {
  @Field(() => VERDICTS)
  verdict!: Verdict;

  @Field(() => [FindingType])
  findings!: FindingType[];
}

@ObjectType('QualityComponent')
export class QualityComponentType {
  @Field(() => String)
  name!: string;

  @Field(() => Int, { description: '0–100' })
  score!: number;

  @Field(() => String)
  reason!: string;

  @Field(() => Float, { description: 'Share of the total score (0 when the component does not apply).' })
  weight!: number;
}

@ObjectType('QualityScore')
export class QualityScoreType {
  @Field(() => Int, { description: '0–100, the weighted sum of the components' })
  score!: number;

  @Field(() => [QualityComponentType])
  components!: QualityComponentType[];

  @Field(() => [String])
  suggestions!: string[];
}

@InputType('ValidateContentInput')
export class ValidateContentInput {
  @Field(() => Platform)
  platform!: Platform;

  @Field(() => String, { description: 'At most 100,000 characters.' })
  text!: string;

  @Field(() => ID, { nullable: true, description: "Score against this campaign's brief (keywords, call to action)." })
  campaignId?: string | null;
}

@ObjectType('ValidationReport')
export class ValidationReportType {
  @Field(() => VERDICTS)
  verdict!: Verdict;

  @Field(() => [FindingType])
  findings!: FindingType[];

  @Field(() => QualityScoreType)
  quality!: QualityScoreType;

  @Field(() => String, { nullable: true, description: 'The text with mechanical problems fixed; null when none.' })
  fixedText!: string | null;

  @Field(() => [String], { description: 'What the fixes were, in plain words.' })
  fixes!: string[];

  @Field(() => Int, { description: 'As the platform counts (X: weighted).' })
  characterCount!: number;

  @Field(() => Int)
  limit!: number;
}

@ObjectType('ModerationEvent')
export class ModerationEventType {
  @Field(() => ID)
  campaignId!: string;

  @Field(() => ID)
  variantId!: string;

  @Field(() => Platform)
  platform!: Platform;

  @Field(() => ModerationResultType)
  result!: ModerationResultType;

  @Field(() => DateTime)
  at!: Date;
}

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

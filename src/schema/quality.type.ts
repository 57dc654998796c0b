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

import { Field, Float, ID, InputType, Int, ObjectType, registerEnumType } from 'type-graphql';
import { SEVERITIES, type Severity, VERDICTS, type Verdict } from '../services/moderation/moderation.types';
import { Platform } from './enums';
import { DateTime } from './scalars';

registerEnumType(VERDICTS, {
  name: 'Verdict',
  description: "Moderation's decision on a text, from its most severe finding.",
  valuesConfig: {
    PASS: { description: 'Fine to use: no findings, or only INFO ones.' },
    FLAG: { description: 'A person should look before it is published (a WARNING finding).' },
    BLOCK: { description: 'Must change before it is published (an ERROR finding).' },
  },
});
registerEnumType(SEVERITIES, {
  name: 'Severity',
  description: 'How serious a finding is; the most severe one decides the verdict.',
  valuesConfig: {
    INFO: { description: 'A hint; it does not change the verdict.' },
    WARNING: { description: 'Worth a look by a person: the verdict is at least FLAG.' },
    ERROR: { description: 'Must be fixed: the verdict is BLOCK.' },
  },
});

@ObjectType('Finding', { description: 'One explained moderation finding; start/end are offsets into the text.' })
export class FindingType {
  @Field(() => String, {
    description: 'Stable rule id, e.g. profanity, pii.email, spam.shouting, brand.banned-term, platform.length.',
  })
  rule!: string;

  @Field(() => SEVERITIES, { description: 'How serious the finding is.' })
  severity!: Severity;

  @Field(() => Int, {
    nullable: true,
    description: 'Where the problem starts (UTF-16 offset); null when it is about the text as a whole.',
  })
  start!: number | null;

  @Field(() => Int, { nullable: true, description: 'Where the problem ends (exclusive); null when `start` is null.' })
  end!: number | null;

  @Field(() => String, { description: 'What is wrong, in plain words.' })
  message!: string;

  @Field(() => String, { nullable: true, description: 'How to fix it; null when there is no simple fix.' })
  suggestion!: string | null;
}

@ObjectType('ModerationResult', { description: 'What moderation found in a text, and its verdict.' })
export class ModerationResultType {
  @Field(() => VERDICTS, { description: 'PASS, FLAG or BLOCK, from the most severe finding.' })
  verdict!: Verdict;

  @Field(() => [FindingType], { description: 'The findings, most severe first, then in reading order.' })
  findings!: FindingType[];
}

@ObjectType('QualityComponent', { description: 'One scored aspect of a text, with the reason for its score.' })
export class QualityComponentType {
  @Field(() => String, {
    description:
      'Stable name: readability, length_fit, hook, call_to_action, hashtags, keyword_coverage or moderation.',
  })
  name!: string;

  @Field(() => Int, { description: 'The score of this aspect, 0–100; higher is better.' })
  score!: number;

  @Field(() => String, { description: 'Why it scored so, in plain words.' })
  reason!: string;

  @Field(() => Float, { description: 'Share of the total score (0 when the component does not apply).' })
  weight!: number;
}

@ObjectType('QualityScore', { description: 'How good a text is for its platform, and what would make it better.' })
export class QualityScoreType {
  @Field(() => Int, { description: '0–100, the weighted sum of the components, capped by the moderation verdict.' })
  score!: number;

  @Field(() => [QualityComponentType], { description: 'The aspects the score is made of.' })
  components!: QualityComponentType[];

  @Field(() => [String], { description: 'Concrete next steps, most valuable first.' })
  suggestions!: string[];
}

@InputType('ValidateContentInput', { description: 'A text to check, as it would be posted on one platform.' })
export class ValidateContentInput {
  @Field(() => Platform, { description: 'The platform whose rules and limits apply.' })
  platform!: Platform;

  @Field(() => String, { description: 'The text to check: at most 100,000 characters.' })
  text!: string;

  @Field(() => ID, { nullable: true, description: "Score against this campaign's brief (keywords, call to action)." })
  campaignId?: string | null;
}

@ObjectType('ValidationReport', { description: 'Moderation, quality score and mechanical fixes for one text.' })
export class ValidationReportType {
  @Field(() => VERDICTS, { description: "Moderation's verdict on the text." })
  verdict!: Verdict;

  @Field(() => [FindingType], { description: 'What moderation found, most severe first.' })
  findings!: FindingType[];

  @Field(() => QualityScoreType, { description: 'How good the text is for the platform.' })
  quality!: QualityScoreType;

  @Field(() => String, { nullable: true, description: 'The text with mechanical problems fixed; null when none.' })
  fixedText!: string | null;

  @Field(() => [String], { description: 'What the fixes were, in plain words.' })
  fixes!: string[];

  @Field(() => Int, { description: 'Length as the platform counts it (X: weighted, links as 23).' })
  characterCount!: number;

  @Field(() => Int, { description: "The platform's length limit, counted the same way." })
  limit!: number;
}

@ObjectType('ModerationEvent', { description: "A generated variant's moderation result, as generation reviews it." })
export class ModerationEventType {
  @Field(() => ID, { description: 'The campaign being generated.' })
  campaignId!: string;

  @Field(() => ID, { description: 'The variant that was reviewed.' })
  variantId!: string;

  @Field(() => Platform, { description: 'The platform of the variant.' })
  platform!: Platform;

  @Field(() => ModerationResultType, { description: 'The verdict and findings.' })
  result!: ModerationResultType;

  @Field(() => DateTime, { description: 'When the variant was reviewed.' })
  at!: Date;
}

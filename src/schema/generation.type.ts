import { Field, Float, ID, InputType, Int, ObjectType, registerEnumType } from 'type-graphql';
import { CAMPAIGN_LIMITS as LIMITS } from '../services/campaigns/campaign.limits';
import { GENERATION_EVENT_TYPES, type GenerationEventType } from '../services/generation/generation-stream.types';
import { ContentVariantType } from './campaign.type';
import { GenerationStage, Platform } from './enums';
import { DateTime } from './scalars';
import { TemplateVariableInput } from './template.type';

registerEnumType(GENERATION_EVENT_TYPES, {
  name: 'GenerationEventType',
  description: 'What a GenerationEvent reports; the last event of every job is COMPLETED, FAILED or CANCELLED.',
  valuesConfig: {
    SNAPSHOT: {
      description:
        "Always first: the job's state as the subscription starts, with finished variants and partial texts.",
    },
    STAGE_STARTED: { description: 'The job moved on to `stage`.' },
    TOKEN: { description: "The next piece (`delta`) of one variant's text as it is written." },
    TOKENS: {
      description:
        'Only with `batchTokens`: the next piece of each variant that streamed since the last event (`tokens`).',
    },
    VARIANT_READY: { description: 'A variant is finished and stored (`variant`).' },
    COMPLETED: { description: 'The job SUCCEEDED; the subscription ends.' },
    FAILED: { description: 'The job FAILED (`message` says why); the subscription ends.' },
    CANCELLED: { description: 'The job was cancelled; the subscription ends.' },
  },
});

@InputType('GenerateCampaignInput', { description: 'What to generate for a campaign.' })
export class GenerateCampaignInput {
  @Field(() => ID, { description: 'The campaign to write for; it must not be ARCHIVED or already GENERATING.' })
  campaignId!: string;

  @Field(() => [Platform], { nullable: true, description: "The platforms to write for; default: the brief's." })
  platforms?: Platform[] | null;

  @Field(() => Int, {
    nullable: true,
    defaultValue: LIMITS.defaultVariantsPerPlatform,
    description: `How many variants to write per platform: ${LIMITS.minVariantsPerPlatform}–${LIMITS.maxVariantsPerPlatform}.`,
  })
  variantsPerPlatform?: number | null;

  @Field(() => String, { nullable: true, description: "Write with this template's per-platform guidance." })
  templateKey?: string | null;

  @Field(() => [TemplateVariableInput], {
    nullable: true,
    description: "With templateKey: fill the template in and make the result the campaign's brief first.",
  })
  templateVariables?: TemplateVariableInput[] | null;

  @Field(() => Boolean, {
    nullable: true,
    defaultValue: false,
    description: 'Ask the model again instead of answering from the LLM response cache (the new answers are cached).',
  })
  fresh?: boolean | null;
}

@ObjectType('CostEstimate', { description: 'What a generation would use and cost, estimated before it runs.' })
export class CostEstimateObject {
  @Field(() => Int, { description: 'Prompt tokens of every call, counted on the real prompts.' })
  promptTokens!: number;

  @Field(() => Int, { description: "Completion tokens expected from each platform's length targets." })
  completionTokens!: number;

  @Field(() => Float, {
    description: 'Estimated US dollars at the price table jobs are billed with; 0 when cached or offline.',
  })
  costUsd!: number;

  @Field(() => String, { description: 'The model the calls would go to ("offline" for the offline writer).' })
  model!: string;

  @Field(() => Boolean, { description: 'True when every call would be answered from the LLM response cache.' })
  cached!: boolean;
}

@ObjectType('PartialVariant', { description: 'A variant still streaming, with the text a reader has seen so far.' })
export class PartialVariantObject {
  @Field(() => Platform, { description: 'The platform the variant is written for.' })
  platform!: Platform;

  @Field(() => Int, { description: 'Which variant of the platform (0-based), as in TOKEN events.' })
  variantIndex!: number;

  @Field(() => String, { description: 'The text streamed so far; later TOKEN deltas continue it.' })
  text!: string;
}

@ObjectType('TokenDelta', { description: "One variant's next piece of text inside a TOKENS event." })
export class TokenDeltaObject {
  @Field(() => Platform, { description: 'The platform the variant is written for.' })
  platform!: Platform;

  @Field(() => Int, { description: 'Which variant of the platform (0-based).' })
  variantIndex!: number;

  @Field(() => String, { description: "The next piece of the variant's text, as a reader sees it (never raw JSON)." })
  delta!: string;
}

@ObjectType('GenerationEvent', { description: 'One step of a generation job, as it happens.' })
export class GenerationEventObject {
  @Field(() => ID, { description: 'The job the event belongs to.' })
  jobId!: string;

  @Field(() => GENERATION_EVENT_TYPES, { description: 'What happened; it says which other fields are set.' })
  type!: GenerationEventType;

  @Field(() => GenerationStage, { description: 'The stage the job is at.' })
  stage!: GenerationStage;

  @Field(() => Float, { description: "The job's progress, 0..1; it never decreases." })
  progress!: number;

  @Field(() => Platform, { nullable: true, description: 'TOKEN and VARIANT_READY: the platform of the variant.' })
  platform?: Platform | null;

  @Field(() => Int, {
    nullable: true,
    description: 'TOKEN and VARIANT_READY: which variant of the platform (0-based).',
  })
  variantIndex?: number | null;

  @Field(() => String, {
    nullable: true,
    description: "TOKEN: the next piece of the variant's text, as a reader sees it (never raw JSON).",
  })
  delta?: string | null;

  @Field(() => Boolean, {
    nullable: true,
    description: 'TOKEN: when true, drop the text received so far for this platform; it streams again from the start.',
  })
  reset?: boolean | null;

  @Field(() => [TokenDeltaObject], {
    nullable: true,
    description:
      'TOKENS (generationProgress with batchTokens): the next piece of each variant that streamed since the last event, at most one per variant, in no particular order.',
  })
  tokens?: TokenDeltaObject[] | null;

  @Field(() => ContentVariantType, { nullable: true, description: 'VARIANT_READY: the variant as stored.' })
  variant?: ContentVariantType | null;

  @Field(() => [ContentVariantType], {
    nullable: true,
    description: 'SNAPSHOT: the variants this job has already finished (VARIANT_READY events sent before it).',
  })
  variants?: ContentVariantType[] | null;

  @Field(() => [PartialVariantObject], {
    nullable: true,
    description: 'SNAPSHOT: each variant still streaming, with its text so far; TOKEN events continue it.',
  })
  partials?: PartialVariantObject[] | null;

  @Field(() => String, { nullable: true, description: 'FAILED and CANCELLED: why.' })
  message?: string | null;

  @Field(() => DateTime, { description: 'When it happened.' })
  at!: Date;
}

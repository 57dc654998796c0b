import { Field, Float, ID, InputType, Int, ObjectType, registerEnumType } from 'type-graphql';
import { CAMPAIGN_LIMITS as LIMITS } from '../services/campaigns/campaign.limits';
import { GENERATION_EVENT_TYPES, type GenerationEventType } from '../services/generation/generation-stream.types';
import { ContentVariantType } from './campaign.type';
import { GenerationStage, Platform } from './enums';
import { DateTime } from './scalars';
import { TemplateVariableInput } from './template.type';

registerEnumType(GENERATION_EVENT_TYPES, { name: 'GenerationEventType' });

@InputType('GenerateCampaignInput')
export class GenerateCampaignInput {
  @Field(() => ID)
  campaignId!: string;

  @Field(() => [Platform], { nullable: true, description: "Default: the brief's platforms." })
  platforms?: Platform[] | null;

  @Field(() => Int, {
    nullable: true,
    defaultValue: LIMITS.defaultVariantsPerPlatform,
    description: `${LIMITS.minVariantsPerPlatform}–${LIMITS.maxVariantsPerPlatform}`,
  })
  variantsPerPlatform?: number | null;

  @Field(() => String, { nullable: true, description: "Write with this template's per-platform guidance." })
  templateKey?: string | null;

  @Field(() => [TemplateVariableInput], {
    nullable: true,
    description: "With templateKey: fill the template in and make the result the campaign's brief first.",
  })
  templateVariables?: TemplateVariableInput[] | null;
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

@ObjectType('GenerationEvent', { description: 'One step of a generation job, as it happens.' })
export class GenerationEventObject {
  @Field(() => ID)
  jobId!: string;

  @Field(() => GENERATION_EVENT_TYPES)
  type!: GenerationEventType;

  @Field(() => GenerationStage)
  stage!: GenerationStage;

  @Field(() => Float, { description: '0..1, never decreases.' })
  progress!: number;

  @Field(() => Platform, { nullable: true })
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

  @Field(() => DateTime)
  at!: Date;
}

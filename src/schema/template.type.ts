import { Field, InputType, ObjectType } from 'type-graphql';
import { BriefType } from './campaign.type';
import { Platform, Tone } from './enums';

@ObjectType('TemplateVariable')
export class TemplateVariableType {
  @Field(() => String)
  name!: string;

  @Field(() => String)
  description!: string;

  @Field(() => Boolean)
  required!: boolean;

  @Field(() => String, { nullable: true })
  defaultValue!: string | null;

  @Field(() => String, { description: 'text, list (one item a line, or ";"-separated), url or date (YYYY-MM-DD)' })
  kind!: string;
}

@ObjectType('PlatformGuidance')
export class PlatformGuidanceType {
  @Field(() => Platform)
  platform!: Platform;

  @Field(() => String)
  text!: string;
}

@ObjectType('TemplateVariableValue')
export class TemplateVariableValueType {
  @Field(() => String)
  name!: string;

  @Field(() => String)
  value!: string;
}

@ObjectType('TemplateExample', { description: 'Filled-in variables, and a short sample post they lead to.' })
export class TemplateExampleType {
  @Field(() => [TemplateVariableValueType])
  variables!: TemplateVariableValueType[];

  @Field(() => Platform, { nullable: true })
  samplePlatform!: Platform | null;

  @Field(() => String, { nullable: true })
  sampleText!: string | null;
}

@ObjectType('Template')
export class TemplateType {
  @Field(() => String)
  key!: string;

  @Field(() => String)
  name!: string;

  @Field(() => String)
  category!: string;

  @Field(() => String)
  description!: string;

  @Field(() => [TemplateVariableType])
  variables!: TemplateVariableType[];

  @Field(() => [Platform])
  platforms!: Platform[];

  @Field(() => Boolean)
  builtIn!: boolean;

  @Field(() => Tone)
  tone!: Tone;

  @Field(() => [PlatformGuidanceType])
  guidance!: PlatformGuidanceType[];

  @Field(() => TemplateExampleType, { nullable: true })
  example!: TemplateExampleType | null;
}

@ObjectType('AppliedVariable')
export class AppliedVariableType {
  @Field(() => String)
  name!: string;

  @Field(() => String, { nullable: true })
  value!: string | null;

  @Field(() => Boolean, { description: 'True when the default was used.' })
  defaulted!: boolean;
}

@ObjectType('AppliedTemplate', { description: 'A template filled in: a campaign name and a brief for createCampaign.' })
export class AppliedTemplateType {
  @Field(() => TemplateType)
  template!: TemplateType;

  @Field(() => String)
  name!: string;

  @Field(() => BriefType)
  brief!: BriefType;

  @Field(() => [PlatformGuidanceType])
  guidance!: PlatformGuidanceType[];

  @Field(() => [AppliedVariableType])
  variables!: AppliedVariableType[];
}

@InputType('TemplateVariableInput')
export class TemplateVariableInput {
  @Field(() => String)
  name!: string;

  @Field(() => String)
  value!: string;
}

@InputType('TemplateVariableDefinitionInput')
export class TemplateVariableDefinitionInput {
  @Field(() => String)
  name!: string;

  @Field(() => String)
  description!: string;

  @Field(() => Boolean)
  required!: boolean;

  @Field(() => String, { nullable: true })
  defaultValue?: string | null;

  @Field(() => String, { nullable: true, defaultValue: 'text', description: 'text (default), list, url or date' })
  kind?: string | null;
}

@InputType('BriefPatternInput', { description: 'A brief with {{variable}} placeholders.' })
export class BriefPatternInput {
  @Field(() => String)
  productName!: string;

  @Field(() => [String], { nullable: true, description: 'Sentences; one naming an empty variable is left out.' })
  description?: string[] | null;

  @Field(() => [String])
  features!: string[];

  @Field(() => String, { nullable: true })
  audience?: string | null;

  @Field(() => String, { nullable: true })
  callToAction?: string | null;

  @Field(() => [String], { nullable: true })
  keywords?: string[] | null;

  @Field(() => String, { nullable: true })
  url?: string | null;

  @Field(() => String, { nullable: true })
  language?: string | null;
}

@InputType('PlatformGuidanceInput')
export class PlatformGuidanceInput {
  @Field(() => Platform)
  platform!: Platform;

  @Field(() => String)
  text!: string;
}

@InputType('TemplateInput', { description: "A workspace template. The key can't change after creation." })
export class TemplateInput {
  @Field(() => String, { description: 'a-z, 0-9 and "-", 2–63 characters' })
  key!: string;

  @Field(() => String)
  name!: string;

  @Field(() => String)
  category!: string;

  @Field(() => String)
  description!: string;

  @Field(() => [Platform])
  platforms!: Platform[];

  @Field(() => Tone)
  tone!: Tone;

  @Field(() => [TemplateVariableDefinitionInput])
  variables!: TemplateVariableDefinitionInput[];

  @Field(() => String, { description: 'e.g. "{{productName}} launch"' })
  campaignName!: string;

  @Field(() => BriefPatternInput)
  brief!: BriefPatternInput;

  @Field(() => [PlatformGuidanceInput], { nullable: true })
  guidance?: PlatformGuidanceInput[] | null;

  @Field(() => [TemplateVariableInput], { nullable: true, description: 'Example values; they must apply.' })
  example?: TemplateVariableInput[] | null;
}

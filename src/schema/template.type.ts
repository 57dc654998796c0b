import { Field, InputType, ObjectType } from 'type-graphql';
import { BriefType } from './campaign.type';
import { Platform, Tone } from './enums';

@ObjectType('TemplateVariable', { description: 'A blank in a template that the user fills in.' })
export class TemplateVariableType {
  @Field(() => String, { description: 'The variable name, used as `{{name}}` in the template.' })
  name!: string;

  @Field(() => String, { description: 'What to fill in, for the person applying the template.' })
  description!: string;

  @Field(() => Boolean, { description: 'True when applyTemplate needs a value for it (it has no default).' })
  required!: boolean;

  @Field(() => String, { nullable: true, description: 'The value used when none is given; null for none.' })
  defaultValue!: string | null;

  @Field(() => String, {
    description: 'How the value is read: text, list (one item a line, or ";"-separated), url or date (YYYY-MM-DD).',
  })
  kind!: string;
}

@ObjectType('PlatformGuidance', { description: "A template's writing advice for one platform." })
export class PlatformGuidanceType {
  @Field(() => Platform, { description: 'The platform the advice is for.' })
  platform!: Platform;

  @Field(() => String, { description: "The advice, on top of the platform's own rules." })
  text!: string;
}

@ObjectType('TemplateVariableValue', { description: 'A variable of an example and the value it was given.' })
export class TemplateVariableValueType {
  @Field(() => String, { description: 'The variable name.' })
  name!: string;

  @Field(() => String, { description: 'The example value.' })
  value!: string;
}

@ObjectType('TemplateExample', { description: 'Filled-in variables, and a short sample post they lead to.' })
export class TemplateExampleType {
  @Field(() => [TemplateVariableValueType], { description: 'Example values for the variables.' })
  variables!: TemplateVariableValueType[];

  @Field(() => Platform, { nullable: true, description: 'The platform of the sample; null without a sample.' })
  samplePlatform!: Platform | null;

  @Field(() => String, { nullable: true, description: 'A short sample of the copy; null without a sample.' })
  sampleText!: string | null;
}

@ObjectType('Template', { description: 'A reusable campaign recipe: variables to fill in, a brief and advice.' })
export class TemplateType {
  @Field(() => String, { description: 'The unique key, e.g. "product-launch"; applyTemplate takes it.' })
  key!: string;

  @Field(() => String, { description: 'A name for people.' })
  name!: string;

  @Field(() => String, {
    description: 'A free-form group, e.g. "announcement" or "promotion"; `templates` filters on it.',
  })
  category!: string;

  @Field(() => String, { description: 'What the template is for.' })
  description!: string;

  @Field(() => [TemplateVariableType], { description: 'The blanks to fill in, in the order to ask for them.' })
  variables!: TemplateVariableType[];

  @Field(() => [Platform], { description: "The platforms the template's brief writes for." })
  platforms!: Platform[];

  @Field(() => Boolean, { description: 'True for the templates Copydesk ships; they cannot be changed or deleted.' })
  builtIn!: boolean;

  @Field(() => Tone, { description: "The tone of the template's brief." })
  tone!: Tone;

  @Field(() => [PlatformGuidanceType], { description: 'Writing advice per platform, used by generation.' })
  guidance!: PlatformGuidanceType[];

  @Field(() => TemplateExampleType, { nullable: true, description: 'A filled-in example; null when it has none.' })
  example!: TemplateExampleType | null;
}

@ObjectType('AppliedVariable', { description: 'A variable as applied: the value used and where it came from.' })
export class AppliedVariableType {
  @Field(() => String, { description: 'The variable name.' })
  name!: string;

  @Field(() => String, { nullable: true, description: 'The value used; null when it was left empty.' })
  value!: string | null;

  @Field(() => Boolean, { description: 'True when the default was used.' })
  defaulted!: boolean;
}

@ObjectType('AppliedTemplate', { description: 'A template filled in: a campaign name and a brief for createCampaign.' })
export class AppliedTemplateType {
  @Field(() => TemplateType, { description: 'The template that was applied.' })
  template!: TemplateType;

  @Field(() => String, { description: 'The campaign name the template makes.' })
  name!: string;

  @Field(() => BriefType, { description: 'The brief, already validated: pass it to createCampaign.' })
  brief!: BriefType;

  @Field(() => [PlatformGuidanceType], { description: "The template's advice for its platforms." })
  guidance!: PlatformGuidanceType[];

  @Field(() => [AppliedVariableType], { description: 'Each variable and the value it got.' })
  variables!: AppliedVariableType[];
}

@InputType('TemplateVariableInput', { description: 'A value for one template variable.' })
export class TemplateVariableInput {
  @Field(() => String, { description: 'The variable name.' })
  name!: string;

  @Field(() => String, { description: 'The value, trimmed; a blank one counts as not given (the default applies).' })
  value!: string;
}

@InputType('TemplateVariableDefinitionInput', { description: 'A variable of a workspace template.' })
export class TemplateVariableDefinitionInput {
  @Field(() => String, { description: 'The variable name, used as `{{name}}` in the patterns.' })
  name!: string;

  @Field(() => String, { description: 'What to fill in, for the person applying the template.' })
  description!: string;

  @Field(() => Boolean, { description: 'True when a value must be given; a required variable has no default.' })
  required!: boolean;

  @Field(() => String, { nullable: true, description: 'The value used when none is given.' })
  defaultValue?: string | null;

  @Field(() => String, {
    nullable: true,
    defaultValue: 'text',
    description: 'How the value is read: text (default), list, url or date.',
  })
  kind?: string | null;
}

@InputType('BriefPatternInput', { description: 'A brief with {{variable}} placeholders.' })
export class BriefPatternInput {
  @Field(() => String, { description: 'The product name pattern, e.g. "{{productName}}".' })
  productName!: string;

  @Field(() => [String], { nullable: true, description: 'Sentences; one naming an empty variable is left out.' })
  description?: string[] | null;

  @Field(() => [String], {
    description: 'Feature patterns; an entry that is exactly one list variable expands to its items.',
  })
  features!: string[];

  @Field(() => String, { nullable: true, description: 'The audience pattern.' })
  audience?: string | null;

  @Field(() => String, { nullable: true, description: 'The call-to-action pattern.' })
  callToAction?: string | null;

  @Field(() => [String], {
    nullable: true,
    description: 'Keyword patterns; an entry that is exactly one list variable expands to its items.',
  })
  keywords?: string[] | null;

  @Field(() => String, { nullable: true, description: 'The link pattern, e.g. "{{url}}".' })
  url?: string | null;

  @Field(() => String, { nullable: true, description: 'A BCP 47 tag or a placeholder; empty means "en".' })
  language?: string | null;
}

@InputType('PlatformGuidanceInput', { description: "A workspace template's writing advice for one platform." })
export class PlatformGuidanceInput {
  @Field(() => Platform, { description: 'The platform the advice is for.' })
  platform!: Platform;

  @Field(() => String, { description: "The advice, on top of the platform's own rules." })
  text!: string;
}

@InputType('TemplateInput', { description: "A workspace template. The key can't change after creation." })
export class TemplateInput {
  @Field(() => String, { description: 'The unique key: a-z, 0-9 and "-", 2–63 characters.' })
  key!: string;

  @Field(() => String, { description: 'A name for people.' })
  name!: string;

  @Field(() => String, { description: 'A free-form group, e.g. "promotion".' })
  category!: string;

  @Field(() => String, { description: 'What the template is for.' })
  description!: string;

  @Field(() => [Platform], { description: "The platforms the template's brief writes for." })
  platforms!: Platform[];

  @Field(() => Tone, { description: "The tone of the template's brief." })
  tone!: Tone;

  @Field(() => [TemplateVariableDefinitionInput], { description: 'The blanks to fill in.' })
  variables!: TemplateVariableDefinitionInput[];

  @Field(() => String, { description: 'The campaign name pattern, e.g. "{{productName}} launch".' })
  campaignName!: string;

  @Field(() => BriefPatternInput, { description: 'The brief the template makes, with placeholders.' })
  brief!: BriefPatternInput;

  @Field(() => [PlatformGuidanceInput], { nullable: true, description: 'Writing advice per platform.' })
  guidance?: PlatformGuidanceInput[] | null;

  @Field(() => [TemplateVariableInput], { nullable: true, description: 'Example values; applying them must succeed.' })
  example?: TemplateVariableInput[] | null;
}

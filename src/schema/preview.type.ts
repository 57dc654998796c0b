import { Field, Float, ID, InputType, Int, ObjectType } from 'type-graphql';
import { Platform } from './enums';

@InputType('PreviewInput', { description: 'What to preview on one platform: `text` or a stored variant, not both.' })
export class PreviewInput {
  @Field(() => Platform, { description: 'The platform to preview on.' })
  platform!: Platform;

  @Field(() => String, { nullable: true, description: 'The text to preview (at most 100,000 characters).' })
  text?: string | null;

  @Field(() => ID, {
    nullable: true,
    description: 'A stored variant to preview as posted (its body, hashtags and title).',
  })
  variantId?: string | null;
}

@InputType('MultiPreviewInput', { description: 'One text or stored variant, previewed on several platforms.' })
export class MultiPreviewInput {
  @Field(() => [Platform], { description: 'The platforms to preview on, in the order the previews come back.' })
  platforms!: Platform[];

  @Field(() => String, { nullable: true, description: 'The text to preview; give this or `variantId`.' })
  text?: string | null;

  @Field(() => ID, { nullable: true, description: 'A stored variant to preview; give this or `text`.' })
  variantId?: string | null;
}

@ObjectType('KeywordDensity', { description: "How often one of the brief's keywords occurs in the text." })
export class KeywordDensityType {
  @Field(() => String, { description: 'The keyword, as the brief lists it.' })
  keyword!: string;

  @Field(() => Int, { description: 'How many times it occurs in the title and body.' })
  count!: number;

  @Field(() => Float, { description: 'Percent of all words.' })
  density!: number;
}

@ObjectType('SeoReport', {
  description: 'How the text fares in search; title and meta description apply to blog articles only (null elsewhere).',
})
export class SeoReportType {
  @Field(() => [KeywordDensityType], {
    description: "Each keyword of the variant's campaign brief and how often it occurs; empty for plain text.",
  })
  keywordDensity!: KeywordDensityType[];

  @Field(() => Int, { nullable: true, description: 'Length of the blog title in characters; null on other platforms.' })
  titleLength!: number | null;

  @Field(() => String, {
    nullable: true,
    description: 'What search results show: the first paragraph cut at a word to 160 characters; blog only.',
  })
  metaDescription!: string | null;

  @Field(() => Int, { nullable: true, description: 'Length of `metaDescription` in characters; blog only.' })
  metaDescriptionLength!: number | null;

  @Field(() => Boolean, {
    nullable: true,
    description: "True when the title is present and within the platform's title limit; blog only.",
  })
  titleOk!: boolean | null;

  @Field(() => Boolean, {
    nullable: true,
    description: 'True when the meta description is 50–160 characters long; blog only.',
  })
  metaDescriptionOk!: boolean | null;
}

@ObjectType('EngagementFactor', { description: 'One thing that moves the engagement estimate up or down.' })
export class EngagementFactorType {
  @Field(() => String, { description: 'What the factor is, in plain words, e.g. "Mentions people or brands".' })
  name!: string;

  @Field(() => Float, { description: 'Points; negative lowers the estimate.' })
  effect!: number;
}

@ObjectType('EngagementEstimate', { description: 'A heuristic from the copy alone, not a prediction from data.' })
export class EngagementEstimateType {
  @Field(() => Int, { description: 'The estimate, 0–100; higher suggests more engagement.' })
  score!: number;

  @Field(() => String, {
    description: 'Always "heuristic": a reminder that this is a rule of thumb, not a prediction.',
  })
  label!: string;

  @Field(() => [EngagementFactorType], { description: 'What raised or lowered the score.' })
  factors!: EngagementFactorType[];
}

@ObjectType('PlatformPreview', { description: 'How a text shows on one platform, with its counts and checks.' })
export class PlatformPreviewType {
  @Field(() => Platform, { description: 'The platform previewed on.' })
  platform!: Platform;

  @Field(() => String, { description: 'What shows before "see more" (or the subject and preheader, or the title).' })
  visibleText!: string;

  @Field(() => Boolean, { description: 'True when part of the text is hidden behind the fold or cut by the limit.' })
  truncated!: boolean;

  @Field(() => Int, { description: 'Length as the platform counts it (X: weighted, links as 23).' })
  characterCount!: number;

  @Field(() => Int, { description: 'Length in Unicode code points, unweighted.' })
  rawCharacterCount!: number;

  @Field(() => Int, { description: "The platform's length limit, counted as `characterCount` is." })
  limit!: number;

  @Field(() => [String], { description: 'The hashtags found in the text, with their "#".' })
  hashtags!: string[];

  @Field(() => [String], { description: 'The @mentions found in the text, with their "@".' })
  mentions!: string[];

  @Field(() => [String], { description: 'The links found in the text.' })
  links!: string[];

  @Field(() => Float, {
    nullable: true,
    description: 'Flesch–Kincaid grade level (US school years); null when the text is too short or not English.',
  })
  readabilityGrade!: number | null;

  @Field(() => SeoReportType, { description: 'Keyword density and, for a blog, title and meta description checks.' })
  seo!: SeoReportType;

  @Field(() => EngagementEstimateType, { description: 'A rough engagement estimate from the copy alone.' })
  engagement!: EngagementEstimateType;

  @Field(() => String, { description: 'Escaped HTML that renders like the platform.' })
  html!: string;
}

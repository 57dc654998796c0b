import { Field, Float, ID, Int, ObjectType } from 'type-graphql';
import { CampaignStatus, ContentStatus, GenerationStage, JobStatus, Platform, Tone } from './enums';
import { DateTime } from './scalars';

@ObjectType('Brief', {
  simpleResolvers: true,
  description: 'What a campaign is about: the product, its audience and where to post.',
})
export class BriefType {
  @Field(() => String, { description: 'The name of the product or service the copy promotes.' })
  productName!: string;

  @Field(() => String, { nullable: true, description: 'What the product is and does, in a few sentences.' })
  description!: string | null;

  @Field(() => [String], { description: 'Features or benefits to highlight, most important first.' })
  features!: string[];

  @Field(() => String, { nullable: true, description: 'Who the copy is for, e.g. "Urban commuters".' })
  audience!: string | null;

  @Field(() => Tone, { description: 'The voice the copy is written in.' })
  tone!: Tone;

  @Field(() => [Platform], { description: 'The platforms generation writes for unless it is told otherwise.' })
  platforms!: Platform[];

  @Field(() => [String], { description: 'Words the copy should contain (for search and hashtags); may be empty.' })
  keywords!: string[];

  @Field(() => String, { nullable: true, description: 'What the reader should do, e.g. "Pre-order today".' })
  callToAction!: string | null;

  @Field(() => String, { nullable: true, description: 'The http(s) link the copy points to.' })
  url!: string | null;

  @Field(() => String, { description: 'The language to write in, as a BCP 47 tag such as "en" or "pt-BR".' })
  language!: string;
}

@ObjectType('Outline', {
  simpleResolvers: true,
  description: 'The plan generation writes first; every variant follows it.',
})
export class OutlineType {
  @Field(() => String, { description: 'The one-line message of the campaign.' })
  headline!: string;

  @Field(() => [String], { description: 'The points every variant should get across.' })
  keyMessages!: string[];

  @Field(() => String, { nullable: true, description: 'The creative angle taken, when the writer chose one.' })
  angle!: string | null;
}

@ObjectType('ContentVariant', { simpleResolvers: true, description: 'One piece of generated copy for one platform.' })
export class ContentVariantType {
  @Field(() => ID, { description: 'The variant id; `preview` and `previews` accept it as `variantId`.' })
  id!: string;

  @Field(() => Platform, { description: 'The platform this copy is written for.' })
  platform!: Platform;

  @Field(() => String, { nullable: true, description: 'Blog title or email subject; null on other platforms.' })
  title?: string | null;

  @Field(() => String, { description: 'The text of the post, article (Markdown) or email.' })
  body!: string;

  @Field(() => [String], {
    description: 'Hashtags with their "#", posted after the body unless it already contains them; may be empty.',
  })
  hashtags!: string[];

  @Field(() => Int, { description: 'Counted the way the platform counts (X: weighted, URLs as 23).' })
  characterCount!: number;

  @Field(() => ContentStatus, { description: 'DRAFT, or FLAGGED when moderation found something to look at.' })
  status!: ContentStatus;

  @Field(() => DateTime, { description: 'When generation wrote it.' })
  createdAt!: Date;
}

@ObjectType('PlatformContent', {
  simpleResolvers: true,
  description: "A campaign's current variants for one platform.",
})
export class PlatformContentType {
  @Field(() => Platform, { description: 'The platform.' })
  platform!: Platform;

  @Field(() => [ContentVariantType], { description: 'The variants, in the order generation wrote them.' })
  variants!: ContentVariantType[];
}

@ObjectType('TokenUsage', {
  simpleResolvers: true,
  description: 'What a generation cost in language-model tokens and money.',
})
export class TokenUsageType {
  @Field(() => Int, { description: 'Tokens sent to the model (prompts), cached ones included.' })
  promptTokens!: number;

  @Field(() => Int, { description: 'Tokens the model wrote.' })
  completionTokens!: number;

  @Field(() => Int, { description: 'Prompt tokens the provider served from its prompt cache (billed cheaper).' })
  cachedTokens!: number;

  @Field(() => Float, {
    description: 'Estimated cost in US dollars at list prices; 0 offline and for models without a known price.',
  })
  costUsd!: number;
}

@ObjectType('GenerationJob', {
  simpleResolvers: true,
  description: 'One run of generation for a campaign, from QUEUED to a final status.',
})
export class GenerationJobType {
  @Field(() => ID, { description: 'The job id, for generationJob, generationProgress and cancelGeneration.' })
  id!: string;

  @Field(() => JobStatus, { description: 'Where the job is; SUCCEEDED, FAILED and CANCELLED are final.' })
  status!: JobStatus;

  @Field(() => GenerationStage, { description: 'The step the job is at.' })
  stage!: GenerationStage;

  @Field(() => Float, { description: 'How far the job is, 0..1; it never decreases.' })
  progress!: number;

  @Field(() => String, { description: 'The writer that runs it, e.g. "openai:gpt-4o-mini" or "offline".' })
  provider!: string;

  @Field(() => Boolean, {
    description: 'True when a fallback writer was used for some of the work (see degradedReason).',
  })
  degraded!: boolean;

  @Field(() => String, {
    nullable: true,
    description: 'Why the fallback writer was used (HTTP status, timeout, breaker open); null when not degraded.',
  })
  degradedReason?: string | null;

  @Field(() => String, { nullable: true, description: 'Why the job FAILED or was CANCELLED; null otherwise.' })
  error?: string | null;

  @Field(() => TokenUsageType, {
    description:
      'Tokens and cost, recorded when the job succeeds or fails (zeros before that, and for a cancelled job).',
  })
  usage!: TokenUsageType;

  @Field(() => DateTime, { description: 'When the job was accepted.' })
  createdAt!: Date;

  @Field(() => DateTime, { nullable: true, description: 'When a worker started it; null while QUEUED.' })
  startedAt?: Date | null;

  @Field(() => DateTime, { nullable: true, description: 'When it reached its final status; null until then.' })
  finishedAt?: Date | null;
}

@ObjectType('Campaign', {
  simpleResolvers: true,
  description: 'A brief and the copy generated from it for each platform.',
})
export class CampaignType {
  @Field(() => ID, { description: 'The campaign id.' })
  id!: string;

  @Field(() => String, { description: 'A name for people, e.g. "Spring launch".' })
  name!: string;

  @Field(() => CampaignStatus, { description: 'Where the campaign is in its life.' })
  status!: CampaignStatus;

  @Field(() => BriefType, { description: 'What the campaign is about.' })
  brief!: BriefType;

  @Field(() => OutlineType, { nullable: true, description: 'The outline of the latest generation; null before one.' })
  outline?: OutlineType | null;

  @Field(() => DateTime, { description: 'When the campaign was created; lists are ordered by it, newest first.' })
  createdAt!: Date;

  @Field(() => DateTime, { description: 'When the campaign, its status or its content last changed.' })
  updatedAt!: Date;
}

@ObjectType('PageInfo', {
  simpleResolvers: true,
  description: 'Where a page sits in the whole list (the Relay connection specification).',
})
export class PageInfoType {
  @Field(() => Boolean, { description: 'True when more items follow this page: ask again with `after: endCursor`.' })
  hasNextPage!: boolean;

  @Field(() => String, { nullable: true, description: "The last edge's cursor; null when the page is empty." })
  endCursor!: string | null;

  @Field(() => Boolean, {
    description:
      'True when the page was asked for with `after` (the item at that cursor comes before it), false on the first ' +
      'page. Paging is forward-only, so this is not looked up: it stays true even if the item at the cursor has ' +
      'since been deleted (or no longer matches the filter) and nothing precedes the page any more.',
  })
  hasPreviousPage!: boolean;

  @Field(() => String, { nullable: true, description: "The first edge's cursor; null when the page is empty." })
  startCursor!: string | null;
}

@ObjectType('CampaignEdge', { simpleResolvers: true, description: 'One campaign in a page, with its position.' })
export class CampaignEdgeType {
  @Field(() => String, { description: 'Opaque position of this campaign; pass it as `after` to read on from here.' })
  cursor!: string;

  @Field(() => CampaignType, { description: 'The campaign.' })
  node!: CampaignType;
}

@ObjectType('CampaignConnection', {
  simpleResolvers: true,
  description: 'One page of campaigns, newest first (a Relay connection).',
})
export class CampaignConnectionType {
  @Field(() => [CampaignEdgeType], { description: 'The campaigns of this page, newest first.' })
  edges!: CampaignEdgeType[];

  @Field(() => PageInfoType, { description: 'Cursors and whether more pages exist.' })
  pageInfo!: PageInfoType;
}

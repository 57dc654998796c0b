import { Field, Float, ID, Int, ObjectType } from 'type-graphql';
import { CampaignStatus, ContentStatus, GenerationStage, JobStatus, Platform, Tone } from './enums';
import { DateTime } from './scalars';

@ObjectType('Brief')
export class BriefType {
  @Field(() => String)
  productName!: string;

  @Field(() => String, { nullable: true })
  description!: string | null;

  @Field(() => [String])
  features!: string[];

  @Field(() => String, { nullable: true })
  audience!: string | null;

  @Field(() => Tone)
  tone!: Tone;

  @Field(() => [Platform])
  platforms!: Platform[];

  @Field(() => [String])
  keywords!: string[];

  @Field(() => String, { nullable: true })
  callToAction!: string | null;

  @Field(() => String, { nullable: true })
  url!: string | null;

  @Field(() => String, { description: 'BCP 47 tag' })
  language!: string;
}

@ObjectType('Outline')
export class OutlineType {
  @Field(() => String)
  headline!: string;

  @Field(() => [String])
  keyMessages!: string[];

  @Field(() => String, { nullable: true })
  angle!: string | null;
}

@ObjectType('ContentVariant')
export class ContentVariantType {
  @Field(() => ID)
  id!: string;

  @Field(() => Platform)
  platform!: Platform;

  @Field(() => String, { nullable: true, description: 'Blog title or email subject.' })
  title?: string | null;

  @Field(() => String)
  body!: string;

  @Field(() => [String])
  hashtags!: string[];

  @Field(() => Int, { description: 'Counted the way the platform counts (X: weighted, URLs as 23).' })
  characterCount!: number;

  @Field(() => ContentStatus)
  status!: ContentStatus;

  @Field(() => DateTime)
  createdAt!: Date;
}

@ObjectType('PlatformContent')
export class PlatformContentType {
  @Field(() => Platform)
  platform!: Platform;

  @Field(() => [ContentVariantType])
  variants!: ContentVariantType[];
}

@ObjectType('TokenUsage')
export class TokenUsageType {
  @Field(() => Int)
  promptTokens!: number;

  @Field(() => Int)
  completionTokens!: number;

  @Field(() => Int)
  cachedTokens!: number;

  @Field(() => Float)
  costUsd!: number;
}

@ObjectType('GenerationJob')
export class GenerationJobType {
  @Field(() => ID)
  id!: string;

  @Field(() => JobStatus)
  status!: JobStatus;

  @Field(() => GenerationStage)
  stage!: GenerationStage;

  @Field(() => Float, { description: '0..1, never decreases.' })
  progress!: number;

  @Field(() => String, { description: 'e.g. "openai:gpt-4o-mini" or "offline".' })
  provider!: string;

  @Field(() => Boolean, { description: 'True when a fallback writer was used.' })
  degraded!: boolean;

  @Field(() => String, {
    nullable: true,
    description: 'Why the fallback writer was used (HTTP status, timeout, breaker open); null when not degraded.',
  })
  degradedReason?: string | null;

  @Field(() => String, { nullable: true })
  error?: string | null;

  @Field(() => TokenUsageType)
  usage!: TokenUsageType;

  @Field(() => DateTime)
  createdAt!: Date;

  @Field(() => DateTime, { nullable: true })
  startedAt?: Date | null;

  @Field(() => DateTime, { nullable: true })
  finishedAt?: Date | null;
}

@ObjectType('Campaign')
export class CampaignType {
  @Field(() => ID)
  id!: string;

  @Field(() => String)
  name!: string;

  @Field(() => CampaignStatus)
  status!: CampaignStatus;

  @Field(() => BriefType)
  brief!: BriefType;

  @Field(() => OutlineType, { nullable: true })
  outline?: OutlineType | null;

  @Field(() => DateTime)
  createdAt!: Date;

  @Field(() => DateTime)
  updatedAt!: Date;
}

@ObjectType('PageInfo', { description: 'Where a page sits in the whole list (the Relay connection specification).' })
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

@ObjectType('CampaignEdge')
export class CampaignEdgeType {
  @Field(() => String)
  cursor!: string;

  @Field(() => CampaignType)
  node!: CampaignType;
}

@ObjectType('CampaignConnection')
export class CampaignConnectionType {
  @Field(() => [CampaignEdgeType])
  edges!: CampaignEdgeType[];

  @Field(() => PageInfoType)
  pageInfo!: PageInfoType;
}

import { Field, Float, ID, InputType, Int, ObjectType } from 'type-graphql';
import { TokenUsageType } from './campaign.type';
import { UsagePeriod } from './enums';
import { DateTime } from './scalars';

@ObjectType('UsageBreakdown', { description: 'One slice of a usage report: an API key, a model or an operation.' })
export class UsageBreakdownType {
  @Field(() => String, {
    description:
      'What the slice is of: the API key id, the model name, or the operation (outline, variants, rewrite, shorten).',
  })
  key!: string;

  @Field(() => String, { description: "A readable name: the key's name and prefix, or the same as `key`." })
  label!: string;

  @Field(() => Int, {
    description: 'For a key: the GraphQL requests it made. For a model or an operation: the model calls.',
  })
  requests!: number;

  @Field(() => Int, { description: 'Model calls, answers from the response cache included.' })
  calls!: number;

  @Field(() => Int, { description: 'Model calls answered from the LLM response cache (no cost).' })
  cacheHits!: number;

  @Field(() => TokenUsageType, { description: 'Tokens and cost of those calls.' })
  usage!: TokenUsageType;
}

@ObjectType('UsageDay', { description: 'One UTC day of a usage report: its requests and model calls.' })
export class UsageDayType {
  @Field(() => String, { description: 'The day, YYYY-MM-DD (UTC).' })
  date!: string;

  @Field(() => Int, { description: 'GraphQL requests that day (of the key reported on, or of the workspace).' })
  requests!: number;

  @Field(() => Int, { description: 'Model calls, answers from the response cache included.' })
  calls!: number;

  @Field(() => Int, { description: 'Model calls answered from the LLM response cache (no cost).' })
  cacheHits!: number;

  @Field(() => TokenUsageType, { description: 'Tokens and cost of that day’s calls.' })
  usage!: TokenUsageType;
}

@ObjectType('UsageReport', {
  description: 'What a workspace, or one of its keys, used in the current UTC day or month.',
})
export class UsageReportType {
  @Field(() => UsagePeriod, { description: 'The period reported.' })
  period!: UsagePeriod;

  @Field(() => DateTime, { description: 'Start of the period (inclusive).' })
  from!: Date;

  @Field(() => DateTime, { description: 'End of the period (exclusive): when day or month limits start afresh.' })
  to!: Date;

  @Field(() => ID, { nullable: true, description: 'The key reported on; null: the whole workspace.' })
  apiKeyId?: string | null;

  @Field(() => Int, {
    description:
      'GraphQL requests (HTTP requests and WebSocket operations). Other instances write their counts every ' +
      'COPYDESK_USAGE_FLUSH_MS, so theirs may lag by that much.',
  })
  requests!: number;

  @Field(() => Int, { description: 'Generation jobs started.' })
  generations!: number;

  @Field(() => Int, { description: 'Copy variants written by generation.' })
  variants!: number;

  @Field(() => Int, {
    description: 'Tokens held by queued and running generations (their estimates, less what they used so far).',
  })
  reservedTokens!: number;

  @Field(() => Float, { description: 'US dollars held by queued and running generations.' })
  reservedCostUsd!: number;

  @Field(() => Int, {
    description: 'Model calls, answers from the response cache included (the offline writer is free and not counted).',
  })
  calls!: number;

  @Field(() => Int, { description: 'Model calls answered from the LLM response cache.' })
  cacheHits!: number;

  @Field(() => Float, { description: 'cacheHits / calls, from 0 to 1 (0 when there were no calls).' })
  cacheHitRatio!: number;

  @Field(() => TokenUsageType, { description: 'Tokens and cost of every model call in the period.' })
  usage!: TokenUsageType;

  @Field(() => [UsageBreakdownType], { description: 'Per API key, most expensive first.' })
  byApiKey!: UsageBreakdownType[];

  @Field(() => [UsageBreakdownType], { description: 'Per model, most expensive first.' })
  byModel!: UsageBreakdownType[];

  @Field(() => [UsageBreakdownType], {
    description: 'Per operation (outline, variants, rewrite, shorten), most expensive first.',
  })
  byOperation!: UsageBreakdownType[];

  @Field(() => [UsageDayType], {
    description: 'Every UTC day of the period up to today, oldest first; days without use are zeros.',
  })
  byDay!: UsageDayType[];
}

/** The five limits, the same in what is read and what is set. */
@ObjectType()
@InputType()
abstract class LimitFields {
  @Field(() => Int, { nullable: true, description: 'GraphQL requests per UTC day.' })
  requestsPerDay?: number | null;

  @Field(() => Int, { nullable: true, description: 'Model tokens (prompt + completion) per UTC day.' })
  tokensPerDay?: number | null;

  @Field(() => Int, { nullable: true, description: 'Model tokens (prompt + completion) per UTC month.' })
  tokensPerMonth?: number | null;

  @Field(() => Float, { nullable: true, description: 'Model cost in US dollars per UTC day.' })
  costPerDayUsd?: number | null;

  @Field(() => Float, { nullable: true, description: 'Model cost in US dollars per UTC month.' })
  costPerMonthUsd?: number | null;
}

@ObjectType('UsageLimits', {
  description: "Caps on what a workspace, or one key, may use; null: no cap. Both the workspace's and the key's apply.",
})
export class UsageLimitsType extends LimitFields {
  @Field(() => ID, { nullable: true, description: "The key these limits are for; null: the workspace's." })
  apiKeyId?: string | null;
}

@InputType('UsageLimitsInput', {
  description: 'Limits to set. A field left out keeps its value; null clears the limit. Values are 0 or more.',
})
export class UsageLimitsInput extends LimitFields {
  @Field(() => ID, { nullable: true, description: 'The key to limit; unset: the workspace.' })
  apiKeyId?: string | null;
}

import { ArgsType, Field, ID, InputType, Int } from 'type-graphql';
import { CAMPAIGN_LIMITS as LIMITS } from '../services/campaigns/campaign.limits';
import { CampaignStatus, Platform, Tone } from './enums';

@InputType('BriefInput', { description: 'What the campaign is about. Limits are checked by the server (API.md).' })
export class BriefInput {
  @Field(() => String, {
    description: `The product or service to promote: 1–${LIMITS.maxProductNameLength} characters after trimming.`,
  })
  productName!: string;

  @Field(() => String, {
    nullable: true,
    description: `What the product is and does: at most ${LIMITS.maxDescriptionLength} characters.`,
  })
  description?: string | null;

  @Field(() => [String], {
    description: `Features or benefits to highlight: ${LIMITS.minFeatures}–${LIMITS.maxFeatures} items, each 1–${LIMITS.maxFeatureLength} characters.`,
  })
  features!: string[];

  @Field(() => String, {
    nullable: true,
    description: `Who the copy is for: at most ${LIMITS.maxAudienceLength} characters.`,
  })
  audience?: string | null;

  @Field(() => Tone, { description: 'The voice to write in.' })
  tone!: Tone;

  @Field(() => [Platform], {
    description: `Where the copy will be posted: ${LIMITS.minPlatforms}–${LIMITS.maxPlatforms} platforms, no duplicates.`,
  })
  platforms!: Platform[];

  @Field(() => [String], {
    nullable: true,
    description: `Words the copy should contain: at most ${LIMITS.maxKeywords}, each at most ${LIMITS.maxKeywordLength} characters.`,
  })
  keywords?: string[] | null;

  @Field(() => String, {
    nullable: true,
    description: `What the reader should do: at most ${LIMITS.maxCallToActionLength} characters.`,
  })
  callToAction?: string | null;

  @Field(() => String, { nullable: true, description: 'The http(s) link the copy points to.' })
  url?: string | null;

  @Field(() => String, { nullable: true, description: 'The language to write in, a BCP 47 tag; default "en".' })
  language?: string | null;
}

@InputType('CreateCampaignInput', { description: 'A new campaign: it starts as a DRAFT with no content.' })
export class CreateCampaignInput {
  @Field(() => String, { description: 'A name for people: 1–200 characters after trimming.' })
  name!: string;

  @Field(() => BriefInput, { description: 'What the campaign is about.' })
  brief!: BriefInput;
}

@InputType('UpdateCampaignInput', { description: 'Changes to a campaign; fields left out or null stay as they are.' })
export class UpdateCampaignInput {
  @Field(() => String, { nullable: true, description: 'A new name (1–200 characters after trimming).' })
  name?: string | null;

  @Field(() => BriefInput, {
    nullable: true,
    description: 'A new brief, replacing the old one whole; content already generated is kept.',
  })
  brief?: BriefInput | null;
}

@ArgsType()
export class CampaignsArgs {
  @Field(() => Int, {
    nullable: true,
    defaultValue: LIMITS.defaultPageSize,
    description: `How many campaigns to return: 1–${LIMITS.maxPageSize}.`,
  })
  first!: number | null;

  @Field(() => String, {
    nullable: true,
    description: 'Return the campaigns after this cursor: the endCursor of the previous page.',
  })
  after?: string | null;

  @Field(() => CampaignStatus, { nullable: true, description: 'Only campaigns with this status.' })
  status?: CampaignStatus | null;

  @Field(() => String, {
    nullable: true,
    description: 'Only campaigns whose name or product name contains this text (case-insensitive; ≤ 200 characters).',
  })
  search?: string | null;
}

@ArgsType()
export class UpdateCampaignArgs {
  @Field(() => ID, { description: 'The campaign to change.' })
  id!: string;

  @Field(() => UpdateCampaignInput, { description: 'The changes.' })
  input!: UpdateCampaignInput;
}

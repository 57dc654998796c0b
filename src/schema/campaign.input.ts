import { ArgsType, Field, ID, InputType, Int } from 'type-graphql';
import { CAMPAIGN_LIMITS as LIMITS } from '../services/campaigns/campaign.limits';
import { CampaignStatus, Platform, Tone } from './enums';

@InputType('BriefInput', { description: 'What the campaign is about. Limits are checked by the server (API.md).' })
export class BriefInput {
  @Field(() => String, { description: `1–${LIMITS.maxProductNameLength} characters after trimming` })
  productName!: string;

  @Field(() => String, { nullable: true, description: `≤ ${LIMITS.maxDescriptionLength} characters` })
  description?: string | null;

  @Field(() => [String], {
    description: `${LIMITS.minFeatures}–${LIMITS.maxFeatures} items, each 1–${LIMITS.maxFeatureLength} characters`,
  })
  features!: string[];

  @Field(() => String, { nullable: true, description: `≤ ${LIMITS.maxAudienceLength} characters` })
  audience?: string | null;

  @Field(() => Tone)
  tone!: Tone;

  @Field(() => [Platform], { description: `${LIMITS.minPlatforms}–${LIMITS.maxPlatforms}, no duplicates` })
  platforms!: Platform[];

  @Field(() => [String], {
    nullable: true,
    description: `≤ ${LIMITS.maxKeywords}, each ≤ ${LIMITS.maxKeywordLength} characters`,
  })
  keywords?: string[] | null;

  @Field(() => String, { nullable: true, description: `≤ ${LIMITS.maxCallToActionLength} characters` })
  callToAction?: string | null;

  @Field(() => String, { nullable: true, description: 'http(s) URL' })
  url?: string | null;

  @Field(() => String, { nullable: true, description: 'BCP 47 tag, default "en"' })
  language?: string | null;
}

@InputType('CreateCampaignInput')
export class CreateCampaignInput {
  @Field(() => String)
  name!: string;

  @Field(() => BriefInput)
  brief!: BriefInput;
}

@InputType('UpdateCampaignInput')
export class UpdateCampaignInput {
  @Field(() => String, { nullable: true })
  name?: string | null;

  @Field(() => BriefInput, { nullable: true })
  brief?: BriefInput | null;
}

@ArgsType()
export class CampaignsArgs {
  @Field(() => Int, {
    nullable: true,
    defaultValue: LIMITS.defaultPageSize,
    description: `1–${LIMITS.maxPageSize}`,
  })
  first!: number | null;

  @Field(() => String, { nullable: true, description: 'The endCursor of the previous page.' })
  after?: string | null;

  @Field(() => CampaignStatus, { nullable: true })
  status?: CampaignStatus | null;

  @Field(() => String, { nullable: true, description: 'Case-insensitive, in the name and the product name.' })
  search?: string | null;
}

@ArgsType()
export class UpdateCampaignArgs {
  @Field(() => ID)
  id!: string;

  @Field(() => UpdateCampaignInput)
  input!: UpdateCampaignInput;
}

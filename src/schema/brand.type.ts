import { Field, InputType, ObjectType, registerEnumType } from 'type-graphql';
import { EmojiPolicy } from '../entities';
import { BRAND_LIMITS as LIMITS } from '../services/brand/brand.limits';
import { DateTime } from './scalars';

registerEnumType(EmojiPolicy, { name: 'EmojiPolicy', description: 'NONE: no emoji; SOME: a few; ANY: no limit.' });

@ObjectType('BrandProfile', { description: "The workspace's brand rules, used by generation and moderation." })
export class BrandProfileType {
  @Field(() => String, { nullable: true, description: 'How the brand sounds, in a few sentences.' })
  voice!: string | null;

  @Field(() => [String], { description: 'Terms content must never contain (whole words, any case).' })
  bannedTerms!: string[];

  @Field(() => [String], { description: 'Competitor names; naming one is flagged.' })
  competitorNames!: string[];

  @Field(() => [String], { description: 'Terms every piece of content must contain.' })
  requiredTerms!: string[];

  @Field(() => [String], { description: 'Disclaimers every piece of content must carry.' })
  disclaimers!: string[];

  @Field(() => [String])
  preferredHashtags!: string[];

  @Field(() => EmojiPolicy)
  emojiPolicy!: EmojiPolicy;

  @Field(() => DateTime)
  updatedAt!: Date;
}

@InputType('BrandProfileInput', { description: 'Fields left out stay as they are; null clears, [] empties.' })
export class BrandProfileInput {
  @Field(() => String, { nullable: true, description: `≤ ${LIMITS.maxVoiceLength} characters` })
  voice?: string | null;

  @Field(() => [String], {
    nullable: true,
    description: `≤ ${LIMITS.maxBannedTerms} terms of ≤ ${LIMITS.maxTermLength} characters`,
  })
  bannedTerms?: string[] | null;

  @Field(() => [String], { nullable: true, description: `≤ ${LIMITS.maxCompetitorNames} names` })
  competitorNames?: string[] | null;

  @Field(() => [String], { nullable: true, description: `≤ ${LIMITS.maxRequiredTerms} terms` })
  requiredTerms?: string[] | null;

  @Field(() => [String], {
    nullable: true,
    description: `≤ ${LIMITS.maxDisclaimers} disclaimers of ≤ ${LIMITS.maxDisclaimerLength} characters`,
  })
  disclaimers?: string[] | null;

  @Field(() => [String], {
    nullable: true,
    description: `≤ ${LIMITS.maxPreferredHashtags} hashtags; "#" is added when missing`,
  })
  preferredHashtags?: string[] | null;

  @Field(() => EmojiPolicy, { nullable: true })
  emojiPolicy?: EmojiPolicy | null;
}

import { Field, InputType, ObjectType, registerEnumType } from 'type-graphql';
import { EmojiPolicy } from '../entities';
import { BRAND_LIMITS as LIMITS } from '../services/brand/brand.limits';
import { DateTime } from './scalars';

registerEnumType(EmojiPolicy, {
  name: 'EmojiPolicy',
  description: 'How many emoji the brand uses; moderation warns about emoji past the policy.',
  valuesConfig: {
    NONE: { description: 'No emoji at all.' },
    SOME: { description: 'A few: up to 3 in one text.' },
    ANY: { description: 'No limit (an emoji flood is still reported as spam).' },
  },
});

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

  @Field(() => [String], { description: 'Hashtags, with their "#", that generation prefers to use.' })
  preferredHashtags!: string[];

  @Field(() => EmojiPolicy, { description: 'How many emoji the brand uses.' })
  emojiPolicy!: EmojiPolicy;

  @Field(() => DateTime, { description: 'When the rules last changed.' })
  updatedAt!: Date;
}

@InputType('BrandProfileInput', { description: 'Fields left out stay as they are; null clears, [] empties.' })
export class BrandProfileInput {
  @Field(() => String, {
    nullable: true,
    description: `How the brand sounds: at most ${LIMITS.maxVoiceLength} characters.`,
  })
  voice?: string | null;

  @Field(() => [String], {
    nullable: true,
    description: `Terms content must never contain: at most ${LIMITS.maxBannedTerms}, each at most ${LIMITS.maxTermLength} characters.`,
  })
  bannedTerms?: string[] | null;

  @Field(() => [String], {
    nullable: true,
    description: `Competitor names to flag when named: at most ${LIMITS.maxCompetitorNames}.`,
  })
  competitorNames?: string[] | null;

  @Field(() => [String], {
    nullable: true,
    description: `Terms every piece of content must contain: at most ${LIMITS.maxRequiredTerms}.`,
  })
  requiredTerms?: string[] | null;

  @Field(() => [String], {
    nullable: true,
    description: `Disclaimers every piece of content must carry: at most ${LIMITS.maxDisclaimers}, each at most ${LIMITS.maxDisclaimerLength} characters.`,
  })
  disclaimers?: string[] | null;

  @Field(() => [String], {
    nullable: true,
    description: `Hashtags generation prefers: at most ${LIMITS.maxPreferredHashtags}; "#" is added when missing.`,
  })
  preferredHashtags?: string[] | null;

  @Field(() => EmojiPolicy, { nullable: true, description: 'How many emoji the brand uses.' })
  emojiPolicy?: EmojiPolicy | null;
}

import { Field, ID, InputType, Int, ObjectType, registerEnumType } from 'type-graphql';
import { VersionSource } from '../entities';
import { ModerationResultType, QualityScoreType } from './quality.type';
import { DateTime } from './scalars';

registerEnumType(VersionSource, {
  name: 'VersionSource',
  description: "Where a version's text came from.",
  valuesConfig: {
    GENERATED: { description: 'Written by a generation.' },
    EDITED: { description: 'Written by a person through editVariant.' },
    AUTO_FIX: { description: "Copydesk's suggested fixes, applied." },
    RESTORED: { description: 'A copy of an earlier version, made by restoreVersion.' },
  },
});

@ObjectType('ContentVersion', {
  description: 'One text a variant has had: immutable; approvals and scheduled posts point at a version.',
})
export class ContentVersionType {
  @Field(() => ID, { description: 'The version id: the `baseVersionId` of the next edit.' })
  id!: string;

  @Field(() => Int, { description: '1, 2, 3, … per variant.' })
  number!: number;

  @Field(() => String, { nullable: true, description: 'Blog title or email subject; null on other platforms.' })
  title?: string | null;

  @Field(() => String, { description: 'The text.' })
  body!: string;

  @Field(() => [String], { description: 'Hashtags with their "#".' })
  hashtags!: string[];

  @Field(() => String, {
    description: 'SHA-256 (hex) of title, body and hashtags: equal hashes are equal texts.',
  })
  contentHash!: string;

  @Field(() => VersionSource, { description: 'Where the text came from.' })
  source!: VersionSource;

  @Field(() => String, { nullable: true, description: 'The id of the API key that made it; null for generated text.' })
  createdBy?: string | null;

  @Field(() => DateTime, { description: 'When it was made.' })
  createdAt!: Date;

  @Field(() => ModerationResultType, { nullable: true, description: 'What moderation found in this text.' })
  moderation?: unknown;

  @Field(() => QualityScoreType, { nullable: true, description: 'How good this text is for its platform.' })
  quality?: unknown;
}

@InputType('EditVariantInput', {
  description: 'A new text for a variant, on top of the version the editor saw; fields left out stay as they are.',
})
export class EditVariantInput {
  @Field(() => ID, {
    description: 'The version the edit starts from; when it is no longer current, the edit is CONFLICT.',
  })
  baseVersionId!: string;

  @Field(() => String, { nullable: true, description: 'The new title (null clears it), at most 200 characters.' })
  title?: string | null;

  @Field(() => String, { nullable: true, description: 'The new text, 1–20,000 characters.' })
  body?: string | null;

  @Field(() => [String], { nullable: true, description: 'The new hashtags (at most 30); a missing "#" is added.' })
  hashtags?: string[] | null;
}

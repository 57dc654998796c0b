import { Field, ID, InputType, ObjectType } from 'type-graphql';
import { RateLimitTier, Role } from './enums';
import { DateTime } from './scalars';

@ObjectType('ApiKey', { description: 'An API key of the workspace, as ADMIN sees it; never its secret.' })
export class ApiKeyType {
  @Field(() => ID, { description: 'The key id (what `viewer.apiKeyId` shows, and what revokeApiKey takes).' })
  id!: string;

  @Field(() => String, { description: 'A label chosen when the key was made, e.g. "CI" or "dashboard".' })
  name!: string;

  @Field(() => String, { description: "The secret's first characters, to tell keys apart (e.g. cdk_kSOhC3dJ)." })
  prefix!: string;

  @Field(() => Role, { description: 'What the key may do.' })
  role!: Role;

  @Field(() => RateLimitTier, { description: 'The key\'s rate-limit budget (README "Rate limits").' })
  rateLimitTier!: RateLimitTier;

  @Field(() => DateTime, { description: 'When the key was made.' })
  createdAt!: Date;

  @Field(() => DateTime, {
    nullable: true,
    description: 'When the key was last used, to the minute (it is recorded at most once a minute); null: never.',
  })
  lastUsedAt?: Date | null;

  @Field(() => DateTime, {
    nullable: true,
    description: 'When the key stops working; null: never. A rotated key expires after the grace period.',
  })
  expiresAt?: Date | null;

  @Field(() => DateTime, { nullable: true, description: 'When the key was revoked; null: it was not.' })
  revokedAt?: Date | null;
}

@ObjectType('CreatedApiKey', { description: 'A new key and its secret, which is shown only this once.' })
export class CreatedApiKeyType {
  @Field(() => ApiKeyType, { description: 'The key as listed by apiKeys.' })
  apiKey!: ApiKeyType;

  @Field(() => String, { description: 'The secret to send as `Authorization: Bearer <secret>`; store it now.' })
  secret!: string;
}

@InputType('CreateApiKeyInput', { description: 'A new API key for the workspace.' })
export class CreateApiKeyInput {
  @Field(() => String, { description: 'A label to recognise the key by: 1–100 characters.' })
  name!: string;

  @Field(() => Role, { description: 'What the key may do.' })
  role!: Role;

  @Field(() => DateTime, { nullable: true, description: 'When the key stops working (in the future); default never.' })
  expiresAt?: Date | null;

  @Field(() => RateLimitTier, {
    nullable: true,
    description:
      "The key's rate-limit budget; default STANDARD. At most the tier of the key that makes it (else FORBIDDEN).",
  })
  rateLimitTier?: RateLimitTier | null;
}

import { Arg, Authorized, Ctx, ID, Mutation, Query, Resolver } from 'type-graphql';
import type { Context } from '../context';
import { type ApiKey, Role } from '../entities';
import { ApiKeyType, CreateApiKeyInput, CreatedApiKeyType } from '../schema/api-key.type';

@Resolver(() => ApiKeyType)
export class ApiKeyResolver {
  @Authorized(Role.ADMIN)
  @Query(() => [ApiKeyType], { description: "The workspace's API keys, newest first, revoked ones included (ADMIN)." })
  apiKeys(@Ctx() ctx: Context): Promise<ApiKey[]> {
    return ctx.services.apiKeys.list(ctx);
  }

  @Authorized(Role.ADMIN)
  @Mutation(() => CreatedApiKeyType, { description: 'Makes an API key (ADMIN); its secret is returned only here.' })
  createApiKey(
    @Arg('input', () => CreateApiKeyInput, { description: 'Name, role and optional expiry.' }) input: CreateApiKeyInput,
    @Ctx() ctx: Context,
  ): Promise<{ apiKey: ApiKey; secret: string }> {
    return ctx.services.apiKeys.createForWorkspace(ctx, input);
  }

  @Authorized(Role.ADMIN)
  @Mutation(() => ApiKeyType, {
    description: 'Revokes a key at once (ADMIN), open WebSocket operations included; the last ADMIN key is CONFLICT.',
  })
  revokeApiKey(@Arg('id', () => ID, { description: 'The key to revoke.' }) id: string, @Ctx() ctx: Context) {
    return ctx.services.apiKeys.revoke(ctx, id);
  }

  @Authorized(Role.ADMIN)
  @Mutation(() => CreatedApiKeyType, {
    description:
      'A new secret for a key (ADMIN): same name and role; the old secret keeps working for the grace period ' +
      '(COPYDESK_KEY_ROTATION_GRACE_S), then expires.',
  })
  rotateApiKey(@Arg('id', () => ID, { description: 'The key to rotate.' }) id: string, @Ctx() ctx: Context) {
    return ctx.services.apiKeys.rotate(ctx, id);
  }
}

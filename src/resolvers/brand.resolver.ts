import { Arg, Authorized, Ctx, Mutation, Query, Resolver } from 'type-graphql';
import type { Context } from '../context';
import { type BrandProfile, Role } from '../entities';
import { BrandProfileInput, BrandProfileType } from '../schema/brand.type';

@Resolver(() => BrandProfileType)
export class BrandResolver {
  @Query(() => BrandProfileType, { description: "Your workspace's brand rules." })
  brandProfile(@Ctx() ctx: Context): Promise<BrandProfile> {
    return ctx.services.brand.get(ctx);
  }

  @Authorized(Role.ADMIN)
  @Mutation(() => BrandProfileType, { description: 'Changes the brand rules (ADMIN).' })
  updateBrandProfile(
    @Arg('input', () => BrandProfileInput, { description: 'The rules to change.' }) input: BrandProfileInput,
    @Ctx() ctx: Context,
  ): Promise<BrandProfile> {
    return ctx.services.brand.update(ctx, input);
  }
}

import { Arg, Authorized, Ctx, ID, Mutation, Query, Resolver } from 'type-graphql';
import type { Context } from '../context';
import { Role } from '../entities';
import { UsagePeriod } from '../schema/enums';
import { UsageLimitsInput, UsageLimitsType, UsageReportType } from '../schema/usage.type';

@Resolver()
export class UsageResolver {
  @Authorized(Role.ADMIN)
  @Query(() => UsageReportType, {
    description: 'What the workspace, or one key, used in the current UTC day or month (ADMIN).',
  })
  usage(
    @Arg('period', () => UsagePeriod, { description: 'DAY or MONTH (UTC).' }) period: UsagePeriod,
    @Arg('apiKeyId', () => ID, { nullable: true, description: 'One key only; unset: the whole workspace.' })
    apiKeyId: string | null | undefined,
    @Ctx() ctx: Context,
  ) {
    return ctx.services.usage.report(ctx, period, apiKeyId);
  }

  @Authorized(Role.ADMIN)
  @Query(() => UsageLimitsType, { description: "The workspace's usage limits, or one key's (ADMIN)." })
  usageLimits(
    @Arg('apiKeyId', () => ID, { nullable: true, description: "A key's limits; unset: the workspace's." })
    apiKeyId: string | null | undefined,
    @Ctx() ctx: Context,
  ) {
    return ctx.services.usage.getLimits(ctx, apiKeyId);
  }

  @Authorized(Role.ADMIN)
  @Mutation(() => UsageLimitsType, {
    description:
      'Sets usage limits of the workspace or one key (ADMIN). Over a limit, requests and generations are ' +
      'refused with QUOTA_EXCEEDED and retryAfter; a running generation stops between two model calls.',
  })
  setUsageLimits(
    @Arg('input', () => UsageLimitsInput, { description: 'Whose limits, and the values to set or clear.' })
    input: UsageLimitsInput,
    @Ctx() ctx: Context,
  ) {
    return ctx.services.usage.setLimits(ctx, input);
  }
}

import { Arg, Authorized, Ctx, Int, Query, Resolver } from 'type-graphql';
import type { Context } from '../context';
import { Role } from '../entities';
import { AppError } from '../errors';
import { AuditConnectionType } from '../schema/audit.type';

@Resolver()
export class AuditResolver {
  @Authorized(Role.ADMIN)
  @Query(() => AuditConnectionType, {
    description: "The workspace's audit log, newest first (ADMIN): every mutation and every refused authorisation.",
  })
  async auditLog(
    @Arg('first', () => Int, { defaultValue: 20, description: 'Entries per page: 1–100.' }) first: number,
    @Arg('after', () => String, { nullable: true, description: 'The cursor of the last entry of the previous page.' })
    after: string | null | undefined,
    @Ctx() ctx: Context,
  ): Promise<AuditConnectionType> {
    if (!Number.isInteger(first) || first < 1 || first > 100) {
      throw AppError.badInput([{ path: 'first', message: 'must be between 1 and 100' }]);
    }
    const page = await ctx.services.audit.list(ctx, first, after);
    return {
      edges: page.entries,
      pageInfo: {
        hasNextPage: page.hasNextPage,
        hasPreviousPage: page.hasPreviousPage,
        startCursor: page.entries[0]?.cursor ?? null,
        endCursor: page.entries.at(-1)?.cursor ?? null,
      },
    };
  }
}

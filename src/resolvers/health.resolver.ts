import { Authorized, Ctx, Query, Resolver, Root, Subscription } from 'type-graphql';
import type { Context } from '../context';
import { Role } from '../schema/enums';
import { HealthAlertType as HealthAlertObject, type HealthAlertType, HealthReportType } from '../schema/health.type';
import type { HealthAlertData } from '../services/health/health.types';

@Resolver()
export class HealthResolver {
  @Query(() => HealthReportType, { description: 'The latest health report of the answering instance (any role).' })
  async health(@Ctx() ctx: Context): Promise<HealthReportType> {
    const report = await ctx.services.health.report();
    return { ...report, checkedAt: new Date(report.checkedAt) } as HealthReportType;
  }

  @Authorized(Role.EDITOR)
  @Subscription(() => HealthAlertObject, {
    description: 'Every health check status change of every instance, live (EDITOR and ADMIN).',
    subscribe: ({ context }) => (context as Context).services.health.alerts(),
  })
  healthAlerts(@Root() alert: HealthAlertData): HealthAlertType {
    return { ...alert, at: new Date(alert.at) } as HealthAlertType;
  }
}

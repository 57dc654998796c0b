import { Ctx, Query, Resolver } from 'type-graphql';
import type { Context } from '../context';
import { ViewerType } from '../schema/viewer.type';

@Resolver(() => ViewerType)
export class ViewerResolver {
  @Query(() => ViewerType, { description: 'The caller: workspace, role and key.' })
  viewer(@Ctx() ctx: Context): ViewerType {
    return ctx.viewer;
  }
}

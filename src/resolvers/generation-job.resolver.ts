import { Arg, Ctx, FieldResolver, ID, Query, Resolver, Root } from 'type-graphql';
import type { Context } from '../context';
import type { Campaign, GenerationJob } from '../entities';
import { CampaignType, GenerationJobType } from '../schema/campaign.type';

@Resolver(() => GenerationJobType)
export class GenerationJobResolver {
  @Query(() => GenerationJobType, { nullable: true, description: 'A generation job of your workspace, or null.' })
  generationJob(
    @Arg('id', () => ID, { description: 'The job id.' }) id: string,
    @Ctx() ctx: Context,
  ): Promise<GenerationJob | null> {
    return ctx.services.jobs.find(ctx, id);
  }

  @FieldResolver(() => CampaignType, { description: 'The campaign the job writes for.' })
  async campaign(
    @Root() job: Pick<GenerationJob, 'id'> & { campaign: { id: string } },
    @Ctx() ctx: Context,
  ): Promise<Campaign> {
    const campaign = await ctx.loaders.campaign.load(job.campaign.id);
    if (!campaign) throw new Error(`job ${job.id} has no campaign`);
    return campaign;
  }
}

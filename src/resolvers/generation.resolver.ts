import { Arg, Authorized, Ctx, ID, Mutation, Query, Resolver, Root, Subscription } from 'type-graphql';
import type { Context } from '../context';
import { type GenerationJob, Role } from '../entities';
import { GenerationJobType } from '../schema/campaign.type';
import { CostEstimateObject, GenerateCampaignInput, GenerationEventObject } from '../schema/generation.type';
import type { CostEstimateData } from '../services/generation/estimate';
import type { GenerationEventMessage } from '../services/generation/generation-stream.types';

@Resolver()
export class GenerationResolver {
  @Authorized(Role.EDITOR)
  @Mutation(() => GenerationJobType, {
    description: 'Starts generation (EDITOR); returns at once with a QUEUED job. CONFLICT while one is running.',
  })
  generateCampaign(
    @Arg('input', () => GenerateCampaignInput, { description: 'The campaign, platforms and variant count.' })
    input: GenerateCampaignInput,
    @Ctx() ctx: Context,
  ): Promise<GenerationJob> {
    return ctx.services.generation.enqueue(ctx, input);
  }

  @Query(() => CostEstimateObject, {
    description: 'What generateCampaign with this input would use and cost, before anything runs; writes nothing.',
  })
  estimateGeneration(
    @Arg('input', () => GenerateCampaignInput, { description: 'The input generateCampaign would get.' })
    input: GenerateCampaignInput,
    @Ctx() ctx: Context,
  ): Promise<CostEstimateData> {
    return ctx.services.generation.estimate(ctx, input);
  }

  @Authorized(Role.EDITOR)
  @Mutation(() => GenerationJobType, {
    description: 'Stops a QUEUED or RUNNING job (EDITOR); previous content is kept.',
  })
  cancelGeneration(
    @Arg('jobId', () => ID, { description: 'The job to stop.' }) jobId: string,
    @Ctx() ctx: Context,
  ): Promise<GenerationJob> {
    return ctx.services.generation.cancel(ctx, jobId);
  }

  @Subscription(() => GenerationEventObject, {
    description: 'SNAPSHOT first, then live events; ends after COMPLETED, FAILED or CANCELLED.',
    subscribe: ({ args, context }) =>
      (context as Context).services.generation.progress(context as Context, args.jobId, args.batchTokens === true),
  })
  generationProgress(
    @Root() event: GenerationEventMessage,
    @Arg('jobId', () => ID, { description: 'The job to follow.' }) _jobId: string,
    @Arg('batchTokens', () => Boolean, {
      defaultValue: false,
      description:
        'When true, the deltas written in the same moment arrive together: one TOKENS event (`tokens`) per flush instead of one TOKEN event per variant. Fewer messages for a client that follows every variant; a reset still comes as a TOKEN event.',
    })
    _batchTokens: boolean,
  ): GenerationEventMessage {
    return event;
  }
}

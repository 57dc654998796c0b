import 'reflect-metadata';
import '../schema/enums';
import { createPubSub, type PubSub } from '@graphql-yoga/subscription';
import type { GraphQLSchema } from 'graphql';
import { buildSchema } from 'type-graphql';
import { DateTime } from '../schema/scalars';
import type { StreamTopics } from '../services/generation/generation-stream.types';
import {
  EngagementResolver,
  ExperimentArmResolver,
  ExperimentResolver,
  VariantAnalyticsResolver,
} from './analytics.resolver';
import { ApiKeyResolver } from './api-key.resolver';
import { AuditResolver } from './audit.resolver';
import { authChecker } from './auth-checker';
import { BrandResolver } from './brand.resolver';
import { CampaignConnectionResolver, CampaignResolver } from './campaign.resolver';
import { ContentCheckResolver } from './content-check.resolver';
import { ContentUpdatesResolver } from './content-updates.resolver';
import { ContentVariantResolver } from './content-variant.resolver';
import { ExportResolver } from './export.resolver';
import { GenerationResolver } from './generation.resolver';
import { GenerationJobResolver } from './generation-job.resolver';
import { HealthResolver } from './health.resolver';
import { ReviewResolver, VariantApprovalResolver } from './review.resolver';
import { ReviewLinkResolver } from './review-link.resolver';
import { PostSeriesResolver, ScheduledPostResolver, VariantPostsResolver } from './schedule.resolver';
import { TemplateResolver } from './template.resolver';
import { UsageResolver } from './usage.resolver';
import { ViewerResolver } from './viewer.resolver';
import { WebhookResolver } from './webhook.resolver';

/**
 * Builds the executable schema from the resolvers. Input validation lives in services, not decorators.
 * Subscriptions bring their own `subscribe`; type-graphql still insists on a PubSub, so pass the event bus's.
 */
export async function buildCopydeskSchema(pubSub: PubSub<StreamTopics> = createPubSub()): Promise<GraphQLSchema> {
  const schema = await buildSchema({
    pubSub,
    resolvers: [
      ViewerResolver,
      ApiKeyResolver,
      CampaignResolver,
      CampaignConnectionResolver,
      GenerationJobResolver,
      GenerationResolver,
      BrandResolver,
      TemplateResolver,
      ContentCheckResolver,
      ContentVariantResolver,
      ContentUpdatesResolver,
      UsageResolver,
      AuditResolver,
      HealthResolver,
      WebhookResolver,
      ExportResolver,
      ReviewResolver,
      VariantApprovalResolver,
      ReviewLinkResolver,
      ScheduledPostResolver,
      PostSeriesResolver,
      VariantPostsResolver,
      EngagementResolver,
      ExperimentResolver,
      ExperimentArmResolver,
      VariantAnalyticsResolver,
    ],
    authChecker,
    authMode: 'error',
    scalarsMap: [{ type: Date, scalar: DateTime }],
    validate: false,
    emitSchemaFile: false,
  });
  describeRootTypes(schema);
  return schema;
}

/** type-graphql has no option for the root types' descriptions; the schema was just built, so set them here. */
function describeRootTypes(schema: GraphQLSchema): void {
  const described = [
    [schema.getQueryType(), 'Reads. Every operation needs an API key (Authorization: Bearer <key>).'],
    [
      schema.getMutationType(),
      'Writes. Each names the least role it needs (none named: any key); a refused one changes nothing.',
    ],
    [
      schema.getSubscriptionType(),
      'Live feeds over WebSocket on /graphql (graphql-transport-ws; the key goes in connectionParams).',
    ],
  ] as const;
  for (const [type, description] of described) if (type) type.description = description;
}

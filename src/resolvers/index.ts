import 'reflect-metadata';
import '../schema/enums';
import type { GraphQLSchema } from 'graphql';
import { buildSchema } from 'type-graphql';
import { DateTime } from '../schema/scalars';
import { authChecker } from './auth-checker';
import { CampaignConnectionResolver, CampaignResolver } from './campaign.resolver';
import { GenerationJobResolver } from './generation-job.resolver';
import { ViewerResolver } from './viewer.resolver';

/** Builds the executable schema from the resolvers. Input validation lives in services, not decorators. */
export function buildCopydeskSchema(): Promise<GraphQLSchema> {
  return buildSchema({
    resolvers: [ViewerResolver, CampaignResolver, CampaignConnectionResolver, GenerationJobResolver],
    authChecker,
    authMode: 'error',
    scalarsMap: [{ type: Date, scalar: DateTime }],
    validate: false,
    emitSchemaFile: false,
  });
}

import { initGraphQLTada } from 'gql.tada';
import type { introspection } from './graphql-env';

/**
 * `graphql(...)` documents typed from schema.graphql (gql.tada): `npm run typecheck` regenerates graphql-env.d.ts
 * from the committed schema, so a schema change that breaks a screen fails the typecheck.
 */
export const graphql = initGraphQLTada<{
  introspection: introspection;
  scalars: { DateTime: string; ID: string };
}>();

export type { FragmentOf, ResultOf, VariablesOf } from 'gql.tada';
export { readFragment } from 'gql.tada';

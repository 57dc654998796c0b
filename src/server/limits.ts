import { costLimitRule } from '@escape.tech/graphql-armor-cost-limit';
import { maxAliasesRule } from '@escape.tech/graphql-armor-max-aliases';
import { maxDepthRule } from '@escape.tech/graphql-armor-max-depth';
import type { GraphQLError, ValidationContext, ValidationRule } from 'graphql';

/**
 * Limits on the shape of one operation, so a hostile client cannot make the server parse or plan without end.
 * The deepest useful query (campaigns → edges → node → contents → variants → field) is 6 levels.
 */
export const QUERY_LIMITS = {
  maxTokens: 5_000,
  maxDepth: 10,
  maxAliases: 15,
  maxCost: 5_000,
} as const;

/**
 * By default graphql-armor throws out of `validate()`, which Apollo answers as a 500; reporting the error
 * instead makes a rejected operation an ordinary validation failure (BAD_USER_INPUT).
 */
const reportRejection = {
  propagateOnRejection: false,
  onReject: [(context: ValidationContext | null, error: GraphQLError) => context?.reportError(error)],
};

/** Validation rules added to graphql's own, for HTTP and WebSocket alike. */
export const limitRules: ValidationRule[] = [
  maxDepthRule({ n: QUERY_LIMITS.maxDepth, ignoreIntrospection: true, exposeLimits: true, ...reportRejection }),
  maxAliasesRule({ n: QUERY_LIMITS.maxAliases, exposeLimits: true, ...reportRejection }),
  costLimitRule({ maxCost: QUERY_LIMITS.maxCost, ignoreIntrospection: true, exposeLimits: true, ...reportRejection }),
];

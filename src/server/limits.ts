import { costLimitRule } from '@escape.tech/graphql-armor-cost-limit';
import { maxAliasesRule } from '@escape.tech/graphql-armor-max-aliases';
import { maxDepthRule } from '@escape.tech/graphql-armor-max-depth';
import type { ValidationRule } from 'graphql';

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

/** Validation rules added to graphql's own, for HTTP and WebSocket alike. */
export const limitRules: ValidationRule[] = [
  maxDepthRule({ n: QUERY_LIMITS.maxDepth, ignoreIntrospection: true, exposeLimits: true }),
  maxAliasesRule({ n: QUERY_LIMITS.maxAliases, exposeLimits: true }),
  costLimitRule({ maxCost: QUERY_LIMITS.maxCost, ignoreIntrospection: true, exposeLimits: true }),
];

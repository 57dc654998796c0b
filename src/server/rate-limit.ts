import type { ApolloServerPlugin } from '@apollo/server';
import {
  type DocumentNode,
  type FragmentDefinitionNode,
  type GraphQLError,
  Kind,
  type OperationDefinitionNode,
  type SelectionSetNode,
} from 'graphql';
import type { Context } from '../context';
import { toGraphQLError } from '../errors';
import {
  mostConstrained,
  type RateLimitService,
  type RateLimitState,
  rateLimitedError,
} from '../services/rate-limit/rate-limit.service';

/** The mutation field with the separate, smaller generation budget. */
const GENERATION_FIELD = 'generateCampaign';

/** Response headers a browser client may read (CORS `Access-Control-Expose-Headers`). */
export const RATE_LIMIT_HEADERS = ['ratelimit-policy', 'ratelimit', 'retry-after'];

/** Where headers go: an Express response (`setHeader`) or Apollo's HeaderMap (`set`), behind one function. */
export type SetHeader = (name: string, value: string) => void;

/**
 * The IETF draft's structured fields (draft-ietf-httpapi-ratelimit-headers): every budget the request counted
 * against in `RateLimit-Policy`, the most constrained one's state in `RateLimit`, and `Retry-After` when refused.
 */
export function rateLimitHeaders(states: readonly RateLimitState[]): [string, string][] {
  const constrained = mostConstrained(states);
  if (!constrained) return [];
  const headers: [string, string][] = [
    ['RateLimit-Policy', states.map((s) => `"${s.policy}";q=${s.quota};w=${s.windowS}`).join(', ')],
    ['RateLimit', `"${constrained.policy}";r=${constrained.remaining};t=${constrained.resetS}`],
  ];
  if (!constrained.allowed) headers.push(['Retry-After', String(constrained.resetS)]);
  return headers;
}

/** The GraphQL error (HTTP 429) for states of which one is refused; undefined when all are within budget. */
export function refusalOf(states: readonly RateLimitState[], requestId: string): GraphQLError | undefined {
  const constrained = mostConstrained(states);
  return constrained && !constrained.allowed ? toGraphQLError(rateLimitedError(constrained), { requestId }) : undefined;
}

/** Sets the headers for the states, and throws RATE_LIMITED when one is refused. */
export function enforce(states: readonly RateLimitState[], setHeader: SetHeader, requestId: string): void {
  for (const [name, value] of rateLimitHeaders(states)) setHeader(name, value);
  const refusal = refusalOf(states, requestId);
  if (refusal) throw refusal;
}

/** Drops the budgets that do not apply (rate limits off, UNLIMITED keys). */
export function applicable(...states: (RateLimitState | undefined)[]): RateLimitState[] {
  return states.filter((state): state is RateLimitState => state !== undefined);
}

/** How many generateCampaign calls a mutation makes: one per distinct response key, fragments included. */
export function generationCount(document: DocumentNode, operation: OperationDefinitionNode | null | undefined): number {
  if (operation?.operation !== 'mutation') return 0;
  const fragments = new Map<string, FragmentDefinitionNode>();
  for (const definition of document.definitions) {
    if (definition.kind === Kind.FRAGMENT_DEFINITION) fragments.set(definition.name.value, definition);
  }
  const keys = new Set<string>();
  const visited = new Set<string>();
  const walk = (set: SelectionSetNode) => {
    for (const selection of set.selections) {
      if (selection.kind === Kind.FIELD) {
        if (selection.name.value === GENERATION_FIELD) keys.add(selection.alias?.value ?? selection.name.value);
      } else if (selection.kind === Kind.INLINE_FRAGMENT) {
        walk(selection.selectionSet);
      } else {
        const fragment = fragments.get(selection.name.value);
        if (fragment && !visited.has(fragment.name.value)) {
          visited.add(fragment.name.value);
          walk(fragment.selectionSet);
        }
      }
    }
  };
  walk(operation.selectionSet);
  return keys.size;
}

/**
 * What the HTTP context already counted (IP, key), for the generation check once the operation is known. A symbol
 * property, not a WeakMap: Apollo hands plugins a shallow copy of the context.
 */
const COUNTED = Symbol('rate limits counted');
type Counted = Context & { [COUNTED]?: RateLimitState[] };

/** Remembers the budgets a request's context counted, so the headers name them all. */
export function rememberStates(context: Context, states: RateLimitState[]): void {
  (context as Counted)[COUNTED] = states;
}

/**
 * Over HTTP, the generation budget: once the operation is resolved (and before anything executes), a mutation with
 * generateCampaign counts against it; over the budget, the request ends with 429 and nothing runs.
 */
export function generationLimitPlugin(limits: RateLimitService): ApolloServerPlugin<Context> {
  return {
    async requestDidStart() {
      return {
        async didResolveOperation({ contextValue, document, operation, response }) {
          const count = generationCount(document, operation);
          if (count === 0) return;
          const generation = await limits.generation(contextValue.viewer, count);
          if (!generation) return;
          const states = [...((contextValue as Counted)[COUNTED] ?? []), generation];
          enforce(
            states,
            (name, value) => response.http.headers.set(name.toLowerCase(), value),
            contextValue.requestId,
          );
        },
      };
    },
  };
}

/** Counts one WebSocket operation against a budget; answers the RATE_LIMITED error to send, or undefined to go on. */
export async function admitOperation(
  count: () => Promise<RateLimitState | undefined>,
  requestId: string,
): Promise<GraphQLError | undefined> {
  return refusalOf(applicable(await count()), requestId);
}

import type { Client } from 'graphql-ws';
import type { GraphQLErrorShape } from './graphql';

export interface WsOutcome {
  data?: unknown;
  errors?: GraphQLErrorShape[];
  closed?: { code: number; reason: string };
}

/**
 * Runs one operation (with variables) over a graphql-ws client and resolves with its first result, the errors it
 * was refused with, or the close event. A subscription is ended after its first event.
 */
export function wsOperation(client: Client, query: string, variables?: Record<string, unknown>): Promise<WsOutcome> {
  return new Promise((resolve) => {
    const unsubscribe = client.subscribe(
      { query, variables },
      {
        next: (value) => {
          resolve(value as WsOutcome);
          unsubscribe();
        },
        error: (error) => {
          const event = error as { code?: number; reason?: string };
          if (typeof event.code === 'number') resolve({ closed: { code: event.code, reason: event.reason ?? '' } });
          else resolve({ errors: error as GraphQLErrorShape[] });
        },
        complete: () => resolve({}),
      },
    );
  });
}

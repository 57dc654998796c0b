import { type Client, createClient } from 'graphql-ws';
import WebSocket from 'ws';

export interface GraphQLErrorShape {
  message: string;
  path?: (string | number)[];
  extensions?: { code?: string; fields?: { path: string; message: string }[]; requestId?: string } & Record<
    string,
    unknown
  >;
}

export interface GraphQLResponse<T = Record<string, unknown>> {
  status: number;
  headers: Headers;
  data?: T | null;
  errors?: GraphQLErrorShape[];
}

/** A real HTTP GraphQL request, as a client sends it. */
export async function gql<T = Record<string, any>>(
  url: string,
  query: string,
  options: { key?: string; variables?: Record<string, unknown>; headers?: Record<string, string> } = {},
): Promise<GraphQLResponse<T>> {
  const headers: Record<string, string> = { 'content-type': 'application/json', ...options.headers };
  if (options.key) headers.authorization = `Bearer ${options.key}`;
  const response = await fetch(url, {
    method: 'POST',
    headers,
    body: JSON.stringify({ query, variables: options.variables }),
  });
  const body = (await response.json()) as { data?: T; errors?: GraphQLErrorShape[] };
  return { status: response.status, headers: response.headers, data: body.data, errors: body.errors };
}

/** The first error's code, for terse assertions. */
export function codeOf(response: GraphQLResponse<unknown>): string | undefined {
  return response.errors?.[0]?.extensions?.code;
}

/** A graphql-ws client over a real WebSocket. */
export function wsClient(url: string, connectionParams?: Record<string, unknown>): Client {
  return createClient({ url, webSocketImpl: WebSocket, connectionParams, retryAttempts: 0, lazy: true });
}

/** Runs one operation over a WebSocket and resolves with its result or the close event. */
export function wsExecute(
  client: Client,
  query: string,
): Promise<{ result?: { data?: unknown; errors?: GraphQLErrorShape[] }; closed?: { code: number; reason: string } }> {
  return new Promise((resolve) => {
    let result: { data?: unknown; errors?: GraphQLErrorShape[] } | undefined;
    client.subscribe(
      { query },
      {
        next: (value) => {
          result = value as typeof result;
        },
        error: (error) => {
          const event = error as { code?: number; reason?: string };
          if (typeof event.code === 'number') resolve({ closed: { code: event.code, reason: event.reason ?? '' } });
          else resolve({ result: { errors: error as GraphQLErrorShape[] } });
        },
        complete: () => resolve({ result }),
      },
    );
  });
}

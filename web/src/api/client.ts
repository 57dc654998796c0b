import type { TadaDocumentNode } from 'gql.tada';
import { print } from 'graphql';
import { type Client, createClient } from 'graphql-ws';
import { ApiError, toApiError } from './errors';

// biome-ignore lint/suspicious/noExplicitAny: any document, whatever its variables and result
export type AnyDocument = TadaDocumentNode<any, any>;
type ResultOf<D> = D extends TadaDocumentNode<infer R, infer _V> ? R : never;
type VariablesOf<D> = D extends TadaDocumentNode<infer _R, infer V> ? V : never;

const printed = new WeakMap<object, string>();
function source(document: AnyDocument): string {
  let text = printed.get(document);
  if (!text) {
    text = print(document);
    printed.set(document, text);
  }
  return text;
}

/** Where the API is: the same origin that served the dashboard. */
export function graphqlUrl(): string {
  return `${window.location.origin}/graphql`;
}

/** The WebSocket URL of the same origin (ws: or wss:). */
export function websocketUrl(): string {
  return `${window.location.origin.replace(/^http/, 'ws')}/graphql`;
}

/**
 * A GraphQL request with the key as `Authorization: Bearer`; the answer's data, or an ApiError with the API's code
 * (BAD_USER_INPUT carries its field errors).
 */
export async function request<D extends AnyDocument>(
  key: string | null,
  document: D,
  variables?: VariablesOf<D>,
  signal?: AbortSignal,
): Promise<ResultOf<D>> {
  const response = await fetch(graphqlUrl(), {
    method: 'POST',
    headers: {
      'content-type': 'application/json',
      accept: 'application/graphql-response+json, application/json',
      ...(key ? { authorization: `Bearer ${key}` } : {}),
    },
    body: JSON.stringify({ query: source(document), variables: variables ?? {} }),
    signal,
  });
  let body: { data?: unknown; errors?: unknown[] };
  try {
    body = await response.json();
  } catch {
    throw new ApiError(`The server answered ${response.status} without a GraphQL body`, 'INTERNAL_SERVER_ERROR');
  }
  if (Array.isArray(body.errors) && body.errors.length > 0) throw toApiError(body.errors as never);
  if (!body.data) throw new ApiError('The server answered without data', 'INTERNAL_SERVER_ERROR');
  return body.data as ResultOf<D>;
}

let shared: { key: string; client: Client } | null = null;

/** One graphql-ws client per key for the whole dashboard; signing out disposes it. */
export function wsClient(key: string): Client {
  if (shared?.key === key) return shared.client;
  shared?.client.dispose();
  const client = createClient({
    url: websocketUrl(),
    connectionParams: { authorization: `Bearer ${key}` },
    lazy: true,
    retryAttempts: Number.POSITIVE_INFINITY,
    shouldRetry: () => true,
  });
  shared = { key, client };
  return client;
}

export function disposeWsClient(): void {
  shared?.client.dispose();
  shared = null;
}

export interface SubscriptionHandlers<R> {
  next(data: R): void;
  error?(error: ApiError): void;
  complete?(): void;
}

/** Subscribes over the shared WebSocket; returns the function that stops it. */
export function subscribe<D extends AnyDocument>(
  key: string,
  document: D,
  variables: VariablesOf<D>,
  handlers: SubscriptionHandlers<ResultOf<D>>,
): () => void {
  return wsClient(key).subscribe(
    { query: source(document), variables: variables as Record<string, unknown> },
    {
      next: (value) => {
        if (value.errors?.length) handlers.error?.(toApiError(value.errors as never));
        else if (value.data) handlers.next(value.data as ResultOf<D>);
      },
      error: (error) => {
        if (Array.isArray(error)) handlers.error?.(toApiError(error));
        else handlers.error?.(new ApiError('The live connection failed', 'INTERNAL_SERVER_ERROR'));
      },
      complete: () => handlers.complete?.(),
    },
  );
}

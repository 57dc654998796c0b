import { describe, expect, it } from 'vitest';
import { useTestApp } from './support/app';
import type { GraphQLErrorShape } from './support/graphql';

const t = useTestApp({ workspace: 'per-file' });

const QUERY = JSON.stringify({ query: '{ viewer { role } }' });
const json = { 'content-type': 'application/json' };
const queryString = (query: string) => `?query=${encodeURIComponent(query)}`;

/** A request refused before any operation runs: how it is sent, and the HTTP status it must get. */
interface Refused {
  name: string;
  status: number;
  method?: string;
  search?: string;
  headers?: Record<string, string>;
  body?: string;
}

const REFUSED: Refused[] = [
  { name: 'a CSRF-suspect POST (text/plain)', status: 400, headers: { 'content-type': 'text/plain' }, body: QUERY },
  {
    name: 'a CSRF-suspect GET (no preflight header)',
    status: 400,
    method: 'GET',
    search: queryString('{ viewer { role } }'),
  },
  { name: 'a malformed JSON body', status: 400, headers: json, body: '{"query": ' },
  { name: 'a batched request (array body)', status: 400, headers: json, body: `[${QUERY},${QUERY}]` },
  {
    name: 'a body larger than the limit',
    status: 413,
    headers: json,
    body: JSON.stringify({ query: `# ${'x'.repeat(1_100_000)}\n{ viewer { role } }` }),
  },
  { name: 'an unsupported content type', status: 400, headers: { 'content-type': 'application/xml' }, body: '<q/>' },
  {
    name: 'an unsupported charset',
    status: 415,
    headers: { 'content-type': 'application/json; charset=koi8-r' },
    body: QUERY,
  },
  { name: 'an empty JSON object', status: 400, headers: json, body: '{}' },
  { name: 'a body without a query', status: 400, headers: json, body: '{"variables":{}}' },
  { name: 'a query that is not a string', status: 400, headers: json, body: '{"query":{"kind":"Document"}}' },
  {
    name: 'a mutation over GET',
    status: 405,
    method: 'GET',
    search: queryString('mutation { archiveCampaign(id: "x") { id } }'),
    headers: { 'apollo-require-preflight': 'true' },
  },
  { name: 'an unsupported method (PUT)', status: 405, method: 'PUT', headers: json, body: QUERY },
  {
    name: 'an Accept header GraphQL cannot answer',
    status: 406,
    headers: { ...json, accept: 'application/xml' },
    body: QUERY,
  },
];

async function send(request: Refused, extraHeaders: Record<string, string> = {}) {
  const response = await fetch(`${t.graphqlUrl}${request.search ?? ''}`, {
    method: request.method ?? 'POST',
    headers: { authorization: `Bearer ${t.ws.viewer}`, ...request.headers, ...extraHeaders },
    body: request.body,
  });
  const body = (await response.json()) as { data?: unknown; errors?: GraphQLErrorShape[] };
  return { status: response.status, headers: response.headers, body };
}

describe('errors raised before the operation runs', () => {
  it.each(REFUSED)('answers $name with BAD_USER_INPUT naming the request id', async (request) => {
    const res = await send(request);
    expect(res.status).toBe(request.status);
    const requestId = res.headers.get('x-request-id');
    expect(requestId).toBeTruthy();
    expect(res.body.errors?.length).toBeGreaterThan(0);
    for (const error of res.body.errors ?? []) {
      expect(error.message).toEqual(expect.any(String));
      expect(error.extensions).toMatchObject({ code: 'BAD_USER_INPUT', requestId });
    }
  });

  it('uses the caller-given x-request-id in a CSRF refusal', async () => {
    const res = await send(REFUSED[0]!, { 'x-request-id': 'trace-csrf-7' });
    expect(res.headers.get('x-request-id')).toBe('trace-csrf-7');
    expect(res.body.errors?.[0]?.extensions?.requestId).toBe('trace-csrf-7');
  });

  it('names the real problem for an unsupported charset, not "invalid JSON"', async () => {
    const res = await send(REFUSED.find((request) => request.status === 415)!);
    expect(res.body.errors?.[0]?.message).toMatch(/charset/i);
  });

  it('gives concurrent refused requests each their own id', async () => {
    const responses = await Promise.all(Array.from({ length: 8 }, () => send(REFUSED[3]!)));
    const ids = responses.map((res) => res.body.errors?.[0]?.extensions?.requestId);
    expect(ids).toEqual(responses.map((res) => res.headers.get('x-request-id')));
    expect(new Set(ids).size).toBe(ids.length);
  });
});

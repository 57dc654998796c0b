import { describe, expect, it } from 'vitest';
import { useTestApp } from './support/app';
import { buildBrief } from './support/factories';
import { type GraphQLResponse, gql } from './support/graphql';

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/;

const t = useTestApp();

function requestIdOf(response: { headers: Headers }): string {
  const value = response.headers.get('x-request-id');
  expect(value).toBeTruthy();
  return value!;
}

async function rawPost(body: string, headers: Record<string, string> = {}) {
  const response = await fetch(t.graphqlUrl, {
    method: 'POST',
    headers: { 'content-type': 'application/json', authorization: `Bearer ${t.ws.viewer}`, ...headers },
    body,
  });
  const json = (await response.json()) as GraphQLResponse;
  return { headers: response.headers, status: response.status, errors: json.errors };
}

/** Every error of the response names the request id that the header carries. */
function expectErrorsCarryHeaderId(res: { headers: Headers; errors?: GraphQLResponse['errors'] }): void {
  const id = requestIdOf(res);
  expect(res.errors?.length).toBeGreaterThan(0);
  for (const error of res.errors ?? []) expect(error.extensions?.requestId).toBe(id);
}

describe('x-request-id header', () => {
  it('is on every response: GraphQL success and error, health, readiness and unknown paths', async () => {
    const responses = [
      await gql(t.graphqlUrl, '{ viewer { role } }', { key: t.ws.viewer }),
      await gql(t.graphqlUrl, '{ viewer { role } }'),
      await fetch(`${t.url}/healthz`),
      await fetch(`${t.url}/readyz`),
      await fetch(`${t.url}/no-such-path`),
      await fetch(t.graphqlUrl, { method: 'OPTIONS', headers: { origin: 'https://app.example' } }),
    ];
    const ids = responses.map(requestIdOf);
    expect(new Set(ids).size).toBe(ids.length);
    for (const id of ids) expect(id).toMatch(UUID);
  });

  it('echoes a sane x-request-id given by the caller', async () => {
    for (const given of ['req-123', 'trace.abc:def_ghi-9', 'a'.repeat(128)]) {
      const res = await gql(t.graphqlUrl, '{ viewer { role } }', {
        key: t.ws.viewer,
        headers: { 'x-request-id': given },
      });
      expect(res.errors).toBeUndefined();
      expect(res.headers.get('x-request-id')).toBe(given);
    }
  });

  it('replaces an unsafe x-request-id with one of its own', async () => {
    for (const given of ['has spaces in it', 'a'.repeat(500), 'quote"and<angle>', 'semi;colon', '']) {
      const res = await gql(t.graphqlUrl, '{ viewer { role } }', {
        key: t.ws.viewer,
        headers: { 'x-request-id': given },
      });
      expect(res.errors).toBeUndefined();
      const id = requestIdOf(res);
      expect(id).not.toBe(given);
      expect(id).toMatch(UUID);
    }
  });
});

describe('requestId in error responses', () => {
  it('matches the header on an UNAUTHENTICATED error', async () => {
    const res = await gql(t.graphqlUrl, '{ viewer { role } }', { key: 'cd_not_a_real_key' });
    expect(res.errors?.[0]?.extensions?.code).toBe('UNAUTHENTICATED');
    expectErrorsCarryHeaderId(res);
  });

  it('matches the header on a BAD_USER_INPUT error from a resolver', async () => {
    const res = await gql(
      t.graphqlUrl,
      'mutation($input: CreateCampaignInput!) { createCampaign(input: $input) { id } }',
      { key: t.ws.editor, variables: { input: { name: '', brief: buildBrief() } } },
    );
    expect(res.errors?.[0]?.extensions?.code).toBe('BAD_USER_INPUT');
    expectErrorsCarryHeaderId(res);
  });

  it('matches the header on a FORBIDDEN error', async () => {
    const res = await gql(
      t.graphqlUrl,
      'mutation($input: CreateCampaignInput!) { createCampaign(input: $input) { id } }',
      { key: t.ws.viewer, variables: { input: { name: 'Launch', brief: buildBrief() } } },
    );
    expect(res.errors?.[0]?.extensions?.code).toBe('FORBIDDEN');
    expectErrorsCarryHeaderId(res);
  });

  it('matches the header on syntax and validation errors', async () => {
    const syntax = await gql(t.graphqlUrl, '{ viewer { role ', { key: t.ws.viewer });
    expectErrorsCarryHeaderId(syntax);
    const unknownField = await gql(t.graphqlUrl, '{ viewer { nope } }', { key: t.ws.viewer });
    expectErrorsCarryHeaderId(unknownField);
    const badVariable = await gql(t.graphqlUrl, 'query($first: Int) { campaigns(first: $first) { totalCount } }', {
      key: t.ws.viewer,
      variables: { first: 'ten' },
    });
    expectErrorsCarryHeaderId(badVariable);
  });

  it('matches the header on invalid JSON and oversized bodies', async () => {
    const invalid = await rawPost('{"query": ');
    expect(invalid.status).toBe(400);
    expectErrorsCarryHeaderId(invalid);
    const oversized = await rawPost(JSON.stringify({ query: `# ${'x'.repeat(1_100_000)}\n{ viewer { role } }` }));
    expect(oversized.status).toBe(413);
    expectErrorsCarryHeaderId(oversized);
  });

  it('uses the caller-given id in the error too', async () => {
    const res = await gql(t.graphqlUrl, '{ campaigns(first: 0) { totalCount } }', {
      key: t.ws.viewer,
      headers: { 'x-request-id': 'caller-trace-42' },
    });
    expect(res.headers.get('x-request-id')).toBe('caller-trace-42');
    expect(res.errors?.[0]?.extensions?.requestId).toBe('caller-trace-42');
  });
});

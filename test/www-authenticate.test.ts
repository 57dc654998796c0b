import { describe, expect, it } from 'vitest';
import { useTestApp } from './support/app';
import { codeOf, gql } from './support/graphql';

const t = useTestApp({ workspace: 'per-file' });

const VIEWER = '{ viewer { role } }';

describe('WWW-Authenticate on 401 answers (RFC 6750)', () => {
  it('asks for a bearer token when no API key is sent', async () => {
    const res = await gql(t.graphqlUrl, VIEWER);
    expect(res.status).toBe(401);
    expect(codeOf(res)).toBe('UNAUTHENTICATED');
    expect(res.headers.get('www-authenticate')).toBe('Bearer');
  });

  it('asks for a bearer token, without an error code, when another scheme is used', async () => {
    const res = await gql(t.graphqlUrl, VIEWER, { headers: { authorization: 'Basic dXNlcjpwYXNz' } });
    expect(res.status).toBe(401);
    expect(res.headers.get('www-authenticate')).toBe('Bearer');
  });

  it('says invalid_token when a bearer key is sent but is wrong', async () => {
    const res = await gql(t.graphqlUrl, VIEWER, { key: 'cdk_not_a_real_key' });
    expect(res.status).toBe(401);
    expect(codeOf(res)).toBe('UNAUTHENTICATED');
    expect(res.headers.get('www-authenticate')).toBe('Bearer error="invalid_token"');
  });

  it('sends no challenge when the key is accepted', async () => {
    const res = await gql(t.graphqlUrl, VIEWER, { key: t.ws.viewer });
    expect(res.status).toBe(200);
    expect(res.headers.get('www-authenticate')).toBeNull();
  });

  it('lets browser clients read the challenge across origins', async () => {
    const res = await gql(t.graphqlUrl, VIEWER, { headers: { origin: 'https://app.example' } });
    expect(res.status).toBe(401);
    const exposed = (res.headers.get('access-control-expose-headers') ?? '').toLowerCase().split(/\s*,\s*/);
    expect(exposed).toContain('www-authenticate');
  });
});

import { describe, expect, it } from 'vitest';
import { useTestApp } from './support/app';
import { codeOf, gql } from './support/graphql';

const t = useTestApp({ workspace: 'per-file' });

describe('viewer', () => {
  it('answers with the workspace and role of the key', async () => {
    const res = await gql(t.graphqlUrl, '{ viewer { role workspace { name } } }', { key: t.ws.editor });
    expect(res.errors).toBeUndefined();
    expect(res.data).toEqual({ viewer: { role: 'EDITOR', workspace: { name: t.ws.workspace.name } } });
  });

  it('refuses a request without a key', async () => {
    const res = await gql(t.graphqlUrl, '{ viewer { role } }');
    expect(res.status).toBe(401);
    expect(codeOf(res)).toBe('UNAUTHENTICATED');
  });
});

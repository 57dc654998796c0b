import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestApp, type TestApp } from './support/app';
import { createTestWorkspace, type TestWorkspace } from './support/factories';
import { codeOf, gql } from './support/graphql';

let t: TestApp;
let ws: TestWorkspace;

beforeAll(async () => {
  t = await startTestApp();
  ws = await createTestWorkspace(t.app);
});
afterAll(() => t.close());

describe('viewer', () => {
  it('answers with the workspace and role of the key', async () => {
    const res = await gql(t.graphqlUrl, '{ viewer { role workspace { name } } }', { key: ws.editor });
    expect(res.errors).toBeUndefined();
    expect(res.data).toEqual({ viewer: { role: 'EDITOR', workspace: { name: ws.workspace.name } } });
  });

  it('refuses a request without a key', async () => {
    const res = await gql(t.graphqlUrl, '{ viewer { role } }');
    expect(res.status).toBe(401);
    expect(codeOf(res)).toBe('UNAUTHENTICATED');
  });
});

import type { Client } from 'graphql-ws';
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { Campaign, CustomTemplate } from '../src/entities';
import { startTestApp, type TestApp } from './support/app';
import { buildBrief, createTestWorkspace, type TestWorkspace } from './support/factories';
import { type GraphQLResponse, gql, wsClient } from './support/graphql';
import { sweepTemplate, TEMPLATE_VARIABLE } from './support/template-input';
import { wsOperation } from './support/ws-operation';

const NUL_MESSAGE = 'must not contain NUL characters';
const SURROGATE_MESSAGE = 'must not contain lone surrogates (invalid Unicode)';
const TEMPLATE_KEY = 'safe-template';
const TEMPLATE = 'query($key: String!) { template(key: $key) { key name } }';
const APPLY = `mutation($key: String!, $variables: [TemplateVariableInput!]!) {
  applyTemplate(key: $key, variables: $variables) { name } }`;
const UPDATE = 'mutation($key: String!, $input: TemplateInput!) { updateTemplate(key: $key, input: $input) { key } }';
const DELETE = 'mutation($key: String!) { deleteTemplate(key: $key) }';
const CREATE_CAMPAIGN = 'mutation($input: CreateCampaignInput!) { createCampaign(input: $input) { id name } }';

let t: TestApp;
let ws: TestWorkspace;
const clients: Client[] = [];

beforeAll(async () => {
  t = await startTestApp();
});
afterAll(() => t.close());
beforeEach(async () => {
  ws = await createTestWorkspace(t.app);
  const res = await gql(t.graphqlUrl, 'mutation($input: TemplateInput!) { createTemplate(input: $input) { key } }', {
    key: ws.admin,
    variables: { input: sweepTemplate(TEMPLATE_KEY) },
  });
  expect(res.errors).toBeUndefined();
});
afterEach(async () => {
  await Promise.all(clients.splice(0).map((client) => client.dispose()));
});

/** The refusal every unsafe string gets: 400, BAD_USER_INPUT with the fields named, the request id, no data. */
function expectRefused(res: GraphQLResponse<unknown>, fields: { path: string; message: string }[]): void {
  expect(res.status).toBe(400);
  expect(res.data ?? null).toBeNull();
  expect(res.errors).toHaveLength(1);
  const error = res.errors?.[0];
  expect(error?.extensions).toEqual({ code: 'BAD_USER_INPUT', fields, requestId: res.headers.get('x-request-id') });
  for (const field of fields) expect(error?.message).toContain(`${field.path} ${field.message}`);
}

async function storedTemplate(): Promise<CustomTemplate | null> {
  return t.app.orm.em
    .fork()
    .findOne(CustomTemplate, { workspace: ws.workspace.id, key: TEMPLATE_KEY }, { filters: false });
}

describe('NUL in arguments over HTTP', () => {
  it('refuses template(key: "a\\u0000b") written in the query, naming key', async () => {
    const res = await gql(t.graphqlUrl, '{ template(key: "a\\u0000b") { key } }', { key: ws.viewer });
    expectRefused(res, [{ path: 'key', message: NUL_MESSAGE }]);
    expect((res.errors?.[0] as { locations?: unknown } | undefined)?.locations).toEqual([{ line: 1, column: 12 }]);
  });

  it('refuses template(key:) with a NUL sent as a variable', async () => {
    const res = await gql(t.graphqlUrl, TEMPLATE, { key: ws.viewer, variables: { key: 'a\u0000b' } });
    expectRefused(res, [{ path: 'key', message: NUL_MESSAGE }]);
  });

  it('refuses applyTemplate with a NUL in the key or in a variable value, naming each', async () => {
    const variables = [{ name: TEMPLATE_VARIABLE, value: 'Acme' }];
    const byKey = await gql(t.graphqlUrl, APPLY, { key: ws.editor, variables: { key: '\u0000', variables } });
    expectRefused(byKey, [{ path: 'key', message: NUL_MESSAGE }]);
    const byValue = await gql(t.graphqlUrl, APPLY, {
      key: ws.editor,
      variables: { key: TEMPLATE_KEY, variables: [...variables, { name: 'extra', value: 'x\u0000' }] },
    });
    expectRefused(byValue, [{ path: 'variables.1.value', message: NUL_MESSAGE }]);
  });

  it('refuses updateTemplate with a NUL in the key or deep in the input, and leaves the template as it was', async () => {
    const before = await storedTemplate();
    const input = sweepTemplate(TEMPLATE_KEY);
    const byKey = await gql(t.graphqlUrl, UPDATE, { key: ws.editor, variables: { key: 'safe\u0000template', input } });
    expectRefused(byKey, [{ path: 'key', message: NUL_MESSAGE }]);
    const brief = { ...(input.brief as Record<string, unknown>), features: ['Fast', 'Folds\u0000'] };
    const deep = await gql(t.graphqlUrl, UPDATE, {
      key: ws.editor,
      variables: { key: TEMPLATE_KEY, input: { ...input, name: 'Renamed', brief } },
    });
    expectRefused(deep, [{ path: 'input.brief.features.1', message: NUL_MESSAGE }]);
    const after = await storedTemplate();
    expect(after?.definition).toEqual(before?.definition);
    expect(after?.updatedAt).toEqual(before?.updatedAt);
  });

  it('refuses deleteTemplate(key:) with a NUL and deletes nothing', async () => {
    const res = await gql(t.graphqlUrl, 'mutation { deleteTemplate(key: "safe-template\\u0000") }', { key: ws.editor });
    expectRefused(res, [{ path: 'key', message: NUL_MESSAGE }]);
    expect(await storedTemplate()).not.toBeNull();
    const deleted = await gql(t.graphqlUrl, DELETE, { key: ws.editor, variables: { key: TEMPLATE_KEY } });
    expect(deleted.data).toEqual({ deleteTemplate: true });
  });

  it('finds a NUL in an argument inside a fragment spread and an inline fragment', async () => {
    const fragments =
      'fragment Pick on Query { ...Deeper } fragment Deeper on Query { template(key: "a\\u0000") { key } }';
    const spread = await gql(t.graphqlUrl, `query { ...Pick } ${fragments}`, { key: ws.viewer });
    expectRefused(spread, [{ path: 'key', message: NUL_MESSAGE }]);
    const inline = await gql(t.graphqlUrl, 'query($k: String!) { ... on Query { template(key: $k) { key } } }', {
      key: ws.viewer,
      variables: { k: 'a\u0000' },
    });
    expectRefused(inline, [{ path: 'key', message: NUL_MESSAGE }]);
  });

  it("finds a NUL in a variable's default value", async () => {
    const res = await gql(t.graphqlUrl, 'query($k: String! = "a\\u0000b") { template(key: $k) { key } }', {
      key: ws.viewer,
    });
    expectRefused(res, [{ path: 'key', message: NUL_MESSAGE }]);
  });

  it('ignores a NUL in a variable the operation does not declare, which no resolver ever sees', async () => {
    const res = await gql(t.graphqlUrl, TEMPLATE, {
      key: ws.viewer,
      variables: { key: TEMPLATE_KEY, stray: 'a\u0000b' },
    });
    expect(res.status).toBe(200);
    expect(res.data).toEqual({ template: { key: TEMPLATE_KEY, name: 'Sweep launch' } });
  });

  it('runs the selected operation when another operation of the document holds a NUL', async () => {
    const response = await fetch(t.graphqlUrl, {
      method: 'POST',
      headers: { 'content-type': 'application/json', authorization: `Bearer ${ws.viewer}` },
      body: JSON.stringify({
        query: 'query Good { viewer { role } } query Bad { template(key: "a\\u0000b") { key } }',
        operationName: 'Good',
      }),
    });
    expect(response.status).toBe(200);
    expect(await response.json()).toEqual({ data: { viewer: { role: 'VIEWER' } } });
  });

  it('names every unsafe string of a request at once, and creates nothing', async () => {
    const input = { name: 'Laun\u0000ch', brief: buildBrief({ features: ['Fast', 'Broken \ud800 pair'] }) };
    const res = await gql(t.graphqlUrl, CREATE_CAMPAIGN, { key: ws.editor, variables: { input } });
    expectRefused(res, [
      { path: 'input.name', message: NUL_MESSAGE },
      { path: 'input.brief.features.1', message: SURROGATE_MESSAGE },
    ]);
    const count = await t.app.orm.em.fork().count(Campaign, { workspace: ws.workspace.id }, { filters: false });
    expect(count).toBe(0);
  });

  it('accepts emoji and other characters outside the BMP (well-formed surrogate pairs)', async () => {
    const input = { name: '🚀 Launch 𝒜', brief: buildBrief({ features: ['Fast 🛹'] }) };
    const res = await gql(t.graphqlUrl, CREATE_CAMPAIGN, { key: ws.editor, variables: { input } });
    expect(res.errors).toBeUndefined();
    expect(res.data?.createCampaign.name).toBe('🚀 Launch 𝒜');
  });

  it('still asks for a key first: an anonymous request with a NUL is UNAUTHENTICATED', async () => {
    const res = await gql(t.graphqlUrl, TEMPLATE, { variables: { key: 'a\u0000b' } });
    expect(res.status).toBe(401);
    expect(res.errors?.[0]?.extensions?.code).toBe('UNAUTHENTICATED');
  });
});

describe('NUL in arguments over WebSocket', () => {
  function connect(key: string): Client {
    const client = wsClient(t.wsUrl, { authorization: `Bearer ${key}` });
    clients.push(client);
    return client;
  }

  function expectWsRefused(outcome: Awaited<ReturnType<typeof wsOperation>>, path: string): void {
    expect(outcome.closed).toBeUndefined();
    expect(outcome.data).toBeUndefined();
    expect(outcome.errors).toHaveLength(1);
    const extensions = outcome.errors?.[0]?.extensions;
    expect(extensions?.code).toBe('BAD_USER_INPUT');
    expect(extensions?.fields).toEqual([{ path, message: NUL_MESSAGE }]);
    expect(extensions?.requestId).toEqual(expect.any(String));
  }

  it('refuses generationProgress(jobId: "a\\u0000b") written in the subscription, naming jobId', async () => {
    const outcome = await wsOperation(
      connect(ws.viewer),
      'subscription { generationProgress(jobId: "a\\u0000b") { type } }',
    );
    expectWsRefused(outcome, 'jobId');
  });

  it('refuses moderationResults(campaignId:) with a NUL sent as a variable, naming campaignId', async () => {
    const outcome = await wsOperation(
      connect(ws.viewer),
      'subscription($id: ID!) { moderationResults(campaignId: $id) { variantId } }',
      { id: '\u0000' },
    );
    expectWsRefused(outcome, 'campaignId');
  });

  it('refuses a query over WebSocket the same way, and the connection stays usable', async () => {
    const client = connect(ws.viewer);
    expectWsRefused(await wsOperation(client, TEMPLATE, { key: 'a\u0000b' }), 'key');
    expect(await wsOperation(client, TEMPLATE, { key: TEMPLATE_KEY })).toEqual({
      data: { template: { key: TEMPLATE_KEY, name: 'Sweep launch' } },
    });
  });
});

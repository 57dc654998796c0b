import pg from 'pg';
import { describe, expect, it } from 'vitest';
import { useTestApp } from './support/app';
import { buildBrief, createTestWorkspace } from './support/factories';
import { codeOf, gql, wsClient, wsExecute } from './support/graphql';

const t = useTestApp({ env: { COPYDESK_AUTH_CACHE_MS: '0' } });

const AUDIT = `query ($first: Int, $after: String) {
  auditLog(first: $first, after: $after) {
    edges { cursor node { id at actor actorKeyId action target outcome requestId } }
    pageInfo { hasNextPage hasPreviousPage startCursor endCursor }
  }
}`;
const CREATE_CAMPAIGN = 'mutation($input: CreateCampaignInput!) { createCampaign(input: $input) { id } }';
const CREATE_KEY = 'mutation($input: CreateApiKeyInput!) { createApiKey(input: $input) { secret apiKey { id } } }';

interface Entry {
  actor: string;
  actorKeyId: string | null;
  action: string;
  target: string | null;
  outcome: string;
  requestId: string | null;
}

async function entries(key = t.ws.admin, first = 100): Promise<Entry[]> {
  const res = await gql(t.graphqlUrl, AUDIT, { key, variables: { first } });
  expect(res.errors).toBeUndefined();
  return res.data?.auditLog.edges.map((edge: { node: Entry }) => edge.node);
}

async function keyIdOf(key: string): Promise<string> {
  return (await gql(t.graphqlUrl, '{ viewer { apiKeyId } }', { key })).data?.viewer.apiKeyId;
}

const mine = (requestId: string) => async () => (await entries()).filter((entry) => entry.requestId === requestId);

describe('the audit log', () => {
  it('records a mutation with its actor, action, target and request id, in the transaction of its change', async () => {
    const res = await gql(t.graphqlUrl, CREATE_CAMPAIGN, {
      key: t.ws.editor,
      headers: { 'x-request-id': 'audit-create-1' },
      variables: { input: { name: 'Audited', brief: buildBrief() } },
    });
    const campaignId = res.data?.createCampaign.id;
    const editorId = await keyIdOf(t.ws.editor);
    const recorded = await mine('audit-create-1')();
    expect(recorded).toHaveLength(1);
    expect(recorded[0]).toMatchObject({
      actor: expect.stringMatching(/^editor \(cdk_[A-Za-z0-9_-]{8}\)$/),
      actorKeyId: editorId,
      action: 'createCampaign',
      target: campaignId,
      outcome: 'SUCCESS',
      requestId: 'audit-create-1',
    });
  });

  it('records refusals with their code and nothing else: bad input, CONFLICT and FORBIDDEN', async () => {
    const bad = await gql(t.graphqlUrl, CREATE_CAMPAIGN, {
      key: t.ws.editor,
      headers: { 'x-request-id': 'audit-bad-1' },
      variables: { input: { name: 'x', brief: buildBrief({ features: [] }) } },
    });
    expect(codeOf(bad)).toBe('BAD_USER_INPUT');
    const forbidden = await gql(t.graphqlUrl, CREATE_CAMPAIGN, {
      key: t.ws.viewer,
      headers: { 'x-request-id': 'audit-forbidden-1' },
      variables: { input: { name: 'x', brief: buildBrief() } },
    });
    expect(codeOf(forbidden)).toBe('FORBIDDEN');
    const adminId = await keyIdOf(t.ws.admin);
    const conflict = await gql(t.graphqlUrl, 'mutation($id: ID!) { revokeApiKey(id: $id) { id } }', {
      key: t.ws.admin,
      headers: { 'x-request-id': 'audit-conflict-1' },
      variables: { id: adminId },
    });
    expect(codeOf(conflict)).toBe('CONFLICT');
    expect((await mine('audit-bad-1')()).map((e) => [e.action, e.outcome])).toEqual([
      ['createCampaign', 'BAD_USER_INPUT'],
    ]);
    expect((await mine('audit-forbidden-1')()).map((e) => [e.action, e.outcome])).toEqual([
      ['createCampaign', 'FORBIDDEN'],
    ]);
    expect((await mine('audit-conflict-1')()).map((e) => [e.action, e.outcome])).toEqual([
      ['revokeApiKey', 'CONFLICT'],
    ]);
    // Nothing but the refusals was written.
    const campaigns = await gql(t.graphqlUrl, '{ campaigns { totalCount } }', { key: t.ws.viewer });
    expect(campaigns.data?.campaigns.totalCount).toBe(0);
  });

  it('records a refused query (FORBIDDEN) and a revoked key used again, but not a query that was allowed', async () => {
    const refused = await gql(t.graphqlUrl, '{ apiKeys { id } }', {
      key: t.ws.editor,
      headers: { 'x-request-id': 'audit-query-1' },
    });
    expect(codeOf(refused)).toBe('FORBIDDEN');
    await gql(t.graphqlUrl, '{ campaigns { totalCount } }', {
      key: t.ws.editor,
      headers: { 'x-request-id': 'audit-read' },
    });
    expect((await mine('audit-query-1')()).map((e) => [e.action, e.outcome])).toEqual([['apiKeys', 'FORBIDDEN']]);
    expect(await mine('audit-read')()).toEqual([]);

    const viewerId = await keyIdOf(t.ws.viewer);
    await gql(t.graphqlUrl, 'mutation($id: ID!) { revokeApiKey(id: $id) { id } }', {
      key: t.ws.admin,
      variables: { id: viewerId },
    });
    expect(codeOf(await gql(t.graphqlUrl, '{ viewer { role } }', { key: t.ws.viewer }))).toBe('UNAUTHENTICATED');
    await expect
      .poll(async () =>
        (await entries()).filter((e) => e.action === 'authenticate').map((e) => [e.actorKeyId, e.target, e.outcome]),
      )
      .toEqual([[viewerId, viewerId, 'UNAUTHENTICATED']]);
  });

  it('records a mutation that changes nothing in a transaction of its own, and mutations over WebSocket', async () => {
    await gql(
      t.graphqlUrl,
      'mutation { applyTemplate(key: "product-launch", variables: [{ name: "product", value: "Rocket" }]) { brief { productName } } }',
      { key: t.ws.editor, headers: { 'x-request-id': 'audit-apply-1' } },
    );
    expect((await mine('audit-apply-1')()).map((e) => e.action)).toEqual(['applyTemplate']);

    const client = wsClient(t.wsUrl, { authorization: `Bearer ${t.ws.editor}` });
    const result = await wsExecute(
      client,
      'mutation { archiveCampaign(id: "00000000-0000-7000-8000-000000000000") { id } }',
    );
    await client.dispose();
    expect(result.result?.errors?.[0]?.extensions?.code).toBe('NOT_FOUND');
    await expect
      .poll(async () => (await entries()).filter((e) => e.action === 'archiveCampaign').map((e) => e.outcome))
      .toEqual(['NOT_FOUND']);
  });

  it('never stores a secret: created and rotated keys appear by id only', async () => {
    const created = await gql(t.graphqlUrl, CREATE_KEY, {
      key: t.ws.admin,
      variables: { input: { name: 'CI', role: 'EDITOR' } },
    });
    const { secret, apiKey } = created.data!.createApiKey;
    const rotated = await gql(t.graphqlUrl, 'mutation($id: ID!) { rotateApiKey(id: $id) { secret } }', {
      key: t.ws.admin,
      variables: { id: apiKey.id },
    });
    const newSecret = rotated.data?.rotateApiKey.secret;
    const log = await entries();
    expect(log.filter((e) => e.action === 'createApiKey').map((e) => e.target)).toEqual([apiKey.id]);
    expect(log.filter((e) => e.action === 'rotateApiKey')).toHaveLength(1);
    const db = new pg.Client({ connectionString: t.databaseUrl });
    await db.connect();
    const { rows } = await db.query('select audit_event::text as row from audit_event where workspace_id = $1', [
      t.ws.workspace.id,
    ]);
    await db.end();
    const text = rows.map((row) => row.row).join('\n');
    for (const value of [secret, newSecret, secret.slice(4), newSecret.slice(4)]) expect(text).not.toContain(value);
  });

  it('pages newest first with cursors, for ADMIN only, and never shows another workspace', async () => {
    for (let i = 0; i < 5; i++) {
      await gql(t.graphqlUrl, CREATE_CAMPAIGN, {
        key: t.ws.editor,
        headers: { 'x-request-id': `audit-page-${i}` },
        variables: { input: { name: `C${i}`, brief: buildBrief() } },
      });
    }
    const first = await gql(t.graphqlUrl, AUDIT, { key: t.ws.admin, variables: { first: 3 } });
    const page = first.data?.auditLog;
    expect(page.edges.map((edge: { node: Entry }) => edge.node.requestId)).toEqual([
      'audit-page-4',
      'audit-page-3',
      'audit-page-2',
    ]);
    expect(page.pageInfo).toMatchObject({ hasNextPage: true, hasPreviousPage: false });
    const next = await gql(t.graphqlUrl, AUDIT, {
      key: t.ws.admin,
      variables: { first: 3, after: page.pageInfo.endCursor },
    });
    expect(next.data?.auditLog.edges.map((edge: { node: Entry }) => edge.node.requestId).slice(0, 2)).toEqual([
      'audit-page-1',
      'audit-page-0',
    ]);
    expect(next.data?.auditLog.pageInfo.hasPreviousPage).toBe(true);
    expect(codeOf(await gql(t.graphqlUrl, AUDIT, { key: t.ws.admin, variables: { first: 0 } }))).toBe('BAD_USER_INPUT');
    expect(codeOf(await gql(t.graphqlUrl, AUDIT, { key: t.ws.admin, variables: { after: 'nonsense' } }))).toBe(
      'BAD_USER_INPUT',
    );
    for (const key of [t.ws.editor, t.ws.viewer]) {
      expect(codeOf(await gql(t.graphqlUrl, AUDIT, { key }))).toBe('FORBIDDEN');
    }
    const other = await createTestWorkspace(t.app);
    expect(await entries(other.admin)).toEqual([]);
  });
});

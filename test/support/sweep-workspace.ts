import { expect } from 'vitest';
import type { App } from '../../src/app';
import { Campaign, ContentVariant, ContentVersion, GenerationJob, Platform, Workspace } from '../../src/entities';
import { firstVersion } from '../../src/services/versions/version.service';
import { buildBrief, createTestWorkspace, type TestWorkspace } from './factories';
import { gql } from './graphql';
import { sweepTemplate } from './template-input';

/** A workspace with one of everything an ID or key argument can name, all reachable by its keys. */
export interface SweepWorkspace extends TestWorkspace {
  campaignId: string;
  /** A CANCELLED job, so generateCampaign on the campaign is not refused as a second generation. */
  jobId: string;
  variantId: string;
  /** A review link of the campaign. */
  linkId: string;
  /** The variant's current version (version 1 at first). */
  versionId: string;
  templateKey: string;
  /** The endCursor of the first page of campaigns. */
  cursor: string;
  /** The editor key's id (usage and limits of one key). */
  apiKeyId: string;
  endpointId: string;
  deliveryId: string;
}

/** Runs a seeding operation that must succeed. */
async function ok<T>(graphqlUrl: string, key: string, query: string, variables: Record<string, unknown> = {}) {
  const res = await gql<T>(graphqlUrl, query, { key, variables });
  expect(res.errors).toBeUndefined();
  return res.data as T;
}

/** Seeds a fresh workspace through the API (and one variant directly: only a worker writes them). */
export async function createSweepWorkspace(app: App, graphqlUrl: string): Promise<SweepWorkspace> {
  const ws = await createTestWorkspace(app);
  const run = <T>(query: string, variables?: Record<string, unknown>) => ok<T>(graphqlUrl, ws.admin, query, variables);
  const { createCampaign } = await run<{ createCampaign: { id: string } }>(
    'mutation($input: CreateCampaignInput!) { createCampaign(input: $input) { id } }',
    { input: { name: 'Sweep campaign', brief: buildBrief() } },
  );
  const campaignId = createCampaign.id;
  const { generateCampaign } = await run<{ generateCampaign: { id: string } }>(
    'mutation($id: ID!) { generateCampaign(input: { campaignId: $id }) { id } }',
    { id: campaignId },
  );
  const jobId = generateCampaign.id;
  await run('mutation($id: ID!) { cancelGeneration(jobId: $id) { status } }', { id: jobId });
  const templateKey = 'sweep-template';
  await run('mutation($input: TemplateInput!) { createTemplate(input: $input) { key } }', {
    input: sweepTemplate(templateKey),
  });
  const em = app.orm.em.fork();
  const variant = em.create(ContentVariant, {
    workspace: ws.workspace.id,
    campaign: em.getReference(Campaign, campaignId),
    job: em.getReference(GenerationJob, jobId),
    platform: Platform.LINKEDIN,
    body: 'Acme Rocket folds into a backpack. Pre-order today.',
  });
  const version = em.create(ContentVersion, { ...firstVersion(variant), workspace: ws.workspace.id });
  await em.flush();
  // The sweep's one admin key edits and approves the same variant.
  await disableFourEyes(app, ws.workspace.id);
  const { campaigns } = await run<{ campaigns: { pageInfo: { endCursor: string } } }>(
    '{ campaigns(first: 1) { pageInfo { endCursor } } }',
  );
  const { viewer } = await ok<{ viewer: { apiKeyId: string } }>(graphqlUrl, ws.editor, '{ viewer { apiKeyId } }');
  const { createWebhookEndpoint } = await run<{ createWebhookEndpoint: { endpoint: { id: string } } }>(
    'mutation { createWebhookEndpoint(input: { url: "https://hooks.example.com/sweep", events: ["*"] }) { endpoint { id } } }',
  );
  const endpointId = createWebhookEndpoint.endpoint.id;
  const { sendTestWebhook } = await run<{ sendTestWebhook: { id: string } }>(
    'mutation($id: ID!) { sendTestWebhook(endpointId: $id) { id } }',
    { id: endpointId },
  );
  const { createReviewLink } = await run<{ createReviewLink: { id: string } }>(
    'mutation($id: ID!) { createReviewLink(campaignId: $id) { id } }',
    { id: campaignId },
  );
  return {
    ...ws,
    linkId: createReviewLink.id,
    campaignId,
    jobId,
    variantId: variant.id,
    versionId: version.id,
    templateKey,
    cursor: campaigns.pageInfo.endCursor,
    apiKeyId: viewer.apiKeyId,
    endpointId,
    deliveryId: sendTestWebhook.id,
  };
}

/** Four-eyes off, so the key that edits the sweep's variant may approve it too. */
export async function disableFourEyes(app: App, workspaceId: string): Promise<void> {
  await app.orm.em.fork().nativeUpdate(Workspace, { id: workspaceId }, { fourEyes: false });
}

/** The id of the variant's current version. */
export async function currentVersionId(app: App, variantId: string): Promise<string> {
  const em = app.orm.em.fork();
  const variant = await em.findOneOrFail(ContentVariant, { id: variantId }, { filters: false });
  const version = await em.findOneOrFail(
    ContentVersion,
    { variant: variantId, number: variant.version },
    { filters: false },
  );
  return version.id;
}

let tables: string[] | undefined;

/**
 * The tables whose rows belong to a workspace (every table with a workspace_id column), but usage_counter: every
 * request is counted there (a refused one too), whenever this process writes its tally.
 */
async function workspaceTables(app: App): Promise<string[]> {
  tables ??= (
    await app.orm.em.getConnection().execute<{ table_name: string }[]>(
      `select distinct table_name from information_schema.columns
         where column_name = 'workspace_id' and table_schema = current_schema()
           and table_name <> 'usage_counter' order by table_name`,
    )
  ).map((row) => row.table_name);
  return tables;
}

/**
 * Columns that change on their own after a request: API keys' last_used_at (every request touches it) and the
 * outbox's dispatch bookkeeping (the dispatcher claims and marks events after the commit).
 */
const VOLATILE = ['last_used_at', 'attempts', 'next_attempt_at', 'dispatched_at', 'last_error'];
const STABLE = `to_jsonb(x) - ${VOLATILE.map((c) => `'${c}'`).join(' - ')}`;

/** Refusals are recorded in the audit log on purpose; only an entry of a change counts as a write. */
const AUDITED_CHANGES = ` and x.outcome = 'SUCCESS'`;

/** A fingerprint of everything stored for the workspace: per table, its row count and a hash of its rows. */
export async function workspaceSnapshot(app: App, workspaceId: string): Promise<Record<string, string>> {
  const parts = (await workspaceTables(app)).map(
    (table) => `select '${table}' as name, count(*)::int as rows,
      coalesce(md5(string_agg((${STABLE})::text, ',' order by (${STABLE})::text)), '') as hash
      from "${table}" x where x.workspace_id = ?${table === 'audit_event' ? AUDITED_CHANGES : ''}`,
  );
  parts.push(`select 'workspace', count(*)::int, coalesce(md5(string_agg(to_jsonb(w)::text, ',')), '')
    from workspace w where w.id = ?`);
  const rows = await app.orm.em.getConnection().execute<{ name: string; rows: number; hash: string }[]>(
    parts.join(' union all '),
    parts.map(() => workspaceId),
  );
  return Object.fromEntries(rows.map((row) => [row.name, `${row.rows}:${row.hash}`]));
}

/** The tables whose fingerprint differs between two snapshots. */
export function changedTables(before: Record<string, string>, after: Record<string, string>): string[] {
  return Object.keys({ ...before, ...after }).filter((name) => before[name] !== after[name]);
}

import { expect } from 'vitest';
import type { App } from '../../src/app';
import {
  Campaign,
  ContentVariant,
  ContentVersion,
  GenerationJob,
  Platform,
  PostStatus,
  ScheduledPost,
  Workspace,
} from '../../src/entities';
import { firstVersion } from '../../src/services/versions/version.service';
import { buildBrief, createTestWorkspace, type TestWorkspace } from './factories';
import { gql } from './graphql';
import { sweepTemplate } from './template-input';
import { approveVariants } from './workflow';

export const DAY_MS = 86_400_000;

/** An instant `days` from now (a fraction for hours), ISO: scheduling refuses times in the past. */
export function daysFromNow(days: number): string {
  return new Date(Date.now() + days * DAY_MS).toISOString();
}

/**
 * When the sweep's posts of its one platform sit, in days from now: a whole day apart, so that however the clock
 * moves during the run no two come within the minimum gap (60 minutes) of each other.
 */
export const SLOTS = {
  /** The lane's SCHEDULED post, for reschedulePost and cancelPost. */
  post: 10,
  /** Where schedulePost's base call puts a post (cancelled again after). */
  schedulePost: 20,
  /** Where reschedulePost's base call moves the lane's post. */
  reschedulePost: 30,
  /** The first day of scheduleSeries' base series (its posts are cancelled again after). */
  series: 40,
} as const;

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
  /**
   * A second variant of the campaign, its version 1 approved, that no case edits (editVariant and the reviews aim at
   * `variantId`): what schedulePost and scheduleSeries schedule and the lane's posts publish.
   */
  approvedVariantId: string;
  /** The approved variant's version 1. */
  approvedVersionId: string;
  /** A SCHEDULED post of the approved variant (replaced once cancelled). */
  postId: string;
  /** A COLLECTING experiment of the two variants (replaced once stopped). */
  experimentId: string;
  /** A PUBLISHING post of the approved variant, due and handed to the connectors (replaced once published). */
  publishingPostId: string;
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
  const approvedVariant = em.create(ContentVariant, {
    workspace: ws.workspace.id,
    campaign: em.getReference(Campaign, campaignId),
    job: em.getReference(GenerationJob, jobId),
    platform: Platform.LINKEDIN,
    position: 1,
    body: 'Acme Rocket is here. Pre-order today.',
  });
  em.create(ContentVersion, { ...firstVersion(approvedVariant), workspace: ws.workspace.id });
  await em.flush();
  const approvedVersionId = (await approveVariants(graphqlUrl, ws, [approvedVariant.id]))[approvedVariant.id] as string;
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
  const lane = { workspace: ws.workspace, admin: ws.admin, approvedVariantId: approvedVariant.id, approvedVersionId };
  const postId = await schedulePost(graphqlUrl, lane, daysFromNow(SLOTS.post));
  const publishingPostId = await publishingPost(app, { ...lane, apiKeyId: viewer.apiKeyId });
  const experimentId = await createExperiment(graphqlUrl, ws.admin, campaignId, [variant.id, approvedVariant.id]);
  return {
    ...ws,
    experimentId,
    approvedVariantId: approvedVariant.id,
    approvedVersionId,
    postId,
    publishingPostId,
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

/** A COLLECTING click-rate experiment of two LINKEDIN variants through the API; its id. */
export async function createExperiment(
  graphqlUrl: string,
  key: string,
  campaignId: string,
  variantIds: string[],
): Promise<string> {
  const { createExperiment } = await ok<{ createExperiment: { id: string } }>(
    graphqlUrl,
    key,
    'mutation($input: CreateExperimentInput!) { createExperiment(input: $input) { id } }',
    { input: { campaignId, platform: 'LINKEDIN', variantIds, metric: 'CLICK_RATE' } },
  );
  return createExperiment.id;
}

/** Schedules the lane's approved variant at `at` through the API; the post's id. */
export async function schedulePost(
  graphqlUrl: string,
  lane: Pick<SweepWorkspace, 'admin' | 'approvedVariantId'>,
  at: string,
): Promise<string> {
  const { schedulePost } = await ok<{ schedulePost: { id: string } }>(
    graphqlUrl,
    lane.admin,
    'mutation($input: SchedulePostInput!) { schedulePost(input: $input) { id } }',
    { input: { variantId: lane.approvedVariantId, at, timeZone: 'Europe/Berlin' } },
  );
  return schedulePost.id;
}

/** Cancels posts through the API (a cancelled post holds no place on the calendar). */
export async function cancelPosts(graphqlUrl: string, key: string, ids: readonly string[]): Promise<void> {
  for (const id of ids) {
    await ok(graphqlUrl, key, 'mutation($id: ID!) { cancelPost(id: $id) { status } }', { id });
  }
}

/**
 * A post of the approved variant that fell due an hour ago and waits for the connectors (PUBLISHING), written
 * directly: only the publisher, a worker, moves a post there.
 */
export async function publishingPost(
  app: App,
  lane: Pick<SweepWorkspace, 'workspace' | 'approvedVariantId' | 'approvedVersionId' | 'apiKeyId'>,
): Promise<string> {
  const em = app.orm.em.fork();
  const variant = await em.findOneOrFail(ContentVariant, { id: lane.approvedVariantId }, { filters: false });
  const post = em.create(ScheduledPost, {
    workspace: lane.workspace.id,
    campaign: variant.campaign,
    variant,
    version: em.getReference(ContentVersion, lane.approvedVersionId),
    platform: variant.platform,
    scheduledAt: new Date(Date.now() - DAY_MS / 24),
    timeZone: 'Europe/Berlin',
    status: PostStatus.PUBLISHING,
    createdBy: lane.apiKeyId,
  });
  await em.flush();
  return post.id;
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

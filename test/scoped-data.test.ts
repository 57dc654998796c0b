import 'reflect-metadata';
import { randomUUID } from 'node:crypto';
import type { EntityClass } from '@mikro-orm/core';
import type { EntityManager } from '@mikro-orm/postgresql';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  Campaign,
  ContentVariant,
  GenerationJob,
  JobStatus,
  Platform,
  RateLimitTier,
  Role,
  WORKSPACE_FILTER,
} from '../src/entities';
import type { AppError } from '../src/errors';
import { createCampaignLoaders } from '../src/services/campaigns/campaign.loaders';
import { getOwned, type Owned, scopedQuery } from '../src/services/scoped-data';
import type { Scope } from '../src/services/viewer';
import { startTestApp, type TestApp } from './support/app';
import { createTestWorkspace, insertCampaigns, type TestWorkspace } from './support/factories';
import { type GraphQLErrorShape, type GraphQLResponse, gql, wsClient, wsExecute } from './support/graphql';

/** One campaign of a workspace with a finished job and one reviewed variant. */
interface Fixture {
  workspace: TestWorkspace;
  campaign: Campaign;
  job: GenerationJob;
  variant: ContentVariant;
}

let t: TestApp;
let mine: Fixture;
let theirs: Fixture;

async function buildFixture(): Promise<Fixture> {
  const workspace = await createTestWorkspace(t.app);
  const [campaign] = await insertCampaigns(t.app, workspace.workspace, 1);
  const em = t.app.orm.em.fork();
  const job = em.create(GenerationJob, {
    workspace: workspace.workspace.id,
    campaign: campaign!.id,
    platforms: [Platform.LINKEDIN],
    provider: 'offline',
    status: JobStatus.SUCCEEDED,
  });
  const variant = em.create(ContentVariant, {
    workspace: workspace.workspace.id,
    campaign: campaign!.id,
    job,
    platform: Platform.LINKEDIN,
    body: `Copy of ${workspace.workspace.name}`,
    moderation: { verdict: 'PASS', findings: [] },
  });
  await em.flush();
  return { workspace, campaign: campaign!, job, variant };
}

beforeAll(async () => {
  t = await startTestApp();
  mine = await buildFixture();
  theirs = await buildFixture();
});
afterAll(() => t.close());

/** An EntityManager as a request of `owner`'s workspace gets it (context.ts). */
function scopedEm(owner: Fixture): EntityManager {
  const em = t.app.orm.em.fork();
  em.setFilterParams(WORKSPACE_FILTER, { id: owner.workspace.workspace.id });
  return em;
}

function scopeOf(owner: Fixture): Scope {
  return {
    em: scopedEm(owner),
    viewer: {
      apiKeyId: randomUUID(),
      role: Role.VIEWER,
      rateLimitTier: RateLimitTier.STANDARD,
      workspace: owner.workspace.workspace,
    },
  };
}

const MISSING_PARAMS = /No arguments provided for filter 'workspace'/;

describe('a query builder through scopedQuery', () => {
  it('fails without the workspace filter params, as em.find does', async () => {
    const em = t.app.orm.em.fork();
    await expect(em.find(ContentVariant, {})).rejects.toThrow(MISSING_PARAMS);
    await expect(
      scopedQuery(
        em,
        ContentVariant,
        'v',
        (qb) => qb.select('*'),
        (qb) => qb.execute(),
      ),
    ).rejects.toThrow(MISSING_PARAMS);
  });

  it("keeps to the caller's workspace even when build sets its own condition, which a bare builder does not", async () => {
    const ids = [mine.variant.id, theirs.variant.id];
    const em = scopedEm(mine);
    const bare = await em
      .createQueryBuilder(ContentVariant, 'v')
      .select('v.id')
      .where({ id: { $in: ids } });
    expect(bare).toHaveLength(2);
    const scoped = await scopedQuery(
      em,
      ContentVariant,
      'v',
      (qb) => qb.select('v.id').where({ id: { $in: ids } }),
      (qb) => qb.execute<{ id: string }[]>('all', true),
    );
    expect(scoped).toEqual([{ id: mine.variant.id }]);
  });
});

describe('the campaign loaders', () => {
  it('fail on an EntityManager without the workspace filter params', async () => {
    const loaders = createCampaignLoaders(t.app.orm.em.fork());
    await expect(loaders.campaign.load(mine.campaign.id)).rejects.toThrow(MISSING_PARAMS);
    await expect(loaders.contents.load(mine.campaign.id)).rejects.toThrow(MISSING_PARAMS);
    await expect(loaders.latestJob.load(mine.campaign.id)).rejects.toThrow(MISSING_PARAMS);
    await expect(loaders.review.load(mine.variant.id)).rejects.toThrow(MISSING_PARAMS);
  });

  it("return only the caller's rows, even when asked for another workspace's ids", async () => {
    const loaders = createCampaignLoaders(scopedEm(mine));
    const campaigns = [mine.campaign.id, theirs.campaign.id];
    const found = await loaders.campaign.loadMany(campaigns);
    expect(found.map((campaign) => (campaign as Campaign | null)?.id ?? null)).toEqual([mine.campaign.id, null]);
    const contents = await loaders.contents.loadMany(campaigns);
    expect(contents).toEqual([
      [{ platform: Platform.LINKEDIN, variants: [expect.objectContaining({ id: mine.variant.id })] }],
      [],
    ]);
    const jobs = await loaders.latestJob.loadMany(campaigns);
    expect(jobs.map((job) => (job as GenerationJob | null)?.id ?? null)).toEqual([mine.job.id, null]);
    const reviews = await loaders.review.loadMany([mine.variant.id, theirs.variant.id]);
    expect(reviews).toEqual([
      { id: mine.variant.id, moderation: { verdict: 'PASS', findings: [] }, quality: null },
      null,
    ]);
  });
});

/** What a client can observe of an error answer: everything but the per-request id. */
function observable(errors: GraphQLErrorShape[] | undefined) {
  return errors?.map(({ message, path, extensions }) => ({ message, path, code: extensions?.code }));
}

function observableHttp(res: GraphQLResponse) {
  return { status: res.status, data: res.data, errors: observable(res.errors) };
}

/** Ids of no row: a well-formed one and a malformed one. */
const UNKNOWN = [randomUUID(), 'not-an-id'];

describe('getOwned', () => {
  const CASES: [string, EntityClass<Owned>, () => string][] = [
    ['Campaign', Campaign, () => theirs.campaign.id],
    ['Generation job', GenerationJob, () => theirs.job.id],
    ['Variant', ContentVariant, () => theirs.variant.id],
  ];

  it.each(CASES)(
    "throws the same NOT_FOUND for another workspace's %s as for an unknown id",
    async (what, entity, id) => {
      const scope = scopeOf(mine);
      const errorOf = (value: string) =>
        getOwned(scope, entity, value, what).then(
          () => null,
          (error: AppError) => ({ code: error.code, message: error.message }),
        );
      const foreign = await errorOf(id());
      expect(foreign).toEqual({ code: 'NOT_FOUND', message: `${what} not found` });
      for (const unknown of UNKNOWN) expect(await errorOf(unknown), unknown).toEqual(foreign);
      // The row is there: its own workspace finds it.
      expect(await getOwned(scopeOf(theirs), entity, id(), what)).toMatchObject({ id: id() });
    },
  );
});

describe('NOT_FOUND for another workspace', () => {
  const OPERATIONS: [string, string, (id: string) => Record<string, unknown>, () => string][] = [
    [
      'generateCampaign',
      'mutation ($input: GenerateCampaignInput!) { generateCampaign(input: $input) { id } }',
      (id) => ({ input: { campaignId: id } }),
      () => theirs.campaign.id,
    ],
    [
      'cancelGeneration',
      'mutation ($id: ID!) { cancelGeneration(jobId: $id) { id } }',
      (id) => ({ id }),
      () => theirs.job.id,
    ],
    [
      'validateContent',
      'query ($input: ValidateContentInput!) { validateContent(input: $input) { verdict } }',
      (id) => ({ input: { platform: 'LINKEDIN', text: 'Hello', campaignId: id } }),
      () => theirs.campaign.id,
    ],
    [
      'preview',
      'query ($input: PreviewInput!) { preview(input: $input) { visibleText } }',
      (id) => ({ input: { platform: 'LINKEDIN', variantId: id } }),
      () => theirs.variant.id,
    ],
    [
      'previews',
      'query ($input: MultiPreviewInput!) { previews(input: $input) { visibleText } }',
      (id) => ({ input: { platforms: ['LINKEDIN', 'TWITTER'], variantId: id } }),
      () => theirs.variant.id,
    ],
  ];

  it.each(OPERATIONS)('makes %s answer exactly as for an unknown id', async (_name, query, variables, foreignId) => {
    const key = mine.workspace.admin;
    const foreign = await gql(t.graphqlUrl, query, { key, variables: variables(foreignId()) });
    expect(foreign.errors?.[0]?.extensions?.code).toBe('NOT_FOUND');
    for (const id of UNKNOWN) {
      const unknown = await gql(t.graphqlUrl, query, { key, variables: variables(id) });
      expect(observableHttp(unknown), id).toEqual(observableHttp(foreign));
    }
  });

  it.each([
    [
      'generationProgress',
      (id: string) => `subscription { generationProgress(jobId: "${id}") { type } }`,
      () => theirs.job.id,
    ],
    [
      'moderationResults',
      (id: string) => `subscription { moderationResults(campaignId: "${id}") { variantId } }`,
      () => theirs.campaign.id,
    ],
  ])('makes the %s subscription answer exactly as for an unknown id', async (_name, query, foreignId) => {
    const client = wsClient(t.wsUrl, { authorization: `Bearer ${mine.workspace.viewer}` });
    try {
      const foreign = await wsExecute(client, query(foreignId()));
      expect(foreign.result?.errors?.[0]?.extensions?.code).toBe('NOT_FOUND');
      for (const id of UNKNOWN) {
        const unknown = await wsExecute(client, query(id));
        expect(observable(unknown.result?.errors), id).toEqual(observable(foreign.result?.errors));
      }
    } finally {
      await client.dispose();
    }
  });
});

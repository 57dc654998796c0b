import 'reflect-metadata';
import { randomUUID } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { Campaign, GenerationJob, JobStatus, Platform } from '../src/entities';
import { startTestApp, type TestApp } from './support/app';
import { buildBrief, createTestWorkspace, insertCampaigns, type TestWorkspace } from './support/factories';
import { codeOf, type GraphQLResponse, gql } from './support/graphql';

let t: TestApp;
let a: TestWorkspace;
let b: TestWorkspace;
let ownCampaignIds: string[];
let foreignCampaignId: string;
let foreignJobId: string;

beforeAll(async () => {
  t = await startTestApp();
  a = await createTestWorkspace(t.app);
  b = await createTestWorkspace(t.app);
  ownCampaignIds = (await insertCampaigns(t.app, a.workspace, 3, { productName: 'Shared words' })).map((c) => c.id);
  const foreign = await insertCampaigns(t.app, b.workspace, 4, { productName: 'Shared words' });
  foreignCampaignId = foreign[0]!.id;
  const em = t.app.orm.em.fork();
  const job = em.create(GenerationJob, {
    workspace: b.workspace.id,
    campaign: foreignCampaignId,
    platforms: [Platform.LINKEDIN],
    provider: 'offline',
    status: JobStatus.SUCCEEDED,
  });
  await em.persistAndFlush(job);
  foreignJobId = job.id;
});
afterAll(() => t.close());

const UPDATE = `mutation ($id: ID!) { updateCampaign(id: $id, input: { name: "Taken over" }) { id } }`;
const ARCHIVE = `mutation ($id: ID!) { archiveCampaign(id: $id) { id } }`;
const UNKNOWN_IDS = [randomUUID(), 'abc'];

/** What a client can observe of an error answer: everything but the per-request id. */
function observable(res: GraphQLResponse) {
  return {
    status: res.status,
    data: res.data,
    errors: res.errors?.map(({ message, path, extensions }) => ({ message, path, code: extensions?.code })),
  };
}

async function foreignRow(): Promise<Campaign> {
  return t.app.orm.em.fork().findOneOrFail(Campaign, { id: foreignCampaignId }, { filters: false });
}

describe('an ID from another workspace', () => {
  it('makes campaign(id) answer null, like an unknown id', async () => {
    for (const id of [foreignCampaignId, ...UNKNOWN_IDS]) {
      const res = await gql(t.graphqlUrl, 'query ($id: ID!) { campaign(id: $id) { id name } }', {
        key: a.admin,
        variables: { id },
      });
      expect(res.errors, id).toBeUndefined();
      expect(res.data, id).toEqual({ campaign: null });
    }
  });

  it.each([
    ['updateCampaign', UPDATE],
    ['archiveCampaign', ARCHIVE],
  ])('makes %s answer NOT_FOUND exactly as an unknown id does, and changes nothing', async (_name, mutation) => {
    const before = await foreignRow();
    const foreign = await gql(t.graphqlUrl, mutation, { key: a.admin, variables: { id: foreignCampaignId } });
    expect(codeOf(foreign)).toBe('NOT_FOUND');
    for (const id of UNKNOWN_IDS) {
      const unknown = await gql(t.graphqlUrl, mutation, { key: a.admin, variables: { id } });
      expect(observable(unknown), id).toEqual(observable(foreign));
    }
    const after = await foreignRow();
    expect({ name: after.name, status: after.status, updatedAt: after.updatedAt }).toEqual({
      name: before.name,
      status: before.status,
      updatedAt: before.updatedAt,
    });
  });

  it('makes generationJob(id) answer null, like an unknown id', async () => {
    for (const id of [foreignJobId, foreignCampaignId, ...UNKNOWN_IDS]) {
      const res = await gql(t.graphqlUrl, 'query ($id: ID!) { generationJob(id: $id) { id status } }', {
        key: a.admin,
        variables: { id },
      });
      expect(res.errors, id).toBeUndefined();
      expect(res.data, id).toEqual({ generationJob: null });
    }
  });

  it('is found by its own workspace, so the refusals above are about ownership', async () => {
    const res = await gql(
      t.graphqlUrl,
      `query ($id: ID!, $job: ID!) {
        campaign(id: $id) { id latestJob { id } }
        generationJob(id: $job) { id campaign { id } }
      }`,
      { key: b.viewer, variables: { id: foreignCampaignId, job: foreignJobId } },
    );
    expect(res.errors).toBeUndefined();
    expect(res.data).toEqual({
      campaign: { id: foreignCampaignId, latestJob: { id: foreignJobId } },
      generationJob: { id: foreignJobId, campaign: { id: foreignCampaignId } },
    });
  });
});

describe('the campaigns list', () => {
  it("contains only the caller's campaigns and counts only them", async () => {
    const res = await gql(
      t.graphqlUrl,
      '{ campaigns(first: 100) { totalCount edges { node { id latestJob { id } } } pageInfo { hasNextPage } } }',
      { key: a.viewer },
    );
    expect(res.errors).toBeUndefined();
    const ids = res.data!.campaigns.edges.map((edge: { node: { id: string } }) => edge.node.id);
    expect([...ids].sort()).toEqual([...ownCampaignIds].sort());
    expect(res.data!.campaigns.totalCount).toBe(ownCampaignIds.length);
    expect(res.data!.campaigns.pageInfo.hasNextPage).toBe(false);
    for (const edge of res.data!.campaigns.edges) expect(edge.node.latestJob).toBeNull();
  });

  it('keeps other workspaces out of search and status filters, and their counts', async () => {
    const res = await gql(
      t.graphqlUrl,
      `{
        bySearch: campaigns(search: "Shared words") { totalCount edges { node { id } } }
        byStatus: campaigns(status: DRAFT) { totalCount edges { node { id } } }
      }`,
      { key: a.editor },
    );
    expect(res.errors).toBeUndefined();
    for (const page of [res.data!.bySearch, res.data!.byStatus]) {
      expect(page.totalCount).toBe(ownCampaignIds.length);
      expect(page.edges.map((edge: { node: { id: string } }) => edge.node.id).sort()).toEqual(
        [...ownCampaignIds].sort(),
      );
    }
  });

  it("puts a campaign created through the API only in its creator's list", async () => {
    const created = await gql(
      t.graphqlUrl,
      'mutation ($input: CreateCampaignInput!) { createCampaign(input: $input) { id } }',
      { key: b.editor, variables: { input: { name: 'B only', brief: buildBrief() } } },
    );
    expect(created.errors).toBeUndefined();
    const res = await gql(t.graphqlUrl, '{ campaigns(first: 100) { totalCount edges { node { id } } } }', {
      key: a.viewer,
    });
    const ids = res.data!.campaigns.edges.map((edge: { node: { id: string } }) => edge.node.id);
    expect(ids).not.toContain(created.data!.createCampaign.id);
    expect(res.data!.campaigns.totalCount).toBe(ownCampaignIds.length);
  });
});

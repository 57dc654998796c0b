import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { Campaign } from '../src/entities';
import { startTestApp, type TestApp } from './support/app';
import { createTestWorkspace, insertCampaigns, type TestWorkspace } from './support/factories';
import { gql } from './support/graphql';

const LIST = `query($first: Int, $after: String) {
  campaigns(first: $first, after: $after) {
    edges { cursor node { id } }
    pageInfo { hasNextPage endCursor hasPreviousPage startCursor }
  }
}`;

interface Page {
  edges: { cursor: string; node: { id: string } }[];
  pageInfo: { hasNextPage: boolean; endCursor: string | null; hasPreviousPage: boolean; startCursor: string | null };
}

let t: TestApp;
let ws: TestWorkspace;

beforeAll(async () => {
  t = await startTestApp();
});
afterAll(() => t.close());
beforeEach(async () => {
  ws = await createTestWorkspace(t.app);
});

async function page(variables: { first: number; after?: string | null }): Promise<Page> {
  const res = await gql<{ campaigns: Page }>(t.graphqlUrl, LIST, { key: ws.viewer, variables });
  expect(res.errors).toBeUndefined();
  return res.data!.campaigns;
}

describe('PageInfo (Relay connection fields)', () => {
  it('starts the first page with no previous page and startCursor on its first edge', async () => {
    await insertCampaigns(t.app, ws.workspace, 5);
    const first = await page({ first: 2 });
    expect(first.pageInfo.hasPreviousPage).toBe(false);
    expect(first.pageInfo.startCursor).toBe(first.edges[0]!.cursor);
    expect(first.pageInfo.endCursor).toBe(first.edges[1]!.cursor);
  });

  it('marks a page read after a cursor as having a previous page, with its own startCursor', async () => {
    const inserted = await insertCampaigns(t.app, ws.workspace, 5);
    const first = await page({ first: 2 });
    const second = await page({ first: 2, after: first.pageInfo.endCursor });
    expect(second.edges.map((edge) => edge.node.id)).toEqual([inserted[2]!.id, inserted[1]!.id]);
    expect(second.pageInfo).toEqual({
      hasNextPage: true,
      endCursor: second.edges[1]!.cursor,
      hasPreviousPage: true,
      startCursor: second.edges[0]!.cursor,
    });
    const last = await page({ first: 2, after: second.pageInfo.endCursor });
    expect(last.pageInfo).toMatchObject({ hasNextPage: false, hasPreviousPage: true });
    expect(last.pageInfo.startCursor).toBe(last.edges[0]!.cursor);
  });

  it('answers an empty list with null cursors and neither a previous nor a next page', async () => {
    const empty = await page({ first: 10 });
    expect(empty.pageInfo).toEqual({ hasNextPage: false, endCursor: null, hasPreviousPage: false, startCursor: null });
  });

  it('answers the empty page past the end with null cursors and a previous page', async () => {
    await insertCampaigns(t.app, ws.workspace, 2);
    const all = await page({ first: 2 });
    const past = await page({ first: 2, after: all.pageInfo.endCursor });
    expect(past.edges).toEqual([]);
    expect(past.pageInfo).toEqual({ hasNextPage: false, endCursor: null, hasPreviousPage: true, startCursor: null });
  });

  it('still reports a previous page after the cursor of a campaign since deleted (as the field documents)', async () => {
    const [only] = await insertCampaigns(t.app, ws.workspace, 1);
    const first = await page({ first: 1 });
    const em = t.app.orm.em.fork();
    await em.nativeDelete(Campaign, { id: only!.id }, { filters: false });
    const after = await page({ first: 1, after: first.pageInfo.endCursor });
    expect(after.edges).toEqual([]);
    expect(after.pageInfo.hasPreviousPage).toBe(true);
  });
});

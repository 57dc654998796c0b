import { describe, expect, it } from 'vitest';
import { type Campaign, CampaignStatus } from '../src/entities';
import { useTestApp } from './support/app';
import { createTestWorkspace, insertCampaigns } from './support/factories';
import { codeOf, type GraphQLResponse, gql } from './support/graphql';

const LIST = `query($first: Int, $after: String, $status: CampaignStatus, $search: String) {
  campaigns(first: $first, after: $after, status: $status, search: $search) {
    edges { cursor node { id name status createdAt brief { productName } } }
    pageInfo { hasNextPage endCursor }
    totalCount
  }
}`;

interface Page {
  edges: { cursor: string; node: { id: string; name: string; status: string; brief: { productName: string } } }[];
  pageInfo: { hasNextPage: boolean; endCursor: string | null };
  totalCount: number;
}

const t = useTestApp();

function list(variables: Record<string, unknown> = {}): Promise<GraphQLResponse<{ campaigns: Page }>> {
  return gql<{ campaigns: Page }>(t.graphqlUrl, LIST, { key: t.ws.viewer, variables });
}

async function page(variables: Record<string, unknown> = {}): Promise<Page> {
  const res = await list(variables);
  expect(res.errors).toBeUndefined();
  return res.data!.campaigns;
}

/** Follows `after` from the first page to the last; returns the ids in the order they were seen. */
async function walk(first: number, variables: Record<string, unknown> = {}): Promise<string[]> {
  const seen: string[] = [];
  let after: string | null = null;
  for (let guard = 0; guard < 100; guard++) {
    const current = await page({ ...variables, first, after });
    seen.push(...current.edges.map((edge) => edge.node.id));
    if (!current.pageInfo.hasNextPage) return seen;
    after = current.pageInfo.endCursor;
  }
  throw new Error('the walk did not end');
}

const newestFirst = (campaigns: Campaign[]) => [...campaigns].reverse().map((campaign) => campaign.id);

/** One campaign at a chosen time, so ordering does not depend on the clock. */
async function insertAt(createdAt: Date, overrides: { name?: string; productName?: string } = {}) {
  const [campaign] = await insertCampaigns(t.app, t.ws.workspace, 1, { ...overrides, createdAt });
  return campaign!;
}

describe('campaigns pagination', () => {
  it('lists campaigns newest first', async () => {
    const inserted = await insertCampaigns(t.app, t.ws.workspace, 5);
    const result = await page({ first: 5 });
    expect(result.edges.map((edge) => edge.node.id)).toEqual(newestFirst(inserted));
    expect(result.pageInfo.hasNextPage).toBe(false);
  });

  it.each([0, -1, 101])('refuses first = %i with BAD_USER_INPUT naming first', async (first) => {
    const res = await list({ first });
    expect(codeOf(res)).toBe('BAD_USER_INPUT');
    expect(res.errors?.[0]?.extensions?.fields).toContainEqual({ path: 'first', message: expect.any(String) });
  });

  it('accepts first = 1 and first = 100', async () => {
    await insertCampaigns(t.app, t.ws.workspace, 3);
    expect((await page({ first: 1 })).edges).toHaveLength(1);
    expect((await page({ first: 100 })).edges).toHaveLength(3);
  });

  it('returns 20 campaigns when first is not given', async () => {
    const inserted = await insertCampaigns(t.app, t.ws.workspace, 25);
    const res = await gql<{ campaigns: Page }>(
      t.graphqlUrl,
      '{ campaigns { edges { node { id } } pageInfo { hasNextPage } } }',
      { key: t.ws.viewer },
    );
    expect(res.errors).toBeUndefined();
    expect(res.data!.campaigns.edges.map((edge) => edge.node.id)).toEqual(newestFirst(inserted).slice(0, 20));
    expect(res.data!.campaigns.pageInfo.hasNextPage).toBe(true);
  });

  it('visits every campaign exactly once when walking pages with after', async () => {
    const inserted = await insertCampaigns(t.app, t.ws.workspace, 23);
    expect(await walk(5)).toEqual(newestFirst(inserted));
    expect(await walk(23)).toEqual(newestFirst(inserted));
    expect(await walk(1)).toEqual(newestFirst(inserted));
  });

  it('walks campaigns that share the same createdAt without duplicates or gaps', async () => {
    const inserted = await insertCampaigns(t.app, t.ws.workspace, 9, { createdAt: new Date('2024-05-01T12:00:00Z') });
    const seen = await walk(2);
    // Ties on createdAt are broken by id, descending.
    expect(seen).toEqual(
      inserted
        .map((campaign) => campaign.id)
        .sort()
        .reverse(),
    );
  });

  it('keeps cursors stable while new campaigns are inserted between page fetches', async () => {
    const base = Date.parse('2024-01-01T00:00:00Z');
    const original: string[] = [];
    for (let i = 0; i < 10; i++) original.unshift((await insertAt(new Date(base + i * 1000))).id);

    const first = await page({ first: 4 });
    expect(first.edges.map((edge) => edge.node.id)).toEqual(original.slice(0, 4));
    const added = [await insertAt(new Date(base + 60_000)), await insertAt(new Date(base + 61_000))];

    const second = await page({ first: 4, after: first.pageInfo.endCursor });
    const fresh = await insertAt(new Date(base + 62_000));
    const third = await page({ first: 4, after: second.pageInfo.endCursor });

    const walked = [first, second, third].flatMap((p) => p.edges.map((edge) => edge.node.id));
    expect(walked).toEqual(original);
    expect(third.pageInfo.hasNextPage).toBe(false);

    const head = await page({ first: 3 });
    expect(head.edges.map((edge) => edge.node.id)).toEqual([fresh.id, added[1]!.id, added[0]!.id]);
    expect(head.totalCount).toBe(13);
  });

  it('ends on a last page whose endCursor is its last edge cursor', async () => {
    await insertCampaigns(t.app, t.ws.workspace, 7);
    const firstPage = await page({ first: 4 });
    expect(firstPage.pageInfo.hasNextPage).toBe(true);
    expect(firstPage.pageInfo.endCursor).toBe(firstPage.edges.at(-1)!.cursor);
    const last = await page({ first: 4, after: firstPage.pageInfo.endCursor });
    expect(last.edges).toHaveLength(3);
    expect(last.pageInfo.hasNextPage).toBe(false);
    expect(last.pageInfo.endCursor).toBe(last.edges.at(-1)!.cursor);
  });

  it('answers a page exactly as long as the rest with hasNextPage false', async () => {
    await insertCampaigns(t.app, t.ws.workspace, 4);
    const all = await page({ first: 4 });
    expect(all.edges).toHaveLength(4);
    expect(all.pageInfo.hasNextPage).toBe(false);
  });

  it('answers an empty result with no edges and a null endCursor', async () => {
    const empty = await page({ first: 10 });
    expect(empty).toEqual({ edges: [], pageInfo: { hasNextPage: false, endCursor: null }, totalCount: 0 });

    await insertCampaigns(t.app, t.ws.workspace, 2);
    const pastTheEnd = await page({ first: 2 });
    const after = await page({ first: 2, after: pastTheEnd.pageInfo.endCursor });
    expect(after.edges).toEqual([]);
    expect(after.pageInfo).toEqual({ hasNextPage: false, endCursor: null });
  });

  it('never lists campaigns of another workspace', async () => {
    const other = await createTestWorkspace(t.app);
    await insertCampaigns(t.app, other.workspace, 3);
    const mine = await insertCampaigns(t.app, t.ws.workspace, 2);
    const result = await page({ first: 100 });
    expect(result.edges.map((edge) => edge.node.id)).toEqual(newestFirst(mine));
    expect(result.totalCount).toBe(2);
  });
});

describe('campaigns cursors', () => {
  const uuid = '01890000-0000-7000-8000-000000000000';
  const b64 = (text: string) => Buffer.from(text, 'utf8').toString('base64url');

  it.each([
    ['garbage', 'garbage'],
    ['base64 of junk', b64('hello world, not a cursor')],
    ['a cursor with a non-uuid id', b64('2024-05-01T12:00:00.000Z|not-a-uuid')],
    ['a cursor with a bad date', b64(`yesterday|${uuid}`)],
    ['a cursor with an extra part', b64(`2024-05-01T12:00:00.000Z|${uuid}|x`)],
    ['an empty-looking cursor', b64('|')],
    ['a very long cursor', 'A'.repeat(5000)],
  ])('refuses %s with BAD_USER_INPUT naming after', async (_label, after) => {
    await insertCampaigns(t.app, t.ws.workspace, 1);
    const res = await list({ first: 5, after });
    expect(codeOf(res)).toBe('BAD_USER_INPUT');
    expect(res.errors?.[0]?.extensions?.fields).toContainEqual({ path: 'after', message: expect.any(String) });
  });

  it('accepts a well-formed cursor of a campaign that no longer exists', async () => {
    const inserted = await insertCampaigns(t.app, t.ws.workspace, 3);
    const after = b64(`${inserted[1]!.createdAt.toISOString()}|${uuid}`);
    const result = await page({ first: 5, after });
    expect(result.edges.map((edge) => edge.node.id)).toEqual([inserted[0]!.id]);
  });
});

describe('campaigns filters', () => {
  it('filters by status and counts only matching campaigns', async () => {
    await insertCampaigns(t.app, t.ws.workspace, 3, { status: CampaignStatus.DRAFT });
    const ready = await insertCampaigns(t.app, t.ws.workspace, 2, { status: CampaignStatus.READY });
    await insertCampaigns(t.app, t.ws.workspace, 1, { status: CampaignStatus.ARCHIVED });
    const result = await page({ first: 10, status: 'READY' });
    expect(result.edges.map((edge) => edge.node.id).sort()).toEqual(ready.map((c) => c.id).sort());
    expect(result.edges.every((edge) => edge.node.status === 'READY')).toBe(true);
    expect(result.totalCount).toBe(2);
  });

  it('searches the name case-insensitively', async () => {
    const base = Date.parse('2024-02-01T00:00:00Z');
    const a = await insertAt(new Date(base), { name: 'Spring Launch', productName: 'Boots' });
    const b = await insertAt(new Date(base + 1000), { name: 'BIG SPRING SALE', productName: 'Hats' });
    await insertAt(new Date(base + 2000), { name: 'Autumn', productName: 'Coats' });
    const result = await page({ first: 10, search: 'sPrInG' });
    expect(result.edges.map((edge) => edge.node.id)).toEqual([b.id, a.id]);
    expect(result.totalCount).toBe(2);
  });

  it('searches the brief productName case-insensitively', async () => {
    const base = Date.parse('2024-03-01T00:00:00Z');
    const match = await insertAt(new Date(base), { name: 'Q3 push', productName: 'Rocket Skateboard' });
    await insertAt(new Date(base + 1000), { name: 'Q4 push', productName: 'Hover Board' });
    const result = await page({ first: 10, search: 'SKATE' });
    expect(result.edges.map((edge) => edge.node.id)).toEqual([match.id]);
    expect(result.edges[0]!.node.brief.productName).toBe('Rocket Skateboard');
  });

  it('treats % and _ in the search as literal characters, not wildcards', async () => {
    const base = Date.parse('2024-04-01T00:00:00Z');
    const percent = await insertAt(new Date(base), { name: '100% Cotton', productName: 'Shirt' });
    await insertAt(new Date(base + 1000), { name: '100 Cotton', productName: 'Shirt' });
    const underscore = await insertAt(new Date(base + 2000), { name: 'snake_case', productName: 'Tool' });
    await insertAt(new Date(base + 3000), { name: 'snakeXcase', productName: 'Tool' });
    const backslash = await insertAt(new Date(base + 4000), { name: 'back\\slash', productName: 'Tool' });

    const ids = async (search: string) => (await page({ first: 10, search })).edges.map((edge) => edge.node.id);
    expect(await ids('100%')).toEqual([percent.id]);
    expect(await ids('%')).toEqual([percent.id]);
    expect(await ids('snake_case')).toEqual([underscore.id]);
    expect(await ids('_')).toEqual([underscore.id]);
    expect(await ids('\\')).toEqual([backslash.id]);
  });

  it('refuses a search longer than 200 characters naming search', async () => {
    const res = await list({ first: 5, search: 'x'.repeat(201) });
    expect(codeOf(res)).toBe('BAD_USER_INPUT');
    expect(res.errors?.[0]?.extensions?.fields).toContainEqual({ path: 'search', message: expect.any(String) });
  });

  it('ignores a blank search', async () => {
    const inserted = await insertCampaigns(t.app, t.ws.workspace, 3);
    expect((await page({ first: 10, search: '   ' })).edges.map((edge) => edge.node.id)).toEqual(newestFirst(inserted));
  });

  it('pages through a search with the filter kept on every page', async () => {
    const matching = await insertCampaigns(t.app, t.ws.workspace, 5, { name: 'Match me' });
    await insertCampaigns(t.app, t.ws.workspace, 4, { name: 'Other' });
    expect(await walk(2, { search: 'match' })).toEqual(newestFirst(matching));
  });

  it('reports totalCount for the filter regardless of the cursor', async () => {
    await insertCampaigns(t.app, t.ws.workspace, 4, { status: CampaignStatus.READY });
    await insertCampaigns(t.app, t.ws.workspace, 3, { status: CampaignStatus.DRAFT });
    const first = await page({ first: 3 });
    expect(first.totalCount).toBe(7);
    const second = await page({ first: 3, after: first.pageInfo.endCursor });
    expect(second.totalCount).toBe(7);
    const ready = await page({ first: 1, status: 'READY' });
    expect(ready.totalCount).toBe(4);
    const readyNext = await page({ first: 1, status: 'READY', after: ready.pageInfo.endCursor });
    expect(readyNext.totalCount).toBe(4);
  });
});

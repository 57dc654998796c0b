import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type Campaign, ContentVariant, GenerationJob, JobStatus, Platform } from '../src/entities';
import { sqlCounter } from '../src/infra/orm';
import { startTestApp, type TestApp } from './support/app';
import { createTestWorkspace, insertCampaigns, type TestWorkspace } from './support/factories';
import { gql } from './support/graphql';

const PAGE = `query($first: Int!) {
  campaigns(first: $first) {
    edges { node { id contents { platform variants { body hashtags } } latestJob { id status } } }
  }
}`;

interface PageResult {
  campaigns: {
    edges: {
      node: {
        id: string;
        contents: { platform: string; variants: { body: string; hashtags: string[] }[] }[];
        latestJob: { id: string; status: string } | null;
      };
    }[];
  };
}

/** Platforms written out of schema order, so grouping must reorder them. */
const WRITTEN_ORDER = [Platform.EMAIL, Platform.TWITTER, Platform.LINKEDIN, Platform.BLOG];
const SCHEMA_ORDER = [Platform.LINKEDIN, Platform.TWITTER, Platform.BLOG, Platform.EMAIL];

let t: TestApp;
let ws: TestWorkspace;
let campaigns: Campaign[];
/** The id of each campaign's newest job, or null for campaigns without jobs. */
const newestJob = new Map<string, string | null>();

/**
 * Gives most campaigns three jobs (the newest is not the last inserted, and a FAILED older one) and two
 * variants per platform written out of order; every fifth campaign has neither jobs nor contents.
 */
async function insertJobsAndVariants(): Promise<void> {
  const em = t.app.orm.em.fork();
  const base = Date.parse('2024-06-01T00:00:00Z');
  campaigns.forEach((campaign, index) => {
    if (index % 5 === 0) {
      newestJob.set(campaign.id, null);
      return;
    }
    const job = (status: JobStatus, offsetMs: number) =>
      em.create(GenerationJob, {
        workspace: ws.workspace,
        campaign,
        status,
        platforms: WRITTEN_ORDER,
        provider: 'offline',
        createdAt: new Date(base + index * 10_000 + offsetMs),
      });
    const newest = job(JobStatus.SUCCEEDED, 3000);
    job(JobStatus.FAILED, 1000);
    job(JobStatus.CANCELLED, 2000);
    newestJob.set(campaign.id, newest.id);
    for (const platform of WRITTEN_ORDER) {
      for (const position of [1, 0]) {
        em.create(ContentVariant, {
          workspace: ws.workspace,
          campaign,
          job: newest,
          platform,
          position,
          body: `${campaign.id} ${platform} ${position}`,
          hashtags: [`#${platform.toLowerCase()}`, `#v${position}`],
        });
      }
    }
  });
  await em.flush();
}

beforeAll(async () => {
  t = await startTestApp();
  ws = await createTestWorkspace(t.app);
  campaigns = await insertCampaigns(t.app, ws.workspace, 50);
  await insertJobsAndVariants();
  // A key's first use records lastUsedAt in the background; let that happen outside the measured requests.
  await gql(t.graphqlUrl, PAGE, { key: ws.viewer, variables: { first: 1 } });
  await gql(t.graphqlUrl, PAGE, { key: ws.viewer, variables: { first: 1 } });
});
afterAll(() => t.close());

/** Runs the page query over HTTP and counts the SQL statements the server sent for it. */
async function measuredPage(first: number): Promise<{ statements: number; data: PageResult }> {
  const before = sqlCounter.statements;
  const res = await gql<PageResult>(t.graphqlUrl, PAGE, { key: ws.viewer, variables: { first } });
  const statements = sqlCounter.statements - before;
  expect(res.errors).toBeUndefined();
  return { statements, data: res.data! };
}

describe('batched loading of a campaign page', () => {
  it('costs the same few SQL statements for 5, 20 and 50 campaigns', async () => {
    const counts: number[] = [];
    for (const first of [5, 20, 50]) {
      const { statements, data } = await measuredPage(first);
      expect(data.campaigns.edges).toHaveLength(first);
      counts.push(statements);
    }
    expect(counts[1]).toBe(counts[0]);
    expect(counts[2]).toBe(counts[0]);
    expect(counts[0]).toBeLessThanOrEqual(4);
    expect(counts[0]).toBeGreaterThan(0);
  });

  it('groups contents by platform in schema order, variants by position', async () => {
    const { data } = await measuredPage(50);
    for (const { node } of data.campaigns.edges) {
      if (newestJob.get(node.id) === null) {
        expect(node.contents).toEqual([]);
        continue;
      }
      expect(node.contents.map((group) => group.platform)).toEqual(SCHEMA_ORDER);
      for (const group of node.contents) {
        expect(group.variants).toEqual([
          { body: `${node.id} ${group.platform} 0`, hashtags: [`#${group.platform.toLowerCase()}`, '#v0'] },
          { body: `${node.id} ${group.platform} 1`, hashtags: [`#${group.platform.toLowerCase()}`, '#v1'] },
        ]);
      }
    }
  });

  it("answers latestJob with each campaign's newest job, or null when it has none", async () => {
    const { data } = await measuredPage(50);
    expect(data.campaigns.edges).toHaveLength(campaigns.length);
    for (const { node } of data.campaigns.edges) {
      const expected = newestJob.get(node.id);
      expect(node.latestJob).toEqual(expected ? { id: expected, status: 'SUCCEEDED' } : null);
    }
  });

  it('answers the timestamps of a page as a single campaign read answers them (ISO 8601, milliseconds)', async () => {
    const FIELDS = `id createdAt updatedAt contents { variants { createdAt } }
      latestJob { createdAt startedAt finishedAt }`;
    const page = await gql<{ campaigns: { edges: { node: Record<string, unknown> & { id: string } }[] } }>(
      t.graphqlUrl,
      `query { campaigns(first: 50) { edges { node { ${FIELDS} } } } }`,
      { key: ws.viewer },
    );
    expect(page.errors).toBeUndefined();
    const nodes = page.data?.campaigns.edges.map((edge) => edge.node) ?? [];
    const withJob = nodes.filter((node) => node.latestJob !== null).slice(0, 3);
    expect(withJob.length).toBeGreaterThan(0);
    for (const node of withJob) {
      const single = await gql<{ campaign: unknown }>(
        t.graphqlUrl,
        `query($id: ID!) { campaign(id: $id) { ${FIELDS} } }`,
        {
          key: ws.viewer,
          variables: { id: node.id },
        },
      );
      expect(single.data?.campaign).toEqual(node);
      expect(node.createdAt).toMatch(/^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}\.\d{3}Z$/);
    }
  });
});

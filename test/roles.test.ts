import 'reflect-metadata';
import { describe, expect, it } from 'vitest';
import { Campaign, CampaignStatus, type Workspace } from '../src/entities';
import { useTestApp } from './support/app';
import { buildBrief, createTestWorkspace, insertCampaigns } from './support/factories';
import { codeOf, gql } from './support/graphql';

const t = useTestApp({ workspace: 'none' });

const CREATE = `mutation ($input: CreateCampaignInput!) { createCampaign(input: $input) { id name status } }`;
const UPDATE = `mutation ($id: ID!, $input: UpdateCampaignInput!) {
  updateCampaign(id: $id, input: $input) { id name status brief { productName } }
}`;
const ARCHIVE = `mutation ($id: ID!) { archiveCampaign(id: $id) { id status } }`;

/** The stored rows of a workspace, read around the API so a test sees what was really written. */
async function rowsOf(workspace: Workspace): Promise<Campaign[]> {
  return t.app.orm.em
    .fork()
    .find(Campaign, { workspace: workspace.id }, { filters: false, orderBy: { createdAt: 'asc', id: 'asc' } });
}

function snapshot(campaign: Campaign) {
  return {
    id: campaign.id,
    name: campaign.name,
    status: campaign.status,
    brief: campaign.brief,
    updatedAt: campaign.updatedAt.toISOString(),
  };
}

describe('VIEWER', () => {
  it('reads viewer, campaigns and a campaign', async () => {
    const ws = await createTestWorkspace(t.app);
    const [campaign] = await insertCampaigns(t.app, ws.workspace, 1, { name: 'Readable' });
    const res = await gql(
      t.graphqlUrl,
      `query ($id: ID!) {
        viewer { role }
        campaigns { totalCount edges { node { id } } }
        campaign(id: $id) { id name }
      }`,
      { key: ws.viewer, variables: { id: campaign!.id } },
    );
    expect(res.errors).toBeUndefined();
    expect(res.data).toEqual({
      viewer: { role: 'VIEWER' },
      campaigns: { totalCount: 1, edges: [{ node: { id: campaign!.id } }] },
      campaign: { id: campaign!.id, name: 'Readable' },
    });
  });

  it('is refused createCampaign with FORBIDDEN and nothing is written', async () => {
    const ws = await createTestWorkspace(t.app);
    const res = await gql(t.graphqlUrl, CREATE, {
      key: ws.viewer,
      variables: { input: { name: 'Not allowed', brief: buildBrief() } },
    });
    expect(codeOf(res)).toBe('FORBIDDEN');
    expect(res.errors![0]!.message).toMatch(/EDITOR.*VIEWER/);
    expect(res.data).toBeNull();
    expect(await rowsOf(ws.workspace)).toHaveLength(0);
  });

  it('is refused updateCampaign with FORBIDDEN and the row is unchanged', async () => {
    const ws = await createTestWorkspace(t.app);
    const [campaign] = await insertCampaigns(t.app, ws.workspace, 1);
    const before = (await rowsOf(ws.workspace)).map(snapshot);
    const res = await gql(t.graphqlUrl, UPDATE, {
      key: ws.viewer,
      variables: { id: campaign!.id, input: { name: 'Renamed', brief: buildBrief({ productName: 'Other' }) } },
    });
    expect(codeOf(res)).toBe('FORBIDDEN');
    expect(res.data).toBeNull();
    expect((await rowsOf(ws.workspace)).map(snapshot)).toEqual(before);
  });

  it('is refused archiveCampaign with FORBIDDEN and the row is unchanged', async () => {
    const ws = await createTestWorkspace(t.app);
    const [campaign] = await insertCampaigns(t.app, ws.workspace, 1);
    const before = (await rowsOf(ws.workspace)).map(snapshot);
    const res = await gql(t.graphqlUrl, ARCHIVE, { key: ws.viewer, variables: { id: campaign!.id } });
    expect(codeOf(res)).toBe('FORBIDDEN');
    expect(res.data).toBeNull();
    expect((await rowsOf(ws.workspace)).map(snapshot)).toEqual(before);
  });
});

describe.each(['editor', 'admin'] as const)('%s', (role) => {
  it('creates a campaign', async () => {
    const ws = await createTestWorkspace(t.app);
    const res = await gql(t.graphqlUrl, CREATE, {
      key: ws[role],
      variables: { input: { name: `Made by ${role}`, brief: buildBrief() } },
    });
    expect(res.errors).toBeUndefined();
    const rows = await rowsOf(ws.workspace);
    expect(rows).toHaveLength(1);
    expect(res.data).toEqual({ createCampaign: { id: rows[0]!.id, name: `Made by ${role}`, status: 'DRAFT' } });
  });

  it('updates a campaign', async () => {
    const ws = await createTestWorkspace(t.app);
    const [campaign] = await insertCampaigns(t.app, ws.workspace, 1);
    const res = await gql(t.graphqlUrl, UPDATE, {
      key: ws[role],
      variables: { id: campaign!.id, input: { name: 'Renamed', brief: buildBrief({ productName: 'New product' }) } },
    });
    expect(res.errors).toBeUndefined();
    expect(res.data).toEqual({
      updateCampaign: { id: campaign!.id, name: 'Renamed', status: 'DRAFT', brief: { productName: 'New product' } },
    });
    const [row] = await rowsOf(ws.workspace);
    expect(row!.name).toBe('Renamed');
    expect(row!.brief.productName).toBe('New product');
  });

  it('archives a campaign', async () => {
    const ws = await createTestWorkspace(t.app);
    const [campaign] = await insertCampaigns(t.app, ws.workspace, 1);
    const res = await gql(t.graphqlUrl, ARCHIVE, { key: ws[role], variables: { id: campaign!.id } });
    expect(res.errors).toBeUndefined();
    expect(res.data).toEqual({ archiveCampaign: { id: campaign!.id, status: 'ARCHIVED' } });
    const [row] = await rowsOf(ws.workspace);
    expect(row!.status).toBe(CampaignStatus.ARCHIVED);
  });
});

describe('archived campaigns', () => {
  it('refuses updateCampaign with CONFLICT and leaves the row unchanged', async () => {
    const ws = await createTestWorkspace(t.app);
    const [campaign] = await insertCampaigns(t.app, ws.workspace, 1, { status: CampaignStatus.ARCHIVED });
    const before = (await rowsOf(ws.workspace)).map(snapshot);
    const res = await gql(t.graphqlUrl, UPDATE, {
      key: ws.editor,
      variables: { id: campaign!.id, input: { name: 'Revived', brief: buildBrief({ productName: 'Revived' }) } },
    });
    expect(codeOf(res)).toBe('CONFLICT');
    expect(res.errors![0]!.message).toMatch(/archived/i);
    expect(res.data).toBeNull();
    expect((await rowsOf(ws.workspace)).map(snapshot)).toEqual(before);
  });

  it('refuses a name-only update with CONFLICT too', async () => {
    const ws = await createTestWorkspace(t.app);
    const [campaign] = await insertCampaigns(t.app, ws.workspace, 1, { status: CampaignStatus.ARCHIVED });
    const before = (await rowsOf(ws.workspace)).map(snapshot);
    const res = await gql(t.graphqlUrl, UPDATE, {
      key: ws.admin,
      variables: { id: campaign!.id, input: { name: 'Revived' } },
    });
    expect(codeOf(res)).toBe('CONFLICT');
    expect((await rowsOf(ws.workspace)).map(snapshot)).toEqual(before);
  });
});

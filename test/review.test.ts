import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { useTestApp } from './support/app';
import { buildBrief, createTestWorkspace } from './support/factories';
import { codeOf, gql } from './support/graphql';
import { WebhookReceiver } from './support/webhook-receiver';
import { seedCampaign } from './support/workflow';

/** Review and approval of exact versions: four-eyes, stale versions, BLOCKed text, the queue, the events. */

const t = useTestApp({
  env: {
    COPYDESK_WORKER: 'on',
    COPYDESK_OFFLINE_DELAY_MS: '0',
    COPYDESK_WEBHOOK_ALLOW_PRIVATE: 'on',
    COPYDESK_WEBHOOK_POLL_MS: '20',
    COPYDESK_OUTBOX_POLL_MS: '50',
  },
  // The worker delivers webhooks; it runs on a database of the file's own.
  scratchDatabase: true,
  workspace: 'per-test',
});
const receiver = new WebhookReceiver();
let receiverUrl = '';
beforeAll(async () => {
  receiverUrl = await receiver.start();
});
afterAll(() => receiver.close());

const APPROVAL = 'id status requestedBy decidedBy reviewerName comment requestedAt decidedAt version { id number }';
const REQUEST = `mutation($ids: [ID!]!, $comment: String) { requestReview(variantIds: $ids, comment: $comment) { ${APPROVAL} } }`;
const REVIEW = `mutation($input: ReviewInput!) { reviewContent(input: $input) { ${APPROVAL} } }`;
const EDIT = `mutation($id: ID!, $input: EditVariantInput!) {
  editVariant(id: $id, input: $input) { id status currentVersion { id number createdBy } }
}`;
const VARIANT = `query($id: ID!) { campaign(id: $id) { contents { variants { id status approval { ${APPROVAL} } } } } }`;

interface Approval {
  id: string;
  status: string;
  requestedBy: string | null;
  decidedBy: string | null;
  reviewerName: string | null;
  comment: string | null;
  decidedAt: string | null;
  version: { id: string; number: number };
}

const keyId = async (key: string) =>
  (await gql<{ viewer: { apiKeyId: string } }>(t.graphqlUrl, '{ viewer { apiKeyId } }', { key })).data?.viewer.apiKeyId;

function review(key: string, input: Record<string, unknown>) {
  return gql<{ reviewContent: Approval }>(t.graphqlUrl, REVIEW, { key, variables: { input } });
}

function request(key: string, ids: string[], comment?: string) {
  return gql<{ requestReview: Approval[] }>(t.graphqlUrl, REQUEST, { key, variables: { ids, comment } });
}

async function statuses(campaignId: string) {
  const res = await gql<{
    campaign: { contents: { variants: { id: string; status: string; approval: Approval | null }[] }[] };
  }>(t.graphqlUrl, VARIANT, { key: t.ws.viewer, variables: { id: campaignId } });
  return new Map(res.data?.campaign.contents.flatMap((g) => g.variants).map((v) => [v.id, v]));
}

async function outbox(name: string, workspaceId: string) {
  return t.app.orm.em
    .getConnection()
    .execute<{ payload: Record<string, unknown> }[]>(
      'select payload from outbox where name = ? and workspace_id = ? order by occurred_at',
      [name, workspaceId],
    );
}

describe('review and approval', () => {
  it('puts current versions in review and approves the exact version', async () => {
    const { campaignId, variants } = await seedCampaign(t.app, t.graphqlUrl, t.ws, { perPlatform: 2 });
    const [a, b] = variants;
    const asked = await request(t.ws.editor, [a!.id, b!.id], 'Please check the claims');
    expect(asked.errors).toBeUndefined();
    expect(asked.data?.requestReview.map((x) => [x.status, x.version.id])).toEqual([
      ['PENDING', a!.versionId],
      ['PENDING', b!.versionId],
    ]);
    expect(asked.data?.requestReview[0]?.requestedBy).toBe(await keyId(t.ws.editor));
    // Asking again returns the same waiting approval.
    const again = await request(t.ws.editor, [a!.id]);
    expect(again.data?.requestReview[0]?.id).toBe(asked.data?.requestReview[0]?.id);
    expect((await statuses(campaignId)).get(a!.id)?.status).toBe('IN_REVIEW');

    const approved = await review(t.ws.admin, {
      variantId: a!.id,
      versionId: a!.versionId,
      decision: 'APPROVE',
      comment: 'Good to go',
    });
    expect(approved.errors).toBeUndefined();
    expect(approved.data?.reviewContent).toMatchObject({
      id: asked.data?.requestReview[0]?.id,
      status: 'APPROVED',
      decidedBy: await keyId(t.ws.admin),
      comment: 'Good to go',
      version: { id: a!.versionId, number: 1 },
    });
    expect(approved.data?.reviewContent.decidedAt).toBeTruthy();

    const changes = await review(t.ws.editor, {
      variantId: b!.id,
      versionId: b!.versionId,
      decision: 'REQUEST_CHANGES',
      comment: 'Shorter',
    });
    expect(changes.data?.reviewContent.status).toBe('CHANGES_REQUESTED');
    const after = await statuses(campaignId);
    expect(after.get(a!.id)).toMatchObject({ status: 'APPROVED', approval: { status: 'APPROVED' } });
    expect(after.get(b!.id)).toMatchObject({ status: 'CHANGES_REQUESTED', approval: { comment: 'Shorter' } });
  });

  it('refuses to approve a version that is no longer current, naming the current one', async () => {
    const { variants } = await seedCampaign(t.app, t.graphqlUrl, t.ws);
    const [v] = variants;
    await request(t.ws.editor, [v!.id]);
    const edited = await gql<{ editVariant: { currentVersion: { id: string } } }>(t.graphqlUrl, EDIT, {
      key: t.ws.editor,
      variables: { id: v!.id, input: { baseVersionId: v!.versionId, body: 'Acme Rocket: a new angle. Pre-order.' } },
    });
    const current = edited.data?.editVariant.currentVersion.id as string;
    const stale = await review(t.ws.admin, { variantId: v!.id, versionId: v!.versionId, decision: 'APPROVE' });
    expect(codeOf(stale)).toBe('CONFLICT');
    expect(stale.errors?.[0]?.message).toContain(current);
    // The stale version's request no longer waits: the queue lists current versions only.
    const queue = await gql<{ reviewQueue: { edges: { node: Approval }[] } }>(
      t.graphqlUrl,
      `{ reviewQueue { edges { node { ${APPROVAL} } } } }`,
      { key: t.ws.viewer },
    );
    expect(queue.data?.reviewQueue.edges).toEqual([]);
  });

  it('enforces four-eyes: the key that made a version cannot approve it, until an ADMIN turns it off', async () => {
    const { variants } = await seedCampaign(t.app, t.graphqlUrl, t.ws);
    const [v] = variants;
    const edited = await gql<{ editVariant: { currentVersion: { id: string; createdBy: string } } }>(
      t.graphqlUrl,
      EDIT,
      {
        key: t.ws.editor,
        variables: { id: v!.id, input: { baseVersionId: v!.versionId, body: 'Acme Rocket, edited. Pre-order.' } },
      },
    );
    const version = edited.data?.editVariant.currentVersion.id as string;
    const own = await review(t.ws.editor, { variantId: v!.id, versionId: version, decision: 'APPROVE' });
    expect(codeOf(own)).toBe('FORBIDDEN');
    expect(own.errors?.[0]?.message).toMatch(/four-eyes/i);
    // Asking for changes to one's own version is allowed; approving it is what needs a second person.
    const editorOff = await gql(t.graphqlUrl, 'mutation { setFourEyes(enabled: false) }', { key: t.ws.editor });
    expect(codeOf(editorOff)).toBe('FORBIDDEN');
    const off = await gql<{ setFourEyes: boolean }>(t.graphqlUrl, 'mutation { setFourEyes(enabled: false) }', {
      key: t.ws.admin,
    });
    expect(off.data?.setFourEyes).toBe(false);
    const now = await review(t.ws.editor, { variantId: v!.id, versionId: version, decision: 'APPROVE' });
    expect(now.data?.reviewContent.status).toBe('APPROVED');
    expect(await outbox('workspace.settings_changed', t.ws.workspace.id)).toEqual([
      { payload: expect.objectContaining({ fourEyes: false }) },
    ]);
  });

  it('lets another key approve what an editor made', async () => {
    const { variants } = await seedCampaign(t.app, t.graphqlUrl, t.ws);
    const [v] = variants;
    const edited = await gql<{ editVariant: { currentVersion: { id: string } } }>(t.graphqlUrl, EDIT, {
      key: t.ws.editor,
      variables: { id: v!.id, input: { baseVersionId: v!.versionId, body: 'Acme Rocket, edited once. Pre-order.' } },
    });
    const version = edited.data?.editVariant.currentVersion.id as string;
    const other = await review(t.ws.admin, { variantId: v!.id, versionId: version, decision: 'APPROVE' });
    expect(other.data?.reviewContent.status).toBe('APPROVED');
  });

  it('never approves a BLOCKed text, but can reject it', async () => {
    const { campaignId, variants } = await seedCampaign(t.app, t.graphqlUrl, t.ws, { blocked: 1 });
    const [v] = variants;
    const refused = await review(t.ws.admin, { variantId: v!.id, versionId: v!.versionId, decision: 'APPROVE' });
    expect(codeOf(refused)).toBe('CONTENT_REJECTED');
    expect((await statuses(campaignId)).get(v!.id)).toMatchObject({ status: 'FLAGGED', approval: null });
    const rejected = await review(t.ws.admin, { variantId: v!.id, versionId: v!.versionId, decision: 'REJECT' });
    expect(rejected.data?.reviewContent.status).toBe('REJECTED');
    expect((await statuses(campaignId)).get(v!.id)?.status).toBe('REJECTED');
  });

  it('lets no VIEWER review and no one reach another workspace', async () => {
    const { variants } = await seedCampaign(t.app, t.graphqlUrl, t.ws);
    const [v] = variants;
    const input = { variantId: v!.id, versionId: v!.versionId, decision: 'APPROVE' };
    expect(codeOf(await review(t.ws.viewer, input))).toBe('FORBIDDEN');
    expect(codeOf(await request(t.ws.viewer, [v!.id]))).toBe('FORBIDDEN');
    const other = await createTestWorkspace(t.app);
    expect(codeOf(await review(other.admin, input))).toBe('NOT_FOUND');
    expect(codeOf(await request(other.admin, [v!.id]))).toBe('NOT_FOUND');
    const theirs = await gql<{ reviewQueue: { edges: unknown[] } }>(
      t.graphqlUrl,
      '{ reviewQueue { edges { cursor } } }',
      {
        key: other.admin,
      },
    );
    expect(theirs.data?.reviewQueue.edges).toEqual([]);
    expect(await outbox('content.approved', t.ws.workspace.id)).toEqual([]);
  });

  it('refuses bad input whole: unknown variants, too many, an empty list, a huge comment', async () => {
    const { variants } = await seedCampaign(t.app, t.graphqlUrl, t.ws);
    const [v] = variants;
    expect(codeOf(await request(t.ws.editor, []))).toBe('BAD_USER_INPUT');
    expect(codeOf(await request(t.ws.editor, [v!.id, '00000000-0000-7000-8000-000000000000']))).toBe('NOT_FOUND');
    expect(codeOf(await request(t.ws.editor, [v!.id], 'x'.repeat(2_001)))).toBe('BAD_USER_INPUT');
    const many = Array.from({ length: 101 }, (_, i) => `00000000-0000-7000-8000-${String(i).padStart(12, '0')}`);
    expect(codeOf(await request(t.ws.editor, many))).toBe('BAD_USER_INPUT');
    expect(await outbox('content.review_requested', t.ws.workspace.id)).toEqual([]);
    const statusesNow = await statuses((await seedCampaign(t.app, t.graphqlUrl, t.ws)).campaignId);
    expect([...statusesNow.values()].map((x) => x.status)).toEqual(['DRAFT']);
  });

  it('lists what waits oldest first, page by page', async () => {
    const { variants } = await seedCampaign(t.app, t.graphqlUrl, t.ws, { perPlatform: 3 });
    for (const v of [variants[2], variants[0], variants[1]]) await request(t.ws.editor, [v!.id]);
    const page = (after?: string) =>
      gql<{
        reviewQueue: {
          edges: { cursor: string; node: { version: { id: string } } }[];
          pageInfo: { hasNextPage: boolean; endCursor: string };
        };
      }>(
        t.graphqlUrl,
        'query($after: String) { reviewQueue(first: 2, after: $after) { edges { cursor node { version { id } } } pageInfo { hasNextPage endCursor } } }',
        { key: t.ws.viewer, variables: { after } },
      );
    const first = await page();
    expect(first.data?.reviewQueue.edges.map((e) => e.node.version.id)).toEqual([
      variants[2]?.versionId,
      variants[0]?.versionId,
    ]);
    expect(first.data?.reviewQueue.pageInfo.hasNextPage).toBe(true);
    const second = await page(first.data?.reviewQueue.pageInfo.endCursor);
    expect(second.data?.reviewQueue.edges.map((e) => e.node.version.id)).toEqual([variants[1]?.versionId]);
    expect(second.data?.reviewQueue.pageInfo.hasNextPage).toBe(false);
    expect(codeOf(await page('not-a-cursor'))).toBe('BAD_USER_INPUT');
  });

  it('announces requests and decisions as signed webhooks', async () => {
    const { variants } = await seedCampaign(t.app, t.graphqlUrl, t.ws);
    const [v] = variants;
    const made = await gql<{ createWebhookEndpoint: { secret: string } }>(
      t.graphqlUrl,
      'mutation($url: String!) { createWebhookEndpoint(input: { url: $url, events: ["content.review_requested", "content.approved"] }) { secret } }',
      { key: t.ws.admin, variables: { url: receiverUrl } },
    );
    receiver.secrets = [made.data?.createWebhookEndpoint.secret as string];
    await request(t.ws.editor, [v!.id]);
    await review(t.ws.admin, { variantId: v!.id, versionId: v!.versionId, decision: 'APPROVE' });
    // Delivery order is not guaranteed (README, outbox): both arrive, each with its event's time.
    await expect
      .poll(() => receiver.received.map((r) => JSON.parse(r.body).type).sort(), { timeout: 10_000 })
      .toEqual(['content.approved', 'content.review_requested']);
    expect(receiver.received.every((r) => r.verified[0])).toBe(true);
    const bodies = receiver.received.map(
      (r) => JSON.parse(r.body) as { type: string; timestamp: string; data: object },
    );
    const requested = bodies.find((b) => b.type === 'content.review_requested');
    const approved = bodies.find((b) => b.type === 'content.approved');
    expect(Date.parse(requested?.timestamp ?? '')).toBeLessThanOrEqual(Date.parse(approved?.timestamp ?? ''));
    expect(approved?.data).toMatchObject({ variantId: v!.id, versionId: v!.versionId });
  });

  it('keeps content in the workflow through a new generation, replacing only drafts, flagged and rejected', async () => {
    const created = await gql<{ createCampaign: { id: string } }>(
      t.graphqlUrl,
      'mutation($input: CreateCampaignInput!) { createCampaign(input: $input) { id } }',
      { key: t.ws.admin, variables: { input: { name: 'Regenerate', brief: buildBrief({ platforms: ['LINKEDIN'] }) } } },
    );
    const campaignId = created.data?.createCampaign.id as string;
    const generate = async () => {
      const job = await gql<{ generateCampaign: { id: string } }>(
        t.graphqlUrl,
        'mutation($id: ID!) { generateCampaign(input: { campaignId: $id, variantsPerPlatform: 3 }) { id } }',
        { key: t.ws.admin, variables: { id: campaignId } },
      );
      expect(job.errors).toBeUndefined();
      await expect
        .poll(
          async () =>
            (
              await gql<{ generationJob: { status: string } }>(
                t.graphqlUrl,
                'query($id: ID!) { generationJob(id: $id) { status } }',
                { key: t.ws.admin, variables: { id: job.data?.generateCampaign.id } },
              )
            ).data?.generationJob.status,
          { timeout: 30_000 },
        )
        .toBe('SUCCEEDED');
      const res = await gql<{
        campaign: {
          contents: { variants: { id: string; body: string; status: string; currentVersion: { id: string } }[] }[];
        };
      }>(
        t.graphqlUrl,
        'query($id: ID!) { campaign(id: $id) { contents { variants { id body status currentVersion { id } } } } }',
        { key: t.ws.admin, variables: { id: campaignId } },
      );
      return res.data?.campaign.contents.flatMap((g) => g.variants) ?? [];
    };
    const first = await generate();
    expect(first).toHaveLength(3);
    const [approved, inReview, rejected] = first;
    await request(t.ws.editor, [approved!.id, inReview!.id]);
    await review(t.ws.admin, { variantId: approved!.id, versionId: approved!.currentVersion.id, decision: 'APPROVE' });
    await review(t.ws.admin, { variantId: rejected!.id, versionId: rejected!.currentVersion.id, decision: 'REJECT' });

    const second = await generate();
    const byId = new Map(second.map((v) => [v.id, v]));
    expect(byId.get(approved!.id)).toMatchObject({ status: 'APPROVED', body: approved!.body });
    expect(byId.get(inReview!.id)).toMatchObject({ status: 'IN_REVIEW', body: inReview!.body });
    expect(byId.has(rejected!.id)).toBe(false);
    // Two kept, three new.
    expect(second).toHaveLength(5);
  });
});

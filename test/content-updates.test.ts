import { randomBytes } from 'node:crypto';
import { Redis } from 'ioredis';
import { afterAll, beforeAll, describe, expect, inject, it, onTestFinished } from 'vitest';
import { useTestApp } from './support/app';
import { createTestWorkspace } from './support/factories';
import { type GraphQLErrorShape, gql, wsClient, wsExecute } from './support/graphql';
import { deleteRedisKeys, subscriberCount } from './support/redis';
import { seedCampaign } from './support/workflow';

/** `contentUpdates(campaignId)`: a campaign's version, review and scheduling changes, live, for its workspace only. */

// Events over Redis (as between instances): the test sees the server subscribe to the campaign's channel instead
// of waiting a while before it changes anything.
const prefix = `test-content-updates-${randomBytes(4).toString('hex')}`;
const t = useTestApp({
  workspace: 'per-test',
  env: { REDIS_URL: inject('redisUrl'), COPYDESK_QUEUE_PREFIX: prefix },
});
let redis: Redis;
beforeAll(() => {
  redis = new Redis(inject('redisUrl'));
});
afterAll(async () => {
  redis.disconnect();
  await deleteRedisKeys([prefix]);
});

const WAIT_MS = 10_000;
const SUBSCRIPTION = `subscription($campaignId: ID!) {
  contentUpdates(campaignId: $campaignId) { campaignId variantId postId versionId type status at }
}`;
const EDIT = `mutation($id: ID!, $input: EditVariantInput!) {
  editVariant(id: $id, input: $input) { id currentVersion { id } }
}`;
const REQUEST = 'mutation($ids: [ID!]!) { requestReview(variantIds: $ids) { id } }';
const REVIEW = 'mutation($input: ReviewInput!) { reviewContent(input: $input) { id status } }';

interface ContentEvent {
  campaignId: string;
  variantId: string;
  postId: string | null;
  versionId: string | null;
  type: string;
  status: string;
  at: string;
}

/** Follows a campaign's contentUpdates with `key` until the test ends; resolves once the server listens. */
async function follow(key: string, campaignId: string) {
  const client = wsClient(t.wsUrl, { authorization: `Bearer ${key}` });
  onTestFinished(() => client.dispose());
  const received: ContentEvent[] = [];
  const failures: unknown[] = [];
  client.subscribe(
    { query: SUBSCRIPTION, variables: { campaignId } },
    {
      next: (value) => {
        if (value.errors) failures.push(value.errors);
        else received.push((value.data as { contentUpdates: ContentEvent }).contentUpdates);
      },
      error: (error) => failures.push(error),
      complete: () => {},
    },
  );
  await expect.poll(() => subscriberCount(redis, `content:${campaignId}`), { timeout: WAIT_MS }).toBe(1);
  return { received, failures };
}

/** Edits a variant's text over HTTP with the editor key; answers the new current version's id. */
async function edit(variant: { id: string; versionId: string }, body: string): Promise<string> {
  const res = await gql<{ editVariant: { currentVersion: { id: string } } }>(t.graphqlUrl, EDIT, {
    key: t.ws.editor,
    variables: { id: variant.id, input: { baseVersionId: variant.versionId, body } },
  });
  if (!res.data) throw new Error(`editVariant failed: ${JSON.stringify(res.errors)}`);
  return res.data.editVariant.currentVersion.id;
}

describe('contentUpdates', () => {
  it("streams a variant's new version, review request and approval, in order, with the status after each", async () => {
    const { campaignId, variants } = await seedCampaign(t.app, t.graphqlUrl, t.ws);
    const variant = variants[0]!;
    const stream = await follow(t.ws.viewer, campaignId);
    const types = () => ({ types: stream.received.map((e) => e.type), failures: stream.failures });

    const versionId = await edit(variant, 'Acme Rocket folds into a backpack: your commute, sorted. Pre-order today.');
    // Each step waits for its event: an event carries the status read after its change, not after a later one.
    await expect.poll(types, { timeout: WAIT_MS }).toEqual({ types: ['content.version_created'], failures: [] });

    const asked = await gql(t.graphqlUrl, REQUEST, { key: t.ws.editor, variables: { ids: [variant.id] } });
    expect(asked.errors).toBeUndefined();
    await expect
      .poll(types, { timeout: WAIT_MS })
      .toEqual({ types: ['content.version_created', 'content.review_requested'], failures: [] });

    const approved = await gql(t.graphqlUrl, REVIEW, {
      key: t.ws.admin,
      variables: { input: { variantId: variant.id, versionId, decision: 'APPROVE' } },
    });
    expect(approved.data?.reviewContent.status).toBe('APPROVED');
    await expect
      .poll(types, { timeout: WAIT_MS })
      .toEqual({ types: ['content.version_created', 'content.review_requested', 'content.approved'], failures: [] });

    expect(stream.received).toEqual(
      [
        { type: 'content.version_created', status: 'DRAFT' },
        { type: 'content.review_requested', status: 'IN_REVIEW' },
        { type: 'content.approved', status: 'APPROVED' },
      ].map((expected) => ({
        ...expected,
        campaignId,
        variantId: variant.id,
        versionId,
        postId: null,
        at: expect.any(String),
      })),
    );
    const times = stream.received.map((e) => Date.parse(e.at));
    expect(times.every((time) => Number.isFinite(time))).toBe(true);
  });

  it("answers another workspace's campaign, and a malformed id, NOT_FOUND", async () => {
    const { campaignId } = await seedCampaign(t.app, t.graphqlUrl, t.ws);
    const other = await createTestWorkspace(t.app);
    const client = wsClient(t.wsUrl, { authorization: `Bearer ${other.admin}` });
    onTestFinished(() => client.dispose());
    const codes = async (id: string) => {
      const query = `subscription { contentUpdates(campaignId: "${id}") { type } }`;
      const outcome = await wsExecute(client, query);
      return (outcome.result?.errors as GraphQLErrorShape[] | undefined)?.map((e) => e.extensions?.code);
    };
    expect(await codes(campaignId)).toEqual(['NOT_FOUND']);
    expect(await codes('not-a-uuid')).toEqual(['NOT_FOUND']);
  });

  it("does not carry another campaign's events", async () => {
    const first = await seedCampaign(t.app, t.graphqlUrl, t.ws);
    const second = await seedCampaign(t.app, t.graphqlUrl, t.ws);
    const followed = await follow(t.ws.viewer, first.campaignId);
    const neighbour = await follow(t.ws.viewer, second.campaignId);

    // The second campaign's event reaches its own stream before the first campaign changes at all.
    await edit(second.variants[0]!, 'Acme Rocket: the second campaign, edited. Pre-order today.');
    await expect
      .poll(() => neighbour.received.map((e) => e.campaignId), { timeout: WAIT_MS })
      .toEqual([second.campaignId]);
    await edit(first.variants[0]!, 'Acme Rocket: the first campaign, edited. Pre-order today.');
    await expect
      .poll(() => followed.received.map((e) => e.variantId), { timeout: WAIT_MS })
      .toEqual([first.variants[0]!.id]);

    expect(followed.received.map((e) => [e.campaignId, e.type])).toEqual([
      [first.campaignId, 'content.version_created'],
    ]);
    expect(followed.failures).toEqual([]);
  });
});

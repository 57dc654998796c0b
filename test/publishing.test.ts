import { afterEach, describe, expect, it } from 'vitest';
import { Platform } from '../src/entities';
import { startTestApp, useTestApp } from './support/app';
import { createScratchDatabase } from './support/database';
import { createTestWorkspace, type TestWorkspace } from './support/factories';
import { codeOf, gql } from './support/graphql';
import { WebhookReceiver } from './support/webhook-receiver';
import { approveVariants, seedCampaign } from './support/workflow';

/**
 * Publishing: at its time a post becomes PUBLISHING and a `post.publish` webhook carries its exact approved version;
 * the connector's 2xx makes it PUBLISHED, a dead letter FAILED; with no connector it waits for markPublished. A post
 * whose variant was edited waits for the new version's approval; posts that fell due while no process ran are
 * published once when one starts.
 *
 * Time: the app's clock runs `ahead` of the wall clock; a test makes a post due by moving it forward, never by
 * waiting. Webhook retries run on the wall clock, with a short schedule.
 */
let ahead = 0;
const clock = () => new Date(Date.now() + ahead);
const ENV = {
  COPYDESK_WORKER: 'on',
  COPYDESK_WEBHOOK_ALLOW_PRIVATE: 'on',
  COPYDESK_WEBHOOK_POLL_MS: '20',
  COPYDESK_WEBHOOK_RETRY_SCHEDULE: '20ms,20ms',
  COPYDESK_OUTBOX_POLL_MS: '50',
  COPYDESK_PUBLISH_POLL_MS: '50',
};
const t = useTestApp({ env: ENV, scratchDatabase: true, services: { clock } });

const receivers: WebhookReceiver[] = [];
afterEach(async () => {
  await Promise.all(receivers.splice(0).map((r) => r.close()));
});

const POST = 'id status held error publishedAt externalUrl externalId version { id number body } variant { id status }';

interface Post {
  id: string;
  status: string;
  held: boolean;
  error: string | null;
  publishedAt: string | null;
  externalUrl: string | null;
  externalId: string | null;
  version: { id: string; number: number; body: string };
  variant: { id: string; status: string };
}

/** A receiver subscribed to post.publish (and the outcome events) for the workspace. */
async function connector(ws: TestWorkspace, graphqlUrl = t.graphqlUrl): Promise<WebhookReceiver> {
  const receiver = new WebhookReceiver();
  receivers.push(receiver);
  const url = await receiver.start();
  const made = await gql<{ createWebhookEndpoint: { secret: string } }>(
    graphqlUrl,
    'mutation($url: String!) { createWebhookEndpoint(input: { url: $url, events: ["post.publish", "post.published", "post.failed"] }) { secret } }',
    { key: ws.admin, variables: { url } },
  );
  if (!made.data) throw new Error(JSON.stringify(made.errors));
  receiver.secrets = [made.data.createWebhookEndpoint.secret];
  return receiver;
}

const events = (receiver: WebhookReceiver) =>
  receiver.received.map((r) => JSON.parse(r.body) as { type: string; data: Record<string, unknown> });

/** An approved variant scheduled `minutes` after the app's now. */
async function scheduled(ws: TestWorkspace, minutes = 60, graphqlUrl = t.graphqlUrl, platform = Platform.LINKEDIN) {
  const { campaignId, variants } = await seedCampaign(t.app, graphqlUrl, ws, { platforms: [platform] });
  const variant = variants[0]!;
  await approveVariants(graphqlUrl, ws, [variant.id]);
  const at = new Date(clock().getTime() + minutes * 60_000).toISOString();
  const res = await gql<{ schedulePost: { id: string } }>(
    graphqlUrl,
    'mutation($input: SchedulePostInput!) { schedulePost(input: $input) { id } }',
    { key: ws.editor, variables: { input: { variantId: variant.id, at, timeZone: 'Europe/Berlin' } } },
  );
  if (!res.data) throw new Error(JSON.stringify(res.errors));
  return { campaignId, variant, postId: res.data.schedulePost.id, at };
}

async function post(ws: TestWorkspace, variantId: string, graphqlUrl = t.graphqlUrl): Promise<Post> {
  const res = await gql<{ calendar: Post[] }>(
    graphqlUrl,
    `query($from: DateTime!, $to: DateTime!) { calendar(from: $from, to: $to) { ${POST} } }`,
    {
      key: ws.viewer,
      variables: {
        from: new Date(clock().getTime() - 300 * 86_400_000).toISOString(),
        to: new Date(clock().getTime() + 60 * 86_400_000).toISOString(),
      },
    },
  );
  const posts = (res.data?.calendar ?? []).filter((p) => p.variant.id === variantId);
  if (posts.length !== 1) throw new Error(`expected one post of ${variantId}, got ${JSON.stringify(res)}`);
  return posts[0] as Post;
}

/** Moves the app's clock past a post's time. */
function passTime(minutes: number) {
  ahead += minutes * 60_000;
}

describe('a due post', () => {
  it('is handed to the connector once with its exact approved version, and the 2xx makes it PUBLISHED', async () => {
    const receiver = await connector(t.ws);
    const { campaignId, variant, postId, at } = await scheduled(t.ws);
    expect((await post(t.ws, variant.id)).status).toBe('SCHEDULED');
    passTime(61);

    await expect.poll(async () => (await post(t.ws, variant.id)).status, { timeout: 10_000 }).toBe('PUBLISHED');
    const published = await post(t.ws, variant.id);
    expect(published.variant.status).toBe('PUBLISHED');
    expect(published.publishedAt).toBeTruthy();
    await expect
      .poll(() => events(receiver).map((e) => e.type), { timeout: 10_000 })
      .toEqual(['post.publish', 'post.published']);
    const [publish] = events(receiver);
    expect(publish?.data).toMatchObject({
      postId,
      campaignId,
      variantId: variant.id,
      versionId: variant.versionId,
      platform: 'LINKEDIN',
      scheduledAt: at,
      timeZone: 'Europe/Berlin',
      body: published.version.body,
      hashtags: expect.any(Array),
    });
    expect(receiver.received.every((r) => r.verified[0])).toBe(true);
    // A published post is done: it cannot be moved or cancelled.
    const cancel = await gql(t.graphqlUrl, 'mutation($id: ID!) { cancelPost(id: $id) { id } }', {
      key: t.ws.editor,
      variables: { id: postId },
    });
    expect(codeOf(cancel)).toBe('CONFLICT');
  });

  it('becomes FAILED with the reason when the connector keeps refusing, and can be rescheduled', async () => {
    const receiver = await connector(t.ws);
    receiver.answerWith({ status: 500 }, { status: 503 }, { status: 500 });
    const { variant, postId } = await scheduled(t.ws);
    passTime(61);

    await expect.poll(async () => (await post(t.ws, variant.id)).status, { timeout: 10_000 }).toBe('FAILED');
    const failed = await post(t.ws, variant.id);
    expect(failed.error).toContain('did not take the post');
    expect(failed.error).toContain('500');
    await expect
      .poll(() => events(receiver).map((e) => e.type), { timeout: 10_000 })
      .toEqual(['post.publish', 'post.publish', 'post.publish', 'post.failed']);
    // Every attempt is the same delivery (one webhook-id), so a connector that got it once can dedupe.
    expect(new Set(receiver.received.slice(0, 3).map((r) => r.id)).size).toBe(1);

    const at = new Date(clock().getTime() + 30 * 60_000).toISOString();
    const again = await gql<{ reschedulePost: { status: string; error: string | null } }>(
      t.graphqlUrl,
      'mutation($id: ID!, $at: DateTime!) { reschedulePost(id: $id, at: $at) { status error } }',
      { key: t.ws.editor, variables: { id: postId, at } },
    );
    expect(again.data?.reschedulePost).toEqual({ status: 'SCHEDULED', error: null });
    passTime(31);
    await expect.poll(async () => (await post(t.ws, variant.id)).status, { timeout: 10_000 }).toBe('PUBLISHED');
  });

  it('waits as PUBLISHING without a connector until markPublished records where it went', async () => {
    const { variant, postId } = await scheduled(t.ws);
    passTime(61);
    await expect.poll(async () => (await post(t.ws, variant.id)).status, { timeout: 10_000 }).toBe('PUBLISHING');
    expect((await post(t.ws, variant.id)).variant.status).toBe('SCHEDULED');

    const MARK = `mutation($id: ID!, $url: String, $ext: String) { markPublished(id: $id, externalUrl: $url, externalId: $ext) { ${POST} } }`;
    const viewer = await gql(t.graphqlUrl, MARK, { key: t.ws.viewer, variables: { id: postId } });
    expect(codeOf(viewer)).toBe('FORBIDDEN');
    const bad = await gql(t.graphqlUrl, MARK, {
      key: t.ws.editor,
      variables: { id: postId, url: 'javascript:alert(1)' },
    });
    expect(codeOf(bad)).toBe('BAD_USER_INPUT');
    const done = await gql<{ markPublished: Post }>(t.graphqlUrl, MARK, {
      key: t.ws.editor,
      variables: {
        id: postId,
        url: 'https://www.linkedin.com/feed/update/urn:li:activity:1',
        ext: 'urn:li:activity:1',
      },
    });
    expect(done.data?.markPublished).toMatchObject({
      status: 'PUBLISHED',
      externalUrl: 'https://www.linkedin.com/feed/update/urn:li:activity:1',
      externalId: 'urn:li:activity:1',
      variant: { status: 'PUBLISHED' },
    });
  });

  it('is held when its variant is edited after scheduling, and publishes the new version once that is approved', async () => {
    const receiver = await connector(t.ws);
    const { variant, postId } = await scheduled(t.ws);
    // A second post, due at the same time on another platform, shows when the publisher has looked.
    const witness = await scheduled(t.ws, 60, t.graphqlUrl, Platform.TWITTER);
    const edited = await gql<{ editVariant: { currentVersion: { id: string } } }>(
      t.graphqlUrl,
      'mutation($id: ID!, $input: EditVariantInput!) { editVariant(id: $id, input: $input) { currentVersion { id } } }',
      {
        key: t.ws.editor,
        variables: { id: variant.id, input: { baseVersionId: variant.versionId, body: 'Acme Rocket, now in blue.' } },
      },
    );
    const newVersion = edited.data?.editVariant.currentVersion.id as string;
    expect(newVersion).toBeTruthy();
    await expect.poll(async () => (await post(t.ws, variant.id)).held, { timeout: 10_000 }).toBe(true);

    passTime(61);
    await expect.poll(async () => (await post(t.ws, witness.variant.id)).status, { timeout: 10_000 }).toBe('PUBLISHED');
    const held = await post(t.ws, variant.id);
    expect(held).toMatchObject({ status: 'SCHEDULED', held: true, version: { id: variant.versionId } });
    expect(
      events(receiver)
        .filter((e) => e.type === 'post.publish')
        .map((e) => e.data.postId),
    ).toEqual([witness.postId]);

    await approveVariants(t.graphqlUrl, t.ws, [variant.id]);
    await expect.poll(async () => (await post(t.ws, variant.id)).status, { timeout: 10_000 }).toBe('PUBLISHED');
    const publishes = events(receiver).filter((e) => e.type === 'post.publish' && e.data.postId === postId);
    expect(publishes).toHaveLength(1);
    expect(publishes[0]?.data).toMatchObject({ versionId: newVersion, body: 'Acme Rocket, now in blue.' });
  });
});

describe('after an outage', () => {
  it('publishes the posts that fell due while no process ran, once, when two processes start together', async () => {
    const db = await createScratchDatabase();
    try {
      // Posts are scheduled while no worker runs, and fall due while it is still down.
      const down = await startTestApp({ ...ENV, DATABASE_URL: db.url, COPYDESK_WORKER: 'off' }, { clock });
      const ws = await createTestWorkspace(down.app);
      const receiver = await connector(ws, down.graphqlUrl);
      const posts: { variantId: string; postId: string }[] = [];
      for (const platform of [Platform.LINKEDIN, Platform.TWITTER, Platform.FACEBOOK, Platform.INSTAGRAM]) {
        const { variants } = await seedCampaign(down.app, down.graphqlUrl, ws, { platforms: [platform] });
        await approveVariants(down.graphqlUrl, ws, [variants[0]!.id]);
        const res = await gql<{ schedulePost: { id: string } }>(
          down.graphqlUrl,
          'mutation($input: SchedulePostInput!) { schedulePost(input: $input) { id } }',
          {
            key: ws.editor,
            variables: {
              input: { variantId: variants[0]!.id, at: new Date(clock().getTime() + 3_600_000).toISOString() },
            },
          },
        );
        posts.push({ variantId: variants[0]!.id, postId: res.data?.schedulePost.id as string });
      }
      await down.close();
      passTime(120);

      const [a, b] = await Promise.all([
        startTestApp({ ...ENV, DATABASE_URL: db.url }, { clock }),
        startTestApp({ ...ENV, DATABASE_URL: db.url }, { clock }),
      ]);
      try {
        await expect
          .poll(async () => Promise.all(posts.map(async (p) => (await post(ws, p.variantId, a.graphqlUrl)).status)), {
            timeout: 15_000,
          })
          .toEqual(['PUBLISHED', 'PUBLISHED', 'PUBLISHED', 'PUBLISHED']);
        const delivered = events(receiver)
          .filter((e) => e.type === 'post.publish')
          .map((e) => e.data.postId);
        expect([...delivered].sort()).toEqual(posts.map((p) => p.postId).sort());
      } finally {
        await Promise.all([a.close(), b.close()]);
      }
    } finally {
      await db.drop();
    }
  });
});

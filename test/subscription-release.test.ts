import { randomBytes } from 'node:crypto';
import { Redis } from 'ioredis';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { startTestApp, type TestApp } from './support/app';
import { buildBrief, createTestWorkspace, type TestWorkspace } from './support/factories';
import { gql, wsClient } from './support/graphql';
import { deleteRedisKeys, subscriberCount } from './support/redis';

/** A client that leaves a job's stream frees its server-side subscription at once, not at the job's next event. */

const prefix = `test-release-${randomBytes(4).toString('hex')}`;
let t: TestApp;
let ws: TestWorkspace;
let redis: Redis;

beforeAll(async () => {
  // No worker: the job stays QUEUED, so no event ever arrives to unblock a waiting subscription.
  t = await startTestApp({ REDIS_URL: inject('redisUrl'), COPYDESK_QUEUE_PREFIX: prefix, COPYDESK_WORKER: 'off' });
  ws = await createTestWorkspace(t.app);
  redis = new Redis(inject('redisUrl'));
});
afterAll(async () => {
  await t.close();
  redis.disconnect();
  await deleteRedisKeys([prefix]);
});

describe('leaving a generation stream', () => {
  it('unsubscribes from the job channel as soon as the client leaves', async () => {
    const created = await gql(
      t.graphqlUrl,
      'mutation($input: CreateCampaignInput!) { createCampaign(input: $input) { id } }',
      {
        key: ws.editor,
        variables: { input: { name: 'Quiet', brief: buildBrief() } },
      },
    );
    const campaignId = created.data?.createCampaign.id;
    const started = await gql(
      t.graphqlUrl,
      `mutation { generateCampaign(input: { campaignId: "${campaignId}" }) { id status } }`,
      {
        key: ws.editor,
      },
    );
    const jobId = started.data?.generateCampaign.id;
    expect(started.data?.generateCampaign.status).toBe('QUEUED');
    const channel = `generation:${jobId}`;

    const client = wsClient(t.wsUrl, { authorization: `Bearer ${ws.viewer}` });
    const snapshot = new Promise<string>((resolve, reject) => {
      client.subscribe(
        { query: `subscription { generationProgress(jobId: "${jobId}") { type } }` },
        {
          next: (value) => resolve((value.data as { generationProgress: { type: string } }).generationProgress.type),
          error: reject,
          complete: () => {},
        },
      );
    });
    expect(await snapshot).toBe('SNAPSHOT');
    await expect.poll(() => subscriberCount(redis, channel), { timeout: 10_000 }).toBe(1);

    // No event ever comes to wake a subscription still waiting for one: only leaving at once gets to 0.
    await client.dispose();
    await expect.poll(() => subscriberCount(redis, channel), { timeout: 5_000 }).toBe(0);
  });
});

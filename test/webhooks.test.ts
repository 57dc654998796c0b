import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { useTestApp } from './support/app';
import { buildBrief } from './support/factories';
import { codeOf, gql } from './support/graphql';
import { WebhookReceiver } from './support/webhook-receiver';

const t = useTestApp({
  env: {
    COPYDESK_WORKER: 'on',
    COPYDESK_OFFLINE_DELAY_MS: '0',
    COPYDESK_WEBHOOK_ALLOW_PRIVATE: 'on',
    COPYDESK_WEBHOOK_RETRY_SCHEDULE: '10ms,10ms,10ms',
    COPYDESK_WEBHOOK_TIMEOUT_MS: '300',
    COPYDESK_WEBHOOK_POLL_MS: '20',
    COPYDESK_OUTBOX_POLL_MS: '50',
  },
  scratchDatabase: true,
});
const receiver = new WebhookReceiver();
let url = '';
beforeAll(async () => {
  url = await receiver.start();
});
afterAll(() => receiver.close());

const CREATE = `mutation ($input: CreateWebhookEndpointInput!) {
  createWebhookEndpoint(input: $input) { secret endpoint { id url events active disabledReason } } }`;
const DELIVERIES = `query ($endpointId: ID, $status: DeliveryStatus, $first: Int, $after: String) {
  webhookDeliveries(endpointId: $endpointId, status: $status, first: $first, after: $after) {
    edges { cursor node { id eventId event status attempts responseCode latencyMs lastError nextAttemptAt deliveredAt } }
    pageInfo { hasNextPage endCursor } } }`;
const TEST = `mutation ($id: ID!) { sendTestWebhook(endpointId: $id) { id eventId status } }`;

async function createEndpoint(events: string[] = ['*'], key = t.ws.admin) {
  const res = await gql(t.graphqlUrl, CREATE, { key, variables: { input: { url, events } } });
  expect(res.errors).toBeUndefined();
  const created = res.data?.createWebhookEndpoint;
  receiver.secrets = [created.secret];
  return { id: String(created.endpoint.id), secret: String(created.secret) };
}

async function delivery(endpointId: string) {
  const res = await gql(t.graphqlUrl, DELIVERIES, { key: t.ws.admin, variables: { endpointId } });
  return res.data?.webhookDeliveries.edges[0]?.node;
}

function receivedFor(eventId: string) {
  return receiver.received.filter((r) => r.id === eventId);
}

describe('webhook deliveries', () => {
  it('signs each request so the standardwebhooks library verifies it, with a Standard Webhooks body', async () => {
    const endpoint = await createEndpoint();
    expect(endpoint.secret).toMatch(/^whsec_[A-Za-z0-9+/]{32}$/);
    const sent = await gql(t.graphqlUrl, TEST, { key: t.ws.admin, variables: { id: endpoint.id } });
    const eventId = sent.data?.sendTestWebhook.eventId;
    await expect.poll(() => receivedFor(eventId).length).toBe(1);
    const [got] = receivedFor(eventId);
    expect(got?.verified).toEqual([true]);
    const body = JSON.parse(got?.body ?? '{}');
    expect(body).toMatchObject({ type: 'webhook.test', data: { endpointId: endpoint.id } });
    expect(new Date(body.timestamp).toISOString()).toBe(body.timestamp);
    await expect.poll(async () => (await delivery(endpoint.id))?.status).toBe('SUCCEEDED');
    expect(await delivery(endpoint.id)).toMatchObject({ attempts: 1, responseCode: 204 });
    const metrics = await (await fetch(`${t.url}/metrics`)).text();
    expect(metrics).toMatch(/^copydesk_webhook_deliveries_total\{outcome="succeeded"\} [1-9]/m);
    expect(metrics).toMatch(/^copydesk_webhook_delivery_duration_seconds_count\{outcome="succeeded"\} [1-9]/m);
    expect(metrics).not.toContain(endpoint.id);
  });

  it('retries after 500s and a timeout with the same webhook-id, honouring Retry-After, then succeeds', async () => {
    const endpoint = await createEndpoint();
    receiver.answerWith({ status: 500 }, { hold: true, status: 200 }, { status: 503, headers: { 'retry-after': '0' } });
    const sent = await gql(t.graphqlUrl, TEST, { key: t.ws.admin, variables: { id: endpoint.id } });
    const eventId = sent.data?.sendTestWebhook.eventId;
    await expect.poll(async () => (await delivery(endpoint.id))?.status, { timeout: 5_000 }).toBe('SUCCEEDED');
    const got = receivedFor(eventId);
    expect(got).toHaveLength(4);
    expect(got.every((r) => r.verified[0] === true)).toBe(true);
    expect(await delivery(endpoint.id)).toMatchObject({ attempts: 4, responseCode: 204, lastError: null });
  });

  it('waits as long as Retry-After asks (seconds or an HTTP date) instead of the schedule', async () => {
    for (const retryAfter of ['120', new Date(Date.now() + 120_000).toUTCString()]) {
      const endpoint = await createEndpoint();
      receiver.answerWith({ status: 429, headers: { 'retry-after': retryAfter } });
      const sent = await gql(t.graphqlUrl, TEST, { key: t.ws.admin, variables: { id: endpoint.id } });
      const sentAt = Date.now();
      await expect.poll(async () => (await delivery(endpoint.id))?.status).toBe('FAILED');
      const node = await delivery(endpoint.id);
      expect(node).toMatchObject({ id: sent.data?.sendTestWebhook.id, attempts: 1, responseCode: 429 });
      expect(new Date(node.nextAttemptAt).getTime() - sentAt).toBeGreaterThan(100_000);
    }
  });

  it('marks a delivery DEAD after the last attempt; redeliverWebhook sends it again with the same webhook-id', async () => {
    const endpoint = await createEndpoint();
    receiver.answerWith({ status: 500 }, { status: 500 }, { status: 500 }, { status: 500 });
    const sent = await gql(t.graphqlUrl, TEST, { key: t.ws.admin, variables: { id: endpoint.id } });
    const { id, eventId } = sent.data?.sendTestWebhook ?? {};
    await expect.poll(async () => (await delivery(endpoint.id))?.status, { timeout: 5_000 }).toBe('DEAD');
    expect(await delivery(endpoint.id)).toMatchObject({ attempts: 4, responseCode: 500, nextAttemptAt: null });
    const again = await gql(t.graphqlUrl, `mutation ($id: ID!) { redeliverWebhook(deliveryId: $id) { id eventId } }`, {
      key: t.ws.admin,
      variables: { id },
    });
    expect(again.data?.redeliverWebhook).toEqual({ id, eventId });
    await expect.poll(async () => (await delivery(endpoint.id))?.status).toBe('SUCCEEDED');
    expect(new Set(receivedFor(eventId).map((r) => r.id))).toEqual(new Set([eventId]));
    expect(receivedFor(eventId)).toHaveLength(5);
  });

  it('disables the endpoint at once when the receiver answers 410', async () => {
    const endpoint = await createEndpoint();
    receiver.answerWith({ status: 410 });
    await gql(t.graphqlUrl, TEST, { key: t.ws.admin, variables: { id: endpoint.id } });
    const list = async () =>
      (await gql(t.graphqlUrl, '{ webhookEndpoints { id active disabledReason } }', { key: t.ws.admin })).data
        ?.webhookEndpoints[0];
    await expect.poll(list).toMatchObject({ active: false, disabledReason: expect.stringContaining('410') });
    expect(await delivery(endpoint.id)).toMatchObject({ status: 'DEAD', attempts: 1 });
  });

  it('signs with both the new and the old secret after a rotation, and both verify', async () => {
    const endpoint = await createEndpoint();
    const rotated = await gql(t.graphqlUrl, `mutation ($id: ID!) { rotateWebhookSecret(id: $id) { secret } }`, {
      key: t.ws.admin,
      variables: { id: endpoint.id },
    });
    const fresh = String(rotated.data?.rotateWebhookSecret.secret);
    expect(fresh).not.toBe(endpoint.secret);
    receiver.secrets = [fresh, endpoint.secret];
    const sent = await gql(t.graphqlUrl, TEST, { key: t.ws.admin, variables: { id: endpoint.id } });
    const eventId = sent.data?.sendTestWebhook.eventId;
    await expect.poll(() => receivedFor(eventId).length).toBe(1);
    const [got] = receivedFor(eventId);
    expect(got?.signature.split(' ')).toHaveLength(2);
    expect(got?.verified).toEqual([true, true]);
  });

  it('delivers campaign.generated when a generation completes (through the outbox)', async () => {
    const endpoint = await createEndpoint(['campaign.generated']);
    const created = await gql(
      t.graphqlUrl,
      `mutation ($input: CreateCampaignInput!) { createCampaign(input: $input) { id } }`,
      {
        key: t.ws.editor,
        variables: { input: { name: 'Hooked', brief: buildBrief({ platforms: ['LINKEDIN'] }) } },
      },
    );
    const campaignId = created.data?.createCampaign.id;
    const job = await gql(
      t.graphqlUrl,
      `mutation ($input: GenerateCampaignInput!) { generateCampaign(input: $input) { id } }`,
      {
        key: t.ws.editor,
        variables: { input: { campaignId, variantsPerPlatform: 1 } },
      },
    );
    const jobId = job.data?.generateCampaign.id;
    await expect.poll(async () => (await delivery(endpoint.id))?.status, { timeout: 10_000 }).toBe('SUCCEEDED');
    const node = await delivery(endpoint.id);
    expect(node.event).toBe('campaign.generated');
    const [got] = receivedFor(node.eventId);
    expect(got?.verified).toEqual([true]);
    expect(JSON.parse(got?.body ?? '{}')).toMatchObject({ type: 'campaign.generated', data: { jobId, campaignId } });
  });
});

describe('installation-wide events', () => {
  it('reach the subscribed endpoints of every workspace, and only subscribed ones', async () => {
    const mine = await createEndpoint(['usage.limit_reached']);
    const { createTestWorkspace } = await import('./support/factories');
    const other = await createTestWorkspace(t.app);
    const theirs = await createEndpoint(['*'], other.admin);
    const unsubscribed = await createEndpoint(['campaign.generated'], other.admin);
    await t.app.events.transaction(t.app.orm.em.fork(), async (_tx, emit) =>
      emit('usage.limit_reached', null, {
        apiKeyId: null,
        limit: 'tokensPerDay',
        value: 1,
        used: 1,
        percent: 100,
        resetsAt: new Date().toISOString(),
      }),
    );
    const read = async (key: string, endpointId: string) =>
      (await gql(t.graphqlUrl, DELIVERIES, { key, variables: { endpointId } })).data?.webhookDeliveries.edges;
    await expect.poll(async () => (await read(t.ws.admin, mine.id))?.[0]?.node.status).toBe('SUCCEEDED');
    await expect.poll(async () => (await read(other.admin, theirs.id))?.[0]?.node.status).toBe('SUCCEEDED');
    expect(await read(other.admin, unsubscribed.id)).toEqual([]);
    const [a, b] = [(await read(t.ws.admin, mine.id))?.[0]?.node, (await read(other.admin, theirs.id))?.[0]?.node];
    expect(a.eventId).toBe(b.eventId);
  });
});

describe('webhook endpoint management', () => {
  it('is ADMIN only', async () => {
    for (const key of [t.ws.editor, t.ws.viewer]) {
      const res = await gql(t.graphqlUrl, CREATE, { key, variables: { input: { url, events: ['*'] } } });
      expect(codeOf(res)).toBe('FORBIDDEN');
      expect(codeOf(await gql(t.graphqlUrl, '{ webhookEndpoints { id } }', { key }))).toBe('FORBIDDEN');
    }
  });

  it("answers another workspace's endpoint and delivery ids like unknown ids", async () => {
    const endpoint = await createEndpoint();
    const sent = await gql(t.graphqlUrl, TEST, { key: t.ws.admin, variables: { id: endpoint.id } });
    const deliveryId = sent.data?.sendTestWebhook.id;
    const { createTestWorkspace } = await import('./support/factories');
    const other = await createTestWorkspace(t.app);
    for (const [query, id] of [
      [`mutation ($id: ID!) { rotateWebhookSecret(id: $id) { secret } }`, endpoint.id],
      [`mutation ($id: ID!) { deleteWebhookEndpoint(id: $id) }`, endpoint.id],
      [`mutation ($id: ID!) { sendTestWebhook(endpointId: $id) { id } }`, endpoint.id],
      [`mutation ($id: ID!) { redeliverWebhook(deliveryId: $id) { id } }`, deliveryId],
      [`mutation ($id: ID!) { redeliverWebhook(deliveryId: $id) { id } }`, '0190b5b2-0000-7000-8000-000000000000'],
    ]) {
      const res = await gql(t.graphqlUrl, query as string, { key: other.admin, variables: { id } });
      expect(codeOf(res)).toBe('NOT_FOUND');
    }
    const theirs = await gql(t.graphqlUrl, DELIVERIES, { key: other.admin, variables: { endpointId: endpoint.id } });
    expect(theirs.data?.webhookDeliveries.edges).toEqual([]);
  });

  it.each([
    [{ url: 'ftp://example.com/x', events: ['*'] }, 'input.url'],
    [{ url: 'not a url', events: ['*'] }, 'input.url'],
    [{ url: `https://example.com/${'a'.repeat(5_000)}`, events: ['*'] }, 'input.url'],
    [{ url: 'https://user:pw@example.com/', events: ['*'] }, 'input.url'],
    [{ url: 'https://example.com/', events: [] }, 'input.events'],
    [{ url: 'https://example.com/', events: ['campaign.exploded'] }, 'input.events'],
    [{ url: 'https://example.com/', events: ['x'.repeat(10_000)] }, 'input.events'],
  ])('refuses hostile input %#', async (input, path) => {
    const res = await gql(t.graphqlUrl, CREATE, { key: t.ws.admin, variables: { input } });
    expect(codeOf(res)).toBe('BAD_USER_INPUT');
    expect(res.errors?.[0]?.extensions?.fields?.map((f) => f.path)).toContain(path);
    const list = await gql(t.graphqlUrl, '{ webhookEndpoints { id } }', { key: t.ws.admin });
    expect(list.data?.webhookEndpoints).toEqual([]);
  });

  it('names unknown events in the error', async () => {
    const res = await gql(t.graphqlUrl, CREATE, {
      key: t.ws.admin,
      variables: { input: { url, events: ['campaign.generated', 'nope.never'] } },
    });
    expect(res.errors?.[0]?.extensions?.fields?.[0]?.message).toContain('nope.never');
  });

  it('pages deliveries newest first and filters by status', async () => {
    const endpoint = await createEndpoint();
    const ids: string[] = [];
    for (let i = 0; i < 3; i++) {
      const sent = await gql(t.graphqlUrl, TEST, { key: t.ws.admin, variables: { id: endpoint.id } });
      ids.push(sent.data?.sendTestWebhook.id);
    }
    const first = await gql(t.graphqlUrl, DELIVERIES, { key: t.ws.admin, variables: { first: 2 } });
    const page = first.data?.webhookDeliveries;
    expect(page.edges.map((e: { node: { id: string } }) => e.node.id)).toEqual([ids[2], ids[1]]);
    expect(page.pageInfo.hasNextPage).toBe(true);
    const second = await gql(t.graphqlUrl, DELIVERIES, {
      key: t.ws.admin,
      variables: { first: 2, after: page.pageInfo.endCursor },
    });
    expect(second.data?.webhookDeliveries.edges.map((e: { node: { id: string } }) => e.node.id)).toEqual([ids[0]]);
    await expect
      .poll(
        async () =>
          (await gql(t.graphqlUrl, DELIVERIES, { key: t.ws.admin, variables: { status: 'SUCCEEDED' } })).data
            ?.webhookDeliveries.edges.length,
      )
      .toBe(3);
  });
});

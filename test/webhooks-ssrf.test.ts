import { afterAll, beforeAll, expect, it } from 'vitest';
import { useTestApp } from './support/app';
import { codeOf, gql } from './support/graphql';
import { WebhookReceiver } from './support/webhook-receiver';

// Private targets are refused by default; a failure window of 0 disables an endpoint at its first failure.
const t = useTestApp({
  env: {
    COPYDESK_WORKER: 'on',
    COPYDESK_WEBHOOK_RETRY_SCHEDULE: '10ms,10ms',
    COPYDESK_WEBHOOK_POLL_MS: '20',
    COPYDESK_WEBHOOK_FAILURE_WINDOW_S: '0',
  },
  scratchDatabase: true,
});
const receiver = new WebhookReceiver();
let url = '';
beforeAll(async () => {
  url = await receiver.start();
});
afterAll(() => receiver.close());

const CREATE = `mutation ($input: CreateWebhookEndpointInput!) { createWebhookEndpoint(input: $input) { endpoint { id } } }`;

it.each([
  'http://127.0.0.1/x',
  'http://10.1.2.3/x',
  'http://169.254.169.254/latest/meta-data',
  'http://100.64.0.1/x',
  'http://[::1]/x',
  'http://[::ffff:127.0.0.1]/x',
  'http://[fd00::1]/x',
  'http://[fe80::1]/x',
  'http://0.0.0.0/x',
  'http://224.0.0.1/x',
])('refuses the literal private address %s at create time', async (target) => {
  const res = await gql(t.graphqlUrl, CREATE, {
    key: t.ws.admin,
    variables: { input: { url: target, events: ['*'] } },
  });
  expect(codeOf(res)).toBe('BAD_USER_INPUT');
});

it('refuses at delivery time a hostname resolving to 127.0.0.1, and disables it after the failure window', async () => {
  const res = await gql(t.graphqlUrl, CREATE, { key: t.ws.admin, variables: { input: { url, events: ['*'] } } });
  const id = res.data?.createWebhookEndpoint.endpoint.id;
  await gql(t.graphqlUrl, `mutation ($id: ID!) { sendTestWebhook(endpointId: $id) { id } }`, {
    key: t.ws.admin,
    variables: { id },
  });
  const read = async () =>
    (
      await gql(
        t.graphqlUrl,
        `{ webhookEndpoints { active disabledReason } webhookDeliveries { edges { node { status lastError } } } }`,
        { key: t.ws.admin },
      )
    ).data;
  await expect.poll(async () => (await read())?.webhookEndpoints[0]?.active).toBe(false);
  const data = await read();
  expect(data?.webhookEndpoints[0]?.disabledReason).toMatch(/failing since/);
  expect(data?.webhookDeliveries.edges[0]?.node.lastError).toMatch(/private or reserved/);
  expect(receiver.received).toEqual([]);
  const alerts = await t.app.orm.em
    .fork()
    .getConnection()
    .execute(`select payload from outbox where name = 'webhook.endpoint_disabled' and workspace_id = ?`, [
      t.ws.workspace.id,
    ]);
  expect(alerts).toEqual([{ payload: { endpointId: id, reason: expect.stringMatching(/failing since/) } }]);
});

it('refuses at delivery time an IP literal that is private, even if it was saved under another policy', async () => {
  const { WebhookSender } = await import('../src/services/webhooks/webhook-sender');
  const literal = url.replace('localhost', '127.0.0.1');
  const before = receiver.received.length;
  const strict = new WebhookSender({ allowPrivate: false, timeoutMs: 2_000 });
  const refused = await strict.send(literal, {}, '{}');
  expect(refused).toMatchObject({ status: null, error: '127.0.0.1 is a private or reserved address' });
  strict.close();
  const open = new WebhookSender({ allowPrivate: true, timeoutMs: 2_000 });
  expect((await open.send(literal, {}, '{}')).status).toBe(204);
  open.close();
  expect(receiver.received.length).toBe(before + 1);
});

import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { WEBHOOK_EVENTS } from '../../src/services/webhooks/webhook-events';
import { startTestApp, type TestApp, useTestApp } from '../support/app';
import {
  DESKTOP,
  expectAccessible,
  expectNoHorizontalScroll,
  PHONE,
  screenshot,
  signIn,
  useBrowser,
} from '../support/browser';
import { createTestWorkspace, type TestWorkspace } from '../support/factories';
import { gql } from '../support/graphql';
import { TcpProxy } from '../support/tcp-proxy';
import { WebhookReceiver } from '../support/webhook-receiver';

const { watch } = useBrowser();

/** The status word shown in a check's row of the health table. */
function checkStatus(page: Page, name: string) {
  return page.locator(`tr[data-check="${name}"] td`).first();
}

describe('operations: health and live alerts while the database goes away', () => {
  const dbUrl = new URL(inject('databaseUrl'));
  const proxy = new TcpProxy(Number(dbUrl.port || 5432));
  let t: TestApp;
  let ws: TestWorkspace;

  beforeAll(async () => {
    await proxy.open();
    const proxied = new URL(dbUrl);
    proxied.port = String(proxy.port);
    // The app reaches PostgreSQL through the proxy; its periodic health round notices the cut by itself.
    t = await startTestApp({
      DATABASE_URL: proxied.toString(),
      COPYDESK_HEALTH_INTERVAL_S: '0.2',
      COPYDESK_HEALTH_TIMEOUT_MS: '300',
      COPYDESK_INSTANCE_NAME: 'ops-browser',
    });
    ws = await createTestWorkspace(t.app);
  });
  afterAll(async () => {
    await t?.close();
    await proxy.cut();
  });

  it('shows every check to an EDITOR and the database DOWN alert live when it goes away, then OK again', async () => {
    const { page, problems, close } = await watch();
    await signIn(page, t.url, ws.editor, '/operations');
    await expect.poll(() => checkStatus(page, 'database').textContent()).toContain('OK');
    // No Redis in this app: no redis check.
    for (const name of ['database', 'llm', 'queue', 'workers', 'outbox', 'eventLoop', 'memory', 'disk']) {
      await page.locator(`tr[data-check="${name}"]`).waitFor();
    }
    await expect.poll(() => page.getByText('ops-browser').first().isVisible()).toBe(true);
    // An EDITOR: no webhooks or keys, said so.
    expect(await page.getByRole('tab').count()).toBe(0);
    await page.getByText('Webhooks and API keys are managed with an ADMIN key.').waitFor();
    const log = page.getByRole('log', { name: 'Health alerts' });
    expect(await log.getAttribute('aria-live')).toBe('polite');
    await expect.poll(() => t.app.services.health.subscribers).toBe(1);

    await proxy.cut();
    await expect.poll(() => log.textContent(), { timeout: 15_000 }).toContain('database: OK → Down');
    await expect.poll(() => checkStatus(page, 'database').textContent()).toContain('Down');
    expect(await log.textContent()).toContain('ops-browser');
    expect(await page.locator('.ops-overall').textContent()).toContain('Down');

    await proxy.open();
    await expect.poll(() => log.textContent(), { timeout: 15_000 }).toContain('database: Down → OK');
    await expect.poll(() => checkStatus(page, 'database').textContent()).toContain('OK');
    // The page was never reloaded: the same log holds both changes, newest first.
    const items = await log.getByRole('listitem').allTextContents();
    const database = items.filter((item) => item.includes('database:'));
    expect(database[0]).toContain('Down → OK');
    expect(database.at(-1)).toContain('OK → Down');
    await expectAccessible(page);
    await screenshot(page, 'operations-health-alerts');
    // Nothing failed in the page: its WebSocket stayed open and it sent no request while the database was away.
    expect(problems).toEqual([]);
    await close();
  });

  it('shows a VIEWER the report only: no alerts subscription (so no refusal), no write control', async () => {
    for (const viewport of [DESKTOP, PHONE]) {
      const { page, problems, close } = await watch({ viewport });
      await signIn(page, t.url, ws.viewer, '/operations');
      await expect.poll(() => checkStatus(page, 'database').textContent()).toContain('OK');
      await page.getByText('Live alerts are for EDITOR and ADMIN keys').waitFor();
      expect(await page.getByRole('log').count()).toBe(0);
      expect(await page.getByRole('tab').count()).toBe(0);
      // The only buttons: "Check now" (a read) and the shell's sign-out.
      const buttons = await page.getByRole('main').getByRole('button').allTextContents();
      expect(buttons).toEqual(['Check now']);
      expect(await page.locator('main form, main input').count()).toBe(0);
      await expect.poll(() => t.app.services.health.subscribers).toBe(0);
      await page.getByRole('button', { name: 'Check now' }).click();
      await expect.poll(() => checkStatus(page, 'database').textContent()).toContain('OK');
      await expectNoHorizontalScroll(page);
      await expectAccessible(page);
      expect(problems).toEqual([]);
      await close();
    }
  });
});

describe('operations: webhooks and API keys (ADMIN)', () => {
  const t = useTestApp({
    env: {
      COPYDESK_WORKER: 'on',
      COPYDESK_OFFLINE_DELAY_MS: '0',
      COPYDESK_WEBHOOK_ALLOW_PRIVATE: 'on',
      COPYDESK_WEBHOOK_RETRY_SCHEDULE: '10ms,10ms,10ms',
      COPYDESK_WEBHOOK_TIMEOUT_MS: '1000',
      COPYDESK_WEBHOOK_POLL_MS: '20',
      COPYDESK_OUTBOX_POLL_MS: '50',
    },
    scratchDatabase: true,
  });
  const receiver = new WebhookReceiver();
  let hookUrl = '';
  beforeAll(async () => {
    hookUrl = await receiver.start();
  });
  afterAll(() => receiver.close());

  it('adds an endpoint (field errors first), shows its secret once, sends a test and redelivers it', async () => {
    const { page, context, problems, close } = await watch();
    await context.grantPermissions(['clipboard-read', 'clipboard-write'], { origin: t.url });
    await signIn(page, t.url, t.ws.admin, '/operations?tab=webhooks');
    await page.getByRole('tab', { name: 'Webhooks', selected: true }).waitFor();
    await page.getByText('No webhook endpoint yet').waitFor();
    const form = page.getByRole('form', { name: 'Add an endpoint' });
    // One checkbox per public event name, and "*".
    const names = await Promise.all(
      (await form.locator('input[name="events"]').all()).map((input) => input.getAttribute('value')),
    );
    expect(names).toEqual([...WEBHOOK_EVENTS]);

    // The API's field errors, next to their fields.
    await form.getByLabel('URL').fill('ftp://example.com/hook');
    await form.getByRole('button', { name: 'Add endpoint' }).click();
    await expect.poll(() => form.locator('.field-invalid .field-error').first().textContent()).toMatch(/http/i);
    await form.getByLabel('All events').uncheck();
    await form.getByLabel('URL').fill(hookUrl);
    await form.getByRole('button', { name: 'Add endpoint' }).click();
    await expect.poll(() => form.locator('fieldset .field-error').textContent()).toBeTruthy();

    await form.getByLabel('webhook.test').check();
    await form.getByLabel('post.failed').check();
    await form.getByRole('button', { name: 'Add endpoint' }).click();
    const reveal = page.getByRole('region', { name: /Signing secret for/ });
    await reveal.waitFor();
    expect(await reveal.textContent()).toContain('you will not see it again');
    const secret = (await reveal.getByTestId('secret').textContent()) ?? '';
    expect(secret).toMatch(/^whsec_/);
    receiver.secrets = [secret];
    await reveal.getByRole('button', { name: 'Copy' }).click();
    await reveal.getByText('Copied to the clipboard.').waitFor();
    expect(
      await page.evaluate(() =>
        (
          globalThis as unknown as { navigator: { clipboard: { readText(): Promise<string> } } }
        ).navigator.clipboard.readText(),
      ),
    ).toBe(secret);
    await expectAccessible(page);

    const card = page.getByRole('listitem').filter({ has: page.getByRole('heading', { name: hookUrl }) });
    await card.waitFor();
    expect(await card.textContent()).toContain('webhook.test, post.failed');
    expect(await card.locator('.badge').first().textContent()).toBe('Enabled');
    await reveal.getByRole('button', { name: 'Done, I have stored it' }).click();
    expect(await page.content()).not.toContain(secret);
    await page.reload();
    await card.waitFor();
    expect(await page.content()).not.toContain(secret);

    // A test event reaches the receiver, signed with that secret, and is listed as delivered.
    await card.getByRole('button', { name: 'Send test' }).click();
    await card.getByText('Test event sent').waitFor();
    const row = card.locator('tr[data-delivery]').first();
    await expect.poll(() => row.textContent(), { timeout: 10_000 }).toContain('Delivered');
    expect(await row.textContent()).toContain('webhook.test');
    expect(await row.locator('td[data-label="attempts"]').textContent()).toBe('1');
    expect(receiver.received).toHaveLength(1);
    expect(receiver.received[0]?.verified).toEqual([true]);

    // Redeliver: a new attempt of the same delivery (same webhook-id).
    await row.getByRole('button', { name: /Redeliver/ }).click();
    await expect.poll(() => row.locator('td[data-label="attempts"]').textContent(), { timeout: 10_000 }).toBe('2');
    await expect.poll(() => row.textContent()).toContain('Delivered');
    expect(receiver.received.map((r) => r.id)).toEqual([receiver.received[0]?.id, receiver.received[0]?.id]);
    expect(await card.locator('tr[data-delivery]').count()).toBe(1);
    await expectAccessible(page);
    await screenshot(page, 'operations-desktop');

    // Rotate: a new secret, shown once.
    await card.getByRole('button', { name: 'Rotate secret' }).click();
    await card.getByRole('button', { name: 'Rotate', exact: true }).click();
    const rotated = page.getByRole('region', { name: /New signing secret/ });
    const newSecret = (await rotated.getByTestId('secret').textContent()) ?? '';
    expect(newSecret).toMatch(/^whsec_/);
    expect(newSecret).not.toBe(secret);
    await rotated.getByRole('button', { name: 'Done, I have stored it' }).click();
    await expect.poll(() => card.textContent()).toContain('Previous secret signs until');

    // Disable, enable, delete (asked twice).
    await card.getByRole('button', { name: 'Disable' }).click();
    await expect.poll(() => card.locator('.badge').first().textContent()).toBe('Disabled');
    await card.getByRole('button', { name: 'Enable' }).click();
    await expect.poll(() => card.locator('.badge').first().textContent()).toBe('Enabled');
    await card.getByRole('button', { name: 'Delete' }).click();
    await card.getByText('Delete this endpoint and its deliveries?').waitFor();
    await card.getByRole('button', { name: 'Yes, delete' }).click();
    await page.getByText('No webhook endpoint yet').waitFor();
    const listed = await gql(t.graphqlUrl, '{ webhookEndpoints { id } }', { key: t.ws.admin });
    expect(listed.data?.webhookEndpoints).toEqual([]);
    expect(problems).toEqual([]);
    await close();
  });

  it('fits a phone with an endpoint and its deliveries open', async () => {
    const made = await gql(
      t.graphqlUrl,
      'mutation ($input: CreateWebhookEndpointInput!) { createWebhookEndpoint(input: $input) { endpoint { id } } }',
      {
        key: t.ws.admin,
        variables: { input: { url: `${hookUrl}?a-rather-long-query=${'x'.repeat(60)}`, events: ['*'] } },
      },
    );
    const id = made.data?.createWebhookEndpoint.endpoint.id;
    await gql(t.graphqlUrl, 'mutation ($id: ID!) { sendTestWebhook(endpointId: $id) { id } }', {
      key: t.ws.admin,
      variables: { id },
    });
    const { page, problems, close } = await watch({ viewport: PHONE });
    await signIn(page, t.url, t.ws.admin, '/operations?tab=webhooks');
    await page.getByRole('button', { name: 'Deliveries' }).click();
    await expect
      .poll(() => page.locator('tr[data-delivery]').first().textContent(), { timeout: 10_000 })
      .toContain('Delivered');
    await expectNoHorizontalScroll(page);
    await expectAccessible(page);
    await screenshot(page, 'operations-phone');
    await page.getByRole('tab', { name: 'API keys' }).click();
    await page.locator('tr[data-key]').first().waitFor();
    await expectNoHorizontalScroll(page);
    await expectAccessible(page);
    await screenshot(page, 'operations-keys-phone');
    expect(problems).toEqual([]);
    await close();
  });

  it('makes a key whose secret is shown once and works, rotates and revokes it; the last ADMIN key is refused', async () => {
    const { page, problems, close } = await watch();
    await signIn(page, t.url, t.ws.admin, '/operations?tab=keys');
    const rows = page.locator('tr[data-key]');
    await expect.poll(() => rows.count()).toBe(3);
    const own = rows.filter({ hasText: 'this tab' });
    expect(await own.textContent()).toContain('Admin');

    const form = page.getByRole('form', { name: 'Make a key' });
    await form.getByRole('button', { name: 'Make key' }).click();
    await expect.poll(() => form.locator('.field-invalid .field-error').first().textContent()).toBeTruthy();
    expect(await form.getByLabel('Name').getAttribute('aria-invalid')).toBe('true');
    // A STANDARD key can give no higher tier.
    expect(await form.getByLabel('Rate-limit tier').locator('option').allTextContents()).toEqual(['Standard']);

    await form.getByLabel('Name').fill('CI pipeline');
    await form.getByLabel('Role').selectOption('EDITOR');
    await form.getByRole('button', { name: 'Make key' }).click();
    const reveal = page.getByRole('region', { name: /Secret of the key “CI pipeline”/ });
    await reveal.waitFor();
    expect(await reveal.textContent()).toContain('you will not see it again');
    const secret = (await reveal.getByTestId('secret').textContent()) ?? '';
    const asCi = await gql(t.graphqlUrl, '{ viewer { role } }', { key: secret });
    expect(asCi.data?.viewer.role).toBe('EDITOR');
    await reveal.getByRole('button', { name: 'Done, I have stored it' }).click();
    expect(await page.content()).not.toContain(secret);
    const ci = rows.filter({ hasText: 'CI pipeline' });
    await ci.waitFor();
    expect(await ci.textContent()).toContain('Editor');
    expect(await ci.textContent()).toContain('Active');
    await screenshot(page, 'operations-keys-desktop');

    // Rotate: a new secret; the old one keeps working for the grace period and is marked as expiring.
    await ci.first().getByRole('button', { name: 'Rotate CI pipeline' }).click();
    const rotated = page.getByRole('region', { name: /Secret of the key “CI pipeline”/ });
    const newSecret = (await rotated.getByTestId('secret').textContent()) ?? '';
    expect(newSecret).not.toBe(secret);
    expect((await gql(t.graphqlUrl, '{ viewer { role } }', { key: newSecret })).data?.viewer.role).toBe('EDITOR');
    expect((await gql(t.graphqlUrl, '{ viewer { role } }', { key: secret })).data?.viewer.role).toBe('EDITOR');
    await rotated.getByRole('button', { name: 'Done, I have stored it' }).click();
    await expect.poll(() => ci.count()).toBe(2);
    await expect.poll(() => page.locator('tr[data-key]', { hasText: 'Expires soon' }).count()).toBe(1);

    // Revoke both (asked twice): they stop working and leave the list of working keys.
    for (let i = 0; i < 2; i++) {
      const row = ci.first();
      await row.getByRole('button', { name: 'Revoke CI pipeline' }).click();
      await row.getByText('It stops working at once.').waitFor();
      await row.getByRole('button', { name: 'Yes, revoke' }).click();
      await expect.poll(() => ci.count()).toBe(1 - i);
    }
    expect((await gql(t.graphqlUrl, '{ viewer { role } }', { key: newSecret })).errors?.[0]?.extensions?.code).toBe(
      'UNAUTHENTICATED',
    );
    await page.getByLabel('Show revoked and expired keys').check();
    await expect.poll(() => page.locator('tr[data-key]', { hasText: 'Revoked' }).count()).toBe(2);

    // The signed-in key is the workspace's only ADMIN key: the API refuses, the row says why.
    await own.getByRole('button', { name: /^Revoke / }).click();
    await own.getByText('you will be signed out').waitFor();
    await own.getByRole('button', { name: 'Yes, revoke' }).click();
    await expect
      .poll(() => own.getByRole('alert').textContent())
      .toContain("The workspace's last ADMIN key cannot be revoked");
    expect((await gql(t.graphqlUrl, '{ viewer { role } }', { key: t.ws.admin })).data?.viewer.role).toBe('ADMIN');
    await expectAccessible(page);
    expect(problems).toEqual([]);
    await close();
  });
});

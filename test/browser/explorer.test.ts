import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { startTestApp, type TestApp } from '../support/app';
import { screenshot, signIn, useBrowser } from '../support/browser';
import { createTestWorkspace, type TestWorkspace } from '../support/factories';
import { TcpProxy } from '../support/tcp-proxy';

interface PageDocument {
  addEventListener(type: string, listener: (e: { violatedDirective: string; blockedURI: string }) => void): void;
}
type PageStorage = { localStorage: Record<string, string> & { getItem(key: string): string | null } };

/**
 * Records every Content-Security-Policy violation of the page (the event, besides Chromium's console message),
 * from before the page's own scripts run.
 */
async function watchCsp(page: Page): Promise<() => Promise<string[]>> {
  await page.addInitScript(() => {
    const seen: string[] = [];
    (globalThis as unknown as { __csp: string[] }).__csp = seen;
    // test/tsconfig.json has no DOM types: the few used here, spelled out.
    const doc = (globalThis as unknown as { document: PageDocument }).document;
    doc.addEventListener('securitypolicyviolation', (e) => {
      seen.push(`${e.violatedDirective} ${e.blockedURI}`);
    });
  });
  return () => page.evaluate(() => (globalThis as unknown as { __csp: string[] }).__csp);
}

/** The text GraphiQL shows in its result pane, with Monaco's non-breaking spaces as spaces. */
async function resultText(page: Page) {
  return ((await page.locator('.graphiql-response').textContent()) ?? '').replace(/\s+/g, ' ');
}

/** Replaces the query editor's text by typing it (Monaco closes brackets itself: type only what it does not). */
async function typeQuery(page: Page, text: string) {
  const editor = page.locator('.graphiql-query-editor .monaco-editor').first();
  await editor.click();
  await page.keyboard.press('ControlOrMeta+A');
  await page.keyboard.press('Delete');
  await page.keyboard.type(text);
  // GraphiQL reads the operation (and its name) 100 ms after the last edit, then saves the text: run it only then,
  // or it sends the previous operation's name.
  await expect
    .poll(() => page.evaluate(() => (globalThis as unknown as PageStorage).localStorage.getItem('graphiql:query')))
    .toMatch(new RegExp(`^${text.replace(/[{}]/g, '\\$&')}`));
  // Close the completion list, if one is open, then run it as a user does.
  await page.keyboard.press('Escape');
  await page.keyboard.press('ControlOrMeta+Enter');
}

describe('API explorer at /explorer', () => {
  const dbUrl = new URL(inject('databaseUrl'));
  const proxy = new TcpProxy(Number(dbUrl.port || 5432));
  let t: TestApp;
  let ws: TestWorkspace;
  const pages = useBrowser();

  beforeAll(async () => {
    await proxy.open();
    const proxied = new URL(dbUrl);
    proxied.port = String(proxy.port);
    // Through a proxy: cutting it makes a health alert, for the subscription run in the explorer.
    t = await startTestApp({
      DATABASE_URL: proxied.toString(),
      COPYDESK_HEALTH_INTERVAL_S: '0.2',
      COPYDESK_HEALTH_TIMEOUT_MS: '300',
      COPYDESK_INSTANCE_NAME: 'explorer-browser',
    });
    ws = await createTestWorkspace(t.app);
  });
  afterAll(async () => {
    await t?.close();
    await proxy.cut();
  });

  async function watch() {
    const watched = await pages.watch();
    return { ...watched, cspViolations: await watchCsp(watched.page) };
  }

  it('serves its own policy: same-origin scripts only, inline styles and workers for the editor', async () => {
    const res = await fetch(`${t.url}/explorer`);
    expect(res.status).toBe(200);
    const csp = res.headers.get('content-security-policy') ?? '';
    expect(csp).toContain("script-src 'self';");
    expect(csp).not.toContain('unsafe-eval');
    expect(csp).not.toMatch(/script-src[^;]*unsafe-inline/);
    expect(csp).not.toMatch(/https?:/);
    expect(csp).toContain("worker-src 'self';");
    const html = await res.text();
    expect(html).not.toMatch(/<script(?![^>]*\bsrc=)[^>]*>/);
  });

  it('says it is not signed in without a key, and loads without a console error or CSP violation', async () => {
    const { page, problems, cspViolations } = await watch();
    const workers: string[] = [];
    page.on('worker', (worker) => workers.push(worker.url()));
    await page.goto(`${t.url}/explorer`);
    // Monaco has live regions of its own (role alert): the banner is found by its words.
    const banner = page.getByRole('alert').filter({ hasText: 'Not signed in' });
    await expect.poll(() => banner.textContent()).toContain('sign in to the dashboard');
    await page.locator('.graphiql-query-editor .monaco-editor').first().waitFor();
    await page.getByRole('button', { name: /Execute query/ }).click();
    await expect.poll(() => resultText(page)).toContain('UNAUTHENTICATED');
    // Monaco's language services run in their own workers, built files of this origin (worker-src 'self').
    await expect.poll(() => workers.some((url) => url.startsWith(`${t.url}/assets/`))).toBe(true);
    expect(await cspViolations()).toEqual([]);
    // The refused request is the one console error Chromium logs by itself (401).
    expect(problems.filter((p) => !p.includes('401'))).toEqual([]);
  });

  it('sends the key signed in on / in the same tab, for queries and subscriptions', async () => {
    const { page, problems, cspViolations } = await watch();
    await signIn(page, t.url, ws.admin, '/');
    await page.goto(`${t.url}/explorer`);
    await page.locator('.graphiql-query-editor .monaco-editor').first().waitFor();
    expect(await page.getByText('Not signed in').count()).toBe(0);
    await typeQuery(page, '{ viewer { role ');
    await expect.poll(() => resultText(page)).toContain('"role": "ADMIN"');
    await screenshot(page, 'explorer-desktop', false);

    // A subscription goes over the WebSocket with the same key: the health alert of a database cut arrives.
    await typeQuery(page, 'subscription { healthAlerts { check to instance ');
    await expect.poll(() => t.app.services.health.subscribers).toBe(1);
    await proxy.cut();
    try {
      await expect.poll(() => resultText(page), { timeout: 15_000 }).toContain('"to": "DOWN"');
      expect(await resultText(page)).toContain('explorer-browser');
    } finally {
      await proxy.open();
    }
    expect(await cspViolations()).toEqual([]);
    // GraphiQL keeps queries in localStorage, never the key (shouldPersistHeaders is off).
    const stored = await page.evaluate(() =>
      JSON.stringify({ ...(globalThis as unknown as PageStorage).localStorage }),
    );
    expect(stored).not.toContain(ws.admin);
    expect(problems).toEqual([]);
  });
});

import type { Browser } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { useTestApp } from '../support/app';
import {
  DESKTOP,
  expectAccessible,
  expectNoHorizontalScroll,
  launchBrowser,
  openPage,
  PHONE,
  screenshot,
  signIn,
} from '../support/browser';

describe('dashboard shell: served at /, sign-in, navigation, CSP', () => {
  const t = useTestApp();
  let browser: Browser;
  beforeAll(async () => {
    browser = await launchBrowser();
  });
  afterAll(async () => {
    await browser?.close();
  });

  it('serves index.html at / and every dashboard path with a strict CSP, hashed assets for a year', async () => {
    for (const path of ['/', '/campaigns', '/campaigns/123', '/calendar', '/review/abc']) {
      const res = await fetch(`${t.url}${path}`);
      expect(res.status, path).toBe(200);
      expect(res.headers.get('content-type')).toContain('text/html');
      const csp = res.headers.get('content-security-policy') ?? '';
      expect(csp).toContain("script-src 'self'");
      expect(csp).toContain("style-src 'self'");
      expect(csp).not.toContain('unsafe-inline');
      expect(csp).not.toMatch(/https?:/);
      const html = await res.text();
      expect(html).not.toMatch(/<script(?![^>]*\bsrc=)[^>]*>/);
      const asset = /src="(\/assets\/[^"]+\.js)"/.exec(html)?.[1];
      expect(asset).toBeDefined();
      const js = await fetch(`${t.url}${asset}`);
      expect(js.status).toBe(200);
      expect(js.headers.get('cache-control')).toContain('immutable');
    }
    const missing = await fetch(`${t.url}/assets/nope.js`);
    expect(missing.status).toBe(404);
    expect(await missing.json()).toEqual({ error: expect.stringContaining('Not found') });
  });

  it('refuses a wrong key on the sign-in form and signs in with a good one; the key stays in sessionStorage only', async () => {
    const { page, problems, close } = await openPage(browser);
    await page.goto(`${t.url}/`);
    await expectAccessible(page);
    await page.getByLabel('API key').fill('cdk_not_a_real_key');
    await page.getByRole('button', { name: 'Sign in' }).click();
    await expect.poll(() => page.getByRole('alert').textContent()).toContain('not valid');
    await screenshot(page, 'sign-in');
    await signIn(page, t.url, t.ws.editor);
    expect(await page.evaluate(() => sessionStorage.getItem('copydesk.apiKey'))).toBe(t.ws.editor);
    expect(await page.evaluate(() => localStorage.length)).toBe(0);
    await expect.poll(() => page.locator('.role').textContent()).toBe('EDITOR');
    // The 401 of the refused key is the one console error Chromium logs by itself.
    expect(problems.filter((p) => !p.includes('401'))).toEqual([]);
    await close();
  });

  it('fits a 390-pixel phone and a 1280×800 screen', async () => {
    for (const viewport of [PHONE, DESKTOP]) {
      const { page, problems, close } = await openPage(browser, { viewport });
      await signIn(page, t.url, t.ws.viewer);
      await expectNoHorizontalScroll(page);
      // Every page of the main navigation is in sight (none scrolled or cut off the edge).
      const links = page.getByRole('navigation', { name: 'Main' }).getByRole('link');
      expect(await links.count()).toBe(7);
      for (const link of await links.all()) {
        const box = await link.boundingBox();
        expect(box && box.x >= 0 && box.x + box.width <= viewport.width).toBe(true);
      }
      await expectAccessible(page);
      expect(problems).toEqual([]);
      await close();
    }
  });
});

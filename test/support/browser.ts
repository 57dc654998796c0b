import { existsSync, mkdirSync, readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import path from 'node:path';
import { type Browser, type BrowserContext, chromium, type Page } from 'playwright-core';
import { afterAll, afterEach, beforeAll, expect } from 'vitest';

const require = createRequire(__filename);
const ROOT = path.resolve(__dirname, '../..');

/** Debian's Chromium (`.ci/run` installs the package when it is missing); CHROMIUM_PATH overrides. */
export const CHROMIUM = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium';

/** Where a run's screenshots go (gitignored); the best are copied to docs/screenshots by hand. */
export const SCREENSHOT_DIR = path.join(ROOT, '.screenshots');

export const DESKTOP = { width: 1280, height: 800 };
export const PHONE = { width: 390, height: 844 };

/** The built dashboard must exist: the server serves dist/web, which `npm ci` (prepare) and `npm run build` make. */
export function requireBuiltDashboard(): void {
  if (!existsSync(path.join(ROOT, 'dist/web/index.html'))) {
    throw new Error('dist/web is missing: run `npm run build` (npm ci runs it) before the browser tests');
  }
}

export async function launchBrowser(): Promise<Browser> {
  requireBuiltDashboard();
  return chromium.launch({
    executablePath: CHROMIUM,
    args: [
      '--headless',
      '--no-sandbox',
      '--disable-gpu',
      '--disable-background-networking',
      '--disable-component-update',
      '--disable-quic',
      '--no-first-run',
      '--disable-sync',
    ],
  });
}

/** A page that remembers every console error, uncaught exception and CSP violation it meets. */
export interface WatchedPage {
  page: Page;
  context: BrowserContext;
  /** Console errors, page errors and failed requests, in order. */
  problems: string[];
  close(): Promise<void>;
}

export async function openPage(
  browser: Browser,
  options: { viewport?: { width: number; height: number }; isMobile?: boolean } = {},
): Promise<WatchedPage> {
  const context = await browser.newContext({
    viewport: options.viewport ?? DESKTOP,
    isMobile: options.isMobile,
    hasTouch: options.isMobile,
  });
  const page = await context.newPage();
  const problems: string[] = [];
  page.on('console', (message) => {
    if (message.type() === 'error') problems.push(`console: ${message.text()}`);
  });
  page.on('pageerror', (error) => problems.push(`pageerror: ${error.message}`));
  page.on('requestfailed', (request) => {
    // A WebSocket or fetch the page itself stopped (navigation, unmount) is not a problem.
    const failure = request.failure()?.errorText ?? '';
    if (!failure.includes('ERR_ABORTED')) problems.push(`requestfailed: ${request.url()} ${failure}`);
  });
  return { page, context, problems, close: () => context.close() };
}

/**
 * One browser for a test file: launched before its tests, closed after them; `watch` opens a watched page that is
 * closed after its test even when the test fails (an open page would keep its subscriptions).
 */
export function useBrowser(): {
  readonly browser: Browser;
  watch(options?: Parameters<typeof openPage>[1]): Promise<WatchedPage>;
} {
  let browser: Browser | undefined;
  const opened: WatchedPage[] = [];
  beforeAll(async () => {
    browser = await launchBrowser();
  });
  afterEach(async () => {
    for (const watched of opened.splice(0)) await watched.close();
  });
  afterAll(async () => {
    await browser?.close();
  });
  const running = (): Browser => {
    if (!browser) throw new Error('useBrowser: the browser starts in beforeAll; use it inside a hook or a test');
    return browser;
  };
  return {
    get browser() {
      return running();
    },
    async watch(options) {
      const watched = await openPage(running(), options);
      opened.push(watched);
      return watched;
    },
  };
}

/** Signs in on the dashboard's sign-in form with `key` and waits for the navigation bar. */
export async function signIn(page: Page, baseUrl: string, key: string, path = '/campaigns'): Promise<void> {
  await page.goto(`${baseUrl}${path}`);
  await page.getByLabel('API key').fill(key);
  await page.getByRole('button', { name: 'Sign in' }).click();
  await page.getByRole('navigation', { name: 'Main' }).waitFor();
}

let axeSource: string | undefined;

/** Violations of serious or critical impact that axe-core finds on the page as it is now. */
export async function seriousViolations(page: Page): Promise<{ id: string; impact: string; nodes: string[] }[]> {
  axeSource ??= readFileSync(require.resolve('axe-core/axe.min.js'), 'utf8');
  // Evaluated through the DevTools protocol, which the page's CSP does not govern (no <script> is added).
  await page.evaluate(axeSource);
  const results = await page.evaluate(async () => {
    const axe = (globalThis as unknown as { axe: { run(context: unknown, options: unknown): Promise<unknown> } }).axe;
    return (await axe.run(document, { resultTypes: ['violations'] })) as {
      violations: { id: string; impact: string | null; nodes: { target: string[] }[] }[];
    };
  });
  return results.violations
    .filter((v) => v.impact === 'serious' || v.impact === 'critical')
    .map((v) => ({ id: v.id, impact: v.impact as string, nodes: v.nodes.map((n) => n.target.join(' ')) }));
}

/** Fails with axe's list when the page has a serious or critical accessibility violation. */
export async function expectAccessible(page: Page): Promise<void> {
  expect(await seriousViolations(page)).toEqual([]);
}

/** Saves a full-page screenshot as .screenshots/<name>.png. */
export async function screenshot(page: Page, name: string, fullPage = true): Promise<string> {
  mkdirSync(SCREENSHOT_DIR, { recursive: true });
  const file = path.join(SCREENSHOT_DIR, `${name}.png`);
  await page.screenshot({ path: file, fullPage });
  return file;
}

/** The page has no horizontal scroll bar: nothing is wider than the viewport (phones). */
export async function expectNoHorizontalScroll(page: Page): Promise<void> {
  const overflow = await page.evaluate(() => document.documentElement.scrollWidth - window.innerWidth);
  expect(overflow).toBeLessThanOrEqual(1);
}

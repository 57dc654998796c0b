import type { Page } from 'playwright-core';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { expectAccessible, openPage, screenshot, useBrowser, type WatchedPage } from '../support/browser';
import { type FakeOpenAi, hold, modelEnv, type RecordedRequest, startFakeOpenAi } from '../support/fake-openai';
import { MODEL_VARIANTS, modelAnswer, modelAnswerWith, variantsReply } from '../support/llm-fixtures';
import { type CliProcess, killStartedProcesses, makeTempDir, removeTempDir, startCli } from '../support/process';

// PGlite's first start (initdb in WebAssembly) takes seconds, more on a busy machine.
const START_MS = 60_000;
const KEY_PATTERN = /cdk_[A-Za-z0-9_-]+/g;

/**
 * A newcomer's first hour, as the README tells it: `copydesk serve` with no services (the embedded database), the
 * key from the first-start banner pasted into the dashboard it points to, and then everything through the browser —
 * a campaign from a template, generation watched as it streams, an edit whose finding is highlighted, review through
 * a link a client opens in another browser, scheduling, the calendar and the engagement chart. The model is a local
 * fake (the only double): the test holds its answer so the page is mid-stream for a fact when it looks.
 */
describe('a newcomer, from the first start to the engagement chart', () => {
  let fake: FakeOpenAi;
  let respond: (request: RecordedRequest) => ReturnType<typeof modelAnswer> = modelAnswer;
  let dataDir: string;
  let cli: CliProcess;
  let base: string;
  let key: string;
  const pages = useBrowser();
  /** This test's pages, for the screenshots of a failure (useBrowser closes them after the test). */
  const opened: WatchedPage[] = [];

  beforeAll(async () => {
    fake = await startFakeOpenAi({ respond: (request) => respond(request) });
    dataDir = makeTempDir('copydesk-newcomer-');
    cli = startCli(['serve'], {
      PORT: '0',
      HOST: '127.0.0.1',
      LOG_LEVEL: 'info',
      COPYDESK_DATA_DIR: dataDir,
      COPYDESK_CACHE_TTL_S: '0',
      ...modelEnv(fake),
    });
    const graphqlUrl = await cli.waitForListening(START_MS);
    base = graphqlUrl.replace(/\/graphql$/, '');
  }, START_MS + 30_000);

  afterAll(async () => {
    await killStartedProcesses();
    await fake?.close();
    if (dataDir) removeTempDir(dataDir);
  }, 60_000);

  // When a step fails, what the pages showed and what the server logged are the first things to look at.
  afterEach(async (context) => {
    const shown = opened.splice(0);
    if (context.task.result?.state !== 'fail') return;
    for (const [i, watched] of shown.entries()) {
      if (!watched.page.isClosed()) await screenshot(watched.page, `newcomer-failed-${i}`).catch(() => {});
    }
    process.stderr.write(`--- copydesk stderr ---\n${cli?.stderr.slice(-4000)}\n`);
    process.stderr.write(
      `--- copydesk logs ---\n${cli?.stdout
        .split('\n')
        .filter((l) => /"level":(40|50|60)/.test(l))
        .slice(-30)
        .join('\n')}\n`,
    );
  });

  async function watch(options?: Parameters<typeof openPage>[1]): Promise<WatchedPage> {
    const watched = await pages.watch(options);
    opened.push(watched);
    return watched;
  }

  function variant(page: Page, platform: string, n: number) {
    return page.getByRole('article', { name: `${platform} variant` }).nth(n - 1);
  }

  it('reads the key and the dashboard address from the first-start banner', async () => {
    await cli.waitFor('the key banner', () => (/Sandbox: .*\n=+\n/.test(cli.stdout) ? true : undefined), 5_000);
    const keys = [...new Set(cli.stdout.match(KEY_PATTERN) ?? [])];
    expect(keys).toHaveLength(1);
    key = keys[0] as string;
    expect(cli.stdout).toContain(`Dashboard: open ${base}/ and paste the key (API explorer: ${base}/explorer)`);
  });

  it('signs in, creates a campaign from a template, generates it and watches it stream, edits, reviews through a link, schedules, sees the calendar and the chart', {
    timeout: 240_000,
  }, async () => {
    expect(key, 'the banner test must have run').toBeDefined();
    const { page, problems } = await watch();

    // Sign in at / with the pasted key.
    await page.goto(`${base}/`);
    await page.getByLabel('API key').fill(key);
    await page.getByRole('button', { name: 'Sign in' }).click();
    await page.getByRole('navigation', { name: 'Main' }).waitFor();
    expect(new URL(page.url()).pathname).toBe('/campaigns');

    // A campaign from the "Product launch" template.
    const campaignId = await createFromTemplate(page);
    await page.getByRole('heading', { name: 'Ledgerly launch', level: 1 }).waitFor();

    // Generate: LinkedIn's answer stops after its first characters until the test lets it go.
    const linkedin = hold(variantsReply(), { afterChars: 90 });
    respond = modelAnswerWith({ LINKEDIN: linkedin.reply });
    await page.getByRole('button', { name: 'Generate', exact: true }).click();
    await linkedin.reached;
    const stream = page.locator('.stream[data-platform="LINKEDIN"][data-index="0"]');
    await expect.poll(() => stream.textContent(), { timeout: 20_000 }).toContain('Variant 1: "Skip the traffic"');
    expect(await stream.textContent()).not.toContain('Pre-order today');
    await screenshot(page, 'newcomer-generating');
    linkedin.release();
    await expect
      .poll(() => page.getByRole('status').filter({ hasText: 'Generation' }).first().textContent(), { timeout: 30_000 })
      .toMatch(/^Generation finished: \d+ variants ready\.$/);
    const first = variant(page, 'LinkedIn', 1);
    await expect.poll(() => first.locator('.variant-text').textContent()).toBe(MODEL_VARIANTS[0]?.body);

    // Edit: an email address in the text is a finding, highlighted exactly, with its message.
    await first.getByRole('button', { name: 'Edit LinkedIn variant 1' }).click();
    const form = page.getByRole('form', { name: 'Edit LinkedIn variant 1' });
    const text = form.getByLabel('Text');
    await text.fill(`${await text.inputValue()}\nQuestions? Write to jane.doe@example.com today.`);
    await form.getByRole('button', { name: 'Save as a new version' }).click();
    await expect.poll(() => first.getByRole('status').textContent()).toContain('Saved as version 2');
    const mark = first.locator('mark.finding').filter({ hasText: 'jane.doe' });
    await expect.poll(() => mark.textContent()).toBe('jane.doe@example.com');
    expect(await first.locator('.findings').textContent()).toContain('Email address');

    // Request review of that variant and share a review link.
    await page.getByRole('checkbox', { name: 'Select LinkedIn variant 1 for review' }).check();
    await page.getByRole('button', { name: 'Request review for selected (1)' }).click();
    await expect.poll(() => first.locator('.variant-header').textContent()).toContain('In review');
    await page.getByRole('button', { name: 'Share review link' }).click();
    const shared = page.getByTestId('review-url');
    await expect.poll(() => shared.textContent()).toMatch(/\/review\/[\w-]+$/);
    const reviewUrl = (await shared.textContent()) as string;

    // The client opens the link in a browser of their own, with no key, and approves.
    await approveThroughLink(reviewUrl);

    // Back on the dashboard: approved, so it can be scheduled.
    await page.reload();
    await first.getByRole('button', { name: 'Schedule LinkedIn variant 1' }).click();
    const schedule = page.getByRole('form', { name: 'Schedule LinkedIn variant 1' });
    const day = new Date(Date.now() + 3 * 86_400_000).toISOString().slice(0, 10);
    await schedule.getByLabel('Date and time').fill(`${day}T10:00`);
    await schedule.getByLabel('Time zone').selectOption('Europe/Berlin');
    await schedule.getByRole('button', { name: 'Schedule', exact: true }).click();
    await expect.poll(() => first.locator('.variant-header').textContent()).toContain('Scheduled');

    // The calendar shows it on its day at its time in Berlin.
    await first.getByRole('link', { name: 'see the calendar' }).click();
    await page.getByRole('heading', { name: 'Calendar', level: 1 }).waitFor();
    await page.goto(`${base}/calendar?view=week&date=${day}&tz=Europe%2FBerlin`);
    const cell = page.locator(`.cal-day[data-date="${day}"]`);
    await expect.poll(() => cell.textContent(), { timeout: 15_000 }).toMatch(/10:00\s*LinkedIn/);
    expect(await cell.textContent()).toContain('Ledgerly launch');
    await expectAccessible(page);
    await screenshot(page, 'newcomer-calendar');

    // Engagement recorded through the form shows in the chart's figures.
    await page.goto(`${base}/analytics?campaign=${campaignId}`);
    await page.getByRole('heading', { name: 'Analytics', level: 1 }).waitFor();
    const record = page.locator('form', { has: page.getByRole('heading', { name: 'Record a day' }) });
    const variantSelect = record.getByLabel('Variant');
    await expect.poll(() => variantSelect.locator('option').count()).toBeGreaterThan(1);
    const linkedInA = variantSelect.locator('option', { hasText: 'LinkedIn A' });
    await variantSelect.selectOption((await linkedInA.getAttribute('value')) as string);
    await record.getByLabel('Date (UTC)').fill(new Date(Date.now() - 86_400_000).toISOString().slice(0, 10));
    await record.getByLabel('Impressions').fill('2400');
    await record.getByLabel('Clicks').fill('96');
    await record.getByRole('button', { name: 'Record engagement' }).click();
    await expect.poll(() => record.getByRole('status').textContent()).toContain('1 day stored');
    const summary = page.getByText('Data table: engagement by platform');
    await summary.click();
    const table = page.getByRole('table', { name: 'Engagement by platform' });
    await expect.poll(() => table.getByRole('row', { name: /LinkedIn/ }).textContent()).toContain('2,400');
    expect(await table.getByRole('row', { name: /LinkedIn/ }).textContent()).toContain('4.0 %');
    expect(await page.locator('.chart canvas').count()).toBeGreaterThan(0);
    await expectAccessible(page);
    await screenshot(page, 'newcomer-analytics');
    expect(problems).toEqual([]);
  });

  it('makes a VIEWER key for a colleague on Operations; signed in with it, no screen offers a write control', {
    timeout: 120_000,
  }, async () => {
    expect(key, 'the banner test must have run').toBeDefined();
    const admin = await watch();
    await signInAt(admin.page, key, '/operations?tab=keys');
    const form = admin.page.getByRole('form', { name: 'Make a key' });
    await form.getByLabel('Name').fill('Colleague (read only)');
    await form.getByLabel('Role').selectOption('VIEWER');
    await form.getByRole('button', { name: 'Make key' }).click();
    const reveal = admin.page.getByRole('region', { name: /Secret of the key “Colleague \(read only\)”/ });
    const viewerKey = ((await reveal.getByTestId('secret').textContent()) ?? '').trim();
    expect(viewerKey).toMatch(/^cdk_/);
    await reveal.getByRole('button', { name: 'Done, I have stored it' }).click();
    expect(admin.problems).toEqual([]);

    // The same screens as the ADMIN: each offers its write controls (so the sweep below would see them).
    for (const screen of WRITABLE) {
      await openScreen(admin.page, screen.heading);
      if (screen.tab) await admin.page.getByRole('tab', { name: screen.tab }).click();
      expect((await writeControls(admin.page)).length, `${screen.heading} as ADMIN`).toBeGreaterThan(0);
    }

    const { page, problems } = await watch();
    await signInAt(page, viewerKey, '/campaigns');
    const campaignLink = page.getByRole('link', { name: 'Ledgerly launch' }).first();
    for (const heading of [...WRITABLE.map((screen) => screen.heading), 'Review queue']) {
      await openScreen(page, heading);
      expect(await writeControls(page), heading).toEqual([]);
      // No tab leads to the ADMIN's webhooks and keys either.
      expect(await page.getByRole('tab', { name: /Webhooks|API keys/ }).count()).toBe(0);
      await expectAccessible(page);
    }
    // The campaign the newcomer made: readable, nothing to change.
    await page.getByRole('navigation', { name: 'Main' }).getByRole('link', { name: 'Campaigns' }).click();
    await campaignLink.click();
    await page.getByRole('heading', { name: 'Ledgerly launch', level: 1 }).waitFor();
    await variant(page, 'LinkedIn', 1).waitFor();
    expect(await writeControls(page), 'the campaign page').toEqual([]);
    expect(await page.locator('main textarea').count()).toBe(0);
    expect(problems).toEqual([]);
  });

  /** Screens where an ADMIN has something to write (the review queue has nothing waiting by then). */
  const WRITABLE: { heading: string; tab?: string }[] = [
    { heading: 'Campaigns' },
    { heading: 'Calendar' },
    { heading: 'Analytics' },
    { heading: 'Usage' },
    { heading: 'Operations', tab: 'API keys' },
  ];

  /** Opens a screen from the main navigation and waits until it has loaded. */
  async function openScreen(page: Page, heading: string): Promise<void> {
    await page.getByRole('navigation', { name: 'Main' }).getByRole('link', { name: heading }).click();
    await page.getByRole('heading', { name: heading, level: 1 }).waitFor();
    await expect.poll(() => page.locator('main .state-loading').count()).toBe(0);
  }

  /** The buttons (and links styled as buttons) in the page's main part whose words would change something. */
  async function writeControls(page: Page): Promise<string[]> {
    const names = await page.locator('main button, main [role="button"], main a.button').allTextContents();
    return names
      .map((name) => name.trim())
      .filter((name) =>
        /^(New|Create|Make|Generate|Edit|Save|Delete|Revoke|Rotate|Approve|Reject|Request|Schedule|Record|Import|Start|Stop|Redeliver|Send|Archive|Restore|Cancel|Share|Set|Add)\b/i.test(
          name,
        ),
      );
  }

  async function signInAt(page: Page, apiKey: string, path: string): Promise<void> {
    await page.goto(`${base}${path}`);
    await page.getByLabel('API key').fill(apiKey);
    await page.getByRole('button', { name: 'Sign in' }).click();
    await page.getByRole('navigation', { name: 'Main' }).waitFor();
  }

  /** Campaigns → New campaign → From a template → Product launch, its variables filled in → the campaign page. */
  async function createFromTemplate(page: Page): Promise<string> {
    // An empty workspace: the list says so and offers both ways in.
    await page.getByText('No campaigns yet').waitFor();
    await page.getByRole('link', { name: 'New campaign' }).click();
    await page.getByRole('tab', { name: 'From a template' }).click();
    await page.getByLabel('Template', { exact: true }).selectOption('product-launch');
    const form = page.getByRole('form', { name: 'Fill in “Product launch”' });
    await form.getByLabel(/^Product name/).fill('Ledgerly');
    await form.getByLabel(/^Pitch/).fill('Ledgerly sends polite invoice reminders so small agencies get paid on time.');
    await form.getByLabel(/^Features/).fill('Reminders that follow your terms\nPayment links in every reminder');
    await form.getByRole('button', { name: 'Fill in the brief' }).click();
    await page.getByRole('heading', { name: 'Check the brief' }).waitFor();
    await expectAccessible(page);
    await screenshot(page, 'newcomer-template-brief');
    await page.getByRole('form', { name: 'Campaign brief' }).getByRole('button', { name: 'Create campaign' }).click();
    await page.waitForURL(/\/campaigns\/[^/?]+$/);
    return new URL(page.url()).pathname.split('/').pop() as string;
  }

  /** The review-link page in a context of its own (no key, no session): approve the variant in review. */
  async function approveThroughLink(url: string): Promise<void> {
    const client = await watch();
    const { page } = client;
    await page.goto(url);
    await page.getByRole('heading', { name: 'Ledgerly launch', level: 1 }).waitFor();
    expect(await page.getByRole('navigation', { name: 'Main' }).count()).toBe(0);
    // The client sees the version in review, its finding highlighted as the team saw it.
    const linkedin = page
      .locator('.review-item[data-platform="LINKEDIN"]')
      .filter({ has: page.locator('mark.finding', { hasText: 'jane.doe@example.com' }) });
    await expect.poll(() => linkedin.count()).toBe(1);
    await page.getByLabel('Your name').fill('Dana at Ledgerly');
    await linkedin.getByLabel('Comment').fill('Good to go');
    await linkedin.getByRole('button', { name: /^Approve / }).click();
    await expect
      .poll(() => linkedin.locator('.link-result').textContent())
      .toBe('Approved by Dana at Ledgerly. “Good to go”');
    await expectAccessible(page);
    await screenshot(page, 'newcomer-review-link');
    expect(client.problems).toEqual([]);
    await client.close();
  }
});

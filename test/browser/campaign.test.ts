import { randomUUID } from 'node:crypto';
import type { Browser, Page } from 'playwright-core';
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
import { buildBrief, createTestWorkspace } from '../support/factories';
import {
  type FakeOpenAi,
  type FakeReply,
  hold,
  modelEnv,
  type RecordedRequest,
  startFakeOpenAi,
} from '../support/fake-openai';
import { gql } from '../support/graphql';
import { MODEL_VARIANTS, modelAnswer, modelAnswerWith, variantsReply } from '../support/llm-fixtures';
import { approveVariants } from '../support/workflow';

/**
 * The campaign page on a real server whose model is a local fake: a test holds the model's answer after some
 * characters, so the page is mid-stream for a fact (not for a while) when it looks, reloads, and lets it go on.
 */
describe('dashboard: the campaign page', () => {
  let fake: FakeOpenAi;
  let respond: (request: RecordedRequest) => FakeReply = modelAnswer;
  // Filled in before useTestApp's beforeAll starts the app (hooks run in the order they were registered).
  const env: Record<string, string> = { COPYDESK_WORKER: 'on', COPYDESK_CACHE_TTL_S: '0' };
  let browser: Browser;
  beforeAll(async () => {
    fake = await startFakeOpenAi({ respond: (request) => respond(request) });
    Object.assign(env, modelEnv(fake));
    browser = await launchBrowser();
  });
  const t = useTestApp({ scratchDatabase: true, env });
  afterAll(async () => {
    await browser?.close();
    await fake?.close();
  });

  async function createCampaign(key: string, platforms: string[], name = 'Spring launch'): Promise<string> {
    const res = await gql<{ createCampaign: { id: string } }>(
      t.graphqlUrl,
      'mutation($input: CreateCampaignInput!) { createCampaign(input: $input) { id } }',
      { key, variables: { input: { name, brief: buildBrief({ platforms }) } } },
    );
    if (!res.data) throw new Error(`createCampaign failed: ${JSON.stringify(res.errors)}`);
    return res.data.createCampaign.id;
  }

  /** A campaign generated through the API (the model answers at once), with its variants by platform. */
  async function generatedCampaign(key: string, platforms: string[], perPlatform = 2) {
    respond = modelAnswer;
    const campaignId = await createCampaign(key, platforms);
    const started = await gql<{ generateCampaign: { id: string } }>(
      t.graphqlUrl,
      'mutation($input: GenerateCampaignInput!) { generateCampaign(input: $input) { id } }',
      { key, variables: { input: { campaignId, variantsPerPlatform: perPlatform } } },
    );
    const jobId = started.data?.generateCampaign.id;
    expect(jobId, JSON.stringify(started.errors)).toBeDefined();
    await expect
      .poll(
        async () =>
          (
            await gql<{ generationJob: { status: string } }>(
              t.graphqlUrl,
              'query($id: ID!) { generationJob(id: $id) { status } }',
              {
                key,
                variables: { id: jobId },
              },
            )
          ).data?.generationJob.status,
        { timeout: 20_000 },
      )
      .toBe('SUCCEEDED');
    const res = await gql<{
      campaign: {
        contents: { platform: string; variants: { id: string; body: string; currentVersion: { id: string } }[] }[];
      };
    }>(
      t.graphqlUrl,
      'query($id: ID!) { campaign(id: $id) { contents { platform variants { id body currentVersion { id } } } } }',
      { key, variables: { id: campaignId } },
    );
    const contents = res.data?.campaign.contents ?? [];
    return { campaignId, variants: contents.flatMap((c) => c.variants) };
  }

  function variant(page: Page, platform: string, n: number) {
    return page.getByRole('article', { name: `${platform} variant` }).nth(n - 1);
  }

  it('streams the text as it is written, shows the job as it is after a reload, then the variants', async () => {
    // LinkedIn's answer stops after its first characters until the test lets it go; X's comes at once.
    const linkedin = hold(variantsReply(), { afterChars: 90 });
    respond = modelAnswerWith({ LINKEDIN: linkedin.reply });
    const campaignId = await createCampaign(t.ws.editor, ['LINKEDIN', 'TWITTER']);
    const { page, problems, close } = await openPage(browser);
    await signIn(page, t.url, t.ws.editor, `/campaigns/${campaignId}`);
    await page.getByRole('heading', { name: 'Spring launch', level: 1 }).waitFor();
    await expect.poll(() => page.locator('.estimate').textContent()).toContain('Estimated:');
    await page.getByRole('button', { name: 'Generate', exact: true }).click();

    await linkedin.reached;
    const stream = page.locator('.stream[data-platform="LINKEDIN"][data-index="0"]');
    await expect.poll(() => stream.textContent(), { timeout: 15_000 }).toContain('Variant 1: "Skip the traffic"');
    // X finished meanwhile: its two variants are ready while LinkedIn is still being written.
    await expect.poll(() => page.locator('.stream-ready[data-platform="TWITTER"]').count()).toBe(2);
    expect(await stream.textContent()).not.toContain('Pre-order today');
    expect(await page.locator('.stage-current').textContent()).toContain('Copy');
    expect(await page.locator('.stage-done').allTextContents()).toEqual(['Queued (done)', 'Outline (done)']);
    expect(Number(await page.getByLabel('Progress').getAttribute('value'))).toBeGreaterThan(0);
    expect(await page.getByRole('status').filter({ hasText: 'Writing the copy' }).textContent()).toBe(
      'Writing the copy: 2 variants ready.',
    );
    await expect.poll(() => page.getByRole('button', { name: 'Cancel generation' }).isVisible()).toBe(true);
    await expectAccessible(page);
    await screenshot(page, 'campaign-generating');
    const partial = await stream.textContent();

    // A reload mid-job: the page subscribes again and the SNAPSHOT gives back the text streamed so far.
    await page.reload();
    await expect.poll(() => stream.textContent(), { timeout: 15_000 }).toBe(partial);
    await expect.poll(() => page.locator('.stream-ready[data-platform="TWITTER"]').count()).toBe(2);
    expect(await page.locator('.stage-current').textContent()).toContain('Copy');

    linkedin.release();
    await expect
      .poll(() => page.getByRole('status').filter({ hasText: 'Generation' }).first().textContent(), { timeout: 20_000 })
      .toBe('Generation finished: 4 variants ready.');
    await page.getByRole('tab', { name: 'LinkedIn (2)' }).waitFor();
    await page.getByRole('tab', { name: 'X (2)' }).waitFor();
    const first = variant(page, 'LinkedIn', 1);
    await expect.poll(() => first.locator('.variant-text').textContent()).toBe(MODEL_VARIANTS[0]?.body);
    await expect.poll(() => first.locator('.preview-frame').textContent()).toContain('Skip the traffic');
    expect(await first.getByText('Quality', { exact: false }).count()).toBeGreaterThan(0);
    await page.getByRole('tab', { name: 'X (2)' }).click();
    await expect.poll(() => variant(page, 'X', 2).isVisible()).toBe(true);
    await page.getByRole('tab', { name: 'LinkedIn (2)' }).click();
    expect(await page.locator('.stream').count()).toBe(0);
    await expectAccessible(page);
    await screenshot(page, 'campaign-desktop');
    expect(problems).toEqual([]);
    await close();
  });

  it('highlights a finding of an edit exactly, with its message; the edit is version 2 with a diff', async () => {
    const { campaignId } = await generatedCampaign(t.ws.editor, ['LINKEDIN'], 1);
    const { page, problems, close } = await openPage(browser);
    await signIn(page, t.url, t.ws.editor, `/campaigns/${campaignId}`);
    const card = variant(page, 'LinkedIn', 1);
    await card.getByRole('button', { name: 'Edit LinkedIn variant 1' }).click();
    const form = page.getByRole('form', { name: 'Edit LinkedIn variant 1' });
    const text = form.getByLabel('Text');
    const before = await text.inputValue();
    await text.fill(`${before}\nQuestions? Write to jane.doe@example.com today.`);
    await form.getByRole('button', { name: 'Save as a new version' }).click();
    await expect.poll(() => card.getByRole('status').textContent()).toContain('Saved as version 2');
    const mark = card.locator('mark.finding').filter({ hasText: 'jane.doe' });
    await expect.poll(() => mark.textContent()).toBe('jane.doe@example.com');
    const describedBy = (await mark.getAttribute('aria-describedby')) ?? '';
    expect(describedBy).not.toBe('');
    const explained = await page.locator(`[id="${describedBy.split(' ')[0]}"]`).textContent();
    expect(explained).toContain('Email address');
    expect(await card.locator('.findings').textContent()).toContain('Email address');
    expect(await card.locator('.variant-meta').textContent()).toContain('Version 2');

    await card.getByText('Version history (2 versions)').click();
    const diff = card.locator('.diff');
    await expect
      .poll(() => diff.locator('ins').allTextContents())
      .toEqual(expect.arrayContaining([expect.stringContaining('jane.doe@example.com')]));
    expect(await card.locator('.diff-caption').textContent()).toContain('from version 1 to version 2');
    await expectAccessible(page);
    await screenshot(page, 'campaign-diff');
    // Restore version 1: it comes back as version 3.
    await card.getByLabel('Show version').selectOption({ label: 'Version 1' });
    await card.getByRole('button', { name: 'Restore version 1' }).click();
    await expect.poll(() => card.locator('.variant-meta').textContent()).toContain('Version 3');
    expect(await card.locator('mark.finding').filter({ hasText: 'jane.doe' }).count()).toBe(0);
    await card.getByLabel('Show version').selectOption({ label: 'Version 2' });
    await card.getByLabel('Compare with').selectOption({ label: 'The current version' });
    await expect
      .poll(() => diff.locator('del').allTextContents())
      .toEqual(expect.arrayContaining([expect.stringContaining('jane.doe@example.com')]));
    expect(await card.getByRole('status').count()).toBe(0);
    expect(problems).toEqual([]);
    await close();
  });

  it('says so when the edit starts from a stale version, and reloads the latest one', async () => {
    const { campaignId, variants } = await generatedCampaign(t.ws.editor, ['LINKEDIN'], 1);
    const target = variants[0] as (typeof variants)[number];
    const { page, problems, close } = await openPage(browser);
    await signIn(page, t.url, t.ws.editor, `/campaigns/${campaignId}`);
    const card = variant(page, 'LinkedIn', 1);
    await card.getByRole('button', { name: 'Edit LinkedIn variant 1' }).click();
    const form = page.getByRole('form', { name: 'Edit LinkedIn variant 1' });
    // Someone else saves a version meanwhile.
    const other = await gql(
      t.graphqlUrl,
      'mutation($id: ID!, $input: EditVariantInput!) { editVariant(id: $id, input: $input) { id } }',
      {
        key: t.ws.admin,
        variables: {
          id: target.id,
          input: { baseVersionId: target.currentVersion.id, body: 'Saved elsewhere first.' },
        },
      },
    );
    expect(other.errors).toBeUndefined();
    await form.getByLabel('Text').fill('My late edit.');
    await form.getByRole('button', { name: 'Save as a new version' }).click();
    await expect.poll(() => form.getByRole('alert').textContent()).toContain('Someone saved a newer version');
    await form.getByRole('button', { name: 'Load the latest version' }).click();
    await expect.poll(() => form.getByLabel('Text').inputValue()).toBe('Saved elsewhere first.');
    expect(await form.getByRole('alert').count()).toBe(0);
    expect(await card.locator('.variant-text').textContent()).toBe('Saved elsewhere first.');
    expect(problems).toEqual([]);
    await close();
  });

  it('requests review, shares a review link once, schedules an approved variant and names a conflicting post', async () => {
    const { campaignId, variants } = await generatedCampaign(t.ws.editor, ['LINKEDIN'], 2);
    const { page, context, problems, close } = await openPage(browser);
    await context.grantPermissions(['clipboard-read', 'clipboard-write'], { origin: t.url });
    await signIn(page, t.url, t.ws.editor, `/campaigns/${campaignId}`);
    await page.getByRole('checkbox', { name: 'Select LinkedIn variant 1 for review' }).check();
    await page.getByRole('button', { name: 'Request review for selected (1)' }).click();
    await expect
      .poll(() => variant(page, 'LinkedIn', 1).locator('.variant-header').textContent())
      .toContain('In review');
    expect(await variant(page, 'LinkedIn', 2).locator('.variant-header').textContent()).not.toContain('In review');
    await page.getByRole('button', { name: 'Request review for all (1)' }).click();
    await expect
      .poll(() => variant(page, 'LinkedIn', 2).locator('.variant-header').textContent())
      .toContain('In review');
    expect(await page.getByRole('status').filter({ hasText: 'sent to review' }).textContent()).toBe(
      '1 variant sent to review.',
    );

    await page.getByRole('button', { name: 'Share review link' }).click();
    const url = page.getByTestId('review-url');
    await expect.poll(() => url.textContent()).toMatch(/\/review\/[\w-]+$/);
    await page.getByRole('button', { name: 'Copy link' }).click();
    await expect.poll(() => page.getByText('Copied to the clipboard.').isVisible()).toBe(true);
    expect(
      await page.evaluate(() =>
        (
          globalThis as unknown as { navigator: { clipboard: { readText(): Promise<string> } } }
        ).navigator.clipboard.readText(),
      ),
    ).toBe(await url.textContent());

    // Another key approves both (four-eyes); the page shows Schedule for approved variants once it reads again.
    await approveVariants(
      t.graphqlUrl,
      t.ws,
      variants.map((v) => v.id),
    );
    await page.reload();
    const first = variant(page, 'LinkedIn', 1);
    await first.getByRole('button', { name: 'Schedule LinkedIn variant 1' }).click();
    const form = page.getByRole('form', { name: 'Schedule LinkedIn variant 1' });
    const own = await page.evaluate(() => Intl.DateTimeFormat().resolvedOptions().timeZone);
    expect(await form.getByLabel('Time zone').inputValue()).toBe(own);
    const day = new Date(Date.now() + 3 * 86_400_000).toISOString().slice(0, 10);
    await form.getByLabel('Date and time').fill(`${day}T10:00`);
    await form.getByLabel('Time zone').selectOption('Europe/Berlin');
    await form.getByRole('button', { name: 'Schedule', exact: true }).click();
    await expect.poll(() => first.locator('.variant-header').textContent()).toContain('Scheduled');
    expect(await first.getByRole('status').textContent()).toContain('(Europe/Berlin)');
    expect(await first.locator('.posts').textContent()).toContain('Europe/Berlin');
    expect(await first.getByRole('link', { name: 'see the calendar' }).getAttribute('href')).toBe('/calendar');

    // The second variant at the same time: the API names the post in the way.
    const second = variant(page, 'LinkedIn', 2);
    await second.getByRole('button', { name: 'Schedule LinkedIn variant 2' }).click();
    const again = page.getByRole('form', { name: 'Schedule LinkedIn variant 2' });
    await again.getByLabel('Date and time').fill(`${day}T10:30`);
    await again.getByLabel('Time zone').selectOption('Europe/Berlin');
    await again.getByRole('button', { name: 'Schedule', exact: true }).click();
    await expect
      .poll(() => again.getByRole('alert').textContent())
      .toMatch(/Post \S+ is on LINKEDIN at .*minutes between them/);
    // The best free slot instead.
    await again.getByLabel('At the best free slot').check();
    await again.getByRole('button', { name: 'Schedule', exact: true }).click();
    await expect.poll(() => second.locator('.variant-header').textContent()).toContain('Scheduled');
    await expectAccessible(page);
    expect(problems).toEqual([]);
    await close();
  });

  it('archives the campaign for an editor: it stays readable, without write controls', async () => {
    const { campaignId } = await generatedCampaign(t.ws.editor, ['LINKEDIN'], 1);
    const { page, problems, close } = await openPage(browser);
    await signIn(page, t.url, t.ws.editor, `/campaigns/${campaignId}`);
    await page.getByRole('button', { name: 'Archive', exact: true }).click();
    await page.getByRole('button', { name: 'Archive campaign' }).click();
    await expect.poll(() => page.locator('.page-header .badge').textContent()).toBe('Archived');
    expect(await page.getByRole('button', { name: /Generate|Edit|Schedule|Archive/ }).count()).toBe(0);
    expect(await variant(page, 'LinkedIn', 1).isVisible()).toBe(true);
    expect(problems).toEqual([]);
    await close();
  });

  it('a VIEWER reads everything with no write control, on a phone too', async () => {
    const { campaignId } = await generatedCampaign(t.ws.editor, ['LINKEDIN', 'TWITTER', 'BLOG'], 2);
    for (const viewport of [DESKTOP, PHONE]) {
      const { page, problems, close } = await openPage(browser, { viewport });
      await signIn(page, t.url, t.ws.viewer, `/campaigns/${campaignId}`);
      await page.getByRole('tab', { name: 'LinkedIn (2)' }).waitFor();
      await expect.poll(() => variant(page, 'LinkedIn', 1).locator('.preview-frame').textContent()).not.toBe('');
      expect(await page.getByRole('heading', { name: 'Brief' }).isVisible()).toBe(true);
      expect(await page.getByRole('heading', { name: 'Outline' }).isVisible()).toBe(true);
      expect(
        await page
          .getByRole('button', {
            name: /Generate|Edit|Request review|Schedule|Share review link|Archive|Restore|Cancel/,
          })
          .count(),
      ).toBe(0);
      expect(await page.locator('main form, main textarea, main input').count()).toBe(0);
      await variant(page, 'LinkedIn', 1).getByText('Version history').click();
      expect(await page.getByRole('button', { name: /Restore/ }).count()).toBe(0);
      await expectNoHorizontalScroll(page);
      await expectAccessible(page);
      if (viewport === PHONE) await screenshot(page, 'campaign-phone');
      expect(problems).toEqual([]);
      await close();
    }
  });

  it('shows "not found" for an unknown id and for another workspace’s campaign', async () => {
    const other = await createTestWorkspace(t.app);
    const theirs = await createCampaign(other.editor, ['LINKEDIN'], 'Not yours');
    const { page, problems, close } = await openPage(browser);
    await signIn(page, t.url, t.ws.editor, `/campaigns/${randomUUID()}`);
    await page.getByRole('heading', { name: 'Campaign not found' }).waitFor();
    await page.goto(`${t.url}/campaigns/${theirs}`);
    await page.getByRole('heading', { name: 'Campaign not found' }).waitFor();
    expect(await page.getByText('Not yours').count()).toBe(0);
    await page.goto(`${t.url}/campaigns/not-an-id`);
    await page.getByRole('heading', { name: 'Campaign not found' }).waitFor();
    await expectAccessible(page);
    expect(problems).toEqual([]);
    await close();
  });
});

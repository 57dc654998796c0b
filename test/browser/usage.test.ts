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
import { buildBrief } from '../support/factories';
import { type FakeOpenAi, modelEnv, startFakeOpenAi } from '../support/fake-openai';
import { gql } from '../support/graphql';
import { modelAnswer } from '../support/llm-fixtures';
import { SET_LIMITS } from '../support/usage';

/**
 * The usage screen: a generation through a fake OpenAI makes real token and cost figures, shown by key, model and
 * day; the limits are meters with how close each is; an ADMIN sets limits and sees a bad value refused by its field;
 * anyone else is told usage is for ADMIN keys.
 */
const fake: FakeOpenAi = await startFakeOpenAi({ respond: modelAnswer });
const t = useTestApp({
  scratchDatabase: true,
  env: { COPYDESK_WORKER: 'on', ...modelEnv(fake), COPYDESK_USAGE_FLUSH_MS: '20', COPYDESK_USAGE_LIMITS_CACHE_MS: '0' },
});

async function generate(): Promise<void> {
  const created = await gql<{ createCampaign: { id: string } }>(
    t.graphqlUrl,
    'mutation($input: CreateCampaignInput!) { createCampaign(input: $input) { id } }',
    {
      key: t.ws.editor,
      variables: { input: { name: 'Spring', brief: buildBrief({ platforms: ['LINKEDIN', 'TWITTER'] }) } },
    },
  );
  const started = await gql<{ generateCampaign: { id: string } }>(
    t.graphqlUrl,
    'mutation($input: GenerateCampaignInput!) { generateCampaign(input: $input) { id } }',
    { key: t.ws.editor, variables: { input: { campaignId: created.data?.createCampaign.id, variantsPerPlatform: 2 } } },
  );
  expect(started.errors).toBeUndefined();
  const jobId = started.data?.generateCampaign.id;
  await expect
    .poll(
      async () =>
        (
          await gql<{ generationJob: { status: string } }>(
            t.graphqlUrl,
            `{ generationJob(id: "${jobId}") { status } }`,
            {
              key: t.ws.viewer,
            },
          )
        ).data?.generationJob.status,
      { timeout: 20_000 },
    )
    .toBe('SUCCEEDED');
}

/** Opens a chart's data table (its text alternative) and returns it. */
async function dataTable(page: Page, title: string) {
  const summary = page.getByText(`Data table: ${title.charAt(0).toLowerCase()}${title.slice(1)}`);
  await summary.click();
  return page.getByRole('table', { name: title });
}

function meter(page: Page, label: string) {
  return page.locator('.meter-item', { has: page.getByText(label, { exact: true }) });
}

describe('usage screen', () => {
  let browser: Browser;
  beforeAll(async () => {
    browser = await launchBrowser();
  });
  afterAll(async () => {
    await browser?.close();
    await fake.close();
  });

  it('shows spend and tokens by key, model and day, the limits as meters, and sets limits with field errors', async () => {
    await generate();
    const set = await gql(t.graphqlUrl, SET_LIMITS, {
      key: t.ws.admin,
      variables: { input: { tokensPerDay: 1000, costPerMonthUsd: 500 } },
    });
    expect(set.errors).toBeUndefined();

    const { page, problems, close } = await openPage(browser, { viewport: DESKTOP });
    await signIn(page, t.url, t.ws.admin, '/usage');
    await page.getByRole('heading', { name: 'Totals this month' }).waitFor();
    await expect
      .poll(() => page.locator('.usage-stat', { has: page.getByText('Tokens', { exact: true }) }).textContent())
      .toMatch(/[1-9][\d,]* in/);

    const byModel = await dataTable(page, 'By model, this month');
    await expect.poll(() => byModel.getByRole('row', { name: /gpt-4o-mini/ }).textContent()).toMatch(/\$0\.0\d+/);
    const byKey = await dataTable(page, 'By API key, this month');
    expect(await byKey.getByRole('row', { name: /^editor \(/ }).textContent()).toMatch(/\$0\.0\d+/);
    expect(await byKey.getByRole('row', { name: /^admin \(/ }).count()).toBe(1);
    const byDay = await dataTable(page, 'By day, this month');
    const today = new Intl.DateTimeFormat('en-GB', { day: 'numeric', month: 'short', timeZone: 'UTC' }).format(
      new Date(),
    );
    expect(await byDay.getByRole('row', { name: today }).textContent()).toMatch(/\$0\.0\d+/);
    expect(await page.locator('.chart canvas').count()).toBe(3);

    // The limits: the tokens of the generation are over 1,000 a day; the month's spend is far from $500.
    expect(await meter(page, 'Tokens per day').textContent()).toMatch(/Over the limit.* of 1,000 tokens \(\d+ %\)/);
    expect(await meter(page, 'Cost per month (USD)').textContent()).toMatch(/Within the limit.*of \$500\.00 \(0 %\)/);
    expect(await meter(page, 'Requests per day').textContent()).toMatch(/No limit.*requests, no limit/);
    expect(await meter(page, 'Tokens per day').getByRole('meter').count()).toBe(1);
    await expectAccessible(page);
    await screenshot(page, 'usage-desktop');

    // A bad value is refused next to its field: a word here, a negative number by the API.
    const form = page.locator('form', { has: page.getByRole('heading', { name: 'Set limits' }) });
    const field = (label: string) => form.locator('.field', { has: page.getByLabel(label, { exact: true }) });
    await form.getByLabel('Requests per day').fill('lots');
    await form.getByRole('button', { name: 'Save limits' }).click();
    await expect
      .poll(() => field('Requests per day').locator('.field-error').textContent())
      .toContain('must be a number');
    await form.getByLabel('Requests per day').fill('-5');
    await form.getByRole('button', { name: 'Save limits' }).click();
    await expect
      .poll(() => field('Requests per day').locator('.field-error').textContent())
      .not.toContain('must be a number');
    expect(await field('Requests per day').locator('.field-error').textContent()).toBeTruthy();
    expect(await form.getByLabel('Requests per day').getAttribute('aria-invalid')).toBe('true');
    expect(await form.getByRole('alert').textContent()).toContain('check the marked fields');

    await form.getByLabel('Requests per day').fill('100000');
    await form.getByLabel('Tokens per day').fill('');
    await form.getByRole('button', { name: 'Save limits' }).click();
    await expect.poll(() => form.getByRole('status').textContent()).toContain('Limits saved');
    await expect
      .poll(() => meter(page, 'Requests per day').textContent())
      .toMatch(/Within the limit.* of 100,000 requests/);
    expect(await meter(page, 'Tokens per day').textContent()).toMatch(/No limit/);
    expect(await form.locator('.field-error').count()).toBe(0);

    // Today only: the same breakdown for the day.
    await page.getByLabel('Period').selectOption('DAY');
    await page.getByRole('heading', { name: 'Totals today' }).waitFor();
    expect(page.url()).toContain('period=DAY');
    expect(problems).toEqual([]);
    await close();
  }, 60_000);

  it('tells a viewer or an editor that usage is for ADMIN keys, and fits a phone', async () => {
    for (const key of [t.ws.viewer, t.ws.editor]) {
      const { page, problems, close } = await openPage(browser, { viewport: PHONE, isMobile: true });
      await signIn(page, t.url, key, '/usage');
      await page.getByText('Usage is visible to ADMIN keys').waitFor();
      expect(await page.locator('main form, main select, main button').count()).toBe(0);
      expect(await page.getByRole('alert').count()).toBe(0);
      await expectNoHorizontalScroll(page);
      await expectAccessible(page);
      expect(problems).toEqual([]);
      await close();
    }
    const { page, problems, close } = await openPage(browser, { viewport: PHONE, isMobile: true });
    await signIn(page, t.url, t.ws.admin, '/usage');
    await page.getByRole('heading', { name: 'Set limits' }).waitFor();
    await expectNoHorizontalScroll(page);
    await expectAccessible(page);
    expect(problems).toEqual([]);
    await close();
  }, 60_000);
});

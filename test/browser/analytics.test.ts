import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { Platform } from '../../src/entities';
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
import { gql } from '../support/graphql';
import { seedCampaign } from '../support/workflow';

/**
 * The analytics screen: engagement recorded through the form and imported as CSV shows in the charts' data tables;
 * experiments show their arms, intervals and decision in words; an editor starts and stops one; a viewer reads only.
 */
const t = useTestApp({ scratchDatabase: true, env: { COPYDESK_WORKER: 'on', COPYDESK_OUTBOX_POLL_MS: '50' } });

function utcDay(daysAgo: number): string {
  return new Date(Date.now() - daysAgo * 86_400_000).toISOString().slice(0, 10);
}

async function record(rows: Record<string, unknown>[]) {
  const res = await gql<{ recordEngagement: { accepted: number } }>(
    t.graphqlUrl,
    'mutation($input: [EngagementInput!]!) { recordEngagement(input: $input) { accepted rejected { row message } } }',
    { key: t.ws.editor, variables: { input: rows } },
  );
  expect(res.errors).toBeUndefined();
  expect(res.data?.recordEngagement.accepted).toBe(rows.length);
}

/** A LinkedIn A/B test with enough clicks at its horizon to be decided for B, as the decider leaves it. */
async function decidedExperiment(campaignId: string, control: string, treatment: string): Promise<string> {
  const created = await gql<{ createExperiment: { id: string; requiredImpressionsPerArm: number } }>(
    t.graphqlUrl,
    'mutation($input: CreateExperimentInput!) { createExperiment(input: $input) { id requiredImpressionsPerArm } }',
    {
      key: t.ws.editor,
      variables: {
        input: {
          campaignId,
          platform: 'LINKEDIN',
          variantIds: [control, treatment],
          metric: 'CLICK_RATE',
          minimumDetectableEffect: 0.5,
        },
      },
    },
  );
  expect(created.errors).toBeUndefined();
  const { id, requiredImpressionsPerArm: n } = created.data!.createExperiment;
  await record([
    { variantId: control, date: utcDay(1), impressions: n, clicks: Math.round(n * 0.02) },
    { variantId: treatment, date: utcDay(1), impressions: n, clicks: Math.round(n * 0.04) },
  ]);
  await expect
    .poll(
      async () =>
        (
          await gql<{ experiment: { status: string } }>(
            t.graphqlUrl,
            'query($id: ID!) { experiment(id: $id) { status } }',
            {
              key: t.ws.viewer,
              variables: { id },
            },
          )
        ).data?.experiment.status,
      { timeout: 15_000 },
    )
    .toBe('DECIDED');
  return id;
}

/** Opens a chart's data table (its text alternative) and returns the table. */
async function dataTable(page: Page, title: string) {
  const summary = page.getByText(`Data table: ${title.charAt(0).toLowerCase()}${title.slice(1)}`);
  const details = page.locator('details', { has: summary });
  if (!(await details.evaluate((el) => (el as HTMLDetailsElement).open))) await summary.click();
  return page.getByRole('table', { name: title });
}

describe('analytics screen', () => {
  let browser: Browser;
  beforeAll(async () => {
    browser = await launchBrowser();
  });
  afterAll(async () => {
    await browser?.close();
  }, 60_000);

  it('records a day through the form and imports CSV with a bad line; the charts and their tables show it', async () => {
    const { campaignId, variants } = await seedCampaign(t.app, t.graphqlUrl, t.ws, {
      platforms: [Platform.LINKEDIN, Platform.TWITTER],
      perPlatform: 2,
    });
    const [, linkedInB, twitterA] = [variants[0], variants[1], variants[2]] as { id: string }[];
    const { page, problems, close } = await openPage(browser, { viewport: DESKTOP });
    await signIn(page, t.url, t.ws.editor, `/analytics?campaign=${campaignId}`);
    await page.getByRole('heading', { name: 'Analytics', level: 1 }).waitFor();
    await expect.poll(() => page.getByLabel('Campaign').inputValue()).toBe(campaignId);
    await page.getByText('No engagement recorded yet').first().waitFor();

    const form = page.locator('form', { has: page.getByRole('heading', { name: 'Record a day' }) });
    await form.getByLabel('Variant').selectOption(linkedInB!.id);
    await form.getByLabel('Date (UTC)').fill(utcDay(2));
    await form.getByLabel('Impressions').fill('1000');
    await form.getByLabel('Clicks').fill('40');
    await form.getByLabel('Reactions').fill('25');
    await form.getByLabel('Shares').fill('5');
    await form.getByLabel('Revenue (USD)').fill('120.5');
    await form.getByRole('button', { name: 'Record engagement' }).click();
    await expect.poll(() => form.getByRole('status').textContent()).toContain('1 day stored');

    const byPlatform = await dataTable(page, 'Engagement by platform');
    await expect.poll(() => byPlatform.textContent()).toContain('LinkedIn');
    const linkedInRow = byPlatform.getByRole('row', { name: /LinkedIn/ });
    expect(await linkedInRow.textContent()).toContain('1,000');
    expect(await linkedInRow.textContent()).toContain('4.0 %');
    const byVariant = await dataTable(page, 'Engagement by variant');
    await expect.poll(() => byVariant.getByRole('row', { name: /LinkedIn B/ }).textContent()).toContain('1,000');
    expect(await page.locator('.chart canvas').count()).toBe(2);
    await expect.poll(() => page.locator('.stat', { hasText: 'Impressions' }).textContent()).toContain('1,000');
    expect(await page.locator('.stat', { hasText: 'Revenue' }).textContent()).toContain('$120.50');

    const csv = [
      'variantId,date,impressions,clicks,reactions,comments,shares,conversions,revenueUsd',
      `${twitterA!.id},${utcDay(1)},500,10,5,1,1,0,0`,
      `${twitterA!.id},${utcDay(2)},100,200,0,0,0,0,0`,
    ].join('\n');
    const importForm = page.locator('form', { has: page.getByRole('heading', { name: 'Import CSV' }) });
    await importForm.getByLabel('CSV text').fill(csv);
    await importForm.getByRole('button', { name: 'Import CSV' }).click();
    const outcome = importForm.getByRole('status');
    await expect.poll(() => outcome.textContent()).toContain('1 day stored');
    expect(await outcome.textContent()).toMatch(/1 line refused:\s*Line 3: /);
    await expect.poll(() => byPlatform.getByRole('row', { name: /^X\b/ }).textContent()).toContain('500');

    await expectAccessible(page);
    expect(problems).toEqual([]);
    await close();
  }, 60_000);

  it('shows experiments with arms, intervals and the decision in words; an editor starts one and stops it', async () => {
    const { campaignId, variants } = await seedCampaign(t.app, t.graphqlUrl, t.ws, {
      platforms: [Platform.LINKEDIN, Platform.TWITTER],
      perPlatform: 3,
    });
    const [a, b] = variants as { id: string }[];
    await record([
      { variantId: variants[3]!.id, date: utcDay(3), impressions: 2400, clicks: 60, reactions: 80, shares: 9 },
      { variantId: variants[4]!.id, date: utcDay(3), impressions: 1800, clicks: 30, reactions: 41, comments: 7 },
    ]);
    await decidedExperiment(campaignId, a!.id, b!.id);

    const { page, problems, close } = await openPage(browser, { viewport: DESKTOP });
    await signIn(page, t.url, t.ws.editor, `/analytics?campaign=${campaignId}`);
    const decided = page.locator('article.experiment', { hasText: 'Decided' });
    await expect
      .poll(() => decided.locator('.decision').textContent())
      .toMatch(/^LinkedIn B wins: CTR 4\.0 % vs 2\.0 %, 95 % sure; decided on \d{1,2} \w{3} \d{4}\.$/);
    const arms = decided.getByRole('table', { name: /Arms of the experiment/ });
    expect(await arms.getByRole('row', { name: /LinkedIn A \(control\)/ }).textContent()).toMatch(/2\.0\d %/);
    expect(await arms.getByRole('row', { name: /LinkedIn B/ }).textContent()).toMatch(/Winner.*4\.0\d %.*\+\d+\.\d %/);
    // The interval as numbers and as a whisker.
    expect(await arms.getByRole('row', { name: /LinkedIn B/ }).textContent()).toMatch(/\d\.\d\d % – \d\.\d\d %/);
    expect(await decided.getByRole('img', { name: /LinkedIn B: 4\.0\d %, interval/ }).count()).toBe(1);
    expect(await decided.getByRole('button', { name: 'Stop experiment' }).count()).toBe(0);

    // Start one through the form: LinkedIn A against C.
    const form = page.locator('form', { has: page.getByRole('heading', { name: 'Start an experiment' }) });
    await form.getByLabel('Metric').selectOption('ENGAGEMENT_RATE');
    await form.getByRole('checkbox', { name: /LinkedIn A/ }).check();
    await form.getByRole('checkbox', { name: /LinkedIn C/ }).check();
    await form.getByRole('button', { name: 'Start experiment' }).click();
    const collecting = page.locator('article.experiment', { hasText: 'Collecting' });
    await expect
      .poll(() => collecting.locator('.decision').textContent())
      .toMatch(/^Collecting: 0 of [\d,]+ impressions per arm \(0 %\)\.$/);
    expect(await collecting.getByRole('heading').textContent()).toContain('engagement rate of LinkedIn A, LinkedIn C');
    expect(await collecting.getByLabel('Smallest arm toward the required sample').count()).toBe(1);
    await page.locator('.chart canvas').first().waitFor();
    await expectAccessible(page);
    await screenshot(page, 'analytics-desktop');

    await collecting.getByRole('button', { name: 'Stop experiment' }).click();
    await collecting.getByRole('button', { name: 'Yes, stop it' }).click();
    const stopped = page.locator('article.experiment', { hasText: 'Stopped' });
    await expect
      .poll(() => stopped.locator('.decision').textContent())
      .toMatch(/^No winner: stopped on \d{1,2} \w{3} \d{4}\.$/);
    expect(await page.getByRole('button', { name: 'Stop experiment' }).count()).toBe(0);
    expect(problems).toEqual([]);
    await close();
  }, 60_000);

  it('gives a viewer the figures and decisions without a write control, on a phone', async () => {
    const { campaignId, variants } = await seedCampaign(t.app, t.graphqlUrl, t.ws, {
      platforms: [Platform.LINKEDIN],
      perPlatform: 2,
    });
    await decidedExperiment(campaignId, variants[0]!.id, variants[1]!.id);
    const { page, problems, close } = await openPage(browser, { viewport: PHONE, isMobile: true });
    await signIn(page, t.url, t.ws.viewer, '/analytics');
    // Without ?campaign= the newest campaign is shown.
    await expect.poll(() => page.locator('.decision').first().textContent()).toMatch(/^LinkedIn B wins: CTR/);
    const byVariant = await dataTable(page, 'Engagement by variant');
    await expect.poll(() => byVariant.getByRole('row', { name: /LinkedIn A/ }).textContent()).toMatch(/2\.0 %/);
    expect(await page.getByRole('heading', { name: 'Record engagement' }).count()).toBe(0);
    expect(await page.getByRole('heading', { name: 'Start an experiment' }).count()).toBe(0);
    expect(await page.locator('main form').count()).toBe(0);
    expect(await page.locator('main button', { hasText: /Record|Import|Start|Stop/ }).count()).toBe(0);
    await expectNoHorizontalScroll(page);
    await expectAccessible(page);
    await screenshot(page, 'analytics-phone');
    expect(problems).toEqual([]);
    await close();
  }, 60_000);
});

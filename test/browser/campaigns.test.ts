import type { Locator, Page, Route } from 'playwright-core';
import { describe, expect, it } from 'vitest';
import { CampaignStatus } from '../../src/entities';
import { useTestApp } from '../support/app';
import {
  DESKTOP,
  expectAccessible,
  expectNoHorizontalScroll,
  PHONE,
  screenshot,
  signIn,
  useBrowser,
} from '../support/browser';
import { buildBrief, buildTemplateInput, insertCampaigns } from '../support/factories';
import { gql } from '../support/graphql';

/** The campaigns list and "New campaign" on a real server, each test in a workspace of its own. */
describe('dashboard: the campaigns screen', () => {
  const t = useTestApp();
  const { watch } = useBrowser();

  async function api<T>(key: string, query: string, variables: Record<string, unknown>): Promise<T> {
    const res = await gql<T>(t.graphqlUrl, query, { key, variables });
    if (!res.data) throw new Error(`${query}: ${JSON.stringify(res.errors)}`);
    return res.data;
  }

  async function createCampaign(name: string, productName: string): Promise<string> {
    const data = await api<{ createCampaign: { id: string } }>(
      t.ws.editor,
      'mutation($input: CreateCampaignInput!) { createCampaign(input: $input) { id } }',
      { input: { name, brief: buildBrief({ productName }) } },
    );
    return data.createCampaign.id;
  }

  /** The message shown under a field, found through the field's aria-describedby as a screen reader would. */
  async function errorOf(page: Page, field: Locator): Promise<string> {
    const ids = ((await field.getAttribute('aria-describedby')) ?? '').split(' ').filter((id) => id.endsWith('-error'));
    expect(ids, 'the field points to its error').toHaveLength(1);
    return ((await page.locator(`[id="${ids[0]}"]`).textContent()) ?? '').trim();
  }

  /** A field's label, with or without the required mark. */
  const labelled = (text: string) => new RegExp(`^${text}( \\*)?$`);
  const rows = (page: Page) => page.locator('.campaigns-table tbody tr');
  const summary = (page: Page) => page.locator('.campaigns-summary');
  const campaignNames = (page: Page) => page.locator('.campaigns-name a').allTextContents();

  it('an editor creates a campaign from a brief: the field errors next to their fields first, then its page', async () => {
    const { page, problems } = await watch();
    await signIn(page, t.url, t.ws.editor);
    await page.getByText('No campaigns yet').waitFor();
    await page.getByRole('link', { name: 'Create a campaign' }).waitFor();
    await expectAccessible(page);
    await screenshot(page, 'campaigns-empty');
    await page.getByRole('link', { name: 'New campaign' }).click();
    expect(new URL(page.url()).search).toBe('?new=brief');
    await page.getByRole('heading', { name: 'New campaign', level: 1 }).waitFor();
    const form = page.getByRole('form', { name: 'Campaign brief' });
    // Every field of the brief, labelled.
    for (const label of [
      'Campaign name',
      'Product name',
      'Audience',
      'Description',
      'Features',
      'Keywords',
      'Tone',
      'Language',
      'Call to action',
      'Link',
    ]) {
      expect(await form.getByLabel(labelled(label)).count(), label).toBe(1);
    }
    const platforms = form.getByRole('group', { name: 'Platforms' });
    expect(await platforms.getByRole('checkbox').count()).toBe(6);

    // No name, a feature over 200 characters, no platform.
    await form.getByLabel(labelled('Product name')).fill('Acme Rocket');
    await form.getByLabel(labelled('Features')).fill(`Folds into a backpack\n${'x'.repeat(201)}`);
    await form.getByRole('button', { name: 'Create campaign' }).click();
    await form.getByRole('alert').filter({ hasText: 'Please check the marked fields.' }).waitFor();
    const name = form.getByLabel(labelled('Campaign name'));
    expect(await errorOf(page, name)).toBe('must not be empty');
    expect(await name.getAttribute('aria-invalid')).toBe('true');
    expect(await errorOf(page, form.getByLabel(labelled('Features')))).toBe('Feature 2 must be at most 200 characters');
    expect(await platforms.locator('.field-error').textContent()).toBe('must list at least 1 platform');
    // The focus went to the first field to fix.
    expect(await name.evaluate((element) => element === document.activeElement)).toBe(true);
    // Nothing was stored.
    expect(await listNames(t.ws.editor)).toEqual([]);
    await expectAccessible(page);
    await screenshot(page, 'campaign-new-brief-errors');

    await name.fill('Spring launch');
    // A field edited since no longer shows its old complaint; the others still do.
    expect(await name.getAttribute('aria-invalid')).toBeNull();
    expect(await form.locator('.field-error').allTextContents()).toEqual([
      'Feature 2 must be at most 200 characters',
      'must list at least 1 platform',
    ]);
    await form.getByLabel(labelled('Features')).fill('Folds into a backpack\n0–60 in 3 seconds');
    await form.getByLabel(labelled('Keywords')).fill('commute\nrocket');
    await platforms.getByRole('checkbox', { name: 'LinkedIn' }).check();
    await platforms.getByRole('checkbox', { name: 'X' }).check();
    await form.getByLabel(labelled('Tone')).selectOption('PLAYFUL');
    await form.getByLabel(labelled('Link')).fill('https://acme.example/rocket');
    await form.getByRole('button', { name: 'Create campaign' }).click();
    await page.getByRole('heading', { name: 'Spring launch', level: 1 }).waitFor();
    const id = new URL(page.url()).pathname.split('/').at(-1) as string;
    expect(new URL(page.url()).pathname).toBe(`/campaigns/${id}`);
    const stored = await api<{ campaign: { status: string; brief: Record<string, unknown> } }>(
      t.ws.editor,
      'query($id: ID!) { campaign(id: $id) { status brief { productName features keywords platforms tone url language } } }',
      { id },
    );
    expect(stored.campaign).toEqual({
      status: 'DRAFT',
      brief: {
        productName: 'Acme Rocket',
        features: ['Folds into a backpack', '0–60 in 3 seconds'],
        keywords: ['commute', 'rocket'],
        platforms: ['LINKEDIN', 'TWITTER'],
        tone: 'PLAYFUL',
        url: 'https://acme.example/rocket',
        language: 'en',
      },
    });

    // The list has it, linked to its page.
    await page.getByRole('navigation', { name: 'Main' }).getByRole('link', { name: 'Campaigns' }).click();
    const row = rows(page).filter({ hasText: 'Spring launch' });
    await row.waitFor();
    expect(await row.getByRole('link', { name: 'Spring launch' }).getAttribute('href')).toBe(`/campaigns/${id}`);
    expect(await row.locator('.badge').textContent()).toBe('Draft');
    expect(await summary(page).textContent()).toBe('Showing 1 campaign');
    expect(problems).toEqual([]);
  });

  it('an editor creates a campaign from a workspace template: its variables as a form, errors at each variable', async () => {
    const template = buildTemplateInput('webinar-recap');
    await api(t.ws.editor, 'mutation($input: TemplateInput!) { createTemplate(input: $input) { key } }', {
      input: {
        ...template,
        variables: [
          ...template.variables,
          { name: 'recordingUrl', description: 'Where to watch it again', required: false, kind: 'url' },
          { name: 'heldOn', description: 'The day it took place', required: false, kind: 'date' },
        ],
        brief: { ...template.brief, description: ['Held on {{heldOn}}.'], url: '{{recordingUrl}}' },
      },
    });
    const { page, problems } = await watch();
    await signIn(page, t.url, t.ws.editor);
    await page.getByRole('link', { name: 'New campaign' }).click();
    await page.getByRole('tab', { name: 'From a template' }).click();
    await page.getByLabel('Template', { exact: true }).selectOption('webinar-recap');
    expect(new URL(page.url()).search).toBe('?new=template&template=webinar-recap');
    // The address keeps the choice.
    await page.reload();
    expect(await page.getByRole('tab', { name: 'From a template' }).getAttribute('aria-selected')).toBe('true');
    const form = page.getByRole('form', { name: 'Fill in “Webinar recap”' });
    await form.waitFor();
    expect(await page.getByLabel('Template', { exact: true }).inputValue()).toBe('webinar-recap');

    // Each variable by its kind; the required ones marked.
    const topic = form.getByLabel(labelled('Topic'));
    const takeaways = form.getByLabel(labelled('Takeaways'));
    const recording = form.getByLabel(labelled('Recording URL'));
    const heldOn = form.getByLabel(labelled('Held on'));
    expect(await topic.getAttribute('required')).not.toBeNull();
    expect(await takeaways.evaluate((element) => element.tagName)).toBe('TEXTAREA');
    expect(await recording.getAttribute('type')).toBe('url');
    expect(await recording.getAttribute('required')).toBeNull();
    expect(await heldOn.getAttribute('type')).toBe('date');
    expect(await form.locator('label', { hasText: 'Topic' }).textContent()).toBe('Topic *');

    // Nothing given and a link that is not one: every complaint next to its variable.
    await recording.fill('not a link');
    await form.getByRole('button', { name: 'Fill in the brief' }).click();
    await form.getByRole('alert').filter({ hasText: 'Please check the marked fields.' }).waitFor();
    expect(await errorOf(page, topic)).toBe('is required: What the webinar was about');
    expect(await errorOf(page, takeaways)).toBe('is required: One takeaway a line');
    expect(await errorOf(page, recording)).toMatch(/http/);
    expect(await topic.evaluate((element) => element === document.activeElement)).toBe(true);
    await expectAccessible(page);

    await topic.fill('Scaling Postgres');
    await takeaways.fill('Index what you filter\nBatch your writes');
    await recording.fill('https://acme.example/webinar');
    await heldOn.fill('2027-01-15');
    await screenshot(page, 'campaign-new-template');
    await form.getByRole('button', { name: 'Fill in the brief' }).click();

    // The brief the template made, to check before it is stored.
    const review = page.getByRole('heading', { name: 'Check the brief' });
    await review.waitFor();
    expect(await review.evaluate((element) => element === document.activeElement)).toBe(true);
    const brief = page.getByRole('form', { name: 'Campaign brief' });
    expect(await brief.getByLabel(labelled('Campaign name')).inputValue()).toBe('Scaling Postgres recap');
    expect(await brief.getByLabel(labelled('Features')).inputValue()).toBe('Index what you filter\nBatch your writes');
    expect(await brief.getByLabel(labelled('Link')).inputValue()).toBe('https://acme.example/webinar');
    expect(await brief.getByRole('checkbox', { name: 'LinkedIn' }).isChecked()).toBe(true);
    expect(await brief.getByRole('checkbox', { name: 'Email' }).isChecked()).toBe(true);
    expect(await brief.getByRole('checkbox', { name: 'X' }).isChecked()).toBe(false);
    await page.getByText('The template’s advice for each platform').click();
    await page.getByText('Lead with the most surprising takeaway.').waitFor();
    await screenshot(page, 'campaign-new-template-review');
    await expectAccessible(page);
    expect(await listNames(t.ws.editor)).toEqual([]);

    await brief.getByRole('button', { name: 'Create campaign' }).click();
    await page.getByRole('heading', { name: 'Scaling Postgres recap', level: 1 }).waitFor();
    expect(await listNames(t.ws.editor)).toEqual(['Scaling Postgres recap']);
    expect(problems).toEqual([]);
  });

  it('searches, filters by status and pages through more than one page; reload and back keep the filters', async () => {
    for (let i = 1; i <= 22; i += 1) await createCampaign(`Rocket launch ${String(i).padStart(2, '0')}`, 'Acme Rocket');
    const garden = [];
    for (let i = 1; i <= 3; i += 1) garden.push(await createCampaign(`Garden party ${i}`, 'Green Thumb'));
    for (const id of garden.slice(0, 2)) {
      await api(t.ws.editor, 'mutation($id: ID!) { archiveCampaign(id: $id) { id } }', { id });
    }
    // Two more with the statuses a generation leaves (written directly: no model runs in this file).
    await insertCampaigns(t.app, t.ws.workspace, 1, {
      name: 'Autumn newsletter',
      productName: 'Acme Mail',
      status: CampaignStatus.READY,
      createdAt: new Date(Date.now() + 1_000),
    });
    await insertCampaigns(t.app, t.ws.workspace, 1, {
      name: 'Winter sale',
      productName: 'Acme Store',
      status: CampaignStatus.FAILED,
      createdAt: new Date(Date.now() + 2_000),
    });

    const { page, problems } = await watch();
    await signIn(page, t.url, t.ws.editor);
    await expect.poll(() => summary(page).textContent()).toBe('Showing 1–20 of 27 campaigns');
    expect(await rows(page).count()).toBe(20);
    const first = await campaignNames(page);
    expect(first.slice(0, 2)).toEqual(['Winter sale', 'Autumn newsletter']);
    expect(await rows(page).nth(0).locator('.badge').textContent()).toBe('Failed');
    expect(await rows(page).nth(1).locator('.badge').textContent()).toBe('Ready');
    await expectAccessible(page);
    await screenshot(page, 'campaigns-desktop');

    const pages = page.getByRole('navigation', { name: 'Campaign pages' });
    await pages.getByRole('button', { name: 'Next →' }).click();
    await expect.poll(() => summary(page).textContent()).toBe('Showing 21–27 of 27 campaigns');
    expect(await campaignNames(page)).toEqual([7, 6, 5, 4, 3, 2, 1].map((n) => `Rocket launch 0${n}`));
    expect(await pages.getByRole('button', { name: 'Next →' }).isDisabled()).toBe(true);
    await pages.getByRole('button', { name: '← Previous' }).click();
    await expect.poll(() => summary(page).textContent()).toBe('Showing 1–20 of 27 campaigns');
    expect(await campaignNames(page)).toEqual(first);

    // Search by name: two pages of rockets.
    const search = page.getByRole('searchbox', { name: 'Search' });
    await search.fill('rocket');
    await search.press('Enter');
    await expect.poll(() => summary(page).textContent()).toBe('Showing 1–20 of 22 campaigns matching “rocket”');
    expect(new URL(page.url()).search).toBe('?q=rocket');
    await pages.getByRole('button', { name: 'Next →' }).click();
    await expect.poll(() => summary(page).textContent()).toBe('Showing 21–22 of 22 campaigns matching “rocket”');
    expect(await campaignNames(page)).toEqual(['Rocket launch 02', 'Rocket launch 01']);

    // A status on top of the search that matches nothing: said so, with a way out.
    const status = page.getByLabel(labelled('Status'));
    await status.selectOption('ARCHIVED');
    await page.getByText('No archived campaigns match “rocket”').waitFor();
    expect(await page.getByText('No campaigns yet').count()).toBe(0);
    expect(new URL(page.url()).search).toBe('?q=rocket&status=ARCHIVED');

    // Search by product name, within the status.
    await search.fill('green thumb');
    await search.press('Enter');
    await expect.poll(() => summary(page).textContent()).toBe('Showing 2 archived campaigns matching “green thumb”');
    expect(await campaignNames(page)).toEqual(['Garden party 2', 'Garden party 1']);
    expect(await rows(page).locator('.badge').allTextContents()).toEqual(['Archived', 'Archived']);

    // Reload keeps the filters; so does going to a campaign and back.
    await page.reload();
    await expect.poll(() => summary(page).textContent()).toBe('Showing 2 archived campaigns matching “green thumb”');
    expect(await search.inputValue()).toBe('green thumb');
    expect(await status.inputValue()).toBe('ARCHIVED');
    await page.getByRole('link', { name: 'Garden party 1' }).click();
    await page.getByRole('heading', { name: 'Garden party 1', level: 1 }).waitFor();
    await page.goBack();
    await expect.poll(() => summary(page).textContent()).toBe('Showing 2 archived campaigns matching “green thumb”');
    expect(await search.inputValue()).toBe('green thumb');
    // Back again: the search before the product name.
    await page.goBack();
    await page.getByText('No archived campaigns match “rocket”').waitFor();
    expect(await search.inputValue()).toBe('rocket');

    // A filter change starts again from the first page.
    await page.getByRole('link', { name: 'Clear filters' }).first().click();
    await expect.poll(() => summary(page).textContent()).toBe('Showing 1–20 of 27 campaigns');
    await pages.getByRole('button', { name: 'Next →' }).click();
    await expect.poll(() => summary(page).textContent()).toBe('Showing 21–27 of 27 campaigns');
    await status.selectOption('DRAFT');
    await expect.poll(() => summary(page).textContent()).toBe('Showing 1–20 of 23 draft campaigns');
    expect(await search.inputValue()).toBe('');
    await expectAccessible(page);
    expect(problems).toEqual([]);
  });

  it('shows the loading state, then an error with a retry that loads the list', async () => {
    await createCampaign('Spring launch', 'Acme Rocket');
    const { page, problems } = await watch();
    await signIn(page, t.url, t.ws.editor, '/operations');
    let release: () => void = () => {};
    const held = new Promise<void>((resolve) => {
      release = resolve;
    });
    let failing = true;
    const handler = async (route: Route) => {
      if (!route.request().postData()?.includes('CampaignList') || !failing) return route.fallback();
      await held;
      failing = false;
      // A GraphQL error as the API sends it (200 with errors), so the browser logs no failed request.
      return route.fulfill({
        status: 200,
        contentType: 'application/json',
        body: JSON.stringify({
          errors: [{ message: 'The database is not answering', extensions: { code: 'SERVICE_UNAVAILABLE' } }],
        }),
      });
    };
    await page.route('**/graphql', handler);
    await page.getByRole('navigation', { name: 'Main' }).getByRole('link', { name: 'Campaigns' }).click();
    await page.getByRole('status').filter({ hasText: 'Loading the campaigns…' }).waitFor();
    release();
    const alert = page.getByRole('alert').filter({ hasText: 'The database is not answering' });
    await alert.waitFor();
    await expectAccessible(page);
    await alert.getByRole('button', { name: 'Try again' }).click();
    await rows(page).filter({ hasText: 'Spring launch' }).waitFor();
    expect(await alert.count()).toBe(0);
    await page.unroute('**/graphql', handler);
    expect(problems).toEqual([]);
  });

  it('shows a VIEWER the list without a create control, on a phone too', async () => {
    for (const viewport of [DESKTOP, PHONE]) {
      const { page, problems } = await watch({ viewport, isMobile: viewport === PHONE });
      await signIn(page, t.url, t.ws.viewer, '/campaigns?new=brief');
      // The address asks for the form; a VIEWER gets the list.
      await page.getByRole('heading', { name: 'Campaigns', level: 1 }).waitFor();
      await page.getByText('No campaigns yet').waitFor();
      await page.getByText('Campaigns that editors create will be listed here.').waitFor();
      expect(await createControls(page)).toEqual([]);
      await expectNoHorizontalScroll(page);
      await expectAccessible(page);
      expect(problems).toEqual([]);
    }
    await createCampaign('Spring launch with a name long enough to wrap on a phone', 'Acme Rocket');
    await createCampaign('Summer sale', 'Acme Store');
    for (const viewport of [DESKTOP, PHONE]) {
      const { page, problems } = await watch({ viewport, isMobile: viewport === PHONE });
      await signIn(page, t.url, t.ws.viewer);
      await expect.poll(() => summary(page).textContent()).toBe('Showing 2 campaigns');
      expect(await createControls(page)).toEqual([]);
      expect(await page.locator('main form[aria-label="Campaign brief"]').count()).toBe(0);
      await expectNoHorizontalScroll(page);
      await expectAccessible(page);
      if (viewport === PHONE) await screenshot(page, 'campaigns-phone');
      expect(problems).toEqual([]);
    }
  });

  it('fits a phone for an editor: the list and the new campaign form', async () => {
    await createCampaign('Spring launch', 'Acme Rocket');
    const { page, problems } = await watch({ viewport: PHONE, isMobile: true });
    await signIn(page, t.url, t.ws.editor);
    await rows(page).first().waitFor();
    await expectNoHorizontalScroll(page);
    await page.getByRole('link', { name: 'New campaign' }).click();
    const form = page.getByRole('form', { name: 'Campaign brief' });
    await form.getByRole('button', { name: 'Create campaign' }).click();
    await form.getByRole('alert').waitFor();
    await expectNoHorizontalScroll(page);
    await expectAccessible(page);
    await page.getByRole('tab', { name: 'From a template' }).click();
    await page.getByLabel('Template', { exact: true }).selectOption('product-launch');
    await page.getByRole('form', { name: 'Fill in “Product launch”' }).waitFor();
    await expectNoHorizontalScroll(page);
    await expectAccessible(page);
    await screenshot(page, 'campaign-new-template-phone');
    expect(problems).toEqual([]);
  });

  /** The names of the campaigns of a workspace, newest first, through the API. */
  async function listNames(key: string): Promise<string[]> {
    const data = await api<{ campaigns: { edges: { node: { name: string } }[] } }>(
      key,
      'query { campaigns(first: 100) { edges { node { name } } } }',
      {},
    );
    return data.campaigns.edges.map((edge) => edge.node.name);
  }

  /** Links and buttons in the page's main part that would create something. */
  async function createControls(page: Page): Promise<string[]> {
    const names = await page.locator('main a, main button').allTextContents();
    return names.filter((name) => /new|create|template/i.test(name));
  }
});

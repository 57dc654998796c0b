import { DateTime } from 'luxon';
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { Platform, PostStatus, ScheduledPost } from '../../src/entities';
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
import type { TestWorkspace } from '../support/factories';
import { gql } from '../support/graphql';
import { approveVariants, type SeededVariant, seedCampaign } from '../support/workflow';

/**
 * The calendar screen: posts on their day in the chosen time zone (month and week), their status in words and
 * colour, moving them (dialog and drag and drop) and cancelling, the API's conflict said in words, a series from
 * the form; a viewer sees it all and changes nothing.
 *
 * Dates are in the month after the current one (UTC), so every post is in the future whenever the test runs.
 */
const t = useTestApp();

const NY = 'America/New_York';
const TOKYO = 'Asia/Tokyo';
/** The 10th of next month, UTC. */
const D = DateTime.utc().startOf('month').plus({ months: 1, days: 9 });
const day = (offset: number) => D.plus({ days: offset });
const at = (offset: number, hour: number, minute = 0) => day(offset).set({ hour, minute }).toISO() as string;

interface Seeded {
  campaignId: string;
  linkedin: SeededVariant[];
  twitter: SeededVariant[];
  /** 23:30 UTC on D: D+1 in Tokyo, D in New York. */
  late: string;
  published: string;
  failed: string;
  linkedinLater: string;
  twitterPost: string;
}

async function schedule(ws: TestWorkspace, variantId: string, when: string, timeZone = NY): Promise<string> {
  const res = await gql<{ schedulePost: { id: string } }>(
    t.graphqlUrl,
    'mutation($input: SchedulePostInput!) { schedulePost(input: $input) { id } }',
    { key: ws.editor, variables: { input: { variantId, at: when, timeZone } } },
  );
  if (!res.data) throw new Error(JSON.stringify(res.errors));
  return res.data.schedulePost.id;
}

async function setStatus(id: string, status: PostStatus, error: string | null = null): Promise<void> {
  await t.app.orm.em.fork().nativeUpdate(ScheduledPost, { id }, { status, error }, { filters: false });
}

/** Five posts: one scheduled late in the UTC day, one published (through markPublished), one failed, two more. */
async function seed(ws: TestWorkspace): Promise<Seeded> {
  const { campaignId, variants } = await seedCampaign(t.app, t.graphqlUrl, ws, {
    platforms: [Platform.LINKEDIN, Platform.TWITTER],
    perPlatform: 3,
  });
  await approveVariants(
    t.graphqlUrl,
    ws,
    variants.map((v) => v.id),
  );
  const linkedin = variants.filter((v) => v.platform === Platform.LINKEDIN);
  const twitter = variants.filter((v) => v.platform === Platform.TWITTER);
  const late = await schedule(ws, linkedin[0]!.id, at(0, 23, 30));
  const published = await schedule(ws, linkedin[1]!.id, at(2, 12));
  const failed = await schedule(ws, twitter[0]!.id, at(3, 15));
  const linkedinLater = await schedule(ws, linkedin[2]!.id, at(4, 12));
  const twitterPost = await schedule(ws, twitter[1]!.id, at(1, 13));
  // A post falls due only with time passing (the publisher's job); here it is made due, then recorded as published
  // the way a connector without webhooks does it. FAILED comes from a dead-lettered webhook: written directly.
  await setStatus(published, PostStatus.PUBLISHING);
  const marked = await gql(
    t.graphqlUrl,
    'mutation($id: ID!) { markPublished(id: $id, externalUrl: "https://www.linkedin.com/feed/update/1") { status } }',
    { key: ws.editor, variables: { id: published } },
  );
  expect(marked.errors).toBeUndefined();
  await setStatus(failed, PostStatus.FAILED, 'The connector answered 500 three times');
  return { campaignId, linkedin, twitter, late, published, failed, linkedinLater, twitterPost };
}

async function scheduledAt(ws: TestWorkspace, id: string): Promise<string | undefined> {
  const res = await gql<{ calendar: { id: string; scheduledAt: string }[] }>(
    t.graphqlUrl,
    'query($from: DateTime!, $to: DateTime!) { calendar(from: $from, to: $to) { id scheduledAt } }',
    { key: ws.viewer, variables: { from: day(-40).toISO(), to: day(60).toISO() } },
  );
  return res.data?.calendar.find((p) => p.id === id)?.scheduledAt;
}

const calendarPath = (view: 'month' | 'week', date: DateTime, zone: string) =>
  `/calendar?view=${view}&date=${date.toISODate()}&tz=${encodeURIComponent(zone)}`;

const cell = (page: Page, date: DateTime | string) =>
  page.locator(`.cal-day[data-date="${typeof date === 'string' ? date : date.toISODate()}"]`);
const card = (page: Page, id: string) => page.locator(`[data-post-id="${id}"]`);

describe('calendar screen', () => {
  let browser: Browser;
  beforeAll(async () => {
    browser = await launchBrowser();
  });
  afterAll(async () => {
    await browser?.close();
  });

  it('puts each post on its day in the chosen zone, with its status in words; a viewer cannot change anything', async () => {
    const seeded = await seed(t.ws);
    // Two LinkedIn posts 20 minutes apart, as a smaller gap configured earlier could have left them (the API now
    // refuses such a pair): the calendar marks both.
    await t.app.orm.em
      .fork()
      .nativeUpdate(
        ScheduledPost,
        { id: seeded.linkedinLater },
        { scheduledAt: new Date(at(2, 12, 20)) },
        { filters: false },
      );
    const { page, problems, close } = await openPage(browser, { viewport: DESKTOP });
    await signIn(page, t.url, t.ws.viewer, calendarPath('month', D, TOKYO));

    // 23:30 UTC is 08:30 the next morning in Tokyo…
    await expect.poll(() => cell(page, day(1)).locator(`[data-post-id="${seeded.late}"]`).count()).toBe(1);
    await expect.poll(() => card(page, seeded.late).textContent()).toContain('08:30');
    expect(await cell(page, day(0)).locator(`[data-post-id="${seeded.late}"]`).count()).toBe(0);
    expect(await page.getByRole('heading', { level: 2 }).first().textContent()).toBe(
      D.setLocale('en-GB').toFormat('LLLL yyyy'),
    );

    // …and the same evening in New York, chosen from the zone select (the address follows).
    await page.getByLabel('Time zone').selectOption(NY);
    await expect.poll(() => cell(page, day(0)).locator(`[data-post-id="${seeded.late}"]`).count()).toBe(1);
    expect(page.url()).toContain(`tz=${encodeURIComponent(NY)}`);
    const nyTime = DateTime.fromISO(at(0, 23, 30))
      .setZone(NY)
      .toFormat('HH:mm');
    expect(await card(page, seeded.late).textContent()).toContain(nyTime);

    // Status in words (and a class for its colour), campaign and platform on every post.
    expect(await card(page, seeded.published).textContent()).toMatch(/Published/);
    expect(await card(page, seeded.failed).textContent()).toMatch(/Failed/);
    expect(await card(page, seeded.late).textContent()).toMatch(/LinkedIn.*Workflow.*Scheduled/);
    expect(await card(page, seeded.published).getAttribute('class')).toContain('cal-post-published');
    expect(await card(page, seeded.failed).getAttribute('class')).toContain('cal-post-failed');
    for (const id of [seeded.published, seeded.linkedinLater]) {
      expect(await card(page, id).textContent()).toContain('Too close to another LinkedIn post');
    }
    expect(await card(page, seeded.late).textContent()).not.toContain('Too close');
    expect(await page.locator('.cal-legend').textContent()).toContain('closer than 60 minutes');

    // No write control for a viewer: no series, nothing to drag, a read-only dialog.
    expect(await page.getByRole('button', { name: 'Schedule a series' }).count()).toBe(0);
    expect(await page.locator('[draggable="true"]').count()).toBe(0);
    await card(page, seeded.failed).getByRole('button').click();
    const dialog = page.getByRole('dialog');
    await expect.poll(() => dialog.textContent()).toContain('The connector answered 500 three times');
    expect(await dialog.getByRole('button', { name: 'Reschedule' }).count()).toBe(0);
    expect(await dialog.getByRole('button', { name: /Cancel post/ }).count()).toBe(0);
    expect(await dialog.getByLabel(/New time/).count()).toBe(0);
    await expectAccessible(page);
    await page.keyboard.press('Escape');
    await expect.poll(() => dialog.count()).toBe(0);

    // The week view: the seven days of D's week as columns.
    await page.getByRole('button', { name: 'Week' }).click();
    await expect.poll(() => page.locator('.cal-day').count()).toBe(7);
    expect(page.url()).toContain('view=week');
    const monday = D.startOf('week');
    expect(await page.locator('.cal-day').first().getAttribute('data-date')).toBe(monday.toISODate());
    await expectAccessible(page);
    expect(problems).toEqual([]);
    await close();
  });

  it('moves a post with the dialog and by dragging it, says a conflict in words, and cancels', async () => {
    const seeded = await seed(t.ws);
    const { page, problems, close } = await openPage(browser, { viewport: DESKTOP });
    await signIn(page, t.url, t.ws.editor, calendarPath('month', D, NY));
    await card(page, seeded.late).waitFor();
    await screenshot(page, 'calendar-month');

    // The dialog: a new time on New York's wall clock.
    await card(page, seeded.late).getByRole('button').click();
    const dialog = page.getByRole('dialog');
    await dialog.getByLabel('New time (America/New_York)').fill(`${day(5).toISODate()}T10:00`);
    await dialog.getByRole('button', { name: 'Reschedule' }).click();
    const expected = DateTime.fromISO(`${day(5).toISODate()}T10:00`, { zone: NY })
      .toUTC()
      .toISO();
    await expect.poll(() => scheduledAt(t.ws, seeded.late)).toBe(expected);
    await expect.poll(() => cell(page, day(5)).locator(`[data-post-id="${seeded.late}"]`).count()).toBe(1);
    expect(await page.getByRole('status').filter({ hasText: 'Moved to' }).count()).toBe(1);

    // Too close to the published LinkedIn post: the API's CONFLICT, in words, next to the field.
    await card(page, seeded.linkedinLater).getByRole('button').click();
    const tooClose = DateTime.fromISO(at(2, 12, 30)).setZone(NY);
    await dialog.getByLabel(/New time/).fill(tooClose.toFormat("yyyy-MM-dd'T'HH:mm"));
    await dialog.getByRole('button', { name: 'Reschedule' }).click();
    const refusal = dialog.getByRole('alert');
    await expect.poll(() => refusal.textContent()).toContain('Too close to “Workflow:');
    expect(await refusal.textContent()).toContain('need 60 minutes between them');
    expect(await refusal.textContent()).toContain(DateTime.fromISO(at(2, 12)).setZone(NY).toFormat('HH:mm'));
    await expectAccessible(page);
    expect(await scheduledAt(t.ws, seeded.linkedinLater)).toBe(at(4, 12));
    await dialog.getByRole('button', { name: 'Close' }).click();
    await expect.poll(() => dialog.count()).toBe(0);

    // Drag and drop to another day keeps the time of day in New York.
    const from = DateTime.fromISO(at(1, 13)).setZone(NY);
    const target = from.plus({ days: 5 });
    await card(page, seeded.twitterPost).dragTo(cell(page, target.toISODate() as string));
    await expect.poll(() => scheduledAt(t.ws, seeded.twitterPost)).toBe(target.toUTC().toISO());
    await expect
      .poll(() =>
        cell(page, target.toISODate() as string)
          .locator(`[data-post-id="${seeded.twitterPost}"]`)
          .count(),
      )
      .toBe(1);

    // In UTC, dragging the other LinkedIn post (12:00) onto the published one's day (12:00) is refused, in words.
    await page.getByLabel('Time zone').selectOption('UTC');
    await expect.poll(() => cell(page, day(4)).locator(`[data-post-id="${seeded.linkedinLater}"]`).count()).toBe(1);
    await card(page, seeded.linkedinLater).dragTo(cell(page, day(2)));
    const banner = page.getByRole('alert').filter({ hasText: 'Could not move' });
    await expect.poll(() => banner.textContent()).toContain('Too close to “Workflow:');
    expect(await banner.textContent()).toContain('12:00 (UTC)');
    expect(await scheduledAt(t.ws, seeded.linkedinLater)).toBe(at(4, 12));

    // Cancelling asks first, then the post leaves the calendar.
    await card(page, seeded.linkedinLater).getByRole('button').click();
    await dialog.getByRole('button', { name: 'Cancel post…' }).click();
    await dialog.getByRole('button', { name: 'Yes, cancel the post' }).click();
    await expect.poll(() => card(page, seeded.linkedinLater).count()).toBe(0);
    expect(await scheduledAt(t.ws, seeded.linkedinLater)).toBeUndefined();
    expect(problems).toEqual([]);
    await close();
  });

  it('schedules a series of approved variants from the form, and its posts appear', async () => {
    const seeded = await seed(t.ws);
    const { page, problems, close } = await openPage(browser, { viewport: DESKTOP });
    await signIn(page, t.url, t.ws.editor, calendarPath('month', D, 'UTC'));
    await page.getByRole('button', { name: 'Schedule a series' }).click();
    const form = page.getByRole('form', { name: 'Schedule a series' });
    await form.getByLabel('Campaign').selectOption(seeded.campaignId);
    // Every variant is approved, so all six are offered; the series takes the third X variant.
    await expect.poll(() => form.getByRole('checkbox').count()).toBe(7);
    await form.getByRole('checkbox', { name: /X · v1 .*\(TWITTER 2\)/ }).check();
    await form.getByLabel('Repeats').selectOption('DAILY');
    await form.getByLabel('First day').fill(day(14).toISODate() as string);
    await form.getByLabel('Time of day').fill('10:15');
    await form.getByLabel('Audience’s time zone').selectOption('UTC');
    await form.getByLabel('Number of occurrences').fill('3');
    await expectAccessible(page);
    await screenshot(page, 'calendar-series');
    await form.getByRole('button', { name: 'Schedule the series' }).click();

    await expect
      .poll(() => page.getByRole('status').filter({ hasText: 'Scheduled a series of 3 posts' }).count())
      .toBe(1);
    expect(page.url()).toContain(`date=${day(14).toISODate()}`);
    for (const offset of [14, 15, 16]) {
      await expect.poll(() => cell(page, day(offset)).locator('.cal-post').count()).toBe(1);
      expect(await cell(page, day(offset)).textContent()).toContain('10:15');
    }
    expect(problems).toEqual([]);
    await close();
  });

  it('shows an empty range, and fits a phone as a list of days', async () => {
    const { page, problems, close } = await openPage(browser, { viewport: DESKTOP });
    await signIn(page, t.url, t.ws.viewer, calendarPath('month', D, NY));
    await expect.poll(() => page.getByText('No posts this month').count()).toBe(1);
    await expectAccessible(page);
    await close();

    const seeded = await seed(t.ws);
    const phone = await openPage(browser, { viewport: PHONE, isMobile: true });
    await signIn(phone.page, t.url, t.ws.editor, calendarPath('week', day(2), NY));
    await card(phone.page, seeded.published).waitFor();
    await expectNoHorizontalScroll(phone.page);
    await expectAccessible(phone.page);
    // A list per day with its full date, not seven columns.
    const boxes = await phone.page
      .locator('.cal-day')
      .evaluateAll((days) => days.map((d) => Math.round(d.getBoundingClientRect().width)));
    expect(boxes).toHaveLength(7);
    expect(Math.min(...boxes)).toBeGreaterThan(300);
    expect(
      await phone.page
        .getByRole('heading', { name: /^Friday|^Monday|^Tuesday|^Wednesday|^Thursday|^Saturday|^Sunday/ })
        .count(),
    ).toBe(7);
    await screenshot(phone.page, 'calendar-phone');
    // The dialog is the way to move a post on a phone.
    await card(phone.page, seeded.linkedinLater).getByRole('button').click();
    await phone.page
      .getByRole('dialog')
      .getByLabel(/New time/)
      .waitFor();
    await expectNoHorizontalScroll(phone.page);
    expect(problems).toEqual([]);
    expect(phone.problems).toEqual([]);
    await phone.close();
  });

  it('takes the week screenshot', async () => {
    const seeded = await seed(t.ws);
    const { page, problems, close } = await openPage(browser, { viewport: DESKTOP });
    await signIn(page, t.url, t.ws.editor, calendarPath('week', day(2), NY));
    await card(page, seeded.published).waitFor();
    await screenshot(page, 'calendar-week');
    expect(problems).toEqual([]);
    await close();
  });
});

/**
 * The analytics dashboards in Chromium, against one real Guild on embedded PGlite. Four
 * members joined long ago (three in the UK, one in Ireland); the test records their activity
 * in the previous month. A manager opens /analytics for a period ending that month and sees
 * the six key metric cards with the seeded engagement, narrows the view to the UK (the
 * address and the figures change), watches a figure change without a reload when the test
 * records another event, adds a program cost on the ROI tab and sees the total change,
 * downloads CSVs (one made in the browser, one by the server's export) and switches to
 * German. A plain member has no Analytics link and gets the not-found page.
 */
import { sql } from 'drizzle-orm';
import { readFile } from 'node:fs/promises';
import type { Browser, Page } from 'playwright-core';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { sqlRows } from '../../src/core/db/database.js';
import {
  addMember,
  addTenant,
  startTestGuild,
  type TestGuild,
  type TestMember,
} from '../support/harness.js';
import { recordTestActivity } from '../support/activity.js';
import {
  assertWebAppBuilt,
  BrowserKit,
  browserUrl,
  launchChromium,
  screenshot,
  scrollsSideways,
  signInThroughUi,
} from './browser-kit.js';

let guild: TestGuild;
let browser: Browser;
let kit: BrowserKit;
let tenantId: string;
let manager: TestMember;
let member: TestMember;
const ids: Record<string, string> = {};

/** `YYYY-MM` `count` months after the month of `date` (UTC). */
function monthFrom(date: Date, count: number): string {
  const shifted = new Date(Date.UTC(date.getUTCFullYear(), date.getUTCMonth() + count, 1));
  return shifted.toISOString().slice(0, 7);
}

// The previous month: inside the live stream's watch (this month and the last) and complete.
const LAST = monthFrom(new Date(), -1);
const FIRST = monthFrom(new Date(), -6);
const PERIOD = `from=${FIRST}&to=${LAST}`;

/** Records an activity event as the rules engine would, on a day of the previous month. */
async function event(kind: string, user: string, day: number): Promise<void> {
  const at = `${LAST}-${String(day).padStart(2, '0')}T10:00:00Z`;
  await recordTestActivity(guild.db, tenantId, { kind, userId: ids[user]!, at });
}

/** The key metric card named `title`. */
const card = (page: Page, title: string) => page.getByRole('article', { name: title });

beforeAll(async () => {
  assertWebAppBuilt();
  browser = await launchChromium();
  guild = await startTestGuild();
  kit = new BrowserKit(browser, browserUrl(guild.url));
  tenantId = await addTenant(guild, 'alpha');
  await guild.db.tenant(tenantId, (tx) =>
    tx.execute(sql`insert into regions (tenant_id, code, name, currency, locale, timezone)
      values (${tenantId}, 'IE', 'Ireland', 'EUR', 'en-IE', 'Europe/Dublin')`),
  );
  manager = await addMember(guild, tenantId, 'manager', 'mona_manager');
  member = await addMember(guild, tenantId, 'member', 'mel_member');
  for (const [name, region] of [
    ['ana', 'UK'],
    ['ben', 'UK'],
    ['dan', 'UK'],
    ['cat', 'IE'],
  ] as const) {
    await addMember(guild, tenantId, 'member', name);
    const [row] = await guild.db.tenant(tenantId, (tx) =>
      sqlRows<{ id: string }>(
        tx,
        sql`update users set created_at = '2020-01-10T12:00:00Z',
              region_id = (select id from regions where code = ${region})
            where username = ${name} returning id`,
      ),
    );
    ids[name] = row!.id;
  }
  // Of the four members, ana, ben and cat contribute; dan only visits.
  await event('post_published', 'ana', 3);
  await event('comment_published', 'ben', 4);
  await event('challenge_step', 'cat', 5);
  await event('daily_visit', 'dan', 6);
});

afterEach(async () => {
  expect(await kit.closeAll()).toEqual([]);
});

afterAll(async () => {
  await browser?.close();
  await guild?.stop();
});

describe('analytics dashboards in the browser', () => {
  it('a manager reads the key metrics, filters by region and sees a live update', async () => {
    const { page } = await kit.session();
    await signInThroughUi(page, manager);
    await page
      .getByRole('navigation', { name: 'Main' })
      .getByRole('link', { name: 'Analytics' })
      .click();
    await page.getByRole('heading', { level: 1, name: 'Analytics' }).waitFor();
    await page.goto(`/analytics?${PERIOD}`);

    for (const title of [
      'Community engagement rate',
      'Ambassador retention rate',
      'Content approval time',
      'Customer retention lift',
      'Moderation cost reduction',
      'Program ROI',
    ]) {
      await card(page, title).waitFor();
    }
    // 3 of the 4 members who had joined contributed in the month.
    const engagement = card(page, 'Community engagement rate');
    await engagement.getByText('75%', { exact: true }).waitFor();
    await engagement.getByText('3 of 4 members engaged.').waitFor();
    await engagement.getByText(/Members who contributed in the month/).waitFor();
    // The trend table beside the chart has the month's figure too.
    await page.getByRole('table', { name: 'Key rates by month' }).getByText('75%').waitFor();
    await page.getByText('Live', { exact: true }).waitFor();
    await screenshot(page, 'analytics-01-overview');

    // The UK only: ana, ben and dan; two of them contributed.
    const filter = page.getByRole('form', { name: 'Filter' });
    await filter.getByRole('combobox', { name: 'Region' }).selectOption('UK');
    await filter.getByRole('button', { name: 'Apply' }).click();
    await expect.poll(() => new URL(page.url()).searchParams.get('region')).toBe('UK');
    expect(new URL(page.url()).searchParams.get('to')).toBe(LAST);
    await engagement.getByText('66.7%', { exact: true }).waitFor();
    await engagement.getByText('2 of 3 members engaged.').waitFor();

    // dan posts: the stream tells the page, which reads the figures again (no reload).
    const navigations: string[] = [];
    page.on('framenavigated', (frame) => navigations.push(frame.url()));
    await event('post_published', 'dan', 7);
    await engagement.getByText('100%', { exact: true }).waitFor({ timeout: 30_000 });
    await engagement.getByText('3 of 3 members engaged.').waitFor();
    expect(navigations).toEqual([]);
    await page.getByText(/updated \d/).waitFor();
    await screenshot(page, 'analytics-02-live-update');

    // The address can be shared: a fresh page shows the same filtered view.
    await page.reload();
    const region = page
      .getByRole('form', { name: 'Filter' })
      .getByRole('combobox', { name: 'Region' });
    await expect.poll(() => region.inputValue()).toBe('UK');
    await card(page, 'Community engagement rate').getByText('100%', { exact: true }).waitFor();
  });

  it('fits a phone without sideways scrolling', async () => {
    const { page } = await kit.session({ viewport: { width: 390, height: 844 } });
    await signInThroughUi(page, manager);
    await page.goto(`/analytics?${PERIOD}`);
    await card(page, 'Community engagement rate').getByText(/%$/).waitFor();
    expect(await scrollsSideways(page)).toBe(false);
    await screenshot(page, 'analytics-05-phone');
    await page.goto(`/analytics/roi?${PERIOD}`);
    await page.getByRole('form', { name: 'Add a program cost' }).waitFor();
    expect(await scrollsSideways(page)).toBe(false);
    await page.goto(`/analytics/community?${PERIOD}`);
    await page.getByRole('table', { name: 'Contributions by kind' }).waitFor({ state: 'attached' });
    expect(await scrollsSideways(page)).toBe(false);
  });

  it('a manager adds a program cost, downloads CSVs and switches to German', async () => {
    const { page } = await kit.session();
    await signInThroughUi(page, manager);
    await page.goto(`/analytics?${PERIOD}`);
    await page
      .getByRole('navigation', { name: 'Analytics sections' })
      .getByRole('link', { name: 'ROI' })
      .click();
    await expect.poll(() => new URL(page.url()).pathname).toBe('/analytics/roi');
    expect(new URL(page.url()).searchParams.get('from')).toBe(FIRST);

    const costs = page.getByRole('region', { name: 'Program costs' });
    await costs.getByText('Total program cost').waitFor();
    // Two regions with two currencies: the manager settles on pounds first.
    const settings = page.getByRole('form', { name: 'Analytics settings' });
    await settings.getByRole('textbox', { name: 'Currency (ISO code)' }).fill('GBP');
    await settings.getByRole('button', { name: 'Save settings' }).click();
    await settings.getByText('Saved settings.').waitFor();
    await costs.getByText('£0.00').first().waitFor();
    const form = page.getByRole('form', { name: 'Add a program cost' });
    await form.getByRole('combobox', { name: 'Category' }).selectOption({ label: 'Staff' });
    await form.getByRole('textbox', { name: 'Amount (GBP)' }).fill('1250.50');
    await form.getByRole('textbox', { name: 'Note' }).fill('=community manager');
    await form.getByRole('button', { name: 'Add cost' }).click();
    const total = costs.locator('dl').getByText('£1,250.50');
    await total.waitFor();
    // The ROI now has a cost to divide by.
    await page
      .getByRole('region', { name: 'Program ROI' })
      .getByRole('definition')
      .filter({ hasText: '£1,250.50' })
      .waitFor();
    await screenshot(page, 'analytics-03-roi-cost-added');

    // A CSV written in the browser from the rows shown.
    const [byCategory] = await Promise.all([
      page.waitForEvent('download'),
      page.getByRole('button', { name: 'Download CSV: Costs by category' }).click(),
    ]);
    expect(byCategory.suggestedFilename()).toBe(`costs-by-category-${FIRST}-${LAST}.csv`);
    const browserCsv = await readFile(await byCategory.path(), 'utf8');
    expect(browserCsv).toContain('Category,Amount,Currency\r\n');
    expect(browserCsv).toContain('Staff,1250.50,GBP\r\n');
    expect(browserCsv).toContain('Platform,0.00,GBP\r\n');

    // The server's export of the cost entries.
    const [entries] = await Promise.all([
      page.waitForEvent('download'),
      page.getByRole('link', { name: 'Download CSV: Cost entries' }).click(),
    ]);
    const serverCsv = await readFile(await entries.path(), 'utf8');
    expect(serverCsv).toContain('staff');
    expect(serverCsv).toContain('125050');
    // The note that looks like a formula is neutralised.
    expect(serverCsv).not.toMatch(/(^|,)=community manager/m);

    // German.
    await page.getByRole('combobox', { name: 'Language' }).selectOption({ label: 'Deutsch' });
    await page.getByRole('heading', { level: 1, name: 'Analysen' }).waitFor();
    await page
      .getByRole('region', { name: 'Programmkosten' })
      .getByText('Programmkosten gesamt')
      .waitFor();
    await page
      .getByRole('navigation', { name: 'Bereiche der Analysen' })
      .getByRole('link', { name: 'Überblick' })
      .click();
    await card(page, 'Engagement-Quote der Community')
      .getByText(/^[\d,]+\s%$/)
      .waitFor();
    await card(page, 'Programm-ROI').waitFor();
    await screenshot(page, 'analytics-04-german');
  });

  it('a plain member has no Analytics link and gets the not-found page', async () => {
    const { page } = await kit.session();
    await signInThroughUi(page, member);
    const nav = page.getByRole('navigation', { name: 'Main' });
    await nav.getByRole('link', { name: 'Search' }).waitFor();
    expect(await nav.getByRole('link', { name: 'Analytics' }).count()).toBe(0);
    await page.goto('/analytics');
    await page.getByRole('heading', { level: 1, name: 'Page not found' }).waitFor();
    await screenshot(page, 'analytics-06-member-not-found');
  });
});

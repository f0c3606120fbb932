/**
 * The program and reports views of analytics in Chromium, against one real Guild on embedded
 * PGlite. Four members joined long ago and three of them contribute in the last whole month, so
 * the engagement rate of that month is 75%. A manager adds a goal with a KPI on the engagement
 * rate and sees its current value and that it is met, answers the maturity questionnaire and
 * sees the score, sees a rollout criterion turn met once the test records a finished import and
 * checks off a manual one, runs an expansion dry run, and downloads the ROI report as HTML. A
 * plain member gets the not-found page.
 */
import { sql } from 'drizzle-orm';
import { readFile } from 'node:fs/promises';
import type { Browser, Locator, Page } from 'playwright-core';
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

// The last whole month: what goals and the plan read when no month is given.
const LAST = monthFrom(new Date(), -1);
const FIRST = monthFrom(new Date(), -6);
const PERIOD = `from=${FIRST}&to=${LAST}`;

/** Records an activity event as the rules engine would, on a day of the last whole month. */
async function event(kind: string, user: string, day: number): Promise<void> {
  const at = `${LAST}-${String(day).padStart(2, '0')}T10:00:00Z`;
  await recordTestActivity(guild.db, tenantId, { kind, userId: ids[user]!, at });
}

/** The article of the phase whose heading starts with `Phase <number>:`. */
const phase = (page: Page, number: number): Locator =>
  page.getByRole('article', { name: new RegExp(`^Phase ${number}:`) });

/** The list item of a plan criterion, found by its title. */
const criterion = (scope: Locator, title: string): Locator =>
  scope.getByRole('listitem').filter({ hasText: title });

beforeAll(async () => {
  assertWebAppBuilt();
  browser = await launchChromium();
  guild = await startTestGuild();
  kit = new BrowserKit(browser, browserUrl(guild.url));
  tenantId = await addTenant(guild, 'alpha');
  manager = await addMember(guild, tenantId, 'manager', 'pia_manager');
  member = await addMember(guild, tenantId, 'member', 'pete_member');
  for (const name of ['ana', 'ben', 'cat', 'dan']) {
    await addMember(guild, tenantId, 'member', name);
    const [row] = await guild.db.tenant(tenantId, (tx) =>
      sqlRows<{ id: string }>(
        tx,
        sql`update users set created_at = '2020-01-10T12:00:00Z',
              region_id = (select id from regions where code = 'UK')
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

describe('analytics program and reports in the browser', () => {
  it('a manager sets a goal with a KPI and scores the maturity assessment', async () => {
    const { page } = await kit.session();
    await signInThroughUi(page, manager);
    await page.goto(`/analytics?${PERIOD}`);
    await page
      .getByRole('navigation', { name: 'Analytics sections' })
      .getByRole('link', { name: 'Program' })
      .click();
    await expect.poll(() => new URL(page.url()).pathname).toBe('/analytics/program');

    // A goal owned by the manager (the owner field starts with their username).
    const form = page.getByRole('form', { name: 'New goal' });
    await form.getByRole('textbox', { name: 'Goal title' }).fill('Grow engagement');
    await expect
      .poll(() => form.getByRole('textbox', { name: 'Owner' }).inputValue())
      .toBe('pia_manager');
    await form.getByLabel('Due date').fill('2027-06-30');
    await form.getByRole('combobox', { name: 'Status' }).selectOption({ label: 'In progress' });
    await form
      .getByRole('combobox', { name: 'KPI metric' })
      .selectOption({ label: 'Community engagement rate' });
    await form.getByRole('textbox', { name: 'Target (%)' }).fill('50');
    await form.getByRole('button', { name: 'Create goal' }).click();

    const goal = page.getByRole('article', { name: 'Grow engagement' });
    const kpis = goal.getByRole('table', { name: 'KPIs of Grow engagement' });
    const row = kpis.getByRole('row', { name: /Community engagement rate/ });
    await row.getByRole('cell', { name: '75%', exact: true }).waitFor();
    await row.getByText('Met', { exact: true }).waitFor();
    await row.getByText('at least 50%').waitFor();
    await goal.getByText('Test pia_manager').waitFor();

    // A second KPI that is not met: contributors at least 10.
    const addKpi = goal.getByRole('form', { name: 'Add a KPI to Grow engagement' });
    await addKpi.getByRole('combobox', { name: 'KPI metric' }).selectOption('contributors');
    await addKpi.getByRole('textbox', { name: 'Target (count)' }).fill('10');
    await addKpi.getByRole('button', { name: 'Add KPI' }).click();
    const contributors = kpis.getByRole('row', { name: /Contributors/ });
    await contributors.getByText('Not met', { exact: true }).waitFor();
    await goal.getByText('1 of 2').waitFor();

    // The status changes from the goal's card.
    await goal
      .getByRole('combobox', { name: 'Status of Grow engagement' })
      .selectOption({ label: 'Achieved' });
    await page.getByText('“Grow engagement” is now Achieved.').waitFor();
    await screenshot(page, 'analytics-program-01-goals');

    // The maturity assessment: none yet, so the questionnaire is open.
    await page.getByText('No assessment yet.').waitFor();
    const questionnaire = page.getByRole('form', { name: 'Maturity questionnaire' });
    const questions = questionnaire.getByRole('group');
    const count = await questions.count();
    expect(count).toBe(18);
    // Submitting with an answer missing names it.
    await questions.nth(0).getByRole('radio').nth(2).check();
    await questionnaire.getByRole('button', { name: 'Submit assessment' }).click();
    await questionnaire.getByText('17 questions have no answer yet.').waitFor();
    for (let index = 1; index < count; index += 1) {
      await questions.nth(index).getByRole('radio').nth(2).check();
    }
    await questionnaire.getByRole('button', { name: 'Submit assessment' }).click();

    // Every answer 2: every dimension scores 2, overall 2 of 4, level Defined.
    const report = page.getByRole('region', { name: 'Latest assessment' });
    await report.getByText('2 of 4').waitFor();
    await report.getByText('Defined').first().waitFor();
    await report.getByText('First assessment').waitFor();
    const byDimension = report.getByRole('table', { name: 'Score by dimension' });
    await byDimension
      .getByRole('row', { name: /Strategy/ })
      .getByText('50%')
      .waitFor();
    await report.getByRole('heading', { name: 'Gaps' }).waitFor();
    await report.getByRole('heading', { name: 'Recommendations' }).waitFor();
    await screenshot(page, 'analytics-program-02-assessment');
  });

  it('a manager follows the rollout plan and runs an expansion dry run', async () => {
    const { page } = await kit.session();
    await signInThroughUi(page, manager);
    await page.goto('/analytics/program');

    const discovery = phase(page, 1);
    await discovery
      .getByRole('heading', { name: 'Phase 1: Discovery and platform selection' })
      .waitFor();
    const integration = phase(page, 2);
    const imported = criterion(integration, 'Customer data imported');
    await imported.getByText('Not met', { exact: true }).waitFor();
    await imported.getByText('Observed 0, target at least 1').waitFor();

    // A finished import appears: the criterion turns met on the next read.
    await guild.db.tenant(tenantId, (tx) =>
      tx.execute(sql`insert into import_jobs (tenant_id, kind, preset, origin, file_name,
          dry_run, status)
        values (${tenantId}, 'customers', 'guild', 'upload', 'customers.csv', false,
          'succeeded')`),
    );
    await page.reload();
    await criterion(phase(page, 2), 'Customer data imported')
      .getByText('Met', { exact: true })
      .waitFor();
    await criterion(phase(page, 2), 'Customer data imported')
      .getByText('Observed 1, target at least 1')
      .waitFor();

    // A manual criterion is checked off by the button, and back.
    const signedOff = criterion(phase(page, 1), 'Platform selection signed off');
    await signedOff.getByText('Not met', { exact: true }).waitFor();
    await signedOff
      .getByRole('button', { name: 'Check off: Platform selection signed off by the sponsor' })
      .click();
    await signedOff.getByText('Met', { exact: true }).waitFor();
    await signedOff.getByText(/Checked off on/).waitFor();
    await signedOff.getByRole('button', { name: /^Undo check:/ }).waitFor();
    await screenshot(page, 'analytics-program-03-plan');

    // Expansion: a dry run from the UK to France shows what would be copied, changes nothing.
    const expand = page.getByRole('form', { name: 'Expand the program' });
    await expand.getByRole('combobox', { name: 'Copy from region' }).selectOption('UK');
    await expand.getByRole('textbox', { name: 'New region code' }).fill('FR');
    await expand.getByRole('textbox', { name: 'New name' }).fill('France');
    await expand.getByRole('textbox', { name: 'Currency' }).fill('EUR');
    await expand.getByRole('textbox', { name: 'Locale' }).fill('fr-FR');
    await expand.getByRole('textbox', { name: 'Time zone' }).fill('Europe/Paris');
    expect(await expand.getByRole('button', { name: 'Expand now' }).count()).toBe(0);
    await expand.getByRole('button', { name: 'Dry run' }).click();
    const summary = page.getByRole('region', {
      name: 'Dry run: United Kingdom → France (nothing changed)',
    });
    await summary.getByText('Spaces').waitFor();
    await expand.getByRole('button', { name: 'Expand now' }).waitFor();
    await page.getByText('No expansions yet.').waitFor();
    const regions = await guild.db.tenant(tenantId, (tx) =>
      sqlRows<{ code: string }>(tx, sql`select code from regions where code = 'FR'`),
    );
    expect(regions).toEqual([]);
    await screenshot(page, 'analytics-program-04-expansion-dry-run');
  });

  it('a manager downloads the ROI report as HTML and adds a schedule', async () => {
    const { page, context } = await kit.session();
    await signInThroughUi(page, manager);
    await page.goto(`/analytics?${PERIOD}`);
    await page
      .getByRole('navigation', { name: 'Analytics sections' })
      .getByRole('link', { name: 'Reports' })
      .click();
    await expect.poll(() => new URL(page.url()).pathname).toBe('/analytics/reports');

    const html = page.getByRole('link', { name: 'Download report (HTML)' });
    const href = await html.getAttribute('href');
    expect(href).toContain(`from=${FIRST}`);
    expect(href).toContain('format=html');
    await page.getByRole('link', { name: 'Download report (PDF)' }).waitFor();
    const [download] = await Promise.all([page.waitForEvent('download'), html.click()]);
    const body = await readFile(await download.path(), 'utf8');
    expect(body).toContain('Tenant alpha');
    expect(download.suggestedFilename()).toMatch(/\.html$/);
    // The same address answers HTML to the signed-in manager.
    const answer = await context.request.get(href!);
    expect(answer.status()).toBe(200);
    expect(answer.headers()['content-type']).toMatch(/^text\/html/);
    expect(await answer.text()).toContain('Tenant alpha');

    await page.getByText('No reports were generated by a schedule yet.').waitFor();

    // A schedule for the manager, then stopped.
    const form = page.getByRole('form', { name: 'New schedule' });
    await form.getByRole('combobox', { name: 'Cadence' }).selectOption({ label: 'Quarterly' });
    await form.getByRole('combobox', { name: 'Format' }).selectOption({ label: 'HTML' });
    await form.getByRole('textbox', { name: /Recipients/ }).fill('pia_manager');
    await form.getByRole('button', { name: 'Add schedule' }).click();
    const schedule = page.getByRole('listitem').filter({ hasText: /^Quarterly HTML report/ });
    await schedule.getByText(/1 recipient/).waitFor();
    await screenshot(page, 'analytics-program-05-reports');
    await schedule.getByRole('button', { name: /^Stop schedule: Quarterly HTML report/ }).click();
    await page.getByRole('button', { name: 'Yes, stop' }).click();
    await page.getByText('No schedules.').waitFor();
  });

  it('fits a phone without sideways scrolling', async () => {
    const { page } = await kit.session({ viewport: { width: 390, height: 844 } });
    await signInThroughUi(page, manager);
    await page.goto('/analytics/program');
    await phase(page, 5).waitFor();
    expect(await scrollsSideways(page)).toBe(false);
    await page.goto(`/analytics/reports?${PERIOD}`);
    await page.getByRole('form', { name: 'New schedule' }).waitFor();
    expect(await scrollsSideways(page)).toBe(false);
  });

  it('a plain member gets the not-found page', async () => {
    const { page } = await kit.session();
    await signInThroughUi(page, member);
    await page.goto('/analytics/program');
    await page.getByRole('heading', { level: 1, name: 'Page not found' }).waitFor();
    await page.goto('/analytics/reports');
    await page.getByRole('heading', { level: 1, name: 'Page not found' }).waitFor();
    await screenshot(page, 'analytics-program-06-member-not-found');
  });
});

/**
 * The ambassador program and the member's consents in Chromium, against one real Guild on
 * embedded PGlite. Members in the UK with CRM purchases are seeded through the database and the
 * API; two of them consent to ambassador scoring. A manager creates a program in the form,
 * scores it with "Score now" and follows the run to its end, finds the consenting buyer among
 * the candidates with the reason the API gives (the member without consent is not listed), reads
 * every input in the detail drawer, adds the member to the pipeline and invites them from the
 * board. The member grants and withdraws a consent on the privacy page, reads why their score is
 * what it is, asks for a human review and accepts the invitation, which starts onboarding. The
 * manager answers the review.
 */
import { sql } from 'drizzle-orm';
import type { Browser, Page } from 'playwright-core';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { sqlRows } from '../../src/core/db/database.js';
import {
  addMember,
  addTenant,
  startTestGuild,
  TestClient,
  type TestGuild,
  type TestMember,
} from '../support/harness.js';
import {
  assertWebAppBuilt,
  BrowserKit,
  browserUrl,
  launchChromium,
  screenshot,
} from './browser-kit.js';

const DAY = 86_400_000;
const PROGRAM = 'UK ambassadors';
const BASE = '/api/v1/ambassadors';

interface Candidate {
  userId: string;
  displayName: string;
  score: number | null;
  reasons: { kind: string; text: string }[];
}

let guild: TestGuild;
let browser: Browser;
let kit: BrowserKit;
let tenantId: string;
let manager: TestMember;
let buyer: TestMember;
let managerApi: TestClient;
let buyerApi: TestClient;
let programId: string;
let counter = 0;

async function query<R>(statement: ReturnType<typeof sql>): Promise<R[]> {
  return guild.db.tenant(tenantId, (tx) => sqlRows<R>(tx, statement));
}

/** A member in the UK region, signed in through the API; answers their id and client. */
async function ukMember(
  username: string,
): Promise<{ account: TestMember; id: string; api: TestClient }> {
  const account = await addMember(guild, tenantId, 'member', username);
  const [row] = await query<{ id: string }>(
    sql`update users set region_id = (select id from regions where code = 'UK')
        where username = ${username} returning id`,
  );
  const api = new TestClient(guild.url);
  await api.signIn(account);
  return { account, id: row!.id, api };
}

/** Links the member to a new customer record with sales `daysAgo` days before now. */
async function purchases(userId: string, orders: { daysAgo: number; pounds: number }[]) {
  counter += 1;
  const external = `browser-c-${counter}`;
  const [customer] = await query<{ id: string }>(
    sql`insert into customers (id, tenant_id, external_id, source)
        values (gen_random_uuid(), ${tenantId}, ${external}, 'test') returning id`,
  );
  await query(
    sql`insert into member_customer_links (tenant_id, user_id, customer_id, rule)
        values (${tenantId}, ${userId}, ${customer!.id}, 'explicit') returning id`,
  );
  const now = Date.now();
  for (const [i, order] of orders.entries()) {
    await query(
      sql`insert into orders (id, tenant_id, external_id, customer_id, kind, placed_at, currency,
            total_minor, source)
          values (gen_random_uuid(), ${tenantId}, ${`${external}-${i}`}, ${customer!.id}, 'sale',
                  ${new Date(now - order.daysAgo * DAY).toISOString()}, 'GBP',
                  ${order.pounds * 100}, 'test')
          returning id`,
    );
  }
}

async function grantScoring(api: TestClient): Promise<void> {
  const granted = await api.put('/api/v1/privacy/consents/ambassador_scoring', { granted: true });
  expect(granted.status, JSON.stringify(granted.body)).toBe(200);
}

async function consentOf(api: TestClient, purpose: string): Promise<boolean> {
  const states = await api.get<{ items: { purpose: string; granted: boolean }[] }>(
    '/api/v1/privacy/consents',
  );
  expect(states.status).toBe(200);
  return states.body.items.find((item) => item.purpose === purpose)!.granted;
}

async function signInThroughUi(page: Page, who: TestMember): Promise<void> {
  await page.goto('/sign-in');
  await page.getByRole('textbox', { name: 'Email' }).fill(who.email);
  await page.getByRole('textbox', { name: 'Password' }).fill(who.password);
  await page.getByRole('button', { name: 'Sign in' }).click();
  await page.getByRole('button', { name: 'Sign out' }).waitFor();
}

beforeAll(async () => {
  assertWebAppBuilt();
  browser = await launchChromium();
  guild = await startTestGuild();
  kit = new BrowserKit(browser, browserUrl(guild.url));
  tenantId = await addTenant(guild, 'alpha');
  manager = await addMember(guild, tenantId, 'manager', 'mona_manager');
  managerApi = new TestClient(guild.url);
  await managerApi.signIn(manager);

  // The buyer consents and bought often and recently; the casual buyer consents and bought
  // once long ago; the quiet buyer spent most but never consented, so is never read.
  const loyal = await ukMember('bea_buyer');
  buyer = loyal.account;
  buyerApi = loyal.api;
  await grantScoring(loyal.api);
  await purchases(loyal.id, [
    { daysAgo: 3, pounds: 120 },
    { daysAgo: 20, pounds: 80 },
    { daysAgo: 45, pounds: 60 },
    { daysAgo: 90, pounds: 150 },
  ]);
  const casual = await ukMember('cal_casual');
  await grantScoring(casual.api);
  await purchases(casual.id, [{ daysAgo: 200, pounds: 30 }]);
  const quiet = await ukMember('quinn_quiet');
  await purchases(quiet.id, [{ daysAgo: 2, pounds: 900 }]);
});

afterEach(async () => {
  expect(await kit.closeAll()).toEqual([]);
});

afterAll(async () => {
  await browser?.close();
  await guild?.stop();
});

describe('the ambassador program in the browser', () => {
  it('a manager creates a program, scores it, and moves a consenting buyer to invited', async () => {
    const { page } = await kit.session();
    await signInThroughUi(page, manager);
    await page
      .getByRole('navigation', { name: 'Main' })
      .getByRole('link', { name: 'Ambassador programs', exact: true })
      .click();
    await page.getByRole('heading', { level: 1, name: 'Ambassador programs' }).waitFor();
    await page.getByText('No programs yet.').waitFor();

    const form = page.getByRole('form', { name: 'New program' });
    await form.getByRole('textbox', { name: 'Program name' }).fill(PROGRAM);
    await form.getByRole('textbox', { name: 'Description' }).fill('Our best customers in the UK');
    await form.getByRole('textbox', { name: 'Region code' }).fill('UK');
    await form.getByRole('spinbutton', { name: 'Minimum age' }).fill('18');
    await form.getByRole('spinbutton', { name: 'Workload cap (open missions)' }).fill('4');
    await form.getByRole('spinbutton', { name: 'Invitations per day' }).fill('25');
    expect(await form.getByRole('group', { name: 'Weights' }).getByRole('spinbutton').count()).toBe(
      14,
    );
    await form.getByRole('spinbutton', { name: 'Spend (12 months)' }).fill('30');
    await form.getByRole('button', { name: 'Create program' }).click();
    await page.getByRole('link', { name: PROGRAM }).click();
    await page.getByRole('heading', { level: 1, name: PROGRAM }).waitFor();

    // The program was stored with what the form said.
    const programs = await managerApi.get<{
      items: {
        id: string;
        name: string;
        regionCode: string;
        workloadCap: number;
        inviteDailyLimit: number;
        weights: Record<string, number>;
      }[];
    }>(`${BASE}/programs`);
    const created = programs.body.items.find((item) => item.name === PROGRAM)!;
    programId = created.id;
    expect(created.regionCode).toBe('UK');
    expect(created.workloadCap).toBe(4);
    expect(created.inviteDailyLimit).toBe(25);
    expect(created.weights.spend).toBe(30);

    await page.getByText('No candidates.').waitFor();
    await page.getByRole('button', { name: 'Score now' }).click();
    await page.getByText('Scoring finished', { exact: true }).waitFor({ timeout: 30_000 });
    await page.getByRole('progressbar', { name: 'Progress of the scoring run' }).waitFor();
    await screenshot(page, 'ambassadors-01-scored');

    // The list shows the reasons the API gives for the buyer's score; no one without consent.
    const listed = await managerApi.get<{ items: Candidate[] }>(
      `${BASE}/programs/${programId}/candidates?limit=100`,
    );
    const best = listed.body.items.find((item) => item.displayName === `Test ${buyer.username}`)!;
    expect(best.score).not.toBeNull();
    const reason = best.reasons.find((item) => item.kind === 'strength')!;
    expect(reason.text.length).toBeGreaterThan(0);
    const table = page.getByRole('table', { name: 'Candidates, best first' });
    const row = table.getByRole('row').filter({ hasText: `Test ${buyer.username}` });
    await row.getByText(reason.text).waitFor();
    await table.getByRole('row').filter({ hasText: 'Test cal_casual' }).waitFor();
    expect(await table.getByRole('row').filter({ hasText: 'quinn_quiet' }).count()).toBe(0);
    // Best first: the buyer's row comes before the casual buyer's.
    const names = await table.locator('tbody th').allInnerTexts();
    expect(names.findIndex((n) => n.includes(buyer.username))).toBeLessThan(
      names.findIndex((n) => n.includes('cal_casual')),
    );

    // The drawer shows every input with its weight and points.
    await row.getByRole('button', { name: `Test ${buyer.username}` }).click();
    const drawer = page.getByRole('complementary', { name: 'Candidate details' });
    await drawer.getByRole('heading', { name: `Test ${buyer.username}` }).waitFor();
    expect(await drawer.locator('tbody tr').count()).toBe(14);
    await drawer.getByRole('button', { name: 'Close details' }).click();
    expect(await drawer.count()).toBe(0);

    await row.getByRole('checkbox', { name: `Select Test ${buyer.username}` }).check();
    await page.getByRole('button', { name: 'Add 1 to pipeline' }).click();
    await page
      .getByRole('region', { name: 'Added to the pipeline' })
      .getByText('1 added to the pipeline, 0 skipped.')
      .waitFor();

    const identified = page.getByRole('region', { name: 'Identified (1)' });
    const card = identified.getByRole('article', { name: `Test ${buyer.username}` });
    await card.getByRole('button', { name: 'Invite' }).click();
    const invited = page.getByRole('region', { name: 'Invited (1)' });
    const invitedCard = invited.getByRole('article', { name: `Test ${buyer.username}` });
    await invitedCard.waitFor();
    await page.getByRole('region', { name: 'Identified (0)' }).waitFor();
    await invitedCard.getByRole('button', { name: 'History' }).click();
    const moves = invitedCard.getByRole('list', { name: 'Moves' }).getByRole('listitem');
    await moves.nth(1).waitFor();
    expect(await moves.count()).toBe(2);
    await screenshot(page, 'ambassadors-02-pipeline');

    const pipeline = await managerApi.get<{ items: { userId: string; state: string }[] }>(
      `${BASE}/programs/${programId}/pipeline`,
    );
    expect(pipeline.body.items.map((item) => item.state)).toEqual(['invited']);
  });

  it('the member changes a consent, reads why their score is what it is, and accepts', async () => {
    const { page } = await kit.session();
    await signInThroughUi(page, buyer);
    await page
      .getByRole('navigation', { name: 'Main' })
      .getByRole('link', { name: 'Privacy', exact: true })
      .click();
    await page.getByRole('heading', { level: 1, name: 'Privacy settings' }).waitFor();
    const scoring = page.getByRole('article', { name: 'Ambassador scoring' });
    await scoring.getByText('Notice version 1').waitFor();
    expect(
      await scoring
        .getByRole('button', { name: 'Allow: Ambassador scoring' })
        .getAttribute('aria-pressed'),
    ).toBe('true');

    const marketing = page.getByRole('article', { name: 'Marketing e-mails' });
    const toggle = marketing.getByRole('button', { name: 'Allow: Marketing e-mails' });
    expect(await toggle.getAttribute('aria-pressed')).toBe('false');
    await toggle.click();
    await marketing.getByText('Granted', { exact: true }).waitFor();
    expect(await toggle.getAttribute('aria-pressed')).toBe('true');
    expect(await consentOf(buyerApi, 'marketing_email')).toBe(true);
    await screenshot(page, 'ambassadors-03-privacy');
    await toggle.click();
    await marketing.getByText('Not granted', { exact: true }).waitFor();
    expect(await consentOf(buyerApi, 'marketing_email')).toBe(false);

    await page
      .getByRole('navigation', { name: 'Main' })
      .getByRole('link', { name: 'Ambassador', exact: true })
      .click();
    await page.getByRole('heading', { level: 1, name: 'Ambassador program' }).waitFor();
    const me = await buyerApi.get<{
      scores: { reasons: { text: string }[]; contest: string; features: unknown[] }[];
    }>(`${BASE}/me`);
    const score = me.body.scores[0]!;
    const scores = page.getByRole('region', { name: 'My scores' });
    const scoreCard = scores.getByRole('article', { name: PROGRAM });
    await scoreCard.getByText(score.reasons[0]!.text).waitFor();
    await scoreCard.getByText('Why this score?').click();
    await scoreCard.getByText(score.contest).waitFor();
    expect(await scoreCard.locator('tbody tr').count()).toBe(score.features.length);

    await scoreCard
      .getByRole('textbox', { name: 'What should a person look at again?' })
      .fill('My returns were exchanges, not refunds.');
    await scoreCard.getByRole('button', { name: 'Request human review' }).click();
    await scoreCard.getByText('You asked for a human review.').waitFor();

    const places = page.getByRole('region', { name: 'My places' });
    const place = places.getByRole('article', { name: PROGRAM });
    await place.getByText('Invited', { exact: true }).waitFor();
    await place.getByRole('button', { name: 'Accept invitation' }).click();
    await place.getByText('Onboarding', { exact: true }).waitFor();
    expect(await place.getByRole('button', { name: 'Accept invitation' }).count()).toBe(0);
    await screenshot(page, 'ambassadors-04-member');

    const after = await buyerApi.get<{ places: { state: string }[] }>(`${BASE}/me`);
    expect(after.body.places.map((item) => item.state)).toEqual(['onboarding']);
  });

  it('the manager answers the review request', async () => {
    const { page } = await kit.session();
    await signInThroughUi(page, manager);
    await page.goto('/ambassadors/reviews');
    await page.getByRole('heading', { level: 1, name: 'Score reviews' }).waitFor();
    const review = page.getByRole('article', { name: `@${buyer.username} in ${PROGRAM}` });
    await review.getByText('My returns were exchanges, not refunds.').waitFor();
    await review.getByRole('radio', { name: 'The score stands' }).check();
    await review.getByRole('textbox', { name: 'Answer to the member' }).fill('Checked by hand.');
    await review.getByRole('button', { name: 'Send answer' }).click();
    await review.getByText('The score stands: Checked by hand.').waitFor();
    const listed = await managerApi.get<{ items: { status: string; outcome: string }[] }>(
      `${BASE}/score-reviews?status=resolved`,
    );
    expect(listed.body.items.map((item) => [item.status, item.outcome])).toEqual([
      ['resolved', 'upheld'],
    ]);
  });
});

/**
 * Contracts, the privacy centre, the requests board and the audit log in Chromium, against one
 * real Guild on embedded PGlite. A UK member applies to a program and is accepted (through the
 * API). The manager writes a contract template that lacks two required clauses: the clause check
 * shows them failing with the problems the checker names; with the text fixed it passes, and the
 * manager saves, publishes and offers it. The ambassador reads the contract and its clauses and
 * signs it with a click once they tick that they agree. Another member downloads their data as a
 * zip and asks for their account to be erased after the confirmation step that says what is
 * erased and what is kept. The admin finds that request on the board with its due date and
 * days left and acknowledges it, then verifies the audit chain and filters the log.
 */
import { sql } from 'drizzle-orm';
import type { Browser } from 'playwright-core';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { checkTemplate } from '../../src/compliance/contracts/clauses.js';
import {
  EXAMPLE_CLAUSES,
  exampleTemplate,
} from '../../src/compliance/contracts/example-template.js';
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
  signInThroughUi,
} from './browser-kit.js';

const BASE = '/api/v1/ambassadors';
const PROGRAM = 'UK ambassadors';
const TEMPLATE = 'UK ambassador agreement';

let guild: TestGuild;
let browser: Browser;
let kit: BrowserKit;
let tenantId: string;
let manager: TestMember;
let admin: TestMember;
let ambassador: TestMember;
let member: TestMember;
let managerApi: TestClient;
let adminApi: TestClient;
let ambassadorApi: TestClient;
let programId: string;

/** A member in the UK region, signed in through the API. */
async function ukMember(username: string): Promise<{ account: TestMember; api: TestClient }> {
  const account = await addMember(guild, tenantId, 'member', username);
  await guild.db.tenant(tenantId, (tx) =>
    sqlRows(
      tx,
      sql`update users set region_id = (select id from regions where code = 'UK')
          where username = ${username} returning id`,
    ),
  );
  const api = new TestClient(guild.url);
  await api.signIn(account);
  return { account, api };
}

/** The example contract without the clauses named. */
function templateWithout(...left: (keyof typeof EXAMPLE_CLAUSES)[]): string {
  const clauses = Object.entries(EXAMPLE_CLAUSES)
    .filter(([id]) => !left.includes(id as keyof typeof EXAMPLE_CLAUSES))
    .map(([, text]) => text);
  return ['# Ambassador agreement', 'Between Alpha and you, the ambassador.', ...clauses].join(
    '\n\n',
  );
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
  admin = await addMember(guild, tenantId, 'admin', 'ada_admin');
  adminApi = new TestClient(guild.url);
  await adminApi.signIn(admin);
  const amy = await ukMember('amy_ambassador');
  ambassador = amy.account;
  ambassadorApi = amy.api;
  member = (await ukMember('mel_member')).account;

  // The ambassador applies to a program taking applications and the manager accepts her.
  const program = await managerApi.post<{ id: string }>(`${BASE}/programs`, {
    name: PROGRAM,
    regionCode: 'UK',
    acceptsApplications: true,
  });
  expect(program.status, JSON.stringify(program.body)).toBe(201);
  programId = program.body.id;
  const applied = await ambassadorApi.post<{ id: string }>(
    `${BASE}/programs/${programId}/applications`,
    { message: 'I love the rain jackets.' },
  );
  expect(applied.status, JSON.stringify(applied.body)).toBe(201);
  const accepted = await managerApi.post(`${BASE}/members/${applied.body.id}/transitions`, {
    to: 'accepted',
  });
  expect(accepted.status, JSON.stringify(accepted.body)).toBe(200);
});

afterEach(async () => {
  expect(await kit.closeAll()).toEqual([]);
});

afterAll(async () => {
  await browser?.close();
  await guild?.stop();
});

describe('contracts, privacy requests and the audit log in the browser', () => {
  it('a manager checks a template, fixes it, publishes it and offers it', async () => {
    const { page } = await kit.session();
    await signInThroughUi(page, manager);
    await page.goto(`/ambassadors/programs/${programId}/contracts`);
    await page.getByRole('heading', { level: 1, name: `Contracts: ${PROGRAM}` }).waitFor();
    await page.getByText('No contract templates yet.').waitFor();

    const editor = page.getByRole('form', { name: 'New contract template' });
    await editor.getByRole('textbox', { name: 'Template title' }).fill(TEMPLATE);
    await editor.getByRole('textbox', { name: 'Markets' }).fill('uk');
    const body = editor.getByRole('textbox', { name: 'Contract text (Markdown)' });
    const incomplete = templateWithout('CON-04', 'CON-08');
    await body.fill(incomplete);
    await editor.getByRole('button', { name: 'Check clauses' }).click();

    // Every clause is listed; the two left out fail with the checker's own problems.
    const check = editor.getByRole('region', { name: 'Clause check' });
    await check.getByText('Cannot be published').waitFor();
    const clauses = check.getByRole('list', { name: 'Clauses CON-01 to CON-10' });
    expect(await clauses.locator(':scope > li').count()).toBe(10);
    const expected = checkTemplate(incomplete);
    expect(expected.missing.map((problem) => problem.clause).sort()).toEqual(['CON-04', 'CON-08']);
    for (const problem of expected.missing) {
      const line = clauses.locator(':scope > li').filter({ hasText: problem.clause });
      await line.getByText('Fails', { exact: true }).waitFor();
      await line.getByText(problem.problem).waitFor();
    }
    await clauses
      .locator(':scope > li')
      .filter({ hasText: 'CON-01' })
      .getByText('Passes', { exact: true })
      .waitFor();
    await screenshot(page, 'compliance-01-check-failed');

    await body.fill(exampleTemplate('Alpha'));
    await editor.getByRole('button', { name: 'Check clauses' }).click();
    await check.getByText('Can be published').waitFor();
    expect(await clauses.getByText('Fails', { exact: true }).count()).toBe(0);
    await editor.getByRole('button', { name: 'Save draft' }).click();

    const template = page.getByRole('article', { name: TEMPLATE });
    await template.getByText('Draft', { exact: true }).waitFor();
    await template.getByText('Markets: UK').waitFor();
    await template.getByRole('button', { name: 'Publish template' }).click();
    await template.getByText('Published', { exact: true }).waitFor();

    const offer = page.getByRole('form', { name: 'Offer a contract' });
    const templateChoice = offer.getByRole('combobox', { name: 'Template' });
    await templateChoice.locator('option', { hasText: `${TEMPLATE} (version 1)` }).waitFor({
      state: 'attached',
    });
    await offer
      .getByRole('combobox', { name: 'Ambassador' })
      .locator('option', { hasText: `Test ${ambassador.username}` })
      .waitFor({ state: 'attached' });
    await offer.getByRole('button', { name: 'Offer contract' }).click();
    const contract = page.getByRole('article', {
      name: `Test ${ambassador.username} (@${ambassador.username})`,
    });
    await contract.getByText('Offered', { exact: true }).waitFor();
    await contract.getByText(`${TEMPLATE}, version 1`).waitFor();
    await screenshot(page, 'compliance-02-offered');

    const stored = await managerApi.get<{
      items: { status: string; markets: string[]; title: string }[];
    }>(`${BASE}/contracts?programId=${programId}`);
    expect(stored.body.items.map((item) => [item.status, item.markets, item.title])).toEqual([
      ['offered', ['UK'], TEMPLATE],
    ]);
  });

  it('the ambassador reads the contract and signs it', async () => {
    const { page } = await kit.session();
    await signInThroughUi(page, ambassador);
    await page.goto('/ambassador/contracts');
    await page.getByRole('heading', { level: 1, name: 'My contracts' }).waitFor();
    const card = page.getByRole('article', { name: TEMPLATE });
    await card.getByText('Offered', { exact: true }).waitFor();
    const text = card.getByRole('region', { name: `Full text of ${TEMPLATE}` });
    await text.getByText('You must disclose our relationship', { exact: false }).waitFor();
    const summary = card.getByRole('list', { name: 'What this contract covers' });
    expect(await summary.getByRole('listitem').count()).toBe(10);
    await summary.getByRole('listitem').filter({ hasText: 'Compensation' }).waitFor();
    await summary.getByText('(Disclosure duty)').waitFor();

    const sign = card.getByRole('button', { name: 'Sign the contract' });
    expect(await sign.isDisabled()).toBe(true);
    await card.getByRole('checkbox', { name: 'I have read this contract and agree to it' }).check();
    await sign.click();
    const signed = page.getByRole('article', { name: TEMPLATE });
    await signed.getByText('Signed', { exact: true }).waitFor();
    await signed.getByText(/You signed version 1 on/).waitFor();
    await signed.getByText(/Ends in 36\d days/).waitFor();
    await screenshot(page, 'compliance-03-signed');

    const mine = await ambassadorApi.get<{ items: { status: string; signedVersion: number }[] }>(
      `${BASE}/me/contracts`,
    );
    expect(mine.body.items.map((item) => [item.status, item.signedVersion])).toEqual([
      ['signed', 1],
    ]);
  });

  it('a member downloads their data and asks for their account to be erased', async () => {
    const { page } = await kit.session();
    await signInThroughUi(page, member);
    await page.goto('/settings/privacy');
    const exportSection = page.getByRole('region', { name: 'Download my data' });
    await exportSection.getByRole('button', { name: 'Download my data' }).click();
    await exportSection.getByText('Your archive is ready.').waitFor();
    const link = exportSection.getByRole('link', { name: /Download the archive \(zip, \d+ KB\)/ });
    const [download] = await Promise.all([page.waitForEvent('download'), link.click()]);
    expect(download.suggestedFilename()).toMatch(/^guild-data-[0-9a-f-]+\.zip$/);

    const requests = page.getByRole('region', { name: 'My requests' });
    const access = requests.getByRole('article', { name: 'Access to my data' });
    await access.getByText('Completed', { exact: true }).waitFor();

    const erase = page.getByRole('region', { name: 'Delete my account' });
    await erase.getByText('What is kept, without your identity').waitFor();
    await erase.getByText(/points ledger's totals/).waitFor();
    await erase.getByText(/audit trail/).waitFor();
    await erase.getByRole('button', { name: 'Delete my account' }).click();
    const confirm = erase.getByRole('group', { name: 'Delete my account' });
    await confirm.getByText(/This cannot be undone/).waitFor();
    await confirm
      .getByRole('textbox', { name: 'Anything we should know (optional)' })
      .fill('Moving on.');
    await confirm.getByRole('button', { name: 'Yes, erase my account' }).click();
    await erase.getByText('Your erasure request was sent.', { exact: false }).waitFor();
    const erasure = requests.getByRole('article', { name: 'Erasure of my data' });
    await erasure.getByText('Received', { exact: true }).waitFor();
    await erasure.getByText(/Answer due by/).waitFor();
    await screenshot(page, 'compliance-04-privacy-centre');
  });

  it('the admin sees the erasure request on the board and acknowledges it', async () => {
    const board = await adminApi.get<{
      items: { id: string; kind: string; status: string; dueAt: string; daysLeft: number }[];
    }>('/api/v1/privacy/requests?status=received');
    const request = board.body.items.find((item) => item.kind === 'erasure')!;
    expect(request.daysLeft).toBeGreaterThanOrEqual(28);

    const { page } = await kit.session();
    await signInThroughUi(page, admin);
    await page.goto('/admin/privacy-requests');
    await page.getByRole('heading', { level: 1, name: 'Privacy requests' }).waitFor();
    await page.getByRole('combobox', { name: 'Status' }).selectOption('received');
    const card = page.getByRole('article', { name: `Erasure of my data from @${member.username}` });
    const due = new Intl.DateTimeFormat('en-GB', {
      dateStyle: 'medium',
      timeStyle: 'short',
      timeZone: 'Europe/London',
    }).format(new Date(request.dueAt));
    await card.getByText(due, { exact: true }).waitFor();
    await card.getByText(`${request.daysLeft} days`, { exact: true }).waitFor();
    await card.getByText('GDPR', { exact: true }).waitFor();
    expect(await card.getByText('Overdue', { exact: true }).count()).toBe(0);
    await card.getByRole('button', { name: 'Acknowledge' }).click();
    await card.getByText('Acknowledged', { exact: true }).waitFor();
    await screenshot(page, 'compliance-05-board');

    const after = await adminApi.get<{ status: string }>(`/api/v1/privacy/requests/${request.id}`);
    expect(after.body.status).toBe('acknowledged');
  });

  it('the admin verifies the audit chain and filters the log', async () => {
    const { page } = await kit.session();
    await signInThroughUi(page, admin);
    await page.goto('/admin/audit');
    await page.getByRole('heading', { level: 1, name: 'Audit log' }).waitFor();
    await page.getByRole('button', { name: 'Verify chain' }).click();
    await page
      .getByText(/The chain is intact: \d+ entries verified\./)
      .first()
      .waitFor();
    const head = await page.getByRole('textbox', { name: 'Head of the chain' }).inputValue();
    const report = await adminApi.get<{ ok: boolean; head: { seq: number; hash: string } }>(
      '/api/v1/admin/audit/verify',
    );
    expect(report.body.ok).toBe(true);
    expect(head).toBe(`${report.body.head.seq}:${report.body.head.hash}`);

    const filters = page.getByRole('search', { name: 'Filter the audit log' });
    await filters.getByRole('textbox', { name: 'Action' }).fill('privacy_request.');
    await filters.getByRole('button', { name: 'Show entries' }).click();
    const table = page.getByRole('table', { name: 'Audit log entries, newest first' });
    await table.getByRole('rowheader', { name: 'privacy_request.acknowledge' }).first().waitFor();
    // Only the filtered actions are listed once the new page has arrived.
    await expect
      .poll(async () => {
        const actions = await table.locator('tbody th').allInnerTexts();
        return actions.every((action) => action.startsWith('privacy_request.'));
      })
      .toBe(true);
    expect(await table.getByRole('rowheader', { name: 'contracts.sign' }).count()).toBe(0);
    const csv = await page.getByRole('link', { name: 'Export as CSV' }).getAttribute('href');
    expect(csv).toBe('/api/v1/admin/audit/export?action=privacy_request.&format=csv');
    await screenshot(page, 'compliance-06-audit');
  });
});

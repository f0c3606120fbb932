/**
 * Content review in Chromium, against one real Guild on embedded PGlite. An ambassador (through
 * the API) submits a caption with a discount code and a cure claim but no disclosure. A moderator
 * opens Content review, sees it first in the list, reads the text with the findings' words
 * marked, ticks the disclosure finding, says what to change and sends it back. The ambassador
 * sends version 2; the moderator approves it and records its usage rights.
 */
import { sql } from 'drizzle-orm';
import type { Browser } from 'playwright-core';
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
  signInThroughUi,
} from './browser-kit.js';

const CAPTION =
  'Obsessed with the new Acme serum, it cures acne in a week! Use code MARA15 for 15% off.';
const TITLE = 'Serum story';

let guild: TestGuild;
let browser: Browser;
let kit: BrowserKit;
let tenantId: string;
let moderator: TestMember;
let ambassadorApi: TestClient;
let submissionId: string;

beforeAll(async () => {
  assertWebAppBuilt();
  browser = await launchChromium();
  guild = await startTestGuild();
  kit = new BrowserKit(browser, browserUrl(guild.url));
  tenantId = await addTenant(guild, 'alpha');
  const manager = await addMember(guild, tenantId, 'manager', 'mona_manager');
  const managerApi = new TestClient(guild.url);
  await managerApi.signIn(manager);
  moderator = await addMember(guild, tenantId, 'moderator', 'milo_moderator');
  const ambassador = await addMember(guild, tenantId, 'ambassador', 'amy_ambassador');
  ambassadorApi = new TestClient(guild.url);
  await ambassadorApi.signIn(ambassador);
  const program = await managerApi.post<{ id: string }>('/api/v1/ambassadors/programs', {
    name: 'Skincare creators',
  });
  expect(program.status, JSON.stringify(program.body)).toBe(201);
  const created = await ambassadorApi.post<{ id: string }>('/api/v1/content/submissions', {
    programId: program.body.id,
    title: TITLE,
    body: CAPTION,
    platforms: ['instagram'],
    market: 'UK',
  });
  expect(created.status, JSON.stringify(created.body)).toBe(201);
  submissionId = created.body.id;
});

afterEach(async () => {
  expect(await kit.closeAll()).toEqual([]);
});

afterAll(async () => {
  await browser?.close();
  await guild?.stop();
});

describe('content review in the browser', () => {
  it('a moderator asks for changes on a finding, then approves and records rights', async () => {
    const { page } = await kit.session();
    await signInThroughUi(page, moderator);
    await page.goto('/content/review');
    await page.getByRole('heading', { level: 1, name: 'Content review' }).waitFor();
    const list = page.getByRole('region', { name: 'Submissions' });
    await list.getByRole('button', { name: TITLE }).click();

    const detail = page.getByRole('article', { name: TITLE });
    // the words the findings point at are marked in the text, each saying its rule
    await detail.locator('mark', { hasText: 'MARA15' }).waitFor();
    expect(await detail.locator('mark', { hasText: 'MARA15' }).getAttribute('title')).toContain(
      'DISC-01',
    );
    await detail.locator('mark', { hasText: 'cures' }).first().waitFor();
    await screenshot(page, 'content-01-findings');

    const findings = detail.getByRole('list', { name: 'Pre-check findings' });
    await findings.getByRole('checkbox', { name: /DISC-01/ }).check();
    await findings.getByRole('textbox', { name: 'What to change' }).fill('Start with "Ad:".');
    await detail.getByRole('button', { name: 'Ask for changes (1 ticked)' }).click();
    await detail.getByText('Changes asked for', { exact: true }).first().waitFor();

    const stored = await guild.db.tenant(tenantId, (tx) =>
      sqlRows<{ changes: { findingId: string; note: string }[] }>(
        tx,
        sql`select changes from content_decisions where submission_id = ${submissionId}`,
      ),
    );
    expect(stored[0]!.changes).toEqual([
      { findingId: expect.any(String) as string, note: 'Start with "Ad:".' },
    ]);

    const edited = await ambassadorApi.post(
      `/api/v1/content/submissions/${submissionId}/versions`,
      {
        title: TITLE,
        body: 'Ad: obsessed with the new Acme serum. Use code MARA15 for 15% off.',
        platforms: ['instagram'],
        market: 'UK',
      },
    );
    expect(edited.status, JSON.stringify(edited.body)).toBe(201);

    await page.goto(`/content/review?id=${submissionId}`);
    await detail.getByRole('button', { name: 'Approve' }).click();
    await detail.getByText('Approved', { exact: true }).first().waitFor();
    await detail.getByRole('heading', { name: 'Usage rights' }).waitFor();
    await detail.getByRole('checkbox', { name: 'Website' }).check();
    await detail.getByRole('button', { name: 'Record rights' }).click();
    await detail.getByText('Active', { exact: true }).waitFor();
    await screenshot(page, 'content-02-approved');
  });
});

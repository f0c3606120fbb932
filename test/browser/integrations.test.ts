/**
 * The admin Integrations and Customers pages in Chromium, against one real Guild on embedded
 * PGlite with its job runner: an admin uploads a small Online Retail CSV and follows the job to
 * "Succeeded" with its row counts and error report; adds an outbound webhook endpoint, sees its
 * signing secret exactly once, pings a receiver on 127.0.0.1 that checks the signature with
 * that secret, filters the deliveries and rotates the secret; adds a source and sees the event
 * it sends; finds an imported customer, links a member and unlinks them; a member gets no
 * Integrations link and only the not-found page; and the page speaks German.
 * The scenarios run in order: later ones use the first one's import.
 */
import { createHmac, timingSafeEqual } from 'node:crypto';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { createServer, type IncomingMessage, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import path from 'node:path';
import type { Browser, Locator, Page } from 'playwright-core';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import {
  addMember,
  addTenant,
  startTestGuild,
  type TestGuild,
  type TestMember,
} from '../support/harness.js';
import {
  assertWebAppBuilt,
  BrowserKit,
  browserUrl,
  expectFocused,
  launchChromium,
  screenshot,
  scrollsSideways,
  signInThroughUi,
} from './browser-kit.js';

const HEADER = 'InvoiceNo,StockCode,Description,Quantity,InvoiceDate,UnitPrice,CustomerID,Country';
/** Three good rows and one whose quantity is no number (skipped, in the error report). */
const ORDERS = [
  HEADER,
  '536365,85123A,WHITE HANGING HEART,6,2010-12-01 08:26:00,2.55,17850,United Kingdom',
  '536365,71053,WHITE METAL LANTERN,6,2010-12-01 08:26:00,3.39,17850,United Kingdom',
  '536366,22423,"CAKESTAND, REGENCY",1,2010-12-01 08:28:00,12.75,13047,United Kingdom',
  '536367,22423,CAKESTAND,two,2010-12-01 08:30:00,12.75,13047,United Kingdom',
].join('\n');
const FILE_NAME = 'online-retail-sample.csv';
const SECRET_NOTE = 'it will not be shown again';
const PHONE = { width: 360, height: 740 };

let guild: TestGuild;
let tenantId: string;
let browser: Browser;
let kit: BrowserKit;
let admin: TestMember;
const workDir = mkdtempSync(path.join(tmpdir(), 'guild-browser-integrations-'));

/** A partner's webhook receiver on 127.0.0.1: keeps each request and answers 204. */
class Receiver {
  readonly seen: { headers: IncomingMessage['headers']; body: string }[] = [];
  private server: Server | null = null;
  url = '';

  async start(): Promise<void> {
    this.server = createServer((request, response) => {
      const chunks: Buffer[] = [];
      request.on('data', (chunk: Buffer) => chunks.push(chunk));
      request.on('end', () => {
        this.seen.push({ headers: request.headers, body: Buffer.concat(chunks).toString('utf8') });
        response.writeHead(204).end();
      });
    });
    await new Promise<void>((resolve) => this.server!.listen(0, '127.0.0.1', resolve));
    const { port } = this.server.address() as AddressInfo;
    this.url = `http://127.0.0.1:${port}`;
  }

  async stop(): Promise<void> {
    await new Promise<void>((resolve) =>
      this.server ? this.server.close(() => resolve()) : resolve(),
    );
  }
}

const receiver = new Receiver();

/** True when `header` (`t=…,v1=…`) signs `body` with `secret`, as docs/API.md describes. */
function signedWith(header: string, body: string, secret: string): boolean {
  const parts = new Map(
    header.split(',').map((part): [string, string] => {
      const [key = '', value = ''] = part.split('=', 2);
      return [key, value];
    }),
  );
  const expected = createHmac('sha256', secret)
    .update(`${parts.get('t')}.${body}`)
    .digest('hex');
  const given = Buffer.from(parts.get('v1') ?? '', 'utf8');
  return given.length === expected.length && timingSafeEqual(given, Buffer.from(expected));
}

/** The figures of a job card: "Rows read" → "4", … */
async function figuresOf(card: Locator): Promise<Record<string, string>> {
  const terms = await card.locator('dl dt').allInnerTexts();
  const values = await card.locator('dl dd').allInnerTexts();
  return Object.fromEntries(terms.map((term, index) => [term.trim(), values[index]?.trim() ?? '']));
}

/** Clicks "Refresh" until `ready` holds (deliveries are sent in the background). */
async function refreshUntil(page: Page, ready: () => Promise<boolean>): Promise<void> {
  const deadline = Date.now() + 20_000;
  while (!(await ready())) {
    if (Date.now() > deadline) {
      throw new Error('the deliveries list did not show the expected state in time');
    }
    await page.waitForTimeout(300);
    await page.getByRole('button', { name: 'Refresh' }).click();
  }
}

beforeAll(async () => {
  assertWebAppBuilt();
  browser = await launchChromium();
  guild = await startTestGuild({
    GUILD_DATA_DIR: workDir,
    GUILD_DELIVERY_RETRY_SECONDS: '1',
    GUILD_DELIVERY_TIMEOUT_MS: '2000',
  });
  kit = new BrowserKit(browser, browserUrl(guild.url));
  tenantId = await addTenant(guild, 'alpha');
  admin = await addMember(guild, tenantId, 'admin', 'ada_admin');
  await receiver.start();
});

afterEach(async () => {
  expect(await kit.closeAll()).toEqual([]);
});

afterAll(async () => {
  await browser?.close();
  await guild?.stop();
  await receiver.stop();
  rmSync(workDir, { recursive: true, force: true });
});

describe('the Integrations page in the browser', () => {
  it('an admin uploads an Online Retail CSV and follows the job to succeeded', async () => {
    const csv = path.join(workDir, FILE_NAME);
    writeFileSync(csv, `${ORDERS}\n`);
    const { page } = await kit.session();

    // A visitor is sent to sign in first and comes back to the page.
    await page.goto('/admin/integrations');
    await page.waitForURL(/\/sign-in\?next=%2Fadmin%2Fintegrations$/);
    await page.getByRole('textbox', { name: 'Email' }).fill(admin.email);
    await page.getByRole('textbox', { name: 'Password' }).fill(admin.password);
    await page.getByRole('button', { name: 'Sign in' }).click();
    await page.getByRole('heading', { level: 1, name: 'Integrations' }).waitFor();

    const nav = page.getByRole('navigation', { name: 'Main' });
    await nav.getByRole('link', { name: 'Integrations' }).waitFor();
    await nav.getByRole('link', { name: 'Customers' }).waitFor();

    // Tabs: arrow keys, Home and End move between them and show the panel at once.
    const tabs = page.getByRole('tablist', { name: 'Integrations' });
    const importsTab = tabs.getByRole('tab', { name: 'Imports' });
    expect(await importsTab.getAttribute('aria-selected')).toBe('true');
    await importsTab.focus();
    await page.keyboard.press('End');
    const webhooksTab = tabs.getByRole('tab', { name: 'Outbound webhooks' });
    await expectFocused(webhooksTab);
    expect(await webhooksTab.getAttribute('aria-selected')).toBe('true');
    await page.getByRole('heading', { level: 2, name: 'Outbound webhooks' }).waitFor();
    await page.keyboard.press('Home');
    await expectFocused(importsTab);
    const panel = page.getByRole('tabpanel', { name: 'Imports' });
    await panel.getByRole('heading', { level: 2, name: 'Imports' }).waitFor();

    // The format list follows the kind of data.
    const kind = panel.getByRole('combobox', { name: 'Kind of data' });
    const preset = panel.getByRole('combobox', { name: 'File format' });
    await kind.selectOption('customers');
    expect(await preset.locator('option').allInnerTexts()).toEqual(['Customer list']);
    await kind.selectOption('mentions');
    expect(await preset.locator('option').allInnerTexts()).toEqual(['Social mentions export']);
    await kind.selectOption('orders');
    expect(await preset.locator('option').allInnerTexts()).toEqual([
      'Online Retail (UCI)',
      'Shopify orders export',
    ]);
    expect(await preset.inputValue()).toBe('online-retail');
    expect(await panel.getByRole('checkbox', { name: 'Dry run' }).isChecked()).toBe(false);

    await panel.getByLabel('File', { exact: true }).setInputFiles(csv);
    await screenshot(page, 'integrations-01-upload-form');
    await panel.getByRole('button', { name: 'Start import' }).click();

    const job = panel.getByRole('article', { name: FILE_NAME });
    await job.waitFor();
    await job.getByText('Succeeded', { exact: true }).waitFor({ timeout: 30_000 });
    expect(await figuresOf(job)).toEqual({
      'Rows read': '4',
      Imported: '3',
      Unchanged: '0',
      Skipped: '1',
      Problems: '1',
    });
    expect(await job.getByText('Orders · Online Retail (UCI)').count()).toBe(1);
    const progress = job.getByRole('progressbar', { name: `Progress of ${FILE_NAME}` });
    expect(await progress.getAttribute('aria-valuenow')).toBe('100');
    expect(await job.getByRole('button', { name: 'Cancel import' }).count()).toBe(0);

    // The polite live region said that the job ended, with its counts.
    await page
      .locator('[role="status"][aria-live="polite"]')
      .getByText(`The import of ${FILE_NAME} succeeded: 3 rows imported, 1 skipped.`)
      .waitFor({ state: 'attached' });

    // The error report names the line, the column and the value.
    const reportLink = job.getByRole('link', { name: 'Download error report' });
    const href = await reportLink.getAttribute('href');
    expect(href).toMatch(/^\/api\/v1\/integrations\/imports\/[^/]+\/errors$/);
    const report = await page.request.get(href!);
    expect(report.status()).toBe(200);
    expect(await report.text()).toMatch(/^5,Quantity,two,/m);
    await screenshot(page, 'integrations-02-import-succeeded');

    // The job list survives a reload, with the same figures.
    await page.reload();
    await job.getByText('Succeeded', { exact: true }).waitFor();
    expect((await figuresOf(job))['Imported']).toBe('3');

    // On a phone nothing scrolls sideways.
    await page.setViewportSize(PHONE);
    expect(await scrollsSideways(page)).toBe(false);
  });

  it('an admin adds a webhook endpoint and sees its secret only once', async () => {
    const { page, context } = await kit.session();
    await context.grantPermissions(['clipboard-read', 'clipboard-write']);
    await signInThroughUi(page, admin);
    await page
      .getByRole('navigation', { name: 'Main' })
      .getByRole('link', { name: 'Integrations' })
      .click();
    await page.getByRole('tab', { name: 'Outbound webhooks' }).click();
    const panel = page.getByRole('tabpanel', { name: 'Outbound webhooks' });
    await panel.getByText('No webhook endpoints yet.').waitFor();
    expect(new URL(page.url()).search).toBe('?tab=webhooks');

    const url = `${receiver.url}/guild-events`;
    await panel.getByRole('textbox', { name: 'Endpoint URL' }).fill(url);
    await panel.getByRole('textbox', { name: 'Description' }).fill('CRM bridge');
    const topics = panel.getByRole('group', { name: 'Topics' });
    await topics.getByRole('checkbox', { name: 'All topics, now and later' }).uncheck();
    await panel.getByRole('button', { name: 'Add endpoint' }).click();
    await topics.getByText('Please choose at least one topic.').waitFor();
    await topics.getByRole('checkbox', { name: /^Customer linked/ }).check();
    await topics.getByRole('checkbox', { name: /^Import completed/ }).check();
    await panel.getByRole('button', { name: 'Add endpoint' }).click();

    const secretPanel = panel.getByRole('region', { name: `Signing secret for ${url}` });
    await secretPanel.waitFor();
    await secretPanel.getByText(SECRET_NOTE).waitFor();
    await expectFocused(secretPanel.getByRole('heading', { level: 3 }));
    const secret = await secretPanel.getByRole('textbox', { name: 'Signing secret' }).inputValue();
    expect(secret).toMatch(/^whsec_/);
    await secretPanel.getByRole('button', { name: 'Copy secret' }).click();
    await secretPanel.getByText('Copied.').waitFor();
    const copied = await page.evaluate(() =>
      (
        globalThis as unknown as { navigator: { clipboard: { readText(): Promise<string> } } }
      ).navigator.clipboard.readText(),
    );
    expect(copied).toBe(secret);
    await screenshot(page, 'integrations-03-endpoint-secret');

    const endpoint = panel.getByRole('article', { name: url });
    await endpoint.getByText('Enabled', { exact: true }).waitFor();
    await endpoint.getByText('Customer linked, Import completed').waitFor();

    await secretPanel.getByRole('button', { name: 'Dismiss' }).click();
    await secretPanel.waitFor({ state: 'detached' });
    expect(await page.content()).not.toContain(secret);

    // A ping reaches the receiver, signed with the secret that was shown.
    await endpoint.getByRole('button', { name: 'Send ping' }).click();
    const deliveries = panel.getByRole('list', { name: 'Recent deliveries' });
    const ping = deliveries.getByRole('article', { name: 'Ping (ping)' });
    await refreshUntil(page, async () => (await ping.getByText('Succeeded').count()) > 0);
    await ping.getByText('Last answer: HTTP 204', { exact: false }).waitFor();
    const received = receiver.seen.at(-1);
    expect(received?.headers['guild-topic']).toBe('ping');
    expect(signedWith(String(received?.headers['guild-signature']), received!.body, secret)).toBe(
      true,
    );

    // The status filter asks the server for that status only.
    const status = panel.getByRole('combobox', { name: 'Status' });
    await status.selectOption('dead');
    await panel.getByText('Nothing has been sent yet.').waitFor();
    await status.selectOption('succeeded');
    await ping.waitFor();
    await screenshot(page, 'integrations-04-deliveries');

    // After a reload the endpoint is listed, its secret is not.
    await page.reload();
    await endpoint.waitFor();
    expect(await page.getByRole('textbox', { name: 'Signing secret' }).count()).toBe(0);
    expect(await page.content()).not.toContain(secret);

    // Rotating shows a new secret, once, after a confirmation.
    await endpoint.getByRole('button', { name: 'Rotate secret' }).click();
    await endpoint
      .getByRole('group', { name: 'Rotate secret' })
      .getByRole('button', { name: 'Yes, rotate' })
      .click();
    const rotated = await secretPanel.getByRole('textbox', { name: 'Signing secret' }).inputValue();
    expect(rotated).toMatch(/^whsec_/);
    expect(rotated).not.toBe(secret);
    await secretPanel.getByRole('button', { name: 'Dismiss' }).click();
    await secretPanel.waitFor({ state: 'detached' });

    await page.setViewportSize(PHONE);
    expect(await scrollsSideways(page)).toBe(false);
  });

  it('an admin adds a source, sees its secret once and the events it sends', async () => {
    const { page } = await kit.session();
    await signInThroughUi(page, admin);
    await page.goto('/admin/integrations?tab=sources');
    const panel = page.getByRole('tabpanel', { name: 'Sources' });
    await panel.getByText('No sources yet.').waitFor();
    await panel.getByText('No webhooks have arrived.').waitFor();

    await panel.getByRole('textbox', { name: 'Name', exact: true }).fill('Shopfront');
    await panel.getByRole('textbox', { name: 'Short name' }).fill('shopfront');
    await panel.getByRole('combobox', { name: 'Kind of system' }).selectOption('shop');
    await panel.getByRole('textbox', { name: 'API URL' }).fill(`${receiver.url}/shop-api`);
    await panel.getByLabel('API key', { exact: true }).fill('shop-key-for-tests');
    await panel.getByRole('button', { name: 'Add source' }).click();

    const secretPanel = panel.getByRole('region', { name: 'Signing secret for Shopfront' });
    await secretPanel.getByText(SECRET_NOTE).waitFor();
    const secret = await secretPanel.getByRole('textbox', { name: 'Signing secret' }).inputValue();
    expect(secret.length).toBeGreaterThan(20);
    const source = panel.getByRole('article', { name: 'Shopfront' });
    await source.getByText(`${kit.baseUrl}/integrations/shopfront/webhooks`).waitFor();
    await source.getByText('saved', { exact: true }).waitFor();
    await screenshot(page, 'integrations-05-source-secret');
    await secretPanel.getByRole('button', { name: 'Dismiss' }).click();
    await secretPanel.waitFor({ state: 'detached' });
    const html = await page.content();
    expect(html).not.toContain(secret);
    expect(html).not.toContain('shop-key-for-tests');

    // The partner posts to the address shown, signed with the secret shown.
    const body = JSON.stringify({
      id: 'evt-browser-1',
      topic: 'shop.hello',
      occurred_at: new Date().toISOString(),
      data: {},
    });
    const time = Math.floor(Date.now() / 1000);
    const signature = createHmac('sha256', secret).update(`${time}.${body}`).digest('hex');
    const sent = await fetch(`${guild.url}/integrations/shopfront/webhooks`, {
      method: 'POST',
      headers: {
        'content-type': 'application/json',
        'guild-signature': `t=${time},v1=${signature}`,
      },
      body,
    });
    expect(sent.status).toBeLessThan(300);
    await panel.getByRole('button', { name: 'Refresh' }).click();
    const event = panel
      .getByRole('list', { name: 'Recent inbound events' })
      .getByRole('article', { name: 'shop.hello' });
    await event.getByText('Ignored', { exact: true }).waitFor();
    await event.getByText('evt-browser-1').waitFor();
    expect(await event.getByRole('button', { name: 'Replay event' }).count()).toBe(0);
    await panel.getByRole('combobox', { name: 'Status' }).selectOption('failed');
    await panel.getByText('No webhooks have arrived.').waitFor();
    await panel.getByRole('combobox', { name: 'Status' }).selectOption('');
    await event.waitFor();

    await source.getByRole('button', { name: 'Disable source' }).click();
    await source.getByText('Disabled', { exact: true }).waitFor();
    await source.getByRole('button', { name: 'Enable source' }).click();
    await source.getByText('Enabled', { exact: true }).waitFor();

    await source.getByRole('button', { name: 'Rotate secret' }).click();
    await source
      .getByRole('group', { name: 'Rotate secret' })
      .getByRole('button', { name: 'Yes, rotate' })
      .click();
    const rotated = await secretPanel.getByRole('textbox', { name: 'Signing secret' }).inputValue();
    expect(rotated).not.toBe(secret);
    await source.getByText('Previous secret').waitFor();
    await secretPanel.getByRole('button', { name: 'Dismiss' }).click();

    await source.getByRole('button', { name: 'Delete source' }).click();
    await source
      .getByRole('group', { name: 'Delete source' })
      .getByRole('button', { name: 'Yes, delete' })
      .click();
    await panel.getByText('No sources yet.').waitFor();
  });

  it('an admin finds a customer, links a member and unlinks them again', async () => {
    const member = await addMember(guild, tenantId, 'member', 'cara_c');
    const { page } = await kit.session();
    await signInThroughUi(page, admin);
    await page
      .getByRole('navigation', { name: 'Main' })
      .getByRole('link', { name: 'Customers' })
      .click();
    await page.getByRole('heading', { level: 1, name: 'Customers' }).waitFor();
    // The two customers of the imported orders.
    await page.getByRole('article', { name: '13047' }).waitFor();

    await page.getByRole('searchbox', { name: 'Search customers' }).fill('17850');
    await page.getByRole('button', { name: 'Search', exact: true }).click();
    await page.getByRole('heading', { level: 2, name: 'Customers matching “17850”' }).waitFor();
    const card = page.getByRole('article', { name: '17850' });
    await card.getByText('Customer number 17850').waitFor();
    await card.getByText('1 order', { exact: true }).waitFor();
    await card.getByText('Not linked to a member').waitFor();
    expect(await page.getByRole('article', { name: '13047' }).count()).toBe(0);
    await card.getByRole('link', { name: '17850' }).click();

    await page.getByRole('heading', { level: 1, name: '17850' }).waitFor();
    const orders = page.getByRole('region', { name: 'Orders' });
    await orders.getByRole('row', { name: /536365/ }).waitFor();
    expect(await orders.locator('dl').innerText()).toContain('35.64');
    await page.getByText('No member is linked to this customer.').waitFor();

    await page.getByRole('textbox', { name: 'Username' }).fill(member.username);
    await page.getByRole('button', { name: 'Link member' }).click();
    await page
      .getByRole('group', { name: 'Link member' })
      .getByRole('button', { name: 'Yes, link' })
      .click();
    const link = page.getByRole('article', { name: `Test ${member.username}` });
    await link.getByText('linked by an admin').waitFor();
    await screenshot(page, 'integrations-06-customer');

    await link.getByRole('button', { name: `Unlink Test ${member.username}` }).click();
    const step = link.getByRole('group', { name: `Unlink Test ${member.username}` });
    expect(await step.getByRole('button', { name: 'Yes, unlink' }).isDisabled()).toBe(true);
    await step.getByRole('textbox', { name: 'Reason' }).fill('Not the same person');
    await step.getByRole('button', { name: 'Yes, unlink' }).click();
    await page.getByText('No member is linked to this customer.').waitFor();
  });

  it('a member gets no Integrations link and only the not-found page', async () => {
    const member = await addMember(guild, tenantId, 'member', 'mo_member');
    const { page } = await kit.session();
    await signInThroughUi(page, member);
    const nav = page.getByRole('navigation', { name: 'Main' });
    await nav.getByRole('link', { name: 'Test mo_member' }).waitFor();
    expect(await nav.getByRole('link', { name: 'Integrations' }).count()).toBe(0);
    expect(await nav.getByRole('link', { name: 'Customers' }).count()).toBe(0);

    for (const path of ['/admin/integrations', '/admin/customers', '/admin/customers/x']) {
      await page.goto(path);
      await page.getByRole('heading', { level: 1, name: 'Page not found' }).waitFor();
      expect(await page.getByRole('tablist').count()).toBe(0);
    }
    await screenshot(page, 'integrations-07-member-not-found');

    // The API refuses too, whatever the page shows.
    const answer = await page.request.get('/api/v1/integrations/imports');
    expect(answer.status()).toBe(403);
  });

  it('speaks German', async () => {
    const second = await addMember(guild, tenantId, 'admin', 'greta_admin');
    const { page } = await kit.session();
    await signInThroughUi(page, second);
    await page.getByRole('combobox', { name: 'Language' }).selectOption({ label: 'Deutsch' });
    const nav = page.getByRole('navigation', { name: 'Hauptnavigation' });
    await nav.getByRole('link', { name: 'Integrationen' }).click();
    await page.getByRole('heading', { level: 1, name: 'Integrationen' }).waitFor();
    const tabs = page.getByRole('tablist', { name: 'Integrationen' });
    await tabs.getByRole('tab', { name: 'Importe' }).waitFor();
    await tabs.getByRole('tab', { name: 'Ausgehende Webhooks' }).waitFor();
    const job = page.getByRole('article', { name: FILE_NAME });
    await job.getByText('Erfolgreich', { exact: true }).waitFor();
    await job.getByRole('link', { name: 'Fehlerbericht herunterladen' }).waitFor();
    await page.getByRole('button', { name: 'Import starten' }).waitFor();
    await screenshot(page, 'integrations-08-german');
  });
});

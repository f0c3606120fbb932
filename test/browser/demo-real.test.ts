/**
 * The real-data demo in the browser: `guild demo --real`'s tenant (a small run of it) is
 * built from ../shared/data, then its manager opens the analytics dashboard for 2011 and the
 * ROI report, and screenshots of both are saved. Skipped, with a message, when the data is
 * absent.
 */
import { existsSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import type { Browser } from 'playwright-core';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { createLogger } from '../../src/core/logging/logger.js';
import { REAL_FILES } from '../../src/demo/real/real-data.js';
import { seedRealDemo, type RealDemoSummary } from '../../src/demo/real/real-demo.js';
import { startTestGuild, type TestGuild } from '../support/harness.js';
import {
  assertWebAppBuilt,
  BrowserKit,
  browserUrl,
  launchChromium,
  screenshot,
  signInThroughUi,
} from './browser-kit.js';

const dataRoot = path.resolve(fileURLToPath(new URL('../../../shared/data', import.meta.url)));
const present = Object.values(REAL_FILES).every((file) => existsSync(path.join(dataRoot, file)));
if (!present) {
  console.warn(`real-data demo browser test skipped: ${dataRoot} lacks its files`);
}

let browser: Browser;
let guild: TestGuild;
let kit: BrowserKit;
let summary: RealDemoSummary;
const dataDir = mkdtempSync(path.join(tmpdir(), 'guild-demo-real-browser-'));

beforeAll(async () => {
  if (!present) {
    return;
  }
  assertWebAppBuilt();
  browser = await launchChromium();
  guild = await startTestGuild({ GUILD_DEFAULT_TENANT: 'uk-gifts-real' });
  kit = new BrowserKit(browser, browserUrl(guild.url));
  summary = await seedRealDemo(guild.db, dataRoot, {
    members: 150,
    posts: 60,
    ordersShare: 0.15,
    cohort: 8,
    challengers: 8,
    dataDir,
    logger: createLogger('silent'),
  });
}, 600_000);

afterEach(async () => {
  if (present) {
    expect(await kit.closeAll()).toEqual([]);
  }
});

afterAll(async () => {
  await browser?.close();
  await guild?.stop();
  rmSync(dataDir, { recursive: true, force: true });
});

describe.skipIf(!present)('the real-data demo in the browser', () => {
  it('its manager reads the 2011 dashboard and the ROI report', async () => {
    const manager = summary.staff.find((member) => member.role === 'manager')!;
    const { page } = await kit.session();
    await page.goto('/sign-in');
    await signInThroughUi(page, { email: manager.email, password: summary.staffPassword });

    await page.goto('/analytics?from=2011-01&to=2011-12');
    await page.getByRole('heading', { level: 1, name: 'Analytics' }).waitFor();
    const engagement = page.getByRole('article', { name: 'Community engagement rate' });
    await engagement.waitFor();
    // The demo's members posted during 2011: the card shows a percentage, not "no data".
    await engagement
      .getByText(/\d+(\.\d+)?\s?%/)
      .first()
      .waitFor();
    await screenshot(page, 'demo-real-01-dashboard');

    const report = await page.request.get(
      '/api/v1/analytics/reports/roi?from=2011-01&to=2011-12&format=html',
    );
    expect(report.status()).toBe(200);
    expect(report.headers()['content-type']).toMatch(/^text\/html/);
    const html = await report.text();
    expect(html).toContain('UK Gifts (real data)');
    // as a stakeholder opens the downloaded file: outside the app and its CSP
    await page.goto('about:blank');
    await page.setContent(html);
    await page.getByRole('heading', { level: 1 }).first().waitFor();
    await screenshot(page, 'demo-real-02-roi-report');
  });
});

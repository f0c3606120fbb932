/**
 * Disclosure on community posts in the browser (DISC-01, DISC-09): the composer's helper checks
 * an ambassador's draft as they type, shows the failed rules and where the label sits against
 * the feed card's cut, and fixes it in one click; the published post and its feed card show the
 * "Sponsored · <brand>" badge above the text. A plain member sees the helper only once they
 * declare the post paid.
 */
import type { Browser, Locator } from 'playwright-core';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import {
  addMember,
  addTenant,
  startTestGuild,
  TestClient,
  type TestGuild,
} from '../support/harness.js';
import {
  assertWebAppBuilt,
  BrowserKit,
  browserUrl,
  expectFocused,
  launchChromium,
  screenshot,
  signInThroughUi,
} from './browser-kit.js';

const SPACE = { slug: 'trail-kit', name: 'Trail Kit' };
const BADGE = 'Sponsored · Tenant alpha';
const TITLE = 'Trail shoes after a month';
const BODY =
  'These trail shoes held up on a 20 km hike over wet rock and gravel. My feet stayed dry ' +
  'and the grip never slipped once on the way down the ridge, even in the rain. #fun #hike #ad';

let guild: TestGuild;
let tenantId: string;
let browser: Browser;
let kit: BrowserKit;

/** True when `above` ends before `below` starts on the page. */
async function isAbove(above: Locator, below: Locator): Promise<boolean> {
  const [a, b] = await Promise.all([above.boundingBox(), below.boundingBox()]);
  if (!a || !b) {
    throw new Error('an element is not shown');
  }
  return a.y + a.height <= b.y;
}

beforeAll(async () => {
  assertWebAppBuilt();
  browser = await launchChromium();
  guild = await startTestGuild();
  kit = new BrowserKit(browser, browserUrl(guild.url));
  tenantId = await addTenant(guild, 'alpha');
  const manager = new TestClient(guild.url);
  await manager.signIn(await addMember(guild, tenantId, 'manager'));
  const created = await manager.post('/api/v1/spaces', {
    ...SPACE,
    visibility: 'public',
    kind: 'topic',
  });
  expect(created.status).toBe(201);
});

afterEach(async () => {
  expect(await kit.closeAll()).toEqual([]);
});

afterAll(async () => {
  await browser?.close();
  await guild?.stop();
});

describe('disclosure in the browser', () => {
  it('the helper shows what an ambassador post lacks and fixes it; badges show', async () => {
    const { page } = await kit.session();
    await signInThroughUi(page, await addMember(guild, tenantId, 'ambassador'));

    await page.goto(`/s/${SPACE.slug}/new`);
    await page.getByRole('textbox', { name: 'Title' }).fill(TITLE);
    const body = page.getByRole('textbox', { name: 'Body' });
    await body.fill(BODY);

    await page.getByRole('heading', { name: 'Disclosure' }).waitFor();
    const status = page.getByRole('status').filter({ hasText: 'clear disclosure' });
    await status.waitFor();
    expect(await status.textContent()).toMatch(/before you can publish it: \d+ things? to fix/);
    const helper = page.locator('.disclosure-helper');
    await helper.getByText('DISC-04', { exact: true }).waitFor();
    const at = BODY.lastIndexOf('#ad') + 1;
    await helper
      .getByText(`Your “#ad” is at character ${at}; feed cards cut at 125 — move it to the start.`)
      .waitFor();
    expect(await helper.textContent()).toContain('you are a brand ambassador');
    await screenshot(page, 'disclosure-01-helper');

    await page.getByRole('button', { name: 'Add “Ad:” at the start' }).click();
    expect(await body.inputValue()).toBe(`Ad: ${BODY}`);
    await expectFocused(body);
    await page.getByRole('status').filter({ hasText: 'clear and upfront' }).waitFor();
    expect(await helper.getByText('DISC-04', { exact: true }).count()).toBe(0);
    await screenshot(page, 'disclosure-02-fixed');

    await page.getByRole('button', { name: 'Publish' }).click();
    const post = page.getByRole('article', { name: TITLE });
    await post.getByRole('heading', { level: 1, name: TITLE }).waitFor();
    const badge = post.getByText(BADGE, { exact: true });
    await badge.waitFor();
    expect(await isAbove(badge, post.locator('.content'))).toBe(true);
    await screenshot(page, 'disclosure-03-post');

    await page.goto(`/s/${SPACE.slug}`);
    const card = page.getByRole('article').filter({ hasText: TITLE });
    const cardBadge = card.getByText(BADGE, { exact: true });
    await cardBadge.waitFor();
    expect(await isAbove(cardBadge, card.locator('.excerpt'))).toBe(true);
    await screenshot(page, 'disclosure-04-feed');
  });

  it("a plain member's composer shows the helper only once the post is declared paid", async () => {
    const { page } = await kit.session();
    await signInThroughUi(page, await addMember(guild, tenantId, 'member'));

    await page.goto(`/s/${SPACE.slug}/new`);
    await page.getByRole('textbox', { name: 'Title' }).fill('Rain jacket, first week');
    const answered = page.waitForResponse((r) => r.url().endsWith('/compliance/disclosure/check'));
    await page.getByRole('textbox', { name: 'Body' }).fill('It kept me dry all week.');
    const toggle = page.getByRole('checkbox', {
      name: 'This post contains paid or sponsored content',
    });
    expect(await toggle.isChecked()).toBe(false);
    // the check answers after the typing pause; the helper stays away for a plain member
    expect((await answered).status()).toBe(200);
    expect(await page.getByRole('heading', { name: 'Disclosure' }).count()).toBe(0);

    await toggle.check();
    await page.getByRole('heading', { name: 'Disclosure' }).waitFor();
    await page.locator('.disclosure-helper').getByText('DISC-01', { exact: true }).waitFor();
    await page.getByRole('button', { name: 'Add “Ad:” at the start' }).click();
    await page.getByRole('status').filter({ hasText: 'clear and upfront' }).waitFor();

    await page.getByRole('button', { name: 'Publish' }).click();
    const post = page.getByRole('article', { name: 'Rain jacket, first week' });
    // a member's own paid post names no brand: the retailer is not its sponsor
    await post.getByText('Sponsored', { exact: true }).waitFor();
    await screenshot(page, 'disclosure-05-declared');
  });
});

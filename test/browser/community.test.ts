/**
 * End-to-end journeys through the built web app in Chromium, against one real Guild on
 * embedded PGlite: sign-up and posting, comments and reactions with notifications, search,
 * inert member markup, phone layout and keyboard entry, and the German interface.
 * The scenarios run in order and build on each other's data (the space and the first post).
 */
import type { Browser } from 'playwright-core';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
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
  expectFocused,
  launchChromium,
  type PageWindow,
  screenshot,
  scrollsSideways,
  signInThroughUi,
} from './browser-kit.js';

const SPACE = { slug: 'fit-finder', name: 'Fit Finder' };
const POST_TITLE = 'Does the linen shirt run large?';
/** A word that appears only in the first post, for the search scenario. */
const DISTINCTIVE = 'periwinkle';
const POST_BODY =
  `The **${DISTINCTIVE} linen** shirt feels roomy.\n\n` +
  'I am 180 cm tall and usually wear M. Should I size down?';
const PHONE = { width: 360, height: 740 };

let guild: TestGuild;
let tenantId: string;
let browser: Browser;
let kit: BrowserKit;

/** Set by the sign-up scenario, used by the ones after it. */
let author: { email: string; password: string; displayName: string } | null = null;
let postPath: string | null = null;

function need<T>(value: T | null, what: string): T {
  if (value === null) {
    throw new Error(`${what} is missing: the sign-up scenario did not finish`);
  }
  return value;
}

/** The name shown in the UI for a member made by addMember. */
function displayNameOf(member: TestMember): string {
  return `Test ${member.username}`;
}

beforeAll(async () => {
  // Checked first, so a missing build or browser stops the run at once with the fix.
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
    regionCode: 'UK',
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

describe('Guild in the browser', () => {
  it('a visitor signs up, opens a space and publishes a post with a Markdown preview', async () => {
    const { page } = await kit.session();
    const account = {
      email: 'rowan.ashby@example.com',
      password: 'amber-kettle-orchard-7',
      displayName: 'Rowan Ashby',
    };

    await page.goto('/');
    await page
      .getByRole('navigation', { name: 'Main' })
      .getByRole('link', { name: 'Sign up' })
      .click();
    await page.getByRole('heading', { level: 1 }).waitFor();
    await page.getByRole('textbox', { name: 'Email' }).fill(account.email);
    await page.getByRole('textbox', { name: 'Username' }).fill('rowan_a');
    await page.getByRole('textbox', { name: 'Display name' }).fill(account.displayName);
    // The age gate (on by default) asks for a date of birth.
    await page.getByLabel('Date of birth').fill('1994-03-18');
    await page.getByRole('textbox', { name: 'Password' }).fill(account.password);
    await screenshot(page, '01-sign-up');
    await page.getByRole('button', { name: 'Create account' }).click();

    const nav = page.getByRole('navigation', { name: 'Main' });
    await nav.getByRole('button', { name: 'Sign out' }).waitFor();
    await nav.getByRole('link', { name: account.displayName }).waitFor();
    expect(await nav.getByRole('link', { name: 'Sign in' }).count()).toBe(0);
    author = account;

    await nav.getByRole('link', { name: 'Spaces' }).click();
    await page.getByRole('link', { name: SPACE.name }).click();
    await page.getByRole('heading', { level: 1, name: SPACE.name }).waitFor();
    await screenshot(page, '02-space-feed-empty');

    await page.getByRole('link', { name: 'New post' }).click();
    await page.getByRole('textbox', { name: 'Title' }).fill(POST_TITLE);
    await page.getByRole('textbox', { name: 'Body' }).fill(POST_BODY);
    await page.getByRole('textbox', { name: 'Tags' }).fill('Shirts, sizing');
    await screenshot(page, '03-composer-write');

    const editorModes = page.getByRole('group', { name: 'Editor mode' });
    await editorModes.getByRole('button', { name: 'Preview' }).click();
    const preview = page.getByRole('region', { name: 'Rendered preview' });
    await preview.locator('strong', { hasText: `${DISTINCTIVE} linen` }).waitFor();
    expect(await preview.textContent()).not.toContain('**');
    expect(
      await editorModes.getByRole('button', { name: 'Preview' }).getAttribute('aria-pressed'),
    ).toBe('true');
    await screenshot(page, '04-composer-preview');

    await page.getByRole('button', { name: 'Publish' }).click();
    const post = page.getByRole('article', { name: POST_TITLE });
    await post.getByRole('heading', { level: 1, name: POST_TITLE }).waitFor();
    await post.locator('strong', { hasText: `${DISTINCTIVE} linen` }).waitFor();
    expect(await post.textContent()).toContain('Should I size down?');
    postPath = new URL(page.url()).pathname;
    expect(postPath).toMatch(/^\/p\/[^/]+$/);
    await screenshot(page, '05-post-published');
  });

  it('a second member comments, replies and reacts; the author is notified', async () => {
    const path = need(postPath, 'the post');
    const postAuthor = need(author, 'the author');
    const member = await addMember(guild, tenantId, 'member', 'mara_v');
    const name = displayNameOf(member);
    const { page } = await kit.session();

    await signInThroughUi(page, member);
    await page.goto(path);
    await page.getByRole('heading', { level: 1, name: POST_TITLE }).waitFor();

    await page
      .getByRole('textbox', { name: 'Comment', exact: true })
      .fill('I sized down to **S** and it fits well.');
    await page.getByRole('button', { name: 'Comment', exact: true }).click();
    const comment = page.getByRole('article', { name: `Comment by ${name}` }).first();
    await comment.getByText('it fits well').waitFor();
    await comment.locator('strong', { hasText: 'S' }).waitFor();

    await page.getByRole('button', { name: `Reply to ${name}` }).click();
    await page
      .getByRole('textbox', { name: 'Reply', exact: true })
      .fill('Update: after washing it is perfect.');
    await page.getByRole('button', { name: 'Reply', exact: true }).click();
    await page
      .getByRole('list', { name: `Replies to ${name}` })
      .getByText('after washing it is perfect')
      .waitFor();
    expect(await page.getByRole('article', { name: `Comment by ${name}` }).count()).toBe(2);

    const reactions = page
      .getByRole('article', { name: POST_TITLE })
      .getByRole('group', { name: 'Reactions' });
    const helpful = reactions.getByRole('button', { name: /^Helpful/ });
    expect(await helpful.getAttribute('aria-pressed')).toBe('false');
    await helpful.click();
    await expect.poll(() => helpful.getAttribute('aria-pressed')).toBe('true');
    await reactions.getByRole('button', { name: 'Helpful (1)' }).waitFor();
    await screenshot(page, '06-post-with-comments');

    const authorSession = await kit.session();
    const authorPage = authorSession.page;
    await signInThroughUi(authorPage, postAuthor);
    const nav = authorPage.getByRole('navigation', { name: 'Main' });
    const unread = nav.getByRole('link', { name: /^Notifications \d+ unread$/ });
    await unread.waitFor();
    await unread.click();
    await authorPage.getByRole('heading', { level: 1, name: 'Notifications' }).waitFor();
    await authorPage.getByText('New', { exact: true }).first().waitFor();
    await screenshot(authorPage, '07-notifications-unread');

    await authorPage.getByRole('button', { name: 'Mark all read' }).click();
    await nav.getByRole('link', { name: 'Notifications', exact: true }).waitFor();
    expect(await authorPage.getByText('New', { exact: true }).count()).toBe(0);
    expect(await authorPage.getByRole('button', { name: 'Mark all read' }).isDisabled()).toBe(true);
    await screenshot(authorPage, '08-notifications-read');
  });

  it('search finds the post by a distinctive word and highlights it', async () => {
    need(postPath, 'the post');
    const { page } = await kit.session();

    await page.goto('/');
    await page
      .getByRole('navigation', { name: 'Main' })
      .getByRole('link', { name: 'Search' })
      .click();
    const form = page.getByRole('search');
    await form.getByRole('searchbox', { name: 'Search' }).fill(DISTINCTIVE);
    await form.getByRole('button', { name: 'Search' }).click();

    await page.getByRole('heading', { name: `Results for “${DISTINCTIVE}”` }).waitFor();
    const result = page.getByRole('article').filter({
      has: page.getByRole('link', { name: POST_TITLE }),
    });
    await result.waitFor();
    const marks = result.locator('mark');
    await marks.first().waitFor();
    expect((await marks.allTextContents()).map((text) => text.toLowerCase())).toContain(
      DISTINCTIVE,
    );
    expect(new URL(page.url()).searchParams.get('q')).toBe(DISTINCTIVE);
    await screenshot(page, '09-search-results');
  });

  it('fits a phone without sideways scrolling; Tab first reaches the skip link', async () => {
    const path = need(postPath, 'the post');
    const member = await addMember(guild, tenantId, 'member', 'phone_p');
    const { page } = await kit.session({ viewport: PHONE });

    await page.goto('/');
    await page.getByRole('navigation', { name: 'Main' }).waitFor();
    await page.keyboard.press('Tab');
    const skip = page.getByRole('link', { name: 'Skip to content' });
    await expectFocused(skip);
    await screenshot(page, '11-phone-skip-link');
    await page.keyboard.press('Enter');
    await expectFocused(page.locator('main#main'));

    await signInThroughUi(page, member);
    await page.goto(`/s/${SPACE.slug}`);
    await page.getByRole('heading', { level: 1, name: SPACE.name }).waitFor();
    await page.getByRole('link', { name: POST_TITLE }).waitFor();
    expect(await scrollsSideways(page)).toBe(false);
    await screenshot(page, '12-phone-space-feed');

    await page.goto(path);
    await page.getByRole('heading', { level: 1, name: POST_TITLE }).waitFor();
    await page
      .getByRole('article', { name: /^Comment by / })
      .first()
      .waitFor();
    expect(await scrollsSideways(page)).toBe(false);
    await screenshot(page, '13-phone-post');
  });

  it('shows German to a member whose locale is de-DE', async () => {
    const member = await addMember(guild, tenantId, 'member', 'greta_h');
    const api = new TestClient(guild.url);
    await api.signIn(member);
    const changed = await api.patch<{ locale: string }>('/api/v1/users/me', { locale: 'de-DE' });
    expect(changed.status).toBe(200);

    const { page } = await kit.session();
    await signInThroughUi(page, member, 'Abmelden');
    const nav = page.getByRole('navigation', { name: 'Hauptnavigation' });
    await nav.getByRole('link', { name: 'Bereiche' }).waitFor();
    await nav.getByRole('link', { name: 'Suche' }).waitFor();
    await nav.getByRole('button', { name: 'Abmelden' }).waitFor();
    await page.getByRole('link', { name: 'Zum Inhalt springen' }).waitFor({ state: 'attached' });
    expect(await page.getByRole('combobox', { name: 'Sprache' }).inputValue()).toBe('de');
    expect(
      await page.evaluate(
        () => (globalThis as unknown as PageWindow).document.documentElement.lang,
      ),
    ).toMatch(/^de/);
    await screenshot(page, '14-german-home');

    await page.goto(`/s/${SPACE.slug}`);
    await page.getByRole('heading', { level: 1, name: SPACE.name }).waitFor();
    await screenshot(page, '15-german-space');
  });

  it('switches a visitor to German with the footer language select', async () => {
    const { page } = await kit.session();
    await page.goto('/');
    await page
      .getByRole('navigation', { name: 'Main' })
      .getByRole('link', { name: 'Spaces' })
      .waitFor();
    await page.getByRole('combobox', { name: 'Language' }).selectOption({ label: 'Deutsch' });
    const nav = page.getByRole('navigation', { name: 'Hauptnavigation' });
    await nav.getByRole('link', { name: 'Registrieren' }).waitFor();

    await page.reload();
    await nav.getByRole('link', { name: 'Anmelden' }).waitFor();
    expect(await page.getByRole('combobox', { name: 'Sprache' }).inputValue()).toBe('de');
  });
});

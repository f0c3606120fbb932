/**
 * Moderation in Chromium, against one real Guild on embedded PGlite: an established member
 * posts a phone number through the composer and reads the held notice; a moderator finds the
 * item in the console, opens it, sees the number marked in the text, claims it with `c` and
 * approves it with `a` (a key typed into the note does nothing); the post is then published
 * for its author and for visitors. Two more held posts are rejected together from the console;
 * their author appeals one, another member flags a published post, and both land in the queue.
 * A manager sees v0 live on the model versions page, and a member gets neither the Moderation
 * link nor its pages.
 * The scenarios run in order: the second one decides the first one's post.
 */
import { sql } from 'drizzle-orm';
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
  screenshot,
  scrollsSideways,
  signInThroughUi,
} from './browser-kit.js';

const SPACE = { slug: 'returns', name: 'Returns and exchanges' };
const POST_TITLE = 'Returning a kettle bought online';
const POST_BODY = 'Call me on +44 7700 900123 about the return.';
const PHONE_NUMBER = '+44 7700 900123';
const PHONE = { width: 360, height: 740 };

let guild: TestGuild;
let tenantId: string;
let browser: Browser;
let kit: BrowserKit;
let manager: TestMember;
let moderator: TestMember;
let member: TestMember;
let bob: TestMember;

/** Set by the first scenario: the held post's address. */
let postPath: string | null = null;

function need<T>(value: T | null, what: string): T {
  if (value === null) {
    throw new Error(`${what} is missing: the member's scenario did not finish`);
  }
  return value;
}

/** Makes an account look established: 200 days old, e-mail verified (as the API tests do). */
async function establish(username: string): Promise<void> {
  await guild.db.tenant(tenantId, (tx) =>
    tx.execute(sql`UPDATE users SET created_at = now() - interval '200 days',
      email_verified_at = now() WHERE username = ${username}`),
  );
}

beforeAll(async () => {
  assertWebAppBuilt();
  browser = await launchChromium();
  guild = await startTestGuild();
  kit = new BrowserKit(browser, browserUrl(guild.url));
  tenantId = await addTenant(guild, 'alpha');
  manager = await addMember(guild, tenantId, 'manager', 'mara_manager');
  moderator = await addMember(guild, tenantId, 'moderator', 'omar_mod');
  member = await addMember(guild, tenantId, 'member', 'alice_w');
  bob = await addMember(guild, tenantId, 'member', 'bob_k');
  await establish(member.username);
  await establish(bob.username);
  const api = new TestClient(guild.url);
  await api.signIn(manager);
  const created = await api.post('/api/v1/spaces', {
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

describe('moderation in the browser', () => {
  it('a member posts a phone number and reads that the post waits for a moderator', async () => {
    const { page } = await kit.session();
    await signInThroughUi(page, member);
    const nav = page.getByRole('navigation', { name: 'Main' });
    expect(await nav.getByRole('link', { name: 'Moderation' }).count()).toBe(0);

    await page.goto(`/s/${SPACE.slug}`);
    await page.getByRole('link', { name: 'New post' }).click();
    await page.getByRole('textbox', { name: 'Title' }).fill(POST_TITLE);
    await page.getByRole('textbox', { name: 'Body' }).fill(POST_BODY);
    await page.getByRole('button', { name: 'Publish' }).click();

    await page.waitForURL(/\/p\/[0-9a-f-]+$/);
    await page.getByRole('heading', { level: 1, name: POST_TITLE }).waitFor();
    const notice = page.getByRole('region', { name: 'Moderation notice' });
    await notice.getByText('Waiting for a moderator', { exact: true }).waitFor();
    await notice
      .getByText(/^Your post is waiting for a moderator because .*phone number/)
      .waitFor();
    await notice.getByText('Until then only you and the moderators can see it.').waitFor();
    await page
      .getByRole('status')
      .filter({ hasText: 'Your post is saved and waits for a moderator.' })
      .waitFor({ state: 'attached' });
    // Not published yet: no one flags it, and the author cannot flag their own post anyway.
    expect(await page.getByRole('button', { name: 'Flag post' }).count()).toBe(0);
    postPath = new URL(page.url()).pathname;
    await screenshot(page, 'moderation-01-held-notice');

    // The member has no moderation pages.
    await page.goto('/moderation');
    await page.getByRole('heading', { level: 1, name: 'Page not found' }).waitFor();

    // Visitors do not see the held post in the space.
    const visitor = await kit.session();
    await visitor.page.goto(`/s/${SPACE.slug}`);
    await visitor.page.getByRole('heading', { level: 1, name: SPACE.name }).waitFor();
    await visitor.page.getByText('No posts here yet.', { exact: false }).waitFor();
  });

  it('a moderator finds it in the console, sees the number marked and approves with a', async () => {
    const path = need(postPath, 'the held post');
    const { page } = await kit.session();
    await signInThroughUi(page, moderator);
    await page
      .getByRole('navigation', { name: 'Main' })
      .getByRole('link', { name: 'Moderation' })
      .click();
    await page.getByRole('heading', { level: 1, name: 'Review queue' }).waitFor();
    const sub = page.getByRole('navigation', { name: 'Moderation' });
    await sub.getByRole('link', { name: 'Review queue' }).waitFor();
    // Policies, models and figures are for managers.
    expect(await sub.getByRole('link', { name: 'Model versions' }).count()).toBe(0);
    // A moderator works the standard queue only.
    const queueFilter = page.getByRole('combobox', { name: 'Queue' });
    expect(await queueFilter.locator('option').allInnerTexts()).toEqual([
      'All my queues',
      'Standard queue',
    ]);

    const item = page.getByRole('article', { name: POST_TITLE });
    await item.getByText('Held by the check', { exact: true }).waitFor();
    await item.getByText('Reason: Personal data').waitFor();
    await item.getByText(/^Priority /).waitFor();
    await item.getByText(`By Test ${member.username} (@${member.username})`).waitFor();
    expect(await item.getByText('Overdue', { exact: true }).count()).toBe(0);
    await page.getByRole('combobox', { name: 'Kind' }).selectOption('flag');
    await page.getByText('Nothing is waiting. Well done!').waitFor();
    await page.getByRole('combobox', { name: 'Kind' }).selectOption('held');
    await item.waitFor();
    expect(new URL(page.url()).search).toBe('?kind=held');
    await screenshot(page, 'moderation-02-console');
    await item.getByRole('link', { name: POST_TITLE }).click();

    // The item view: the text with the phone number marked, the scores, the author.
    await page.getByRole('heading', { level: 1, name: POST_TITLE }).waitFor();
    await page.getByText('Press a to approve, r to reject, c to claim').waitFor();
    const mark = page.locator('mark', { hasText: PHONE_NUMBER });
    await mark.waitFor();
    expect(await mark.getAttribute('title')).toBe('Personal data');
    expect((await mark.innerText()).startsWith(PHONE_NUMBER)).toBe(true);
    await page.getByRole('list', { name: 'Scores by category' }).waitFor();
    await page.getByRole('meter', { name: 'Personal data' }).waitFor();
    const author = page.getByRole('region', { name: 'Author' });
    await author.getByText('E-mail verified').waitFor();
    await author.getByText('Member since').waitFor();

    // `?` opens the list of keys; Escape closes it and focus goes back to its button.
    await page.keyboard.press('?');
    const help = page.getByRole('region', { name: 'Keyboard shortcuts' });
    await help.getByText('Show or hide this list').waitFor();
    await page.keyboard.press('Escape');
    await help.waitFor({ state: 'detached' });
    await expectFocused(page.getByRole('button', { name: 'Keyboard shortcuts' }));

    // `c` claims.
    await page.keyboard.press('c');
    await page.getByText('You are working on this item.').waitFor();
    await expectFocused(page.getByRole('button', { name: 'Release' }));

    // Typing an "a" into the note decides nothing.
    const note = page.getByRole('textbox', { name: 'Note (optional)' });
    await note.click();
    await page.keyboard.type('a customer asking about a return');
    expect(await note.inputValue()).toBe('a customer asking about a return');
    expect(await page.getByText('It is published now.').count()).toBe(0);
    await screenshot(page, 'moderation-03-item');

    // Out of the field, `a` approves with "Not a violation".
    await page.getByRole('heading', { level: 1, name: POST_TITLE }).click();
    await page.keyboard.press('a');
    const outcome = page.getByText('Approved (Not a violation). It is published now.');
    await outcome.first().waitFor();
    await expectFocused(page.locator('p.decided'));
    await page.getByText('Note: a customer asking about a return').waitFor();
    expect(await page.getByRole('button', { name: 'Approve' }).count()).toBe(0);
    await screenshot(page, 'moderation-04-approved');

    await page.setViewportSize(PHONE);
    expect(await scrollsSideways(page)).toBe(false);

    // The console no longer lists it.
    await page.getByRole('link', { name: 'Back to the review queue' }).first().click();
    await page.getByText('Nothing is waiting. Well done!').waitFor();

    // The post is published: a visitor reads it, and its author sees no notice any more.
    const visitor = await kit.session();
    await visitor.page.goto(path);
    await visitor.page.getByRole('heading', { level: 1, name: POST_TITLE }).waitFor();
    await visitor.page.getByText(PHONE_NUMBER, { exact: false }).waitFor();

    const author2 = await kit.session();
    await signInThroughUi(author2.page, member);
    await author2.page.goto(path);
    await author2.page.getByRole('heading', { level: 1, name: POST_TITLE }).waitFor();
    expect(await author2.page.getByRole('region', { name: 'Moderation notice' }).count()).toBe(0);
  });

  it('a moderator rejects two posts at once; the author appeals and a member flags', async () => {
    const path = need(postPath, 'the published post');
    const author = new TestClient(guild.url);
    await author.signIn(member);
    const ids: string[] = [];
    for (const [title, body] of [
      ['Ring me', 'My number is 020 7946 0018, ring after 5pm.'],
      ['Mail me', 'Email me at alice.w@example.com any time.'],
    ] as const) {
      const created = await author.post<{ id: string; moderation: { state: string } | null }>(
        `/api/v1/spaces/${SPACE.slug}/posts`,
        { title, body },
      );
      expect(created.status).toBe(201);
      expect(created.body.moderation?.state).toBe('held');
      ids.push(created.body.id);
    }

    const mod = await kit.session();
    await signInThroughUi(mod.page, moderator);
    await mod.page.goto('/moderation');
    await mod.page.getByRole('checkbox', { name: 'Select: Ring me' }).check();
    await mod.page.getByRole('checkbox', { name: 'Select: Mail me' }).check();
    await mod.page.getByText('2 items selected').waitFor();
    await mod.page.getByRole('combobox', { name: 'Decision' }).selectOption('reject');
    await mod.page.getByRole('button', { name: 'Decide selected items' }).click();
    await mod.page.getByText('Please choose a reason.').waitFor();
    await mod.page
      .getByRole('combobox', { name: 'Reason', exact: true })
      .selectOption('personal_data');
    await mod.page.getByRole('button', { name: 'Decide selected items' }).click();
    const result = mod.page.locator('p.bulk-result');
    await result.getByText('2 decided, 0 not decided.').waitFor();
    await expectFocused(result);
    for (const title of ['Ring me', 'Mail me']) {
      const card = mod.page.getByRole('article', { name: title });
      await card.getByText('Rejected', { exact: true }).waitFor();
      expect(await card.getByRole('checkbox').isDisabled()).toBe(true);
    }
    await screenshot(mod.page, 'moderation-05-bulk');

    // The author reads that a moderator refused it, and appeals once.
    const own = await kit.session();
    await signInThroughUi(own.page, member);
    await own.page.goto(`/p/${ids[0]}`);
    const notice = own.page.getByRole('region', { name: 'Moderation notice' });
    await notice.getByText('Not published', { exact: true }).waitFor();
    await notice.getByText('A moderator decided that your post cannot be shown here.').waitFor();
    await notice.getByRole('button', { name: 'Appeal' }).click();
    const appeal = own.page.getByRole('textbox', { name: 'Why should it be published?' });
    await expectFocused(appeal);
    await appeal.fill('It is the number of the shop, not my own.');
    await own.page.getByRole('button', { name: 'Send appeal' }).click();
    await notice.getByText('Your appeal is waiting for a moderator.').waitFor();
    await screenshot(own.page, 'moderation-06-appeal');

    // Another member flags the published post.
    const other = await kit.session();
    await signInThroughUi(other.page, bob);
    await other.page.goto(path);
    await other.page.getByRole('button', { name: 'Flag post' }).click();
    const flag = other.page.getByRole('group', { name: 'Flag post' });
    expect(await flag.getByRole('button', { name: 'Send to the moderators' }).isDisabled()).toBe(
      true,
    );
    await flag.getByRole('textbox', { name: 'What is wrong?' }).fill('It shares a phone number');
    await flag.getByRole('button', { name: 'Send to the moderators' }).click();
    const thanks = other.page.locator('p.flag-done');
    await thanks.waitFor();
    await expectFocused(thanks);

    // Both wait in the console: the appeal with its message, the flag with its reason.
    await mod.page.getByRole('button', { name: 'Refresh' }).click();
    await mod.page.getByRole('combobox', { name: 'Kind' }).selectOption('appeal');
    await mod.page
      .getByRole('article', { name: 'It is the number of the shop, not my own.' })
      .getByRole('link')
      .click();
    await mod.page.getByRole('heading', { level: 1, name: 'Ring me' }).waitFor();
    await mod.page
      .getByRole('region', { name: "The author's appeal" })
      .getByText('It is the number of the shop, not my own.')
      .waitFor();
    await mod.page.getByRole('link', { name: 'Back to the review queue' }).click();
    await mod.page.getByRole('combobox', { name: 'Kind' }).selectOption('flag');
    const flagged = mod.page.getByRole('article', { name: POST_TITLE });
    await flagged.getByText('1 flag', { exact: true }).waitFor();
    await flagged.getByRole('link').click();
    await mod.page.getByText('It shares a phone number').waitFor();
  });

  it('a manager sees v0 live on the model versions page', async () => {
    const { page } = await kit.session();
    await signInThroughUi(page, manager);
    await page
      .getByRole('navigation', { name: 'Main' })
      .getByRole('link', { name: 'Moderation' })
      .click();
    await page.getByRole('heading', { level: 1, name: 'Review queue' }).waitFor();
    // Managers also work the senior queue.
    expect(
      await page.getByRole('combobox', { name: 'Queue' }).locator('option').allInnerTexts(),
    ).toEqual(['All my queues', 'Standard queue', 'Senior queue']);
    await page
      .getByRole('navigation', { name: 'Moderation' })
      .getByRole('link', { name: 'Model versions' })
      .click();
    await page.getByRole('heading', { level: 1, name: 'Model versions' }).waitFor();
    await page.getByText('Live now:').waitFor();
    expect(await page.locator('p.lead strong').innerText()).toBe('v0');
    const v0 = page.getByRole('article', { name: 'Version v0' });
    await v0.getByText('Live', { exact: true }).waitFor();
    await v0.getByText('Bias check passed').waitFor();
    await v0.getByRole('table').getByRole('rowheader', { name: 'AUC' }).first().waitFor();
    // v0 is live and shipped with Guild: nothing to promote.
    expect(await v0.getByRole('button', { name: /^Promote/ }).count()).toBe(0);
    await screenshot(page, 'moderation-07-models');
  });
});

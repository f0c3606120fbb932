/**
 * The password-reset journey in Chromium: a member asks for a link on the sign-in page, opens
 * the e-mailed link (read from the outbox table), chooses a new password and is signed in.
 */
import type { Browser } from 'playwright-core';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { addMember, addTenant, startTestGuild, type TestGuild } from '../support/harness.js';
import { assertWebAppBuilt, BrowserKit, browserUrl, launchChromium } from './browser-kit.js';

const CONFIRMATION =
  'If an account exists for that address, we have sent a link. It works for 10 minutes.';

let guild: TestGuild;
let tenantId: string;
let browser: Browser;
let kit: BrowserKit;

/** The path and query of the newest reset link e-mailed to `email`. */
async function resetLinkFor(email: string): Promise<string> {
  const rows = await guild.db.query<{ body_text: string }>(
    `SELECT body_text FROM outbound_emails WHERE to_address = $1 AND kind = 'password_reset'
      ORDER BY created_at DESC LIMIT 1`,
    [email],
  );
  const match = /https?:\/\/\S+\/reset-password\?token=\S+/.exec(rows[0]?.body_text ?? '');
  if (!match) {
    throw new Error(`no reset link was written for ${email}`);
  }
  const link = new URL(match[0]);
  return `${link.pathname}${link.search}`;
}

beforeAll(async () => {
  assertWebAppBuilt();
  browser = await launchChromium();
  guild = await startTestGuild({ GUILD_MAIL: 'off' });
  kit = new BrowserKit(browser, browserUrl(guild.url));
  tenantId = await addTenant(guild, 'alpha');
});

afterEach(async () => {
  expect(await kit.closeAll()).toEqual([]);
});

afterAll(async () => {
  await browser?.close();
  await guild?.stop();
});

describe('password reset in the browser', () => {
  it('a member asks for a link, sets a new password and is signed in', async () => {
    const member = await addMember(guild, tenantId, 'member', 'ines_r');
    const newPassword = 'copper-meadow-lantern-42';
    const { page } = await kit.session();

    await page.goto('/sign-in');
    await page.getByRole('link', { name: 'Forgot your password?' }).click();
    await page.getByRole('textbox', { name: 'Email' }).fill(member.email);
    await page.getByRole('button', { name: 'Send reset link' }).click();
    await page.getByText(CONFIRMATION).waitFor();

    // An unknown address gets the very same answer.
    await page.goto('/forgot-password');
    await page.getByRole('textbox', { name: 'Email' }).fill('nobody@example.com');
    await page.getByRole('button', { name: 'Send reset link' }).click();
    await page.getByText(CONFIRMATION).waitFor();

    const link = await resetLinkFor(member.email);
    await page.goto(link);
    const field = page.getByLabel('New password');
    expect(await field.getAttribute('type')).toBe('password');
    expect(await field.getAttribute('autocomplete')).toBe('new-password');
    expect(
      await page.getByRole('checkbox', { name: 'Sign out my other sessions' }).isChecked(),
    ).toBe(true);
    await field.fill(newPassword);
    await page.getByRole('button', { name: 'Set new password' }).click();

    const nav = page.getByRole('navigation', { name: 'Main' });
    await nav.getByRole('button', { name: 'Sign out' }).waitFor();
    await nav.getByRole('link', { name: `Test ${member.username}` }).waitFor();
    await page.getByText('Your password is changed and you are signed in.').waitFor();
    expect(new URL(page.url()).pathname).toBe('/');

    await nav.getByRole('button', { name: 'Sign out' }).click();
    await nav.getByRole('link', { name: 'Sign in' }).waitFor();
    await page.goto('/sign-in');
    await page.getByRole('textbox', { name: 'Email' }).fill(member.email);
    await page.getByRole('textbox', { name: 'Password' }).fill(newPassword);
    await page.getByRole('button', { name: 'Sign in' }).click();
    await nav.getByRole('button', { name: 'Sign out' }).waitFor();

    // The link is used up: a second try shows the server's message in the alert.
    const second = await kit.session();
    await second.page.goto(link);
    await second.page.getByLabel('New password').fill('another-quiet-river-9');
    await second.page.getByRole('button', { name: 'Set new password' }).click();
    await second.page
      .getByRole('alert')
      .getByText('This reset link is invalid, used or expired.')
      .waitFor();
    // Chromium logs the expected 400 answer as a console error; nothing else may appear.
    expect(second.problems.every((problem) => /400 .*password-reset\/confirm/.test(problem))).toBe(
      true,
    );
    second.problems.length = 0;
  });
});

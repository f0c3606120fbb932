/**
 * Browser-test support: launches Debian's Chromium through playwright-core, opens one fresh
 * context per scenario that records every console error, uncaught page error, CSP violation
 * and 5xx answer, and saves full-page screenshots under artifacts/screenshots.
 */
import { existsSync } from 'node:fs';
import { mkdir } from 'node:fs/promises';
import { fileURLToPath } from 'node:url';
import {
  chromium,
  type Browser,
  type BrowserContext,
  type Locator,
  type Page,
} from 'playwright-core';
import { expect } from 'vitest';

const CHROMIUM_ARGS = [
  '--headless',
  '--no-sandbox',
  '--disable-gpu',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
  '--no-first-run',
  '--disable-quic',
];

const SCREENSHOT_DIR = fileURLToPath(new URL('../../artifacts/screenshots/', import.meta.url));

const WEB_INDEX = fileURLToPath(new URL('../../web/dist/index.html', import.meta.url));

/**
 * Fails early, and says why, when the web app has not been built (the server would serve a
 * placeholder page and every scenario would time out looking for controls).
 */
export function assertWebAppBuilt(): void {
  if (!existsSync(WEB_INDEX)) {
    throw new Error(`${WEB_INDEX} does not exist: run \`npm run build\` before the browser tests.`);
  }
}

/** Starts headless Chromium, or fails saying how to install it. */
export async function launchChromium(): Promise<Browser> {
  const executablePath = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium';
  if (!existsSync(executablePath)) {
    throw new Error(
      `Chromium was not found at ${executablePath}. Install it with ` +
        '`apt-get install -y chromium`, or point CHROMIUM_PATH at a Chromium binary.',
    );
  }
  return chromium.launch({ executablePath, args: CHROMIUM_ARGS });
}

/**
 * The URL to browse to: the server's cookies are `__Host-` and Secure, which Chromium keeps
 * over plain http on `localhost` but not reliably on `127.0.0.1`.
 */
export function browserUrl(serverUrl: string): string {
  const url = new URL(serverUrl);
  url.hostname = 'localhost';
  return url.origin;
}

export interface Session {
  context: BrowserContext;
  page: Page;
  /** Console errors, page errors, CSP violations and 5xx answers, in order. */
  problems: string[];
}

export interface SessionOptions {
  viewport?: { width: number; height: number };
  /** Browser language (navigator.languages); English unless given. */
  locale?: string;
}

interface CspViolation {
  directive: string;
  blocked: string;
  source: string;
}

/** Reports CSP violations to the test; runs in every page before the app's own scripts. */
const CSP_LISTENER = `
  document.addEventListener('securitypolicyviolation', (event) => {
    window.__guildCspViolation({
      directive: event.violatedDirective,
      blocked: event.blockedURI,
      source: event.sourceFile + ':' + event.lineNumber,
    });
  });
`;

/** Opens fresh browser contexts against one Guild and closes them after each scenario. */
export class BrowserKit {
  private open: Session[] = [];

  constructor(
    private readonly browser: Browser,
    readonly baseUrl: string,
  ) {}

  /** A new context (no cookies, no storage) with one page that records problems. */
  async session(options: SessionOptions = {}): Promise<Session> {
    const context = await this.browser.newContext({
      baseURL: this.baseUrl,
      viewport: options.viewport ?? { width: 1280, height: 800 },
      locale: options.locale ?? 'en-GB',
      timezoneId: 'Europe/London',
    });
    context.setDefaultTimeout(10_000);
    const problems: string[] = [];
    await context.exposeFunction('__guildCspViolation', (violation: CspViolation) => {
      problems.push(
        `CSP violation: ${violation.directive} blocked ${violation.blocked} (${violation.source})`,
      );
    });
    await context.addInitScript({ content: CSP_LISTENER });
    const page = await context.newPage();
    page.on('console', (message) => {
      if (message.type() === 'error') {
        const where = message.location();
        problems.push(`console error: ${message.text()} (${where.url}:${where.lineNumber})`);
      }
    });
    page.on('pageerror', (error) => {
      problems.push(`page error: ${error.message}`);
    });
    page.on('response', (response) => {
      if (response.status() >= 500) {
        problems.push(
          `server error: ${response.status()} ${response.request().method()} ${response.url()}`,
        );
      }
    });
    const session = { context, page, problems };
    this.open.push(session);
    return session;
  }

  /** Closes every context of the scenario; returns the problems they recorded. */
  async closeAll(): Promise<string[]> {
    const sessions = this.open;
    this.open = [];
    const problems = sessions.flatMap((session) => session.problems);
    await Promise.all(sessions.map((session) => session.context.close()));
    return problems;
  }
}

/** Saves a full-page screenshot as artifacts/screenshots/<name>.png. */
export async function screenshot(page: Page, name: string): Promise<void> {
  await mkdir(SCREENSHOT_DIR, { recursive: true });
  await page.screenshot({ path: `${SCREENSHOT_DIR}${name}.png`, fullPage: true });
}

/**
 * What the tests read from the page's window. The server's tsconfig has no DOM library, so
 * functions that run in the page cast `globalThis` to this (types only; nothing is captured).
 */
export interface PageWindow {
  innerWidth: number;
  document: { documentElement: { scrollWidth: number; lang: string }; activeElement: unknown };
  __pwned?: unknown;
}

/** True when the page scrolls sideways (content wider than the viewport). */
export function scrollsSideways(page: Page): Promise<boolean> {
  return page.evaluate(() => {
    const view = globalThis as unknown as PageWindow;
    return view.document.documentElement.scrollWidth > view.innerWidth;
  });
}

/**
 * Waits until the element holds focus: React moves focus after its render, so a one-shot
 * check right after a key press can run before it.
 */
export async function expectFocused(locator: Locator): Promise<void> {
  await expect.poll(() => isFocused(locator), { timeout: 5_000 }).toBe(true);
}

/** True when the element is the document's focused element. */
export function isFocused(locator: Locator): Promise<boolean> {
  return locator.evaluate((element: unknown) => {
    const view = globalThis as unknown as PageWindow;
    return element === view.document.activeElement;
  });
}

/**
 * Signs in through the form, as a member would, and waits for the signed-in header
 * (`signOut` is the sign-out button's name in the page's language).
 */
export async function signInThroughUi(
  page: Page,
  member: { email: string; password: string },
  signOut = 'Sign out',
): Promise<void> {
  await page.goto('/sign-in');
  await page.getByRole('textbox', { name: 'Email' }).fill(member.email);
  await page.getByRole('textbox', { name: 'Password' }).fill(member.password);
  await page.getByRole('button', { name: 'Sign in' }).click();
  await page.getByRole('button', { name: signOut }).waitFor();
}

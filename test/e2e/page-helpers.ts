/** Small helpers the e2e tests share: the test Moodle of a describe block, sign-in, keyboard focus, headings. */
import { afterAll, beforeAll } from 'vitest';
import type { Browser, BrowserContext, Page } from 'playwright-core';
import { SEED_PASSWORD, startTestMoodle } from '../fixtures/moodle';
import type { TestMoodle } from '../fixtures/moodle';
import { servePageAndFrame } from '../support/http-test-server';
import type { TestServer } from '../support/http-test-server';
import { launchChromium } from './harness';
import type { BrowserShell } from './harness';

export interface OpenedApp {
  context: BrowserContext;
  page: Page;
}

/** A fresh browser context on the launch URL, waiting until the first screen's heading is there. */
export async function openApp(browser: Browser, shell: BrowserShell, options: { viewport?: { width: number; height: number } } = {}): Promise<OpenedApp> {
  const context = await browser.newContext({ viewport: options.viewport ?? { width: 1280, height: 800 } });
  const page = await context.newPage();
  await page.goto(shell.url);
  await page.getByRole('heading', { level: 1 }).waitFor();
  return { context, page };
}

/**
 * One test Moodle for a describe block: started (then `setUp`, e.g. extra files) in beforeAll,
 * closed in afterAll. Read `.moodle` inside tests.
 */
export function useTestMoodle(setUp?: (moodle: TestMoodle) => void | Promise<void>): { readonly moodle: TestMoodle } {
  let moodle: TestMoodle | undefined;
  beforeAll(async () => {
    moodle = await startTestMoodle();
    await setUp?.(moodle);
  });
  afterAll(async () => {
    await moodle?.close();
  });
  return {
    get moodle() {
      if (!moodle) throw new Error('the test Moodle is not started yet (use it inside a test)');
      return moodle;
    },
  };
}

/** openApp, then signIn as a seeded user (student1 unless named) with the seed password; closes the context if that fails. */
export async function openSignedIn(env: { readonly browser: Browser; readonly shell: BrowserShell }, siteUrl: string, username = 'student1'): Promise<OpenedApp> {
  const opened = await openApp(env.browser, env.shell);
  try {
    await signIn(opened.page, { siteUrl, username, password: SEED_PASSWORD });
  } catch (error) {
    await opened.context.close();
    throw error;
  }
  return opened;
}

/**
 * For the media-guard tests: a stand-in BBB on 127.0.0.1 (`page` at every path but /frame.html, which
 * serves `frame`) and Chromium with fake camera and microphone, started in beforeAll (`content` runs
 * there) and stopped in afterAll. Read `.origin` / `.browser` inside tests.
 */
export function useGuardPageAndChromium(content: () => { page: string | Buffer; frame: string | Buffer }): { readonly origin: string; readonly browser: Browser } {
  let server: TestServer | undefined;
  let browser: Browser | undefined;
  beforeAll(async () => {
    const { page, frame } = content();
    server = await servePageAndFrame(page, frame);
    browser = await launchChromium({ fakeMedia: true });
  }, 60_000);
  afterAll(async () => {
    await browser?.close();
    await server?.close();
  });
  return {
    get origin() {
      if (!server) throw new Error('the guard page is not served yet (use it inside a test)');
      return server.url;
    },
    get browser() {
      if (!browser) throw new Error('Chromium is not started yet (use it inside a test)');
      return browser;
    },
  };
}

export function focusedText(page: Page): Promise<string> {
  return page.evaluate(() => document.activeElement?.textContent?.trim() ?? '');
}

export function focusedId(page: Page): Promise<string> {
  return page.evaluate(() => document.activeElement?.id ?? '');
}

/**
 * Moves focus with the keyboard only (Shift+Tab first, then Tab) until the focused element's
 * text is `text`. Fails with the path it took if it never gets there.
 */
export async function tabTo(page: Page, text: string, maxSteps = 40): Promise<void> {
  const seen: string[] = [];
  for (const key of ['Shift+Tab', 'Tab']) {
    for (let step = 0; step < maxSteps; step += 1) {
      if ((await focusedText(page)) === text) return;
      await page.keyboard.press(key);
      seen.push(await focusedText(page));
    }
  }
  throw new Error(`Keyboard focus never reached "${text}". Focus went through: ${seen.join(' | ')}`);
}

/** Waits until the screen heading (h1) has exactly this text. */
export async function waitForScreen(page: Page, heading: string): Promise<void> {
  await page.getByRole('heading', { level: 1, name: heading, exact: true }).waitFor();
}

/** Texts of the elements an element's aria-describedby points to. */
export function descriptionOf(page: Page, selector: string): Promise<string[]> {
  return page.locator(selector).evaluate((element) =>
    (element.getAttribute('aria-describedby') ?? '')
      .split(/\s+/)
      .filter(Boolean)
      .map((id) => document.getElementById(id)?.textContent?.trim() ?? `(missing #${id})`),
  );
}

/**
 * Opens the sign-in flow from the header: "Anmelden" when nobody is signed in, else the account menu's
 * "Schule hinzufügen".
 */
export async function openSignInFromHeader(page: Page): Promise<void> {
  const direct = page.getByTestId('header-signin');
  if (!(await direct.isVisible())) await page.getByTestId('account-menu-button').click();
  await direct.click();
}

/** Opens the account menu in the header (if it is not open) and returns its panel. */
export async function openAccountMenu(page: Page) {
  const button = page.getByTestId('account-menu-button');
  if ((await button.getAttribute('aria-expanded')) !== 'true') await button.click();
  return page.getByRole('group', { name: /^(Konto|Account)$/ });
}

/** Einstellungen → "Deine Schulen" (the account list with Wechseln, Abmelden, Erneut anmelden, Entfernen). */
export async function openAccountSettings(page: Page) {
  await page.getByRole('navigation').getByRole('link', { name: /^(Einstellungen|Settings)$/ }).click();
  const list = page.getByTestId('accounts-list');
  await list.waitFor();
  return list;
}

/**
 * Signs in through the UI (header button → site address or preset → username and password).
 * For a portal that signs in only on its own page (SSO), the page is opened in a new tab, the
 * portal's login form filled there, and the schuldesk:// callback handed back — the browser
 * shell's path. Resolves when the flow has closed and Start shows the signed-in account's day; throws
 * with the shown message when sign-in fails. Works for the first account and for adding another school.
 */
export async function signIn(page: Page, { siteUrl, username, password }: { siteUrl: string; username: string; password: string }): Promise<void> {
  await openSignInFromHeader(page);
  await page.getByTestId('signin-step-site').waitFor();
  const field = page.getByTestId('signin-site-url');
  if (await field.isVisible()) {
    await field.fill(siteUrl);
    await page.getByTestId('signin-site-submit').click();
  } else {
    await page.locator(`[data-testid="signin-preset"][data-site-url="${siteUrl.replace(/\/+$/, '')}"]`).click();
  }
  const step2 = page.getByTestId('signin-step-login');
  const siteError = page.getByTestId('signin-site-error');
  await step2.or(siteError).first().waitFor();
  if (await siteError.isVisible()) throw new Error(`signIn: site check failed: ${await siteError.textContent()}`);
  const loginError = page.getByTestId('signin-login-error');
  if ((await page.getByTestId('signin-password').count()) > 0) {
    await page.getByTestId('signin-username').fill(username);
    await page.getByTestId('signin-password').fill(password);
    await page.getByTestId('signin-password-submit').click();
  } else {
    const context = page.context();
    // A portal session of an earlier sign-in in this window would skip the login form (and bring the wrong user).
    await context.clearCookies({ name: 'MoodleSession' });
    const popupPromise = context.waitForEvent('page');
    await page.getByTestId('signin-sso').click();
    await page.getByTestId('signin-sso-link').click();
    const popup = await popupPromise;
    await popup.waitForLoadState();
    await popup.getByLabel(/Benutzername|Username/).fill(username);
    await popup.getByLabel(/Passwort|Password/).fill(password);
    // The portal ends with a redirect to schuldesk://…, which Chromium cannot open: read it from the response.
    const redirect = popup.waitForEvent('response', {
      predicate: (response) => (response.headers()['location'] ?? '').toLowerCase().startsWith('schuldesk://'),
      timeout: 15_000,
    });
    await popup.locator('form [type="submit"]').first().click();
    const callback = await redirect.then(
      (response) => response.headers()['location'] ?? '',
      () => '',
    );
    await popup.close();
    if (!callback) throw new Error('signIn: the portal page did not redirect to schuldesk:// (wrong password?)');
    await page.getByTestId('signin-sso-callback').fill(callback);
    await page.getByTestId('signin-sso-submit').click();
  }
  const closed = page.getByTestId('signin').waitFor({ state: 'detached' }).then(() => 'closed' as const);
  const failed = loginError.waitFor().then(() => 'failed' as const);
  if ((await Promise.race([closed, failed])) === 'failed') throw new Error(`signIn: sign-in failed: ${await loginError.textContent()}`);
  closed.catch(() => undefined);
  failed.catch(() => undefined);
  await page.getByTestId('start-today').waitFor();
}

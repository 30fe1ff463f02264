/** Small helpers the e2e tests share: keyboard focus, text of the focused element, headings. */
import type { Browser, BrowserContext, Page } from 'playwright-core';
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
 * Signs in through the UI (header link "Anmelden" → site address or preset → username and password).
 * Resolves when the Start screen lists the accounts; throws with the shown message when sign-in fails.
 * Works for the first account and for adding another school.
 */
export async function signIn(page: Page, { siteUrl, username, password }: { siteUrl: string; username: string; password: string }): Promise<void> {
  await page.getByTestId('header-signin').click();
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
  await page.getByTestId('signin-username').fill(username);
  await page.getByTestId('signin-password').fill(password);
  await page.getByTestId('signin-password-submit').click();
  const loginError = page.getByTestId('signin-login-error');
  const done = page.getByTestId('accounts-list');
  await done.or(loginError).first().waitFor();
  if (await loginError.isVisible()) throw new Error(`signIn: sign-in failed: ${await loginError.textContent()}`);
}

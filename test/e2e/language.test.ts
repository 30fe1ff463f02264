import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Browser } from 'playwright-core';
import { ERROR_TEXTS } from '../../preload/contract/errors';
import { de } from '../../renderer/i18n/de';
import { en } from '../../renderer/i18n/en';
import { launchChromium, startBrowserShell } from './harness';
import type { BrowserShell } from './harness';
import { openApp, waitForScreen } from './page-helpers';

describe('switching the language', () => {
  let dataDir: string;
  let shell: BrowserShell;
  let browser: Browser;

  beforeAll(async () => {
    dataDir = mkdtempSync(join(tmpdir(), 'schuldesk-language-e2e-'));
    shell = await startBrowserShell({ dataDir });
    browser = await launchChromium();
  });

  afterAll(async () => {
    await browser?.close();
    await shell?.stop();
    rmSync(dataDir, { recursive: true, force: true });
  });

  it('switches labels, <html lang> and the title live, and announces the change', async () => {
    const { page, context } = await openApp(browser, shell);
    expect(await page.evaluate(() => document.documentElement.lang)).toBe('de');
    await page.getByRole('navigation').getByRole('link', { name: de.nav.einstellungen, exact: true }).click();
    await waitForScreen(page, de.settings.title);
    await page.getByLabel(de.settings.keys.language.label, { exact: true }).selectOption('en');

    await waitForScreen(page, en.settings.title);
    expect(await page.evaluate(() => document.documentElement.lang)).toBe('en');
    const nav = page.getByRole('navigation', { name: en.app.navLabel });
    expect(await nav.getByRole('link').allTextContents()).toEqual([en.nav.start, en.nav.kurse, en.nav.aufgaben, en.nav.postausgang, en.nav.konferenzen, en.nav.einstellungen]);
    expect(await page.getByLabel(en.settings.keys.language.label, { exact: true }).inputValue()).toBe('en');
    await page.waitForFunction(() => document.title === 'Settings – SchulDesk');
    await page.getByTestId('announcer').getByText(`Saved: ${en.settings.keys.language.label}`).waitFor();
    await context.close();
  });

  it('is stored by main: a reload and a restarted shell on the same data folder stay English', async () => {
    const { page, context } = await openApp(browser, shell);
    await waitForScreen(page, en.start.title);
    await page.reload();
    await waitForScreen(page, en.start.title);
    expect(await page.evaluate(() => document.documentElement.lang)).toBe('en');
    await context.close();

    const stored = await fetch(`${shell.origin}/api/invoke/settings.list`, {
      method: 'POST',
      headers: { 'Content-Type': 'application/json', 'X-SchulDesk-Secret': shell.secret },
      body: '{"args":[]}',
    }).then((response) => response.json() as Promise<{ result: { key: string; value: unknown; source: string }[] }>);
    expect(stored.result.find((view) => view.key === 'language')).toMatchObject({ value: 'en', source: 'user' });

    await shell.stop();
    shell = await startBrowserShell({ dataDir });
    const again = await openApp(browser, shell);
    await waitForScreen(again.page, en.start.title);
    expect(await again.page.evaluate(() => document.documentElement.lang)).toBe('en');

    // And back to German, from the keyboard.
    await again.page.evaluate(() => {
      window.location.hash = '#/einstellungen';
    });
    await waitForScreen(again.page, en.settings.title);
    await again.page.getByLabel(en.settings.keys.language.label, { exact: true }).focus();
    await again.page.getByLabel(en.settings.keys.language.label, { exact: true }).selectOption('de');
    await waitForScreen(again.page, de.settings.title);
    expect(await again.page.evaluate(() => document.documentElement.lang)).toBe('de');
    await again.context.close();
  });

  it('in English mode, errors from main come in English (main sends codes; the renderer translates)', async () => {
    const setLanguage = (language: string) =>
      fetch(`${shell.origin}/api/invoke/settings.set`, {
        method: 'POST',
        headers: { 'Content-Type': 'application/json', 'X-SchulDesk-Secret': shell.secret },
        body: JSON.stringify({ args: ['language', language] }),
      });
    await setLanguage('en');
    try {
      const { page, context } = await openApp(browser, shell);
      await waitForScreen(page, en.start.title);
      // A portal error (site check of a plain-http address) and a policy/store-independent one.
      await page.getByTestId('header-signin').click();
      await page.getByTestId('signin-site-url').fill('http://schule.example');
      await page.getByTestId('signin-site-submit').click();
      const error = page.getByTestId('signin-site-error');
      await expect.poll(() => error.getAttribute('data-code'), { timeout: 30_000 }).toBe('insecure-http');
      expect(await error.textContent()).toBe(ERROR_TEXTS['insecure-http'].en);
      // Nothing signed in: the courses screen's error is the English one, and no German catalog text is on the page.
      await page.evaluate(() => {
        window.location.hash = '#/kurse';
      });
      await waitForScreen(page, en.kurse.title);
      const body = await page.locator('body').innerText();
      for (const texts of Object.values(ERROR_TEXTS)) if (texts.de !== texts.en && texts.de.length > 12) expect(body).not.toContain(texts.de);
      await context.close();
    } finally {
      await setLanguage('de');
    }
  });
});

import { describe, expect, it } from 'vitest';
import { de } from '../../renderer/i18n/de';
import { useShellAndChromium } from './harness';
import { focusedId, focusedText, openApp, tabTo, waitForScreen } from './page-helpers';

const SCREENS = [
  { nav: de.nav.kurse, heading: de.kurse.title, hash: '#/kurse' },
  { nav: de.nav.aufgaben, heading: de.aufgaben.title, hash: '#/aufgaben' },
  { nav: de.nav.konferenzen, heading: de.konferenzen.title, hash: '#/konferenzen' },
  { nav: de.nav.einstellungen, heading: de.settings.title, hash: '#/einstellungen' },
  { nav: de.nav.start, heading: de.start.title, hash: '#/start' },
];

describe('navigation by keyboard only', () => {
  const env = useShellAndChromium();

  it('first Tab reaches the skip link; Enter moves focus to <main> without changing the screen', async () => {
    const { page, context } = await openApp(env.browser, env.shell);
    await waitForScreen(page, de.start.title);
    expect(page.url()).not.toContain('secret='); // the bridge removed the secret from the address bar
    await page.keyboard.press('Tab');
    expect(await focusedText(page)).toBe(de.app.skipLink);
    const outline = await page.evaluate(() => getComputedStyle(document.activeElement as Element).outlineStyle);
    expect(outline).not.toBe('none');
    await page.keyboard.press('Enter');
    expect(await focusedId(page)).toBe('main-content');
    await waitForScreen(page, de.start.title);
    expect(new URL(page.url()).hash).toBe('');
    await context.close();
  });

  it('Tab/Enter on each nav item shows its screen, focuses its heading and marks the item as current', async () => {
    const { page, context } = await openApp(env.browser, env.shell);
    const nav = page.getByRole('navigation', { name: de.app.navLabel });
    for (const screen of SCREENS) {
      await tabTo(page, screen.nav);
      // Keyboard focus is visible on the nav link.
      expect(await page.evaluate(() => getComputedStyle(document.activeElement as Element).outlineStyle)).not.toBe('none');
      await page.keyboard.press('Enter');
      await waitForScreen(page, screen.heading);
      await page.waitForFunction((text) => document.activeElement?.tagName === 'H1' && document.activeElement.textContent === text, screen.heading);
      expect(new URL(page.url()).hash).toBe(screen.hash);
      expect(await nav.locator('[aria-current="page"]').allTextContents()).toEqual([screen.nav]);
      expect(await page.title()).toBe(`${screen.nav} – SchulDesk`);
    }
    await context.close();
  });

  it('a reload keeps the screen (the route lives in the hash, the secret in sessionStorage)', async () => {
    const { page, context } = await openApp(env.browser, env.shell);
    await tabTo(page, de.nav.aufgaben);
    await page.keyboard.press('Enter');
    await waitForScreen(page, de.aufgaben.title);
    await page.reload();
    await waitForScreen(page, de.aufgaben.title);
    expect(await page.getByRole('navigation').locator('[aria-current="page"]').textContent()).toBe(de.nav.aufgaben);
    // Back to where we came from with the browser's history.
    await page.goBack();
    await waitForScreen(page, de.start.title);
    await context.close();
  });

  it('every screen has exactly one h1, and the landmarks are there', async () => {
    const { page, context } = await openApp(env.browser, env.shell);
    for (const screen of SCREENS) {
      await tabTo(page, screen.nav);
      await page.keyboard.press('Enter');
      await waitForScreen(page, screen.heading);
      expect(await page.getByRole('heading', { level: 1 }).count()).toBe(1);
      expect(await page.getByRole('main').count()).toBe(1);
      expect(await page.getByRole('banner').count()).toBe(1);
      expect(await page.getByRole('navigation', { name: de.app.navLabel }).count()).toBe(1);
    }
    await context.close();
  });
});

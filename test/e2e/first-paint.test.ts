/**
 * Issue 15, the fast first screen: main keeps the signed-in Start the app rendered (the frame and the
 * day, as static HTML) and puts it into index.html on the next start, inert and hidden from screen
 * readers, until the live app's Start replaces it. End to end in Chromium against the browser shell
 * and the test Moodle: the kept day follows the store (a sync that brings a new material while the
 * student is on Kurse replaces it, and no request ever gets the old one), it is there before any
 * script ran after a restart with the portal gone, the live Start takes over, and removing the account
 * removes it.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Browser, BrowserContext, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { de } from '../../renderer/i18n/de';
import { SEED_PASSWORD, startTestMoodle } from '../fixtures/moodle';
import type { TestMoodle } from '../fixtures/moodle';
import { expectNoSeriousA11yViolations, invokeShell, launchChromium, startBrowserShell } from './harness';
import type { BrowserShell } from './harness';
import { openApp, signIn, waitForScreen } from './page-helpers';

const NEW_MATERIAL = 'Erklärvideo: Brüche kürzen';
const OVERDUE = 'Wochenplan Geometrie';

/** The first paint in the HTML main serves for `/`, or null (its container up to #root). */
async function keptPaint(shell: BrowserShell): Promise<string | null> {
  const html = await (await fetch(`${shell.origin}/`)).text();
  const start = html.indexOf('<div id="first-paint"');
  if (start < 0) return null;
  const end = html.indexOf('<div id="root">', start);
  if (end < 0) throw new Error('first paint without #root after it');
  return html.slice(start, end);
}

describe('Start paints the kept day at once', () => {
  let moodle: TestMoodle;
  let browser: Browser;
  let shell: BrowserShell;
  let context: BrowserContext | undefined;
  let page: Page;
  const dataDir = mkdtempSync(join(tmpdir(), 'schuldesk-e2e-first-paint-'));

  beforeAll(async () => {
    moodle = await startTestMoodle();
    browser = await launchChromium();
    shell = await startBrowserShell({ dataDir, env: { SCHULDESK_FIRST_PAINT: '1' } });
  });

  afterAll(async () => {
    await context?.close();
    await browser?.close();
    await shell?.stop();
    await moodle?.close();
    rmSync(dataDir, { recursive: true, force: true });
  });

  const invoke = (method: string, ...args: unknown[]): Promise<unknown> => invokeShell(shell, method, ...args);

  it('keeps the day the app rendered: frame and day, no scripts, ids or test ids', async () => {
    expect(await keptPaint(shell)).toBeNull();
    ({ context, page } = await openApp(browser, shell));
    await signIn(page, { siteUrl: moodle.url, username: 'student1', password: SEED_PASSWORD });
    await waitForScreen(page, de.start.todayTitle);
    await expect.poll(() => page.getByTestId('sync-control').getAttribute('data-state'), { timeout: 30_000 }).toBe('idle');

    await expect.poll(async () => (await keptPaint(shell))?.includes(OVERDUE) ?? false, { timeout: 30_000 }).toBe(true);
    const paint = (await keptPaint(shell)) ?? '';
    expect(paint).toMatch(/^<div id="first-paint" lang="de" inert(="")? aria-hidden="true">/);
    for (const text of [de.start.todayTitle, de.start.deadlines.title, de.start.rooms.loading, 'Lena Müller', de.nav.kurse]) expect(paint).toContain(text);
    // What is only true now is left out: the sign-in notice, the connection, the age of the data.
    expect(paint).not.toContain(de.portal.header.needsReauth);
    expect(paint).not.toContain('data-testid');
    expect(paint).not.toMatch(/<script|\son[a-z]+=|\sstyle=|\sid="(?!first-paint")/i);
  });

  it('a sync that changes the day while Kurse is open replaces the kept day; no request gets the old one', async () => {
    await page.getByRole('navigation', { name: de.app.navLabel }).getByRole('link', { name: de.nav.kurse }).click();
    await waitForScreen(page, de.content.title);
    // Leaving Start is a visit (the day's "new since" moves): the day is kept again for that.
    await expect.poll(async () => (await keptPaint(shell)) !== null, { timeout: 30_000 }).toBe(true);
    expect(await keptPaint(shell)).not.toContain(NEW_MATERIAL);

    moodle.state.addUrlModule(2, 1, { name: NEW_MATERIAL, externalurl: 'https://video.example.org/brueche' });
    await invoke('sync.now');
    // The store changed: from now on main serves the new day or none, never the old one.
    const right = await keptPaint(shell);
    expect(right === null || right.includes(NEW_MATERIAL)).toBe(true);
    // The app renders the new day off screen (Kurse stays on screen) and main keeps it.
    await expect.poll(async () => (await keptPaint(shell))?.includes(NEW_MATERIAL) ?? false, { timeout: 30_000 }).toBe(true);
    expect(await page.getByRole('heading', { level: 1 }).innerText()).toBe(de.content.title);
  });

  it('after a restart with the portal gone, the kept day is there before any script ran; the live Start replaces it', async () => {
    await context?.close();
    context = undefined;
    await shell.stop();
    await moodle.close();
    shell = await startBrowserShell({ dataDir, env: { SCHULDESK_FIRST_PAINT: '1' } });

    context = await browser.newContext({ viewport: { width: 1280, height: 800 } });
    // Runs at the first script of the document, i.e. after the parser met #first-paint but before the app's module ran.
    await context.addInitScript(() => {
      document.addEventListener('DOMContentLoaded', () => {
        const paint = document.getElementById('first-paint');
        const root = document.getElementById('root');
        (window as unknown as { seenAtParse: unknown }).seenAtParse = paint
          ? { text: paint.textContent, inert: paint.inert, hidden: paint.getAttribute('aria-hidden'), rootShown: root ? getComputedStyle(root).visibility !== 'hidden' : null }
          : null;
      });
    });
    page = await context.newPage();
    await page.goto(shell.url);
    await page.getByTestId('today-stand').waitFor();
    await waitForScreen(page, de.start.todayTitle);
    const seen = (await page.evaluate(() => (window as unknown as { seenAtParse: unknown }).seenAtParse)) as { text: string; inert: boolean; hidden: string; rootShown: boolean } | null;
    expect(seen).not.toBeNull();
    expect(seen?.text).toContain(de.start.todayTitle);
    expect(seen?.text).toContain(NEW_MATERIAL);
    expect(seen?.text).toContain(OVERDUE);
    expect(seen?.inert).toBe(true);
    expect(seen?.hidden).toBe('true');
    expect(seen?.rootShown).toBe(false);
    // The live Start took over: the kept copy is gone, the app is shown and works.
    expect(await page.locator('#first-paint').count()).toBe(0);
    expect(await page.locator('#root').evaluate((root) => getComputedStyle(root).visibility)).toBe('visible');
    expect(await page.getByTestId('today-news-item').filter({ hasText: NEW_MATERIAL }).count()).toBe(1);
    await page.getByRole('link', { name: NEW_MATERIAL }).click();
    await waitForScreen(page, de.content.title);
    await expectNoSeriousA11yViolations(page, 'Kurse nach dem ersten Bild');
  });

  it('should the app\'s own script never run, the inert day gives way after a while instead of posing as the app', async () => {
    await expect.poll(async () => (await keptPaint(shell)) !== null, { timeout: 30_000 }).toBe(true);
    const broken = await browser.newContext({ viewport: { width: 1280, height: 800 } });
    try {
      await broken.route(/\/assets\/index-[^/]+\.js$/, (route) => route.abort());
      const brokenPage = await broken.newPage();
      await brokenPage.goto(shell.url);
      const style = (selector: string) => brokenPage.locator(selector).evaluate((element) => ({ display: getComputedStyle(element).display, visibility: getComputedStyle(element).visibility }));
      expect((await style('#first-paint')).display).not.toBe('none');
      expect((await style('#root')).visibility).toBe('hidden');
      await expect.poll(async () => (await style('#first-paint')).display, { timeout: 20_000 }).toBe('none');
      expect((await style('#root')).visibility).toBe('visible');
    } finally {
      await broken.close();
    }
  });

  it('removing the account removes the kept day', async () => {
    const { accounts } = (await invoke('portal.accounts')) as { accounts: { id: string }[] };
    expect(accounts).toHaveLength(1);
    // Opening the material left Start (a visit): the app keeps the day again for that.
    await expect.poll(async () => (await keptPaint(shell)) !== null, { timeout: 30_000 }).toBe(true);
    await invoke('portal.removeAccount', accounts[0]?.id);
    expect(await keptPaint(shell)).toBeNull();
  });
});

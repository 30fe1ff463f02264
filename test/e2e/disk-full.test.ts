/**
 * A full disk in the editor, end to end: the browser shell's data folder on a real tiny filesystem
 * (a tmpfs of a few MB, mounted as root; test/support/tiny-fs.ts), Chromium, the test Moodle.
 * The disk fills up while a student writes: the editor says "Der Speicherplatz auf diesem Gerät ist
 * voll – dein Text ist noch nicht gespeichert", keeps the text in the window (also when the student
 * leaves the screen and comes back), and saves it by itself
 * once space is back; the version saved before is still there. The same in English mode, where the
 * text comes in English and the German one appears nowhere.
 */
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ERROR_TEXTS } from '../../preload/contract/errors';
import { de } from '../../renderer/i18n/de';
import { en } from '../../renderer/i18n/en';
import { SEED_PASSWORD, startTestMoodle } from '../fixtures/moodle';
import type { TestMoodle } from '../fixtures/moodle';
import { canMountTmpfs, mountTinyFs } from '../support/tiny-fs';
import type { TinyFs } from '../support/tiny-fs';
import { expectNoSeriousA11yViolations, invokeShell, launchChromium, startBrowserShell } from './harness';
import type { BrowserShell } from './harness';
import { openApp, signIn, waitForScreen } from './page-helpers';

const ASSIGNMENT = 'Hausaufgabe: Prozentrechnung';

const invoke = invokeShell;

async function openAssignment(page: Page, nav: string, title: string): Promise<void> {
  await page.getByRole('navigation').getByRole('link', { name: nav, exact: true }).click();
  await waitForScreen(page, title);
  await page.getByRole('button', { name: new RegExp(ASSIGNMENT) }).click();
  await page.getByRole('heading', { level: 2, name: ASSIGNMENT, exact: true }).waitFor();
}

/** Types a paragraph of `size` characters at once (insertText: one input event, like a paste). */
async function typeMany(page: Page, text: string): Promise<void> {
  await page.getByTestId('draft-text').click();
  await page.keyboard.press('End');
  await page.evaluate((value) => document.execCommand('insertText', false, value), text);
}

describe.skipIf(!canMountTmpfs())('full disk while writing (data folder on a tmpfs)', () => {
  let fs: TinyFs;
  let moodle: TestMoodle;
  let browser: Browser;
  let shell: BrowserShell;

  beforeAll(async () => {
    fs = mountTinyFs(8);
    moodle = await startTestMoodle();
    browser = await launchChromium();
    shell = await startBrowserShell({ dataDir: fs.dir });
  });

  afterAll(async () => {
    await browser?.close();
    await shell?.stop();
    await moodle?.close();
    fs?.unmount();
  });

  it('says so, keeps the text, loses nothing saved before, and saves by itself when space is back – in German and in English', { timeout: 150_000 }, async () => {
    const { page, context } = await openApp(browser, shell);
    await signIn(page, { siteUrl: moodle.url, username: 'student1', password: SEED_PASSWORD });
    await openAssignment(page, de.nav.aufgaben, de.aufgaben.title);
    await page.getByTestId('draft-text').click();
    await page.keyboard.type('Erste Fassung.');
    await page.getByTestId('draft-state').getByText(de.outbox.state.saved, { exact: true }).waitFor();

    // The disk fills up (another student's downloads); the next save cannot be written.
    expect(fs.fill()).toBeGreaterThan(0);
    const more = ` Zweite Fassung ${'mit sehr viel Text '.repeat(3000)}Ende.`;
    await typeMany(page, more);
    const state = page.getByTestId('draft-state');
    await state.getByText(ERROR_TEXTS['disk-full'].de).waitFor({ timeout: 30_000 });
    expect(await state.innerText()).not.toContain(ERROR_TEXTS.internal.de);
    // The text stays in the window.
    expect(await page.getByTestId('draft-text').innerText()).toContain('Ende.');
    await expectNoSeriousA11yViolations(page, 'Speicherplatz voll');
    // What was saved before is untouched.
    const [before] = await invoke<{ textHtml: string }[]>(shell, 'drafts.list');
    expect(before?.textHtml).toContain('Erste Fassung.');
    expect(before?.textHtml).not.toContain('Zweite Fassung');

    // Leaving the screen and coming back while the disk is still full: the text is still in the field.
    await page.getByRole('navigation').getByRole('link', { name: de.nav.start, exact: true }).click();
    await waitForScreen(page, de.start.todayTitle);
    await openAssignment(page, de.nav.aufgaben, de.aufgaben.title);
    await expect.poll(() => page.getByTestId('draft-text').innerText()).toContain('Ende.');
    await page.getByTestId('draft-state').getByText(ERROR_TEXTS['disk-full'].de).waitFor({ timeout: 30_000 });

    // Space comes back: the editor saves by itself (no click, no typing).
    fs.free();
    await state.getByText(de.outbox.state.saved, { exact: true }).waitFor({ timeout: 60_000 });
    const [after] = await invoke<{ id: string; textHtml: string }[]>(shell, 'drafts.list');
    expect(after?.textHtml).toContain('Ende.');
    const versions = await invoke<{ textHtml: string }[]>(shell, 'drafts.versions', after?.id);
    expect(versions.some((version) => version.textHtml.includes('Erste Fassung.') && !version.textHtml.includes('Zweite'))).toBe(true);
    await context.close();

    // English mode: the same situation speaks English.
    await invoke(shell, 'settings.set', 'language', 'en');
    const english = await openApp(browser, shell);
    await waitForScreen(english.page, en.start.todayTitle);
    await openAssignment(english.page, en.nav.aufgaben, en.aufgaben.title);
    fs.fill();
    await typeMany(english.page, ` Third version ${'with a lot of text '.repeat(3000)}The end.`);
    const englishState = english.page.getByTestId('draft-state');
    await englishState.getByText(ERROR_TEXTS['disk-full'].en).waitFor({ timeout: 30_000 });
    expect(await english.page.locator('body').innerText()).not.toContain(ERROR_TEXTS['disk-full'].de);
    fs.free();
    await englishState.getByText(en.outbox.state.saved, { exact: true }).waitFor({ timeout: 60_000 });
    await english.context.close();
  });
});

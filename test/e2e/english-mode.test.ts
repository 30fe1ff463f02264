/**
 * English mode, end to end, on the screens whose text main used to word in German (or pick from
 * {de, en} tables): an in-app deadline reminder, the assignment editor's file-type limit,
 * Einstellungen → Version und Updates (and the memory-only sign-in notice), the logout preview on a
 * loaner device, the privacy centre, the Diagnose screen (its report stays German for IT and is
 * marked lang="de") and a refused setting value at the API border (no UI control can send one).
 * On each screen no German text of the app (i18n, error catalog, the words main used to send) is on
 * the page outside the German report. Every other screen gets the same check in a11y.test.ts.
 */
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { FILE_TYPE_GROUP_TEXTS, formatError } from '../../preload/contract/errors';
import { en } from '../../renderer/i18n/en';
import { SEED_PASSWORD } from '../fixtures/moodle';
import { invokeShell, invokeShellRaw, useShellAndChromium } from './harness';
import { GERMAN_FRAGMENTS, germanOnPage } from './german-text';
import { openAccountSettings, openApp, signIn, useTestMoodle, waitForScreen } from './page-helpers';

const ASSIGNMENT = 'Hausaufgabe: Prozentrechnung';

// What main itself used to word in German on these screens (short words the fragments miss).
const GERMAN_WORDS = [...Object.values(FILE_TYPE_GROUP_TEXTS).map((texts) => texts.de), 'Leihgerät', 'verschlüsselt', 'Entwürfe', 'erlaubt', 'Entwicklungsversion'];
const germanOn = (page: Page) => germanOnPage(page, GERMAN_WORDS);

const invokeRaw = invokeShellRaw;
const invoke = invokeShell;

describe('English mode on a loaner device: no German on the screens main feeds', () => {
  let dir: string;
  beforeAll(() => {
    dir = mkdtempSync(join(tmpdir(), 'schuldesk-e2e-english-'));
    writeFileSync(join(dir, 'policy.json'), JSON.stringify({ sharedDevice: true }));
  });
  afterAll(() => rmSync(dir, { recursive: true, force: true }));

  const school = useTestMoodle((moodle) => {
    const assign = moodle.state.assignById(1);
    if (!assign) throw new Error('seed without assignment 1');
    assign.file = { ...assign.file, filetypes: 'document,image' };
    // Due in half an hour: the first sync brings its one-hour reminder (in the app: no system notifications here).
    assign.duedate = Math.floor(Date.now() / 1000) + 30 * 60;
  });
  const env = useShellAndChromium(() => ({ policyFile: join(dir, 'policy.json') }));

  it('reminders, file limits, updates, logout preview, privacy centre, diagnostics and a refused value speak English', { timeout: 150_000 }, async () => {
    await invoke(env.shell, 'settings.set', 'language', 'en');
    const { page, context } = await openApp(env.browser, env.shell);
    try {
      await waitForScreen(page, en.start.title);
      await signIn(page, { siteUrl: school.moodle.url, username: 'student1', password: SEED_PASSWORD });
      // A loaner device asks for the PIN before the first draft (the editor's own call).
      await invoke(env.shell, 'device.unlock', '246813');

      // Aufgaben: the in-app reminder, worded here.
      await page.getByRole('navigation').getByRole('link', { name: en.nav.aufgaben, exact: true }).click();
      await waitForScreen(page, en.aufgaben.title);
      const reminders = page.getByRole('region', { name: en.aufgaben.reminders.title });
      await reminders.getByText(`Due in one hour: ${ASSIGNMENT}`).waitFor({ timeout: 30_000 });
      expect(await reminders.innerText()).toContain('Not handed in yet.');
      expect(await germanOn(page), 'assignments with a reminder').toEqual([]);
      await reminders.getByRole('button', { name: `${en.aufgaben.reminders.dismiss}: Due in one hour: ${ASSIGNMENT}` }).click();

      // The editor: a file of a type the assignment does not take.
      await page.getByRole('button', { name: new RegExp(ASSIGNMENT) }).click();
      await page.getByRole('heading', { level: 2, name: ASSIGNMENT, exact: true }).waitFor();
      await page.locator('input[type="file"]').setInputFiles({ name: 'programm.exe', mimeType: 'application/octet-stream', buffer: Buffer.from('MZ') });
      const limitText = formatError({ code: 'limit-file-type', params: { name: 'programm.exe', fileTypes: 'document image' } }, 'en');
      expect(limitText).toBe('“programm.exe” is not an allowed file type (allowed: documents, images).');
      await page.getByText(limitText, { exact: true }).waitFor({ timeout: 30_000 });
      expect(await germanOn(page), 'assignment editor').toEqual([]);

      // Einstellungen: how this copy is updated (the browser shell decides like a development build).
      const accounts = await openAccountSettings(page);
      await page.getByTestId('update-section').getByText(en.it.updateReason.development, { exact: true }).waitFor();
      // The browser shell keeps sign-ins in memory only, and says why.
      expect(await page.getByTestId('accounts-memory-only').innerText()).toContain(en.portal.accounts.memoryOnlyReason['no-electron']);
      expect(await germanOn(page), 'settings').toEqual([]);

      // Signing out with the unsent draft: the preview is worded here, in English.
      await accounts.getByTestId('account').getByRole('button', { name: /^Sign out / }).click();
      const confirm = page.getByTestId('account-confirm');
      await confirm.waitFor();
      expect(await confirm.innerText()).toContain(en.portal.accounts.logoutPreview.shared_one);
      expect(await confirm.getByTestId('account-confirm-deletes').getByRole('listitem').allInnerTexts()).toEqual(
        (['sign-in', 'account-name', 'cached-content', 'cached-files', 'sent-drafts'] as const).map((what) => en.portal.accounts.logoutPreview.deletes[what]),
      );
      expect(await germanOn(page), 'logout preview').toEqual([]);
      await confirm.getByRole('button', { name: en.portal.accounts.keep, exact: true }).click();

      // The privacy centre: every kind of data named in English.
      await page.evaluate(() => {
        window.location.hash = '#/datenschutz';
      });
      await waitForScreen(page, en.it.privacy.title);
      const account = page.getByTestId('privacy-account');
      await account.waitFor({ timeout: 30_000 });
      expect(await account.locator('[data-privacy-item="drafts"] th').innerText()).toBe(en.it.privacy.tables.drafts);
      expect(await account.locator('[data-privacy-item="secret"] th').innerText()).toContain(en.it.privacy.secretDetail['secret-memory-only']);
      expect(await germanOn(page), 'privacy centre').toEqual([]);

      // Diagnose: the screen speaks English, the report for IT is German and marked as such.
      await page.evaluate(() => {
        window.location.hash = '#/diagnose';
      });
      await waitForScreen(page, en.it.diagnostics.title);
      const report = page.getByTestId('diagnostics-report');
      await report.waitFor({ timeout: 60_000 });
      expect(await report.getAttribute('lang')).toBe('de');
      await report.getByText(en.it.diagnostics.reportInGerman, { exact: false }).waitFor();
      expect(await germanOn(page), 'diagnostics').toEqual([]);
    } finally {
      await context.close();
    }

    // A refused value (no control sends one): code and data, no prose; the English text has no German.
    const refused = await invokeRaw(env.shell, 'settings.set', 'prefetch', 'everything');
    expect(refused).toMatchObject({ ok: false, error: { code: 'invalid-value-allowed', params: { key: 'prefetch', allowed: 'off, assignments, all' } } });
    const english = formatError(refused.error as Parameters<typeof formatError>[0], 'en');
    expect(english).toBe('This value is not allowed for “prefetch”. Allowed are: off, assignments, all.');
    expect(GERMAN_FRAGMENTS.filter((fragment) => JSON.stringify(refused).includes(fragment) || english.includes(fragment))).toEqual([]);
  });
});

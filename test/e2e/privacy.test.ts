/**
 * Privacy centre and Diagnose screen in Chromium against the browser shell. The data folder is
 * seeded before the shell starts (an account with an unsent draft and its file, as sign-in in the
 * browser shell is another engineer's part): the privacy centre lists it, exports it as a file,
 * warns about the unsent draft in a modal dialog (Escape cancels, focus returns), deletes it; the
 * Diagnose screen reports without personal data, copies and saves its text. axe on every state.
 * Also `web-shell.js --diagnose` prints the report and exits.
 */
import { spawn } from 'node:child_process';
import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync, existsSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ContentRepository } from '../../main/content/repository';
import { syncContent } from '../../main/content/content-sync';
import { HttpClient } from '../../main/net/http-client';
import { MoodleClient } from '../../main/portal/moodle-client';
import { startTestMoodle } from '../fixtures/moodle';
import type { TestMoodle } from '../fixtures/moodle';
import { openDatabase } from '../../main/store/database';
import { APP_MIGRATIONS } from '../../main/store/migrations';
import { DATABASE_FILE_NAME } from '../../main/services';
import { de } from '../../renderer/i18n/de';
import { expectNoSeriousA11yViolations, REPO_ROOT, useShellAndChromium, WEB_SHELL_ENTRY } from './harness';
import { openApp, openSignedIn, useTestMoodle, waitForScreen } from './page-helpers';
import type { Page } from 'playwright-core';

/** Waits until the announcer (the polite live region) says something matching. */
async function announced(page: Page, pattern: RegExp): Promise<string> {
  const handle = await page.waitForFunction(
    (source) => {
      const text = document.querySelector('[data-testid="announcer"]')?.textContent ?? '';
      return new RegExp(source).test(text) ? text : false;
    },
    pattern.source,
  );
  return String(await handle.jsonValue());
}

const ACCOUNT = 'acc-e2e-lena';

function seed(dataDir: string): void {
  const store = openDatabase(join(dataDir, DATABASE_FILE_NAME), { migrations: APP_MIGRATIONS });
  store.run(
    `INSERT INTO accounts (id, site_url, site_name, user_id, username, full_name, lang, created_at, last_used_at, needs_reauth)
     VALUES (?, 'http://127.0.0.1:9', 'Testschule', 4, 'student1', 'Lena Müller', 'de', 1767225600000, 1767312000000, 0)`,
    ACCOUNT,
  );
  store.run('INSERT INTO current_account (slot, account_id) VALUES (1, ?)', ACCOUNT);
  store.run(
    `INSERT INTO drafts (id, account_id, assign_id, course_id, title, text_html, files_json, version, state, created_at, updated_at)
     VALUES ('d1', ?, 1, 2, 'Bruchrechnung', '<p>Meine Lösung</p>', '[]', 1, 'saved', 1767225600000, 1767312000000)`,
    ACCOUNT,
  );
  store.close();
  mkdirSync(join(dataDir, 'drafts', ACCOUNT, 'd1'), { recursive: true });
  writeFileSync(join(dataDir, 'drafts', ACCOUNT, 'd1', 'loesung.pdf'), Buffer.alloc(2048, 7));
  // A damaged store a salvage kept for IT (its name as main/store/salvage.ts gives it; the bytes do not matter here).
  writeFileSync(join(dataDir, DAMAGED_COPY), Buffer.alloc(4096, 3));
}

const DAMAGED_COPY = 'schuldesk.damaged-20261201T080000Z.sqlite';

const dirs: string[] = [];
function seededDir(): string {
  const dir = mkdtempSync(join(tmpdir(), 'schuldesk-e2e-privacy-'));
  dirs.push(dir);
  seed(dir);
  return dir;
}

afterAll(() => {
  for (const dir of dirs) rmSync(dir, { recursive: true, force: true });
});

describe('privacy centre and Diagnose', () => {
  let moodle: TestMoodle;
  let dataDir: string;

  // Courses cached by a real content sync against the test Moodle, before the shell starts.
  beforeAll(async () => {
    moodle = await startTestMoodle();
    dataDir = seededDir();
    const store = openDatabase(join(dataDir, DATABASE_FILE_NAME), { migrations: APP_MIGRATIONS });
    try {
      const user = moodle.state.requireUser('student1');
      await syncContent(
        {
          accountId: ACCOUNT,
          site: moodle.url,
          token: moodle.state.issueToken('student1'),
          client: new MoodleClient(new HttpClient()),
          lastSuccessAt: null,
          now: Date.now(),
          signal: new AbortController().signal,
          userId: user.id,
        },
        new ContentRepository(store),
        store,
      );
    } finally {
      store.close();
    }
  });
  afterAll(async () => {
    await moodle?.close();
  });

  const env = useShellAndChromium(() => ({ dataDir }));

  it('lists the account’s data, exports it, asks before deleting unsent work, deletes it', { timeout: 120_000 }, async () => {
    const { page, context } = await openApp(env.browser, env.shell);
    // From Einstellungen by link (the privacy centre is a sub-page, not in the main navigation).
    await page.getByRole('navigation').getByRole('link', { name: de.nav.einstellungen, exact: true }).click();
    await waitForScreen(page, de.settings.title);
    await page.getByRole('link', { name: de.it.settingsPrivacyLink }).click();
    await waitForScreen(page, de.it.privacy.title);
    expect(new URL(page.url()).hash).toBe('#/datenschutz');
    expect(await page.getByRole('navigation').locator('[aria-current="true"]').textContent()).toBe(de.nav.einstellungen);

    const account = page.getByTestId('privacy-account');
    await account.waitFor();
    expect(await account.getByRole('heading', { level: 2 }).textContent()).toContain('Testschule – Lena Müller (student1)');
    const draftsRow = account.locator('[data-privacy-item="drafts"]');
    expect(await draftsRow.locator('td').first().textContent()).toBe('1');
    expect(await account.locator('[data-privacy-item="files:drafts"] td').nth(1).textContent()).toBe('2 KB');
    expect(await account.locator('[data-privacy-item="secret"] td').first().textContent()).toBe('0');
    expect(await account.locator('[data-privacy-item="content_courses"] td').first().textContent()).toBe('2');
    // The damaged copy kept for IT is device data, counted (it holds every account's data).
    expect(await page.locator('[data-privacy-item="damaged-store"] th').textContent()).toBe(de.it.privacy.kinds['damaged-store']);
    expect(await page.locator('[data-privacy-item="damaged-store"] td').first().textContent()).toBe('1');
    await expectNoSeriousA11yViolations(page, 'privacy centre with an account');

    // Export: a JSON file with the draft, never a token.
    const downloadPromise = page.waitForEvent('download');
    await page.getByRole('button', { name: 'Daten von Testschule als Datei exportieren' }).click();
    const download = await downloadPromise;
    expect(download.suggestedFilename()).toMatch(/^SchulDesk-Daten-Testschule-\d{4}-\d{2}-\d{2}\.json$/);
    const exported = JSON.parse(readFileSync((await download.path()) ?? '', 'utf8')) as { tables: { drafts: { title: string }[]; content_courses: { fullname: string }[] } };
    expect(exported.tables.drafts[0]?.title).toBe('Bruchrechnung');
    expect(exported.tables.content_courses.map((course) => course.fullname).sort()).toEqual(['Deutsch 7b', 'Mathematik 7b']);
    await announced(page, /als „SchulDesk-Daten-Testschule-.*\.json“ gespeichert/);

    // Delete: a modal dialog that names the unsent draft; Escape cancels and focus returns.
    const deleteButton = page.getByRole('button', { name: 'Alle Daten von Testschule löschen' });
    await deleteButton.click();
    const dialog = page.getByRole('dialog', { name: 'Alle Daten von Testschule löschen?' });
    await dialog.waitFor();
    await dialog.getByTestId('privacy-unsent-warning').waitFor();
    // Deleting says that the damaged copy goes too.
    expect(await dialog.getByTestId('privacy-damaged-store').textContent()).toBe(de.it.privacy.dialog.damagedStore);
    expect(await page.evaluate(() => document.activeElement?.closest('dialog') !== null)).toBe(true);
    await expectNoSeriousA11yViolations(page, 'privacy centre delete dialog');
    await page.keyboard.press('Escape');
    await dialog.waitFor({ state: 'hidden' });
    expect(await page.evaluate(() => document.activeElement?.getAttribute('aria-label'))).toBe('Alle Daten von Testschule löschen');
    expect(existsSync(join(env.shell.dataDir, 'drafts', ACCOUNT))).toBe(true);

    await deleteButton.click();
    await dialog.getByRole('button', { name: de.it.privacy.dialog.confirmUnsent }).click();
    await page.getByTestId('privacy-no-accounts').waitFor();
    await announced(page, /Alle Daten von Testschule wurden von diesem Gerät gelöscht\./);
    expect(existsSync(join(env.shell.dataDir, 'drafts', ACCOUNT))).toBe(false);
    expect(existsSync(join(env.shell.dataDir, DAMAGED_COPY))).toBe(false);
    expect(await page.locator('[data-privacy-item="damaged-store"]').count()).toBe(0);
    await expectNoSeriousA11yViolations(page, 'privacy centre after deletion');
    await context.close();
  });

  it('Diagnose: report without personal data, copy and save as file', { timeout: 120_000 }, async () => {
    const { page, context } = await openApp(env.browser, env.shell);
    await context.grantPermissions(['clipboard-read', 'clipboard-write'], { origin: env.shell.origin });
    await page.evaluate(() => (window.location.hash = '#/einstellungen'));
    await waitForScreen(page, de.settings.title);
    await page.getByRole('link', { name: de.it.settingsDiagnoseLink }).click();
    await waitForScreen(page, de.it.diagnostics.title);
    await expectNoSeriousA11yViolations(page, 'diagnose (running or done)');
    const report = page.getByTestId('diagnostics-report');
    await report.waitFor({ timeout: 60_000 });
    await page.getByRole('heading', { level: 2, name: 'Speicher' }).waitFor();
    await expectNoSeriousA11yViolations(page, 'diagnose report');

    await page.getByRole('button', { name: de.it.diagnostics.copy }).click();
    await announced(page, /Der Bericht ist in der Zwischenablage/);
    const copied = await page.evaluate(() => navigator.clipboard.readText());
    expect(copied.startsWith('SchulDesk – Diagnose')).toBe(true);
    expect(copied).not.toContain('student1');

    const downloadPromise = page.waitForEvent('download');
    await page.getByRole('button', { name: de.it.diagnostics.save }).click();
    const download = await downloadPromise;
    expect(download.suggestedFilename()).toMatch(/^SchulDesk-Diagnose-\d{4}-\d{2}-\d{2}\.txt$/);
    const text = readFileSync((await download.path()) ?? '', 'utf8');
    expect(text).toContain('== Speicher ==');
    expect(text).toContain('Version: ');
    for (const forbidden of ['student1', 'Lena', 'Müller', ACCOUNT, 'Bruchrechnung']) expect(text).not.toContain(forbidden);
    await context.close();
  });
});

describe('web-shell --diagnose', () => {
  it('prints the report and exits, without personal data', { timeout: 60_000 }, async () => {
    const dataDir = seededDir();
    const policyDir = mkdtempSync(join(tmpdir(), 'schuldesk-e2e-diag-policy-'));
    dirs.push(policyDir);
    writeFileSync(join(policyDir, 'policy.json'), '{"cameraGate": true}\n');
    const child = spawn(process.execPath, [WEB_SHELL_ENTRY, '--diagnose'], {
      cwd: REPO_ROOT,
      env: { ...process.env, SCHULDESK_DATA_DIR: dataDir, SCHULDESK_POLICY_FILE: join(policyDir, 'policy.json') },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let stdout = '';
    child.stdout.setEncoding('utf8').on('data', (chunk: string) => (stdout += chunk));
    const code = await new Promise<number | null>((resolve) => child.once('exit', resolve));
    expect(code).toBe(0);
    expect(stdout.startsWith('SchulDesk – Diagnose')).toBe(true);
    // The effective policy with the source of each value.
    expect(stdout).toContain(`cameraGate: true  [Richtlinie: ${join(policyDir, 'policy.json')}, gesperrt]`);
    expect(stdout).toContain('Konten auf diesem Gerät: 1');
    for (const forbidden of ['student1', 'Lena', ACCOUNT]) expect(stdout).not.toContain(forbidden);
    // A copy for Windows, where a GUI program has no console (in the log folder the shell created).
    expect(readFileSync(join(dataDir, 'logs', 'diagnose.txt'), 'utf8')).toBe(stdout);
  });
});

describe('privacy centre after a real sign-in', () => {
  const portal = useTestMoodle();
  const env = useShellAndChromium();

  it('shows the signed-in account (secret in memory), exports it without the token, deletes it', { timeout: 120_000 }, async () => {
    const { moodle } = portal;
    const { page, context } = await openSignedIn(env, moodle.url);
    try {
      await page.evaluate(() => (window.location.hash = '#/datenschutz'));
      await waitForScreen(page, de.it.privacy.title);
      const account = page.getByTestId('privacy-account');
      await account.waitFor();
      const heading = (await account.getByRole('heading', { level: 2 }).textContent()) ?? '';
      expect(heading).toContain('Lena Müller (student1)');
      const secret = account.locator('[data-privacy-item="secret"]');
      expect(await secret.locator('td').first().textContent()).toBe('1');
      expect(await secret.locator('th').textContent()).toContain('Nur im Arbeitsspeicher');
      await expectNoSeriousA11yViolations(page, 'privacy centre, signed in');

      const downloadPromise = page.waitForEvent('download');
      await account.getByRole('button', { name: /exportieren/ }).click();
      const json = readFileSync((await (await downloadPromise).path()) ?? '', 'utf8');
      expect((JSON.parse(json) as { account: { username: string } }).account.username).toBe('student1');
      const tokens = [...moodle.state.tokens.keys()];
      expect(tokens.length).toBeGreaterThan(0);
      for (const token of tokens) expect(json).not.toContain(token);

      await account.getByRole('button', { name: /löschen/ }).click();
      const dialog = page.getByRole('dialog');
      await dialog.waitFor();
      expect(await dialog.getByTestId('privacy-unsent-warning').count()).toBe(0);
      await expectNoSeriousA11yViolations(page, 'privacy centre, delete dialog without unsent work');
      await dialog.getByRole('button', { name: de.it.privacy.dialog.confirm }).click();
      await page.getByTestId('privacy-no-accounts').waitFor();
      await expectNoSeriousA11yViolations(page, 'privacy centre, account deleted');
    } finally {
      await context.close();
    }
  });
});

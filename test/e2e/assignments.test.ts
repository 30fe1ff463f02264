/**
 * The Aufgaben screen in Chromium against the browser shell, from what the store already holds
 * (the portal is unreachable and the browser shell has no saved sign-in): the list grouped by due
 * date, keyboard to a detail view with the task, grade and the editor, back to the list with focus
 * kept, an in-app deadline reminder (no system notifications here), and "Jetzt synchronisieren"
 * announcing that a new sign-in is needed. axe on every state.
 * The account and the synced assignments are written into the data folder before the shell starts.
 * Second block: sign in through the UI against the test Moodle; the first sync fills the list, a
 * draft typed in an assignment is sent and shows "Gesendet", and the portal has the text.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { AssignmentsRepository } from '../../main/assignments/index';
import { DATABASE_FILE_NAME } from '../../main/services';
import { openDatabase } from '../../main/store/database';
import { APP_MIGRATIONS } from '../../main/store/migrations';
import { de } from '../../renderer/i18n/de';
import { expectNoSeriousA11yViolations, useShellAndChromium } from './harness';
import { focusedId, openApp, openSignedIn, useTestMoodle, waitForScreen } from './page-helpers';

const DAY = 24 * 3_600_000;

function seededDataDir(): string {
  const dataDir = mkdtempSync(join(tmpdir(), 'schuldesk-e2e-assignments-'));
  const store = openDatabase(join(dataDir, DATABASE_FILE_NAME), { migrations: APP_MIGRATIONS });
  store.run(
    `INSERT INTO accounts (id, site_url, site_name, user_id, username, full_name, lang, created_at, last_used_at, needs_reauth)
     VALUES ('acc-lena', 'http://127.0.0.1:9', 'Testschule', 4, 'student1', 'Lena Müller', 'de', 1, 1, 0)`,
  );
  store.run("INSERT INTO current_account (slot, account_id) VALUES (1, 'acc-lena')");
  const repo = new AssignmentsRepository(store);
  const now = Date.now();
  const onlineText = [{ plugin: 'onlinetext', subtype: 'assignsubmission', name: 'enabled', value: '1' }];
  const add = (assignId: number, name: string, dueAt: number, status: string, grade: string | null = null) => {
    repo.upsertAssignment('acc-lena', {
      assignId, cmid: 100 + assignId, courseId: 2, name, dueAt, cutoffAt: 0, configs: onlineText, files: [],
      introHtml: `<p>Bearbeite <strong>${name}</strong>.</p><script>alert(1)</script><img src=x onerror="alert(2)">`,
    }, now);
    repo.upsertStatus('acc-lena', { assignId, status, timeModified: 0, grade, feedbackHtml: null, raw: null }, now);
  };
  add(1, 'Hausaufgabe: Prozentrechnung', now + 2 * DAY, 'new');
  add(2, 'Wochenplan Geometrie', now + 20 * DAY, 'new');
  add(3, 'Erörterung: Handyverbot an Schulen?', now - DAY, 'new');
  add(4, 'Grammatik: Satzglieder bestimmen', now - 3 * DAY, 'submitted', '85,00 / 100,00');
  // Due in 30 minutes: its 1-hour reminder is due as soon as the app starts.
  add(5, 'Vokabeltest vorbereiten', now + 30 * 60_000, 'new');
  store.close();
  return dataDir;
}

describe('Aufgaben from the store', () => {
  const dataDir = seededDataDir();
  const env = useShellAndChromium({ dataDir });
  afterAll(() => rmSync(dataDir, { recursive: true, force: true }));

  it('lists by due date, opens a detail with the editor by keyboard, and says when a sign-in is needed', { timeout: 120_000 }, async () => {
    const { context, page } = await openApp(env.browser, env.shell);
    try {
      await page.getByRole('navigation').getByRole('link', { name: de.nav.aufgaben }).click();
      await waitForScreen(page, de.aufgaben.title);
      await page.getByTestId('assignment-item').first().waitFor();
      const groups = await page.locator('[data-testid^="assignment-group-"] h2').allInnerTexts();
      expect(groups.map((g) => g.replace(/\s*\(\d+\)$/, ''))).toEqual([
        de.aufgaben.groups.overdue, de.aufgaben.groups.week, de.aufgaben.groups.later, de.aufgaben.groups.submitted,
      ]);
      expect(await page.getByTestId('assignment-group-week').innerText()).toContain('Hausaufgabe: Prozentrechnung');
      expect(await page.getByTestId('assignment-group-submitted').innerText()).toContain('85,00 / 100,00');
      await expect.poll(() => page.getByTestId('sync-control').getAttribute('data-state')).toBe('needs-sign-in');
      // No system notifications in the browser shell: the reminder is shown in the app.
      const reminders = page.getByRole('region', { name: de.aufgaben.reminders.title });
      expect(await reminders.innerText()).toContain('Abgabe in einer Stunde: Vokabeltest vorbereiten');
      await expectNoSeriousA11yViolations(page, 'Aufgaben: Liste mit Erinnerung');
      await reminders.getByRole('button', { name: `${de.aufgaben.reminders.dismiss}: Abgabe in einer Stunde: Vokabeltest vorbereiten` }).click();
      expect(await page.getByRole('region', { name: de.aufgaben.reminders.title }).count()).toBe(0);

      // Keyboard: focus the entry and open it with Enter.
      await page.locator('#assignment-1').focus();
      await page.keyboard.press('Enter');
      await page.getByRole('heading', { level: 2, name: 'Hausaufgabe: Prozentrechnung', exact: true }).waitFor();
      expect(await focusedId(page)).toBe('assignment-detail-title');
      const description = page.locator('.assignment-description');
      expect(await description.innerHTML()).not.toMatch(/<script|<img|onerror/);
      expect(await description.innerText()).toContain('Bearbeite Hausaufgabe: Prozentrechnung.');
      await page.getByRole('textbox', { name: de.outbox.editor.textLabel }).waitFor();
      await expectNoSeriousA11yViolations(page, 'Aufgaben: Detail mit Editor');

      await page.getByRole('button', { name: de.aufgaben.detail.back }).click();
      await page.locator('#assignment-1').waitFor();
      expect(await focusedId(page)).toBe('assignment-1');

      // A submitted one shows its grade and no editor.
      await page.locator('#assignment-4').click();
      await page.getByRole('heading', { level: 2, name: 'Grammatik: Satzglieder bestimmen', exact: true }).waitFor();
      expect(await page.locator('.assignment-detail').innerText()).toContain(de.aufgaben.detail.submittedNote);
      expect(await page.getByRole('textbox', { name: de.outbox.editor.textLabel }).count()).toBe(0);
      await expectNoSeriousA11yViolations(page, 'Aufgaben: abgegebene Aufgabe');

      await page.getByRole('button', { name: de.sync.now }).click();
      await expect.poll(() => page.getByTestId('announcer').innerText()).toContain(de.sync.announce.needsSignIn);
      await expectNoSeriousA11yViolations(page, 'Aufgaben: Synchronisieren ohne Anmeldung');
    } finally {
      await context.close();
    }
  });
});

describe('Aufgaben after signing in to the test Moodle', () => {
  const portal = useTestMoodle();
  const env = useShellAndChromium();

  it('the first sync lists the seeded assignments; a draft typed in one is sent after sign-in', { timeout: 120_000 }, async () => {
    const { moodle } = portal;
    const { context, page } = await openSignedIn(env, moodle.url);
    try {
      await page.getByRole('navigation').getByRole('link', { name: de.nav.aufgaben }).click();
      await waitForScreen(page, de.aufgaben.title);
      await page.getByRole('button', { name: /Hausaufgabe: Prozentrechnung/ }).waitFor({ timeout: 20_000 });
      const all = await page.getByTestId('assignment-item').allInnerTexts();
      for (const title of ['Hausaufgabe: Prozentrechnung', 'Wochenplan Geometrie', 'Erörterung: Handyverbot an Schulen?', 'Grammatik: Satzglieder bestimmen']) {
        expect(all.some((text) => text.includes(title)), title).toBe(true);
      }
      expect(await page.getByTestId('assignment-group-submitted').innerText()).toContain('85.00 / 100.00');
      await expectNoSeriousA11yViolations(page, 'Aufgaben nach der Anmeldung');

      await page.getByRole('button', { name: /Hausaufgabe: Prozentrechnung/ }).click();
      const field = page.getByRole('textbox', { name: de.outbox.editor.textLabel });
      await field.click();
      await page.keyboard.type('Der Grundwert ist 250 Euro.');
      await page.getByTestId('draft-state').getByText(de.outbox.state.saved, { exact: true }).waitFor();
      await expectNoSeriousA11yViolations(page, 'Aufgabe mit Entwurf');
      await page.getByRole('button', { name: de.outbox.editor.sendDraft }).click();
      await page.getByTestId('draft-state').getByText(de.outbox.state.sent, { exact: true }).waitFor({ timeout: 30_000 });
      await expectNoSeriousA11yViolations(page, 'Aufgabe gesendet');
      const submission = moodle.state.getSubmission(1, 'student1');
      expect(JSON.stringify(submission)).toContain('Der Grundwert ist 250 Euro.');
    } finally {
      await context.close();
    }
  });
});

/**
 * Kurse in Chromium against the browser shell. Without an account: the empty state. With the
 * content cache filled by a real sync against the test Moodle (run here before the shell starts;
 * the browser shell keeps tokens in memory only, so the shell itself works from the cache): the
 * course list with "Stand", a course with its sections and modules by type (Textfeld inline, the
 * link target shown, Aufgabe/Konferenz links), keyboard only; the Start screen's deadlines.
 * Signed in through the UI: a course, a page (image embedded by main), a file (in the viewer, with
 * "Speichern"). Two schools, the second added through the UI: both courses of each school,
 * switching between them, and each school's own deadlines on Start. axe on every state.
 */
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Page } from 'playwright-core';
import { ContentRepository } from '../../main/content/repository';
import { syncContent } from '../../main/content/content-sync';
import { HttpClient } from '../../main/net/http-client';
import { MoodleClient } from '../../main/portal/moodle-client';
import { DATABASE_FILE_NAME } from '../../main/services';
import { openDatabase } from '../../main/store/database';
import { APP_MIGRATIONS } from '../../main/store/migrations';
import { de } from '../../renderer/i18n/de';
import { createSchoolSeed, SEED_PASSWORD, startTestMoodle } from '../fixtures/moodle';
import type { TestMoodle } from '../fixtures/moodle';
import { expectNoSeriousA11yViolations, useShellAndChromium } from './harness';
import { openAccountMenu, openApp, openSignedIn, signIn, useTestMoodle, waitForScreen } from './page-helpers';

const ACCOUNT = 'acc-e2e-courses';

/**
 * A data folder as an earlier run leaves it: student1's account (current) and a real content sync
 * against the test Moodle, written before the browser shell starts (which keeps no token).
 */
async function seedSyncedAccount(moodle: TestMoodle, dataDir: string, then?: (repo: ContentRepository) => void): Promise<void> {
  const store = openDatabase(join(dataDir, DATABASE_FILE_NAME), { migrations: APP_MIGRATIONS });
  try {
    const user = moodle.state.requireUser('student1');
    store.run(
      `INSERT INTO accounts (id, site_url, site_name, user_id, username, full_name, lang, created_at, last_used_at, needs_reauth)
       VALUES (?, ?, 'Testschule', ?, 'student1', 'Lena Müller', 'de', 0, 0, 0)`,
      ACCOUNT, moodle.url, user.id,
    );
    store.run('INSERT INTO current_account (slot, account_id) VALUES (1, ?)', ACCOUNT);
    const repo = new ContentRepository(store);
    await syncContent(
      {
        accountId: ACCOUNT, site: moodle.url, token: moodle.state.issueToken('student1'), client: new MoodleClient(new HttpClient()),
        lastSuccessAt: null, now: Date.now(), signal: new AbortController().signal, userId: user.id,
      },
      repo, store,
    );
    then?.(repo);
  } finally {
    store.close();
  }
}

describe('Kurse without an account', () => {
  const env = useShellAndChromium();

  it('shows the empty state', async () => {
    const { page, context } = await openApp(env.browser, env.shell);
    try {
      await page.getByRole('navigation', { name: de.app.navLabel }).getByRole('link', { name: de.nav.kurse }).click();
      await waitForScreen(page, de.content.title);
      await page.getByRole('heading', { level: 2, name: de.content.notSignedInTitle }).waitFor();
      await expectNoSeriousA11yViolations(page, 'Kurse (nicht angemeldet)');
    } finally {
      await context.close();
    }
  });
});

describe('Kurse from the content cache', () => {
  let moodle: TestMoodle;
  const dataDir = mkdtempSync(join(tmpdir(), 'schuldesk-e2e-courses-'));

  beforeAll(async () => {
    moodle = await startTestMoodle();
    await seedSyncedAccount(moodle, dataDir);
  });
  afterAll(async () => {
    await moodle.close();
    rmSync(dataDir, { recursive: true, force: true });
  });

  const env = useShellAndChromium(() => ({ dataDir }));

  it('lists the courses, opens one by keyboard, shows modules by type; Start shows deadlines', async () => {
    const { page, context } = await openApp(env.browser, env.shell);
    try {
      await page.getByRole('heading', { level: 2, name: de.start.deadlines.title }).waitFor();
      await expectNoSeriousA11yViolations(page, 'Start mit Terminen');

      await page.getByRole('navigation', { name: de.app.navLabel }).getByRole('link', { name: de.nav.kurse }).click();
      await waitForScreen(page, de.content.title);
      const list = page.getByRole('list', { name: de.content.listLabel });
      await list.waitFor();
      expect(await list.getByRole('button').allTextContents()).toEqual(expect.arrayContaining(['Mathematik 7b', 'Deutsch 7b']));
      expect(await list.textContent()).toContain('Stand:');
      await expectNoSeriousA11yViolations(page, 'Kursliste');

      const mathe = list.getByRole('button', { name: 'Mathematik 7b' });
      await mathe.focus();
      await page.keyboard.press('Enter');
      const heading = page.getByRole('heading', { level: 2, name: 'Mathematik 7b' });
      await heading.waitFor();
      // Focus moves to the course heading (screen readers start there).
      expect(await page.evaluate(() => document.activeElement?.textContent)).toBe('Mathematik 7b');
      await page.getByRole('checkbox', { name: de.content.offlineToggle }).waitFor();
      const text = (await page.locator('main').textContent()) ?? '';
      for (const kind of ['file', 'page', 'url', 'folder', 'assign', 'bigbluebuttonbn'] as const) expect(text).toContain(de.content.kind[kind]);
      expect(text).toMatch(/Ziel: https:\/\//);
      expect(await page.getByRole('link', { name: de.content.toAssignments }).first().getAttribute('href')).toMatch(/^#\/aufgaben\?aufgabe=\d+$/);
      expect(await page.getByRole('link', { name: de.content.toConferences }).first().getAttribute('href')).toBe('#/konferenzen');
      // Every module's title opens it (a label is inline text, no title).
      const modules = page.locator('li.content-module:not(.content-label)');
      expect(await page.locator('li.content-module:not(.content-label) .content-module-title .content-module-link').count()).toBe(await modules.count());
      await expectNoSeriousA11yViolations(page, 'Kursansicht');
      await page.getByRole('button', { name: de.content.back }).click();
      await list.waitFor();
    } finally {
      await context.close();
    }
  });
});

describe('Kurse when the school turned offline storage off (policy offlineEnabled false)', () => {
  let moodle: TestMoodle;
  const dataDir = mkdtempSync(join(tmpdir(), 'schuldesk-e2e-courses-offline-off-'));
  const policyFile = join(dataDir, 'policy.json');

  beforeAll(async () => {
    moodle = await startTestMoodle();
    writeFileSync(policyFile, JSON.stringify({ offlineEnabled: false }));
    await seedSyncedAccount(moodle, dataDir, (repo) => {
      // Marked "Offline verfügbar" in an earlier run, before IT turned it off.
      const mathe = repo.courses(ACCOUNT).find((course) => course.fullname === 'Mathematik 7b');
      if (mathe) repo.setOffline(ACCOUNT, mathe.courseId, true);
    });
  });
  afterAll(async () => {
    await moodle.close();
    rmSync(dataDir, { recursive: true, force: true });
  });

  const env = useShellAndChromium(() => ({ dataDir, policyFile }));

  it('offers no "Offline verfügbar" toggle but says why, and the earlier mark is gone', async () => {
    const { page, context } = await openApp(env.browser, env.shell);
    try {
      await page.getByRole('navigation', { name: de.app.navLabel }).getByRole('link', { name: de.nav.kurse }).click();
      await waitForScreen(page, de.content.title);
      const list = page.getByRole('list', { name: de.content.listLabel });
      await list.waitFor();
      expect(await list.textContent()).not.toContain(de.content.offlineBadge);
      await list.getByRole('button', { name: 'Mathematik 7b' }).click();
      await page.getByRole('heading', { level: 2, name: 'Mathematik 7b' }).waitFor();
      await page.getByTestId('offline-disabled').waitFor();
      expect(await page.getByTestId('offline-disabled').textContent()).toBe(de.content.offlineDisabled);
      expect(await page.getByRole('checkbox', { name: de.content.offlineToggle }).count()).toBe(0);
      await expectNoSeriousA11yViolations(page, 'Kursansicht (offline aus)');
    } finally {
      await context.close();
    }
  });
});

describe('Kurse signed in', () => {
  const portal = useTestMoodle();
  const env = useShellAndChromium();

  it('signs in, opens Kurse, a course, a page and a file', async () => {
    const { moodle } = portal;
    const { page, context } = await openSignedIn(env, moodle.url);
    try {
      await page.getByRole('navigation', { name: de.app.navLabel }).getByRole('link', { name: de.nav.kurse }).click();
      await waitForScreen(page, de.content.title);
      const list = page.getByRole('list', { name: de.content.listLabel });
      await list.getByRole('button', { name: 'Mathematik 7b' }).click();
      await page.getByRole('heading', { level: 2, name: 'Mathematik 7b' }).waitFor();
      await expectNoSeriousA11yViolations(page, 'Kursansicht (angemeldet)');

      // A file: main downloads it with the token; the viewer shows it from the app's own origin (see file-viewer.test.ts).
      // Opened by the module's title (it opens the module as its own button does).
      await page.locator('li.content-module', { has: page.getByRole('button', { name: 'Arbeitsblatt_Bruchrechnung.pdf öffnen' }) }).locator('.content-module-link').click();
      const save = page.getByRole('link', { name: 'Arbeitsblatt_Bruchrechnung.pdf speichern' });
      await save.waitFor();
      expect(await save.getAttribute('href')).toMatch(/^\/files\/[0-9a-f]{64}\/Arbeitsblatt_Bruchrechnung\.pdf$/);
      await expectNoSeriousA11yViolations(page, 'Datei bereit');
      // Closed again (see offline-work.test.ts: a click right after a scroll can reach the PDF viewer's frame).
      await page.getByRole('button', { name: de.content.closeFileNamed.replace('{{name}}', 'Arbeitsblatt_Bruchrechnung.pdf') }).click();

      // A page: sanitised in main, its image embedded.
      await page.locator('li.content-module', { has: page.getByRole('button', { name: new RegExp(`^${de.content.openPage}: `) }) }).first().locator('.content-module-link').click();
      const article = page.getByRole('article');
      await article.locator('img').first().waitFor();
      expect(await article.locator('img').first().getAttribute('src')).toMatch(/^data:image\/png;base64,/);
      expect(await article.locator('script').count()).toBe(0);
      await expectNoSeriousA11yViolations(page, 'Seite');
      await page.getByRole('button', { name: de.content.backToCourse.replace('{{course}}', 'Mathematik 7b') }).click();
      await page.getByRole('heading', { level: 2, name: 'Mathematik 7b' }).waitFor();
    } finally {
      await context.close();
    }
  });
});

describe('Kurse at two schools', () => {
  let schoolA: TestMoodle;
  let schoolB: TestMoodle;
  beforeAll(async () => {
    schoolA = await startTestMoodle();
    // Another school with its own courses (same seed shape, other names), so nothing can pass by showing school A's.
    const seed = createSchoolSeed();
    seed.site.fullname = 'Gymnasium Nord';
    const [first, second] = seed.courses;
    if (!first || !second) throw new Error('the seed has two courses');
    Object.assign(first, { fullname: 'Physik 8a', shortname: 'PH8A' });
    Object.assign(second, { fullname: 'Englisch 8a', shortname: 'EN8A' });
    schoolB = await startTestMoodle({ seed });
  });
  afterAll(async () => {
    await schoolA.close();
    await schoolB.close();
  });
  const env = useShellAndChromium();

  /** Kurse → the course → its heading and one of its files → back to the list. */
  async function browse(page: Page, course: string, file: string): Promise<void> {
    const list = page.getByRole('list', { name: de.content.listLabel });
    await list.getByRole('button', { name: course, exact: true }).click();
    await page.getByRole('heading', { level: 2, name: course }).waitFor();
    await page.getByRole('button', { name: `${file} öffnen` }).waitFor();
    await expectNoSeriousA11yViolations(page, `Kurs ${course}`);
    await page.getByRole('button', { name: de.content.back }).click();
    await list.waitFor();
  }

  async function courseNames(page: Page): Promise<string[]> {
    const list = page.getByRole('list', { name: de.content.listLabel });
    await list.getByRole('button').first().waitFor();
    return (await list.getByRole('button').allTextContents()).sort();
  }

  /** The Start card's entry for this assignment at this course (name, then "course · fällig …"). */
  const deadline = (page: Page, name: string, course: string) =>
    page.locator('section[aria-labelledby="today-deadlines"] li', { hasText: name }).filter({ hasText: `${course} · ` });
  const switchTo = (name: string, school: string) => de.portal.accounts.switch.replace('{{name}}', name).replace('{{school}}', school);

  it('signs in at two schools and browses both courses of each, with each school\'s deadlines on Start', async () => {
    const { page, context } = await openApp(env.browser, env.shell);
    try {
      const nav = page.getByRole('navigation', { name: de.app.navLabel });
      await signIn(page, { siteUrl: schoolA.url, username: 'student1', password: SEED_PASSWORD });
      // The second school through the header's "Schule hinzufügen" (signIn() clicks it once an account exists).
      expect(await page.getByTestId('header-signin').textContent()).toBe(de.portal.header.addSchool);
      await signIn(page, { siteUrl: schoolB.url, username: 'student2', password: SEED_PASSWORD });
      expect(await page.getByTestId('account-current').textContent()).toContain('Jonas Schmidt');

      // Back to school A through the account menu: its deadlines on Start, both its courses in Kurse.
      const menu = await openAccountMenu(page);
      await menu.getByRole('button', { name: switchTo('Lena Müller', 'Testschule SchulDesk') }).click();
      await expect.poll(() => page.getByTestId('account-current').textContent()).toContain('Lena Müller');
      const dueA = deadline(page, 'Hausaufgabe: Prozentrechnung', 'Mathematik 7b');
      await dueA.waitFor({ timeout: 30_000 });
      expect(await dueA.textContent()).toMatch(/fällig \S/);
      await deadline(page, 'Erörterung: Handyverbot an Schulen?', 'Deutsch 7b').waitFor();
      expect(await page.locator('section[aria-labelledby="today-deadlines"]').textContent()).not.toContain('Physik 8a');
      await expectNoSeriousA11yViolations(page, 'Start, Schule A');

      await nav.getByRole('link', { name: de.nav.kurse }).click();
      await waitForScreen(page, de.content.title);
      expect(await courseNames(page)).toEqual(['Deutsch 7b', 'Mathematik 7b']);
      await browse(page, 'Mathematik 7b', 'Arbeitsblatt_Bruchrechnung.pdf');
      await browse(page, 'Deutsch 7b', 'Erlkoenig_Goethe.pdf');

      // Switch to school B on Start: its own deadlines, then its own two courses.
      await nav.getByRole('link', { name: de.nav.start }).click();
      await (await openAccountMenu(page)).getByRole('button', { name: switchTo('Jonas Schmidt', 'Gymnasium Nord') }).click();
      await expect.poll(() => page.getByTestId('account-current').textContent()).toContain('Jonas Schmidt');
      const dueB = deadline(page, 'Hausaufgabe: Prozentrechnung', 'Physik 8a');
      await dueB.waitFor({ timeout: 30_000 });
      expect(await dueB.textContent()).toMatch(/fällig \S/);
      expect(await page.locator('section[aria-labelledby="today-deadlines"]').textContent()).not.toContain('Mathematik 7b');
      await expectNoSeriousA11yViolations(page, 'Start, Schule B');

      await nav.getByRole('link', { name: de.nav.kurse }).click();
      await waitForScreen(page, de.content.title);
      await expect.poll(() => courseNames(page), { timeout: 30_000 }).toEqual(['Englisch 8a', 'Physik 8a']);
      await browse(page, 'Physik 8a', 'Arbeitsblatt_Bruchrechnung.pdf');
      await browse(page, 'Englisch 8a', 'Erlkoenig_Goethe.pdf');
    } finally {
      await context.close();
    }
  });
});

/**
 * Issue 15, "Start = today", end to end in Chromium against the browser shell and the test Moodle (a
 * school with a long name): student1 signs in through the UI and Start is her day — the Mathe room
 * running (with "Beitreten") and the Deutsch office hour waiting for the teacher, "Wochenplan
 * Geometrie" overdue at the top of the deadlines, a link the teacher added after the first sync as new
 * material, and two hand-ins the portal refuses for now (503 + Retry-After) in the outbox with their
 * reason. Then the portal goes away: after a reload Start still shows the stored day and says how old
 * it is. The new material opens its course at that module. The header stays one row with the long
 * school name and does not cover the navigation on a scrolled course page. axe on every state.
 */
import type { Browser, BrowserContext, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { de } from '../../renderer/i18n/de';
import { callRest, createSchoolSeed, SEED_PASSWORD, startTestMoodle } from '../fixtures/moodle';
import type { TestMoodle } from '../fixtures/moodle';
import { expectNoSeriousA11yViolations, invokeShell, launchChromium, startBrowserShell } from './harness';
import type { BrowserShell } from './harness';
import { openApp, signIn, waitForScreen } from './page-helpers';

const SCHOOL = 'Gesamtschule am Rosenberg (Oberstufe)';
const REST = '/webservice/rest/server.php';
const NEW_MATERIAL = 'Erklärvideo: Brüche kürzen';

describe('Start = today', () => {
  let moodle: TestMoodle;
  let browser: Browser;
  let shell: BrowserShell;
  let context: BrowserContext;
  let page: Page;

  beforeAll(async () => {
    const seed = createSchoolSeed();
    seed.site.fullname = SCHOOL;
    moodle = await startTestMoodle({ seed });
    // The Mathe lesson is on: the teacher joined it with the join URL Moodle issued her (as in conferences.test.ts).
    const answer = (await callRest(moodle.url, moodle.state.issueToken('teacher1'), 'mod_bigbluebuttonbn_get_join_url', { cmid: 8 })) as { join_url?: string };
    if (!answer.join_url) throw new Error(`no join URL: ${JSON.stringify(answer)}`);
    expect((await fetch(answer.join_url, { redirect: 'manual' })).status).toBe(302);
    browser = await launchChromium();
    shell = await startBrowserShell();
  });

  afterAll(async () => {
    await context?.close();
    await browser?.close();
    await shell?.stop();
    await moodle?.close();
  });

  /** The shell's HTTP API, as the page's bridge calls it. */
  const invoke = (method: string, ...args: unknown[]): Promise<unknown> => invokeShell(shell, method, ...args);

  const syncNow = async (state: 'idle' | 'offline' | 'failed') => {
    await page.getByRole('button', { name: de.sync.now }).click();
    await expect.poll(() => page.getByTestId('sync-control').getAttribute('data-state'), { timeout: 30_000 }).toBe(state);
  };

  it('signs in; Start shows the running room, the waiting room and the overdue assignment first', async () => {
    ({ context, page } = await openApp(browser, shell));
    // Nobody signed in: the welcome text.
    await waitForScreen(page, de.start.title);
    await signIn(page, { siteUrl: moodle.url, username: 'student1', password: SEED_PASSWORD });
    await waitForScreen(page, de.start.todayTitle);
    expect(await page.getByText(de.start.intro).count()).toBe(0);
    await expect.poll(() => page.getByTestId('sync-control').getAttribute('data-state'), { timeout: 30_000 }).toBe('idle');

    const rooms = page.getByTestId('today-room');
    const mathe = rooms.filter({ hasText: 'Mathe-Videokonferenz 7b' });
    await mathe.waitFor({ timeout: 20_000 });
    expect(await mathe.getByTestId('today-room-state').innerText()).toBe(de.start.rooms.running);
    expect(await mathe.innerText()).toContain('Mathematik 7b');
    await mathe.getByRole('button', { name: de.start.rooms.joinLabel.replace('{{name}}', 'Mathe-Videokonferenz 7b') }).waitFor();
    const deutsch = rooms.filter({ hasText: 'Deutsch-Sprechstunde' });
    expect(await deutsch.getByTestId('today-room-state').innerText()).toBe(de.start.rooms.waiting);
    expect(await deutsch.getByRole('button').count()).toBe(0);

    const deadlines = page.getByTestId('today-deadline');
    await expect.poll(() => deadlines.count(), { timeout: 20_000 }).toBeGreaterThan(1);
    const first = deadlines.first();
    expect(await first.getAttribute('data-overdue')).toBe('true');
    expect(await first.innerText()).toContain(de.start.deadlines.overdue);
    const overdue = await deadlines.evaluateAll((items) => items.map((item) => item.getAttribute('data-overdue')));
    // Overdue first, then the ones still to come.
    expect(overdue.indexOf('false')).toBeGreaterThan(0);
    expect(overdue.slice(overdue.indexOf('false'))).not.toContain('true');
    expect(await page.getByTestId('today-deadlines').innerText()).toContain('Wochenplan Geometrie');
    // One click from where it lives: the assignment in Aufgaben.
    expect(await page.getByRole('link', { name: 'Wochenplan Geometrie' }).getAttribute('href')).toBe('#/aufgaben?aufgabe=2');
    // Nothing new yet: the first sync is the baseline.
    expect(await page.getByTestId('today-news-item').count()).toBe(0);
    await expectNoSeriousA11yViolations(page, 'Start: heute (angemeldet)');
  });

  it('joining the running room from Start asks for the rules first (Konferenzen), then answers', async () => {
    await page.getByRole('button', { name: de.start.rooms.joinLabel.replace('{{name}}', 'Mathe-Videokonferenz 7b') }).click();
    await waitForScreen(page, de.konferenzen.title);
    await page.getByRole('heading', { level: 2, name: de.conference.rulesTitle }).waitFor();
    await page.getByRole('checkbox', { name: de.conference.rulesRead }).check();
    await page.getByRole('button', { name: de.conference.rulesConfirm }).click();
    await expect.poll(() => page.getByTestId('conference-notice').textContent()).toBe(de.conference.joinDesktopOnly);
    await page.getByRole('navigation', { name: de.app.navLabel }).getByRole('link', { name: de.nav.start }).click();
    await waitForScreen(page, de.start.todayTitle);
    // Rules acknowledged: now Start joins directly (the browser shell has no hardened window: it says so).
    await page.getByRole('button', { name: de.start.rooms.joinLabel.replace('{{name}}', 'Mathe-Videokonferenz 7b') }).click();
    await expect.poll(() => page.getByTestId('today-room-notice').textContent()).toBe(de.conference.joinDesktopOnly);
  });

  it('a material the teacher adds is new on Start after the next sync', async () => {
    moodle.state.addUrlModule(2, 1, { name: NEW_MATERIAL, externalurl: 'https://video.example.org/brueche' });
    await syncNow('idle');
    const item = page.getByTestId('today-news-item').filter({ hasText: NEW_MATERIAL });
    await item.waitFor({ timeout: 20_000 });
    expect(await item.innerText()).toContain(de.start.news.kind.material.new);
    expect(await item.innerText()).toContain('Mathematik 7b');
    expect(await item.getByRole('link', { name: NEW_MATERIAL }).getAttribute('href')).toMatch(/^#\/kurse\?kurs=2&modul=\d+$/);
    await expectNoSeriousA11yViolations(page, 'Start: neues Material');
  });

  it('two hand-ins the portal refuses for now wait in the outbox, with the reason', async () => {
    // The outbox's first call for each item gets 503 + Retry-After: both wait.
    moodle.state.faults.inject({ path: REST, wsfunction: 'mod_assign_get_submission_status', times: 1000, fault: { type: 'status', status: 503, retryAfter: 600 } });
    for (const [assignId, courseId, title] of [
      [1, 2, 'Hausaufgabe: Prozentrechnung'],
      [3, 3, 'Erörterung: Handyverbot an Schulen?'],
    ] as const) {
      const draft = (await invoke('drafts.open', assignId, { courseId, title })) as { id: string };
      await invoke('drafts.saveText', draft.id, `<p>Meine Lösung zu ${title}</p>`);
      await invoke('outbox.send', draft.id, { handin: true, acceptStatement: true });
    }
    const summary = page.getByTestId('today-outbox-summary');
    await expect.poll(() => summary.textContent().catch(() => null), { timeout: 30_000 }).toBe(de.start.outbox.waiting_other.replace('{{count}}', '2'));
    await expect.poll(() => page.getByTestId('today-outbox-reason').count(), { timeout: 30_000 }).toBe(2);
    const reasons = await page.getByTestId('today-outbox-reason').allTextContents();
    expect(reasons).toHaveLength(2);
    for (const reason of reasons) expect(reason.trim()).not.toBe('');
    expect(await page.getByTestId('today-outbox').innerText()).toContain('Hausaufgabe: Prozentrechnung');
    await expectNoSeriousA11yViolations(page, 'Start: Postausgang wartet');
  });

  it('offline (portal stopped): after a reload Start shows the stored day and how old it is', async () => {
    await moodle.close();
    await syncNow('offline');
    await page.reload();
    await waitForScreen(page, de.start.todayTitle);
    const stand = page.getByTestId('today-stand');
    await expect.poll(() => stand.getAttribute('data-offline'), { timeout: 20_000 }).toBe('true');
    expect(await stand.innerText()).toMatch(/^Offline: Du siehst den Stand vom .+ \(.+\)\.$/);
    expect(await page.getByTestId('today-deadlines').innerText()).toContain('Wochenplan Geometrie');
    expect(await page.getByTestId('today-deadline').first().getAttribute('data-overdue')).toBe('true');
    expect(await page.getByTestId('today-outbox-summary').textContent()).toBe(de.start.outbox.waiting_other.replace('{{count}}', '2'));
    expect(await page.getByTestId('today-outbox-reason').first().textContent()).toBe(de.start.outbox.reason.offline);
    await page.getByTestId('today-news-item').filter({ hasText: NEW_MATERIAL }).waitFor();
    await page.getByTestId('today-rooms').getByText(de.start.rooms.unavailable).waitFor({ timeout: 20_000 });
    await expectNoSeriousA11yViolations(page, 'Start: offline aus dem Speicher');
  });

  it('the new material opens its course at that module (from the store, offline); once seen it is no longer new', async () => {
    await page.getByRole('link', { name: NEW_MATERIAL }).click();
    await waitForScreen(page, de.content.title);
    await page.getByRole('heading', { level: 2, name: 'Mathematik 7b' }).waitFor();
    await expect.poll(() => page.evaluate(() => document.activeElement?.textContent ?? '')).toContain(NEW_MATERIAL);
    expect(await page.evaluate(() => document.activeElement?.id ?? '')).toMatch(/^module-\d+$/);
    await page.getByRole('navigation', { name: de.app.navLabel }).getByRole('link', { name: de.nav.start }).click();
    await waitForScreen(page, de.start.todayTitle);
    await page.getByTestId('today-news').getByText(de.start.news.none).waitFor();
  });
  it('the header stays one row with the long school name, and never covers the navigation', async () => {
    for (const width of [1024, 1280]) {
      await page.setViewportSize({ width, height: 720 });
      const header = await page.locator('.app-header').boundingBox();
      const children = await page.locator('.app-header .brand, .app-header .account-menu-button, .app-header .connectivity, .app-header .sync-now').evaluateAll((elements) =>
        elements.map((element) => element.getBoundingClientRect()).map((box) => ({ top: box.top, bottom: box.bottom })),
      );
      expect(header?.height).toBeLessThanOrEqual(65);
      for (const child of children) {
        expect(child.top).toBeGreaterThanOrEqual(0);
        expect(child.bottom).toBeLessThanOrEqual(65);
      }
    }
    const account = page.getByTestId('account-menu-button');
    expect(await account.getAttribute('title')).toContain(SCHOOL);
    expect(await account.innerText()).toContain(SCHOOL);

    // A long course page, scrolled: the first navigation item is still on top, not under the header.
    await page.getByRole('navigation', { name: de.app.navLabel }).getByRole('link', { name: de.nav.kurse }).click();
    await waitForScreen(page, de.content.title);
    await page.getByRole('list', { name: de.content.listLabel }).getByRole('button', { name: 'Mathematik 7b' }).click();
    await page.getByRole('heading', { level: 2, name: 'Mathematik 7b' }).waitFor();
    await page.setViewportSize({ width: 1024, height: 500 });
    await page.mouse.wheel(0, 2000);
    await expect.poll(() => page.evaluate(() => window.scrollY)).toBeGreaterThan(0);
    const covered = await page.evaluate(() => {
      const link = document.querySelector('.app-nav a');
      if (!link) return 'no nav link';
      const box = link.getBoundingClientRect();
      const hit = document.elementFromPoint(box.left + box.width / 2, box.top + box.height / 2);
      return hit && link.contains(hit) ? null : `covered by ${hit?.className ?? 'nothing'}`;
    });
    expect(covered).toBeNull();
    await page.setViewportSize({ width: 1280, height: 800 });
  });
});

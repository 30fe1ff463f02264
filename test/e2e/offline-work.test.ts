/**
 * Offline work end to end in Chromium against the browser shell and the test Moodle:
 * sign in through the UI and wait for the first sync; stop the portal (connections refused) and
 * see "Portal nicht erreichbar"; read a cached assignment and open its prefetched attachment;
 * write a draft and hand it in — it waits in the Postausgang; restart the app on the same data
 * folder: the draft is still there, the outbox still holds it, and the header asks for a new
 * sign-in (the browser shell keeps portal secrets in memory only); start the portal again on the
 * same address with the same site data, sign in, and watch the hand-in arrive exactly once.
 * axe on every new state.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { PORTAL_ERROR_TEXTS } from '../../main/portal/errors';
import { de } from '../../renderer/i18n/de';
import { SEED_PASSWORD, startTestMoodle } from '../fixtures/moodle';
import type { MoodleSite, TestMoodle } from '../fixtures/moodle';
import { makePdf } from '../fixtures/moodle/files';
import { expectNoSeriousA11yViolations, launchChromium, startBrowserShell } from './harness';
import type { BrowserShell } from './harness';
import { openApp, signIn, waitForScreen } from './page-helpers';

const ASSIGNMENT = 'Hausaufgabe: Prozentrechnung';
const ASSIGNMENT_CMID = 6;
const ASSIGNMENT_ID = 1;
const ATTACHMENT = 'Prozente_Uebungsblatt.pdf';
const ANSWER = 'Der Grundwert ist 250 Euro, der Prozentwert 50 Euro.';

/** A port nobody listens on right now (the portal must come back on the same address). */
function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const probe = createServer();
    probe.once('error', reject);
    probe.listen(0, '127.0.0.1', () => {
      const address = probe.address();
      const port = typeof address === 'object' && address ? address.port : 0;
      probe.close(() => resolve(port));
    });
  });
}

async function refused(url: string): Promise<boolean> {
  try {
    await fetch(url, { signal: AbortSignal.timeout(5000) });
    return false;
  } catch (error) {
    return (error as { cause?: { code?: string } }).cause?.code === 'ECONNREFUSED';
  }
}

async function goTo(page: Page, link: string, heading: string): Promise<void> {
  await page.getByRole('navigation', { name: de.app.navLabel }).getByRole('link', { name: link }).click();
  await waitForScreen(page, heading);
}

async function openAssignment(page: Page): Promise<void> {
  await goTo(page, de.nav.aufgaben, de.aufgaben.title);
  await page.getByRole('button', { name: new RegExp(ASSIGNMENT) }).click();
  await page.getByRole('heading', { level: 2, name: ASSIGNMENT, exact: true }).waitFor();
}

describe('offline work: read, write and hand in without the portal, sent once it is back', () => {
  const dataDir = mkdtempSync(join(tmpdir(), 'schuldesk-e2e-offline-work-'));
  let port = 0;
  let moodle: TestMoodle | null = null;
  let site: MoodleSite;
  let browser: Browser;
  let shell: BrowserShell | null = null;

  beforeAll(async () => {
    port = await freePort();
    moodle = await startTestMoodle({ port });
    site = moodle.state;
    // The task comes with a worksheet (Moodle: "Zusätzliche Dateien" of the assignment).
    site.putAssignIntroAttachment(ASSIGNMENT_CMID, ATTACHMENT, makePdf('Prozentrechnung – Übungsblatt', ['1. Wie viel sind 20 % von 250 Euro?']));
    browser = await launchChromium();
    shell = await startBrowserShell({ dataDir });
  });

  afterAll(async () => {
    await browser?.close();
    await shell?.stop();
    await moodle?.close();
    rmSync(dataDir, { recursive: true, force: true });
  });

  it('keeps working while the portal is down and sends the hand-in exactly once afterwards', { timeout: 120_000 }, async () => {
    if (!shell || !moodle) throw new Error('setup');
    const siteUrl = moodle.url;

    // 1. Sign in; the first sync brings the assignments and prefetches the worksheet.
    let { context, page } = await openApp(browser, shell);
    await signIn(page, { siteUrl, username: 'student1', password: SEED_PASSWORD });
    const indicator = page.getByTestId('connectivity');
    await indicator.locator('.connectivity-sync', { hasText: de.connectivity.lastSync.split('{{')[0] ?? '' }).waitFor({ timeout: 30_000 });
    expect(await indicator.getAttribute('data-status')).toBe('online');
    expect(Object.keys(site.stats.byPath).filter((path) => path.includes('/mod_assign/introattachment/'))).toHaveLength(1);
    await expectNoSeriousA11yViolations(page, 'Angemeldet und abgeglichen');

    // 2. The portal goes away: connections are refused, and the app says so after trying.
    await moodle.close();
    moodle = null;
    expect(await refused(siteUrl)).toBe(true);
    await page.getByRole('button', { name: de.sync.now }).click();
    await expect.poll(() => indicator.getAttribute('data-status'), { timeout: 30_000 }).toBe('portal-unreachable');
    expect(await indicator.locator('.connectivity-status').innerText()).toBe(de.connectivity['portal-unreachable']);
    await expect.poll(() => page.getByTestId('sync-control').getAttribute('data-state')).toBe('offline');
    expect(await page.getByTestId('sync-control').innerText()).toContain(de.sync.state.offline);
    await expectNoSeriousA11yViolations(page, 'Portal nicht erreichbar');

    // 3. The assignment from the store, its worksheet from the device.
    await openAssignment(page);
    expect(await page.locator('.assignment-description').innerText()).toContain('Löse die Aufgaben 1–5 auf S. 42.');
    const fileRow = page.locator('.content-file', { hasText: ATTACHMENT });
    expect(await fileRow.innerText()).toContain(de.content.onDevice);
    await page.getByRole('button', { name: de.content.openFile.replace('{{name}}', ATTACHMENT) }).click();
    const save = page.getByRole('link', { name: de.content.download.replace('{{name}}', ATTACHMENT) });
    await save.waitFor();
    // Shown in the app from the device's cache (the portal is down).
    const href = (await save.getAttribute('href')) ?? '';
    expect(href).toMatch(/^\/files\/[0-9a-f]{64}\//);
    expect(await page.evaluate(async (url) => new TextDecoder().decode((await (await fetch(url)).arrayBuffer()).slice(0, 5)), href)).toBe('%PDF-');
    await expectNoSeriousA11yViolations(page, 'Aufgabe offline mit Arbeitsblatt');
    // Closed before writing: right after Playwright's instant scroll, headless Chromium can still route a
    // click to the PDF viewer's frame above (its hit-test data lags one frame; a person's click never comes that fast).
    await page.getByRole('button', { name: de.content.closeFileNamed.replace('{{name}}', ATTACHMENT) }).click();

    // 4. A draft, saved on the device; handing in puts it in the Postausgang, where it waits.
    await page.getByRole('textbox', { name: de.outbox.editor.textLabel }).click();
    await page.keyboard.type(ANSWER);
    await page.getByTestId('draft-state').getByText(de.outbox.state.saved, { exact: true }).waitFor();
    await expectNoSeriousA11yViolations(page, 'Entwurf auf dem Gerät');
    await page.getByRole('button', { name: de.outbox.editor.handIn, exact: true }).click();
    await page.getByTestId('announcer').getByText(de.outbox.editor.queued).waitFor();
    await goTo(page, de.nav.postausgang, de.outbox.title);
    const item = page.getByTestId('outbox-item-state');
    await item.getByText(de.outbox.itemState.pending, { exact: true }).waitFor();
    // The first attempt failed: the reason is shown in plain words, without technical detail.
    const queued = page.locator('.outbox-list li', { hasText: de.outbox.handinLabel });
    await queued.getByText(new RegExp(`${PORTAL_ERROR_TEXTS['connection-failed'].de}|${PORTAL_ERROR_TEXTS['circuit-open'].de}`)).waitFor({ timeout: 30_000 });
    expect(await queued.innerText()).not.toContain(siteUrl);
    expect(await queued.innerText()).toContain(ASSIGNMENT);
    await expectNoSeriousA11yViolations(page, 'Postausgang: wartet auf Versand');
    await context.close();

    // 5. Restart the app on the same data folder (the portal is still down).
    await shell.stop();
    shell = await startBrowserShell({ dataDir });
    ({ context, page } = await openApp(browser, shell));
    // Memory-only secrets: the account is there, the sign-in is not.
    await page.getByTestId('account-current').getByText(de.portal.header.needsReauth).waitFor();
    await expect.poll(() => page.getByTestId('sync-control').getAttribute('data-state')).toBe('needs-sign-in');
    // One sign-in notice in the header: the account menu's, not a second one by the sync button.
    expect(await page.getByTestId('sync-control').innerText()).not.toContain(de.sync.state['needs-sign-in']);
    expect(await page.getByText(de.portal.header.needsReauth, { exact: true }).count()).toBe(1);
    await expectNoSeriousA11yViolations(page, 'Nach dem Neustart: Anmeldung nötig');
    await goTo(page, de.nav.postausgang, de.outbox.title);
    // Still unsent, and it says what it waits for.
    await page.getByTestId('outbox-item-state').getByText(de.outbox.itemState.waiting, { exact: true }).waitFor();
    await expectNoSeriousA11yViolations(page, 'Nach dem Neustart: Postausgang wartet auf Anmeldung');
    await openAssignment(page);
    await page.getByRole('textbox', { name: de.outbox.editor.textLabel }).getByText(ANSWER).waitFor();
    // The editor says what the hand-in waits for, not just "Wird gesendet".
    await page.getByTestId('draft-state').getByText(de.outbox.itemState.waiting, { exact: true }).waitFor();
    await expectNoSeriousA11yViolations(page, 'Nach dem Neustart: Entwurf ist da');

    // 6. The portal is back on the same address with the same data; a new sign-in sends the hand-in.
    moodle = await startTestMoodle({ port, state: site });
    expect(moodle.url).toBe(siteUrl);
    expect(site.getSubmission(ASSIGNMENT_ID, 'student1')).toBeNull();
    await signIn(page, { siteUrl, username: 'student1', password: SEED_PASSWORD });
    expect(await page.getByTestId('account-current').textContent()).not.toContain(de.portal.header.needsReauth);
    await goTo(page, de.nav.postausgang, de.outbox.title);
    await page.getByTestId('outbox-item-state').getByText(de.outbox.itemState.sent, { exact: true }).waitFor({ timeout: 30_000 });
    await expectNoSeriousA11yViolations(page, 'Postausgang: gesendet');
    await openAssignment(page);
    await page.getByTestId('draft-state').getByText(de.outbox.state.sent, { exact: true }).waitFor();

    const submission = site.getSubmission(ASSIGNMENT_ID, 'student1');
    expect(submission?.submission.status).toBe('submitted');
    expect(submission?.submission.onlineText).toContain(ANSWER);
    expect(site.listSubmissions(ASSIGNMENT_ID).filter((s) => s.submission.userId === site.requireUser('student1').id)).toHaveLength(1);
    expect(site.stats.byFunction.mod_assign_save_submission).toBe(1);
    expect(site.stats.byFunction.mod_assign_submit_for_grading).toBe(1);
    await context.close();
  });
});

/**
 * Drafts in Chromium against the browser shell: the student writes in the editor (Postausgang,
 * `#/postausgang?aufgabe=1`), the text is saved as they type, the shell is restarted on the same
 * data folder and the draft is still there; sending waits for a sign-in (the browser shell keeps
 * portal secrets in memory only). axe on every state.
 * The account row is written into the data folder's database before the shell starts, so no portal
 * is needed; test/e2e/offline-work.test.ts signs in through the UI and watches the draft being sent.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Browser, BrowserContext } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openDatabase } from '../../main/store/database';
import { APP_MIGRATIONS } from '../../main/store/migrations';
import { DATABASE_FILE_NAME } from '../../main/services';
import { de } from '../../renderer/i18n/de';
import { expectNoSeriousA11yViolations, launchChromium, startBrowserShell } from './harness';
import type { BrowserShell } from './harness';
import { waitForScreen } from './page-helpers';

describe('drafts survive a restart of the app', () => {
  let dataDir: string;
  let browser: Browser;
  let shell: BrowserShell | null = null;

  beforeAll(async () => {
    dataDir = mkdtempSync(join(tmpdir(), 'schuldesk-e2e-outbox-'));
    const store = openDatabase(join(dataDir, DATABASE_FILE_NAME), { migrations: APP_MIGRATIONS });
    store.run(
      `INSERT INTO accounts (id, site_url, site_name, user_id, username, full_name, lang, created_at, last_used_at, needs_reauth)
       VALUES ('acc-lena', 'http://127.0.0.1:9', 'Testschule', 4, 'student1', 'Lena Müller', 'de', 1, 1, 0)`,
    );
    store.run("INSERT INTO current_account (slot, account_id) VALUES (1, 'acc-lena')");
    store.close();
    browser = await launchChromium();
  });

  afterAll(async () => {
    await browser?.close();
    await shell?.stop();
    rmSync(dataDir, { recursive: true, force: true });
  });

  it('keeps what the student typed across a restart and queues it for sending', { timeout: 120_000 }, async () => {
    shell = await startBrowserShell({ dataDir });
    let context = await browser.newContext({ viewport: { width: 1280, height: 900 } });
    let page = await context.newPage();
    await page.goto(shell.url);
    await page.getByRole('heading', { level: 1 }).waitFor();
    await page.evaluate(() => (window.location.hash = '#/postausgang?aufgabe=1'));
    await waitForScreen(page, de.outbox.title);
    const field = page.getByRole('textbox', { name: de.outbox.editor.textLabel });
    await field.waitFor({ timeout: 10_000 }).catch(async (error: unknown) => {
      console.log(await page.locator('main').innerText().catch(() => ''), shell?.stderr());
      throw error;
    });
    await field.click();
    await page.keyboard.type('Aufgabe 1: Der Grundwert ist 250 Euro.');
    await page.getByRole('button', { name: de.outbox.editor.bold }).click();
    await page.keyboard.type(' Fett');
    await page.getByTestId('draft-state').getByText(de.outbox.state.saved, { exact: true }).waitFor();
    await expectNoSeriousA11yViolations(page, 'Postausgang mit Editor');
    await context.close();

    // Restart: same data folder, a new shell process.
    await shell.stop();
    shell = await startBrowserShell({ dataDir });
    context = await browser.newContext({ viewport: { width: 1280, height: 900 } });
    page = await context.newPage();
    await page.goto(shell.url);
    await page.getByRole('heading', { level: 1 }).waitFor();
    await page.evaluate(() => (window.location.hash = '#/postausgang?aufgabe=1'));
    await waitForScreen(page, de.outbox.title);
    const again = page.getByRole('textbox', { name: de.outbox.editor.textLabel });
    await again.getByText('Der Grundwert ist 250 Euro.').waitFor();
    expect(await again.locator('strong').textContent()).toContain('Fett');

    // Sending needs a sign-in: the item waits instead of failing or disappearing.
    await page.getByRole('button', { name: de.outbox.editor.sendDraft }).click();
    await page.getByTestId('outbox-item-state').getByText(de.outbox.itemState.waiting).waitFor();
    await expectNoSeriousA11yViolations(page, 'Postausgang: wartet auf Anmeldung');
    await context.close();
  });

  it('keeps what was typed right before leaving the screen or closing the window (no wait for the save delay)', { timeout: 120_000 }, async () => {
    shell ??= await startBrowserShell({ dataDir });
    let running = shell;
    const openEditor = async (context: BrowserContext) => {
      const page = await context.newPage();
      await page.goto(running.url);
      await page.getByRole('heading', { level: 1 }).waitFor();
      await page.evaluate(() => (window.location.hash = '#/postausgang?aufgabe=2'));
      await waitForScreen(page, de.outbox.title);
      const field = page.getByRole('textbox', { name: de.outbox.editor.textLabel });
      await field.waitFor();
      return { page, field };
    };
    const typed = 'Zuletzt getippt, bis zum letzten Wort.';
    let context = await browser.newContext();
    const opened = await openEditor(context);
    const page = opened.page;
    let field = opened.field;
    await field.click();
    await page.keyboard.type(typed);
    // Away at once (as a reminder or a link does), without leaving the field first: no blur, no debounce.
    await page.evaluate(() => (window.location.hash = '#/kurse'));
    await waitForScreen(page, de.kurse.title);
    await page.evaluate(() => (window.location.hash = '#/postausgang?aufgabe=2'));
    await waitForScreen(page, de.outbox.title);
    await field.getByText(typed).waitFor();
    expect(await field.innerText()).toBe(typed);

    // Typing and closing the window at once: pagehide hands the text to main.
    await field.click();
    await page.keyboard.press('Control+End');
    await page.keyboard.type(' Und beim Schließen.');
    await context.close();
    const savedText = async (): Promise<string> => {
      const response = await fetch(`${running.origin}/api/invoke/drafts.list`, {
        method: 'POST',
        headers: { 'content-type': 'application/json', 'x-schuldesk-secret': running.secret },
        body: JSON.stringify({ args: [] }),
      });
      const envelope = (await response.json()) as { ok: boolean; result?: { assignId: number; textHtml: string }[] };
      return envelope.result?.find((d) => d.assignId === 2)?.textHtml ?? '';
    };
    await expect.poll(savedText).toContain('Und beim Schließen.');

    // And it is in the store: a new shell process on the same data folder shows the whole text.
    await running.stop();
    shell = await startBrowserShell({ dataDir });
    running = shell;
    context = await browser.newContext();
    ({ field } = await openEditor(context));
    await field.getByText('Und beim Schließen.').waitFor();
    expect(await field.innerText()).toBe(`${typed} Und beim Schließen.`);
    await context.close();
  });
});

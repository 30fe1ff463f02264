/**
 * The student's side of a salvaged store, in real Chromium against the browser shell: a data
 * folder whose store has page 1 overwritten starts, Start shows the one sentence (German) with what
 * was recovered (and the live region says it), "Verstanden" dismisses it, and a reload does not bring it back.
 */
import { randomBytes } from 'node:crypto';
import { closeSync, mkdtempSync, openSync, readFileSync, rmSync, writeSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { de } from '../../renderer/i18n/de';
import { openDatabase } from '../../main/store/database';
import { APP_MIGRATIONS } from '../../main/store/migrations';
import { useShellAndChromium } from './harness';
import { openApp, waitForScreen } from './page-helpers';

function damagedStore(dataDir: string): void {
  const file = join(dataDir, 'schuldesk.sqlite');
  const store = openDatabase(file, { migrations: APP_MIGRATIONS });
  const now = Date.now();
  store.run(
    `INSERT INTO accounts (id, site_url, site_name, user_id, username, full_name, lang, created_at, last_used_at, needs_reauth)
     VALUES ('acc-e2e', 'https://schule.example', 'Testschule', 7, 'mia', 'Mia', 'de', ?, ?, 0)`,
    now, now,
  );
  for (let i = 0; i < 2; i++) {
    store.run(
      `INSERT INTO drafts (id, account_id, assign_id, course_id, title, text_html, files_json, version, sent_attempts, state, created_at, updated_at)
       VALUES (?, 'acc-e2e', ?, 1, 'Aufgabe', '<p>Entwurf</p>', '[]', 1, '[]', 'saved', ?, ?)`,
      `draft-${i}`, i + 1, now, now,
    );
  }
  store.run(
    `INSERT INTO outbox (id, account_id, draft_id, draft_version, handin, accept_statement, step, status, attempts, next_attempt_at, created_at, updated_at)
     VALUES ('out-1', 'acc-e2e', 'draft-0', 1, 1, 0, 'pending', 'active', 0, ?, ?, ?)`,
    now, now, now,
  );
  store.close();
  const pageSize = readFileSync(file).readUInt16BE(16);
  const fd = openSync(file, 'r+');
  writeSync(fd, randomBytes(pageSize), 0, pageSize, 0);
  closeSync(fd);
}

describe('a damaged store, seen by the student', () => {
  const dataDir = mkdtempSync(join(tmpdir(), 'schuldesk-salvage-e2e-'));
  afterAll(() => rmSync(dataDir, { recursive: true, force: true }));
  const env = useShellAndChromium(() => {
    damagedStore(dataDir);
    return { dataDir };
  });

  it('Start says once what happened and what was recovered; dismissed, it stays away', async () => {
    const { page, context } = await openApp(env.browser, env.shell);
    await waitForScreen(page, de.start.title);
    const sentence = de.start.storeNotice.salvaged.replace('{{drafts}}', '2').replace('{{outbox}}', '1').replace('{{accounts}}', '1');
    const notice = page.getByTestId('store-notice');
    await notice.getByText(sentence).waitFor();
    // Screen readers hear it once through the app's live region.
    await page.getByTestId('announcer').getByText(sentence).waitFor();
    await notice.getByRole('button', { name: de.start.storeNotice.dismiss }).click();
    await notice.waitFor({ state: 'detached' });
    await page.reload();
    await waitForScreen(page, de.start.title);
    expect(await page.getByTestId('store-notice').count()).toBe(0);
    expect(env.shell.stderr()).toContain('[store] salvaged (pages)');
    await context.close();
  });
});

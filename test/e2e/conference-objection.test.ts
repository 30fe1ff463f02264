/**
 * The objection toggle in Settings, in Chromium against the browser shell: an account in the data
 * folder (no portal needed: the objection is a local, per-account setting). On with one click, off
 * only after confirming; forced by policy: on and locked. axe on every state.
 */
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Page } from 'playwright-core';
import { afterAll, describe, expect, it } from 'vitest';
import { DATABASE_FILE_NAME } from '../../main/services';
import { openDatabase } from '../../main/store/database';
import { APP_MIGRATIONS } from '../../main/store/migrations';
import { de } from '../../renderer/i18n/de';
import { expectNoSeriousA11yViolations, useShellAndChromium } from './harness';
import { openApp, waitForScreen } from './page-helpers';

function dataDirWithAccount(): string {
  const dir = mkdtempSync(join(tmpdir(), 'schuldesk-e2e-objection-'));
  const store = openDatabase(join(dir, DATABASE_FILE_NAME), { migrations: APP_MIGRATIONS });
  try {
    store.run(
      `INSERT INTO accounts (id, site_url, site_name, user_id, username, full_name, lang, created_at, last_used_at, needs_reauth)
       VALUES ('acc-objection', 'http://127.0.0.1:9', 'Testschule', 5, 'student1', 'Lena Müller', 'de', 0, 0, 0)`,
    );
    store.run("INSERT INTO current_account (slot, account_id) VALUES (1, 'acc-objection')");
  } finally {
    store.close();
  }
  return dir;
}

async function openSettings(page: Page): Promise<void> {
  await page.getByRole('navigation', { name: de.app.navLabel }).getByRole('link', { name: de.nav.einstellungen }).click();
  await waitForScreen(page, de.settings.title);
}

const dirs: string[] = [];
afterAll(() => {
  for (const dir of dirs) rmSync(dir, { recursive: true, force: true });
});

describe('objection toggle in Settings', () => {
  const dataDir = dataDirWithAccount();
  dirs.push(dataDir);
  const env = useShellAndChromium({ dataDir });

  it('turns on with one click and off only after confirmation', async () => {
    const { page, context } = await openApp(env.browser, env.shell);
    try {
      await openSettings(page);
      const toggle = page.getByRole('switch', { name: de.conference.objectionLabel });
      await toggle.waitFor();
      expect(await toggle.isChecked()).toBe(false);
      await expectNoSeriousA11yViolations(page, 'Einstellungen mit Widerspruch (aus)');

      await toggle.click();
      await expect.poll(() => toggle.isChecked()).toBe(true);
      await page.getByText(de.conference.objectionOn).first().waitFor({ state: 'attached' });

      await toggle.click();
      const confirm = page.getByRole('group', { name: de.conference.objectionOffLabel });
      await confirm.waitFor();
      // Still on until confirmed.
      expect(await toggle.isChecked()).toBe(true);
      await expectNoSeriousA11yViolations(page, 'Einstellungen: Widerspruch aufheben?');
      await confirm.getByRole('button', { name: de.conference.cancel }).click();
      await confirm.waitFor({ state: 'detached' });
      expect(await toggle.isChecked()).toBe(true);

      await toggle.click();
      await confirm.getByRole('button', { name: de.conference.objectionOffConfirm }).click();
      await expect.poll(() => toggle.isChecked()).toBe(false);

      // Remembered per account: a reload shows the stored state.
      await toggle.click();
      await expect.poll(() => toggle.isChecked()).toBe(true);
      await page.reload();
      await openSettings(page);
      await expect.poll(() => page.getByRole('switch', { name: de.conference.objectionLabel }).isChecked()).toBe(true);
    } finally {
      await context.close();
    }
  });
});

describe('objection forced by policy', () => {
  const dataDir = dataDirWithAccount();
  dirs.push(dataDir);
  const policyFile = join(dataDir, 'policy.json');
  writeFileSync(policyFile, JSON.stringify({ objectionForced: true }));
  const env = useShellAndChromium({ dataDir, policyFile });

  it('is on and locked, with the school named', async () => {
    const { page, context } = await openApp(env.browser, env.shell);
    try {
      await openSettings(page);
      const toggle = page.getByRole('switch', { name: de.conference.objectionLabel });
      await toggle.waitFor();
      expect(await toggle.isChecked()).toBe(true);
      expect(await toggle.isDisabled()).toBe(true);
      const section = page.locator('section.objection-toggle');
      expect(await section.textContent()).toContain(de.conference.objectionForced);
      await expectNoSeriousA11yViolations(page, 'Einstellungen: Widerspruch von der Schule festgelegt');
    } finally {
      await context.close();
    }
  });
});

/**
 * The real browser shell (built entry, spawned) serves the stored first paint in index.html: before
 * the services booted (read-only from the store file) and after (through the services), for `/` and
 * client routes. No Chromium here: what the page does with it is the renderer's part.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { DATABASE_FILE_NAME } from '../../main/paths';
import { openDatabase } from '../../main/store/database';
import { APP_MIGRATIONS } from '../../main/store/migrations';
import { shellAppVersion } from '../../main/web-shell/server';
import { startBrowserShell } from './harness';
import type { BrowserShell } from './harness';

const PAINT = '<div class="app"><h1 class="screen-heading">Heute</h1><p class="today-stand">Stand: 07:10</p></div>';
const SERVED = `<div id="first-paint" lang="de" inert aria-hidden="true">${PAINT}</div><div id="root"></div>`;

let shell: BrowserShell | null = null;
let dataDir = '';
afterEach(async () => {
  await shell?.stop();
  shell = null;
  rmSync(dataDir, { recursive: true, force: true });
});

/** A store as the app leaves it: a remembered account (no kept secret) with its paint. */
function storeWithPaint(validUntil: number | null): void {
  dataDir = mkdtempSync(join(tmpdir(), 'schuldesk-e2e-first-paint-'));
  const store = openDatabase(join(dataDir, DATABASE_FILE_NAME), { migrations: APP_MIGRATIONS });
  store.run("INSERT INTO accounts (id, site_url, site_name, user_id, username, full_name, lang, created_at, last_used_at) VALUES ('a1', 'https://m.test', 'Testschule', 1, 'lea', 'Lea', 'de', 0, 0)");
  store.run("INSERT INTO current_account (slot, account_id) VALUES (1, 'a1')");
  // The spawned shell gets this process's environment (harness.ts), so the same app version.
  store.run(
    "INSERT INTO first_paint (slot, account_id, html, language, app_version, version, valid_until, created_at) VALUES (1, 'a1', ?, 'de', ?, ?, ?, 0)",
    PAINT,
    shellAppVersion(process.env),
    'a'.repeat(64),
    validUntil,
  );
  store.close();
}

describe('the browser shell serves the stored first paint', () => {
  it('before and after the boot, for / and client routes', async () => {
    storeWithPaint(null);
    shell = await startBrowserShell({ dataDir, env: { SCHULDESK_FIRST_PAINT: '1' } });
    const first = await fetch(`${shell.origin}/`);
    expect(first.headers.get('cache-control')).toBe('no-cache');
    expect(await first.text()).toContain(SERVED);
    // An API call waits for the boot; then index.html comes through the services.
    const info = await fetch(`${shell.origin}/api/invoke/app.info`, { method: 'POST', headers: { 'Content-Type': 'application/json', 'X-SchulDesk-Secret': shell.secret }, body: '{"args":[]}' });
    expect(info.status).toBe(200);
    expect(await (await fetch(`${shell.origin}/kurse`)).text()).toContain(SERVED);
    expect(await (await fetch(`${shell.origin}/index.html`)).text()).toContain(SERVED);
  });

  it('not unless asked for (SCHULDESK_FIRST_PAINT=1): any local process may read this index.html without the launch secret', async () => {
    storeWithPaint(null);
    shell = await startBrowserShell({ dataDir });
    const html = await (await fetch(`${shell.origin}/`)).text();
    expect(html).toContain('<div id="root"></div>');
    expect(html).not.toContain('first-paint');
  });

  it('not once its time has passed', async () => {
    storeWithPaint(1);
    shell = await startBrowserShell({ dataDir, env: { SCHULDESK_FIRST_PAINT: '1' } });
    const html = await (await fetch(`${shell.origin}/`)).text();
    expect(html).toContain('<div id="root"></div>');
    expect(html).not.toContain('first-paint');
  });
});

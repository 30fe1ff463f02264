/**
 * The stored first paint through the real composition root and real SQLite files (migration 17):
 * start.saveFirstPaint keeps it only for the current view and language; every write to what
 * Start and the header show deletes it (one trigger test per source table); removing, logging out
 * and deleting the account's data remove it; the browser shell's read-only reader finds it in the
 * store file before the boot; the shell's server puts it into index.html for `/`, `/index.html` and
 * client routes.
 */
import { existsSync, mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import type { PortalMethods } from '../../preload/contract/portal';
import type { PrivacyMethods } from '../../preload/contract/privacy';
import type { CoreMethods } from '../../preload/api';
import type { StartMethods } from '../../preload/contract/start';
import { INPUT_SCHEMAS } from '../../main/api/input-schemas';
import { DATABASE_FILE_NAME } from '../../main/paths';
import type { Services } from '../../main/services';
import { readFirstPaintFile } from '../../main/start/first-paint';
import { openDatabase } from '../../main/store/database';
import { APP_MIGRATIONS } from '../../main/store/migrations';
import { startWebShell } from '../../main/web-shell/server';
import { apiCaller, signInAs, useMoodleAndServicesPerTest } from '../support/services-harness';

const env = useMoodleAndServicesPerTest('schuldesk-first-paint-');
type Methods = StartMethods & PortalMethods & PrivacyMethods & CoreMethods;

const INDEX = '<!doctype html><html lang="de"><head><title>SchulDesk</title></head><body><div id="root"></div></body></html>';
const MARKUP = '<div class="app"><h1 id="screen-heading" tabindex="-1">Heute</h1><p class="today-stand" onclick="alert(1)">Stand: 07:10</p><script>alert(1)</script></div>';
const STORED = '<div class="app"><h1>Heute</h1><p class="today-stand">Stand: 07:10</p></div>';

async function signedIn(policy: Record<string, unknown> = {}): Promise<{ services: Services; call: ReturnType<typeof apiCaller<Methods>>; accountId: string }> {
  const services = await env.boot({ policy, startSyncEngine: false });
  const { accountId } = signInAs(services, env.moodle, 'student1', { fullName: 'Lea Schmidt' });
  return { services, call: apiCaller<Methods>(services), accountId };
}

/** Saves the paint for the view as it is now; expects it kept. */
async function keep(call: ReturnType<typeof apiCaller<Methods>>, language: 'de' | 'en' = 'de'): Promise<void> {
  const { version } = await call('start.today');
  expect(await call('start.saveFirstPaint', { html: MARKUP, version, language })).toEqual({ kept: true });
}

/** The harness's app version (test/support/services-harness.ts). */
const V = '0.0.0-test';
const rows = (services: Services): number => services.context.store.get<{ n: number }>('SELECT COUNT(*) AS n FROM first_paint')?.n ?? -1;

describe('start.saveFirstPaint', () => {
  it('keeps the sanitised paint for the current view; index.html gets it, inert, before #root', async () => {
    const { services, call, accountId } = await signedIn();
    await keep(call);
    expect(services.context.store.get('SELECT account_id, html, language, valid_until FROM first_paint')).toEqual({ account_id: accountId, html: STORED, language: 'de', valid_until: null });
    expect(services.indexHtml(INDEX)).toBe(INDEX.replace('<div id="root">', `<div id="first-paint" lang="de" inert aria-hidden="true">${STORED}</div><div id="root">`));
  });

  it('keeps nothing for a view that changed meanwhile, another language, or nobody signed in', async () => {
    const { services, call, accountId } = await signedIn();
    const { version } = await call('start.today');
    services.context.store.run("INSERT INTO start_news (account_id, item_key, kind, change, title, detected_at) VALUES (?, 'm:1:1', 'material', 'new', 'Neu', ?)", accountId, services.context.now());
    expect(await call('start.saveFirstPaint', { html: MARKUP, version, language: 'de' })).toEqual({ kept: false });
    const fresh = (await call('start.today')).version;
    expect(fresh).not.toBe(version);
    expect(await call('start.saveFirstPaint', { html: MARKUP, version: fresh, language: 'en' })).toEqual({ kept: false });
    expect(rows(services)).toBe(0);
    await call('portal.logout', accountId);
    expect(await call('start.saveFirstPaint', { html: MARKUP, version: fresh, language: 'de' })).toEqual({ kept: false });
    expect(services.indexHtml(INDEX)).toBe(INDEX);
  });

  it('a deadline due later limits how long it is served; a store that refuses the write answers kept: false', async () => {
    const { services, call, accountId } = await signedIn();
    const due = services.context.now() + 3_600_000;
    services.context.store.run(
      "INSERT INTO content_deadlines (account_id, event_id, name, due_at, overdue, url, synced_at) VALUES (?, 1, 'Aufsatz', ?, 0, 'https://x', 0)",
      accountId,
      due,
    );
    await keep(call);
    expect(services.context.store.get('SELECT valid_until FROM first_paint')).toEqual({ valid_until: due });
    // valid_until passed: not served any more.
    services.context.store.run('UPDATE first_paint SET valid_until = ?', services.context.now() - 1);
    expect(services.indexHtml(INDEX)).toBe(INDEX);

    services.context.store.run('DROP TABLE first_paint');
    const { version } = await call('start.today');
    expect(await call('start.saveFirstPaint', { html: MARKUP, version, language: 'de' })).toEqual({ kept: false });
    expect(services.indexHtml(INDEX)).toBe(INDEX);
  });

  it('markup a browser would nest differently is not kept', async () => {
    const { services, call } = await signedIn();
    const { version } = await call('start.today');
    expect(await call('start.saveFirstPaint', { html: '<ul><li><div><li>x</li></div></li></ul><a href="#/start">y</a>', version, language: 'de' })).toEqual({ kept: false });
    expect(rows(services)).toBe(0);
  });
});

/** One write per table start.today or the header reads; each must delete the kept paint. */
const WRITES: [string, (s: Services, accountId: string) => void | Promise<void>][] = [
  ['content_deadlines', (s, a) => void s.context.store.run("INSERT INTO content_deadlines (account_id, event_id, name, due_at, overdue, url, synced_at) VALUES (?, 9, 'Neu', 1, 1, 'https://x', 0)", a)],
  ['assignments (the links of deadlines)', (s, a) => void s.context.store.run("INSERT INTO assignments (account_id, assign_id, cmid, course_id, name, intro_html, due_at, cutoff_at, configs_json, files_json, synced_at) VALUES (?, 1, 10, 2, 'A', '', 0, 0, '[]', '[]', 0)", a)],
  ['drafts (outbox titles)', (s, a) => void s.context.store.run("INSERT INTO drafts (id, account_id, assign_id, course_id, title, text_html, files_json, version, state, created_at, updated_at) VALUES ('d1', ?, 1, 2, 'T', '', '[]', 1, 'saved', 0, 0)", a)],
  ['start_news', (s, a) => void s.context.store.run("INSERT INTO start_news (account_id, item_key, kind, change, title, detected_at) VALUES (?, 'm:1:1', 'material', 'new', 'Neu', 1)", a)],
  ['start_visits (start.markVisited)', async (s) => void (await apiCaller<Methods>(s)('start.markVisited'))],
  ['sync_state', (s, a) => void s.context.store.run("INSERT INTO sync_state (account_id, task, last_success_at) VALUES (?, 'content', 1)", a)],
  ['accounts (another school signs in)', (s) => void signInAs(s, env.moodle, 'student2', { fullName: 'Max' })],
  ['accounts (the name changed)', (s, a) => void s.context.store.run("UPDATE accounts SET full_name = 'Lea M. Schmidt' WHERE id = ?", a)],
  ['current_account', (s) => void s.context.store.run('DELETE FROM current_account')],
  ['settings (language)', async (s) => void (await apiCaller<Methods>(s)('settings.set', 'language', 'en'))],
];

describe('invalidation: every write to what Start and the header show deletes the paint (triggers)', () => {
  it('every source table has its insert, update and delete trigger in the final schema (a later migration that rebuilds a table must add them again)', async () => {
    const { services } = await signedIn();
    const triggers = services.context.store
      .all<{ name: string; tbl_name: string }>("SELECT name, tbl_name FROM sqlite_master WHERE type = 'trigger' AND name LIKE 'first_paint_gone_%'")
      .map((row) => `${row.tbl_name}:${row.name.replace(`first_paint_gone_${row.tbl_name}_`, '')}`)
      .sort();
    const tables = ['accounts', 'assignments', 'content_deadlines', 'current_account', 'drafts', 'outbox', 'settings', 'start_news', 'start_visits', 'sync_state'];
    expect(triggers).toEqual(tables.flatMap((table) => ['delete', 'insert', 'update'].map((event) => `${table}:${event}`)).sort());
  });

  it.each(WRITES)('%s', async (_name, write) => {
    const { services, call, accountId } = await signedIn();
    await keep(call);
    expect(rows(services)).toBe(1);
    await write(services, accountId);
    expect(rows(services)).toBe(0);
  });

  it('outbox: a new send job and a change of its state', async () => {
    const { services, call, accountId } = await signedIn();
    WRITES[2]?.[1](services, accountId);
    await keep(call);
    const store = services.context.store;
    store.run("INSERT INTO outbox (id, account_id, draft_id, draft_version, handin, accept_statement, step, status, attempts, next_attempt_at, created_at, updated_at) VALUES ('o1', ?, 'd1', 1, 0, 0, 'upload', 'active', 0, 0, 0, 0)", accountId);
    expect(rows(services)).toBe(0);
    await keep(call);
    store.run("UPDATE outbox SET status = 'failed' WHERE id = 'o1'");
    expect(rows(services)).toBe(0);
  });

  it('writes that change nothing shown keep it: an assignment re-synced as it was, the account used again, a draft typed on', async () => {
    const { services, call, accountId } = await signedIn();
    WRITES[1]?.[1](services, accountId);
    WRITES[2]?.[1](services, accountId);
    await keep(call);
    const store = services.context.store;
    store.run('UPDATE assignments SET synced_at = 5, intro_html = ? WHERE account_id = ?', '<p>neu</p>', accountId);
    store.run('UPDATE accounts SET last_used_at = 99 WHERE id = ?', accountId);
    store.run("UPDATE drafts SET text_html = '<p>mehr</p>', version = 2 WHERE id = 'd1'");
    expect(rows(services)).toBe(1);
    store.run('UPDATE assignments SET cmid = 11 WHERE account_id = ?', accountId);
    expect(rows(services)).toBe(0);
  });

  it('a failed sync and a setting other than the language keep it (neither changes what it shows)', async () => {
    const { services, call, accountId } = await signedIn();
    WRITES[5]?.[1](services, accountId);
    await keep(call);
    services.context.store.run("UPDATE sync_state SET last_failure_at = 9, last_error = 'x', failures = failures + 1 WHERE account_id = ?", accountId);
    await call('settings.set', 'deadlineNotifications', false);
    expect(rows(services)).toBe(1);
    expect((await call('start.today')).firstPaintKept).toBe(true);
    services.context.store.run('UPDATE sync_state SET last_success_at = 10 WHERE account_id = ?', accountId);
    expect(rows(services)).toBe(0);
  });

  it('start.today says whether a paint is kept, so the renderer keeps a new one after a write that left the day as it looks', async () => {
    const { services, call, accountId } = await signedIn();
    expect((await call('start.today')).firstPaintKept).toBe(false);
    await keep(call);
    const before = await call('start.today');
    expect(before.firstPaintKept).toBe(true);
    // The calendar cache rewritten with what it held (a sync that found nothing new): deleted, the day unchanged.
    services.context.store.run("INSERT INTO content_deadlines (account_id, event_id, name, due_at, overdue, url, synced_at) VALUES (?, 9, 'Neu', 1, 1, 'https://x', 0)", accountId);
    await keep(call);
    services.context.store.run('UPDATE content_deadlines SET synced_at = synced_at WHERE account_id = ?', accountId);
    const after = await call('start.today');
    expect(after.firstPaintKept).toBe(false);
    expect(after.version).toBe((await call('start.today')).version);
  });
});

describe('loaner devices keep no first paint (the next student would see this one’s day)', () => {
  it('nothing is kept or served on a shared device; a paint kept before the device became one goes at the boot', async () => {
    const { call } = await signedIn();
    await keep(call);
    const shared = await env.boot({ policy: { sharedDevice: true }, startSyncEngine: false });
    expect(rows(shared)).toBe(0);
    expect(shared.indexHtml(INDEX)).toBe(INDEX);
    const again = apiCaller<Methods>(shared);
    const accounts = (await again('portal.accounts')).accounts;
    if (accounts.length > 0) {
      const { version } = await again('start.today');
      expect(await again('start.saveFirstPaint', { html: MARKUP, version, language: 'de' })).toEqual({ kept: false });
    }
    const { services: fresh } = await signedIn({ sharedDevice: true });
    const freshCall = apiCaller<Methods>(fresh);
    const { version } = await freshCall('start.today');
    expect(await freshCall('start.saveFirstPaint', { html: MARKUP, version, language: 'de' })).toEqual({ kept: false });
    expect(rows(fresh)).toBe(0);
  });
});

describe('a restart keeps it', () => {
  it('booting the services again (outbox recovery, settings, accounts) writes nothing that deletes it', async () => {
    const { services, call, accountId } = await signedIn();
    WRITES[2]?.[1](services, accountId);
    services.context.store.run("INSERT INTO outbox (id, account_id, draft_id, draft_version, handin, accept_statement, step, status, attempts, next_attempt_at, created_at, updated_at) VALUES ('o1', ?, 'd1', 1, 0, 0, 'upload', 'active', 0, 0, 0, 0)", accountId);
    await keep(call);
    const again = await env.boot({ startSyncEngine: false });
    expect(rows(again)).toBe(1);
  });
});

describe('the account goes, the paint goes', () => {
  it('removing the account (cascade) and deleting its data in the privacy centre', async () => {
    const { services, call, accountId } = await signedIn();
    await keep(call);
    await call('privacy.deleteAccountData', accountId, { confirmUnsent: true });
    expect(rows(services)).toBe(0);

    const again = signInAs(services, env.moodle, 'student1').accountId;
    await keep(call);
    // Below the triggers: the foreign key alone removes it too.
    services.context.store.exec('DROP TRIGGER first_paint_gone_accounts_delete; DROP TRIGGER first_paint_gone_current_account_delete');
    services.context.store.run('DELETE FROM accounts WHERE id = ?', again);
    expect(rows(services)).toBe(0);
  });

  it('logout on a shared device (where none is kept: a row planted behind the service goes all the same)', async () => {
    const { services, call, accountId } = await signedIn({ sharedDevice: true });
    services.context.store.run("INSERT INTO first_paint (slot, account_id, html, language, app_version, version, valid_until, created_at) VALUES (1, ?, '<p>x</p>', 'de', ?, 'v', NULL, 0)", accountId, V);
    expect(rows(services)).toBe(1);
    await call('portal.logout', accountId);
    expect(rows(services)).toBe(0);
  });
});

describe('before the boot: the read-only reader of the store file', () => {
  it('finds the current account’s paint after a restart, and nothing once it is stale', async () => {
    const { call } = await signedIn();
    await keep(call);
    const file = join(env.dir, DATABASE_FILE_NAME);
    // Also while the services hold the file open (WAL: readers do not wait).
    expect(readFirstPaintFile(file, Date.now(), V)).toEqual({ html: STORED, language: 'de' });
    // A restart: the secret was in memory only (browser shell), the paint is still the day (its header never says whether the session is valid).
    await env.services?.close();
    expect(readFirstPaintFile(file, Date.now(), V)).toEqual({ html: STORED, language: 'de' });
    const services = await env.boot({ startSyncEngine: false });
    expect(services.indexHtml(INDEX)).toContain(STORED);
    await services.close();
    expect(readFirstPaintFile(file, Date.now(), V)).toEqual({ html: STORED, language: 'de' });
    expect(readFirstPaintFile(file, Date.now() + 365 * 86_400_000, V)).toEqual({ html: STORED, language: 'de' });
    // Another version of the app (an update): its markup and version line differ.
    expect(readFirstPaintFile(file, Date.now(), '0.0.1')).toBeNull();

    // The student's language choice differs from the paint's (written behind the trigger's back): not served.
    const raw = openDatabase(file, { migrations: APP_MIGRATIONS });
    raw.exec('DROP TRIGGER first_paint_gone_settings_insert');
    raw.run(`INSERT INTO settings (key, value_json, updated_at) VALUES ('language', '"en"', 0)`);
    raw.close();
    expect(readFirstPaintFile(file, Date.now(), V)).toBeNull();
  });

  it('no file, a damaged file, a store without the table: no first paint, nothing created', () => {
    const missing = join(env.dir, 'none', DATABASE_FILE_NAME);
    expect(readFirstPaintFile(missing, 0, V)).toBeNull();
    expect(existsSync(join(env.dir, 'none'))).toBe(false);

    const damaged = join(env.dir, 'damaged.sqlite');
    writeFileSync(damaged, Buffer.alloc(8192, 0x5a));
    expect(readFirstPaintFile(damaged, 0, V)).toBeNull();

    const older = join(env.dir, 'older.sqlite');
    const store = openDatabase(older, { migrations: APP_MIGRATIONS.filter((m) => m.id < 17) });
    store.run("INSERT INTO accounts (id, site_url, site_name, user_id, username, full_name, lang, created_at, last_used_at) VALUES ('a1', 'https://m.test', 'M', 1, 'u', 'X', 'de', 0, 0)");
    store.run("INSERT INTO current_account (slot, account_id) VALUES (1, 'a1')");
    store.close();
    expect(readFirstPaintFile(older, 0, V)).toBeNull();
  });
});

describe('the browser shell serves it', () => {
  it('in index.html for /, /index.html and client routes, still no-cache; other files as they are', async () => {
    const { services, call } = await signedIn();
    await keep(call);
    const rendererDir = join(env.dir, 'renderer-test');
    mkdirSync(join(rendererDir, 'assets'), { recursive: true });
    writeFileSync(join(rendererDir, 'index.html'), INDEX);
    writeFileSync(join(rendererDir, 'assets', 'main.js'), 'console.log("<div id=\\"root\\"></div>")');
    const shell = await startWebShell({ services: { services, inputSchemas: INPUT_SCHEMAS }, rendererDir, secret: 'b'.repeat(48), indexHtml: (content) => services.indexHtml(content) });
    try {
      for (const path of ['/', '/index.html', '/kurse']) {
        const response = await fetch(`${shell.origin}${path}`);
        expect(response.headers.get('cache-control')).toBe('no-cache');
        expect(await response.text()).toBe(INDEX.replace('<div id="root">', `<div id="first-paint" lang="de" inert aria-hidden="true">${STORED}</div><div id="root">`));
      }
      expect(await (await fetch(`${shell.origin}/assets/main.js`)).text()).toBe('console.log("<div id=\\"root\\"></div>")');
    } finally {
      await shell.close();
    }
  });

  it('a failing hook serves index.html as it is', async () => {
    const { services } = await signedIn();
    const rendererDir = join(env.dir, 'renderer-test');
    mkdirSync(rendererDir, { recursive: true });
    writeFileSync(join(rendererDir, 'index.html'), INDEX);
    const shell = await startWebShell({
      services: { services, inputSchemas: INPUT_SCHEMAS },
      rendererDir,
      secret: 'b'.repeat(48),
      indexHtml: () => {
        throw new Error('broken');
      },
    });
    try {
      const response = await fetch(`${shell.origin}/`);
      expect(response.status).toBe(200);
      expect(await response.text()).toBe(INDEX);
    } finally {
      await shell.close();
    }
  });
});

/**
 * Privacy centre and diagnostics through the real composition root, real SQLite and the test
 * Moodle over HTTP: the inventory covers every account-scoped table (a new table without a
 * description fails here), the export holds the account's data and never its token, deletion asks
 * first when unsent work exists and then removes rows, files and secret of that account only.
 * Diagnostics with a signed-in account: no token, no user name, no account id in the text.
 */
import { mkdirSync, readFileSync, writeFileSync, existsSync } from 'node:fs';
import { createServer } from 'node:http';
import type { Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { DiagnosticsMethods } from '../../preload/contract/diagnostics';
import type { PrivacyMethods } from '../../preload/contract/privacy';
import { de } from '../../renderer/i18n/de';
import { en } from '../../renderer/i18n/en';
import { accountScopedTables } from '../../main/privacy/inventory';
import { DEVICE_WIDE_TABLES } from '../../main/portal/accounts-scope';
import type { ServiceDeps, Services } from '../../main/services';
import { apiCaller, signInAs, useMoodleAndServicesPerTest } from '../support/services-harness';
import type { ApiCall } from '../support/services-harness';
import type { SaveFilePort } from '../../main/privacy/save-file-port';
import { updateFeedFile } from '../../main/diagnostics/collect';
import { decideUpdates, installKindFrom } from '../../main/updates/decision';
import { UpdateStatusHolder } from '../../main/updates/status';

const env = useMoodleAndServicesPerTest('schuldesk-privacy-');
let call: ApiCall<PrivacyMethods & DiagnosticsMethods>;

async function boot(policy: Record<string, unknown> = {}, dataDir: string = env.dir, extra: Partial<ServiceDeps> = {}): Promise<Services> {
  const services = await env.boot({ ...extra, dataDir, policy });
  call = apiCaller<PrivacyMethods & DiagnosticsMethods>(services);
  return services;
}

function signIn(s: Services, username: string, fullName: string): { id: string; token: string } {
  const { accountId, token } = signInAs(s, env.moodle, username, { fullName });
  return { id: accountId, token };
}

/** Rows in every table a student's work touches, plus a draft's file on disk. */
function seedWork(s: Services, accountId: string, options: { sent: boolean }): number {
  const store = s.context.store;
  const dataDir = s.context.deps.dataDir;
  const now = s.context.now();
  const draftId = `draft-${accountId.slice(0, 8)}`;
  store.run(
    `INSERT INTO assignments (account_id, assign_id, cmid, course_id, name, intro_html, due_at, cutoff_at, configs_json, files_json, synced_at)
     VALUES (?, 1, 10, 2, 'Bruchrechnung', '<p>Aufgabe</p>', 0, 0, '[]', '[]', ?)`,
    accountId,
    now - 5000,
  );
  store.run(
    `INSERT INTO drafts (id, account_id, assign_id, course_id, title, text_html, files_json, version, state, created_at, updated_at)
     VALUES (?, ?, 1, 2, 'Bruchrechnung', '<p>Meine Lösung</p>', '[]', 2, ?, ?, ?)`,
    draftId,
    accountId,
    options.sent ? 'sent' : 'saved',
    now - 4000,
    now - 1000,
  );
  for (const version of [1, 2]) {
    store.run('INSERT INTO draft_versions (account_id, draft_id, version, text_html, files_json, saved_at) VALUES (?, ?, ?, ?, ?, ?)', accountId, draftId, version, `<p>v${version}</p>`, '[]', now - 4000 + version);
  }
  store.run(
    `INSERT INTO outbox (id, account_id, draft_id, draft_version, handin, accept_statement, step, status, attempts, next_attempt_at, created_at, updated_at)
     VALUES (?, ?, ?, 2, 0, 0, 'done', ?, 1, 0, ?, ?)`,
    `out-${draftId}`,
    accountId,
    draftId,
    options.sent ? 'done' : 'active',
    now - 900,
    now - 800,
  );
  store.run("INSERT INTO conference_media_log (account_id, meeting_name, kind, action, at) VALUES (?, 'Mathe 7b', 'camera', 'on', ?)", accountId, now - 700);
  const files = join(dataDir, 'drafts', accountId, draftId);
  mkdirSync(files, { recursive: true });
  writeFileSync(join(files, 'loesung.pdf'), Buffer.alloc(1234, 1));
  return now;
}


describe('privacy inventory', () => {
  it('covers every account-scoped table of the schema, each described in words', async () => {
    const s = await boot();
    const allTables = s.context.store
      .all<{ name: string }>("SELECT name FROM sqlite_schema WHERE type = 'table' AND name NOT LIKE 'sqlite\\_%' ESCAPE '\\'")
      .map((row) => row.name)
      .filter((name) => !DEVICE_WIDE_TABLES.includes(name));
    const scoped = accountScopedTables(s.context.store).map((table) => table.name);
    // Every table not device-wide is an account's data and appears in the inventory …
    expect(scoped.sort()).toEqual(allTables.sort());
    // … with words in German and English (add them to renderer/i18n/it.de.ts and it.en.ts, privacy.tables, when you add a table).
    expect(scoped.filter((name) => !Object.hasOwn(de.it.privacy.tables, name))).toEqual([]);
    expect(scoped.filter((name) => !Object.hasOwn(en.it.privacy.tables, name))).toEqual([]);

    const { id } = signIn(s, 'student1', 'Lena Müller');
    const overview = await call('privacy.overview');
    const items = overview.accounts[0]?.items.map((item) => item.id) ?? [];
    for (const table of scoped) expect(items).toContain(table);
    expect(overview.accounts[0]?.accountId).toBe(id);
  });

  it('lists per account what is stored, with counts, sizes and ages; another account is not mixed in', async () => {
    const s = await boot();
    const lena = signIn(s, 'student1', 'Lena Müller');
    const seededAt = seedWork(s, lena.id, { sent: false });
    const other = signIn(s, 'teacher1', 'Sabine Becker');
    const overview = await call('privacy.overview');
    expect(overview.accounts.map((a) => a.fullName).sort()).toEqual(['Lena Müller', 'Sabine Becker']);
    const mine = overview.accounts.find((a) => a.accountId === lena.id);
    const theirs = overview.accounts.find((a) => a.accountId === other.id);
    if (!mine || !theirs) throw new Error('accounts missing');
    const item = (id: string) => mine.items.find((i) => i.id === id);
    expect(item('drafts')).toMatchObject({ count: 1, oldestAt: seededAt - 4000, newestAt: seededAt - 1000 });
    expect(item('draft_versions')?.count).toBe(2);
    expect(item('outbox')?.count).toBe(1);
    expect(item('assignments')?.count).toBe(1);
    expect(item('conference_media_log')?.count).toBe(1);
    expect(item('drafts')?.bytes).toBeGreaterThan('<p>Meine Lösung</p>'.length);
    expect(item('files:drafts')).toMatchObject({ count: 1, bytes: 1234 });
    expect(item('secret')).toMatchObject({ count: 1, detail: 'secret-memory-only' });
    expect(item('profile')?.count).toBe(1);
    expect(mine.unsentCount).toBe(1);
    expect(mine.totalBytes).toBeGreaterThan(1234);
    expect(theirs.items.filter((i) => i.kind === 'table').every((i) => i.id === 'current_account' || i.count === 0)).toBe(true);
    expect(theirs.items.some((i) => i.kind === 'files')).toBe(false);
    expect(overview.device.map((d) => d.id)).toEqual(['settings', 'logs']);
  });
});

describe('export', () => {
  it('holds the account’s data as JSON and never the token', async () => {
    const s = await boot();
    const lena = signIn(s, 'student1', 'Lena Müller');
    seedWork(s, lena.id, { sent: false });
    const other = signIn(s, 'teacher1', 'Sabine Becker');
    const exported = await call('privacy.export', lena.id);
    expect(exported.fileName).toMatch(/^SchulDesk-Daten-Testschule-\d{4}-\d{2}-\d{2}\.json$/);
    expect(exported.json).not.toContain(lena.token);
    expect(exported.json).not.toContain(other.token);
    expect(exported.json).not.toContain(other.id);
    expect(exported.json).not.toContain('Sabine');
    const document = JSON.parse(exported.json) as {
      format: string;
      account: { fullName: string };
      signIn: { stored: boolean; keptIn: string };
      tables: Record<string, Record<string, unknown>[]>;
      files: { folder: string; files: number; bytes: number }[];
    };
    expect(document.format).toBe('schuldesk-privacy-export');
    expect(document.account.fullName).toBe('Lena Müller');
    expect(document.signIn).toEqual({ stored: true, keptIn: 'memory' });
    expect(document.tables.drafts?.[0]?.text_html).toBe('<p>Meine Lösung</p>');
    expect(document.tables.draft_versions).toHaveLength(2);
    expect(document.tables.assignments?.[0]?.configs_json).toEqual([]);
    expect(document.files).toEqual([expect.objectContaining({ folder: 'drafts', files: 1, bytes: 1234 })]);
    await expect(call('privacy.export', 'no-such-account')).rejects.toMatchObject({ code: 'account-not-found' });
  });
});

describe('saving through the desktop app’s dialog (SaveFilePort)', () => {
  it('writes main’s own export and report to the file the user chose; the browser shell has no dialog', async () => {
    const saved: string[] = [];
    // The port as the Electron dialog implements it, with the "user" choosing a file in the temp folder.
    const saveFile: SaveFilePort = async (request) => {
      const path = join(env.dir, `chosen-${request.suggestedName}`);
      if (!('content' in request)) throw new Error('exports are text main produced');
      writeFileSync(path, request.content, 'utf8');
      saved.push(path);
      return { saved: true, fileName: `chosen-${request.suggestedName}` };
    };
    const s = await boot({}, env.dir, { saveFile });
    const lena = signIn(s, 'student1', 'Lena Müller');
    const result = await call('privacy.saveExport', lena.id);
    expect(result).toEqual({ saved: true, fileName: expect.stringMatching(/^chosen-SchulDesk-Daten-Testschule-.*\.json$/) });
    const content = readFileSync(saved[0] ?? '', 'utf8');
    expect(JSON.parse(content)).toMatchObject({ format: 'schuldesk-privacy-export', account: { username: 'student1' } });
    expect(content).not.toContain(lena.token);

    const report = await call('it.saveDiagnostics');
    expect(report.fileName).toMatch(/^chosen-SchulDesk-Diagnose-\d{4}-\d{2}-\d{2}\.txt$/);
    const text = readFileSync(saved[1] ?? '', 'utf8');
    expect(text.startsWith('SchulDesk – Diagnose')).toBe(true);
    expect(text).not.toContain('student1');

    await boot();
    await expect(call('it.saveDiagnostics')).rejects.toMatchObject({ code: 'save-unavailable' });
  });
});

describe('delete everything of an account', () => {
  it('asks first when unsent work exists, then removes rows, files and secret of that account only', async () => {
    const s = await boot();
    const lena = signIn(s, 'student1', 'Lena Müller');
    seedWork(s, lena.id, { sent: false });
    const other = signIn(s, 'teacher1', 'Sabine Becker');
    seedWork(s, other.id, { sent: true });

    const asked = await call('privacy.deleteAccountData', lena.id, { confirmUnsent: false });
    expect(asked).toMatchObject({ status: 'needs-confirmation', unsentCount: 1, unsentTitles: ['Bruchrechnung'] });
    expect(s.context.accounts.get(lena.id)).not.toBeNull();
    expect(existsSync(join(env.dir, 'drafts', lena.id))).toBe(true);

    const done = await call('privacy.deleteAccountData', lena.id, { confirmUnsent: true });
    expect(done).toMatchObject({ status: 'deleted', removedFiles: 1 });
    expect(s.context.accounts.get(lena.id)).toBeNull();
    expect(s.context.vault.inspect(lena.id)).toBe('absent');
    expect(existsSync(join(env.dir, 'drafts', lena.id))).toBe(false);
    for (const table of accountScopedTables(s.context.store)) {
      const n = s.context.store.get<{ n: number }>(`SELECT COUNT(*) AS n FROM "${table.name}" WHERE account_id = ?`, lena.id)?.n;
      expect(n, table.name).toBe(0);
    }
    // The other account is untouched.
    expect(s.context.accounts.get(other.id)).not.toBeNull();
    expect(s.context.vault.inspect(other.id)).toBe('present');
    expect(existsSync(join(env.dir, 'drafts', other.id))).toBe(true);
    expect(s.context.store.get<{ n: number }>('SELECT COUNT(*) AS n FROM drafts WHERE account_id = ?', other.id)?.n).toBe(1);

    // Sent work only: no question.
    expect(await call('privacy.deleteAccountData', other.id, { confirmUnsent: false })).toMatchObject({ status: 'deleted' });
    expect((await call('privacy.overview')).accounts).toEqual([]);
  });
});

describe('diagnostics with a signed-in account', () => {
  let updateServer: Server;
  let updateUrl: string;
  let deadOrigin: string;
  const previousHome = process.env.HOME;

  beforeEach(async () => {
    updateServer = createServer((req, res) => {
      if (req.url?.endsWith('.yml')) res.writeHead(200, { 'content-type': 'text/yaml' }).end('version: 9.9.9\n');
      else res.writeHead(404).end();
    });
    await new Promise<void>((resolve) => updateServer.listen(0, '127.0.0.1', resolve));
    updateUrl = `http://127.0.0.1:${(updateServer.address() as AddressInfo).port}/schuldesk`;
    // A port nobody listens on: connection refused, quickly.
    const closed = createServer();
    await new Promise<void>((resolve) => closed.listen(0, '127.0.0.1', resolve));
    deadOrigin = `http://127.0.0.1:${(closed.address() as AddressInfo).port}`;
    await new Promise<void>((resolve) => closed.close(() => resolve()));
  });
  afterEach(async () => {
    process.env.HOME = previousHome;
    await new Promise<void>((resolve) => updateServer.close(() => resolve()));
  });

  it('checks portal, BBB host and update server, and holds no token, user name or account id', async () => {
    // The data folder lives in a (fake) home folder: the report must show it as ~.
    const home = join(env.dir, 'home', 'lena.mueller');
    process.env.HOME = home;
    const dataDir = join(home, '.config', 'SchulDesk');
    const s = await boot({ portals: [{ name: 'Testschule', url: env.moodle.url }], extraBbbHosts: [deadOrigin], updateUrl, cameraGate: true }, dataDir);
    const lena = signIn(s, 'student1', 'Lena Müller');
    seedWork(s, lena.id, { sent: false });
    const report = await call('it.diagnostics');
    const text = report.text;
    expect(text).toContain(`${env.moodle.url} (Richtlinie): erreichbar – Web-Services an, Moodle-App-Dienst an`);
    expect(text).toMatch(new RegExp(`\\[FEHLER\\] ${deadOrigin.replace(/\./g, '\\.')}: FEHLER`));
    expect(text).toContain(`${updateUrl}/latest-linux.yml: erreichbar – HTTP 200`.replace('latest-linux', process.platform === 'linux' ? 'latest-linux' : process.platform === 'darwin' ? 'latest-mac' : 'latest'));
    expect(text).toContain('cameraGate: true  [Richtlinie: test-policy, gesperrt]');
    expect(text).toContain('Konten auf diesem Gerät: 1');
    expect(text).toContain('Ordner drafts');
    expect(text).toContain('nur im Arbeitsspeicher');
    expect(text).toContain('Datenordner: ~/.config/SchulDesk');
    for (const forbidden of [lena.token, lena.id, 'student1', 'Lena', 'lena', 'Müller', 'Bruchrechnung', home]) {
      expect(text).not.toContain(forbidden);
    }
    expect(JSON.stringify(report.sections)).not.toContain(lena.token);

    // Web env.services switched off on the portal: the report says which check failed.
    env.moodle.state.setWebServicesEnabled(false);
    const again = await call('it.diagnostics');
    expect(again.text).toContain('FEHLER (webservices-disabled)');
  });

  it('an MSI install (as --diagnose records it): install kind, decision and the package feed probed without an updateUrl policy', async () => {
    // What main/electron/updater.ts decideForThisCopy records, with the facts of an MSI install.
    const updates = new UpdateStatusHolder('1.2.3');
    const installKind = installKindFrom({ packaged: true, platform: 'win32', nsisUninstallerNextToExe: false, appBundleOwnerUid: null, appImagePath: undefined });
    updates.setDecision(decideUpdates({ updateMode: 'auto', updateUrl: null, bundledFeedUrl: updateUrl, channel: 'latest', installKind, signed: true, platform: 'win32' }), installKind);
    await boot({}, env.dir, { shell: 'electron', updates });
    const text = (await call('it.diagnostics')).text;
    expect(text).toContain('Installationsart: msi');
    expect(text).toContain('Entscheidung: nur Hinweis: Installation für alle Benutzer (MSI, PKG, deb), die Schul-IT installiert (managed-install)');
    expect(text).toContain(`Update-Server (Installationspaket) ${updateUrl}/${updateFeedFile('latest')}: erreichbar – HTTP 200`);

    // The build's placeholder feed is no feed: nothing is probed.
    const placeholder = new UpdateStatusHolder('1.2.3');
    placeholder.setDecision(decideUpdates({ updateMode: 'auto', updateUrl: null, bundledFeedUrl: 'https://updates.schuldesk.invalid/latest', channel: 'latest', installKind, signed: true, platform: 'win32' }), installKind);
    await boot({}, env.dir, { shell: 'electron', updates: placeholder });
    expect((await call('it.diagnostics')).text).toContain('Update-Server: keiner eingerichtet');
  });
});

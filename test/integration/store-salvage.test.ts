/**
 * A damaged store at start: real SQLite files, damaged on disk the way a power cut or a cheap SSD
 * does it, then the app's own start (createServices). Each case must start, salvage the unsent draft
 * (its text and version) and the outbox item written before, keep the damaged file aside untouched,
 * and report it (store.notice for the student, context.storeRecovery for the diagnostics).
 * A migration killed half-way (real child process, real SIGKILL) must recover without salvage.
 * Over 400 lines on purpose: every kind of on-disk damage against the same start-up path.
 */
import { spawn } from 'node:child_process';
import { createHash, randomBytes } from 'node:crypto';
import { copyFileSync, existsSync, mkdirSync, mkdtempSync, openSync, closeSync, readFileSync, readdirSync, rmSync, statSync, truncateSync, writeSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { performance } from 'node:perf_hooks';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { DatabaseSync } from 'node:sqlite';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { StoreNotice } from '../../preload/api';
import { storeHealth } from '../../main/diagnostics/collect';
import { DeviceKeys } from '../../main/outbox/device-keys';
import { DraftStore } from '../../main/outbox/drafts';
import { OutboxEngine } from '../../main/outbox/outbox';
import type { MoodleClient } from '../../main/portal/moodle-client';
import { createServices, DATABASE_FILE_NAME } from '../../main/services';
import type { Services } from '../../main/services';
import { openDatabase } from '../../main/store/database';
import type { Store } from '../../main/store/database';
import { StoreError } from '../../main/store/errors';
import type { Migration } from '../../main/store/migrate';
import { APP_MIGRATIONS } from '../../main/store/migrations';
import { salvageMarkPath, walDamage } from '../../main/store/salvage';
import { SALVAGE_TABLES } from '../../main/store/salvage-copy';

const MIGRATE_CHILD = fileURLToPath(new URL('../fixtures/store-salvage/migrate-child.ts', import.meta.url));
const SALVAGE_CHILD = fileURLToPath(new URL('../fixtures/store-salvage/salvage-child.ts', import.meta.url));
const ACCOUNT = 'acc-salvage-1';
const OTHER_DRAFTS = 40;

interface Seeded {
  draftId: string;
  text: string;
  version: number;
  outboxId: string;
  /** Marker texts of the other drafts, one per draft (to find their pages). */
  others: string[];
}

let root: string;
let dataDir: string;
let file: string;
let services: Services | null = null;

beforeEach(() => {
  root = mkdtempSync(join(tmpdir(), 'schuldesk-salvage-'));
  dataDir = join(root, 'data');
  mkdirSync(dataDir);
  file = join(dataDir, DATABASE_FILE_NAME);
});

afterEach(async () => {
  await services?.close();
  services = null;
  rmSync(root, { recursive: true, force: true });
});

function engine(store: Store, drafts: DraftStore): OutboxEngine {
  return new OutboxEngine({ store, drafts, client: {} as MoodleClient, now: Date.now, session: () => null, onInvalidToken: () => undefined });
}

/** The student's world: an account with its encrypted secret, one unsent draft queued in the outbox, other drafts, cached courses. */
function seed(store: Store, cachedCourses = 300): Seeded {
  const now = Date.now();
  store.run(
    `INSERT INTO accounts (id, site_url, site_name, user_id, username, full_name, lang, created_at, last_used_at, needs_reauth)
     VALUES (?, 'https://schule.example', 'Testschule', 7, 'mia', 'Mia Muster', 'de', ?, ?, 0)`,
    ACCOUNT, now, now,
  );
  store.run("INSERT INTO secrets (account_id, backend, ciphertext, written_at) VALUES (?, 'gnome_libsecret', ?, ?)", ACCOUNT, randomBytes(120), now);
  store.run('INSERT INTO current_account (slot, account_id) VALUES (1, ?)', ACCOUNT);
  const drafts = new DraftStore({ store, dataDir, now: Date.now });
  const others: string[] = [];
  const other = (i: number): void => {
    const marker = `ANDERER-ENTWURF-${String(i).padStart(3, '0')}`;
    const created = drafts.open(ACCOUNT, { assignId: 100 + i, courseId: 10, title: `Aufgabe ${i}` }, { timemodified: null, status: null, text: null });
    drafts.saveText(ACCOUNT, created.id, `<p>${marker} ${'Text '.repeat(300)}</p>`);
    others.push(marker);
  };
  // Half of the other drafts before the student's unsent one, half after: a damaged page before it
  // must be skipped to reach it.
  for (let i = 0; i < OTHER_DRAFTS / 2; i++) other(i);
  const draft = drafts.open(ACCOUNT, { assignId: 1, courseId: 10, title: 'Erörterung' }, { timemodified: null, status: null, text: null });
  drafts.saveText(ACCOUNT, draft.id, '<p>Erster Versuch</p>');
  // An attached file: it lives under <dataDir>/drafts and stays there; the salvaged row must still name it.
  drafts.addFile(ACCOUNT, draft.id, { name: 'Quellen.txt', mimetype: 'text/plain', content: Buffer.from('Quellenangabe: Stadtarchiv') });
  const saved = drafts.saveText(ACCOUNT, draft.id, `<p>UNGESENDET-ZIEL: Meine Erörterung zur Weimarer Republik. ${'Argument und Beleg. '.repeat(60)}</p>`);
  const item = engine(store, drafts).enqueue(ACCOUNT, draft.id, { handin: true, acceptStatement: false });
  for (let i = OTHER_DRAFTS / 2; i < OTHER_DRAFTS; i++) other(i);
  store.transaction(() => {
    for (let i = 0; i < cachedCourses; i++) {
      store.run(
        `INSERT INTO content_courses (account_id, course_id, fullname, shortname, summary_html, sort_order, synced_at) VALUES (?, ?, ?, ?, ?, ?, ?)`,
        ACCOUNT, i + 1, `Kurs ${i}`, `K${i}`, `<p>CACHE-ROW-${i} ${'Kursbeschreibung '.repeat(60)}</p>`, i, now,
      );
    }
  });
  return { draftId: saved.id, text: saved.textHtml, version: saved.version, outboxId: item.id, others };
}

function seedFile(path: string, migrations: readonly Migration[] = APP_MIGRATIONS, cachedCourses?: number): Seeded {
  const store = openDatabase(path, { migrations });
  try {
    return seed(store, cachedCourses);
  } finally {
    store.close();
  }
}

async function start(): Promise<Services> {
  await services?.close();
  services = await createServices({ shell: 'browser', appVersion: '0.0.0-test', dataDir, policySources: [] });
  return services;
}

async function notice(s: Services): Promise<StoreNotice | null> {
  return (await s.handlers['store.notice']()) as StoreNotice | null;
}

const sha256 = (path: string): string => createHash('sha256').update(readFileSync(path)).digest('hex');
const pageSizeOf = (path: string): number => readFileSync(path).readUInt16BE(16);

/** The page (1-based) whose bytes contain `marker`. */
function pageContaining(path: string, marker: string): number {
  const buffer = readFileSync(path);
  const offset = buffer.indexOf(Buffer.from(marker, 'utf8'));
  expect(offset, `${marker} in ${path}`).toBeGreaterThan(0);
  return Math.floor(offset / pageSizeOf(path)) + 1;
}

function overwrite(path: string, offset: number, bytes: Buffer): void {
  const fd = openSync(path, 'r+');
  try {
    writeSync(fd, bytes, 0, bytes.length, offset);
  } finally {
    closeSync(fd);
  }
}

function asideFiles(): string[] {
  return readdirSync(dataDir).filter((name) => /^schuldesk\.damaged-\d{8}T\d{6}Z\.sqlite(-wal|-shm)?$/.test(name)).sort();
}

/** The draft as written before, its versions and its outbox item, in the store the app now uses. */
function expectWorkSalvaged(s: Services, seeded: Seeded): void {
  const store = s.context.store;
  const drafts = new DraftStore({ store, dataDir, now: Date.now });
  const draft = drafts.get(ACCOUNT, seeded.draftId);
  expect(draft?.textHtml).toBe(seeded.text);
  expect(draft?.version).toBe(seeded.version);
  expect(draft?.state).toBe('sending');
  expect(draft?.files.map((f) => f.name)).toEqual(['Quellen.txt']);
  expect(drafts.readFile(ACCOUNT, seeded.draftId, draft?.files[0]?.id as string).toString()).toBe('Quellenangabe: Stadtarchiv');
  const versions = store.all<{ version: number }>('SELECT version FROM draft_versions WHERE draft_id = ? ORDER BY version', seeded.draftId).map((row) => row.version);
  expect(versions).toEqual(Array.from({ length: seeded.version }, (_, index) => index + 1));
  const item = engine(store, drafts).get(ACCOUNT, seeded.outboxId);
  expect(item).toMatchObject({ draftId: seeded.draftId, draftVersion: seeded.version, status: 'active', step: 'pending', handin: true });
  // What reading and sending them needs: the account row, its encrypted secret, the current account.
  expect(store.get('SELECT site_url FROM accounts WHERE id = ?', ACCOUNT)).toMatchObject({ site_url: 'https://schule.example' });
  expect(store.get<{ n: number }>('SELECT count(*) AS n FROM secrets WHERE account_id = ?', ACCOUNT)?.n).toBe(1);
  expect(store.get('SELECT account_id FROM current_account')).toMatchObject({ account_id: ACCOUNT });
  // The fresh store is whole and complete.
  expect(store.all('PRAGMA integrity_check')).toEqual([{ integrity_check: 'ok' }]);
  expect(store.get<{ n: number }>('SELECT count(*) AS n FROM schema_migrations')?.n).toBe(APP_MIGRATIONS.length);
}

describe('a damaged store is moved aside and salvaged at start', () => {
  it('a page of the store overwritten: everything else is salvaged row by row, the damaged page only loses its own rows', async () => {
    const seeded = seedFile(file);
    const damagedPage = pageContaining(file, seeded.others[5] as string);
    expect(damagedPage).not.toBe(pageContaining(file, 'UNGESENDET-ZIEL'));
    const pageSize = pageSizeOf(file);
    overwrite(file, (damagedPage - 1) * pageSize, randomBytes(pageSize));
    const damagedHash = sha256(file);

    const s = await start();
    expectWorkSalvaged(s, seeded);
    const recovery = s.context.storeRecovery;
    expect(recovery).toMatchObject({ reason: 'corrupt', method: expect.stringMatching(/^sql/) });
    expect(recovery?.tables.drafts?.lost).toBeGreaterThan(0);
    // Only the damaged page's drafts are gone; cached courses were not copied (they are synced again).
    const left = s.context.store.get<{ n: number }>('SELECT count(*) AS n FROM drafts')?.n ?? 0;
    expect(left).toBeGreaterThanOrEqual(1 + OTHER_DRAFTS - 4);
    expect(left).toBeLessThan(1 + OTHER_DRAFTS);
    expect(s.context.store.get<{ n: number }>('SELECT count(*) AS n FROM content_courses')?.n).toBe(0);
    expect(await notice(s)).toEqual({ kind: 'salvaged', drafts: left, outbox: 1, accounts: 1 });
    // Kept for IT, byte for byte.
    const [aside] = asideFiles();
    expect(aside).toBeDefined();
    expect(sha256(join(dataDir, aside as string))).toBe(damagedHash);
    // IT: the diagnostics' data file section.
    expect(storeHealth(s.context)).toEqual({ recovery, markedForSalvage: false, keptFiles: [{ name: aside, bytes: statSync(join(dataDir, aside as string)).size }] });

    // Dismissed: gone; the next start finds a healthy store and has nothing to report.
    await s.handlers['store.noticeSeen']();
    expect(await notice(s)).toBeNull();
    const again = await start();
    expect(again.context.storeRecovery).toBeNull();
    expect(await notice(again)).toBeNull();
    expectWorkSalvaged(again, seeded);
  });

  it('page 1 (header and schema) overwritten: rows are read from the raw pages', async () => {
    const seeded = seedFile(file);
    overwrite(file, 0, randomBytes(pageSizeOf(file)));

    const s = await start();
    expectWorkSalvaged(s, seeded);
    expect(s.context.storeRecovery).toMatchObject({ reason: 'not-a-database', method: 'pages' });
    expect(s.context.store.get<{ n: number }>('SELECT count(*) AS n FROM drafts')?.n).toBe(1 + OTHER_DRAFTS);
    expect(await notice(s)).toEqual({ kind: 'salvaged', drafts: 1 + OTHER_DRAFTS, outbox: 1, accounts: 1 });
    expect(asideFiles()).toHaveLength(1);
  });

  it('shared device: the sealed draft, its sealed key and the sealed account placeholder survive page-1 damage; the PIN opens it again', async () => {
    const binding = 'https://schule.example|7';
    const store = openDatabase(file, { migrations: APP_MIGRATIONS });
    seed(store, 50);
    const keys = new DeviceKeys(store);
    keys.unlock(ACCOUNT, 'geheim-123', binding, Date.now());
    const sealed = new DraftStore({ store, dataDir, now: Date.now, sealed: () => true, sealKey: (id) => keys.key(id) });
    const draft = sealed.open(ACCOUNT, { assignId: 500, courseId: 10, title: 'Versiegelt' }, { timemodified: null, status: null, text: null });
    const saved = sealed.saveText(ACCOUNT, draft.id, '<p>VERSIEGELT: nur mit PIN lesbar</p>');
    const item = engine(store, sealed).enqueue(ACCOUNT, draft.id, { handin: true, acceptStatement: false });
    // The student logged out with unsent work: the account keeps only its id, portal and handle.
    store.run("UPDATE accounts SET site_name = '', username = '', full_name = '', lang = '', user_id = 0, sealed_handle = 'handle-7' WHERE id = ?", ACCOUNT);
    store.close();
    expect(readFileSync(file).includes(Buffer.from('VERSIEGELT'))).toBe(false);
    overwrite(file, 0, randomBytes(pageSizeOf(file)));

    const s = await start();
    expect(s.context.storeRecovery).toMatchObject({ method: 'pages' });
    const fresh = s.context.store;
    expect(fresh.get('SELECT sealed_handle, site_url FROM accounts WHERE id = ?', ACCOUNT)).toEqual({ sealed_handle: 'handle-7', site_url: 'https://schule.example' });
    const again = new DeviceKeys(fresh);
    again.unlock(ACCOUNT, 'geheim-123', binding, Date.now());
    const reader = new DraftStore({ store: fresh, dataDir, now: Date.now, sealed: () => true, sealKey: (id) => again.key(id) });
    expect(reader.get(ACCOUNT, draft.id)).toMatchObject({ textHtml: saved.textHtml, version: saved.version, locked: false });
    expect(engine(fresh, reader).get(ACCOUNT, item.id)).toMatchObject({ draftId: draft.id, status: 'active', handin: true });
    // The placeholder is no account the student could pick; the work is counted.
    expect(await notice(s)).toEqual({ kind: 'salvaged', drafts: 2 + OTHER_DRAFTS, outbox: 2, accounts: 0 });
  });

  it('damage quick_check misses shows up during use: marked, told, salvaged at the next start', async () => {
    const seeded = seedFile(file);
    // The outbox index entry of the queued item: a changed key byte is still a well-formed page.
    const db = new DatabaseSync(file, { readOnly: true });
    const root = (db.prepare("SELECT rootpage FROM sqlite_schema WHERE name = 'outbox_by_account'").get() as { rootpage: number }).rootpage;
    db.close();
    const pageSize = pageSizeOf(file);
    const page = readFileSync(file).subarray((root - 1) * pageSize, root * pageSize);
    const at = page.indexOf(Buffer.from('pending'));
    expect(at).toBeGreaterThan(0);
    overwrite(file, (root - 1) * pageSize + at + 6, Buffer.from('G'));
    const check = new DatabaseSync(file, { readOnly: true });
    expect(check.prepare('PRAGMA quick_check').all()).toEqual([{ quick_check: 'ok' }]);
    expect(check.prepare('PRAGMA integrity_check').all()).not.toEqual([{ integrity_check: 'ok' }]);
    check.close();

    const s = await start();
    expect(s.context.storeRecovery).toBeNull();
    const told: StoreNotice[] = [];
    s.events.subscribe((name, payload) => {
      if (name === 'store.notice') told.push(payload as StoreNotice);
    });
    // The student sends the draft again: replacing the queued item hits the damaged index entry.
    const drafts = new DraftStore({ store: s.context.store, dataDir, now: Date.now });
    let thrown: unknown;
    try {
      engine(s.context.store, drafts).enqueue(ACCOUNT, seeded.draftId, { handin: true, acceptStatement: false });
    } catch (error) {
      thrown = error;
    }
    expect(thrown).toBeInstanceOf(StoreError);
    expect((thrown as StoreError).code).toBe('store-corrupt');
    const damaged = { kind: 'damaged-restart', drafts: 0, outbox: 0, accounts: 0 };
    expect(told).toEqual([damaged]);
    expect(await notice(s)).toEqual(damaged);
    expect(existsSync(salvageMarkPath(file))).toBe(true);
    expect(storeHealth(s.context).markedForSalvage).toBe(true);
    await s.close();
    services = null;
    // `--diagnose` beside the app still opens the marked store and shows the mark; it salvages nothing.
    const diagnose = await createServices({ shell: 'browser', appVersion: '0.0.0-test', dataDir, policySources: [], storeSalvage: false });
    expect(diagnose.context.storeRecovery).toBeNull();
    expect(storeHealth(diagnose.context).markedForSalvage).toBe(true);
    await diagnose.close();
    expect(asideFiles()).toEqual([]);

    const next = await start();
    expectWorkSalvaged(next, seeded);
    expect(next.context.storeRecovery).toMatchObject({ reason: 'corrupt-at-run-time', method: 'sql' });
    expect(existsSync(salvageMarkPath(file))).toBe(false);
    expect(await notice(next)).toMatchObject({ kind: 'salvaged', outbox: 1, accounts: 1 });
    // The salvaged store has no damaged index: sending again works.
    const item = engine(next.context.store, new DraftStore({ store: next.context.store, dataDir, now: Date.now })).enqueue(ACCOUNT, seeded.draftId, { handin: true, acceptStatement: false });
    expect(item.status).toBe('active');
  });

  it('a WAL file cut off: the commits before the cut are salvaged from it', async () => {
    // The app's state after a pulled plug: the store open, the newest commits only in the WAL.
    const live = join(root, 'live.sqlite');
    seedFile(live);
    const store = openDatabase(live, { migrations: APP_MIGRATIONS });
    const drafts = new DraftStore({ store, dataDir, now: Date.now });
    const id = drafts.byAssignment(ACCOUNT, 1)?.id as string;
    const saved = drafts.saveText(ACCOUNT, id, `<p>UNGESENDET-ZIEL: nur im WAL. ${'Neuer Absatz. '.repeat(50)}</p>`);
    const item = engine(store, drafts).enqueue(ACCOUNT, id, { handin: true, acceptStatement: false });
    store.transaction(() => {
      for (let i = 0; i < 100; i++) store.run('UPDATE content_courses SET synced_at = ?, summary_html = ? WHERE course_id = ?', i, `<p>${'neu '.repeat(400)}</p>`, i + 1);
    });
    copyFileSync(live, file);
    copyFileSync(`${live}-wal`, `${file}-wal`);
    store.close();
    const walSize = statSync(`${file}-wal`).size;
    const frame = pageSizeOf(file) + 24;
    expect((walSize - 32) % frame).toBe(0);
    truncateSync(`${file}-wal`, walSize - Math.floor(frame / 2));
    const walHash = sha256(`${file}-wal`);

    const s = await start();
    expectWorkSalvaged(s, { draftId: id, text: saved.textHtml, version: saved.version, outboxId: item.id, others: [] });
    expect(s.context.storeRecovery).toMatchObject({ reason: 'wal-truncated', method: 'sql' });
    expect(await notice(s)).toMatchObject({ kind: 'salvaged', outbox: 1 });
    const wal = asideFiles().find((name) => name.endsWith('.sqlite-wal'));
    expect(asideFiles()).toContain(wal?.replace(/-wal$/, ''));
    // The cut-off WAL is kept as it was (read, not replayed into the old file).
    expect(sha256(join(dataDir, wal as string))).toBe(walHash);
  });

  it('page 1 overwritten while the newest commits are only in the WAL: the raw reader takes them from the WAL frames', async () => {
    const live = join(root, 'live.sqlite');
    seedFile(live);
    const store = openDatabase(live, { migrations: APP_MIGRATIONS });
    const drafts = new DraftStore({ store, dataDir, now: Date.now });
    const id = drafts.byAssignment(ACCOUNT, 1)?.id as string;
    const saved = drafts.saveText(ACCOUNT, id, `<p>UNGESENDET-ZIEL: WAL-Version. ${'Noch ein Satz. '.repeat(40)}</p>`);
    const item = engine(store, drafts).enqueue(ACCOUNT, id, { handin: true, acceptStatement: false });
    copyFileSync(live, file);
    copyFileSync(`${live}-wal`, `${file}-wal`);
    store.close();
    expect(readFileSync(file).includes(Buffer.from('WAL-Version'))).toBe(false);
    overwrite(file, 0, randomBytes(pageSizeOf(`${live}`)));

    const s = await start();
    expect(s.context.storeRecovery).toMatchObject({ reason: 'not-a-database', method: 'pages' });
    expectWorkSalvaged(s, { draftId: id, text: saved.textHtml, version: saved.version, outboxId: item.id, others: [] });
  });

  it('a store written by a newer SchulDesk: salvaged with the columns this version knows, the file kept unchanged', async () => {
    const future: Migration = {
      id: (APP_MIGRATIONS.at(-1)?.id ?? 0) + 100,
      name: 'from a newer version',
      up: "ALTER TABLE drafts ADD COLUMN mood TEXT NOT NULL DEFAULT 'gut'; CREATE TABLE future_things (x TEXT) STRICT;",
    };
    // Written by the newer version, which was then killed: its last commit is only in the WAL.
    const live = join(root, 'live.sqlite');
    const seeded = seedFile(live, [...APP_MIGRATIONS, future]);
    const newer = new DatabaseSync(live);
    newer.prepare("UPDATE drafts SET mood = 'müde' WHERE id = ?").run(seeded.draftId);
    copyFileSync(live, file);
    copyFileSync(`${live}-wal`, `${file}-wal`);
    newer.close();
    expect(statSync(`${file}-wal`).size).toBeGreaterThan(0);
    const before = sha256(file);
    const walBefore = sha256(`${file}-wal`);

    const s = await start();
    expectWorkSalvaged(s, seeded);
    expect(s.context.storeRecovery).toMatchObject({ reason: 'schema-too-new', method: 'sql' });
    expect(await notice(s)).toEqual({ kind: 'salvaged-newer-version', drafts: 1 + OTHER_DRAFTS, outbox: 1, accounts: 1 });
    const columns = s.context.store.all<{ name: string }>("SELECT name FROM pragma_table_info('drafts')").map((row) => row.name);
    expect(columns).not.toContain('mood');
    // Kept as the newer version left it: not even its WAL was checkpointed into it.
    const [aside, asideWal] = asideFiles();
    expect(asideWal).toBe(`${aside}-wal`);
    expect(sha256(join(dataDir, aside as string))).toBe(before);
    expect(sha256(join(dataDir, asideWal as string))).toBe(walBefore);
  });

  it('nothing readable: starts with an empty store and says so', async () => {
    writeFileSyncRandom(file, 64 * 1024);
    const s = await start();
    expect(s.context.storeRecovery).toMatchObject({ reason: 'not-a-database', method: 'none' });
    expect(await notice(s)).toEqual({ kind: 'started-empty', drafts: 0, outbox: 0, accounts: 0 });
    expect(s.context.store.get<{ n: number }>('SELECT count(*) AS n FROM schema_migrations')?.n).toBe(APP_MIGRATIONS.length);
    expect(asideFiles()).toHaveLength(1);
  });

  it('--diagnose (storeSalvage: false) reports the damage and moves nothing', async () => {
    seedFile(file);
    overwrite(file, 0, randomBytes(100));
    const before = sha256(file);
    await expect(createServices({ shell: 'browser', appVersion: '0.0.0-test', dataDir, policySources: [], storeSalvage: false })).rejects.toBeInstanceOf(StoreError);
    expect(sha256(file)).toBe(before);
    expect(asideFiles()).toEqual([]);
  });
});

function writeFileSyncRandom(path: string, bytes: number): void {
  const fd = openSync(path, 'w');
  try {
    writeSync(fd, randomBytes(bytes));
  } finally {
    closeSync(fd);
  }
}

describe('a migration killed half-way', () => {
  it('SIGKILL inside the migration transaction: the next start runs it again, nothing is lost or moved', async () => {
    const seeded = seedFile(file, APP_MIGRATIONS.slice(0, -1), 3000);
    const child = spawn(process.execPath, [MIGRATE_CHILD, file], { stdio: ['ignore', 'pipe', 'pipe'] });
    let stderr = '';
    child.stderr.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
    const killed = await new Promise<{ signal: NodeJS.Signals | null; sawMigrating: boolean }>((resolve, reject) => {
      let out = '';
      let sawMigrating = false;
      child.stdout.on('data', (chunk: Buffer) => {
        out += chunk.toString();
        if (!sawMigrating && out.includes('migrating\n')) {
          sawMigrating = true;
          child.kill('SIGKILL');
        }
      });
      child.on('error', reject);
      child.on('exit', (_code, signal) => resolve({ signal, sawMigrating }));
    });
    expect(killed, stderr).toEqual({ signal: 'SIGKILL', sawMigrating: true });
    // The half-done migration had reached the WAL (uncommitted pages spilled from the cache).
    expect(statSync(`${file}-wal`).size).toBeGreaterThan(0);

    const s = await start();
    expect(s.context.storeRecovery).toBeNull();
    expect(asideFiles()).toEqual([]);
    expectWorkSalvaged(s, seeded);
    // The killed run left nothing behind; the migration ran again, completely.
    expect(s.context.store.get<{ n: number }>('SELECT count(*) AS n FROM content_courses WHERE contents_fetched_at IS NOT NULL')?.n).toBe(0);
    expect(s.context.store.get<{ n: number }>('SELECT count(*) AS n FROM content_courses')?.n).toBe(3000);
    expect(await notice(s)).toBeNull();
  });
});

describe('a salvage killed half-way', () => {
  it('killed between "salvaged store complete" and the swap: the next start finishes the swap', async () => {
    const seeded = seedFile(`${file}.salvaged`);
    writeFileSyncRandom(file, 32 * 1024);
    const s = await start();
    expectWorkSalvaged(s, seeded);
    expect(existsSync(`${file}.salvaged`)).toBe(false);
    expect(asideFiles()).toHaveLength(1);
  });


  it('SIGKILL at moments spread over the salvage: the next start finishes or redoes it, the draft is never lost', async () => {
    const pristine = join(root, 'damaged.sqlite');
    const seeded = seedFile(pristine, APP_MIGRATIONS, 3000);
    const pageSize = pageSizeOf(pristine);
    overwrite(pristine, (pageContaining(pristine, seeded.others[10] as string) - 1) * pageSize, randomBytes(pageSize));
    /** Runs the child on a fresh copy of the damaged store; kills it `delay` ms after "start" (null: never). */
    const run = async (delay: number | null): Promise<{ ms: number; killed: boolean; left: string }> => {
      await services?.close();
      services = null;
      // A fresh copy of the damaged store; the drafts' files folder stays.
      for (const name of readdirSync(dataDir)) if (name.startsWith('schuldesk.')) rmSync(join(dataDir, name), { force: true });
      copyFileSync(pristine, file);
      const child = spawn(process.execPath, [SALVAGE_CHILD, file], { stdio: ['ignore', 'pipe', 'pipe'] });
      let stderr = '';
      child.stderr.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
      let started = 0;
      const result = await new Promise<{ out: string; signal: NodeJS.Signals | null }>((resolve, reject) => {
        let out = '';
        child.stdout.on('data', (chunk: Buffer) => {
          out += chunk.toString();
          if (started === 0 && out.startsWith('start\n')) {
            started = performance.now();
            if (delay !== null) setTimeout(() => child.kill('SIGKILL'), delay);
          }
        });
        child.on('error', reject);
        child.on('exit', (_code, signal) => resolve({ out, signal }));
      });
      expect(result.out.startsWith('start\n'), stderr).toBe(true);
      // What the kill left: a half-built store, a finished one not yet swapped in, or the swap done.
      const names = readdirSync(dataDir);
      const left = names.some((name) => name.includes('.salvaging')) ? 'building' : names.some((name) => name.endsWith('.salvaged')) ? 'swapping' : asideFiles().length > 0 ? 'swapped' : 'not started';
      return { ms: performance.now() - started, killed: result.signal === 'SIGKILL', left };
    };
    const full = await run(null);
    expect(full).toMatchObject({ killed: false, left: 'swapped' });
    const outcomes: string[] = [];
    for (const fraction of [0.05, 0.2, 0.35, 0.5, 0.65, 0.8, 0.95]) {
      const delay = Math.round(full.ms * fraction);
      const outcome = await run(delay);
      outcomes.push(`${delay} ms: ${outcome.killed ? 'killed' : 'finished'}, ${outcome.left}`);
      const s = await start();
      expectWorkSalvaged(s, seeded);
      expect(readdirSync(dataDir).filter((name) => /\.salvag(ing|ed)/.test(name))).toEqual([]);
      // Exactly one damaged file kept, whoever finished the salvage.
      expect(asideFiles().filter((name) => name.endsWith('.sqlite'))).toHaveLength(1);
    }
    console.log(`salvage kill test (salvage alone ${Math.round(full.ms)} ms): ${outcomes.join('; ')}`);
    // The kills must have landed inside the salvage at least once, or the test shows nothing.
    expect(outcomes.some((outcome) => outcome.endsWith('killed, building'))).toBe(true);
  });
});

describe('walDamage: a WAL that cannot be whole', () => {
  it('accepts no WAL, an empty one and whole frames; names a short, headless or cut-off one', () => {
    expect(walDamage(file)).toBeNull();
    const wal = `${file}-wal`;
    const write = (bytes: Buffer): void => {
      const fd = openSync(wal, 'w');
      writeSync(fd, bytes);
      closeSync(fd);
    };
    write(Buffer.alloc(0));
    expect(walDamage(file)).toBeNull();
    const header = Buffer.alloc(32);
    header.writeUInt32BE(0x377f0682, 0);
    header.writeUInt32BE(4096, 8);
    write(Buffer.concat([header, Buffer.alloc(2 * (4096 + 24))]));
    expect(walDamage(file)).toBeNull();
    write(Buffer.concat([header, Buffer.alloc(4096 + 24 + 100)]));
    expect(walDamage(file)).toMatch(/cut off/);
    write(header.subarray(0, 20));
    expect(walDamage(file)).toMatch(/shorter than its header/);
    write(Buffer.concat([Buffer.alloc(32), Buffer.alloc(4096 + 24)]));
    expect(walDamage(file)).toMatch(/header damaged/);
  });
});

describe('SALVAGE_TABLES against the schema', () => {
  it('every salvaged table exists, and each raw-page shape is the table as the migrations build it', () => {
    const store = openDatabase(file, { migrations: APP_MIGRATIONS });
    try {
      for (const table of SALVAGE_TABLES) {
        const columns = store.all<{ name: string; type: string; notnull: number; pk: number }>(`SELECT name, type, "notnull", pk FROM pragma_table_info('${table.name}')`);
        expect(columns.length, table.name).toBeGreaterThan(0);
        if (!table.shape) continue;
        const rowidAlias = columns.filter((column) => column.pk > 0).length === 1 ? columns.find((column) => column.pk > 0 && column.type === 'INTEGER')?.name : undefined;
        const expected = columns.map((column): [string, string] => [
          column.name,
          column.name === rowidAlias ? 'rowid' : `${column.type.toLowerCase() === 'integer' ? 'int' : column.type.toLowerCase()}${column.notnull ? '' : '?'}`,
        ]);
        expect(table.shape.columns, `${table.name}: update its shape in main/store/salvage-copy.ts with the migration`).toEqual(expected);
      }
    } finally {
      store.close();
    }
  });
});

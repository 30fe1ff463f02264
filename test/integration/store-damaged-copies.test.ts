/**
 * Damaged copies of the store (kept by the salvage at start, main/store/salvage.ts) are erased where
 * the student's data must go: real SQLite files damaged on disk as in store-salvage.test.ts, salvaged
 * by the real `openStore`, the real composition root over a temp data folder. A loaner logout and the
 * start-up erasure of a signed-out account remove them (and no byte of the old store's marker is left
 * in any file of the data folder); a logout on a device of one's own keeps them for IT; "delete my
 * data" removes them; a symlink or a second hard link named like a copy never has its target touched;
 * the live store and its WAL survive. The logout preview names them only when one exists.
 */
import { createHash, randomBytes } from 'node:crypto';
import { closeSync, copyFileSync, existsSync, linkSync, mkdirSync, mkdtempSync, openSync, readdirSync, readFileSync, readSync, renameSync, rmSync, statSync, symlinkSync, writeFileSync, writeSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { DatabaseSync } from 'node:sqlite';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { DeviceMethods } from '../../preload/contract/device';
import type { PortalMethods } from '../../preload/contract/portal';
import type { PrivacyMethods } from '../../preload/contract/privacy';
import { storeHealth } from '../../main/diagnostics/collect';
import { DATABASE_FILE_NAME } from '../../main/services';
import type { Services } from '../../main/services';
import { damagedCopies, eraseDamagedCopies } from '../../main/store/damaged-copies';
import { openDatabase } from '../../main/store/database';
import { APP_MIGRATIONS } from '../../main/store/migrations';
import { damagedCopyPattern, moveAside, openStore } from '../../main/store/salvage';
import { Secret } from '../../main/vault/secret';
import { useStoreFolderPerTest } from '../support/app-store';
import { apiCaller, bootServices } from '../support/services-harness';
import type { ApiCall } from '../support/services-harness';

/** In the old store only: the name of a student who used the laptop before, and her cached courses. */
const MARKER = 'MARKER-Paula-Vorgaengerin-93c1';
const COURSES = 200;

const folder = useStoreFolderPerTest('schuldesk-damaged-');
let root: string;
let dataDir: string;
let file: string;
let services: Services | null = null;
let call: ApiCall<DeviceMethods & PrivacyMethods>;

beforeEach(() => {
  root = folder.dir;
  dataDir = join(root, 'data');
  mkdirSync(dataDir);
  file = join(dataDir, DATABASE_FILE_NAME);
});

// Runs before the folder's own afterEach (hooks unwind in reverse): the services let go of the files first.
afterEach(async () => {
  await services?.close();
  services = null;
});

async function boot(sharedDevice: boolean): Promise<Services> {
  await services?.close();
  services = await bootServices({ dataDir, policy: { sharedDevice } });
  call = apiCaller<DeviceMethods & PrivacyMethods>(services);
  return services;
}

function signIn(s: Services, username: string): string {
  const { account } = s.context.accounts.signIn(
    { siteUrl: 'https://schule.example', siteName: 'Testschule', userId: 11, username, fullName: 'Lena Jetzt', lang: 'de' },
    { token: new Secret(`token-${username}`), privateToken: null },
  );
  return account.id;
}

/** A store as a previous student left it: her account (name = marker) and cached courses that carry the marker too. */
function seedOldStore(path: string): void {
  const store = openDatabase(path, { migrations: APP_MIGRATIONS });
  try {
    const now = Date.now();
    store.run(
      `INSERT INTO accounts (id, site_url, site_name, user_id, username, full_name, lang, created_at, last_used_at, needs_reauth)
       VALUES ('acc-old', 'https://schule.example', 'Testschule', 7, 'paula', ?, 'de', ?, ?, 0)`,
      MARKER, now, now,
    );
    store.transaction(() => {
      for (let i = 0; i < COURSES; i++) {
        store.run(
          'INSERT INTO content_courses (account_id, course_id, fullname, shortname, summary_html, sort_order, synced_at) VALUES (?, ?, ?, ?, ?, ?, ?)',
          'acc-old', i + 1, `Kurs ${i}`, `K${i}`, `<p>KURS-${String(i).padStart(3, '0')} ${MARKER} ${'Kursbeschreibung '.repeat(40)}</p>`, i, now,
        );
      }
    });
  } finally {
    store.close();
  }
}

/** Damage as a power cut does it: one page of cached courses overwritten with random bytes. */
function damage(path: string): void {
  const bytes = readFileSync(path);
  const pageSize = bytes.readUInt16BE(16);
  const page = Math.floor(bytes.indexOf(Buffer.from('KURS-100')) / pageSize);
  expect(page).toBeGreaterThan(0);
  const fd = openSync(path, 'r+');
  try {
    writeSync(fd, randomBytes(pageSize), 0, pageSize, page * pageSize);
  } finally {
    closeSync(fd);
  }
}

/**
 * The store as a power cut leaves it: the file (one page of cached courses then overwritten) and a
 * WAL with the last commits not yet checkpointed (more rows with the marker).
 */
function crashImage(path: string): void {
  const seeded = join(dirname(path), 'seeded.sqlite');
  seedOldStore(seeded);
  const db = new DatabaseSync(seeded);
  db.exec('PRAGMA wal_autocheckpoint = 0');
  db.prepare("UPDATE accounts SET username = ? WHERE id = 'acc-old'").run(`wal-${MARKER}`);
  copyFileSync(seeded, path);
  copyFileSync(`${seeded}-wal`, `${path}-wal`);
  db.close();
  rmSync(seeded, { force: true });
  damage(path);
}

/**
 * A damaged copy made by the real salvage in a scratch folder, then put into the data folder under
 * the names the salvage gave it (as if this start had salvaged it): database and -wal. Returns the names.
 */
function plantDamagedCopy(): string[] {
  const scratch = mkdtempSync(join(root, 'scratch-'));
  const scratchFile = join(scratch, DATABASE_FILE_NAME);
  crashImage(scratchFile);
  const { store, recovery } = openStore(scratchFile, { migrations: APP_MIGRATIONS });
  store.close();
  expect(recovery?.reason).toBe('corrupt');
  const moved = recovery?.movedAside ?? [];
  expect(moved).toHaveLength(2);
  expect(readFileSync(join(scratch, moved[1] as string)).includes(Buffer.from(`wal-${MARKER}`))).toBe(true);
  for (const name of moved) renameSync(join(scratch, name), join(dataDir, name));
  rmSync(scratch, { recursive: true, force: true });
  expect(readFileSync(join(dataDir, moved[0] as string)).includes(Buffer.from(MARKER))).toBe(true);
  return moved;
}

/** Every file under `path` (recursively, symlinks not followed) whose bytes contain the marker (UTF-8 or UTF-16LE). */
function filesWithMarker(path: string): string[] {
  const needles = [Buffer.from(MARKER, 'utf8'), Buffer.from(MARKER, 'utf16le')];
  const hits: string[] = [];
  const walk = (at: string): void => {
    for (const entry of readdirSync(at, { withFileTypes: true })) {
      const full = join(at, entry.name);
      if (entry.isDirectory()) walk(full);
      else if (entry.isFile() && needles.some((needle) => readFileSync(full).includes(needle))) hits.push(full);
    }
  };
  walk(path);
  return hits;
}

const copiesOnDisk = (): string[] => readdirSync(dataDir).filter((name) => name.includes('.damaged-')).sort();
const sha256 = (path: string): string => createHash('sha256').update(readFileSync(path)).digest('hex');

/** The live store is whole, still in use, and its WAL is where SQLite keeps it. */
function expectLiveStoreIntact(s: Services): void {
  expect(existsSync(file)).toBe(true);
  expect(existsSync(`${file}-wal`)).toBe(true);
  expect(s.context.store.all('PRAGMA integrity_check')).toEqual([{ integrity_check: 'ok' }]);
  s.context.store.run("INSERT OR REPLACE INTO settings (key, value_json, updated_at) VALUES ('probe-after-erase', '1', 1)");
  expect(s.context.store.get('SELECT value_json FROM settings WHERE key = ?', 'probe-after-erase')).toEqual({ value_json: '1' });
}

describe('the damaged copies the salvage keeps', () => {
  it('are exactly the names moveAside gives (database, -wal, -shm, -n), never the live store or a salvage in progress', () => {
    const live = join(dataDir, DATABASE_FILE_NAME);
    writeFileSync(live, 'x');
    writeFileSync(`${live}-wal`, 'x');
    const first = moveAside(live, Date.UTC(2026, 11, 7, 1, 2, 3));
    writeFileSync(live, 'x');
    const second = moveAside(live, Date.UTC(2026, 11, 7, 1, 2, 3));
    expect([...first.moved, ...second.moved]).toEqual(['schuldesk.damaged-20261207T010203Z.sqlite', 'schuldesk.damaged-20261207T010203Z.sqlite-wal', 'schuldesk.damaged-20261207T010203Z-2.sqlite']);
    const pattern = damagedCopyPattern(live);
    for (const name of [...first.moved, ...second.moved]) expect(name).toMatch(pattern);
    for (const name of ['schuldesk.sqlite', 'schuldesk.sqlite-wal', 'schuldesk.sqlite.salvaging', 'schuldesk.sqlite.salvaged', 'schuldesk.sqlite.salvage', 'other.damaged-20261207T010203Z.sqlite', 'schuldesk.damaged-20261207T010203Z.sqlite.bak']) {
      expect(name).not.toMatch(pattern);
    }
    expect(damagedCopies(live)).toEqual([
      { name: 'schuldesk.damaged-20261207T010203Z-2.sqlite', setAsideAt: Date.UTC(2026, 11, 7, 1, 2, 3), files: [{ name: 'schuldesk.damaged-20261207T010203Z-2.sqlite', bytes: 1 }], bytes: 1 },
      {
        name: 'schuldesk.damaged-20261207T010203Z.sqlite',
        setAsideAt: Date.UTC(2026, 11, 7, 1, 2, 3),
        files: [
          { name: 'schuldesk.damaged-20261207T010203Z.sqlite', bytes: 1 },
          { name: 'schuldesk.damaged-20261207T010203Z.sqlite-wal', bytes: 1 },
        ],
        bytes: 2,
      },
    ]);
  });

  it('loaner logout: the preview names them, the logout erases them; nothing of the old store is left in any file; the live store and its WAL survive', async () => {
    const s = await boot(true);
    const lena = signIn(s, 'lena');
    expect((await call('device.logoutPreview')).willDelete).not.toContain('damaged-store-copies');
    const planted = plantDamagedCopy();
    expect(copiesOnDisk()).toEqual(planted.sort());
    expect((await call('device.logoutPreview')).willDelete).toEqual(['sign-in', 'account-name', 'cached-content', 'cached-files', 'sent-drafts', 'damaged-store-copies']);
    // Held open, the files' bytes stay readable after the unlink: they show what was written over them.
    const held = planted.map((name) => ({ fd: openSync(join(dataDir, name), 'r'), size: statSync(join(dataDir, name)).size }));

    await s.context.accounts.logout(lena, { deviceMode: 'shared' });
    for (const { fd, size } of held) {
      const bytes = Buffer.alloc(size);
      expect(readSync(fd, bytes, 0, size, 0)).toBe(size);
      closeSync(fd);
      expect(bytes.equals(Buffer.alloc(size)), 'overwritten with zeros before the unlink').toBe(true);
    }
    expect(copiesOnDisk()).toEqual([]);
    expect(storeHealth(s.context).keptFiles).toEqual([]);
    expect(filesWithMarker(dataDir)).toEqual([]);
    expectLiveStoreIntact(s);
  });

  it('loaner device, start-up: a store salvaged at this start is erased with the signed-out account it held; no byte of it stays', async () => {
    crashImage(file);
    const s = await boot(true);
    // The salvage ran and moved the damaged file aside; the start-up erasure of the signed-out
    // account (paula, salvaged into the fresh store) then erased the copy too.
    expect(s.context.storeRecovery?.reason).toBe('corrupt');
    expect(s.context.storeRecovery?.movedAside).toHaveLength(2);
    expect(s.context.accounts.list()).toEqual([]);
    expect(copiesOnDisk()).toEqual([]);
    expect(filesWithMarker(dataDir)).toEqual([]);
    expectLiveStoreIntact(s);
  });

  it('own device: logout keeps them byte for byte for IT, and the preview does not name them', async () => {
    const s = await boot(false);
    const lena = signIn(s, 'lena');
    const planted = plantDamagedCopy();
    const hashes = planted.map((name) => sha256(join(dataDir, name)));
    expect((await call('device.logoutPreview')).willDelete).toEqual(['sign-in']);
    await s.context.accounts.logout(lena, { deviceMode: 'personal' });
    expect(copiesOnDisk()).toEqual(planted.sort());
    expect(planted.map((name) => sha256(join(dataDir, name)))).toEqual(hashes);
    // A restart on the same device keeps them too.
    await boot(false);
    expect(copiesOnDisk()).toEqual(planted.sort());
  });

  it('own device, removing the account (its confirmation promises all its data goes): the copies go too', async () => {
    const s = await boot(false);
    const lena = signIn(s, 'lena');
    plantDamagedCopy();
    expect(copiesOnDisk()).not.toEqual([]);
    await apiCaller<PortalMethods>(s)('portal.removeAccount', lena);
    expect(copiesOnDisk()).toEqual([]);
    expect(filesWithMarker(dataDir)).toEqual([]);
    expectLiveStoreIntact(s);
  });

  it('"delete my data": the overview and the export say a copy exists; deleting erases it', async () => {
    const s = await boot(false);
    const lena = signIn(s, 'lena');
    expect((await call('privacy.overview')).device.map((item) => item.id)).toEqual(['settings', 'logs']);
    const planted = plantDamagedCopy();
    const bytes = planted.reduce((sum, name) => sum + statSync(join(dataDir, name)).size, 0);
    const [copy] = damagedCopies(file);
    const item = (await call('privacy.overview')).device.find((entry) => entry.id === 'damaged-store');
    expect(item).toEqual({ id: 'damaged-store', kind: 'device', count: 1, bytes, oldestAt: copy?.setAsideAt, newestAt: copy?.setAsideAt, detail: null });
    const exported = JSON.parse((await call('privacy.export', lena)).json) as { damagedStoreCopies: unknown };
    expect(exported.damagedStoreCopies).toEqual([{ setAsideAt: new Date(copy?.setAsideAt ?? 0).toISOString(), bytes }]);

    expect(await call('privacy.deleteAccountData', lena, { confirmUnsent: false })).toEqual({ status: 'deleted', removedRows: expect.any(Number), removedFiles: 0, removedDamagedCopies: 1 });
    expect(copiesOnDisk()).toEqual([]);
    expect(filesWithMarker(dataDir)).toEqual([]);
    expect((await call('privacy.overview')).device.map((entry) => entry.id)).toEqual(['settings', 'logs']);
    expectLiveStoreIntact(s);
  });

  it('a symlink or a second hard link named like a copy: the target is never opened for writing; only real copies are named and erased', async () => {
    const s = await boot(true);
    const lena = signIn(s, 'lena');
    const outside = join(root, 'outside.sqlite');
    writeFileSync(outside, `OUTSIDE ${MARKER}`);
    const symlinkName = 'schuldesk.damaged-20250101T000000Z.sqlite';
    symlinkSync(outside, join(dataDir, symlinkName));
    symlinkSync(file, join(dataDir, 'schuldesk.damaged-20250101T000000Z.sqlite-wal'));
    // Only symlinks: no copy to name.
    expect((await call('device.logoutPreview')).willDelete).not.toContain('damaged-store-copies');
    expect(damagedCopies(file)).toEqual([]);

    // A hard link to the live store under a copy's name: unlinked, its bytes (the live store's) never zeroed.
    linkSync(file, join(dataDir, 'schuldesk.damaged-20250102T000000Z.sqlite'));
    const planted = plantDamagedCopy();
    expect(eraseDamagedCopies(file)).toEqual({ erased: planted.length + 1, failed: 0 });
    expect(readFileSync(outside, 'utf8')).toBe(`OUTSIDE ${MARKER}`);
    expect(readdirSync(dataDir).filter((name) => name.includes('.damaged-')).sort()).toEqual([symlinkName, 'schuldesk.damaged-20250101T000000Z.sqlite-wal']);
    expect(filesWithMarker(dataDir)).toEqual([]);
    expect(s.context.accounts.get(lena)?.fullName).toBe('Lena Jetzt');
    expectLiveStoreIntact(s);

    // The loaner logout leaves them alone as well.
    await s.context.accounts.logout(lena, { deviceMode: 'shared' });
    expect(readFileSync(outside, 'utf8')).toBe(`OUTSIDE ${MARKER}`);
    expectLiveStoreIntact(s);
  });
});

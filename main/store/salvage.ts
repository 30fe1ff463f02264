/**
 * Opening the store at start, and what happens when the file fails its check: everything readable
 * is copied into a fresh store, which then takes the damaged file's place; the damaged file goes
 * aside (with its -wal/-shm, a UTC date in the name) and is kept for IT, except where its data must
 * go: a loaner device's logout and "delete my data" erase it (damaged-copies.ts). So a student's
 * unsent work survives a damaged page and SchulDesk starts.
 *
 * Checked at start: a salvage mark left at run time (SQLITE_CORRUPT during use, see `markForSalvage`),
 * a WAL whose length does not fit its frames (cut off), then through a read-only connection (a file
 * that fails is never written) the header, PRAGMA quick_check and the schema (newer than this app =
 * downgrade, or not ours), and last the migrations (one interrupted by a kill is rolled back by
 * SQLite and simply runs again; one that fails is a reason to salvage).
 *
 * What is copied and how (SQL first, raw pages where SQLite cannot read): salvage-copy.ts.
 *
 * Crash safety: the fresh store is built as `<file>.salvaging`, closed, renamed `<file>.salvaged`,
 * then swapped in. A kill before that leaves the damaged file in place (salvaged again next time);
 * a kill during the swap is finished at the next start.
 *
 * Only node builtins and sibling `.ts` files are imported (child processes load this file directly).
 */
import { closeSync, existsSync, fsyncSync, openSync, readFileSync, readSync, renameSync, rmSync, statSync, writeSync } from 'node:fs';
import { basename, dirname, join } from 'node:path';
import { performance } from 'node:perf_hooks';
import { DatabaseSync } from 'node:sqlite';
import type { SQLInputValue } from 'node:sqlite';
import { openDatabase } from './database.ts';
import type { Store } from './database.ts';
import { StoreError, toStoreError } from './errors.ts';
import type { StoreErrorCode } from './errors.ts';
import { assertSchemaKnown } from './migrate.ts';
import type { Migration } from './migrate.ts';
import type { StoreNotice } from '../../preload/api';
import { salvageInto } from './salvage-copy.ts';
import type { SalvageTally } from './salvage-copy.ts';

export type { TableSalvage } from './salvage-copy.ts';

export type RecoveryReason = 'corrupt' | 'not-a-database' | 'schema-too-new' | 'schema-mismatch' | 'migration-failed' | 'wal-truncated' | 'corrupt-at-run-time';

/** What happened at this start; IT reads it in the diagnostics and the log. */
export interface StoreRecovery extends SalvageTally {
  reason: RecoveryReason;
  /** SQLite's / the check's own words. */
  detail: string;
  at: number;
  /** File names (in the data folder) the damaged store was moved to. */
  movedAside: string[];
  durationMs: number;
}

export interface OpenStoreResult {
  store: Store;
  /** Null when the store passed its check. */
  recovery: StoreRecovery | null;
}

export interface OpenStoreOptions {
  migrations: readonly Migration[];
  now?: () => number;
  /** False: report damage as before (StoreError) instead of moving the file (`--diagnose`, which may run beside the app). */
  salvage?: boolean;
  /** SQLITE_CORRUPT during use: the store is marked for salvage at the next start, then this is called (once). */
  onCorruptAtRunTime?: (error: StoreError) => void;
}

/** Codes that mean "this file cannot serve as our store", as opposed to the environment (disk full, lock, permissions). */
const SALVAGE_CODES: Partial<Record<StoreErrorCode, RecoveryReason>> = {
  'store-corrupt': 'corrupt',
  'store-not-a-database': 'not-a-database',
  'store-schema-too-new': 'schema-too-new',
  'store-schema-mismatch': 'schema-mismatch',
  'store-migration-failed': 'migration-failed',
};

/** `<file>.salvage`: written when SQLite reported damage during use; the next start salvages. */
export function salvageMarkPath(filePath: string): string {
  return `${filePath}.salvage`;
}

/** Marks the store for salvage at the next start (durably: the app may be killed right after). */
export function markForSalvage(filePath: string, detail: string, now: number = Date.now()): void {
  const fd = openSync(salvageMarkPath(filePath), 'w', 0o600);
  try {
    writeSync(fd, JSON.stringify({ at: now, detail }));
    fsyncSync(fd);
  } finally {
    closeSync(fd);
  }
}

function readMark(filePath: string): { detail: string } | null {
  try {
    const parsed = JSON.parse(readFileSync(salvageMarkPath(filePath), 'utf8')) as { detail?: unknown };
    return { detail: typeof parsed.detail === 'string' ? parsed.detail : '' };
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') return null;
    return { detail: 'salvage mark unreadable' };
  }
}

/**
 * A WAL whose length is not its header plus whole frames was cut off (or its header is gone):
 * committed work in the missing part cannot be read back, so the file is salvaged and kept.
 */
export function walDamage(filePath: string): string | null {
  const walPath = `${filePath}-wal`;
  let size: number;
  try {
    size = statSync(walPath).size;
  } catch {
    return null;
  }
  if (size === 0) return null;
  if (size < 32) return `WAL is ${size} bytes, shorter than its header`;
  const header = Buffer.alloc(32);
  const fd = openSync(walPath, 'r');
  try {
    readSync(fd, header, 0, 32, 0);
  } finally {
    closeSync(fd);
  }
  const magic = header.readUInt32BE(0);
  if (magic !== 0x377f0682 && magic !== 0x377f0683) return 'WAL header damaged';
  const pageSize = header.readUInt32BE(8);
  if (pageSize < 512 || pageSize > 65536 || (pageSize & (pageSize - 1)) !== 0) return 'WAL header damaged (page size)';
  const rest = (size - 32) % (pageSize + 24);
  return rest === 0 ? null : `WAL cut off: ${size} bytes is not a whole number of ${pageSize}-byte frames`;
}

function stamp(now: number): string {
  return new Date(now).toISOString().replace(/[-:]/g, '').replace(/\.\d+Z$/, 'Z');
}

/** The store's files: the database and SQLite's side files (a damaged copy keeps all three). */
export const STORE_FILE_SUFFIXES = ['', '-wal', '-shm'] as const;

/** The store's name without `.sqlite`: the stem of its damaged copies' names. */
function storeStem(filePath: string): string {
  return basename(filePath).replace(/\.sqlite$/, '');
}

/** `<stem>.damaged-<UTC date>[-n].sqlite`: the name a damaged store is kept under (its -wal/-shm add their suffix). */
function damagedCopyName(filePath: string, now: number, n: number): string {
  return `${storeStem(filePath)}.damaged-${stamp(now)}${n > 1 ? `-${n}` : ''}.sqlite`;
}

/**
 * The names `moveAside` gives this store's damaged copies (the database, -wal, -shm), and nothing
 * else: not the live store, not `.salvaging`/`.salvaged`. Group 1 is the UTC date, group 2 the suffix.
 * main/store/damaged-copies.ts lists and erases them; the diagnostics show them.
 */
export function damagedCopyPattern(filePath: string): RegExp {
  const stem = storeStem(filePath).replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
  return new RegExp(`^${stem}\\.damaged-(\\d{8}T\\d{6}Z)(?:-\\d+)?\\.sqlite(-wal|-shm)?$`);
}

/** Renames the store and its -wal/-shm to `<name>.damaged-<UTC date>[-n].sqlite…`; returns the new main path. */
export function moveAside(filePath: string, now: number): { path: string; moved: string[] } {
  const dir = dirname(filePath);
  let target = '';
  for (let n = 1; ; n++) {
    target = join(dir, damagedCopyName(filePath, now, n));
    if (!STORE_FILE_SUFFIXES.some((suffix) => existsSync(`${target}${suffix}`))) break;
  }
  const moved: string[] = [];
  for (const suffix of STORE_FILE_SUFFIXES) {
    if (!existsSync(`${filePath}${suffix}`)) continue;
    try {
      renameSync(`${filePath}${suffix}`, `${target}${suffix}`);
    } catch (error) {
      throw new StoreError('store-cannot-open', filePath, `moving the damaged store aside failed: ${String(error)}`, { cause: error });
    }
    moved.push(basename(`${target}${suffix}`));
  }
  return { path: target, moved };
}

/** Opens the store if it passes every check; otherwise says why not (the reason to salvage). */
type CheckFailure = { reason: RecoveryReason; detail: string; error?: StoreError };

/**
 * The header, quick_check and the schema, through a read-only connection: a file that fails is not
 * written at all (a read-write connection would checkpoint its WAL into it on close). Null: passed,
 * or a problem of the environment that the normal open reports.
 */
function readOnlyCheck(filePath: string, migrations: readonly Migration[]): CheckFailure | null {
  let size: number;
  try {
    size = statSync(filePath).size;
  } catch {
    return null;
  }
  if (size === 0) return null;
  const header = Buffer.alloc(16);
  const fd = openSync(filePath, 'r');
  try {
    readSync(fd, header, 0, 16, 0);
  } finally {
    closeSync(fd);
  }
  if (header.toString('latin1') !== 'SQLite format 3\0') {
    return { reason: 'not-a-database', detail: 'SQLite header missing', error: new StoreError('store-not-a-database', filePath, 'SQLite header missing') };
  }
  let db: DatabaseSync | null = null;
  try {
    db = new DatabaseSync(filePath, { readOnly: true });
    const source = db;
    const problems = source.prepare('PRAGMA quick_check(5)').all().map((row) => String(row.quick_check));
    if (problems.length !== 1 || problems[0] !== 'ok') {
      return { reason: 'corrupt', detail: problems.join('; '), error: new StoreError('store-corrupt', filePath, problems.join('; ')) };
    }
    const adapter = {
      filePath,
      get: (sql: string, ...params: SQLInputValue[]) => source.prepare(sql).get(...params),
      all: (sql: string, ...params: SQLInputValue[]) => source.prepare(sql).all(...params),
    } as unknown as Store;
    assertSchemaKnown(adapter, migrations);
    return null;
  } catch (error) {
    const converted = toStoreError(error, filePath);
    const reason = converted instanceof StoreError ? SALVAGE_CODES[converted.code] : undefined;
    if (!reason || !(converted instanceof StoreError)) return null;
    return { reason, detail: converted.detail || converted.message, error: converted };
  } finally {
    db?.close();
  }
}

function checkFailure(filePath: string, migrations: readonly Migration[], open: () => Store, salvage: boolean): { store: Store } | CheckFailure {
  // Without salvage (`--diagnose` beside the app) a mark stays for the app's next start (the
  // diagnostics show it), and a cut-off WAL is SQLite's to recover.
  if (salvage) {
    const mark = readMark(filePath);
    if (mark) return { reason: 'corrupt-at-run-time', detail: mark.detail };
    const wal = walDamage(filePath);
    if (wal) return { reason: 'wal-truncated', detail: wal };
  }
  const failed = readOnlyCheck(filePath, migrations);
  if (failed) return failed;
  try {
    return { store: open() };
  } catch (error) {
    const reason = error instanceof StoreError ? SALVAGE_CODES[error.code] : undefined;
    if (!reason || !(error instanceof StoreError)) throw error;
    return { reason, detail: error.detail || error.message, error };
  }
}

/**
 * Opens the app's store. A file that fails its check is moved aside and salvaged into a fresh one
 * (see the file comment); errors of the environment (disk full, read-only, locked) are thrown as before.
 */
export function openStore(filePath: string, options: OpenStoreOptions): OpenStoreResult {
  const now = options.now ?? Date.now;
  let reported = false;
  const onCorrupt = (error: StoreError): void => {
    if (reported) return;
    reported = true;
    try {
      markForSalvage(filePath, error.detail, now());
    } catch (markError) {
      console.error(`[store] could not mark the damaged store for salvage: ${String(markError)}`);
    }
    console.error(`[store] damage found during use (${error.detail}); the store is salvaged at the next start`);
    options.onCorruptAtRunTime?.(error);
  };
  // quick_check ran read-only in checkFailure; the open itself only migrates.
  const open = (): Store => openDatabase(filePath, { migrations: options.migrations, onCorrupt, check: 'none' });

  const salvage = options.salvage !== false;
  if (salvage) finishInterruptedSalvage(filePath, now());
  // -wal/-shm that reading the file creates are ours, not evidence, if it turns out damaged.
  const created = ['-wal', '-shm'].filter((suffix) => !existsSync(`${filePath}${suffix}`));
  const failed = checkFailure(filePath, options.migrations, open, salvage);
  if ('store' in failed) return { store: failed.store, recovery: null };
  const { reason, detail } = failed;
  if (!salvage) throw failed.error ?? new StoreError('store-corrupt', filePath, detail);

  const started = performance.now();
  const at = now();
  console.error(`[store] the store failed its check (${reason}: ${detail}); salvaging it into a fresh store`);
  const recovery: StoreRecovery = { reason, detail, at, movedAside: [], method: 'none', tables: {}, durationMs: 0 };
  // Built beside the damaged file, which stays where it is until the fresh one is complete: a
  // kill during the salvage leaves the damaged file in place and the next start salvages again.
  const building = `${filePath}.salvaging`;
  removeStoreFiles(building);
  // Not durable while it is built: it counts only once closed and fsynced as a whole (below).
  const fresh = openDatabase(building, { migrations: options.migrations, durable: false });
  try {
    salvageInto(filePath, fresh, recovery);
  } catch (error) {
    // Environment failures while writing the fresh store (disk full) are the caller's to report.
    if (error instanceof StoreError && !SALVAGE_CODES[error.code]) {
      fresh.close();
      removeStoreFiles(building);
      throw error;
    }
    console.error(`[store] salvage stopped early: ${String(error)}`);
  }
  fresh.close();
  fsyncFile(building);
  // Reading the damaged file in WAL mode made an empty -wal/-shm beside it where it had none: ours, not evidence.
  for (const suffix of created) rmSync(`${filePath}${suffix}`, { force: true });
  renameSync(building, salvagedPath(filePath));
  recovery.movedAside = finishSwap(filePath, at);
  const store = open();
  rmSync(salvageMarkPath(filePath), { force: true });
  recovery.durationMs = Math.round(performance.now() - started);
  const summary = Object.entries(recovery.tables)
    .filter(([, t]) => t.recovered > 0 || t.lost > 0)
    .map(([name, t]) => `${name} ${t.recovered}${t.lost > 0 ? ` (${t.lost} lost)` : ''}`)
    .join(', ');
  console.warn(`[store] salvaged (${recovery.method}) in ${recovery.durationMs} ms into a fresh store: ${summary || 'nothing readable'}; old file kept as ${recovery.movedAside.join(', ')}`);
  return { store, recovery };
}

/** `<file>.salvaged`: a complete salvaged store (closed, no WAL) waiting to take the damaged one's place. */
function salvagedPath(filePath: string): string {
  return `${filePath}.salvaged`;
}

function fsyncFile(path: string): void {
  const fd = openSync(path, 'r+');
  try {
    fsyncSync(fd);
  } finally {
    closeSync(fd);
  }
}

function removeStoreFiles(path: string): void {
  for (const suffix of ['', '-wal', '-shm']) rmSync(`${path}${suffix}`, { force: true });
}

/** The damaged store (if still there) goes aside, the salvaged one takes its place; the folder is synced. */
function finishSwap(filePath: string, now: number): string[] {
  const moved = existsSync(filePath) ? moveAside(filePath, now).moved : [];
  renameSync(salvagedPath(filePath), filePath);
  try {
    const fd = openSync(dirname(filePath), 'r');
    try {
      fsyncSync(fd);
    } finally {
      closeSync(fd);
    }
  } catch {
    // Windows cannot open folders; NTFS journals the renames.
  }
  return moved;
}

/**
 * A salvage that a kill interrupted: a half-built store is dropped (the damaged file is still in
 * place and is salvaged again); a finished one completes its swap.
 */
function finishInterruptedSalvage(filePath: string, now: number): void {
  removeStoreFiles(`${filePath}.salvaging`);
  if (!existsSync(salvagedPath(filePath))) return;
  const moved = finishSwap(filePath, now);
  rmSync(salvageMarkPath(filePath), { force: true });
  console.warn(`[store] finished a salvage interrupted at its last step${moved.length ? `; old file kept as ${moved.join(', ')}` : ''}`);
}

/**
 * What the student's sentence counts (the renderer words it): drafts, queued submissions not yet
 * done, and accounts that can sign in (a shared device's sealed placeholders are not shown as accounts).
 */
export function noticeFor(recovery: StoreRecovery, store: Store): StoreNotice {
  const count = (sql: string): number => Number(store.get<{ n: number }>(sql)?.n ?? 0);
  const kind = recovery.method === 'none' ? 'started-empty' : recovery.reason === 'schema-too-new' ? 'salvaged-newer-version' : 'salvaged';
  return {
    kind,
    drafts: count('SELECT count(*) AS n FROM drafts'),
    outbox: count("SELECT count(*) AS n FROM outbox WHERE status != 'done'"),
    accounts: count('SELECT count(*) AS n FROM accounts WHERE sealed_handle IS NULL'),
  };
}

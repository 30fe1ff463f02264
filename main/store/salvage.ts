/**
 * Opening the store at start, and what happens when the file fails its check: everything readable
 * is copied into a fresh store, which then takes the damaged file's place; the damaged file goes
 * aside (with its -wal/-shm, a UTC date in the name, never deleted by the app). So a student's
 * unsent work survives a damaged page and SchulDesk starts.
 *
 * Checked at start: a salvage mark left at run time (SQLITE_CORRUPT during use, see `markForSalvage`),
 * a WAL whose length does not fit its frames (cut off), then through a read-only connection (a file
 * that fails is never written) the header, PRAGMA quick_check and the schema (newer than this app =
 * downgrade, or not ours), and last the migrations (one interrupted by a kill is rolled back by
 * SQLite and simply runs again; one that fails is a reason to salvage).
 *
 * What is copied, in this order (SALVAGE_TABLES): drafts, their versions and the outbox with what
 * reading them needs (sealed keys; account rows, including the sealed placeholders of shared
 * devices), then accounts' encrypted secrets and the current account, then the student's own choices
 * (settings, conference rules/objection, reminders already shown, the media log). Cached portal
 * content is not copied: the sync fetches it again. Files under <dataDir>/drafts stay where they are.
 *
 * How: SQLite reads the damaged file read-only, table by table in rowid order, one seek per row; a
 * read error skips past the damaged page (binary search for the next readable rowid), so one page
 * loses only its own rows. Only columns this version knows are copied (a newer schema's extra
 * columns are left behind). Where SQLite cannot read a table completely, or the file at all (page 1
 * gone), the pages are decoded directly (page-scan.ts) and rows recognised by their shape. Rows whose
 * account or draft was lost are dropped (they stay in the kept file for IT).
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
import type { SQLInputValue, StatementSync } from 'node:sqlite';
import { openDatabase } from './database.ts';
import type { Store } from './database.ts';
import { StoreError, toStoreError } from './errors.ts';
import type { StoreErrorCode } from './errors.ts';
import { assertSchemaKnown } from './migrate.ts';
import type { Migration } from './migrate.ts';
import type { StoreNotice } from '../../preload/api';
import { scanTableRows } from './page-scan.ts';
import type { RawRow, RawValue } from './page-scan.ts';

export type RecoveryReason = 'corrupt' | 'not-a-database' | 'schema-too-new' | 'schema-mismatch' | 'migration-failed' | 'wal-truncated' | 'corrupt-at-run-time';

export interface TableSalvage {
  recovered: number;
  /** Rows SQLite could not read or the fresh store refused, plus rows dropped because their account/draft was lost. */
  lost: number;
}

/** What happened at this start; IT reads it in the diagnostics and the log. */
export interface StoreRecovery {
  reason: RecoveryReason;
  /** SQLite's / the check's own words. */
  detail: string;
  at: number;
  /** File names (in the data folder) the damaged store was moved to. */
  movedAside: string[];
  /** 'sql': SQLite read the old file; 'pages': decoded from raw pages; 'none': nothing was readable. */
  method: 'sql' | 'pages' | 'sql+pages' | 'none';
  tables: Record<string, TableSalvage>;
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

type ColumnKind = 'int' | 'text' | 'blob' | 'int?' | 'text?' | 'blob?' | 'rowid';

interface SalvageTable {
  name: string;
  /** Among raw copies of one row (old copies turn up in freed pages), the one with the highest value here wins. */
  newest?: string;
  /**
   * The row's shape on disk for raw-page salvage, in column order; `minColumns` for columns added
   * later by ALTER TABLE (older rows are shorter). Absent: not salvaged from raw pages.
   * A migration that changes one of these tables must change its shape too (a test compares them).
   */
  shape?: { columns: [string, ColumnKind][]; minColumns: number; check?: (row: Record<string, RawValue>) => boolean };
}

const isUrl = (value: RawValue): boolean => typeof value === 'string' && /^https?:\/\//.test(value);

/** In salvage order. Everything not listed (caches) is fetched again by the sync. */
export const SALVAGE_TABLES: readonly SalvageTable[] = [
  {
    name: 'drafts',
    newest: 'updated_at',
    shape: {
      columns: [
        ['id', 'text'], ['account_id', 'text'], ['assign_id', 'int'], ['course_id', 'int'], ['title', 'text'], ['text_html', 'text'],
        ['files_json', 'text'], ['version', 'int'], ['base_timemodified', 'int?'], ['base_status', 'text?'], ['base_text', 'text?'],
        ['sent_attempts', 'text'], ['state', 'text'], ['error', 'text?'], ['sealed', 'blob?'], ['created_at', 'int'], ['updated_at', 'int'],
      ],
      minColumns: 17,
    },
  },
  {
    name: 'draft_versions',
    newest: 'saved_at',
    shape: {
      columns: [['account_id', 'text'], ['draft_id', 'text'], ['version', 'int'], ['text_html', 'text'], ['files_json', 'text'], ['sealed', 'blob?'], ['saved_at', 'int']],
      minColumns: 7,
    },
  },
  {
    name: 'outbox',
    newest: 'updated_at',
    shape: {
      columns: [
        ['id', 'text'], ['account_id', 'text'], ['draft_id', 'text'], ['draft_version', 'int'], ['handin', 'int'], ['accept_statement', 'int'],
        ['step', 'text'], ['status', 'text'], ['itemid', 'int?'], ['attempts', 'int'], ['last_error', 'text?'], ['next_attempt_at', 'int'],
        ['created_at', 'int'], ['updated_at', 'int'], ['fingerprint', 'text?'], ['retry_after_until', 'int'],
      ],
      minColumns: 14,
    },
  },
  {
    name: 'sealed_keys',
    newest: 'created_at',
    shape: { columns: [['account_id', 'text'], ['kind', 'text'], ['salt', 'blob'], ['wrapped_key', 'blob'], ['created_at', 'int']], minColumns: 5 },
  },
  {
    name: 'accounts',
    newest: 'last_used_at',
    shape: {
      columns: [
        ['id', 'text'], ['site_url', 'text'], ['site_name', 'text'], ['user_id', 'int'], ['username', 'text'], ['full_name', 'text'], ['lang', 'text'],
        ['created_at', 'int'], ['last_used_at', 'int'], ['needs_reauth', 'int'], ['sealed_handle', 'text?'],
      ],
      minColumns: 10,
      check: (row) => isUrl(row.site_url ?? null),
    },
  },
  {
    name: 'secrets',
    newest: 'written_at',
    shape: { columns: [['account_id', 'text'], ['backend', 'text'], ['ciphertext', 'blob'], ['written_at', 'int']], minColumns: 4 },
  },
  {
    name: 'current_account',
    shape: { columns: [['slot', 'rowid'], ['account_id', 'text']], minColumns: 2 },
  },
  { name: 'settings' },
  { name: 'conference_prefs' },
  { name: 'deadline_reminders_sent' },
  { name: 'conference_media_log' },
];

/** Rows that point to an account or draft that was not recovered are dropped (child first). */
const DANGLING: readonly [table: string, where: string][] = [
  ['current_account', 'account_id NOT IN (SELECT id FROM accounts)'],
  ['drafts', 'account_id NOT IN (SELECT id FROM accounts)'],
  ['draft_versions', 'account_id NOT IN (SELECT id FROM accounts) OR draft_id NOT IN (SELECT id FROM drafts)'],
  ['outbox', 'account_id NOT IN (SELECT id FROM accounts) OR draft_id NOT IN (SELECT id FROM drafts)'],
  ['sealed_keys', 'account_id NOT IN (SELECT id FROM accounts)'],
  ['secrets', 'account_id NOT IN (SELECT id FROM accounts)'],
  ['conference_prefs', 'account_id NOT IN (SELECT id FROM accounts)'],
  ['deadline_reminders_sent', 'account_id NOT IN (SELECT id FROM accounts)'],
  ['conference_media_log', 'account_id NOT IN (SELECT id FROM accounts)'],
];

const quote = (name: string): string => `"${name.replaceAll('"', '""')}"`;

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

/** Renames the store and its -wal/-shm to `<name>.damaged-<UTC date>[-n].sqlite…`; returns the new main path. */
export function moveAside(filePath: string, now: number): { path: string; moved: string[] } {
  const dir = dirname(filePath);
  const name = basename(filePath).replace(/\.sqlite$/, '');
  let target = '';
  for (let n = 1; ; n++) {
    target = join(dir, `${name}.damaged-${stamp(now)}${n > 1 ? `-${n}` : ''}.sqlite`);
    if (!['', '-wal', '-shm'].some((suffix) => existsSync(`${target}${suffix}`))) break;
  }
  const moved: string[] = [];
  for (const suffix of ['', '-wal', '-shm']) {
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

function tally(recovery: StoreRecovery, table: string): TableSalvage {
  recovery.tables[table] ??= { recovered: 0, lost: 0 };
  return recovery.tables[table];
}

/** Copies what can be read from `sourcePath` (the damaged store, opened read-only) into `store` (fresh, migrated). */
export function salvageInto(sourcePath: string, store: Store, recovery: StoreRecovery): void {
  const rawNeeded = new Set<string>();
  const targetColumns = new Map<string, string[]>();
  for (const table of SALVAGE_TABLES) {
    targetColumns.set(table.name, store.all<{ name: string }>(`SELECT name FROM pragma_table_info(${sqlString(table.name)})`).map((row) => row.name));
  }

  // Rows arrive child-first (drafts before accounts); dangling ones are dropped at the end.
  store.exec('PRAGMA foreign_keys = OFF');
  try {
    store.transaction(() => {
      let sqlRead = false;
      let source: DatabaseSync | null = null;
      try {
        source = new DatabaseSync(sourcePath, { readOnly: true });
        source.prepare('SELECT count(*) FROM sqlite_schema').get();
      } catch {
        source?.close();
        source = null;
      }
      try {
        for (const table of SALVAGE_TABLES) {
          const read = source ? copyTable(source, store, table.name, targetColumns.get(table.name) ?? [], tally(recovery, table.name)) : 'unreadable';
          if (read !== 'unreadable') sqlRead = true;
          if (read !== 'complete' && table.shape) rawNeeded.add(table.name);
        }
      } finally {
        source?.close();
      }

      let rawUsed = false;
      if (rawNeeded.size > 0) {
        const shapes = SALVAGE_TABLES.filter((table) => rawNeeded.has(table.name) && table.shape).map((table) => table.shape as NonNullable<SalvageTable['shape']>);
        let rows: RawRow[] = [];
        try {
          rows = scanTableRows(sourcePath, { accept: (types) => shapes.some((shape) => typesFit(shape, types)) }).rows;
        } catch (error) {
          // A read error of the disk itself (EIO): what SQLite read so far is kept.
          console.error(`[store] reading the damaged file's pages failed: ${String(error)}`);
        }
        for (const table of SALVAGE_TABLES) {
          if (!rawNeeded.has(table.name)) continue;
          if (insertRawRows(store, table, targetColumns.get(table.name) ?? [], rows, tally(recovery, table.name)) > 0) rawUsed = true;
        }
      }
      recovery.method = sqlRead && rawUsed ? 'sql+pages' : sqlRead ? 'sql' : rawUsed ? 'pages' : 'none';

      for (const [table, where] of DANGLING) {
        const dropped = Number(store.run(`DELETE FROM ${quote(table)} WHERE ${where}`).changes);
        if (dropped > 0) {
          const entry = tally(recovery, table);
          entry.recovered -= dropped;
          entry.lost += dropped;
        }
      }
    });
  } finally {
    store.exec('PRAGMA foreign_keys = ON');
  }
  const violations = store.all('PRAGMA foreign_key_check');
  if (violations.length > 0) throw new Error(`salvage left ${violations.length} foreign key violation(s): ${JSON.stringify(violations[0])}`);
}

/** Disk full, I/O or read-only while writing the FRESH store: not a row problem, stop and report. */
function rethrowEnvironment(error: unknown, store: Store): void {
  const converted = toStoreError(error, store.filePath);
  if (converted instanceof StoreError && converted.code !== 'store-corrupt') throw converted;
}

function sqlString(value: string): string {
  return `'${value.replaceAll("'", "''")}'`;
}

/**
 * Copies one table by rowid; past a read error it searches the next readable rowid. Returns
 * 'complete', 'partly' (some rows unreadable) or 'unreadable' (nothing of the table could be read).
 */
function copyTable(source: DatabaseSync, store: Store, table: string, targetColumns: string[], counts: TableSalvage): 'complete' | 'partly' | 'unreadable' {
  let columns: string[];
  try {
    const present = new Set(source.prepare(`SELECT name FROM pragma_table_info(${sqlString(table)})`).all().map((row) => String(row.name)));
    columns = targetColumns.filter((column) => present.has(column));
  } catch {
    return 'unreadable';
  }
  if (columns.length === 0) return 'unreadable';
  const list = columns.map(quote).join(', ');
  let select;
  let probe;
  try {
    // One seek per row (not an iterator, which reads a row ahead): a read error then costs no good row.
    select = source.prepare(`SELECT rowid AS "__rowid", ${list} FROM ${quote(table)} NOT INDEXED WHERE rowid > ? ORDER BY rowid LIMIT 1`);
    probe = source.prepare(`SELECT rowid AS "__rowid" FROM ${quote(table)} NOT INDEXED WHERE rowid > ? ORDER BY rowid LIMIT 1`);
  } catch {
    return 'unreadable';
  }
  select.setReadBigInts(true);
  probe.setReadBigInts(true);
  const insert = store.prepare(`INSERT OR IGNORE INTO ${quote(table)} (${list}) VALUES (${columns.map(() => '?').join(', ')})`);
  const readable = (after: bigint): boolean => {
    try {
      probe.get(after);
      return true;
    } catch {
      return false;
    }
  };

  const MIN = -(2n ** 63n);
  const MAX = 2n ** 63n - 1n;
  let last = MIN;
  let errors = 0;
  let readAny = false;
  for (;;) {
    let row: Record<string, unknown> | undefined;
    try {
      row = select.get(last);
    } catch {
      errors += 1;
      counts.lost += 1;
      if (errors > 10_000) break;
      // Only the row itself is unreadable (its payload) while its place is: skip just that row.
      const next = nextRowid(probe, last);
      if (next === 'end') break;
      if (next !== 'unreadable') {
        last = next;
        continue;
      }
      // A damaged page: the smallest rowid past it from which seeking works again (grow a step
      // until a seek succeeds, then narrow it down).
      let step = 1n;
      while (last + step < MAX && !readable(last + step)) step *= 2n;
      if (last + step >= MAX) break;
      let low = last + step / 2n;
      let high = last + step;
      while (high - low > 1n) {
        const middle = low + (high - low) / 2n;
        if (readable(middle)) high = middle;
        else low = middle;
      }
      last = high;
      continue;
    }
    if (!row) break;
    readAny = true;
    last = row.__rowid as bigint;
    try {
      const result = insert.run(...columns.map((column) => row[column] as SQLInputValue));
      if (Number(result.changes) > 0) counts.recovered += 1;
    } catch (error) {
      rethrowEnvironment(error, store);
      counts.lost += 1;
    }
  }
  if (!readAny && errors > 0) return 'unreadable';
  return errors > 0 ? 'partly' : 'complete';
}

/** Serial types (record header) that can hold a value of this kind in a STRICT table. */
function serialTypeFits(kind: ColumnKind, type: number): boolean {
  const isInt = (type >= 1 && type <= 6) || type === 8 || type === 9;
  switch (kind) {
    case 'int':
      return isInt;
    case 'int?':
      return type === 0 || isInt;
    case 'text':
      return type >= 13 && type % 2 === 1;
    case 'text?':
      return type === 0 || (type >= 13 && type % 2 === 1);
    case 'blob':
      return type >= 12 && type % 2 === 0;
    case 'blob?':
      return type === 0 || (type >= 12 && type % 2 === 0);
    case 'rowid':
      return type === 0;
  }
}

function typesFit(shape: NonNullable<SalvageTable['shape']>, types: number[]): boolean {
  if (types.length < shape.minColumns || types.length > shape.columns.length) return false;
  return types.every((type, index) => serialTypeFits((shape.columns[index] as [string, ColumnKind])[1], type));
}

/** The first rowid after `after`, read without the row's payload. */
function nextRowid(probe: StatementSync, after: bigint): bigint | 'end' | 'unreadable' {
  try {
    const found = probe.get(after);
    return found ? (found.__rowid as bigint) : 'end';
  } catch {
    return 'unreadable';
  }
}

function kindMatches(kind: ColumnKind, value: RawValue): boolean {
  switch (kind) {
    case 'int':
      return typeof value === 'number' ? Number.isInteger(value) : typeof value === 'bigint';
    case 'int?':
      return value === null || kindMatches('int', value);
    case 'text':
      return typeof value === 'string';
    case 'text?':
      return value === null || typeof value === 'string';
    case 'blob':
      return value instanceof Uint8Array;
    case 'blob?':
      return value === null || value instanceof Uint8Array;
    case 'rowid':
      return value === null;
  }
}

/** Rows from raw pages that have this table's shape, newest copy per key first, inserted where missing. */
function insertRawRows(store: Store, table: SalvageTable, targetColumns: string[], rows: readonly RawRow[], counts: TableSalvage): number {
  const shape = table.shape;
  if (!shape) return 0;
  const candidates: Record<string, RawValue>[] = [];
  for (const raw of rows) {
    const { values } = raw;
    if (values.length < shape.minColumns || values.length > shape.columns.length) continue;
    const row: Record<string, RawValue> = {};
    let fits = true;
    shape.columns.forEach(([name, kind], index) => {
      if (!fits || index >= values.length) return;
      const value = values[index] ?? null;
      if (!kindMatches(kind, value)) fits = false;
      row[name] = kind === 'rowid' ? raw.rowid : value;
    });
    if (fits && (shape.check?.(row) ?? true)) candidates.push(row);
  }
  const newest = table.newest;
  if (newest) candidates.sort((a, b) => Number(b[newest] ?? 0) - Number(a[newest] ?? 0));
  let added = 0;
  for (const row of candidates) {
    const columns = targetColumns.filter((column) => column in row);
    try {
      const result = store.run(
        `INSERT OR IGNORE INTO ${quote(table.name)} (${columns.map(quote).join(', ')}) VALUES (${columns.map(() => '?').join(', ')})`,
        ...columns.map((column) => row[column] as SQLInputValue),
      );
      if (Number(result.changes) > 0) {
        counts.recovered += 1;
        added += 1;
      }
    } catch (error) {
      // A row of another table with the same shape, or garbage that happens to decode: not ours.
      rethrowEnvironment(error, store);
    }
  }
  return added;
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

/**
 * The copy phase of a salvage (main/store/salvage.ts opens, checks and swaps): what is read from a
 * damaged store into a fresh one, and how.
 *
 * What, in this order (SALVAGE_TABLES): drafts, their versions and the outbox with what
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
 * Only node builtins and sibling `.ts` files are imported (child processes load this file directly).
 */
import { DatabaseSync } from 'node:sqlite';
import type { SQLInputValue, StatementSync } from 'node:sqlite';
import type { Store } from './database.ts';
import { StoreError, toStoreError } from './errors.ts';
import { scanTableRows } from './page-scan.ts';
import type { RawRow, RawValue } from './page-scan.ts';

export interface TableSalvage {
  recovered: number;
  /** Rows SQLite could not read or the fresh store refused, plus rows dropped because their account/draft was lost. */
  lost: number;
}

/** What a salvage read, per table, and which way (StoreRecovery in salvage.ts carries it). */
export interface SalvageTally {
  /** 'sql': SQLite read the old file; 'pages': decoded from raw pages; 'none': nothing was readable. */
  method: 'sql' | 'pages' | 'sql+pages' | 'none';
  tables: Record<string, TableSalvage>;
}


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

function tally(recovery: SalvageTally, table: string): TableSalvage {
  recovery.tables[table] ??= { recovered: 0, lost: 0 };
  return recovery.tables[table];
}

/** Copies what can be read from `sourcePath` (the damaged store, opened read-only) into `store` (fresh, migrated). */
export function salvageInto(sourcePath: string, store: Store, recovery: SalvageTally): void {
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


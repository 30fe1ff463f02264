/**
 * SchulDesk's local database: one SQLite file through `node:sqlite` (built into Node 24 and
 * Electron, so no native module to rebuild). WAL + synchronous=FULL: a commit that returned is on
 * disk, so a student's typed work survives a crash or a pulled plug.
 *
 * Only node builtins and sibling files with explicit `.ts` extensions are imported here, so a
 * child process can load this file directly with Node's type stripping (the crash test does).
 */
import { closeSync, mkdirSync, openSync, readSync, statSync } from 'node:fs';
import { dirname } from 'node:path';
import { DatabaseSync } from 'node:sqlite';
import type { SQLInputValue, StatementSync } from 'node:sqlite';
import { StoreError, toStoreError } from './errors.ts';
import { applyMigrations, assertSchemaKnown, validateMigrationList } from './migrate.ts';
import type { Migration } from './migrate.ts';
import type { SqlParams, Store } from './store.ts';

export type { SqlParams, Store } from './store.ts';

export interface OpenDatabaseOptions {
  /** The ordered list of schema steps (APP_MIGRATIONS in the app). */
  migrations: readonly Migration[];
  /** How long a write waits for another connection's lock before `store-busy`. */
  busyTimeoutMs?: number;
  /**
   * 'quick' (default) runs PRAGMA quick_check on an existing file before anything is written, so
   * damage is reported at start instead of in the middle of saving a student's work.
   */
  check?: 'quick' | 'none';
  /**
   * Called when SQLite reports damage (SQLITE_CORRUPT, SQLITE_NOTADB) during use, after the open
   * succeeded: damage that quick_check missed. The error is still thrown (main/store/salvage.ts).
   */
  onCorrupt?: (error: StoreError) => void;
  /**
   * False: synchronous=OFF, for a file that only becomes the store after it was closed and fsynced
   * as a whole (the salvage's fresh store, main/store/salvage.ts). Default true (synchronous=FULL).
   */
  durable?: boolean;
}

const SQLITE_MAGIC = Buffer.from('SQLite format 3\0', 'latin1');
const STATEMENT_CACHE_SIZE = 200;

/** True if there is an existing, non-empty file (an empty file is a valid empty database to SQLite). */
function existingDatabaseFile(filePath: string): boolean {
  let size: number;
  try {
    const stat = statSync(filePath);
    if (!stat.isFile()) throw new StoreError('store-cannot-open', filePath, 'path exists and is not a file');
    size = stat.size;
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') return false;
    throw error instanceof StoreError ? error : new StoreError('store-cannot-open', filePath, String(error), { cause: error });
  }
  if (size === 0) return false;
  // Read the header ourselves: SQLite is never handed a foreign file, so it cannot write to it.
  const header = Buffer.alloc(SQLITE_MAGIC.length);
  let fd: number;
  try {
    fd = openSync(filePath, 'r');
  } catch (error) {
    throw new StoreError('store-cannot-open', filePath, String(error), { cause: error });
  }
  try {
    readSync(fd, header, 0, header.length, 0);
  } finally {
    closeSync(fd);
  }
  if (!header.equals(SQLITE_MAGIC)) throw new StoreError('store-not-a-database', filePath, 'SQLite header missing');
  return true;
}

export function openDatabase(filePath: string, options: OpenDatabaseOptions): Store {
  validateMigrationList(options.migrations);
  try {
    mkdirSync(dirname(filePath), { recursive: true });
  } catch (error) {
    throw new StoreError('store-cannot-open', filePath, String(error), { cause: error });
  }
  const existed = existingDatabaseFile(filePath);

  let db: DatabaseSync;
  try {
    db = new DatabaseSync(filePath, {
      timeout: options.busyTimeoutMs ?? 5000,
      enableForeignKeyConstraints: true,
      // Refuses writable_schema and other statements that can corrupt the file on purpose.
      defensive: true,
    });
  } catch (error) {
    throw toStoreError(error, filePath);
  }

  const { store, closeWithoutWriting, watchCorruption } = wrap(db, filePath);
  try {
    // Everything up to the journal_mode change only reads, so a damaged or too-new file stays
    // as it was (closing may still checkpoint an existing WAL into it: the app checks read-only
    // first, main/store/salvage.ts).
    if (existed && (options.check ?? 'quick') === 'quick') {
      const problems = store.all<{ quick_check: string }>('PRAGMA quick_check(5)').map((row) => row.quick_check);
      if (problems.length !== 1 || problems[0] !== 'ok') throw new StoreError('store-corrupt', filePath, problems.join('; '));
    }
    if (existed) assertSchemaKnown(store, options.migrations);

    const mode = store.get<{ journal_mode: string }>('PRAGMA journal_mode = WAL')?.journal_mode ?? 'unknown';
    store.journalMode = mode;
    if (mode !== 'wal') console.warn(`[store] WAL not available on this file system (journal_mode=${mode}); continuing with synchronous=FULL.`);
    store.exec(options.durable === false ? 'PRAGMA synchronous = OFF' : 'PRAGMA synchronous = FULL');
    // macOS: a plain fsync leaves data in the drive's cache; F_FULLFSYNC does not. No-op elsewhere.
    store.exec('PRAGMA fullfsync = ON');
    store.exec('PRAGMA foreign_keys = ON');
    applyMigrations(store, options.migrations);
  } catch (error) {
    closeWithoutWriting();
    throw toStoreError(error, filePath);
  }
  if (options.onCorrupt) watchCorruption(options.onCorrupt);
  return store;
}

function isThenable(value: unknown): boolean {
  return (typeof value === 'object' || typeof value === 'function') && value !== null && typeof (value as { then?: unknown }).then === 'function';
}

function wrap(
  db: DatabaseSync,
  filePath: string,
): { store: Store & { journalMode: string }; closeWithoutWriting: () => void; watchCorruption: (hook: (error: StoreError) => void) => void } {
  const statements = new Map<string, StatementSync>();
  let onCorrupt: ((error: StoreError) => void) | null = null;
  const converted = (error: unknown): unknown => {
    const result = toStoreError(error, filePath);
    if (onCorrupt && result instanceof StoreError && result.code === 'store-corrupt') onCorrupt(result);
    return result;
  };
  let depth = 0;
  let closed = false;

  function prepare(sql: string): StatementSync {
    let statement = statements.get(sql);
    if (statement) return statement;
    try {
      statement = db.prepare(sql);
    } catch (error) {
      throw converted(error);
    }
    // Drop the oldest entry: SQL built from fixed strings stays far below this bound.
    if (statements.size >= STATEMENT_CACHE_SIZE) statements.delete(statements.keys().next().value as string);
    statements.set(sql, statement);
    return statement;
  }

  function exec(sql: string): void {
    try {
      db.exec(sql);
    } catch (error) {
      throw converted(error);
    }
  }

  function call<R>(sql: string, params: SqlParams, method: (statement: StatementSync, args: SQLInputValue[]) => R): R {
    const statement = prepare(sql);
    try {
      return method(statement, params as SQLInputValue[]);
    } catch (error) {
      throw converted(error);
    }
  }

  /** After a failed step SQLite may already have rolled back on its own (disk full, I/O error). */
  function undo(sql: string): void {
    if (!db.isTransaction) return;
    try {
      db.exec(sql);
    } catch {
      // The original error is the one worth reporting.
    }
  }

  function refusePromise(result: unknown): void {
    if (isThenable(result)) {
      throw new TypeError('store.transaction(fn): fn returned a promise; transactions are synchronous (await outside, then write).');
    }
  }

  const store: Store & { journalMode: string } = {
    filePath,
    journalMode: 'unknown',
    get inTransaction() {
      return db.isOpen && db.isTransaction;
    },
    transaction<T>(fn: () => T): T {
      if (depth === 0) {
        exec('BEGIN IMMEDIATE');
        depth = 1;
        try {
          const result = fn();
          refusePromise(result);
          exec('COMMIT');
          return result;
        } catch (error) {
          undo('ROLLBACK');
          throw error;
        } finally {
          depth = 0;
        }
      }
      const savepoint = `schuldesk_sp_${depth}`;
      exec(`SAVEPOINT ${savepoint}`);
      depth += 1;
      try {
        const result = fn();
        refusePromise(result);
        exec(`RELEASE ${savepoint}`);
        return result;
      } catch (error) {
        // ROLLBACK TO keeps the savepoint open; RELEASE closes it so the outer level continues cleanly.
        undo(`ROLLBACK TO ${savepoint}; RELEASE ${savepoint}`);
        throw error;
      } finally {
        depth -= 1;
      }
    },
    run: (sql, ...params) => call(sql, params, (statement, args) => statement.run(...args)),
    get: <Row>(sql: string, ...params: SqlParams) => call(sql, params, (statement, args) => statement.get(...args) as Row | undefined),
    all: <Row>(sql: string, ...params: SqlParams) => call(sql, params, (statement, args) => statement.all(...args) as Row[]),
    exec,
    prepare,
    close() {
      if (closed) return;
      closed = true;
      statements.clear();
      try {
        // Lets SQLite refresh its query-planner statistics where useful; cheap when nothing changed.
        if (!db.isTransaction) db.exec('PRAGMA optimize');
      } catch {
        // Closing matters more than statistics.
      }
      db.close();
    },
  };
  return {
    store,
    // For a file we refused: PRAGMA optimize could write statistics into it.
    closeWithoutWriting() {
      closed = true;
      statements.clear();
      db.close();
    },
    watchCorruption(hook) {
      onCorrupt = hook;
    },
  };
}

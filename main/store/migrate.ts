/**
 * The migration runner. Each pending migration runs in its own transaction together with its row
 * in `schema_migrations`, so a step is either fully applied and recorded or not at all.
 */
import type { Store } from './store.ts';
import { StoreError } from './errors.ts';

export interface Migration {
  /** Strictly increasing, never reused or renumbered once shipped. */
  readonly id: number;
  /** Part of the migration's identity: a database that recorded another name for this id is refused. */
  readonly name: string;
  /** SQL (may hold several statements) or a function that uses the store; runs inside the transaction. */
  readonly up: string | ((store: Store) => void);
  /**
   * For table rebuilds (SQLite's "12-step" ALTER): foreign keys are switched off while this runs
   * and `PRAGMA foreign_key_check` must come back empty before it commits.
   */
  readonly foreignKeysOff?: boolean;
}

interface RecordedMigration {
  id: number;
  name: string;
}

/** A broken list is a programming error, caught by every test that opens a store. */
export function validateMigrationList(migrations: readonly Migration[]): void {
  const names = new Set<string>();
  let previous = 0;
  for (const migration of migrations) {
    if (!Number.isSafeInteger(migration.id) || migration.id <= previous) {
      throw new Error(`migrations: id ${migration.id} (${migration.name}) must be an integer greater than ${previous}`);
    }
    if (!migration.name || names.has(migration.name)) throw new Error(`migrations: name "${migration.name}" is empty or used twice`);
    names.add(migration.name);
    previous = migration.id;
  }
}

function readRecorded(store: Store): RecordedMigration[] {
  const table = store.get("SELECT 1 AS found FROM sqlite_schema WHERE type = 'table' AND name = 'schema_migrations'");
  if (!table) return [];
  return store.all<RecordedMigration>('SELECT id, name FROM schema_migrations ORDER BY id');
}

/**
 * The recorded migrations must be a prefix of the app's list: same ids, same names, same order.
 * Anything beyond the list means a newer SchulDesk wrote this file; we must not touch it.
 */
export function assertSchemaKnown(store: Store, migrations: readonly Migration[]): void {
  const recorded = readRecorded(store);
  const newest = migrations.at(-1)?.id ?? 0;
  const tooNew = recorded.filter((row) => row.id > newest);
  if (tooNew.length > 0) {
    throw new StoreError('store-schema-too-new', store.filePath, `unknown migrations: ${tooNew.map((row) => `${row.id} ${row.name}`).join(', ')}; this version knows up to ${newest}`);
  }
  recorded.forEach((row, index) => {
    const known = migrations[index];
    if (!known || known.id !== row.id || known.name !== row.name) {
      throw new StoreError(
        'store-schema-mismatch',
        store.filePath,
        `recorded migration ${row.id} "${row.name}" does not match ${known ? `${known.id} "${known.name}"` : 'nothing'} at position ${index + 1}`,
      );
    }
  });
}

/** Applies what is missing, in order. Returns the ids applied now (empty when up to date). */
export function applyMigrations(store: Store, migrations: readonly Migration[], now: () => number = Date.now): number[] {
  validateMigrationList(migrations);
  assertSchemaKnown(store, migrations);
  store.exec('CREATE TABLE IF NOT EXISTS schema_migrations (id INTEGER PRIMARY KEY, name TEXT NOT NULL, applied_at INTEGER NOT NULL) STRICT');

  const applied: number[] = [];
  const done = new Set(readRecorded(store).map((row) => row.id));
  for (const migration of migrations) {
    if (done.has(migration.id)) continue;
    // PRAGMA foreign_keys has no effect inside a transaction, so it is switched around it.
    if (migration.foreignKeysOff) store.exec('PRAGMA foreign_keys = OFF');
    try {
      const ran = store.transaction(() => {
        // Under the write lock: another process may have migrated since we looked.
        assertSchemaKnown(store, migrations);
        if (store.get('SELECT 1 AS found FROM schema_migrations WHERE id = ?', migration.id)) return false;
        if (typeof migration.up === 'string') store.exec(migration.up);
        else migration.up(store);
        if (migration.foreignKeysOff) {
          const violations = store.all('PRAGMA foreign_key_check');
          if (violations.length > 0) throw new Error(`${violations.length} foreign key violation(s), first: ${JSON.stringify(violations[0])}`);
        }
        store.run('INSERT INTO schema_migrations (id, name, applied_at) VALUES (?, ?, ?)', migration.id, migration.name, now());
        return true;
      });
      if (ran) applied.push(migration.id);
    } catch (error) {
      if (error instanceof StoreError) throw error;
      const message = error instanceof Error ? error.message : String(error);
      throw new StoreError('store-migration-failed', store.filePath, `migration ${migration.id} "${migration.name}": ${message}`, { cause: error });
    } finally {
      if (migration.foreignKeysOff) store.exec('PRAGMA foreign_keys = ON');
    }
  }
  return applied;
}

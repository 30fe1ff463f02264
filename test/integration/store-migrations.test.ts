import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { beforeEach, describe, expect, it } from 'vitest';
import { storeErrorOf } from '../support/store-error';
import { useStoreFolderPerTest } from '../support/app-store';
import { openDatabase } from '../../main/store/database';
import type { Store } from '../../main/store/database';
import type { Migration } from '../../main/store/migrate';
import { APP_MIGRATIONS } from '../../main/store/migrations';

const folder = useStoreFolderPerTest('schuldesk-migrations-');
let file: string;

beforeEach(() => {
  file = join(folder.dir, 'db.sqlite');
});

function open(migrations: readonly Migration[]): Store {
  const store = openDatabase(file, { migrations });
  folder.track(store);
  return store;
}

function reopen(store: Store, migrations: readonly Migration[]): Store {
  store.close();
  return open(migrations);
}

function recorded(store: Store): Array<{ id: number; name: string }> {
  return store.all('SELECT id, name FROM schema_migrations ORDER BY id');
}

function tables(store: Store): string[] {
  return store
    .all<{ name: string }>("SELECT name FROM sqlite_schema WHERE type = 'table' ORDER BY name")
    .map((row) => row.name);
}

/** Migrations that log each run into a list, so order and count are visible. */
function loggingMigrations(log: string[]): Migration[] {
  return [
    { id: 1, name: 'course', up: (store) => (log.push('1'), store.exec('CREATE TABLE course (id INTEGER PRIMARY KEY, title TEXT NOT NULL) STRICT')) },
    {
      id: 2,
      name: 'assignment',
      // Needs table course from step 1: proves the order.
      up: (store) => (log.push('2'), store.exec('CREATE TABLE assignment (id INTEGER PRIMARY KEY, course_id INTEGER NOT NULL REFERENCES course (id)) STRICT')),
    },
    { id: 5, name: 'seed course', up: (store) => (log.push('5'), store.run("INSERT INTO course (id, title) VALUES (1, 'Mathe')")) },
  ];
}

describe('migrations', () => {
  it('apply once, in order, and are recorded with their names', () => {
    const log: string[] = [];
    const store = open(loggingMigrations(log));
    expect(log).toEqual(['1', '2', '5']);
    expect(recorded(store)).toEqual([
      { id: 1, name: 'course' },
      { id: 2, name: 'assignment' },
      { id: 5, name: 'seed course' },
    ]);
    expect(store.all('SELECT title FROM course')).toEqual([{ title: 'Mathe' }]);
  });

  it('opening again is a no-op: nothing reruns, applied_at unchanged', () => {
    const log: string[] = [];
    const first = open(loggingMigrations(log));
    const appliedAt = first.all('SELECT id, applied_at FROM schema_migrations ORDER BY id');
    const second = reopen(first, loggingMigrations(log));
    const third = reopen(second, loggingMigrations(log));
    expect(log).toEqual(['1', '2', '5']);
    expect(third.all('SELECT id, applied_at FROM schema_migrations ORDER BY id')).toEqual(appliedAt);
    expect(third.all('SELECT title FROM course')).toEqual([{ title: 'Mathe' }]);
  });

  it('an appended migration is the only one that runs on the next start', () => {
    const log: string[] = [];
    const store = open(loggingMigrations(log));
    const next: Migration[] = [...loggingMigrations(log), { id: 6, name: 'more', up: (s) => (log.push('6'), s.exec('CREATE TABLE more (x INTEGER) STRICT')) }];
    const upgraded = reopen(store, next);
    expect(log).toEqual(['1', '2', '5', '6']);
    expect(recorded(upgraded).map((row) => row.id)).toEqual([1, 2, 5, 6]);
  });

  it('a database from a newer version is refused and left byte-identical', () => {
    const log: string[] = [];
    const newer: Migration[] = [...loggingMigrations(log), { id: 9, name: 'future', up: 'CREATE TABLE future (x INTEGER) STRICT' }];
    open(newer).close();
    const before = readFileSync(file);
    const older = loggingMigrations(log);
    const error = storeErrorOf(() => open(older));
    expect(error.code).toBe('store-schema-too-new');
    expect(error.detail).toContain('9 future');
    expect(error.message).toMatch(/neueren SchulDesk-Version/);
    expect(readFileSync(file).equals(before)).toBe(true);
    expect(existsSync(`${file}-wal`)).toBe(false);
    // The newer version still finds everything.
    expect(tables(open(newer))).toContain('future');
  });

  it('a recorded migration with another name is refused (store-schema-mismatch)', () => {
    const log: string[] = [];
    open(loggingMigrations(log)).close();
    const renamed = loggingMigrations(log).map((m) => (m.id === 2 ? { ...m, name: 'assignments' } : m));
    expect(storeErrorOf(() => open(renamed)).code).toBe('store-schema-mismatch');
  });

  it('a migration inserted before already applied ones is refused, not run out of order', () => {
    const log: string[] = [];
    open(loggingMigrations(log)).close();
    const list = loggingMigrations(log);
    const inserted: Migration[] = [list[0]!, list[1]!, { id: 3, name: 'late insert', up: 'CREATE TABLE late (x INTEGER) STRICT' }, list[2]!];
    expect(storeErrorOf(() => open(inserted)).code).toBe('store-schema-mismatch');
  });

  it('a failing migration is rolled back completely; the ones before it stay; a fixed version continues', () => {
    const log: string[] = [];
    const broken: Migration[] = [
      ...loggingMigrations(log),
      {
        id: 6,
        name: 'half done',
        up: (store) => {
          store.exec('CREATE TABLE half (x INTEGER) STRICT');
          store.run("UPDATE course SET title = 'kaputt'");
          throw new Error('Schritt 6 scheitert');
        },
      },
    ];
    const error = storeErrorOf(() => open(broken));
    expect(error.code).toBe('store-migration-failed');
    expect(error.detail).toContain('6 "half done": Schritt 6 scheitert');

    const fixed: Migration[] = [...loggingMigrations(log), { id: 6, name: 'half done', up: 'CREATE TABLE half (x INTEGER) STRICT' }];
    const store = open(fixed);
    expect(store.all('SELECT title FROM course')).toEqual([{ title: 'Mathe' }]);
    expect(recorded(store).map((row) => row.id)).toEqual([1, 2, 5, 6]);
    expect(log).toEqual(['1', '2', '5']);
  });

  it('SQL with several statements runs as one step', () => {
    const store = open([
      { id: 1, name: 'two tables', up: 'CREATE TABLE a (x INTEGER) STRICT; CREATE TABLE b (y INTEGER) STRICT; INSERT INTO a VALUES (1);' },
    ]);
    expect(tables(store)).toEqual(['a', 'b', 'schema_migrations']);
  });

  it('foreignKeysOff allows a table rebuild, checks references before commit and switches foreign keys back on', () => {
    const log: string[] = [];
    const base = loggingMigrations(log);
    const seeded = open([...base, { id: 6, name: 'assignment row', up: 'INSERT INTO assignment (id, course_id) VALUES (1, 1)' }]);
    const rebuild: Migration = {
      id: 7,
      name: 'course gets a short name',
      foreignKeysOff: true,
      // SQLite's documented way to change a table: new table, copy, drop, rename.
      up: `CREATE TABLE course_new (id INTEGER PRIMARY KEY, title TEXT NOT NULL, short TEXT NOT NULL DEFAULT '') STRICT;
           INSERT INTO course_new (id, title) SELECT id, title FROM course;
           DROP TABLE course;
           ALTER TABLE course_new RENAME TO course;`,
    };
    const list = [...base, { id: 6, name: 'assignment row', up: 'INSERT INTO assignment (id, course_id) VALUES (1, 1)' }, rebuild];
    const store = reopen(seeded, list);
    expect(store.all('SELECT id, title, short FROM course')).toEqual([{ id: 1, title: 'Mathe', short: '' }]);
    expect(store.get('PRAGMA foreign_keys')).toEqual({ foreign_keys: 1 });
    expect(() => store.run('INSERT INTO assignment (id, course_id) VALUES (2, 99)')).toThrow(/FOREIGN KEY/);
  });

  it('foreignKeysOff: a rebuild that leaves dangling references is rolled back', () => {
    const log: string[] = [];
    const base: Migration[] = [...loggingMigrations(log), { id: 6, name: 'assignment row', up: 'INSERT INTO assignment (id, course_id) VALUES (1, 1)' }];
    open(base).close();
    const losesRows: Migration = {
      id: 7,
      name: 'rebuild that drops rows',
      foreignKeysOff: true,
      up: `CREATE TABLE course_new (id INTEGER PRIMARY KEY, title TEXT NOT NULL) STRICT;
           DROP TABLE course;
           ALTER TABLE course_new RENAME TO course;`,
    };
    const error = storeErrorOf(() => open([...base, losesRows]));
    expect(error.code).toBe('store-migration-failed');
    expect(error.detail).toMatch(/foreign key violation/);
    const store = open(base);
    expect(store.all('SELECT title FROM course')).toEqual([{ title: 'Mathe' }]);
    expect(store.get('PRAGMA foreign_keys')).toEqual({ foreign_keys: 1 });
  });

  it('a broken list (ids not increasing) is a programming error, before anything is written', () => {
    const bad: Migration[] = [
      { id: 2, name: 'b', up: 'CREATE TABLE b (x INTEGER)' },
      { id: 1, name: 'a', up: 'CREATE TABLE a (x INTEGER)' },
    ];
    expect(() => open(bad)).toThrow(/must be an integer greater than 2/);
    expect(existsSync(file)).toBe(false);
  });
});

describe('APP_MIGRATIONS', () => {
  it('create the settings table the settings repository uses', () => {
    const store = open(APP_MIGRATIONS);
    // Other features append their own tables (accounts, secrets, …); this test is about settings.
    expect(tables(store)).toEqual(expect.arrayContaining(['schema_migrations', 'settings']));
    expect(store.all<{ name: string; type: string; pk: number }>('PRAGMA table_info(settings)').map(({ name, type, pk }) => ({ name, type, pk }))).toEqual([
      { name: 'key', type: 'TEXT', pk: 1 },
      { name: 'value_json', type: 'TEXT', pk: 0 },
      { name: 'updated_at', type: 'INTEGER', pk: 0 },
    ]);
  });
});

import { existsSync, mkdirSync, readFileSync, readdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { DatabaseSync } from 'node:sqlite';
import { describe, expect, it } from 'vitest';
import { storeErrorOf } from '../support/store-error';
import { useStoreFolderPerTest } from '../support/app-store';
import { openDatabase } from '../../main/store/database';
import type { Store } from '../../main/store/database';
import type { Migration } from '../../main/store/migrate';

const folder = useStoreFolderPerTest('schuldesk-store-');

const LEDGER: Migration[] = [
  {
    id: 1,
    name: 'ledger',
    up: `CREATE TABLE account (id INTEGER PRIMARY KEY, balance INTEGER NOT NULL) STRICT;
         CREATE TABLE entry (id INTEGER PRIMARY KEY, account_id INTEGER NOT NULL REFERENCES account (id), amount INTEGER NOT NULL) STRICT;
         INSERT INTO account (id, balance) VALUES (1, 100), (2, 100);`,
  },
];

function open(file = join(folder.dir, 'db.sqlite'), migrations: Migration[] = LEDGER, busyTimeoutMs?: number): Store {
  const store = openDatabase(file, { migrations, busyTimeoutMs });
  folder.track(store);
  return store;
}

function balances(store: Store): number[] {
  return store.all<{ balance: number }>('SELECT balance FROM account ORDER BY id').map((row) => row.balance);
}

function entryCount(store: Store): number {
  return store.get<{ n: number }>('SELECT count(*) AS n FROM entry')?.n ?? -1;
}

describe('openDatabase', () => {
  it('creates the parent folder and the file, with WAL, synchronous=FULL, fullfsync, foreign keys and a busy timeout', () => {
    const file = join(folder.dir, 'nested', 'deeper', 'db.sqlite');
    const store = open(file, LEDGER, 1234);
    expect(existsSync(file)).toBe(true);
    expect(store.journalMode).toBe('wal');
    expect(store.get('PRAGMA journal_mode')).toEqual({ journal_mode: 'wal' });
    expect(store.get('PRAGMA synchronous')).toEqual({ synchronous: 2 }); // 2 = FULL
    expect(store.get('PRAGMA foreign_keys')).toEqual({ foreign_keys: 1 });
    expect(store.get('PRAGMA busy_timeout')).toEqual({ timeout: 1234 });
    expect(store.get('PRAGMA fullfsync')).toEqual({ fullfsync: 1 });
    // WAL lives in a side file while the database is open.
    store.run('INSERT INTO entry (account_id, amount) VALUES (1, 5)');
    expect(existsSync(`${file}-wal`)).toBe(true);
  });

  it('keeps WAL mode in the file itself, visible to a plain second connection', () => {
    const file = join(folder.dir, 'db.sqlite');
    open(file).close();
    const raw = new DatabaseSync(file, { readOnly: true });
    try {
      expect(raw.prepare('PRAGMA journal_mode').get()).toEqual({ journal_mode: 'wal' });
    } finally {
      raw.close();
    }
  });

  it('enforces foreign keys', () => {
    const store = open();
    expect(() => store.run('INSERT INTO entry (account_id, amount) VALUES (99, 1)')).toThrow(/FOREIGN KEY/);
  });

  it('run/get/all bind positional and named parameters; get gives undefined for no row', () => {
    const store = open();
    const result = store.run('INSERT INTO entry (account_id, amount) VALUES (?, ?)', 1, 7);
    expect(result.changes).toBe(1);
    store.run('INSERT INTO entry (account_id, amount) VALUES (:account, :amount)', { account: 2, amount: 9 });
    expect(store.all('SELECT account_id, amount FROM entry ORDER BY id')).toEqual([
      { account_id: 1, amount: 7 },
      { account_id: 2, amount: 9 },
    ]);
    expect(store.get('SELECT amount FROM entry WHERE account_id = :account', { account: 2 })).toEqual({ amount: 9 });
    expect(store.get('SELECT amount FROM entry WHERE account_id = ?', 42)).toBeUndefined();
  });

  it('reopens an existing database with its data', () => {
    const file = join(folder.dir, 'db.sqlite');
    const first = open(file);
    first.run('UPDATE account SET balance = 42 WHERE id = 1');
    first.close();
    expect(balances(open(file))).toEqual([42, 100]);
  });

  it('close is idempotent and a closed store refuses work', () => {
    const store = open();
    store.close();
    store.close();
    expect(() => store.get('SELECT 1')).toThrow();
  });
});

describe('transactions', () => {
  it('commits and returns the callback value', () => {
    const store = open();
    const id = store.transaction(() => {
      store.run('UPDATE account SET balance = balance - 10 WHERE id = 1');
      store.run('UPDATE account SET balance = balance + 10 WHERE id = 2');
      return Number(store.run('INSERT INTO entry (account_id, amount) VALUES (1, -10)').lastInsertRowid);
    });
    expect(id).toBe(1);
    expect(balances(store)).toEqual([90, 110]);
    expect(store.inTransaction).toBe(false);
  });

  it('rolls back everything when the callback throws and rethrows the same error', () => {
    const store = open();
    const failure = new Error('mitten im Schreiben');
    let caught: unknown;
    try {
      store.transaction(() => {
        store.run('UPDATE account SET balance = balance - 10 WHERE id = 1');
        store.run('INSERT INTO entry (account_id, amount) VALUES (1, -10)');
        throw failure;
      });
    } catch (error) {
      caught = error;
    }
    expect(caught).toBe(failure);
    expect(balances(store)).toEqual([100, 100]);
    expect(entryCount(store)).toBe(0);
    expect(store.inTransaction).toBe(false);
  });

  it('rolls back when a statement inside fails (constraint) and the store stays usable', () => {
    const store = open();
    expect(() =>
      store.transaction(() => {
        store.run('UPDATE account SET balance = 0 WHERE id = 1');
        store.run('INSERT INTO entry (account_id, amount) VALUES (99, 1)');
      }),
    ).toThrow(/FOREIGN KEY/);
    expect(balances(store)).toEqual([100, 100]);
    store.transaction(() => store.run('UPDATE account SET balance = 1 WHERE id = 1'));
    expect(balances(store)).toEqual([1, 100]);
  });

  it('nested calls are savepoints: a caught inner failure undoes only the inner part', () => {
    const store = open();
    store.transaction(() => {
      store.run('INSERT INTO entry (account_id, amount) VALUES (1, 1)');
      expect(() =>
        store.transaction(() => {
          store.run('INSERT INTO entry (account_id, amount) VALUES (1, 2)');
          throw new Error('inner');
        }),
      ).toThrow('inner');
      store.transaction(() => store.run('INSERT INTO entry (account_id, amount) VALUES (1, 3)'));
    });
    expect(store.all('SELECT amount FROM entry ORDER BY id')).toEqual([{ amount: 1 }, { amount: 3 }]);
  });

  it('three levels deep: a failure in the middle level undoes it and everything inside it', () => {
    const store = open();
    store.transaction(() => {
      store.run('INSERT INTO entry (account_id, amount) VALUES (1, 1)');
      try {
        store.transaction(() => {
          store.run('INSERT INTO entry (account_id, amount) VALUES (1, 2)');
          store.transaction(() => store.run('INSERT INTO entry (account_id, amount) VALUES (1, 3)'));
          throw new Error('middle');
        });
      } catch {
        // expected
      }
      expect(store.inTransaction).toBe(true);
      store.run('INSERT INTO entry (account_id, amount) VALUES (1, 4)');
    });
    expect(store.all('SELECT amount FROM entry ORDER BY id')).toEqual([{ amount: 1 }, { amount: 4 }]);
  });

  it('an inner failure that is not caught rolls back the whole transaction', () => {
    const store = open();
    expect(() =>
      store.transaction(() => {
        store.run('INSERT INTO entry (account_id, amount) VALUES (1, 1)');
        store.transaction(() => {
          store.run('INSERT INTO entry (account_id, amount) VALUES (1, 2)');
          throw new Error('inner');
        });
      }),
    ).toThrow('inner');
    expect(entryCount(store)).toBe(0);
  });

  it('refuses an async callback and rolls back what it wrote before its first await', async () => {
    const store = open();
    let pending: Promise<void> | undefined;
    expect(() =>
      store.transaction(() => {
        store.run('INSERT INTO entry (account_id, amount) VALUES (1, 1)');
        pending = Promise.resolve();
        return pending;
      }),
    ).toThrow(TypeError);
    await pending;
    expect(entryCount(store)).toBe(0);
    expect(store.inTransaction).toBe(false);
  });

  it('is invisible to another connection until it commits', () => {
    const file = join(folder.dir, 'db.sqlite');
    const store = open(file);
    const reader = new DatabaseSync(file, { readOnly: true });
    const count = (): unknown => reader.prepare('SELECT count(*) AS n FROM entry').get();
    try {
      store.transaction(() => {
        store.run('INSERT INTO entry (account_id, amount) VALUES (1, 1)');
        store.run('INSERT INTO entry (account_id, amount) VALUES (2, 1)');
        expect(count()).toEqual({ n: 0 });
      });
      expect(count()).toEqual({ n: 2 });
    } finally {
      reader.close();
    }
  });

  it('takes the write lock at BEGIN: a second writer waits, then fails with store-busy', () => {
    const file = join(folder.dir, 'db.sqlite');
    const first = open(file);
    const second = open(file, LEDGER, 20);
    first.transaction(() => {
      first.run('INSERT INTO entry (account_id, amount) VALUES (1, 1)');
      const error = storeErrorOf(() => second.transaction(() => second.run('INSERT INTO entry (account_id, amount) VALUES (2, 2)')));
      expect(error.code).toBe('store-busy');
      expect(second.inTransaction).toBe(false);
    });
    second.transaction(() => second.run('INSERT INTO entry (account_id, amount) VALUES (2, 2)'));
    expect(entryCount(first)).toBe(2);
  });
});

describe('damaged and foreign files', () => {
  function filesIn(dir: string): string[] {
    return readdirSync(dir).sort();
  }

  it('a file that is not a database: store-not-a-database, file byte-identical, no side files', () => {
    const dir = join(folder.dir, 'data');
    mkdirSync(dir);
    const file = join(dir, 'db.sqlite');
    const content = Buffer.from('Hausaufgabe Mathe: Seite 42, Nr. 3 – bitte nicht löschen!\n'.repeat(200), 'utf8');
    writeFileSync(file, content);
    const error = storeErrorOf(() => open(file));
    expect(error.code).toBe('store-not-a-database');
    expect(error.filePath).toBe(file);
    expect(error.message).toMatch(/keine Datenbank/);
    expect(readFileSync(file).equals(content)).toBe(true);
    expect(filesIn(dir)).toEqual(['db.sqlite']);
  });

  it('a short file with a few bytes is not mistaken for an empty database', () => {
    const file = join(folder.dir, 'db.sqlite');
    writeFileSync(file, 'x');
    expect(storeErrorOf(() => open(file)).code).toBe('store-not-a-database');
    expect(readFileSync(file, 'utf8')).toBe('x');
  });

  it('an empty file is a new database (SQLite treats it so)', () => {
    const file = join(folder.dir, 'db.sqlite');
    writeFileSync(file, '');
    expect(balances(open(file))).toEqual([100, 100]);
  });

  /**
   * A database with enough rows for several pages, closed, then garbage written into page 4.
   * 'store' files are already in WAL mode; 'rollback' files (another tool, an old copy) are not,
   * so switching them to WAL before the check would change header bytes 18–19.
   */
  function damagedDatabase(kind: 'store' | 'rollback' = 'store'): { file: string; bytes: Buffer } {
    const dir = join(folder.dir, 'damaged');
    const file = join(dir, 'db.sqlite');
    if (kind === 'store') {
      const store = openDatabase(file, { migrations: LEDGER });
      store.transaction(() => {
        for (let i = 0; i < 400; i++) store.run('INSERT INTO entry (account_id, amount) VALUES (?, ?)', 1 + (i % 2), i);
      });
      store.close();
    } else {
      mkdirSync(dir);
      const raw = new DatabaseSync(file);
      raw.exec('CREATE TABLE entry (id INTEGER PRIMARY KEY, note TEXT NOT NULL)');
      const insert = raw.prepare('INSERT INTO entry (note) VALUES (?)');
      raw.exec('BEGIN');
      for (let i = 0; i < 400; i++) insert.run(`Notiz ${i} `.repeat(10));
      raw.exec('COMMIT');
      raw.close();
    }
    const bytes = readFileSync(file);
    const pageSize = bytes.readUInt16BE(16);
    expect(bytes.length).toBeGreaterThan(pageSize * 5);
    bytes.fill(0xab, pageSize * 3 + 8, pageSize * 3 + 300);
    writeFileSync(file, bytes);
    return { file, bytes };
  }

  it.each(['store', 'rollback'] as const)('a damaged database (%s journal): store-corrupt at open, file byte-identical, no side files left', (kind) => {
    const { file, bytes } = damagedDatabase(kind);
    expect(bytes[18]).toBe(kind === 'store' ? 2 : 1); // file format: 2 = WAL, 1 = rollback journal
    const error = storeErrorOf(() => open(file));
    expect(error.code).toBe('store-corrupt');
    expect(error.message).toMatch(/beschädigt/);
    expect(error.detail).not.toBe('');
    expect(readFileSync(file).equals(bytes)).toBe(true);
    expect(filesIn(join(folder.dir, 'damaged'))).toEqual(['db.sqlite']);
  });

  it("with check: 'none' the damage surfaces on first read, also as store-corrupt", () => {
    const { file } = damagedDatabase();
    const store = openDatabase(file, { migrations: LEDGER, check: 'none' });
    folder.track(store);
    expect(storeErrorOf(() => store.all('SELECT * FROM entry')).code).toBe('store-corrupt');
  });

  it('a folder where the file should be: store-cannot-open', () => {
    const file = join(folder.dir, 'db.sqlite');
    mkdirSync(file);
    expect(storeErrorOf(() => open(file)).code).toBe('store-cannot-open');
  });
});

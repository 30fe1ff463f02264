import { describe, expect, it } from 'vitest';
import { StoreError, toStoreError } from '../../main/store/errors';
import { validateMigrationList } from '../../main/store/migrate';
import type { Migration } from '../../main/store/migrate';
import { APP_MIGRATIONS } from '../../main/store/migrations';

/** The shape node:sqlite gives its errors. */
function sqliteError(errcode: number, message: string): Error {
  return Object.assign(new Error(message), { code: 'ERR_SQLITE_ERROR', errcode, errstr: message });
}

describe('toStoreError', () => {
  it.each([
    [11, 'store-corrupt'],
    [26, 'store-corrupt'],
    [13, 'store-disk-full'],
    [5, 'store-busy'],
    [5 | (2 << 8), 'store-busy'], // extended code SQLITE_BUSY_SNAPSHOT
    [8, 'store-read-only'],
    [10 | (4 << 8), 'store-io'], // SQLITE_IOERR_FSYNC
    [14, 'store-cannot-open'],
  ])('maps SQLite code %i to %s, keeping the cause and SQLite text as detail', (errcode, code) => {
    const cause = sqliteError(errcode, 'database disk image is malformed');
    const mapped = toStoreError(cause, '/data/schuldesk.sqlite');
    expect(mapped).toBeInstanceOf(StoreError);
    expect(mapped).toMatchObject({ code, filePath: '/data/schuldesk.sqlite', detail: 'database disk image is malformed', cause });
  });

  it('leaves programming errors (syntax, constraints) and foreign errors as they are', () => {
    const syntax = sqliteError(1, 'near "SELEC": syntax error');
    const constraint = sqliteError(19 | (3 << 8), 'FOREIGN KEY constraint failed');
    const plain = new TypeError('x');
    expect(toStoreError(syntax, 'f')).toBe(syntax);
    expect(toStoreError(constraint, 'f')).toBe(constraint);
    expect(toStoreError(plain, 'f')).toBe(plain);
    expect(toStoreError('text', 'f')).toBe('text');
  });

  it('messages are German and never contain the file path', () => {
    const error = new StoreError('store-corrupt', '/home/lea/.config/SchulDesk/schuldesk.sqlite', 'detail');
    expect(error.message).toMatch(/beschädigt/);
    expect(error.message).not.toContain('/home/lea');
    expect(error.name).toBe('StoreError');
  });
});

describe('validateMigrationList', () => {
  const sql = 'SELECT 1';
  it('accepts increasing ids with gaps', () => {
    expect(() => validateMigrationList([{ id: 1, name: 'a', up: sql }, { id: 3, name: 'b', up: sql }])).not.toThrow();
  });

  it.each<[string, Migration[]]>([
    ['a repeated id', [{ id: 1, name: 'a', up: sql }, { id: 1, name: 'b', up: sql }]],
    ['a decreasing id', [{ id: 2, name: 'a', up: sql }, { id: 1, name: 'b', up: sql }]],
    ['id zero', [{ id: 0, name: 'a', up: sql }]],
    ['a fractional id', [{ id: 1.5, name: 'a', up: sql }]],
    ['a repeated name', [{ id: 1, name: 'a', up: sql }, { id: 2, name: 'a', up: sql }]],
    ['an empty name', [{ id: 1, name: '', up: sql }]],
  ])('refuses %s', (_label, list) => {
    expect(() => validateMigrationList(list)).toThrow(/migrations:/);
  });

  it("the app's own list is valid", () => {
    expect(() => validateMigrationList(APP_MIGRATIONS)).not.toThrow();
    expect(APP_MIGRATIONS[0]).toMatchObject({ id: 1, name: 'user settings' });
  });
});

/**
 * The app's schema, as an ordered list of steps. openDatabase applies the missing ones at start,
 * each in its own transaction, and refuses a file that recorded steps this list does not have.
 *
 * To change the schema, APPEND one entry: the next id, a short name, its SQL, e.g.
 *   { id: 2, name: 'portal accounts', up: `CREATE TABLE accounts (...) STRICT` },
 * Never edit, renumber, rename or remove an entry that has shipped: installed databases recorded it.
 * Table rebuilds (SQLite cannot ALTER most things) set `foreignKeysOff: true`.
 */
import type { Migration } from './migrate.ts';

export type { Migration } from './migrate.ts';

export const APP_MIGRATIONS: readonly Migration[] = [
  {
    id: 1,
    name: 'user settings',
    up: 'CREATE TABLE settings (key TEXT PRIMARY KEY NOT NULL, value_json TEXT NOT NULL, updated_at INTEGER NOT NULL) STRICT',
  },
];

/**
 * Keeping accounts apart in the database. Every table that holds an account's data has
 * `account_id TEXT NOT NULL REFERENCES accounts (id) ON DELETE CASCADE` (ACCOUNT_ID_COLUMN), and
 * every query on it goes through `forAccount(store, accountId)`, which refuses SQL without
 * `:account_id` and binds it itself. `findUnscopedTables()` lists tables that break the rule (an
 * integration test runs it over APP_MIGRATIONS); device-wide tables go into DEVICE_WIDE_TABLES with a reason.
 */
import type { SQLInputValue, StatementResultingChanges } from 'node:sqlite';
import type { Store } from '../store/database';

export const ACCOUNT_ID_COLUMN = 'account_id TEXT NOT NULL REFERENCES accounts (id) ON DELETE CASCADE';

export const DEVICE_WIDE_TABLES: readonly string[] = [
  'schema_migrations', // the store's own bookkeeping
  'settings', // the device user's preferences, the same for every portal account
  'accounts', // the accounts themselves
  'secrets', // keyed by account_id, but written by the vault, which also runs without accounts; removed by AccountsService
];

type NamedParams = Record<string, SQLInputValue>;

export interface AccountScopedStore {
  readonly accountId: string;
  run(sql: string, params?: NamedParams): StatementResultingChanges;
  get<Row = Record<string, SQLInputValue>>(sql: string, params?: NamedParams): Row | undefined;
  all<Row = Record<string, SQLInputValue>>(sql: string, params?: NamedParams): Row[];
}

const ACCOUNT_PARAM = /:account_id\b/;

function bind(accountId: string, sql: string, params: NamedParams | undefined): [NamedParams] {
  if (!ACCOUNT_PARAM.test(sql)) throw new Error(`forAccount: SQL without :account_id – every query on account data must filter by account (${sql.slice(0, 80)})`);
  if (params && Object.hasOwn(params, 'account_id')) throw new Error('forAccount: account_id is bound by the scope, not by the caller');
  return [{ ...params, account_id: accountId }];
}

export function forAccount(store: Store, accountId: string): AccountScopedStore {
  if (typeof accountId !== 'string' || accountId === '') throw new TypeError('forAccount: accountId must be a non-empty string');
  return {
    accountId,
    run: (sql, params) => store.run(sql, ...bind(accountId, sql, params)),
    get: <Row>(sql: string, params?: NamedParams) => store.get<Row>(sql, ...bind(accountId, sql, params)),
    all: <Row>(sql: string, params?: NamedParams) => store.all<Row>(sql, ...bind(accountId, sql, params)),
  };
}

interface ForeignKeyRow {
  table: string;
  from: string;
  to: string;
  on_delete: string;
}

interface ColumnRow {
  name: string;
  type: string;
  notnull: number;
}

/** Tables (outside `exempt`) without a NOT NULL account_id that cascades from accounts(id). */
export function findUnscopedTables(store: Store, exempt: readonly string[] = DEVICE_WIDE_TABLES): string[] {
  const tables = store
    .all<{ name: string }>("SELECT name FROM sqlite_schema WHERE type = 'table' AND name NOT LIKE 'sqlite\\_%' ESCAPE '\\' ORDER BY name")
    .map((row) => row.name)
    .filter((name) => !exempt.includes(name));
  return tables.filter((table) => {
    const quoted = `"${table.replace(/"/g, '""')}"`;
    const column = store.all<ColumnRow>(`PRAGMA table_info(${quoted})`).find((row) => row.name === 'account_id');
    const cascades = store
      .all<ForeignKeyRow>(`PRAGMA foreign_key_list(${quoted})`)
      .some((fk) => fk.from === 'account_id' && fk.table === 'accounts' && fk.to === 'id' && fk.on_delete.toUpperCase() === 'CASCADE');
    return !(column && column.notnull === 1 && column.type.toUpperCase() === 'TEXT' && cascades);
  });
}

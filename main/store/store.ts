// The Store interface (one SQLite connection as the rest of the app sees it), apart from its
// implementation in database.ts so the migration runner can use it without an import cycle.
import type { SQLInputValue, StatementResultingChanges, StatementSync } from 'node:sqlite';

/** Positional parameters, or one object of named parameters (`:name`) followed by positional ones. */
export type SqlParams = SQLInputValue[] | [named: Record<string, SQLInputValue>, ...positional: SQLInputValue[]];

export interface Store {
  readonly filePath: string;
  /** 'wal' normally; another value only where the file system cannot do WAL (then a warning was logged). */
  readonly journalMode: string;
  /**
   * Runs `fn` in a transaction: BEGIN IMMEDIATE … COMMIT, ROLLBACK if it throws (the error is
   * rethrown). Nested calls become savepoints, so an inner failure undoes only the inner part.
   * `fn` must be synchronous: a returned promise is refused and the transaction rolled back.
   */
  transaction<T>(fn: () => T): T;
  run(sql: string, ...params: SqlParams): StatementResultingChanges;
  /** The first row, typed by the caller (no runtime check), or undefined. */
  get<Row = Record<string, SQLInputValue>>(sql: string, ...params: SqlParams): Row | undefined;
  all<Row = Record<string, SQLInputValue>>(sql: string, ...params: SqlParams): Row[];
  /** One or more statements without parameters (DDL, pragmas). */
  exec(sql: string): void;
  /** A cached prepared statement, for hot loops that want to bind themselves. */
  prepare(sql: string): StatementSync;
  readonly inTransaction: boolean;
  /** Idempotent. */
  close(): void;
}

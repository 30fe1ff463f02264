/**
 * Errors of the local store. `code` is stable and language-neutral (the UI translates it);
 * `message` is German for logs and first-aid text. The file path is kept on the error for the
 * log and the support dialog, never in `message`, so the message can be shown as it is.
 */
export type StoreErrorCode =
  /** The file exists but is not an SQLite database (wrong header). It is left untouched. */
  | 'store-not-a-database'
  /** The file is an SQLite database but damaged. It is left untouched. */
  | 'store-corrupt'
  /** The database was written by a newer SchulDesk (unknown migrations). Nothing is changed. */
  | 'store-schema-too-new'
  /** The recorded migrations do not match this version's list (e.g. a renamed migration). */
  | 'store-schema-mismatch'
  /** A migration threw; its transaction was rolled back, earlier migrations stay applied. */
  | 'store-migration-failed'
  /** The file or its folder cannot be opened (permissions, a folder in the way, …). */
  | 'store-cannot-open'
  /** Another process holds the write lock longer than the busy timeout. */
  | 'store-busy'
  | 'store-read-only'
  | 'store-disk-full'
  | 'store-io';

const MESSAGES: Record<StoreErrorCode, string> = {
  'store-not-a-database': 'Die Datendatei von SchulDesk ist keine Datenbank. Sie wurde nicht verändert.',
  'store-corrupt': 'Die Datendatei von SchulDesk ist beschädigt. Sie wurde nicht verändert.',
  'store-schema-too-new': 'Die Daten stammen von einer neueren SchulDesk-Version. Bitte SchulDesk aktualisieren; die Daten wurden nicht verändert.',
  'store-schema-mismatch': 'Die Daten passen nicht zu dieser SchulDesk-Version. Sie wurden nicht verändert.',
  'store-migration-failed': 'Die Daten konnten nicht auf diese SchulDesk-Version umgestellt werden. Der letzte Schritt wurde zurückgenommen.',
  'store-cannot-open': 'Die Datendatei von SchulDesk lässt sich nicht öffnen.',
  'store-busy': 'Die Datendatei ist von einem anderen Programm gesperrt.',
  'store-read-only': 'In die Datendatei von SchulDesk kann nicht geschrieben werden.',
  'store-disk-full': 'Der Speicherplatz ist voll. SchulDesk kann nichts mehr speichern.',
  'store-io': 'Beim Lesen oder Schreiben der Datendatei ist ein Fehler aufgetreten.',
};

export class StoreError extends Error {
  readonly code: StoreErrorCode;
  readonly filePath: string;
  /** Short technical detail for the log (SQLite's own text, the unknown migration ids, …). */
  readonly detail: string;

  constructor(code: StoreErrorCode, filePath: string, detail = '', options?: { cause?: unknown }) {
    super(MESSAGES[code], options);
    this.name = 'StoreError';
    this.code = code;
    this.filePath = filePath;
    this.detail = detail;
  }
}

/** node:sqlite throws `{ code: 'ERR_SQLITE_ERROR', errcode, errstr }`; errcode may be extended. */
export function sqlitePrimaryCode(error: unknown): number | undefined {
  if (typeof error !== 'object' || error === null) return undefined;
  const errcode = (error as { errcode?: unknown }).errcode;
  return typeof errcode === 'number' ? errcode & 0xff : undefined;
}

// https://sqlite.org/rescode.html (primary result codes)
const SQLITE_CODES: Partial<Record<number, StoreErrorCode>> = {
  5: 'store-busy', // SQLITE_BUSY
  6: 'store-busy', // SQLITE_LOCKED
  8: 'store-read-only', // SQLITE_READONLY
  10: 'store-io', // SQLITE_IOERR
  11: 'store-corrupt', // SQLITE_CORRUPT
  13: 'store-disk-full', // SQLITE_FULL
  14: 'store-cannot-open', // SQLITE_CANTOPEN
  26: 'store-corrupt', // SQLITE_NOTADB (the header was checked before; a valid header with this code is damage)
};

/**
 * Turns SQLite failures a user can act on (damage, full disk, lock, permissions) into a StoreError.
 * Programming errors (SQL syntax, constraint violations) are returned unchanged.
 */
export function toStoreError(error: unknown, filePath: string): unknown {
  if (error instanceof StoreError) return error;
  const primary = sqlitePrimaryCode(error);
  const code = primary === undefined ? undefined : SQLITE_CODES[primary];
  if (!code) return error;
  return new StoreError(code, filePath, error instanceof Error ? error.message : String(error), { cause: error });
}

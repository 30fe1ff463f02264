/**
 * Deleting so that nothing stays readable in the files: `secure_delete` makes SQLite overwrite
 * deleted cells and freed pages with zeros (it stays on for the connection), the work runs as one
 * transaction, and a TRUNCATE checkpoint then copies the WAL into the database and cuts the -wal
 * file to zero bytes, so no older page image with the deleted rows remains in it.
 * Used by the privacy centre's "delete my data" and the shared-device logout.
 */
import type { Store } from './database';

/** Turns on zeroing of deleted content for this connection (shared devices keep it on all the time). */
export function enableSecureDelete(store: Store): void {
  store.exec('PRAGMA secure_delete = ON');
}

export function eraseSecurely<T>(store: Store, work: () => T): T {
  enableSecureDelete(store);
  const result = store.transaction(work);
  store.exec('PRAGMA wal_checkpoint(TRUNCATE)');
  return result;
}

/**
 * A real SQLite store with the app's migrations in a fresh temp folder, per test (afterEach closes
 * it and removes the folder), and plain account rows for tests that work below the accounts service.
 *
 *   const stores = useAppStorePerTest('schuldesk-assign-');
 *   const store = stores.open(); insertAccountRows(store, ['a1', 'a2']);
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach } from 'vitest';
import { openDatabase } from '../../main/store/database';
import type { Store } from '../../main/store/database';
import { APP_MIGRATIONS } from '../../main/store/migrations';

export function useAppStorePerTest(prefix: string): { open(): Store } {
  let dir = '';
  let store: Store | null = null;
  afterEach(() => {
    store?.close();
    store = null;
    if (dir) rmSync(dir, { recursive: true, force: true });
    dir = '';
  });
  return {
    open() {
      dir = mkdtempSync(join(tmpdir(), prefix));
      store = openDatabase(join(dir, 'app.sqlite'), { migrations: APP_MIGRATIONS });
      return store;
    },
  };
}

/** Account rows (user ids 1, 2, … in order; username = id) on `siteUrl`, without secrets. */
export function insertAccountRows(store: Store, ids: readonly string[], siteUrl = 'https://m.test'): void {
  ids.forEach((id, index) => {
    store.run(
      `INSERT INTO accounts (id, site_url, site_name, user_id, username, full_name, lang, created_at, last_used_at) VALUES (?, ?, 'M', ?, ?, 'X', 'de', 0, 0)`,
      id,
      siteUrl,
      index + 1,
      id,
    );
  });
}

/**
 * Real SQLite stores in a fresh temp folder per test (afterEach closes every store opened and removes
 * the folder), and plain account rows for tests that work below the accounts service.
 *
 *   const folder = useStoreFolderPerTest('schuldesk-vault-');
 *   const store = folder.track(openDatabase(join(folder.dir, 'schuldesk.sqlite'), { migrations }));
 *   const stores = useAppStorePerTest('schuldesk-assign-');   // one store with the app's migrations
 *   const store = stores.open(); insertAccountRows(store, ['a1', 'a2']);
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach } from 'vitest';
import { openDatabase } from '../../main/store/database';
import type { Store } from '../../main/store/database';
import { APP_MIGRATIONS } from '../../main/store/migrations';

export interface StoreFolder {
  /** This test's temp folder. */
  readonly dir: string;
  /** Closed after the test (or at `closeAll`); returns it. */
  track(store: Store): Store;
  /** Closes every store tracked so far (a restart of the app). */
  closeAll(): void;
}

export function useStoreFolderPerTest(prefix: string): StoreFolder {
  let dir = '';
  const opened: Store[] = [];
  const closeAll = (): void => {
    for (const store of opened.splice(0)) store.close();
  };
  beforeEach(() => {
    dir = mkdtempSync(join(tmpdir(), prefix));
  });
  afterEach(() => {
    closeAll();
    rmSync(dir, { recursive: true, force: true });
  });
  return {
    get dir() {
      return dir;
    },
    track(store) {
      opened.push(store);
      return store;
    },
    closeAll,
  };
}

/** One store with the app's migrations (`app.sqlite`) in a temp folder per test. */
export function useAppStorePerTest(prefix: string): { open(): Store } {
  const folder = useStoreFolderPerTest(prefix);
  return {
    open: () => folder.track(openDatabase(join(folder.dir, 'app.sqlite'), { migrations: APP_MIGRATIONS })),
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

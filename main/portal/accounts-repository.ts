/**
 * Rows of `accounts` and the `current_account` pointer (migration 2 'portal accounts').
 * Plain data access; the rules live in AccountsService.
 */
import type { Store } from '../store/database';

export interface PortalAccount {
  /** Random (UUID), never derived from the user name or the site. */
  id: string;
  /** The portal's base URL (canonical: scheme, lower-case host, path, no trailing slash). */
  siteUrl: string;
  siteName: string;
  /** Moodle's user id on that site: with siteUrl the account's identity. */
  userId: number;
  username: string;
  fullName: string;
  /** Moodle's language for the user, e.g. "de" or "de_du". */
  lang: string;
  /** Epoch milliseconds. */
  createdAt: number;
  lastUsedAt: number;
  /** The portal rejected the token (invalidtoken): cached data stays, the user signs in again. */
  needsReauth: boolean;
}

interface AccountRow {
  id: string;
  site_url: string;
  site_name: string;
  user_id: number;
  username: string;
  full_name: string;
  lang: string;
  created_at: number;
  last_used_at: number;
  needs_reauth: number;
}

const COLUMNS = 'id, site_url, site_name, user_id, username, full_name, lang, created_at, last_used_at, needs_reauth';

function fromRow(row: AccountRow): PortalAccount {
  return {
    id: row.id,
    siteUrl: row.site_url,
    siteName: row.site_name,
    userId: row.user_id,
    username: row.username,
    fullName: row.full_name,
    lang: row.lang,
    createdAt: row.created_at,
    lastUsedAt: row.last_used_at,
    needsReauth: row.needs_reauth === 1,
  };
}

export class AccountRepository {
  readonly #store: Store;

  constructor(store: Store) {
    this.#store = store;
  }

  /** Most recently used first; sealed placeholders (shared devices) are no one's account to show. */
  list(): PortalAccount[] {
    return this.#store.all<AccountRow>(`SELECT ${COLUMNS} FROM accounts WHERE sealed_handle IS NULL ORDER BY last_used_at DESC, created_at DESC, id`).map(fromRow);
  }

  /** Ids of the sealed placeholders (accounts that logged out on a shared device and left unsent work). */
  sealedIds(): string[] {
    return this.#store.all<{ id: string }>('SELECT id FROM accounts WHERE sealed_handle IS NOT NULL ORDER BY id').map((row) => row.id);
  }

  findSealed(handle: string): PortalAccount | null {
    const row = this.#store.get<AccountRow>(`SELECT ${COLUMNS} FROM accounts WHERE sealed_handle = ?`, handle);
    return row ? fromRow(row) : null;
  }

  /**
   * Turns the row into a placeholder: only the id (drafts and keys hang on it), the portal address
   * and the handle stay. The user id becomes a random negative number (UNIQUE (site_url, user_id)).
   */
  seal(id: string, handle: string, placeholderUserId: number): void {
    this.#store.run(
      "UPDATE accounts SET site_name = '', username = '', full_name = '', lang = '', user_id = ?, needs_reauth = 0, sealed_handle = ? WHERE id = ?",
      placeholderUserId,
      handle,
      id,
    );
  }

  /** The student of a placeholder signed in again: the row is theirs again, with the fresh profile. */
  unseal(account: PortalAccount): void {
    this.#store.run(
      'UPDATE accounts SET site_name = ?, user_id = ?, username = ?, full_name = ?, lang = ?, last_used_at = ?, needs_reauth = ?, sealed_handle = NULL WHERE id = ?',
      account.siteName,
      account.userId,
      account.username,
      account.fullName,
      account.lang,
      account.lastUsedAt,
      account.needsReauth ? 1 : 0,
      account.id,
    );
  }

  get(id: string): PortalAccount | null {
    const row = this.#store.get<AccountRow>(`SELECT ${COLUMNS} FROM accounts WHERE id = ?`, id);
    return row ? fromRow(row) : null;
  }

  findBySiteAndUser(siteUrl: string, userId: number): PortalAccount | null {
    const row = this.#store.get<AccountRow>(`SELECT ${COLUMNS} FROM accounts WHERE site_url = ? AND user_id = ?`, siteUrl, userId);
    return row ? fromRow(row) : null;
  }

  insert(account: PortalAccount): void {
    this.#store.run(
      `INSERT INTO accounts (${COLUMNS}) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`,
      account.id,
      account.siteUrl,
      account.siteName,
      account.userId,
      account.username,
      account.fullName,
      account.lang,
      account.createdAt,
      account.lastUsedAt,
      account.needsReauth ? 1 : 0,
    );
  }

  /** Everything but id, site, user id and createdAt, which make the account what it is. */
  update(account: PortalAccount): void {
    this.#store.run(
      'UPDATE accounts SET site_name = ?, username = ?, full_name = ?, lang = ?, last_used_at = ?, needs_reauth = ? WHERE id = ?',
      account.siteName,
      account.username,
      account.fullName,
      account.lang,
      account.lastUsedAt,
      account.needsReauth ? 1 : 0,
      account.id,
    );
  }

  setNeedsReauth(id: string, needsReauth: boolean): void {
    this.#store.run('UPDATE accounts SET needs_reauth = ? WHERE id = ?', needsReauth ? 1 : 0, id);
  }

  setLastUsed(id: string, at: number): void {
    this.#store.run('UPDATE accounts SET last_used_at = ? WHERE id = ?', at, id);
  }

  /** Deletes the row; ON DELETE CASCADE removes the account's data and the current pointer. */
  delete(id: string): void {
    this.#store.run('DELETE FROM accounts WHERE id = ?', id);
  }

  currentId(): string | null {
    return this.#store.get<{ account_id: string }>('SELECT account_id FROM current_account WHERE slot = 1')?.account_id ?? null;
  }

  setCurrentId(id: string | null): void {
    if (id === null) this.#store.run('DELETE FROM current_account');
    else this.#store.run('INSERT INTO current_account (slot, account_id) VALUES (1, ?) ON CONFLICT (slot) DO UPDATE SET account_id = excluded.account_id', id);
  }
}

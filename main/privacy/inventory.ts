/**
 * "Was speichert SchulDesk auf diesem Gerät?" — computed, not listed by hand: every table with an
 * `account_id` column is counted per account (rows, approximate bytes, oldest/newest time), every
 * data folder with a sub-folder named after the account is measured, plus the profile and the
 * sign-in secret. A table added later shows up without a change here.
 */
import { existsSync, readdirSync, statSync } from 'node:fs';
import { join } from 'node:path';
import type { PrivacyAccountView, PrivacyDataItem } from '../../preload/contract/privacy';
import type { PortalAccount } from '../portal/accounts-repository';
import type { Store } from '../store/database';
import type { SecretVault } from '../vault/secret-vault';
import { damagedCopies } from '../store/damaged-copies';
import { folderUsage } from '../store/disk-usage';
import { TIME_COLUMNS } from './data-kinds';

/** Tables with an account_id that are not an account's data items of their own. */
const HANDLED_ELSEWHERE = new Set(['secrets']);
/** Folders in the data folder that never hold account data. */
export const DEVICE_FOLDERS = new Set(['logs']);

export interface TableInfo {
  name: string;
  columns: string[];
}

export function quoteIdent(name: string): string {
  return `"${name.replace(/"/g, '""')}"`;
}

/** Every table with an account_id column (the secrets table excluded: it is the "secret" item). */
export function accountScopedTables(store: Store): TableInfo[] {
  return store
    .all<{ name: string }>("SELECT name FROM sqlite_schema WHERE type = 'table' AND name NOT LIKE 'sqlite\\_%' ESCAPE '\\' ORDER BY name")
    .map((row) => ({ name: row.name, columns: store.all<{ name: string }>(`PRAGMA table_info(${quoteIdent(row.name)})`).map((column) => column.name) }))
    .filter((table) => table.columns.includes('account_id') && table.name !== 'accounts' && !HANDLED_ELSEWHERE.has(table.name));
}

function timeColumn(table: TableInfo): string | null {
  return TIME_COLUMNS.find((column) => table.columns.includes(column)) ?? null;
}

/** Byte length of every value of the row, as stored (text in UTF-8, blobs as they are). */
function rowBytesExpression(table: TableInfo): string {
  return table.columns.map((column) => `COALESCE(length(CAST(${quoteIdent(column)} AS BLOB)), 0)`).join(' + ');
}

export function tableItem(store: Store, table: TableInfo, accountId: string): PrivacyDataItem {
  const time = timeColumn(table);
  // "Oldest" by when a row was made where the table records it, "newest" by its last change.
  const created = table.columns.includes('created_at') ? 'created_at' : time;
  const row = store.get<{ n: number; bytes: number | null; oldest: number | null; newest: number | null }>(
    `SELECT COUNT(*) AS n, SUM(${rowBytesExpression(table)}) AS bytes, ${created ? `MIN(${quoteIdent(created)})` : 'NULL'} AS oldest, ${time ? `MAX(${quoteIdent(time)})` : 'NULL'} AS newest FROM ${quoteIdent(table.name)} WHERE account_id = ?`,
    accountId,
  );
  return {
    id: table.name,
    kind: 'table',
    count: Number(row?.n ?? 0),
    bytes: Number(row?.bytes ?? 0),
    oldestAt: row?.oldest ?? null,
    newestAt: row?.newest ?? null,
    detail: null,
  };
}

/** Folders <dataDir>/<folder>/<accountId>/ that exist for this account. */
export function accountFolders(dataDir: string, accountId: string): { folder: string; path: string }[] {
  let names: string[];
  try {
    names = readdirSync(dataDir);
  } catch {
    return [];
  }
  return names
    .sort()
    .filter((name) => !DEVICE_FOLDERS.has(name))
    .map((folder) => ({ folder, path: join(dataDir, folder, accountId) }))
    .filter(({ path }) => existsSync(path) && statSync(path).isDirectory());
}

function secretItem(store: Store, vault: SecretVault, accountId: string): PrivacyDataItem {
  const state = vault.inspect(accountId);
  const row = store.get<{ bytes: number; written_at: number }>('SELECT length(ciphertext) AS bytes, written_at FROM secrets WHERE account_id = ?', accountId);
  const present = state !== 'absent';
  const detail: PrivacyDataItem['detail'] = !present ? 'secret-absent' : row ? 'secret-stored' : 'secret-memory-only';
  return {
    id: 'secret',
    kind: 'secret',
    count: present ? 1 : 0,
    bytes: row?.bytes ?? 0,
    oldestAt: row?.written_at ?? null,
    newestAt: row?.written_at ?? null,
    detail,
  };
}

/**
 * Damaged copies of the store the salvage kept for IT (main/store/damaged-copies.ts): a device item,
 * since each holds data of every account that used the device. Null when there is none.
 */
export function damagedStoreItem(store: Store): PrivacyDataItem | null {
  const copies = damagedCopies(store.filePath);
  if (copies.length === 0) return null;
  return {
    id: 'damaged-store',
    kind: 'device',
    count: copies.length,
    bytes: copies.reduce((sum, copy) => sum + copy.bytes, 0),
    oldestAt: Math.min(...copies.map((copy) => copy.setAsideAt)),
    newestAt: Math.max(...copies.map((copy) => copy.setAsideAt)),
    detail: null,
  };
}

export interface InventoryDeps {
  store: Store;
  vault: SecretVault;
  dataDir: string;
}

/** Unsent work as the outbox sees it: drafts not sent, and send jobs not done. */
export function unsentWork(store: Store, accountId: string): { count: number; titles: string[] } {
  const drafts = store.all<{ id: string; title: string }>(
    "SELECT id, title FROM drafts WHERE account_id = ? AND (state != 'sent' OR id IN (SELECT draft_id FROM outbox WHERE account_id = ? AND status != 'done')) ORDER BY updated_at",
    accountId,
    accountId,
  );
  return { count: drafts.length, titles: drafts.map((draft) => draft.title) };
}

export function accountInventory(deps: InventoryDeps, account: PortalAccount, isCurrent: boolean): PrivacyAccountView {
  const profile: PrivacyDataItem = {
    id: 'profile',
    kind: 'profile',
    count: 1,
    bytes: Buffer.byteLength(JSON.stringify({ ...account, id: undefined })),
    oldestAt: account.createdAt,
    newestAt: account.lastUsedAt,
    detail: null,
  };
  const tables = accountScopedTables(deps.store).map((table) => tableItem(deps.store, table, account.id));
  const folders = accountFolders(deps.dataDir, account.id).map(({ folder, path }): PrivacyDataItem => {
    const usage = folderUsage(path);
    return {
      id: `files:${folder}`,
      kind: 'files',
      count: usage.files,
      bytes: usage.bytes,
      oldestAt: usage.oldestAt === null ? null : Math.round(usage.oldestAt),
      newestAt: usage.newestAt === null ? null : Math.round(usage.newestAt),
      detail: null,
    };
  });
  const items = [profile, secretItem(deps.store, deps.vault, account.id), ...tables, ...folders];
  return {
    accountId: account.id,
    siteName: account.siteName,
    siteUrl: account.siteUrl,
    fullName: account.fullName,
    username: account.username,
    isCurrent,
    items,
    totalBytes: items.reduce((sum, item) => sum + item.bytes, 0),
    unsentCount: unsentWork(deps.store, account.id).count,
  };
}

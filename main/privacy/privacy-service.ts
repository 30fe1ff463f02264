/**
 * The privacy centre (GDPR Art. 15 and 17): what is stored per account (inventory.ts), an export
 * of one account's data as JSON (never the token; encrypted blobs only as their size), and
 * deleting everything of one account — rows (AccountsService.remove cascades), the secret, and
 * the account's folders on disk. Unsent work is not deleted without an explicit confirmation.
 * Damaged copies of the store kept for IT (main/store/damaged-copies.ts) hold this account's data
 * among others': the overview lists them as a device item, the export says they exist, and
 * deleting an account's data erases them.
 */
import { rmSync } from 'node:fs';
import { homedir } from 'node:os';
import type { DeleteAccountDataResult, PrivacyExport, PrivacyOverview } from '../../preload/contract/privacy';
import { LOGS_FOLDER } from '../log/file-log';
import { scrub } from '../log/scrub';
import { folderUsage } from '../store/disk-usage';
import type { AccountsService } from '../portal/accounts';
import type { Store } from '../store/database';
import { damagedCopies, eraseDamagedCopies } from '../store/damaged-copies';
import { eraseSecurely } from '../store/erase';
import type { SecretVault } from '../vault/secret-vault';
import { SECRET_COLUMNS } from './data-kinds';
import { accountFolders, accountInventory, accountScopedTables, damagedStoreItem, quoteIdent, unsentWork } from './inventory';
import { join } from 'node:path';

export interface PrivacyServiceDeps {
  store: Store;
  vault: SecretVault;
  accounts: AccountsService;
  dataDir: string;
  now: () => number;
  appVersion: string;
  homeDir?: string;
}

export const EXPORT_FORMAT = 'schuldesk-privacy-export';

function exportValue(column: string, value: unknown): unknown {
  if (value instanceof Uint8Array) return { encrypted: SECRET_COLUMNS.has(column), bytes: value.byteLength };
  if (typeof value === 'string' && column.endsWith('_json')) {
    try {
      return JSON.parse(value);
    } catch {
      return value;
    }
  }
  return value;
}

function safeFileNamePart(text: string): string {
  return text.normalize('NFKD').replace(/[^A-Za-z0-9]+/g, '-').replace(/^-|-$/g, '').slice(0, 40) || 'konto';
}

export class PrivacyService {
  readonly #deps: PrivacyServiceDeps;

  constructor(deps: PrivacyServiceDeps) {
    this.#deps = deps;
  }

  overview(): PrivacyOverview {
    const { store, accounts, dataDir } = this.#deps;
    const current = accounts.current()?.id ?? null;
    const settings = store.get<{ n: number; bytes: number | null; oldest: number | null; newest: number | null }>(
      'SELECT COUNT(*) AS n, SUM(length(key) + length(value_json)) AS bytes, MIN(updated_at) AS oldest, MAX(updated_at) AS newest FROM settings',
    );
    const logs = folderUsage(join(dataDir, LOGS_FOLDER));
    const damaged = damagedStoreItem(store);
    return {
      accounts: accounts.list().map((account) => accountInventory(this.#deps, account, account.id === current)),
      device: [
        {
          id: 'settings',
          kind: 'device',
          count: Number(settings?.n ?? 0),
          bytes: Number(settings?.bytes ?? 0),
          oldestAt: settings?.oldest ?? null,
          newestAt: settings?.newest ?? null,
          detail: null,
        },
        {
          id: 'logs',
          kind: 'device',
          count: logs.files,
          bytes: logs.bytes,
          oldestAt: logs.oldestAt === null ? null : Math.round(logs.oldestAt),
          newestAt: logs.newestAt === null ? null : Math.round(logs.newestAt),
          detail: null,
        },
        ...(damaged ? [damaged] : []),
      ],
      dataDir: scrub(dataDir, this.#deps.homeDir ?? homedir()),
    };
  }

  /** The account's data as a JSON document: profile, every account-scoped table, file list. */
  export(accountId: string): PrivacyExport {
    const { store, accounts, vault, dataDir, now } = this.#deps;
    const account = accounts.require(accountId);
    const tables: Record<string, Record<string, unknown>[]> = {};
    for (const table of accountScopedTables(store)) {
      const rows = store.all<Record<string, unknown>>(`SELECT * FROM ${quoteIdent(table.name)} WHERE account_id = ?`, accountId);
      tables[table.name] = rows.map((row) => Object.fromEntries(Object.entries(row).map(([column, value]) => [column, exportValue(column, value)])));
    }
    const files = accountFolders(dataDir, accountId).map(({ folder, path }) => ({ folder, ...folderUsage(path) }));
    const secretState = vault.inspect(accountId);
    const document = {
      format: EXPORT_FORMAT,
      version: 1,
      exportedAt: new Date(now()).toISOString(),
      app: { name: 'SchulDesk', version: this.#deps.appVersion },
      account: { ...account },
      // Never the token itself: only whether one is stored and how.
      signIn: { stored: secretState !== 'absent', keptIn: vault.persistence === 'os-keyring' ? 'system-keyring' : 'memory' },
      tables,
      files,
      // Not this account's alone: damaged copies of the whole store, kept for IT (data of every account on the device).
      damagedStoreCopies: damagedCopies(store.filePath).map((copy) => ({ setAsideAt: new Date(copy.setAsideAt).toISOString(), bytes: copy.bytes })),
    };
    const date = new Date(now()).toISOString().slice(0, 10);
    return { fileName: `SchulDesk-Daten-${safeFileNamePart(account.siteName)}-${date}.json`, json: JSON.stringify(document, null, 2) };
  }

  /** Deletes everything of the account; with unsent work only when `confirmUnsent`. */
  deleteAccountData(accountId: string, options: { confirmUnsent: boolean }): DeleteAccountDataResult {
    const { store, accounts, dataDir } = this.#deps;
    accounts.require(accountId);
    const unsent = unsentWork(store, accountId);
    if (unsent.count > 0 && !options.confirmUnsent) {
      return {
        status: 'needs-confirmation',
        unsentCount: unsent.count,
        unsentTitles: unsent.titles,
      };
    }
    const removedRows = accountScopedTables(store).reduce(
      (sum, table) => sum + Number(store.get<{ n: number }>(`SELECT COUNT(*) AS n FROM ${quoteIdent(table.name)} WHERE account_id = ?`, accountId)?.n ?? 0),
      1,
    );
    const folders = accountFolders(dataDir, accountId);
    // Deleted rows must not linger in free pages or the WAL.
    eraseSecurely(store, () => accounts.remove(accountId));
    let removedFiles = 0;
    for (const { path } of folders) {
      removedFiles += folderUsage(path).files;
      rmSync(path, { recursive: true, force: true });
    }
    // They hold this account's data too (and others'): no copy of it stays for IT.
    const copiesBefore = damagedCopies(store.filePath).length;
    if (copiesBefore > 0) eraseDamagedCopies(store.filePath);
    const removedDamagedCopies = copiesBefore - damagedCopies(store.filePath).length;
    return { status: 'deleted', removedRows, removedFiles, removedDamagedCopies };
  }
}

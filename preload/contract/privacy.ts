/**
 * API contract, feature part: the privacy centre (main/privacy/): what SchulDesk holds per account,
 * export, deletion. Merged into ApiMethods by preload/api.ts; main binds it in main/api/privacy.ts.
 * No events. Runtime-import free (compiled into main, preload and renderer alike).
 */

/**
 * One kind of data SchulDesk holds locally for an account (privacy centre, GDPR Art. 15). The
 * renderer names it by `kind` and `id` (it.privacy.kinds / tables / folders).
 */
export interface PrivacyDataItem {
  /** 'profile', 'secret', a table name, 'files:<folder>', or for the device 'settings' / 'logs' / 'damaged-store' (only when one is kept). */
  id: string;
  kind: 'profile' | 'secret' | 'table' | 'files' | 'device';
  count: number;
  bytes: number;
  /** Epoch milliseconds of the oldest and newest entry, when the data has times. */
  oldestAt: number | null;
  newestAt: number | null;
  /** Where the sign-in secret is kept (kind 'secret'); null for the others. */
  detail: 'secret-stored' | 'secret-memory-only' | 'secret-absent' | null;
}

export interface PrivacyAccountView {
  accountId: string;
  siteName: string;
  siteUrl: string;
  fullName: string;
  username: string;
  isCurrent: boolean;
  items: PrivacyDataItem[];
  totalBytes: number;
  /** Drafts not yet sent and outbox items not yet done. */
  unsentCount: number;
}

export interface PrivacyOverview {
  accounts: PrivacyAccountView[];
  /** Data that belongs to the device, not to one account (settings, logs). */
  device: PrivacyDataItem[];
  /** The data folder, with the home folder shown as ~. */
  dataDir: string;
}

export interface PrivacyExport {
  fileName: string;
  /** The account's data as JSON (never the token). */
  json: string;
}

/** Desktop app: the file was saved through the native dialog (only its name, never its folder). */
export interface SaveFileView {
  saved: boolean;
  fileName: string | null;
}

export type DeleteAccountDataResult =
  /** removedDamagedCopies: damaged copies of the store kept for IT, erased too (they hold this account's data among others'). */
  | { status: 'deleted'; removedRows: number; removedFiles: number; removedDamagedCopies: number }
  /** Unsent work exists: the UI asks, then calls again with confirmUnsent. */
  | { status: 'needs-confirmation'; unsentCount: number; unsentTitles: string[] };

export interface PrivacyMethods {
  /** "Was speichert SchulDesk auf diesem Gerät?" – per account, every kind of local data. */
  'privacy.overview': { args: []; result: PrivacyOverview };
  'privacy.export': { args: [accountId: string]; result: PrivacyExport };
  /** Desktop app only: saves the export through the native "Save as" dialog (the browser shell downloads privacy.export). */
  'privacy.saveExport': { args: [accountId: string]; result: SaveFileView };
  /** Deletes everything of one account; asks first (needs-confirmation) when unsent work exists. */
  'privacy.deleteAccountData': { args: [accountId: string, options: { confirmUnsent: boolean }]; result: DeleteAccountDataResult };
}

export const PRIVACY_METHOD_NAMES = ['privacy.overview', 'privacy.export', 'privacy.saveExport', 'privacy.deleteAccountData'] as const satisfies readonly (keyof PrivacyMethods)[];

/**
 * API contract, feature part: Diagnostics, privacy centre, updates.
 * Merged into ApiMethods/ApiEvents by preload/api.ts; main binds it in main/api/it.ts.
 * Runtime-import free (compiled into main, preload and renderer alike).
 */
import type { ErrorInfo } from './errors';

/** Why SchulDesk updates the way it does (main/updates/decision.ts); the renderer words it (it.updateReason.<code>). */
export type UpdateReason = 'policy-off' | 'development' | 'install-mismatch' | 'unsigned' | 'no-feed' | 'insecure-feed' | 'managed-install' | 'notify-only' | 'self-update';

/** idle: not started or nothing to do; up-to-date / available / downloaded after a check. */
export type UpdateStateView = 'idle' | 'checking' | 'up-to-date' | 'available' | 'downloading' | 'downloaded' | 'error';

export interface UpdateStatusView {
  /** From policy updateMode. */
  mode: 'auto' | 'notify' | 'off';
  channel: 'latest' | 'beta';
  /** msi/pkg/deb per machine, nsis/dmg/appimage per user, dev unpackaged; null in the browser shell. */
  installKind: 'msi' | 'pkg' | 'deb' | 'nsis' | 'dmg' | 'appimage' | 'dev' | null;
  /** What SchulDesk does: checks, downloads, installs itself (auto) or only reports (notify). */
  check: boolean;
  install: 'auto' | 'notify' | 'never';
  /** Update server in use (no credentials, policy URLs cannot carry any); null when none. */
  feedUrl: string | null;
  reason: UpdateReason;
  state: UpdateStateView;
  currentVersion: string;
  /** Set once a newer version is known. */
  availableVersion: string | null;
  /** Epoch milliseconds of the last completed check. */
  checkedAt: number | null;
  /** Why the last check failed (a catalog code; never a URL with secrets). */
  error: ErrorInfo | null;
}

/** How a diagnostics line is marked: a check that passed, a warning, a failure, or plain information. */
export type DiagnosticsLevel = 'ok' | 'warn' | 'error' | 'info';

export interface DiagnosticsEntry {
  label: string;
  value: string;
  level: DiagnosticsLevel;
}

export interface DiagnosticsSection {
  id: string;
  title: string;
  entries: DiagnosticsEntry[];
}

/** The diagnostics report for IT (no personal data, no tokens); `text` is what "Kopieren" copies. */
export interface DiagnosticsView {
  generatedAt: number;
  sections: DiagnosticsSection[];
  text: string;
}

/**
 * One kind of data SchulDesk holds locally for an account (privacy centre, GDPR Art. 15). The
 * renderer names it by `kind` and `id` (it.privacy.kinds / tables / folders).
 */
export interface PrivacyDataItem {
  /** 'profile', 'secret', a table name, 'files:<folder>', or for the device 'settings' / 'logs'. */
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
  | { status: 'deleted'; removedRows: number; removedFiles: number }
  /** Unsent work exists: the UI asks, then calls again with confirmUnsent. */
  | { status: 'needs-confirmation'; unsentCount: number; unsentTitles: string[] };

export interface ItMethods {
  /** How this copy is updated and what the last check found (diagnostics, Einstellungen). */
  'it.updateStatus': { args: []; result: UpdateStatusView };
  /** The diagnostics report (checks portals, BBB hosts and the update server; takes a few seconds). */
  'it.diagnostics': { args: []; result: DiagnosticsView };
  /** "Was speichert SchulDesk auf diesem Gerät?" – per account, every kind of local data. */
  'privacy.overview': { args: []; result: PrivacyOverview };
  'privacy.export': { args: [accountId: string]; result: PrivacyExport };
  /** Desktop app only: saves the export through the native "Save as" dialog (the browser shell downloads privacy.export). */
  'privacy.saveExport': { args: [accountId: string]; result: SaveFileView };
  /** Desktop app only: saves the last diagnostics report (or a fresh one) through the native dialog. */
  'it.saveDiagnostics': { args: []; result: SaveFileView };
  /** Deletes everything of one account; asks first (needs-confirmation) when unsent work exists. */
  'privacy.deleteAccountData': { args: [accountId: string, options: { confirmUnsent: boolean }]; result: DeleteAccountDataResult };
}

export interface ItEvents {
  /** The updater's status changed (a check started or ended, a new version became known). */
  'it.updateStatusChanged': UpdateStatusView;
}

export const IT_METHOD_NAMES = ['it.updateStatus', 'it.diagnostics', 'privacy.overview', 'privacy.export', 'privacy.saveExport', 'it.saveDiagnostics', 'privacy.deleteAccountData'] as const satisfies readonly (keyof ItMethods)[];
export const IT_EVENT_NAMES = ['it.updateStatusChanged'] as const satisfies readonly (keyof ItEvents)[];

/**
 * API contract, feature part: Diagnostics, privacy centre, updates (issue 5).
 * Merged into ApiMethods/ApiEvents by preload/api.ts; main binds it in main/api/it.ts.
 * Runtime-import free (compiled into main, preload and renderer alike).
 */

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
  /** Machine-readable reason and its German and English text. */
  reason: string;
  reasonText: { de: string; en: string };
  state: UpdateStateView;
  currentVersion: string;
  /** Set once a newer version is known. */
  availableVersion: string | null;
  /** Epoch milliseconds of the last completed check. */
  checkedAt: number | null;
  /** Short German error text of the last failed check, never a URL with secrets. */
  error: string | null;
}

export interface ItMethods {
  /** How this copy is updated and what the last check found (diagnostics, Einstellungen). */
  'it.updateStatus': { args: []; result: UpdateStatusView };
}

// eslint-disable-next-line @typescript-eslint/no-empty-object-type -- filled in by the feature's issue
export interface ItEvents {}

export const IT_METHOD_NAMES = ['it.updateStatus'] as const satisfies readonly (keyof ItMethods)[];
export const IT_EVENT_NAMES = [] as const satisfies readonly (keyof ItEvents)[];

/**
 * API contract, feature part: how this copy is updated (main/updates/). The method and event keep
 * their `it.` names (the wire contract). Merged into ApiMethods/ApiEvents by preload/api.ts; main
 * binds it in main/api/updates.ts. Runtime-import free (compiled into main, preload and renderer alike).
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

export interface UpdatesMethods {
  /** How this copy is updated and what the last check found (diagnostics, Einstellungen). */
  'it.updateStatus': { args: []; result: UpdateStatusView };
}

export interface UpdatesEvents {
  /** The updater's status changed (a check started or ended, a new version became known). */
  'it.updateStatusChanged': UpdateStatusView;
}

export const UPDATES_METHOD_NAMES = ['it.updateStatus'] as const satisfies readonly (keyof UpdatesMethods)[];
export const UPDATES_EVENT_NAMES = ['it.updateStatusChanged'] as const satisfies readonly (keyof UpdatesEvents)[];

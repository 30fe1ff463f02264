/**
 * API contract, feature part: the background sync (main/sync/): its status, "Jetzt synchronisieren"
 * and the in-app deadline reminders. Merged into ApiMethods/ApiEvents by preload/api.ts; main binds it
 * in main/api/sync.ts. Runtime-import free (compiled into main, preload and renderer alike).
 */
import type { ErrorInfo } from './errors';

/** idle · running · failed (will retry) · needs-sign-in · offline (portal not reachable, will retry). */
export type SyncStateName = 'idle' | 'running' | 'failed' | 'needs-sign-in' | 'offline';

export interface SyncStatusView {
  state: SyncStateName;
  /** Epoch ms: everything shown is at least this fresh ("Stand: <Zeit>"); null = never fully synced. */
  lastSuccessAt: number | null;
  /** Epoch ms of the next planned background sync, null if none. */
  nextRunAt: number | null;
  /** Last failure: its catalog code (no request address or transport detail); the renderer translates it. */
  error?: ErrorInfo;
}

/** A deadline reminder shown in the app (no system notifications): facts only, the renderer words them. */
export interface InAppReminderView {
  assignId: number;
  /** The assignment's name. */
  title: string;
  dueAt: number;
  /** How long before the due date it fires (24 h, 1 h). */
  leadMs: number;
}

export interface SyncMethods {
  'sync.status': { args: []; result: SyncStatusView };
  /** "Jetzt synchronisieren": resolves when the run (or the one queued behind the current run) is done. */
  'sync.now': { args: []; result: SyncStatusView };
  /** Deadline reminders shown in the app since start (browser shell: no system notifications). */
  'sync.reminders': { args: []; result: InAppReminderView[] };
}

export interface SyncEvents {
  'sync.status': SyncStatusView;
  /** A deadline reminder, when the shell has no system notifications (browser shell): shown in the app. */
  'sync.reminder': InAppReminderView;
}

export const SYNC_METHOD_NAMES = ['sync.status', 'sync.now', 'sync.reminders'] as const satisfies readonly (keyof SyncMethods)[];
export const SYNC_EVENT_NAMES = ['sync.status', 'sync.reminder'] as const satisfies readonly (keyof SyncEvents)[];

/**
 * API contract, feature part: Sync, assignments, drafts and the outbox.
 * Merged into ApiMethods/ApiEvents by preload/api.ts; main binds it in main/api/offline.ts.
 * Runtime-import free (compiled into main, preload and renderer alike).
 *
 * Owners: `drafts.*`, `outbox.*`, `device.*` — offline-outbox; `sync.*`, `assignments.*` — offline-sync.
 * Drafts and the outbox always act on the CURRENT account (no account id from the renderer).
 */
import type { ErrorInfo } from './errors';

/** saved = "Auf diesem Gerät gespeichert" · sending · sent · conflict · error ("Fehler: …"). */
export type DraftState = 'saved' | 'sending' | 'sent' | 'conflict' | 'error';

export interface DraftFileView {
  id: string;
  name: string;
  size: number;
  mimetype: string;
}

export interface AssignmentLimitsView {
  onlineTextEnabled: boolean;
  wordLimit: number;
  fileEnabled: boolean;
  maxFiles: number;
  maxBytes: number;
  fileTypes: string[];
  requireSubmissionStatement: boolean;
  submissionStatement: string;
}

export interface DraftView {
  id: string;
  assignId: number;
  courseId: number;
  title: string;
  /** Sanitised HTML (p, br, strong, em, ul, ol, li). Empty while `locked`. */
  textHtml: string;
  files: DraftFileView[];
  version: number;
  state: DraftState;
  /** Why the state is 'error': a catalog code and its parameters (the renderer translates). */
  error: ErrorInfo | null;
  /** Shared device: sealed and the student's PIN not entered yet. */
  locked: boolean;
  /** Shared device and no PIN set or entered: saving needs `device.unlock` first. */
  needsPin: boolean;
  updatedAt: number;
  limits: AssignmentLimitsView | null;
  /** What would stop sending (catalog codes with parameters), checked against `limits`. */
  problems: ErrorInfo[];
}

export interface DraftVersionView {
  version: number;
  savedAt: number;
  textHtml: string;
  fileNames: string[];
}

export interface ConflictView {
  draftId: string;
  mineHtml: string;
  mineFiles: string[];
  serverHtml: string;
  serverFiles: string[];
  serverStatus: string | null;
  /** Epoch ms of the server copy's last change. */
  serverModifiedAt: number | null;
}

export type OutboxItemState = 'pending' | 'waiting' | 'failed' | 'conflict' | 'sent';

export interface OutboxItemView {
  id: string;
  draftId: string;
  assignId: number;
  title: string;
  handin: boolean;
  state: OutboxItemState;
  /** The durable step: pending · uploading · uploaded · saving · saved · submitting · done. */
  step: string;
  attempts: number;
  /** Why the last attempt failed (older stored text comes back as code `legacy-text`). */
  lastError: ErrorInfo | null;
  nextAttemptAt: number | null;
  updatedAt: number;
}

/** What a logout removes from this device; the renderer words it (portal.accounts.logoutPreview.deletes). */
export type LogoutDeletion = 'sign-in' | 'account-name' | 'cached-content' | 'cached-files' | 'sent-drafts';

export interface LogoutPreview {
  sharedDevice: boolean;
  /** Unsent work that stays (encrypted on shared devices) after logout. */
  unsentItems: { draftId: string; title: string; updatedAt: number }[];
  /** What logout removes from this device. */
  willDelete: LogoutDeletion[];
}

export interface DeviceStatus {
  sharedDevice: boolean;
  pinSet: boolean;
  unlocked: boolean;
  minPinLength: number;
  idleLogoutMinutes: number;
}

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

/** new · draft · submitted · reopened … as Moodle reports; 'unknown' before the status was synced. */
export interface AssignmentSummaryView {
  assignId: number;
  cmid: number;
  courseId: number;
  courseName: string | null;
  title: string;
  /** Epoch ms; 0 = no due date. */
  dueAt: number;
  cutoffAt: number;
  status: string;
  grade: string | null;
  /** A local draft exists for it (not sent yet, or sent). */
  hasDraft: boolean;
  syncedAt: number;
}

export interface AssignmentDetailView extends AssignmentSummaryView {
  /** Sanitised in main (p, br, strong, em, ul, ol, li). */
  descriptionHtml: string;
  feedbackHtml: string | null;
  /**
   * Attachments of the task as the portal lists them. `fileRef` opens one through content.openFile
   * (null if the portal gave no address); `cached`: prefetched, opens offline.
   */
  files: { name: string; size: number; mimetype: string; fileRef: string | null; cached: boolean }[];
  limits: AssignmentLimitsView;
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

export interface OfflineMethods {
  'drafts.list': { args: []; result: DraftView[] };
  'drafts.open': { args: [assignId: number, hint?: { courseId: number; title: string }]; result: DraftView };
  'drafts.saveText': { args: [draftId: string, html: string, expectedVersion?: number]; result: DraftView };
  'drafts.addFile': { args: [draftId: string, file: { name: string; mimetype: string; dataBase64: string }]; result: DraftView };
  'drafts.removeFile': { args: [draftId: string, fileId: string]; result: DraftView };
  'drafts.versions': { args: [draftId: string]; result: DraftVersionView[] };
  'drafts.restoreVersion': { args: [draftId: string, version: number]; result: DraftView };
  'drafts.discard': { args: [draftId: string]; result: null };
  'drafts.conflict': { args: [draftId: string]; result: ConflictView | null };
  'drafts.resolveConflict': { args: [draftId: string, choice: 'mine' | 'server' | 'merged', mergedHtml?: string]; result: DraftView };
  'outbox.send': { args: [draftId: string, options: { handin: boolean; acceptStatement: boolean }]; result: OutboxItemView };
  'outbox.list': { args: []; result: OutboxItemView[] };
  'outbox.retry': { args: [itemId: string]; result: OutboxItemView | null };
  'device.logoutPreview': { args: []; result: LogoutPreview };
  /** Shared device: is a PIN set / entered for the current account? (The editor asks for it before the first draft.) */
  'device.status': { args: []; result: DeviceStatus };
  /** Sets the PIN the first time, afterwards checks it; unlocks the account's sealed drafts. */
  'device.unlock': { args: [pin: string]; result: DraftView[] };
  'device.activity': { args: []; result: null };
  'sync.status': { args: []; result: SyncStatusView };
  /** "Jetzt synchronisieren": resolves when the run (or the one queued behind the current run) is done. */
  'sync.now': { args: []; result: SyncStatusView };
  /** From the store (works offline), current account, due date ascending. */
  'assignments.list': { args: []; result: AssignmentSummaryView[] };
  'assignments.get': { args: [assignId: number]; result: AssignmentDetailView };
  /** Deadline reminders shown in the app since start (browser shell: no system notifications). */
  'sync.reminders': { args: []; result: InAppReminderView[] };
}

export interface OfflineEvents {
  /** A draft or outbox item of the current account changed (save, send step, conflict). */
  'drafts.changed': { draftId: string };
  'sync.status': SyncStatusView;
  /** A sync changed stored assignments of the current account: reload the list. */
  'assignments.changed': { at: number };
  /** A deadline reminder, when the shell has no system notifications (browser shell): shown in the app. */
  'sync.reminder': InAppReminderView;
}

export const OFFLINE_METHOD_NAMES = [
  'drafts.list',
  'drafts.open',
  'drafts.saveText',
  'drafts.addFile',
  'drafts.removeFile',
  'drafts.versions',
  'drafts.restoreVersion',
  'drafts.discard',
  'drafts.conflict',
  'drafts.resolveConflict',
  'outbox.send',
  'outbox.list',
  'outbox.retry',
  'device.logoutPreview',
  'device.status',
  'device.unlock',
  'device.activity',
  'sync.status',
  'sync.now',
  'assignments.list',
  'assignments.get',
  'sync.reminders',
] as const satisfies readonly (keyof OfflineMethods)[];
export const OFFLINE_EVENT_NAMES = ['drafts.changed', 'sync.status', 'assignments.changed', 'sync.reminder'] as const satisfies readonly (keyof OfflineEvents)[];

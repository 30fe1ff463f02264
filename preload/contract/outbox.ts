/**
 * API contract, feature part: drafts and the outbox of submissions (main/outbox/).
 * Merged into ApiMethods/ApiEvents by preload/api.ts; main binds it in main/api/outbox.ts.
 * Runtime-import free (compiled into main, preload and renderer alike).
 * Both act on the CURRENT account (no account id from the renderer).
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
  /** 0 = no limit. */
  wordLimit: number;
  fileEnabled: boolean;
  maxFiles: number;
  /** 0 = the site's limit (unknown here). */
  maxBytes: number;
  /** Moodle's accepted types as tokens: extensions with dot (".pdf"), groups ("image", "document"), MIME types; empty = any type. */
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

export interface OutboxMethods {
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
}

export interface OutboxEvents {
  /** A draft or outbox item of the current account changed (save, send step, conflict). */
  'drafts.changed': { draftId: string };
}

export const OUTBOX_METHOD_NAMES = [
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
] as const satisfies readonly (keyof OutboxMethods)[];
export const OUTBOX_EVENT_NAMES = ['drafts.changed'] as const satisfies readonly (keyof OutboxEvents)[];

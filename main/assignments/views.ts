/**
 * What the renderer sees of the stored assignments (preload/contract/assignments.ts): the list and one
 * assignment with its description, feedback, attachments and limits. Store only (works offline);
 * course names and cached attachments come from the content feature's tables when they are there.
 */
import type { AssignmentDetailView, AssignmentSummaryView } from '../../preload/contract/assignments';
import { fileKeyOf } from '../content/files';
import { UserFacingError } from '../ipc/errors';
import { limitsFromStoredAssignment } from '../outbox/limits';
import { sanitizeDraftHtml } from '../outbox/sanitize-html';
import type { Store } from '../store/database';
import { AssignmentsRepository } from './index';
import type { AssignmentRow } from './index';

/** The content feature's course cache (may be absent or empty): names only, for grouping. */
export function storedCourseNames(store: Store, accountId: string): Map<number, string> {
  try {
    return new Map(store.all<{ course_id: number; fullname: string }>('SELECT course_id, fullname FROM content_courses WHERE account_id = ?', accountId).map((r) => [r.course_id, r.fullname]));
  } catch {
    return new Map();
  }
}

export class AssignmentViews {
  readonly #store: Store;
  readonly #repo: AssignmentsRepository;

  constructor(store: Store) {
    this.#store = store;
    this.#repo = new AssignmentsRepository(store);
  }

  /** Due date ascending (no due date last). */
  list(accountId: string): AssignmentSummaryView[] {
    const names = storedCourseNames(this.#store, accountId);
    const drafts = this.#draftAssignIds(accountId);
    return this.#repo.list(accountId).map((row) => summary(row, names, drafts));
  }

  /** `assignment-not-found` when the last sync did not store it. */
  get(accountId: string, assignId: number): AssignmentDetailView {
    const row = this.#repo.get(accountId, assignId);
    if (!row) throw new UserFacingError('assignment-not-found');
    const limits = limitsFromStoredAssignment(row);
    return {
      ...summary(row, storedCourseNames(this.#store, accountId), this.#draftAssignIds(accountId)),
      descriptionHtml: sanitizeDraftHtml(row.introHtml),
      feedbackHtml: row.status?.feedbackHtml ? sanitizeDraftHtml(row.status.feedbackHtml) : null,
      files: row.files.filter(isFile).map((f) => {
        const fileRef = typeof f.fileurl === 'string' && f.fileurl ? fileKeyOf(f.fileurl) : null;
        return { name: f.filename, size: f.filesize ?? 0, mimetype: f.mimetype ?? '', fileRef, cached: fileRef !== null && this.#isCached(accountId, fileRef) };
      }),
      limits: {
        onlineTextEnabled: limits.onlineTextEnabled, wordLimit: limits.wordLimit, fileEnabled: limits.fileEnabled,
        maxFiles: limits.maxFiles, maxBytes: limits.maxBytes, fileTypes: limits.fileTypes,
        requireSubmissionStatement: limits.requireSubmissionStatement, submissionStatement: limits.submissionStatement,
      },
    };
  }

  /** The content feature's file cache (the 'assignment-files' task prefetches attachments into it). */
  #isCached(accountId: string, fileRef: string): boolean {
    return this.#store.get<{ one: number }>('SELECT 1 AS one FROM content_files WHERE account_id = ? AND file_key = ?', accountId, fileRef) !== undefined;
  }

  #draftAssignIds(accountId: string): Set<number> {
    return new Set(this.#store.all<{ assign_id: number }>('SELECT assign_id FROM drafts WHERE account_id = ?', accountId).map((r) => r.assign_id));
  }
}

function summary(row: AssignmentRow, names: Map<number, string>, drafts: Set<number>): AssignmentSummaryView {
  return {
    assignId: row.assignId,
    cmid: row.cmid,
    courseId: row.courseId,
    courseName: names.get(row.courseId) ?? null,
    title: row.name,
    dueAt: row.dueAt,
    cutoffAt: row.cutoffAt,
    status: row.status?.status ?? 'unknown',
    grade: row.status?.grade ?? null,
    hasDraft: drafts.has(row.assignId),
    syncedAt: row.syncedAt,
  };
}

function isFile(value: unknown): value is { filename: string; filesize?: number; mimetype?: string; fileurl?: unknown } {
  return typeof value === 'object' && value !== null && typeof (value as { filename?: unknown }).filename === 'string';
}

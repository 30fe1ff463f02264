/**
 * Assignments repository (offline-sync owns it; the outbox and the UI read it).
 *
 * API (all per account; rows are what the portal last reported):
 *   new AssignmentsRepository(store)
 *   .upsertAssignment(accountId, AssignmentRecord, syncedAt)  — from mod_assign_get_assignments
 *   .upsertStatus(accountId, SubmissionStatusRecord, syncedAt) — from mod_assign_get_submission_status
 *   .list(accountId) → AssignmentRow[] (due date ascending, no-due-date last, with status)
 *   .get(accountId, assignId) → AssignmentRow | undefined
 *   .removeMissing(accountId, courseId, keepAssignIds) — assignments the portal no longer lists
 * Writes are synchronous transactions, so a sync stopped halfway (token expired) leaves whole rows.
 */
import type { Store } from '../store/database.ts';

export interface AssignmentRecord {
  assignId: number;
  cmid: number;
  courseId: number;
  name: string;
  introHtml: string;
  /** ms since epoch; 0 = none. */
  dueAt: number;
  cutoffAt: number;
  /** Plugin configs as Moodle sends them (maxfilesubmissions, maxsubmissionsizebytes, filetypeslist, wordlimit …). */
  configs: unknown[];
  /** introattachments: { filename, fileurl, filesize, mimetype }. */
  files: unknown[];
  /** submissiondrafts, requiresubmissionstatement, submissionstatement; undefined/null = not known (older row). */
  submissionDrafts?: boolean | null;
  requireStatement?: boolean | null;
  submissionStatement?: string | null;
}

export interface SubmissionStatusRecord {
  assignId: number;
  /** new | draft | submitted | reopened … */
  status: string;
  /** Server submission's timemodified (s), 0 if none. */
  timeModified: number;
  grade: string | null;
  feedbackHtml: string | null;
  raw: unknown;
}

export interface AssignmentRow extends AssignmentRecord {
  syncedAt: number;
  status: Omit<SubmissionStatusRecord, 'assignId' | 'raw'> | null;
}

interface Row {
  assign_id: number; cmid: number; course_id: number; name: string; intro_html: string;
  due_at: number; cutoff_at: number; configs_json: string; files_json: string; synced_at: number;
  submission_drafts: number | null; require_statement: number | null; submission_statement: string | null;
  status: string | null; time_modified: number | null; grade: string | null; feedback_html: string | null;
}

const SELECT = `SELECT a.*, s.status, s.time_modified, s.grade, s.feedback_html
  FROM assignments a LEFT JOIN assignment_status s ON s.account_id = a.account_id AND s.assign_id = a.assign_id
  WHERE a.account_id = ?`;

function toRow(r: Row): AssignmentRow {
  return {
    assignId: r.assign_id, cmid: r.cmid, courseId: r.course_id, name: r.name, introHtml: r.intro_html,
    dueAt: r.due_at, cutoffAt: r.cutoff_at,
    configs: JSON.parse(r.configs_json) as unknown[], files: JSON.parse(r.files_json) as unknown[],
    submissionDrafts: r.submission_drafts === null ? null : r.submission_drafts === 1,
    requireStatement: r.require_statement === null ? null : r.require_statement === 1,
    submissionStatement: r.submission_statement,
    syncedAt: r.synced_at,
    status: r.status === null ? null
      : { status: r.status, timeModified: r.time_modified ?? 0, grade: r.grade, feedbackHtml: r.feedback_html },
  };
}

const flag = (value: boolean | null | undefined): number | null => (value === undefined || value === null ? null : value ? 1 : 0);

export class AssignmentsRepository {
  readonly #store: Store;
  constructor(store: Store) {
    this.#store = store;
  }

  upsertAssignment(accountId: string, a: AssignmentRecord, syncedAt: number): void {
    this.#store.run(
      `INSERT INTO assignments (account_id, assign_id, cmid, course_id, name, intro_html, due_at, cutoff_at, configs_json, files_json, synced_at,
         submission_drafts, require_statement, submission_statement)
       VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)
       ON CONFLICT (account_id, assign_id) DO UPDATE SET cmid = excluded.cmid, course_id = excluded.course_id,
         name = excluded.name, intro_html = excluded.intro_html, due_at = excluded.due_at, cutoff_at = excluded.cutoff_at,
         configs_json = excluded.configs_json, files_json = excluded.files_json, synced_at = excluded.synced_at,
         submission_drafts = excluded.submission_drafts, require_statement = excluded.require_statement,
         submission_statement = excluded.submission_statement`,
      accountId, a.assignId, a.cmid, a.courseId, a.name, a.introHtml, a.dueAt, a.cutoffAt,
      JSON.stringify(a.configs), JSON.stringify(a.files), syncedAt,
      flag(a.submissionDrafts), flag(a.requireStatement), a.submissionStatement ?? null,
    );
  }

  upsertStatus(accountId: string, s: SubmissionStatusRecord, syncedAt: number): void {
    this.#store.run(
      `INSERT INTO assignment_status (account_id, assign_id, status, time_modified, grade, feedback_html, raw_json, synced_at)
       VALUES (?, ?, ?, ?, ?, ?, ?, ?)
       ON CONFLICT (account_id, assign_id) DO UPDATE SET status = excluded.status, time_modified = excluded.time_modified,
         grade = excluded.grade, feedback_html = excluded.feedback_html, raw_json = excluded.raw_json, synced_at = excluded.synced_at`,
      accountId, s.assignId, s.status, s.timeModified, s.grade, s.feedbackHtml, JSON.stringify(s.raw ?? null), syncedAt,
    );
  }

  /** When each assignment's submission status was last fetched (assignId → epoch ms). */
  statusSyncedAt(accountId: string): Map<number, number> {
    return new Map(
      this.#store
        .all<{ assign_id: number; synced_at: number }>('SELECT assign_id, synced_at FROM assignment_status WHERE account_id = ?', accountId)
        .map((r) => [r.assign_id, r.synced_at]),
    );
  }

  list(accountId: string): AssignmentRow[] {
    return this.#store
      .all<Row>(`${SELECT} ORDER BY a.due_at = 0, a.due_at, a.assign_id`, accountId)
      .map(toRow);
  }

  get(accountId: string, assignId: number): AssignmentRow | undefined {
    const row = this.#store.get<Row>(`${SELECT} AND a.assign_id = ?`, accountId, assignId);
    return row === undefined ? undefined : toRow(row);
  }

  removeMissing(accountId: string, courseId: number, keepAssignIds: readonly number[]): void {
    this.#store.transaction(() => {
      const keep = new Set(keepAssignIds);
      for (const { assign_id } of this.#store.all<{ assign_id: number }>(
        'SELECT assign_id FROM assignments WHERE account_id = ? AND course_id = ?', accountId, courseId)) {
        if (keep.has(assign_id)) continue;
        this.#store.run('DELETE FROM assignment_status WHERE account_id = ? AND assign_id = ?', accountId, assign_id);
        this.#store.run('DELETE FROM assignments WHERE account_id = ? AND assign_id = ?', accountId, assign_id);
      }
    });
  }
}

/**
 * API contract, feature part: the assignments as the last sync stored them (main/assignments/).
 * Merged into ApiMethods/ApiEvents by preload/api.ts; main binds it in main/api/assignments.ts.
 * Runtime-import free (compiled into main, preload and renderer alike).
 */
import type { AssignmentLimitsView } from './outbox';

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

export interface AssignmentsMethods {
  /** From the store (works offline), current account, due date ascending. */
  'assignments.list': { args: []; result: AssignmentSummaryView[] };
  'assignments.get': { args: [assignId: number]; result: AssignmentDetailView };
}

export interface AssignmentsEvents {
  /** A sync changed stored assignments of the current account: reload the list. */
  'assignments.changed': { at: number };
}

export const ASSIGNMENTS_METHOD_NAMES = ['assignments.list', 'assignments.get'] as const satisfies readonly (keyof AssignmentsMethods)[];
export const ASSIGNMENTS_EVENT_NAMES = ['assignments.changed'] as const satisfies readonly (keyof AssignmentsEvents)[];

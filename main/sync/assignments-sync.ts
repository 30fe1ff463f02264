/**
 * Assignments and their submission status into the repository, in at most two batched requests.
 * First run: mod_assign_get_assignments, then every mod_assign_get_submission_status in one batch.
 * Later runs (`since`): core_course_get_updates_since per known course rides along with the first
 * call, and a status is asked for again only where it can have changed: its activity reports an
 * update (configuration, submissions, grades, gradeitems — a hand-in from another device, a grade),
 * the assignment is new, its course's check failed, or its stored status is older than
 * STATUS_REFRESH_MS (what the updates cannot show, e.g. an extension for one student). A run with
 * nothing changed is one request (through the engine shared with the content task's).
 * Each row is written whole; a call that fails leaves that assignment's stored status as it was.
 */
import { z } from 'zod';
import type { AssignmentsRepository } from '../assignments/index.ts';
import type { MoodleClient } from '../portal/moodle-client.ts';
import { updatesSinceSchema } from '../portal/schemas.ts';
import type { SiteRef } from '../portal/site-url.ts';
import { htmlToPlainText, sanitizeDraftHtml } from '../outbox/sanitize-html.ts';
import { callBatch } from './batch.ts';
import type { BatchFn } from './run-batch.ts';
import { updatesSince } from './task.ts';

const assignmentsSchema = z.object({
  courses: z.array(z.object({
    id: z.number(),
    assignments: z.array(z.object({
      id: z.number(), cmid: z.number(), name: z.string(), intro: z.string().optional(),
      duedate: z.number().optional(), cutoffdate: z.number().optional(),
      configs: z.array(z.unknown()).optional(), introattachments: z.array(z.unknown()).optional(),
      submissiondrafts: z.union([z.number(), z.boolean()]).optional(),
      requiresubmissionstatement: z.union([z.number(), z.boolean()]).optional(),
      submissionstatement: z.string().optional(),
    })),
  })),
});

const statusSchema = z.object({
  lastattempt: z.object({ submission: z.object({ status: z.string(), timemodified: z.number() }).optional() }).optional(),
  feedback: z.object({
    gradefordisplay: z.string().optional(),
    plugins: z.array(z.object({
      type: z.string(),
      editorfields: z.array(z.object({ name: z.string(), text: z.string() })).optional(),
    })).optional(),
  }).optional(),
});

/** A status is asked for again after this long even when no update names its activity. */
export const STATUS_REFRESH_MS = 6 * 60 * 60 * 1000;

/** The update areas that can change what a student sees of their own submission. */
const STATUS_UPDATE_AREAS = ['configuration', 'submissions', 'grades', 'gradeitems'];

export interface AssignmentsSyncResult {
  assignments: number;
  /** Statuses asked for in this run. */
  statusesFetched: number;
  statusesFailed: number;
  /** Assignments whose status could not be read: ask again next run (pass them as `retry`). */
  failedAssignIds: number[];
  requests: number;
}

export async function syncAssignments(
  client: MoodleClient, site: SiteRef, token: string, accountId: string, repo: AssignmentsRepository, now: number,
  /** Epoch ms at which the last successful sync started (SyncTaskInput.lastSuccessAt); null (first run): every status is fetched. */
  lastSuccessAt: number | null = null,
  /** Statuses that failed in an earlier run (their change may lie before `since`). */
  retry: ReadonlySet<number> = new Set(),
  /** The engine's shared requests (SyncTaskInput.batch); default: this task's own. */
  batch: BatchFn = (calls) => callBatch(client, site, token, calls),
): Promise<AssignmentsSyncResult> {
  // Since the last successful run's start, less a margin (same second, slow saves, clock skew).
  const since = updatesSince(lastSuccessAt);
  const statusAt = repo.statusSyncedAt(accountId);
  const knownCourses = [...new Set(repo.list(accountId).map((a) => a.courseId))];
  const checked = since === null ? [] : knownCourses;
  const firstResults = await batch([
    { wsfunction: 'mod_assign_get_assignments', args: {} },
    ...checked.map((courseid) => ({ wsfunction: 'core_course_get_updates_since', args: { courseid, since: since ?? 0, filter: STATUS_UPDATE_AREAS } })),
  ]);
  const [first] = firstResults;
  if (!first?.ok) throw new Error(`mod_assign_get_assignments failed: ${first?.errorcode ?? 'no answer'}`);
  const { courses } = assignmentsSchema.parse(first.data);
  const changedCmids = new Set<number>();
  const uncheckedCourses = new Set<number>();
  checked.forEach((courseId, i) => {
    const result = firstResults[i + 1];
    const updates = result?.ok ? updatesSinceSchema.safeParse(result.data) : null;
    // A failed or malformed check means: ask for every status of that course.
    if (!updates?.success) {
      uncheckedCourses.add(courseId);
      return;
    }
    for (const instance of updates.data.instances) if (instance.updates.length > 0) changedCmids.add(instance.id);
  });
  const all = courses.flatMap((c) => c.assignments.map((a) => ({ ...a, courseId: c.id })));
  const known = new Set(checked);
  const stale = (assignId: number) => {
    const at = statusAt.get(assignId);
    return at === undefined || now - at >= STATUS_REFRESH_MS;
  };
  const wanted = all.filter(
    (a) => since === null || !known.has(a.courseId) || uncheckedCourses.has(a.courseId) || changedCmids.has(a.cmid) || retry.has(a.id) || stale(a.id),
  );
  const failedAssignIds: number[] = [];
  for (const course of courses) {
    for (const a of course.assignments) {
      repo.upsertAssignment(accountId, {
        assignId: a.id, cmid: a.cmid, courseId: course.id, name: a.name, introHtml: a.intro ?? '',
        dueAt: (a.duedate ?? 0) * 1000, cutoffAt: (a.cutoffdate ?? 0) * 1000,
        configs: a.configs ?? [], files: a.introattachments ?? [],
        submissionDrafts: a.submissiondrafts === undefined ? null : Boolean(a.submissiondrafts),
        requireStatement: a.requiresubmissionstatement === undefined ? null : Boolean(a.requiresubmissionstatement),
        submissionStatement: a.submissionstatement ?? null,
      }, now);
    }
    repo.removeMissing(accountId, course.id, course.assignments.map((a) => a.id));
  }
  const statuses = wanted.length === 0 ? [] : await batch(
    wanted.map((a) => ({ wsfunction: 'mod_assign_get_submission_status', args: { assignid: a.id } })));
  let statusesFailed = 0;
  statuses.forEach((result, i) => {
    const a = wanted[i];
    if (!a || !result.ok) {
      statusesFailed += 1;
      if (a) failedAssignIds.push(a.id);
      return;
    }
    const s = statusSchema.parse(result.data);
    repo.upsertStatus(accountId, {
      assignId: a.id, status: s.lastattempt?.submission?.status ?? 'new',
      timeModified: s.lastattempt?.submission?.timemodified ?? 0,
      // gradefordisplay is HTML ("85.00&nbsp;/&nbsp;100.00"): stored as plain text.
      grade: s.feedback?.gradefordisplay ? htmlToPlainText(s.feedback.gradefordisplay).replace(/\u00a0/g, ' ') : null,
      feedbackHtml: feedbackComments(s.feedback?.plugins), raw: result.data,
    }, now);
  });
  return { assignments: all.length, statusesFetched: wanted.length, statusesFailed, failedAssignIds, requests: wanted.length === 0 ? 1 : 2 };
}

/** The teacher's feedback comments (assignfeedback_comments), sanitised; null if none. */
function feedbackComments(plugins: { type: string; editorfields?: { name: string; text: string }[] | undefined }[] | undefined): string | null {
  const text = (plugins ?? []).filter((p) => p.type === 'comments').flatMap((p) => p.editorfields ?? []).map((f) => f.text).join('');
  const clean = sanitizeDraftHtml(text).trim();
  return clean ? clean : null;
}

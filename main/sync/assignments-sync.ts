/**
 * Assignments and their submission status into the repository, in few batched requests.
 * First run: mod_assign_get_assignments, then every mod_assign_get_submission_status in one batch.
 * Later runs: core_course_get_updates_since per known course (through the engine shared with the
 * content task: one check per course). The list (the largest answer) is asked for only when
 * something calls for it: a module we do not know (maybe a new assignment), an assignment changed
 * beyond the student's own work, a failed check, a course the last list did not cover, or a list
 * older than LIST_REFRESH_MS. A status is asked for again where its activity reports an update, the
 * assignment is new, its course's check failed, or the status is older than STATUS_REFRESH_MS
 * (what the updates cannot show, e.g. an extension for one student). A quiet run is one request.
 * Each row is written whole; a call that fails leaves that assignment's stored status as it was.
 */
import { z } from 'zod';
import type { AssignmentsRepository } from '../assignments/index.ts';
import type { MoodleClient } from '../portal/moodle-client.ts';
import { updatesSinceSchema } from '../portal/schemas.ts';
import type { SiteRef } from '../portal/site-url.ts';
import { htmlToPlainText, sanitizeDraftHtml } from '../outbox/sanitize-html.ts';
import { callBatch } from './batch.ts';
import type { BatchResult } from './batch.ts';
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
  /** Courses the list fetched in this run covers (pass as `listedCourses` next run); null: no list fetched. */
  listedCourses: Set<number> | null;
}

/**
 * The assignment list (mod_assign_get_assignments: every assignment with its description and
 * settings, the largest answer of a quiet sync) is asked for again after this long even when no
 * update calls for it (an assignment deleted, or made visible: no "update" in Moodle).
 */
export const LIST_REFRESH_MS = 6 * 60 * 60 * 1000;

/** Update areas about the student's own work only: they change a status, not the list. */
const WORK_UPDATE_AREAS = ['submissions', 'grades', 'gradeitems'];

export interface AssignmentsSyncOptions {
  /** The engine's shared requests (SyncTaskInput.batch); default: this task's own. */
  batch?: BatchFn;
  /** Every course the account is known to be in (the content feature's list): checked for updates too. */
  courseIds?: readonly number[];
  /** Courses the last list covered (AssignmentsSyncResult.listedCourses of an earlier run); a course outside it brings the list. */
  listedCourses?: ReadonlySet<number> | null;
}

export async function syncAssignments(
  client: MoodleClient, site: SiteRef, token: string, accountId: string, repo: AssignmentsRepository, now: number,
  /** Epoch ms at which the last successful sync started (SyncTaskInput.lastSuccessAt); null (first run): every status is fetched. */
  lastSuccessAt: number | null = null,
  /** Statuses that failed in an earlier run (their change may lie before `since`). */
  retry: ReadonlySet<number> = new Set(),
  options: AssignmentsSyncOptions = {},
): Promise<AssignmentsSyncResult> {
  const batch = options.batch ?? ((calls) => callBatch(client, site, token, calls));
  // Since the last successful run's start, less a margin (same second, slow saves, clock skew).
  const since = updatesSince(lastSuccessAt);
  const statusAt = repo.statusSyncedAt(accountId);
  const stored = repo.list(accountId);
  const knownCourses = [...new Set([...stored.map((a) => a.courseId), ...(options.courseIds ?? [])])];
  const checked = since === null ? [] : knownCourses;
  const listedCourses = options.listedCourses ?? null;
  // The list goes into the first request when it is due anyway; a quiet run then stays one request.
  const listDue = since === null || stored.length === 0 || Math.min(...stored.map((a) => a.syncedAt)) <= now - LIST_REFRESH_MS ||
    (options.courseIds ?? []).some((id) => listedCourses !== null && !listedCourses.has(id));
  const listCall = { wsfunction: 'mod_assign_get_assignments', args: {} };
  let requests = 1;
  const firstResults = await batch([
    ...(listDue ? [listCall] : []),
    // All areas: a change to an assignment itself (settings, attachments) brings the list.
    ...checked.map((courseid) => ({ wsfunction: 'core_course_get_updates_since', args: { courseid, since: since ?? 0 } })),
  ]);
  const changedCmids = new Set<number>();
  const uncheckedCourses = new Set<number>();
  const knownCmids = new Set(stored.map((a) => a.cmid));
  let listWanted = listDue;
  checked.forEach((courseId, i) => {
    const result = firstResults[i + (listDue ? 1 : 0)];
    const updates = result?.ok ? updatesSinceSchema.safeParse(result.data) : null;
    // A failed or malformed check means: ask for every status of that course (and the list).
    if (!updates?.success) {
      uncheckedCourses.add(courseId);
      listWanted = true;
      return;
    }
    for (const instance of updates.data.instances) {
      const names = instance.updates.map((u) => u.name);
      if (names.some((name) => STATUS_UPDATE_AREAS.includes(name))) changedCmids.add(instance.id);
      // A module we do not know may be a new assignment; one we know changed beyond the student's work.
      if (!knownCmids.has(instance.id) || names.some((name) => !WORK_UPDATE_AREAS.includes(name))) listWanted = true;
    }
  });
  const known = new Set(checked);
  const stale = (assignId: number) => {
    const at = statusAt.get(assignId);
    return at === undefined || now - at >= STATUS_REFRESH_MS;
  };
  const wantedOf = (a: { id: number; cmid: number; courseId: number }) =>
    since === null || !known.has(a.courseId) || uncheckedCourses.has(a.courseId) || changedCmids.has(a.cmid) || retry.has(a.id) || stale(a.id);
  // Statuses of stored assignments ride along with a list fetched in a second request.
  const knownWanted = listWanted && !listDue ? stored.filter((a) => wantedOf({ id: a.assignId, cmid: a.cmid, courseId: a.courseId })) : [];
  const knownStatusCalls = knownWanted.map((a) => ({ wsfunction: 'mod_assign_get_submission_status', args: { assignid: a.assignId } }));
  let knownStatuses: BatchResult[] = [];
  let courses: z.infer<typeof assignmentsSchema>['courses'] = [];
  if (listWanted) {
    let listResult = firstResults[0];
    if (!listDue) {
      const results = await batch([listCall, ...knownStatusCalls]);
      requests += 1;
      listResult = results[0];
      knownStatuses = results.slice(1);
    }
    if (!listResult?.ok) throw new Error(`mod_assign_get_assignments failed: ${listResult?.errorcode ?? 'no answer'}`);
    courses = assignmentsSchema.parse(listResult.data).courses;
  }
  // Without a list (nothing calls for it) the stored assignments are current.
  const all = listWanted
    ? courses.flatMap((c) => c.assignments.map((a) => ({ ...a, courseId: c.id })))
    : stored.map((a) => ({ id: a.assignId, cmid: a.cmid, courseId: a.courseId }));
  const asked = new Set(knownWanted.map((a) => a.assignId));
  const wanted = all.filter((a) => !asked.has(a.id) && wantedOf(a));
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
  if (wanted.length > 0) requests += 1;
  const listed = new Set(all.map((a) => a.id));
  const answers = [
    ...knownWanted.map((a, i) => ({ assignId: a.assignId, result: knownStatuses[i] })),
    ...wanted.map((a, i) => ({ assignId: a.id, result: statuses[i] })),
  ];
  let statusesFailed = 0;
  for (const { assignId, result } of answers) {
    // Gone from the list fetched with it: nothing to keep.
    if (!listed.has(assignId)) continue;
    if (!result?.ok) {
      statusesFailed += 1;
      failedAssignIds.push(assignId);
      continue;
    }
    const s = statusSchema.parse(result.data);
    repo.upsertStatus(accountId, {
      assignId, status: s.lastattempt?.submission?.status ?? 'new',
      timeModified: s.lastattempt?.submission?.timemodified ?? 0,
      // gradefordisplay is HTML ("85.00&nbsp;/&nbsp;100.00"): stored as plain text.
      grade: s.feedback?.gradefordisplay ? htmlToPlainText(s.feedback.gradefordisplay).replace(/\u00a0/g, ' ') : null,
      feedbackHtml: feedbackComments(s.feedback?.plugins), raw: result.data,
    }, now);
  }
  return {
    assignments: all.length, statusesFetched: answers.length, statusesFailed, failedAssignIds, requests,
    listedCourses: listWanted ? new Set([...(options.courseIds ?? []), ...courses.map((c) => c.id)]) : null,
  };
}

/** The teacher's feedback comments (assignfeedback_comments), sanitised; null if none. */
function feedbackComments(plugins: { type: string; editorfields?: { name: string; text: string }[] | undefined }[] | undefined): string | null {
  const text = (plugins ?? []).filter((p) => p.type === 'comments').flatMap((p) => p.editorfields ?? []).map((f) => f.text).join('');
  const clean = sanitizeDraftHtml(text).trim();
  return clean ? clean : null;
}

/**
 * Assignments and each one's submission status into the repository, in two batched requests
 * (mod_assign_get_assignments, then every mod_assign_get_submission_status in one batch).
 * Each row is written whole; a call that fails leaves that assignment's stored status as it was.
 */
import { z } from 'zod';
import type { AssignmentsRepository } from '../assignments/index.ts';
import type { MoodleClient } from '../portal/moodle-client.ts';
import type { SiteRef } from '../portal/site-url.ts';
import { htmlToPlainText, sanitizeDraftHtml } from '../outbox/sanitize-html.ts';
import { callBatch } from './batch.ts';

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

export interface AssignmentsSyncResult {
  assignments: number;
  statusesFailed: number;
}

export async function syncAssignments(
  client: MoodleClient, site: SiteRef, token: string, accountId: string, repo: AssignmentsRepository, now: number,
): Promise<AssignmentsSyncResult> {
  const [first] = await callBatch(client, site, token, [{ wsfunction: 'mod_assign_get_assignments', args: {} }]);
  if (!first?.ok) throw new Error(`mod_assign_get_assignments failed: ${first?.errorcode ?? 'no answer'}`);
  const { courses } = assignmentsSchema.parse(first.data);
  const all = courses.flatMap((c) => c.assignments.map((a) => ({ ...a, courseId: c.id })));
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
  const statuses = await callBatch(client, site, token,
    all.map((a) => ({ wsfunction: 'mod_assign_get_submission_status', args: { assignid: a.id } })));
  let statusesFailed = 0;
  statuses.forEach((result, i) => {
    const a = all[i];
    if (!a || !result.ok) {
      statusesFailed += 1;
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
  return { assignments: all.length, statusesFailed };
}

/** The teacher's feedback comments (assignfeedback_comments), sanitised; null if none. */
function feedbackComments(plugins: { type: string; editorfields?: { name: string; text: string }[] | undefined }[] | undefined): string | null {
  const text = (plugins ?? []).filter((p) => p.type === 'comments').flatMap((p) => p.editorfields ?? []).map((f) => f.text).join('');
  const clean = sanitizeDraftHtml(text).trim();
  return clean ? clean : null;
}

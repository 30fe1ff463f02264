/** The mod_assign responses and webservice/upload.php (rules: main/portal/schemas.ts). */
import { z } from 'zod';
import { int, moodleBool, moodleFileSchema, warnings } from './schemas-common';

export const assignmentSchema = z.object({
  id: int,
  cmid: int,
  course: int,
  name: z.string(),
  nosubmissions: moodleBool,
  submissiondrafts: moodleBool,
  requiresubmissionstatement: moodleBool,
  teamsubmission: moodleBool,
  duedate: int,
  allowsubmissionsfromdate: int,
  cutoffdate: int,
  gradingduedate: int.optional(),
  grade: z.number(),
  timemodified: int,
  maxattempts: int.optional(),
  timelimit: int.optional(),
  configs: z.array(z.object({ plugin: z.string(), subtype: z.string(), name: z.string(), value: z.string() })),
  intro: z.string().optional(),
  introformat: int.optional(),
  introattachments: z.array(moodleFileSchema).optional(),
  submissionstatement: z.string().optional(),
});
export type Assignment = z.infer<typeof assignmentSchema>;

export const assignmentsSchema = z.object({
  courses: z.array(z.object({ id: int, fullname: z.string(), shortname: z.string(), assignments: z.array(assignmentSchema) })),
  warnings: warnings,
});

const submissionPluginSchema = z.object({
  type: z.string(),
  name: z.string(),
  fileareas: z.array(z.object({ area: z.string(), files: z.array(moodleFileSchema).optional() })).optional(),
  editorfields: z.array(z.object({ name: z.string(), description: z.string(), text: z.string(), format: int })).optional(),
});

export const submissionSchema = z.object({
  id: int,
  userid: int,
  attemptnumber: int,
  timecreated: int,
  timemodified: int,
  timestarted: int.nullish(),
  status: z.string(),
  groupid: int.optional(),
  assignment: int.optional(),
  latest: moodleBool.optional(),
  plugins: z.array(submissionPluginSchema).optional(),
});
export type Submission = z.infer<typeof submissionSchema>;

export const submissionStatusSchema = z.object({
  lastattempt: z
    .object({
      submission: submissionSchema.optional(),
      teamsubmission: submissionSchema.optional(),
      submissionsenabled: z.boolean(),
      locked: z.boolean(),
      graded: z.boolean(),
      canedit: z.boolean(),
      caneditowner: z.boolean().optional(),
      cansubmit: z.boolean(),
      extensionduedate: int.nullable(),
      timelimit: int.optional(),
      gradingstatus: z.string().optional(),
    })
    .optional(),
  feedback: z
    .object({
      grade: z.object({ grade: z.string().nullable(), timemodified: int.optional() }).nullish(),
      gradefordisplay: z.string(),
      gradeddate: int,
      plugins: z.array(submissionPluginSchema).optional(),
    })
    .optional(),
  gradingsummary: z
    .object({
      participantcount: int,
      submissiondraftscount: int,
      submissionssubmittedcount: int,
      submissionsneedgradingcount: int,
      submissionsenabled: z.boolean(),
    })
    .optional(),
  warnings: warnings.optional(),
});
export type SubmissionStatus = z.infer<typeof submissionStatusSchema>;

/** mod_assign_save_submission and mod_assign_submit_for_grading: [] on success, else warnings. */
export const warningsListSchema = warnings;

/** POST /webservice/upload.php: one entry per uploaded file, all in the same draft item. */
export const uploadResponseSchema = z
  .array(
    z.object({
      itemid: int,
      filename: z.string(),
      filepath: z.string(),
      filesize: int,
      filearea: z.string(),
      contextid: int.optional(),
    }),
  )
  .min(1);
export type UploadedFile = z.infer<typeof uploadResponseSchema>[number];

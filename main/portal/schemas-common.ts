/**
 * The building blocks of the Moodle response schemas (main/portal/schemas.ts): Moodle's booleans,
 * error and warning shapes, the file entry every file area shares, and how issues are reported.
 */
import { z } from 'zod';

/** Moodle's PARAM_BOOL (0/1) and real booleans, as a boolean. */
export const moodleBool = z.union([z.boolean(), z.number().int()]).transform((value) => value === true || value === 1);
export const int = z.number().int();
export const optionalText = z.string().nullish();

// ---------------------------------------------------------------- errors

/** REST server.php error (HTTP 200): `{exception, errorcode, message}`. */
export const restExceptionSchema = z.object({
  exception: z.string(),
  errorcode: z.string(),
  message: z.string(),
  debuginfo: z.string().nullish(),
});
export type RestException = z.infer<typeof restExceptionSchema>;

/** Error of AJAX_SCRIPT scripts (login/token.php, webservice/upload.php, webservice/pluginfile.php). */
export const scriptErrorSchema = z.object({
  error: z.string(),
  errorcode: z.string(),
});
export type ScriptError = z.infer<typeof scriptErrorSchema>;

export const warningSchema = z.object({
  item: z.string().optional(),
  itemid: int.optional(),
  warningcode: z.string(),
  message: z.string(),
});
export type MoodleWarning = z.infer<typeof warningSchema>;
export const warnings = z.array(warningSchema);

/** A file as Moodle lists it in contents, intro files, content files and submission file areas. */
export const moodleFileSchema = z.object({
  filename: z.string(),
  filepath: z.string().nullish(),
  filesize: int,
  fileurl: z.string(),
  timemodified: int.nullish(),
  mimetype: z.string().optional(),
  isexternalfile: z.boolean().optional(),
});
export type MoodleFile = z.infer<typeof moodleFileSchema>;

/** Zod's issues as "path: problem" lines, without the values (they may hold personal data). */
export function describeIssues(error: z.ZodError, max = 5): string {
  return error.issues
    .slice(0, max)
    .map((issue) => `${issue.path.join('.') || '(root)'}: ${issue.code}`)
    .join('; ');
}

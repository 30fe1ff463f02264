/**
 * One zod schema per Moodle response SchulDesk reads. Checked against the real Moodle 5.1
 * recordings in test/fixtures/moodle/contract/ (test/unit/portal-schemas.test.ts runs every file).
 *
 * Rules: only the fields SchulDesk uses are listed; extra fields are allowed and dropped (Moodle
 * adds fields between versions); used fields are strict about their type. Where Moodle mixes
 * 0/1 and true/false for the same meaning, `moodleBool` accepts both and yields a boolean.
 * Field names stay Moodle's, so a reader can compare with Moodle's documentation.
 * Here: site, login, courses, calendar and the function table; by group beside it (re-exported, one
 * import path): schemas-common.ts, schemas-assign.ts, schemas-activities.ts.
 */
import { z } from 'zod';
import { int, moodleBool, moodleFileSchema, optionalText, warnings } from './schemas-common';
import { assignmentsSchema, submissionStatusSchema, warningsListSchema } from './schemas-assign';
import { bigBlueButtonsSchema, canJoinSchema, foldersSchema, joinUrlSchema, meetingInfoSchema, pagesSchema, privateFilesInfoSchema, resourcesSchema, urlsSchema } from './schemas-activities';

export { describeIssues, moodleBool, moodleFileSchema, restExceptionSchema, scriptErrorSchema, warningSchema } from './schemas-common';
export type { MoodleFile, MoodleWarning, RestException, ScriptError } from './schemas-common';
export * from './schemas-assign';
export * from './schemas-activities';

// ---------------------------------------------------------------- site and login

export const publicConfigSchema = z.object({
  wwwroot: z.string(),
  httpswwwroot: z.string(),
  sitename: z.string(),
  logourl: z.string().optional(),
  compactlogourl: z.string().optional(),
  typeoflogin: z.union([z.literal(1), z.literal(2), z.literal(3)]),
  launchurl: z.string().optional(),
  enablewebservices: moodleBool,
  enablemobilewebservice: moodleBool,
  maintenanceenabled: moodleBool,
  maintenancemessage: z.string().default(''),
  showloginform: moodleBool.optional(),
  tool_mobile_disabledfeatures: z.string().optional(),
  identityproviders: z.array(z.object({ name: z.string(), iconurl: z.string().optional(), url: z.string() })).optional(),
  // Not sent by Moodle 5.1; kept in case a later version adds it.
  release: z.string().optional(),
  version: z.string().optional(),
});
export type PublicConfig = z.infer<typeof publicConfigSchema>;

/** lib/ajax/service-nologin.php answers a JSON array, one entry per call. */
export const ajaxResponseSchema = z.array(
  z.union([
    z.object({ error: z.literal(false), data: z.unknown() }),
    z.object({
      error: z.literal(true),
      exception: z.object({ errorcode: z.string(), message: z.string().optional() }),
    }),
  ]),
);

export const tokenSchema = z.object({
  token: z.string().regex(/^[A-Za-z0-9]+$/),
  privatetoken: z.string().nullish(),
});
export type TokenResponse = z.infer<typeof tokenSchema>;

export const siteInfoSchema = z.object({
  sitename: z.string(),
  username: z.string(),
  firstname: z.string().optional(),
  lastname: z.string().optional(),
  fullname: z.string(),
  lang: z.string(),
  userid: int,
  siteurl: z.string(),
  userpictureurl: z.string().optional(),
  release: z.string().optional(),
  version: z.string().optional(),
  downloadfiles: moodleBool.optional(),
  uploadfiles: moodleBool.optional(),
  usermaxuploadfilesize: int.optional(),
  userquota: int.optional(),
  userprivateaccesskey: z.string().optional(),
  userissiteadmin: z.boolean().optional(),
  functions: z.array(z.object({ name: z.string(), version: z.string() })),
});
export type SiteInfo = z.infer<typeof siteInfoSchema>;

export const mobileConfigSchema = z.object({
  settings: z.array(z.object({ name: z.string(), value: z.union([z.string(), z.number()]).nullable() })),
  warnings: warnings.optional(),
});

// ---------------------------------------------------------------- courses and contents

export const userCoursesSchema = z.array(
  z.object({
    id: int,
    shortname: z.string(),
    fullname: z.string(),
    displayname: z.string().optional(),
    summary: optionalText,
    summaryformat: int.optional(),
    visible: moodleBool.optional(),
    hidden: z.boolean().optional(),
    courseimage: z.string().optional(),
    category: int.optional(),
    startdate: int.optional(),
    enddate: int.optional(),
    lastaccess: int.nullish(),
    isfavourite: z.boolean().optional(),
    progress: z.number().nullish(),
    completed: z.boolean().nullish(),
    timemodified: int.optional(),
  }),
);
export type UserCourse = z.infer<typeof userCoursesSchema>[number];

export const moduleContentSchema = moodleFileSchema.extend({
  type: z.string(),
  timecreated: int.nullish(),
  sortorder: int.nullish(),
});

export const courseModuleSchema = z.object({
  id: int,
  url: z.string().optional(),
  name: z.string(),
  instance: int.optional(),
  contextid: int.optional(),
  description: z.string().optional(),
  visible: moodleBool,
  uservisible: z.boolean().optional(),
  modname: z.string(),
  modplural: z.string().optional(),
  modicon: z.string().optional(),
  availabilityinfo: z.string().nullish(),
  noviewlink: z.boolean().optional(),
  dates: z.array(z.object({ label: z.string(), timestamp: int, dataid: z.string().optional() })).optional(),
  contents: z.array(moduleContentSchema).optional(),
  contentsinfo: z
    .object({ filescount: int, filessize: int, lastmodified: int, mimetypes: z.array(z.string()).optional() })
    .optional(),
});
export type CourseModule = z.infer<typeof courseModuleSchema>;

export const courseContentsSchema = z.array(
  z.object({
    id: int,
    name: z.string(),
    visible: moodleBool.optional(),
    summary: z.string(),
    summaryformat: int,
    section: int.optional(),
    uservisible: z.boolean().optional(),
    modules: z.array(courseModuleSchema),
  }),
);
export type CourseSection = z.infer<typeof courseContentsSchema>[number];

const updatesSchema = z.object({
  instances: z.array(
    z.object({
      contextlevel: z.string(),
      id: int,
      updates: z.array(z.object({ name: z.string(), timeupdated: int.optional(), itemids: z.array(int).optional() })),
    }),
  ),
  warnings: warnings.optional(),
});
/** core_course_check_updates (per module `tocheck` list) and core_course_get_updates_since share this shape. */
export const checkUpdatesSchema = updatesSchema;
export const updatesSinceSchema = updatesSchema;

// ---------------------------------------------------------------- calendar

export const actionEventsSchema = z.object({
  events: z.array(
    z.object({
      id: int,
      name: z.string(),
      description: optionalText,
      component: z.string().nullish(),
      modulename: z.string().nullish(),
      instance: int.nullish(),
      activityname: z.string().nullish(),
      eventtype: z.string(),
      timestart: int,
      timeduration: int.optional(),
      timesort: int,
      overdue: z.boolean().optional(),
      url: z.string(),
      course: z.object({ id: int, fullname: z.string(), shortname: z.string() }).optional(),
      action: z.object({ name: z.string(), url: z.string(), itemcount: int, actionable: z.boolean() }).nullish(),
    }),
  ),
  firstid: int.nullish(),
  lastid: int.nullish(),
});
export type ActionEvent = z.infer<typeof actionEventsSchema>['events'][number];

/** Which schema validates the REST answer of each web-service function SchulDesk calls. */
export const FUNCTION_SCHEMAS = {
  core_webservice_get_site_info: siteInfoSchema,
  tool_mobile_get_public_config: publicConfigSchema,
  tool_mobile_get_config: mobileConfigSchema,
  core_enrol_get_users_courses: userCoursesSchema,
  core_course_get_contents: courseContentsSchema,
  core_course_check_updates: checkUpdatesSchema,
  core_course_get_updates_since: updatesSinceSchema,
  core_calendar_get_action_events_by_timesort: actionEventsSchema,
  core_user_get_private_files_info: privateFilesInfoSchema,
  mod_assign_get_assignments: assignmentsSchema,
  mod_assign_get_submission_status: submissionStatusSchema,
  mod_assign_save_submission: warningsListSchema,
  mod_assign_submit_for_grading: warningsListSchema,
  mod_resource_get_resources_by_courses: resourcesSchema,
  mod_page_get_pages_by_courses: pagesSchema,
  mod_url_get_urls_by_courses: urlsSchema,
  mod_folder_get_folders_by_courses: foldersSchema,
  mod_bigbluebuttonbn_get_bigbluebuttonbns_by_courses: bigBlueButtonsSchema,
  mod_bigbluebuttonbn_meeting_info: meetingInfoSchema,
  mod_bigbluebuttonbn_get_join_url: joinUrlSchema,
  mod_bigbluebuttonbn_can_join: canJoinSchema,
} as const satisfies Record<string, z.ZodType>;

export type KnownFunction = keyof typeof FUNCTION_SCHEMAS;
export type FunctionResult<F extends KnownFunction> = z.infer<(typeof FUNCTION_SCHEMAS)[F]>;

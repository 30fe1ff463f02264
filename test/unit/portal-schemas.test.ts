// Every recorded real-Moodle response goes through the schema SchulDesk uses for it; negative
// cases show the schemas are strict about the fields SchulDesk relies on.
import { describe, expect, it } from 'vitest';
import type { z } from 'zod';
import {
  ajaxResponseSchema,
  assignmentsSchema,
  courseContentsSchema,
  describeIssues,
  FUNCTION_SCHEMAS,
  meetingInfoSchema,
  publicConfigSchema,
  restExceptionSchema,
  scriptErrorSchema,
  siteInfoSchema,
  submissionStatusSchema,
  tokenSchema,
  uploadResponseSchema,
  userCoursesSchema,
} from '../../main/portal/schemas';
import { contractBody, contractFiles, readContract } from '../support/portal-contract';

/** Files that are not JSON answers of Moodle's web-service layer, with the reason. */
const NOT_WEB_SERVICE_JSON: Record<string, string> = {
  'bbb_api_calls_from_moodle.json': 'log of calls Moodle made to the BBB server, not a response to SchulDesk',
  'bbb_join_redirect.teacher1.json': 'BBB join redirect (302), handled by the conference window',
  'launch.typeoflogin1.logged_in_session.json': 'browser SSO hops (sso module)',
  'launch.typeoflogin1.login_flow.json': 'browser SSO hops (sso module)',
  'launch.typeoflogin1.not_logged_in.json': 'browser SSO hops (sso module)',
  'launch.typeoflogin2.logged_in_session.json': 'browser SSO hops (sso module)',
  'launch.typeoflogin2.not_logged_in.json': 'browser SSO hops (sso module)',
  'pluginfile.browser.with_token_param.json': 'browser file URL: 303 HTML redirect to the login page',
  'pluginfile.browser.without_session.json': 'browser file URL: 303 HTML redirect to the login page',
  'pluginfile.webservice.folder_file.json': 'binary file download (PDF)',
  'pluginfile.webservice.with_token.json': 'binary file download (PDF)',
  'tokenpluginfile.with_private_key.json': 'binary file download (PNG)',
};

/** The schema for a recorded file, decided by what was requested. */
function schemaFor(file: string): z.ZodType | null {
  if (file in NOT_WEB_SERVICE_JSON) return null;
  if (file.startsWith('error.')) return restExceptionSchema;
  if (file.startsWith('login_token.success.')) return tokenSchema;
  if (file.startsWith('login_token.')) return scriptErrorSchema;
  if (file === 'webservice_upload.student1.json') return uploadResponseSchema;
  if (file.startsWith('webservice_upload.')) return scriptErrorSchema;
  if (file.startsWith('pluginfile.webservice.')) return scriptErrorSchema;
  if (file === 'tool_mobile_get_public_config.nologin.json') return ajaxResponseSchema;
  const fn = readContract(file).request?.function;
  if (fn && fn in FUNCTION_SCHEMAS) return FUNCTION_SCHEMAS[fn as keyof typeof FUNCTION_SCHEMAS];
  throw new Error(`No schema decided for ${file} (function ${fn ?? 'none'}): add it to schemaFor or NOT_WEB_SERVICE_JSON`);
}

describe('every recorded Moodle 5.1 response', () => {
  const files = contractFiles();

  it('finds the recordings', () => {
    expect(files.length).toBeGreaterThanOrEqual(60);
  });

  it.each(files)('%s parses with its schema (or is listed as not web-service JSON)', (file) => {
    const schema = schemaFor(file);
    if (schema === null) {
      expect(NOT_WEB_SERVICE_JSON[file]).toBeTruthy();
      return;
    }
    const result = schema.safeParse(contractBody(file));
    if (!result.success) throw new Error(`${file}: ${describeIssues(result.error, 10)}`);
    expect(result.success).toBe(true);
  });

  it('the nologin public config carries a valid config in data', () => {
    const envelope = ajaxResponseSchema.parse(contractBody('tool_mobile_get_public_config.nologin.json'));
    const first = envelope[0];
    expect(first?.error).toBe(false);
    const config = publicConfigSchema.parse(first && !first.error ? first.data : null);
    expect(config).toMatchObject({
      httpswwwroot: 'http://127.0.0.1:8080',
      typeoflogin: 1,
      enablewebservices: true,
      enablemobilewebservice: true,
      maintenanceenabled: false,
      launchurl: 'http://127.0.0.1:8080/admin/tool/mobile/launch.php',
    });
  });

  it('turns Moodle 0/1 flags into booleans and keeps only used fields', () => {
    const contents = courseContentsSchema.parse(contractBody('core_course_get_contents.MA7B.student1.json'));
    const first = contents[0]?.modules[0];
    expect(first?.visible).toBe(true);
    expect(first && 'customdata' in first).toBe(false);
    const assignments = assignmentsSchema.parse(contractBody('mod_assign_get_assignments.student1.json'));
    expect(assignments.courses[0]?.assignments[0]?.submissiondrafts).toBe(true);
  });

  it('reads the graded submission with its grade as Moodle sends it (a decimal string)', () => {
    const status = submissionStatusSchema.parse(contractBody('mod_assign_get_submission_status.graded.student1.json'));
    expect(status.feedback?.grade?.grade).toBe('85.00000');
    expect(status.lastattempt?.submission?.status).toBe('submitted');
  });
});

describe('schemas reject what SchulDesk could not use', () => {
  const siteInfo = contractBody('core_webservice_get_site_info.student1.json') as Record<string, unknown>;

  it('site info without userid', () => {
    const { userid: _userid, ...rest } = siteInfo;
    const result = siteInfoSchema.safeParse(rest);
    expect(result.success).toBe(false);
    expect(result.success ? '' : describeIssues(result.error)).toContain('userid');
  });

  it('site info with a string userid', () => {
    expect(siteInfoSchema.safeParse({ ...siteInfo, userid: '4' }).success).toBe(false);
  });

  it('a course with a string id, or without fullname', () => {
    const courses = contractBody('core_enrol_get_users_courses.student1.json') as Record<string, unknown>[];
    const course = courses[0] ?? {};
    expect(userCoursesSchema.safeParse([{ ...course, id: '3' }]).success).toBe(false);
    const { fullname: _fullname, ...withoutName } = course;
    expect(userCoursesSchema.safeParse([withoutName]).success).toBe(false);
  });

  it('a public config with an unknown type of login', () => {
    const envelope = contractBody('tool_mobile_get_public_config.rest.student1.json') as Record<string, unknown>;
    expect(publicConfigSchema.safeParse({ ...envelope, typeoflogin: 4 }).success).toBe(false);
  });

  it('a token that is empty or not alphanumeric', () => {
    expect(tokenSchema.safeParse({ token: '', privatetoken: null }).success).toBe(false);
    expect(tokenSchema.safeParse({ token: 'abc def', privatetoken: null }).success).toBe(false);
    expect(tokenSchema.safeParse({ error: 'Invalid login', errorcode: 'invalidlogin' }).success).toBe(false);
  });

  it('meeting info with statusrunning as a string', () => {
    const info = contractBody('mod_bigbluebuttonbn_meeting_info.running.student1.json') as Record<string, unknown>;
    expect(meetingInfoSchema.safeParse({ ...info, statusrunning: 'true' }).success).toBe(false);
  });

  it('an empty upload answer', () => {
    expect(uploadResponseSchema.safeParse([]).success).toBe(false);
  });

  it('a REST exception without errorcode', () => {
    expect(restExceptionSchema.safeParse({ exception: 'x', message: 'y' }).success).toBe(false);
  });

  it('describes issues by path and code only, never by value', () => {
    const result = siteInfoSchema.safeParse({ ...siteInfo, fullname: 12345, username: 'geheim-lena' });
    expect(result.success).toBe(false);
    const text = result.success ? '' : describeIssues(result.error);
    expect(text).toContain('fullname');
    expect(text).not.toContain('12345');
  });
});

// The portal layer against the test Moodle (test/fixtures/moodle): site check, password login,
// the web-service calls SchulDesk makes (every answer through its schema), site switches and
// fault injection. Prints request/byte figures for site check + login.
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { portalRejection, testHttpClient } from '../support/portal-client';
import { SessionExpiredError } from '../../main/portal/errors';
import { MoodleClient } from '../../main/portal/moodle-client';
import { loginWithPassword } from '../../main/portal/password-login';
import type { PhpParams } from '../../main/portal/php-params';
import type { FunctionResult, KnownFunction } from '../../main/portal/schemas';
import { checkSite } from '../../main/portal/site-check';
import { SEED_PASSWORD, startTestMoodle } from '../fixtures/moodle/index';
import type { TestMoodle } from '../fixtures/moodle/index';

let moodle: TestMoodle;
beforeEach(async () => {
  moodle = await startTestMoodle();
});
afterEach(async () => {
  await moodle.close();
});

const client = testHttpClient;
const rejection = portalRejection;

describe('site check and login against the test Moodle', () => {
  it('checks the site, logs in with a password and reports the cost', async () => {
    const http = client();
    const site = await checkSite(http, `${moodle.url}/login/index.php`);
    expect(site).toMatchObject({ siteUrl: moodle.url, typeOfLogin: 'app', maintenance: { enabled: false } });
    const afterCheck = http.stats();

    const login = await loginWithPassword(http, { site: site.siteUrl, username: 'student1', password: SEED_PASSWORD });
    expect(login.token).toMatch(/^[0-9a-f]{32}$/);
    expect(login.user).toMatchObject({ username: 'student1', fullname: 'Lena Müller' });
    expect(login.user.privateAccessKey).toBeTruthy();
    expect(login.functions).toEqual(expect.arrayContaining(['core_course_get_contents', 'mod_assign_save_submission', 'mod_bigbluebuttonbn_get_join_url']));
    const total = http.stats();

    expect(afterCheck.requests).toBe(1);
    // token.php, then site info and the require_login probe (core_user_get_private_files_info) in one batch.
    expect(total.requests).toBe(3);
    expect(moodle.state.stats.requests).toBe(3);
    expect(moodle.state.stats.byFunction).toMatchObject({ tool_mobile_call_external_functions: 1, core_webservice_get_site_info: 1, core_user_get_private_files_info: 1 });
    expect(total.bytesReceived).toBe(moodle.state.stats.bytesSent);
    console.info(
      `[portal figures] site check: ${afterCheck.requests} request, ${afterCheck.bytesSent} B sent, ${afterCheck.bytesReceived} B received; ` +
        `site check + login: ${total.requests} requests, ${total.bytesSent} B sent, ${total.bytesReceived} B received`,
    );
  });

  it('reports a wrong password, a suspended account (same answer in Moodle) and a forced password change', async () => {
    const http = client();
    expect((await rejection(loginWithPassword(http, { site: moodle.url, username: 'student1', password: 'nicht-richtig' }))).code).toBe('invalid-login');
    expect((await rejection(loginWithPassword(http, { site: moodle.url, username: 'student4', password: SEED_PASSWORD }))).code).toBe('invalid-login');
    const change = await rejection(loginWithPassword(http, { site: moodle.url, username: 'student5', password: SEED_PASSWORD }));
    expect(change.code).toBe('password-change-required');
    expect(change.data.changePasswordUrl).toBe(`${moodle.url}/login/change_password.php`);
  });

  it('distinguishes web services off, mobile service off and maintenance', async () => {
    const http = client();
    moodle.state.setMaintenance(true, '<p>Wartung bis 10 Uhr</p>');
    const maintenance = await rejection(checkSite(http, moodle.url));
    expect(maintenance).toMatchObject({ code: 'maintenance', data: { maintenanceMessage: 'Wartung bis 10 Uhr' } });
    expect((await checkSite(http, moodle.url, { allowMaintenance: true })).maintenance).toEqual({ enabled: true, message: 'Wartung bis 10 Uhr' });
    expect((await rejection(loginWithPassword(http, { site: moodle.url, username: 'student1', password: SEED_PASSWORD }))).code).toBe('maintenance');
    moodle.state.setMaintenance(false);

    moodle.state.setMobileServiceEnabled(false);
    expect((await rejection(checkSite(http, moodle.url))).code).toBe('mobile-service-disabled');
    expect((await rejection(loginWithPassword(http, { site: moodle.url, username: 'student1', password: SEED_PASSWORD }))).code).toBe('service-not-available');
    moodle.state.setMobileServiceEnabled(true);

    moodle.state.setWebServicesEnabled(false);
    expect((await rejection(checkSite(http, moodle.url))).code).toBe('webservices-disabled');
    expect((await rejection(loginWithPassword(http, { site: moodle.url, username: 'student1', password: SEED_PASSWORD }))).code).toBe('webservices-disabled');
  });

  it('refuses the portal when the school policy lists only others', async () => {
    const error = await rejection(checkSite(client(), moodle.url, { policy: { allowedPortals: ['https://moodle.schule.de'], allowUserPortals: false } }));
    expect(error.code).toBe('portal-not-allowed');
    expect(moodle.state.stats.requests).toBe(0);
  });
});

describe('web-service calls SchulDesk makes, validated by their schemas', () => {
  it('reads courses, contents, resources, assignments, calendar and BBB rooms', async () => {
    const moodleClient = new MoodleClient(client());
    const token = moodle.state.issueToken('student1');
    const call = <F extends KnownFunction>(wsfunction: F, params?: PhpParams): Promise<FunctionResult<F>> => moodleClient.callFunction(moodle.url, token, wsfunction, params);
    const info = await call('core_webservice_get_site_info');
    const courses = await call('core_enrol_get_users_courses', { userid: info.userid });
    const courseids = courses.map((course) => course.id);
    expect(courseids.length).toBeGreaterThanOrEqual(2);
    for (const courseid of courseids) {
      const sections = await call('core_course_get_contents', { courseid });
      const modules = sections.flatMap((section) => section.modules);
      expect(modules.length).toBeGreaterThan(0);
      await call('core_course_get_updates_since', { courseid, since: 0 });
      const checked = await call('core_course_check_updates', { courseid, tocheck: modules.map((module) => ({ contextlevel: 'module', id: module.id, since: 0 })) });
      expect(checked.instances.length).toBeGreaterThan(0);
    }
    await call('core_calendar_get_action_events_by_timesort', { timesortfrom: 0, limitnum: 50, limittononsuspendedevents: true });
    const assignments = await call('mod_assign_get_assignments', { courseids });
    const assign = assignments.courses.flatMap((course) => course.assignments)[0];
    expect(assign).toBeDefined();
    await call('mod_assign_get_submission_status', { assignid: assign?.id ?? 0 });
    await call('mod_resource_get_resources_by_courses', { courseids });
    await call('mod_page_get_pages_by_courses', { courseids });
    await call('mod_url_get_urls_by_courses', { courseids });
    await call('mod_folder_get_folders_by_courses', { courseids });
    const rooms = await call('mod_bigbluebuttonbn_get_bigbluebuttonbns_by_courses', { courseids });
    const room = rooms.bigbluebuttonbns[0];
    expect(room).toBeDefined();
    const meeting = await call('mod_bigbluebuttonbn_meeting_info', { bigbluebuttonbnid: room?.id ?? 0, updatecache: true });
    expect(typeof meeting.statusrunning).toBe('boolean');
  });

  it('saves an online text as draft and uploads a file to a draft area', async () => {
    const moodleClient = new MoodleClient(client());
    const token = moodle.state.issueToken('student1');
    const assignments = await moodleClient.callFunction(moodle.url, token, 'mod_assign_get_assignments', { courseids: [2] });
    const assign = assignments.courses[0]?.assignments.find((a) => a.duedate * 1000 > Date.now());
    expect(assign).toBeDefined();
    const uploaded = await moodleClient.uploadFiles(moodle.url, token, [{ filename: 'Rechenweg.pdf', content: new TextEncoder().encode('%PDF-1.4 test'), mimetype: 'application/pdf' }]);
    const warnings = await moodleClient.callFunction(moodle.url, token, 'mod_assign_save_submission', {
      assignmentid: assign?.id ?? 0,
      plugindata: { onlinetext_editor: { text: '<p>Aufgabe 1: 16 €</p>', format: 1, itemid: 0 }, files_filemanager: uploaded[0]?.itemid ?? 0 },
    });
    expect(warnings).toEqual([]);
    expect(moodle.state.getSubmission(assign?.id ?? 0, 'student1')?.submission.status).toBe('draft');
    expect(moodle.state.getSubmission(assign?.id ?? 0, 'student1')?.files.map((file) => file.filename)).toEqual(['Rechenweg.pdf']);
  });

  it('turns a revoked token into SessionExpiredError', async () => {
    const token = moodle.state.issueToken('student1');
    moodle.state.revokeToken(token);
    const error = await rejection(new MoodleClient(client()).callFunction(moodle.url, token, 'core_webservice_get_site_info'));
    expect(error).toBeInstanceOf(SessionExpiredError);
  });
});

describe('fault injection in the test Moodle', () => {
  const REST = '/webservice/rest/server.php';

  it('503 with Retry-After, then success', async () => {
    moodle.state.faults.inject({ path: REST, wsfunction: 'core_enrol_get_users_courses', fault: { type: 'status', status: 503, retryAfter: 2 } });
    const sleeps: number[] = [];
    const moodleClient = new MoodleClient(client({ sleep: async (ms) => void sleeps.push(ms) }));
    const courses = await moodleClient.callFunction(moodle.url, moodle.state.issueToken('student1'), 'core_enrol_get_users_courses', { userid: 4 });
    expect(courses.length).toBeGreaterThan(0);
    expect(sleeps[0]).toBeGreaterThanOrEqual(2000);
    expect(moodle.state.stats.byPath[REST]).toBe(2);
  });

  it.each([
    [{ type: 'html' } as const, 'html-response'],
    [{ type: 'truncated' } as const, 'invalid-json'],
    [{ type: 'truncated', abort: true } as const, 'response-interrupted'],
    [{ type: 'huge', bytes: 3 * 1024 * 1024 } as const, 'response-too-large'],
    [{ type: 'timeout' } as const, 'timeout'],
    [{ type: 'reset' } as const, 'connection-failed'],
    [{ type: 'status', status: 500 } as const, 'server-error'],
  ])('%o → %s', async (fault, code) => {
    moodle.state.faults.inject({ path: REST, fault, times: 5 });
    const moodleClient = new MoodleClient(client({ timeoutMs: 300, maxResponseBytes: 1024 * 1024 }));
    const error = await rejection(moodleClient.callFunction(moodle.url, moodle.state.issueToken('student1'), 'core_course_get_contents', { courseid: 2 }, { maxAttempts: 2 }));
    expect(error.code).toBe(code);
  });

  it('site check survives one overloaded answer', async () => {
    moodle.state.faults.inject({ path: '/lib/ajax/service-nologin.php', fault: { type: 'status', status: 503 } });
    const site = await checkSite(client(), moodle.url);
    expect(site.siteUrl).toBe(moodle.url);
    expect(moodle.state.stats.byPath['/lib/ajax/service-nologin.php']).toBe(2);
  });
});

// The test Moodle as a stateful site: submissions, uploads, tokens, site switches, update checks,
// batching, BBB meetings, counters and injected faults — all over real HTTP on 127.0.0.1.
// Over 400 lines on purpose: the whole stateful behaviour of the test Moodle that other tests rely on.

import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { callRest, encodePhpParams, fetchToken, SEED_PASSWORD, startTestMoodle, uploadFiles } from '../fixtures/moodle/index';
import type { TestMoodle } from '../fixtures/moodle/index';

type Json = Record<string, unknown>;

const FORM = { 'content-type': 'application/x-www-form-urlencoded' };

describe('test Moodle state', () => {
  let moodle: TestMoodle;
  let clockMs: number;
  let student: string;
  let teacher: string;

  const rest = async (token: string, fn: string, params: Parameters<typeof callRest>[3] = {}): Promise<Json> => (await callRest(moodle.url, token, fn, params)) as Json;
  const status = async (token: string, assignid: number): Promise<Json> => rest(token, 'mod_assign_get_submission_status', { assignid });
  const lastAttempt = (answer: Json): Json => answer.lastattempt as Json;

  beforeEach(async () => {
    clockMs = Date.parse('2026-11-22T11:40:46Z');
    moodle = await startTestMoodle({ now: () => clockMs });
    student = moodle.state.issueToken('student1');
    teacher = moodle.state.issueToken('teacher1');
  });
  afterEach(async () => {
    await moodle.close();
  });

  describe('assignments', () => {
    it('save then submit changes what get_submission_status returns; saving after submit gives the warning', async () => {
      const before = lastAttempt(await status(student, 1));
      expect(before.submission).toBeUndefined();
      expect(before).toMatchObject({ canedit: true, cansubmit: false, gradingstatus: 'notgraded' });

      clockMs += 5000;
      const saved = await rest(student, 'mod_assign_save_submission', {
        assignmentid: 1,
        plugindata: { onlinetext_editor: { text: '<p>Aufgabe 1: 16 €</p>', format: 1, itemid: 1 } },
      });
      expect(saved).toEqual([]);
      const draft = lastAttempt(await status(student, 1));
      expect(draft).toMatchObject({ canedit: true, cansubmit: true, submission: { status: 'draft', timemodified: Math.floor(clockMs / 1000) } });
      const plugins = (draft.submission as { plugins: { type: string; editorfields?: { text: string }[] }[] }).plugins;
      expect(plugins.find((p) => p.type === 'onlinetext')?.editorfields?.[0]?.text).toBe('<p>Aufgabe 1: 16 €</p>');

      const teacherView = (await status(teacher, 1)).gradingsummary as Json;
      expect(teacherView).toMatchObject({ participantcount: 3, submissiondraftscount: 1, submissionssubmittedcount: 0 });

      expect(await rest(student, 'mod_assign_submit_for_grading', { assignmentid: 1, acceptsubmissionstatement: 1 })).toEqual([]);
      const submitted = lastAttempt(await status(student, 1));
      expect(submitted).toMatchObject({ canedit: false, caneditowner: false, cansubmit: false, submission: { status: 'submitted' } });
      expect(moodle.state.getSubmission(1, 'student1')?.submission.status).toBe('submitted');
      expect((await status(teacher, 1)).gradingsummary).toMatchObject({ submissionssubmittedcount: 1, submissionsneedgradingcount: 1 });

      const again = await rest(student, 'mod_assign_save_submission', { assignmentid: 1, plugindata: { onlinetext_editor: { text: '<p>Nachtrag</p>', format: 1, itemid: 2 } } });
      expect(again).toEqual([{ item: 'The due date for this assignment has now passed', itemid: 1, warningcode: 'couldnotsavesubmission', message: 'Could not save submission.' }]);
      expect(moodle.state.getSubmission(1, 'student1')?.submission.onlineText).toBe('<p>Aufgabe 1: 16 €</p>');
    });

    it('upload then save attaches the files; the file URL serves the same bytes to the owner and the teacher only', async () => {
      const pdf = Buffer.from('%PDF-1.4\n% Rechenweg von Lena\n%%EOF\n');
      const uploaded = (await uploadFiles(moodle.url, student, [{ filename: 'Rechenweg Lena.pdf', content: pdf, type: 'application/pdf' }])) as Json[];
      expect(uploaded).toHaveLength(1);
      expect(uploaded[0]).toMatchObject({ filearea: 'draft', filename: 'Rechenweg Lena.pdf', userid: '4', filesize: pdf.length, author: 'Lena Müller' });
      const itemid = Number(uploaded[0]?.itemid);
      // A second upload into the same draft area keeps both files (and renames duplicates).
      const second = (await uploadFiles(moodle.url, student, [{ filename: 'Rechenweg Lena.pdf', content: Buffer.from('zwei') }], { itemid })) as Json[];
      expect(second[0]).toMatchObject({ itemid, filename: 'Rechenweg Lena (1).pdf' });

      expect(await rest(student, 'mod_assign_save_submission', { assignmentid: 1, plugindata: { files_filemanager: itemid } })).toEqual([]);
      const attempt = lastAttempt(await status(student, 1));
      const filePlugin = (attempt.submission as { plugins: { type: string; fileareas?: { files: { filename: string; fileurl: string; mimetype: string }[] }[] }[] }).plugins.find(
        (p) => p.type === 'file',
      );
      const files = filePlugin?.fileareas?.[0]?.files ?? [];
      expect(files.map((f) => f.filename)).toEqual(['Rechenweg Lena.pdf', 'Rechenweg Lena (1).pdf']);
      expect(moodle.state.getSubmission(1, 'student1')?.files.map((f) => f.content.toString())).toEqual([pdf.toString(), 'zwei']);

      const url = files[0]?.fileurl ?? '';
      expect(url).toMatch(/\/webservice\/pluginfile\.php\/21\/assignsubmission_file\/submission_files\/\d+\/Rechenweg%20Lena\.pdf$/);
      const download = await fetch(`${url}?token=${student}`);
      expect(download.status).toBe(200);
      expect(download.headers.get('content-type')).toBe('application/pdf');
      expect(Buffer.from(await download.arrayBuffer()).equals(pdf)).toBe(true);
      expect((await fetch(`${url}?token=${teacher}`)).status).toBe(200);
      const other = (await (await fetch(`${url}?token=${moodle.state.issueToken('student2')}`)).json()) as Json;
      expect(other.errorcode).toBe('nopermissions');
    });

    it('keeps Moodle limits: word limit, empty submission, other students cannot see grades', async () => {
      const long = `<p>${Array.from({ length: 601 }, () => 'Wort').join(' ')}</p>`;
      const tooLong = (await rest(student, 'mod_assign_save_submission', { assignmentid: 3, plugindata: { onlinetext_editor: { text: long, format: 1, itemid: 3 } } })) as unknown as Json[];
      expect(tooLong[0]?.warningcode).toBe('couldnotsavesubmission');
      expect(String(tooLong[0]?.item)).toContain('601 words');
      const nothing = (await rest(student, 'mod_assign_submit_for_grading', { assignmentid: 3 })) as unknown as Json[];
      expect(nothing[0]).toMatchObject({ warningcode: 'couldnotsubmitforgrading', item: 'Nothing was submitted' });
      const graded = await rest(student, 'mod_assign_get_submission_status', { assignid: 4, userid: 5 });
      expect(graded.errorcode).toBe('nopermissions');
    });

    it('grades set by the test show up as feedback', async () => {
      await rest(student, 'mod_assign_save_submission', { assignmentid: 2, plugindata: { onlinetext_editor: { text: '<p>Dreiecke</p>', format: 1, itemid: 1 } } });
      await rest(student, 'mod_assign_submit_for_grading', { assignmentid: 2 });
      moodle.state.gradeSubmission({ assignId: 2, username: 'student1', grade: 72.5, feedback: '<p>Gut!</p>' });
      const answer = await status(student, 2);
      expect(answer.feedback).toMatchObject({ gradefordisplay: '72.50&nbsp;/&nbsp;100.00', grade: { grade: '72.50000' } });
      expect(lastAttempt(answer)).toMatchObject({ graded: true, gradingstatus: 'graded' });
    });
  });

  describe('tokens and login', () => {
    it('a revoked token answers invalidtoken; an expired one accessexception, then invalidtoken', async () => {
      expect((await rest(student, 'core_webservice_get_site_info')).username).toBe('student1');
      expect(moodle.state.revokeToken(student)).toBe(true);
      expect(await rest(student, 'core_webservice_get_site_info')).toEqual({
        exception: 'core\\exception\\moodle_exception',
        errorcode: 'invalidtoken',
        message: 'Invalid token - token not found',
      });
      const fresh = await fetchToken(moodle.url, 'student1', SEED_PASSWORD);
      expect(fresh.token).not.toBe(student);
      moodle.state.expireToken(String(fresh.token));
      expect((await rest(String(fresh.token), 'core_webservice_get_site_info')).errorcode).toBe('accessexception');
      expect((await rest(String(fresh.token), 'core_webservice_get_site_info')).errorcode).toBe('invalidtoken');
    });

    it('login/token.php reuses the valid token of the user, as Moodle does', async () => {
      expect((await fetchToken(moodle.url, 'student1', SEED_PASSWORD)).token).toBe(student);
    });

    it('a suspended account gets invalidlogin from token.php and its old token stops working', async () => {
      const old = moodle.state.issueToken('student4');
      expect(await fetchToken(moodle.url, 'student4', SEED_PASSWORD)).toMatchObject({ errorcode: 'invalidlogin', error: 'Invalid login, please try again', stacktrace: null });
      expect((await rest(old, 'core_webservice_get_site_info')).errorcode).toBe('accessexception');
      moodle.state.suspendUser('student4', false);
      expect(typeof (await fetchToken(moodle.url, 'student4', SEED_PASSWORD)).token).toBe('string');
    });

    it('a password-change account gets a token, but functions answer forcepasswordchangenotice until it is changed', async () => {
      const login = await fetchToken(moodle.url, 'student5', SEED_PASSWORD);
      const token = String(login.token);
      expect(token).toMatch(/^[0-9a-f]{32}$/);
      expect((await rest(token, 'core_webservice_get_site_info')).username).toBe('student5');
      expect(await rest(token, 'core_enrol_get_users_courses', { userid: 8 })).toEqual({
        exception: 'core\\exception\\moodle_exception',
        errorcode: 'forcepasswordchangenotice',
        message: 'In order to continue you must change your password.',
      });
      moodle.state.setPassword('student5', 'Neu-2026!');
      expect(await rest(token, 'core_enrol_get_users_courses', { userid: 8 })).toEqual([]);
    });

    it('maintenance mode, web services off and the mobile service off answer like Moodle', async () => {
      moodle.state.setMaintenance(true, 'Wartung bis 8 Uhr');
      expect((await rest(student, 'core_webservice_get_site_info')).errorcode).toBe('sitemaintenance');
      expect((await fetchToken(moodle.url, 'student1', SEED_PASSWORD)).errorcode).toBe('sitemaintenance');
      expect((await fetchToken(moodle.url, 'admin', 'Admin-2026!')).token).toBeTruthy();
      const publicConfig = (await (await fetch(`${moodle.url}/lib/ajax/service-nologin.php?info=tool_mobile_get_public_config`, { method: 'POST', body: '[{"index":0,"methodname":"tool_mobile_get_public_config","args":{}}]' })).json()) as {
        data: Json;
      }[];
      expect(publicConfig[0]?.data).toMatchObject({ maintenanceenabled: 1, maintenancemessage: 'Wartung bis 8 Uhr' });
      moodle.state.setMaintenance(false);

      moodle.state.setMobileServiceEnabled(false);
      expect((await fetchToken(moodle.url, 'student1', SEED_PASSWORD)).errorcode).toBe('servicenotavailable');
      expect((await rest(student, 'core_webservice_get_site_info')).errorcode).toBe('accessexception');
      moodle.state.setMobileServiceEnabled(true);

      moodle.state.setWebServicesEnabled(false);
      const disabled = await fetch(`${moodle.url}/webservice/rest/server.php`, { method: 'POST', headers: FORM, body: encodePhpParams({ wstoken: student, wsfunction: 'core_webservice_get_site_info', moodlewsrestformat: 'json' }) });
      expect(disabled.status).toBe(403);
      expect(await disabled.text()).toBe('');
      expect((await fetchToken(moodle.url, 'student1', SEED_PASSWORD)).errorcode).toBe('enablewsdescription');
    });
  });

  describe('updates', () => {
    it('check_updates and get_updates_since report real changes after the given time', async () => {
      const since = Math.floor(clockMs / 1000);
      const updatesSince = async (): Promise<{ id: number; updates: { name: string; itemids?: number[] }[] }[]> =>
        (await rest(student, 'core_course_get_updates_since', { courseid: 2, since })).instances as { id: number; updates: { name: string; itemids?: number[] }[] }[];
      expect(await updatesSince()).toEqual([]);

      clockMs += 60_000;
      moodle.state.touchModule(4, { name: 'GeoGebra: Brüche (neu)' });
      const newFile = moodle.state.putModuleFile(5, 'Uebung_2_Brueche.pdf', Buffer.from('%PDF-1.4\n'));
      await rest(student, 'mod_assign_save_submission', { assignmentid: 1, plugindata: { onlinetext_editor: { text: '<p>x</p>', format: 1, itemid: 1 } } });

      const instances = await updatesSince();
      expect(instances.map((i) => i.id)).toEqual([4, 5, 6]);
      expect(instances.find((i) => i.id === 4)?.updates).toEqual([{ name: 'configuration', timeupdated: since + 60 }]);
      expect(instances.find((i) => i.id === 5)?.updates).toEqual([{ name: 'contentfiles', itemids: [newFile.id] }]);
      expect(instances.find((i) => i.id === 6)?.updates.map((u) => u.name)).toEqual(['submissions']);

      const checked = await rest(student, 'core_course_check_updates', {
        courseid: 2,
        tocheck: [
          { contextlevel: 'module', id: 4, since },
          { contextlevel: 'module', id: 3, since },
          { contextlevel: 'module', id: 999, since },
        ],
      });
      expect(checked.instances).toEqual([{ contextlevel: 'module', id: 4, updates: [{ name: 'configuration', timeupdated: since + 60 }] }]);
      expect((checked.warnings as Json[])[0]).toMatchObject({ itemid: 999, warningcode: 'missingcm' });

      const contents = (await rest(student, 'core_course_get_contents', { courseid: 2, options: [{ name: 'cmid', value: '5' }] })) as unknown as { modules: { contents: { filename: string }[] }[] }[];
      const folder = contents.flatMap((s) => s.modules)[0];
      expect(folder?.contents.map((c) => c.filename)).toContain('Uebung_2_Brueche.pdf');
    });
  });

  describe('batching and AJAX', () => {
    it('tool_mobile_call_external_functions runs calls in order, JSON-encodes data and stops at the first error', async () => {
      const answer = (await rest(student, 'tool_mobile_call_external_functions', {
        requests: [
          { function: 'core_webservice_get_site_info', arguments: '{}' },
          { function: 'mod_assign_get_submission_status', arguments: JSON.stringify({ assignid: 4 }) },
          { function: 'core_course_get_contents', arguments: JSON.stringify({ courseid: 99999 }) },
          { function: 'core_webservice_get_site_info', arguments: '{}' },
        ],
      })) as { responses: { error: boolean; data?: string; exception?: string }[] };
      expect(answer.responses.map((r) => r.error)).toEqual([false, false, true]);
      expect((JSON.parse(answer.responses[0]?.data ?? '{}') as Json).username).toBe('student1');
      expect(JSON.parse(answer.responses[2]?.exception ?? '{}')).toMatchObject({ errorcode: 'invalidrecordunknown', message: "Can't find data record in database." });

      const outside = (await rest(student, 'tool_mobile_call_external_functions', { requests: [{ function: 'core_user_create_users', arguments: '{}' }] })) as {
        responses: { error: boolean; exception?: string }[];
      };
      expect(JSON.parse(outside.responses[0]?.exception ?? '{}')).toEqual({ errorcode: 'accessexception', module: 'webservice' });
      expect(moodle.state.stats.byFunction.mod_assign_get_submission_status).toBe(1);
    });

    it('service-nologin.php takes args from the query too and refuses functions that need a login', async () => {
      const args = encodeURIComponent(JSON.stringify([{ index: 0, methodname: 'tool_mobile_get_public_config', args: {} }]));
      const viaGet = (await (await fetch(`${moodle.url}/lib/ajax/service-nologin.php?info=tool_mobile_get_public_config&args=${args}`)).json()) as { error: boolean; data: Json }[];
      expect(viaGet[0]).toMatchObject({ error: false, data: { sitename: 'Testschule SchulDesk', typeoflogin: 1, launchurl: `${moodle.url}/admin/tool/mobile/launch.php` } });
      const refused = (await (
        await fetch(`${moodle.url}/lib/ajax/service-nologin.php`, { method: 'POST', body: JSON.stringify([{ index: 0, methodname: 'core_webservice_get_site_info', args: {} }]) })
      ).json()) as { error: boolean; exception: Json }[];
      expect(refused[0]).toMatchObject({ error: true, exception: { errorcode: 'servicerequireslogin' } });
    });

    it('answers in XML when moodlewsrestformat is not json (Moodle’s default)', async () => {
      const response = await fetch(`${moodle.url}/webservice/rest/server.php`, { method: 'POST', headers: FORM, body: encodePhpParams({ wstoken: student, wsfunction: 'core_user_get_private_files_info' }) });
      const xml = await response.text();
      expect(xml).toContain('<KEY name="filecount"><VALUE>1</VALUE>');
      expect(xml.startsWith('<?xml')).toBe(true);
    });
  });

  describe('files', () => {
    it('serves page HTML (index.html), byte ranges and the browser variant with a session', async () => {
      const page = await fetch(`${moodle.url}/webservice/pluginfile.php/18/mod_page/content/index.html?forcedownload=1&token=${student}`);
      const html = await page.text();
      expect(page.headers.get('content-type')).toBe('text/html; charset=utf-8');
      expect(html).toContain('<img src="pizza_drei_achtel.png"');

      const pdfUrl = `${moodle.url}/webservice/pluginfile.php/17/mod_resource/content/0/Arbeitsblatt_Bruchrechnung.pdf?token=${student}`;
      const full = Buffer.from(await (await fetch(pdfUrl)).arrayBuffer());
      const part = await fetch(pdfUrl, { headers: { range: 'bytes=0-7' } });
      expect(part.status).toBe(206);
      expect(part.headers.get('content-range')).toBe(`bytes 0-7/${full.length}`);
      expect(await part.text()).toBe('%PDF-1.4');
      expect(full.subarray(full.length - 6).toString()).toBe('%%EOF\n');

      const notEnrolled = (await (await fetch(pdfUrl.replace(student, moodle.state.issueToken('student5')))).json()) as Json;
      expect(notEnrolled.errorcode).toBe('requireloginerror');
      const missing = await fetch(pdfUrl.replace('Arbeitsblatt_Bruchrechnung.pdf', 'Nichts.pdf'));
      expect(missing.status).toBe(404);
      expect(((await missing.json()) as Json).errorcode).toBe('filenotfound');

      // The browser variant works with a logged-in session cookie (and only then).
      const browserUrl = `${moodle.url}/pluginfile.php/17/mod_resource/content/0/Arbeitsblatt_Bruchrechnung.pdf`;
      expect((await fetch(browserUrl, { redirect: 'manual' })).status).toBe(303);
      const form = await fetch(`${moodle.url}/login/index.php`);
      const sessionCookie = (form.headers.getSetCookie()[0] ?? '').split(';')[0] ?? '';
      const logintoken = /name="logintoken" value="([^"]+)"/.exec(await form.text())?.[1] ?? '';
      const login = await fetch(`${moodle.url}/login/index.php`, {
        method: 'POST',
        headers: { ...FORM, cookie: sessionCookie },
        body: new URLSearchParams({ username: 'student1', password: SEED_PASSWORD, logintoken }).toString(),
        redirect: 'manual',
      });
      const loggedIn = (login.headers.getSetCookie()[0] ?? '').split(';')[0] ?? '';
      const viaSession = await fetch(browserUrl, { headers: { cookie: loggedIn }, redirect: 'manual' });
      expect(viaSession.status).toBe(200);
      expect(Buffer.from(await viaSession.arrayBuffer()).equals(full)).toBe(true);
    });

    it('private files can be uploaded and counted', async () => {
      await uploadFiles(moodle.url, student, [{ filename: 'Referat.txt', content: Buffer.from('Referat über Balladen') }], { filearea: 'private' });
      const info = await rest(student, 'core_user_get_private_files_info');
      expect(info).toMatchObject({ filecount: 2, filesize: moodle.state.filesIn(12, 'user', 'private').reduce((sum, f) => sum + f.content.length, 0) });
    });
  });

  describe('BigBlueButton', () => {
    it('a moderator joins through the signed URL, the room then runs; the teacher can end it, a student cannot', async () => {
      const wait = await rest(student, 'mod_bigbluebuttonbn_get_join_url', { cmid: 17 });
      expect((wait.warnings as Json[])[0]).toMatchObject({ warningcode: 'waitformoderator' });
      expect(await rest(student, 'mod_bigbluebuttonbn_can_join', { cmid: 17 })).toEqual({ can_join: false, cmid: 17 });

      const { join_url: joinUrl } = (await rest(teacher, 'mod_bigbluebuttonbn_get_join_url', { cmid: 17 })) as { join_url: string };
      expect(joinUrl).toMatch(/^http:\/\/127\.0\.0\.1:\d+\/bigbluebutton\/api\/join\?meetingID=cf590b01849bc377960e7f568c8e69e9ed10863a-3-2%5B0%5D&.*role=MODERATOR.*&checksum=[0-9a-f]{64}$/);
      const tampered = await fetch(joinUrl.replace('role=MODERATOR', 'role=VIEWER'), { redirect: 'manual' });
      expect(await tampered.text()).toContain('checksumError');
      const joined = await fetch(joinUrl, { redirect: 'manual' });
      expect(joined.status).toBe(302);
      const client = await fetch(joined.headers.get('location') ?? '');
      expect(await client.text()).toContain('Sabine Becker');

      expect(await rest(student, 'mod_bigbluebuttonbn_can_join', { cmid: 17 })).toEqual({ can_join: true, cmid: 17 });
      const info = await rest(student, 'mod_bigbluebuttonbn_meeting_info', { bigbluebuttonbnid: 2, updatecache: 1 });
      expect(info).toMatchObject({ statusrunning: true, moderatorcount: 1, participantcount: 0, canjoin: true, ismoderator: false });

      expect((await rest(student, 'mod_bigbluebuttonbn_end_meeting', { bigbluebuttonbnid: 2 })).errorcode).toBe('restrictedcontextexception');
      expect(await rest(teacher, 'mod_bigbluebuttonbn_end_meeting', { bigbluebuttonbnid: 2 })).toEqual({ warnings: [] });
      expect((await rest(student, 'mod_bigbluebuttonbn_meeting_info', { bigbluebuttonbnid: 2 })).statusrunning).toBe(false);
    });
  });

  describe('counters and faults', () => {
    it('counts requests per path and function, and bytes sent', async () => {
      moodle.state.stats.reset();
      await rest(student, 'core_course_get_contents', { courseid: 2 });
      await rest(student, 'core_course_get_contents', { courseid: 3 });
      await fetch(`${moodle.url}/webservice/pluginfile.php/17/mod_resource/content/0/Arbeitsblatt_Bruchrechnung.pdf?token=${student}`);
      const stats = moodle.state.stats;
      expect(stats.requests).toBe(3);
      expect(stats.byPath['/webservice/rest/server.php']).toBe(2);
      expect(stats.byFunction.core_course_get_contents).toBe(2);
      const pdfSize = moodle.state.filesIn(17, 'mod_resource', 'content')[0]?.content.length ?? 0;
      expect(stats.bytesSentByPath['/webservice/pluginfile.php/17/mod_resource/content/0/Arbeitsblatt_Bruchrechnung.pdf']).toBe(pdfSize);
      expect(stats.byEndpoint['/webservice/pluginfile.php']).toBe(1);
      expect(stats.bytesSentByEndpoint['/webservice/pluginfile.php']).toBe(pdfSize);
      expect(stats.bytesSent).toBeGreaterThan(pdfSize);
    });

    it('counts request bodies received and the bytes on the wire, headers included', async () => {
      moodle.state.stats.reset();
      const body = encodePhpParams({ wstoken: student, wsfunction: 'core_webservice_get_site_info', moodlewsrestformat: 'json' });
      const answers: string[] = [];
      for (let i = 0; i < 2; i++) answers.push(await (await fetch(`${moodle.url}/webservice/rest/server.php`, { method: 'POST', body, headers: FORM })).text());
      const stats = moodle.state.stats;
      expect(stats.requests).toBe(2);
      expect(stats.bytesReceived).toBe(2 * Buffer.byteLength(body));
      expect(stats.bytesSent).toBe(answers.reduce((sum, text) => sum + Buffer.byteLength(text), 0));
      // Request line and headers on top of the bodies, both ways (one keep-alive connection or two: same sums).
      expect(stats.wireBytesIn).toBeGreaterThan(stats.bytesReceived + 2 * 'POST /webservice/rest/server.php HTTP/1.1\r\n'.length);
      expect(stats.wireBytesOut).toBeGreaterThan(stats.bytesSent + 2 * 'HTTP/1.1 200 OK\r\n'.length);
      stats.reset();
      expect([stats.bytesReceived, stats.wireBytesIn, stats.wireBytesOut]).toEqual([0, 0, 0]);
    });

    it('fails the next N requests with 503 + Retry-After, then answers normally', async () => {
      moodle.state.faults.inject({ path: '/webservice/rest/server.php', times: 2, fault: { type: 'status', status: 503, retryAfter: 7 } });
      const body = encodePhpParams({ wstoken: student, wsfunction: 'core_webservice_get_site_info', moodlewsrestformat: 'json' });
      const post = (): Promise<Response> => fetch(`${moodle.url}/webservice/rest/server.php`, { method: 'POST', body, headers: FORM });
      const first = await post();
      expect(first.status).toBe(503);
      expect(first.headers.get('retry-after')).toBe('7');
      expect((await post()).status).toBe(503);
      expect(moodle.state.faults.pending()).toBe(0);
      const third = await post();
      expect(third.status).toBe(200);
      expect(((await third.json()) as Json).username).toBe('student1');
    });

    it('targets one wsfunction and can answer with HTML, truncated JSON, a huge body or nothing', async () => {
      moodle.state.faults.inject({ path: '/webservice/rest/server.php', wsfunction: 'core_course_get_contents', fault: { type: 'html' } });
      expect((await rest(student, 'core_webservice_get_site_info')).username).toBe('student1');
      const htmlAnswer = await fetch(`${moodle.url}/webservice/rest/server.php`, {
        method: 'POST',
        headers: FORM,
        body: encodePhpParams({ wstoken: student, wsfunction: 'core_course_get_contents', moodlewsrestformat: 'json', courseid: 2 }),
      });
      expect(htmlAnswer.headers.get('content-type')).toBe('text/html; charset=utf-8');
      expect(await htmlAnswer.text()).toContain('<!DOCTYPE html>');

      moodle.state.faults.inject({ path: '/webservice/rest/server.php', fault: { type: 'truncated' } });
      await expect(callRest(moodle.url, student, 'core_course_get_contents', { courseid: 2 })).rejects.toThrow(SyntaxError);

      moodle.state.faults.inject({ path: '/webservice/rest/server.php', fault: { type: 'truncated', abort: true } });
      await expect(callRest(moodle.url, student, 'core_course_get_contents', { courseid: 2 })).rejects.toThrow();

      moodle.state.faults.inject({ path: '/webservice/rest/server.php', fault: { type: 'huge', bytes: 3_000_000 } });
      const huge = await fetch(`${moodle.url}/webservice/rest/server.php`, { method: 'POST', body: 'wsfunction=x' });
      const text = await huge.text();
      expect(text.length).toBeGreaterThan(2_900_000);
      expect(Array.isArray(JSON.parse(text))).toBe(true);

      moodle.state.faults.inject({ path: '/webservice/pluginfile.php/*', fault: { type: 'reset' } });
      await expect(fetch(`${moodle.url}/webservice/pluginfile.php/17/mod_resource/content/0/Arbeitsblatt_Bruchrechnung.pdf?token=${student}`)).rejects.toThrow();

      moodle.state.faults.inject({ path: '/login/token.php', fault: { type: 'timeout' } });
      await expect(
        fetch(`${moodle.url}/login/token.php`, { method: 'POST', headers: FORM, body: encodePhpParams({ username: 'student1', password: SEED_PASSWORD, service: 'moodle_mobile_app' }), signal: AbortSignal.timeout(300) }),
      ).rejects.toThrow();

      moodle.state.faults.inject({ path: '/login/token.php', fault: { type: 'delay', ms: 50 } });
      expect((await fetchToken(moodle.url, 'student1', SEED_PASSWORD)).token).toBe(student);
    });
  });

  it('builds a larger school for benchmarks (courseCount)', async () => {
    const big = await startTestMoodle({ courseCount: 10 });
    try {
      const token = big.state.issueToken('student1');
      const courses = (await callRest(big.url, token, 'core_enrol_get_users_courses', { userid: 4 })) as Json[];
      expect(courses).toHaveLength(10);
      const extra = courses.find((c) => c.shortname === 'EN7B');
      const sections = (await callRest(big.url, token, 'core_course_get_contents', { courseid: Number(extra?.id) })) as { modules: { modname: string; contents?: { fileurl: string }[] }[] }[];
      const resource = sections.flatMap((s) => s.modules).find((m) => m.modname === 'resource');
      const file = await fetch(`${resource?.contents?.[0]?.fileurl}&token=${token}`);
      expect(file.headers.get('content-type')).toBe('application/pdf');
      const assignments = (await callRest(big.url, token, 'mod_assign_get_assignments')) as { courses: { assignments: unknown[] }[] };
      expect(assignments.courses.flatMap((c) => c.assignments)).toHaveLength(12);
    } finally {
      await big.close();
    }
  });
});

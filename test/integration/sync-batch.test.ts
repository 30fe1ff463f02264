import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { HttpClient } from '../../main/net/http-client';
import { MoodleClient } from '../../main/portal/moodle-client';
import { loginWithPassword } from '../../main/portal/password-login';
import { callBatch } from '../../main/sync/batch';
import { SEED_PASSWORD, startTestMoodle } from '../fixtures/moodle/index';
import type { TestMoodle } from '../fixtures/moodle/index';

let moodle: TestMoodle;
beforeEach(async () => {
  moodle = await startTestMoodle();
});
afterEach(async () => {
  await moodle.close();
});

describe('callBatch against the test Moodle', () => {
  it('sends several reads in one HTTP request and reports a failing call and the skipped rest', async () => {
    const http = new HttpClient({ sleep: async () => {}, random: () => 0.5 });
    const login = await loginWithPassword(http, { site: moodle.url, username: 'student1', password: SEED_PASSWORD });
    const client = new MoodleClient(http);
    const before = moodle.state.stats.requests;
    const results = await callBatch(client, moodle.url, login.token, [
      { wsfunction: 'mod_assign_get_assignments', args: { courseids: [2, 3] } },
      { wsfunction: 'core_course_get_contents', args: { courseid: 2 } },
      { wsfunction: 'core_course_get_contents', args: { courseid: 999999 } },
      { wsfunction: 'core_course_get_contents', args: { courseid: 3 } },
    ]);
    expect(moodle.state.stats.requests - before).toBe(1);
    expect(results[0]).toMatchObject({ ok: true, data: { courses: expect.any(Array) } });
    expect(results[1]).toMatchObject({ ok: true, data: expect.any(Array) });
    expect(results[2]).toMatchObject({ ok: false });
    expect(results[2]?.ok === false && results[2].errorcode).not.toBe('skipped');
    expect(results[3]).toMatchObject({ ok: false, errorcode: 'skipped' });
  });
});

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

describe('syncAssignments against the test Moodle', () => {
  it('stores every assignment and its status in two requests', async () => {
    const { mkdtempSync, rmSync } = await import('node:fs');
    const { tmpdir } = await import('node:os');
    const { join } = await import('node:path');
    const { openDatabase } = await import('../../main/store/database');
    const { APP_MIGRATIONS } = await import('../../main/store/migrations');
    const { AssignmentsRepository } = await import('../../main/assignments/index');
    const { syncAssignments } = await import('../../main/sync/assignments-sync');
    const dir = mkdtempSync(join(tmpdir(), 'schuldesk-sync-'));
    const store = openDatabase(join(dir, 'app.sqlite'), { migrations: APP_MIGRATIONS });
    try {
      store.run(`INSERT INTO accounts (id, site_url, site_name, user_id, username, full_name, lang, created_at, last_used_at)
        VALUES ('a1', ?, 'M', 1, 'student1', 'Lena', 'de', 0, 0)`, moodle.url);
      const http = new HttpClient({ sleep: async () => {}, random: () => 0.5 });
      const login = await loginWithPassword(http, { site: moodle.url, username: 'student1', password: SEED_PASSWORD });
      const repo = new AssignmentsRepository(store);
      const before = moodle.state.stats.requests;
      const result = await syncAssignments(new MoodleClient(http), moodle.url, login.token, 'a1', repo, 1000);
      expect(moodle.state.stats.requests - before).toBe(2);
      expect(result.statusesFailed).toBe(0);
      const rows = repo.list('a1');
      expect(rows.length).toBe(result.assignments);
      expect(rows.length).toBeGreaterThan(0);
      expect(rows.every((r) => r.status !== null && r.name.length > 0)).toBe(true);
    } finally {
      store.close();
      rmSync(dir, { recursive: true, force: true });
    }
  });
});

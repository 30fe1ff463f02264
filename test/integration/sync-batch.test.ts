import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { AssignmentsRepository } from '../../main/assignments/index';
import { openDatabase } from '../../main/store/database';
import { APP_MIGRATIONS } from '../../main/store/migrations';
import { LIST_REFRESH_MS, STATUS_REFRESH_MS, syncAssignments } from '../../main/sync/assignments-sync';
import { UPDATES_SINCE_MARGIN_S } from '../../main/sync/task';
import { HttpClient } from '../../main/net/http-client';
import { MoodleClient } from '../../main/portal/moodle-client';
import { loginWithPassword } from '../../main/portal/password-login';
import { callBatch } from '../../main/sync/batch';
import { SEED_PASSWORD, startTestMoodle } from '../fixtures/moodle/index';
import type { TestMoodle } from '../fixtures/moodle/index';


/** A real SQLite file with student1's account 'a1' at `siteUrl`; closed and removed after `work`. */
async function withAssignmentsStore(siteUrl: string, work: (repo: AssignmentsRepository) => Promise<void>): Promise<void> {
  const dir = mkdtempSync(join(tmpdir(), 'schuldesk-sync-'));
  const store = openDatabase(join(dir, 'app.sqlite'), { migrations: APP_MIGRATIONS });
  try {
    store.run(`INSERT INTO accounts (id, site_url, site_name, user_id, username, full_name, lang, created_at, last_used_at)
      VALUES ('a1', ?, 'M', 1, 'student1', 'Lena', 'de', 0, 0)`, siteUrl);
    await work(new AssignmentsRepository(store));
  } finally {
    store.close();
    rmSync(dir, { recursive: true, force: true });
  }
}

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
    await withAssignmentsStore(moodle.url, async (repo) => {
      const http = new HttpClient({ sleep: async () => {}, random: () => 0.5 });
      const login = await loginWithPassword(http, { site: moodle.url, username: 'student1', password: SEED_PASSWORD });
      const before = moodle.state.stats.requests;
      const result = await syncAssignments(new MoodleClient(http), moodle.url, login.token, 'a1', repo, 1000);
      expect(moodle.state.stats.requests - before).toBe(2);
      expect(result.statusesFailed).toBe(0);
      const rows = repo.list('a1');
      expect(rows.length).toBe(result.assignments);
      expect(rows.length).toBeGreaterThan(0);
      expect(rows.every((r) => r.status !== null && r.name.length > 0)).toBe(true);
    });
  });
});

describe('syncAssignments: later runs ask only for statuses that can have changed', () => {
  it('one request when nothing changed; a grade from the teacher, a new status age or a failed status brings exactly that one back', async () => {
    let clock = Date.UTC(2026, 10, 23, 8, 0, 0);
    const site = await startTestMoodle({ now: () => clock });
    // The school's data exists a while before the first sync (further back than the since margin).
    clock += 60 * 60_000;
    // Runs are 30 min apart as the engine plans them (always longer than the since margin).
    const RUN_GAP = 30 * 60_000;
    expect(RUN_GAP).toBeGreaterThan(UPDATES_SINCE_MARGIN_S * 1000);
    try {
      await withAssignmentsStore(site.url, async (repo) => {
        const http = new HttpClient({ sleep: async () => {}, random: () => 0.5 });
        const token = site.state.issueToken('student1');
        const client = new MoodleClient(http);
        const run = async (since: number | null, retry: ReadonlySet<number> = new Set()) => {
          site.state.stats.reset();
          const result = await syncAssignments(client, site.url, token, 'a1', repo, clock, since, retry);
          return { ...result, requests: site.state.stats.requests, statusCalls: site.state.stats.byFunction.mod_assign_get_submission_status ?? 0 };
        };

        const first = await run(null);
        expect(first).toMatchObject({ requests: 2, statusesFailed: 0 });
        expect(first.statusCalls).toBe(first.assignments);

        // `since` is the previous run's start (what the engine records as its last success).
        let since = clock;
        clock += RUN_GAP;
        expect(await run(since)).toMatchObject({ requests: 1, statusesFetched: 0, statusCalls: 0 });
        expect(site.state.stats.byFunction.core_course_get_updates_since).toBeGreaterThan(0);

        // The teacher grades "Hausaufgabe: Prozentrechnung" (assign 1): only its status is asked for again.
        since = clock;
        clock += 60_000;
        site.state.gradeSubmission({ assignId: 1, username: 'student1', grade: 90, feedback: 'Sehr gut gerechnet.' });
        clock += RUN_GAP;
        expect(await run(since)).toMatchObject({ requests: 2, statusesFetched: 1, statusCalls: 1 });
        expect(repo.get('a1', 1)?.status?.grade).toContain('90');

        // A status failed in an earlier run is asked for again, even with no update since.
        since = clock;
        clock += RUN_GAP;
        expect(await run(since, new Set([2]))).toMatchObject({ requests: 2, statusesFetched: 1 });

        // A grade given in the same second as the run's start, after the run's one request (Moodle
        // compares `timemodified > since` in whole seconds): the next run still asks for it.
        since = clock;
        expect(await run(since)).toMatchObject({ requests: 1, statusesFetched: 0 });
        clock += 400;
        site.state.gradeSubmission({ assignId: 3, username: 'student1', grade: 55 });
        clock += RUN_GAP;
        const next = await run(since);
        expect(next).toMatchObject({ requests: 2, statusesFetched: 1 });
        expect(repo.get('a1', 3)?.status?.grade).toContain('55');

        // After STATUS_REFRESH_MS every status is asked for again (what updates cannot show).
        since = clock;
        clock += STATUS_REFRESH_MS;
        const refreshed = await run(since);
        expect(refreshed.statusesFetched).toBe(first.assignments);
      });
    } finally {
      await site.close();
    }
  });
});

describe('syncAssignments: the assignment list only when something calls for it', () => {
  it('not on a quiet run; with a course outside the last list, or after LIST_REFRESH_MS, in the first request', async () => {
    let clock = Date.UTC(2026, 10, 23, 8, 0, 0);
    const site = await startTestMoodle({ now: () => clock });
    clock += 60 * 60_000;
    try {
      await withAssignmentsStore(site.url, async (repo) => {
        const client = new MoodleClient(new HttpClient({ sleep: async () => {}, random: () => 0.5 }));
        const token = site.state.issueToken('student1');
        const run = async (since: number | null, courseIds: number[], listedCourses: ReadonlySet<number> | null) => {
          site.state.stats.reset();
          const result = await syncAssignments(client, site.url, token, 'a1', repo, clock, since, new Set(), { courseIds, listedCourses });
          return { ...result, requests: site.state.stats.requests, listCalls: site.state.stats.byFunction.mod_assign_get_assignments ?? 0 };
        };
        const first = await run(null, [], null);
        expect(first).toMatchObject({ requests: 2, listCalls: 1 });
        const listed = first.listedCourses ?? new Set<number>();
        expect([...listed].sort()).toEqual([2, 3]);
        let since = clock;
        clock += 30 * 60_000;
        expect(await run(since, [2, 3], listed)).toMatchObject({ requests: 1, listCalls: 0, listedCourses: null, statusesFetched: 0 });
        // The student joined a course the last list did not cover: the list rides in the one request.
        since = clock;
        clock += 30 * 60_000;
        const joined = await run(since, [2, 3, 4], listed);
        expect(joined).toMatchObject({ requests: 1, listCalls: 1, statusesFetched: 0 });
        expect([...(joined.listedCourses ?? [])].sort()).toEqual([2, 3, 4]);
        // Hours later (a deleted or re-shown assignment is no "update"): the list again.
        since = clock;
        clock += LIST_REFRESH_MS;
        expect((await run(since, [2, 3], listed)).listCalls).toBe(1);
      });
    } finally {
      await site.close();
    }
  });
});

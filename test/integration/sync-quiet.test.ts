/**
 * One request for a quiet sync: the content and assignments tasks run as one stage and share their
 * portal requests (main/sync/run-batch.ts), core_course_get_updates_since is asked once per course.
 * Through the real composition root against the test Moodle over HTTP, counting the requests the
 * portal sees; changes (an activity added, a submission graded) still reach the store, also when the
 * two tasks ask from different times.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import type { CourseView } from '../../preload/contract/content';
import type { AssignmentDetailView, AssignmentSummaryView } from '../../preload/contract/assignments';
import { loginWithPassword } from '../../main/portal/password-login';
import { MoodleClient } from '../../main/portal/moodle-client';
import { HttpClient } from '../../main/net/http-client';
import { createServices } from '../../main/services';
import type { Services } from '../../main/services';
import { ASSIGNMENTS_TASK } from '../../main/sync/assignments-feature';
import { callBatch } from '../../main/sync/batch';
import { SharedBatch } from '../../main/sync/run-batch';
import { SyncStateRepository } from '../../main/sync/sync-state';
import type { SyncStatus } from '../../main/sync/engine';
import { Secret } from '../../main/vault/secret';
import { SEED_PASSWORD, startTestMoodle } from '../fixtures/moodle';
import type { TestMoodle } from '../fixtures/moodle';

const clock = { now: 0 };
let dir: string | null = null;
let moodle: TestMoodle | null = null;
let services: Services | null = null;

afterEach(async () => {
  await services?.close();
  services = null;
  await moodle?.close();
  moodle = null;
  if (dir) rmSync(dir, { recursive: true, force: true });
  dir = null;
});

interface Handlers {
  'sync.now': () => Promise<SyncStatus>;
  'content.course': (id: number) => Promise<CourseView>;
  'assignments.list': () => Promise<AssignmentSummaryView[]>;
  'assignments.get': (id: number) => Promise<AssignmentDetailView>;
}

/** The school's data exists an hour before the student signs in (outside the `since` margin); then the first sync. */
async function signedInAndSynced(courseCount: number) {
  clock.now = Date.UTC(2026, 10, 23, 8, 0);
  moodle = await startTestMoodle({ courseCount, now: () => clock.now });
  clock.now += 60 * 60_000;
  dir = mkdtempSync(join(tmpdir(), 'schuldesk-quiet-'));
  services = await createServices({ now: () => clock.now, shell: 'browser', appVersion: '0.0.0-test', dataDir: dir, policySources: [] });
  const user = moodle.state.requireUser('student1');
  const { account } = services.context.accounts.signIn(
    { siteUrl: moodle.url, siteName: 'Testschule', userId: user.id, username: 'student1', fullName: 'Lena', lang: 'de' },
    { token: new Secret(moodle.state.issueToken('student1')), privateToken: null },
  );
  const handlers = services.handlers as unknown as Handlers;
  expect((await handlers['sync.now']()).state).toBe('idle');
  return { handlers, accountId: account.id, courses: moodle.state.coursesOf(user.id).length, stats: moodle.state.stats, state: moodle.state };
}

/** An assignment in Mathematik (course 2) that student1 has no grade for yet. */
function ungradedOfStudent1(state: TestMoodle['state']): { assignId: number } {
  const student = state.requireUser('student1');
  const found = state.modulesOfCourse(2).find((m) => m.modname === 'assign' && state.gradeOf(m.instance, student.id) === undefined);
  if (!found) throw new Error('seed: course 2 has no ungraded assignment of student1');
  return { assignId: found.instance };
}

describe('a quiet sync is one request', () => {
  for (const courseCount of [2, 12]) {
    it(`${courseCount} courses: one batched request, each course checked once for both tasks`, async () => {
      const { handlers, courses, stats } = await signedInAndSynced(courseCount);
      expect(courses).toBeGreaterThanOrEqual(courseCount);
      clock.now += 60 * 60_000;
      stats.reset();
      expect((await handlers['sync.now']()).state).toBe('idle');
      expect(stats.requests).toBe(1);
      expect(stats.byFunction).toMatchObject({
        tool_mobile_call_external_functions: 1,
        core_enrol_get_users_courses: 1,
        core_course_get_updates_since: courses,
      });
      // Nothing changed: no contents, no status, and not the assignment list (the largest answer).
      expect(stats.byFunction.core_course_get_contents).toBeUndefined();
      expect(stats.byFunction.mod_assign_get_submission_status).toBeUndefined();
      expect(stats.byFunction.mod_assign_get_assignments).toBeUndefined();
    });
  }

  it('an activity added and a submission graded both arrive, in one shared check and one shared fetch', async () => {
    const { handlers, stats, state } = await signedInAndSynced(2);
    const ungraded = ungradedOfStudent1(state);
    const before = (await handlers['assignments.list']()).find((a) => a.assignId === ungraded.assignId);
    expect(before?.grade).toBeNull();
    clock.now += 20 * 60_000;
    state.addUrlModule(2, 1, { name: 'Neue Linksammlung', externalurl: 'https://example.org/links' });
    state.gradeSubmission({ assignId: ungraded.assignId, username: 'student1', grade: 77 });
    clock.now += 20 * 60_000;
    stats.reset();
    expect((await handlers['sync.now']()).state).toBe('idle');
    expect(stats.requests).toBe(2);
    expect(stats.byFunction.core_course_get_updates_since).toBe(2);
    expect(stats.byFunction.mod_assign_get_submission_status).toBe(1);
    const names = (await handlers['content.course'](2)).sections.flatMap((s) => s.modules.map((m) => m.name));
    expect(names).toContain('Neue Linksammlung');
    expect((await handlers['assignments.get'](ungraded.assignId)).grade).toBe('77.00 / 100.00');
  });

  it('an assignment the teacher edits (a new title) brings the assignment list again, in the second shared request', async () => {
    const { handlers, stats, state } = await signedInAndSynced(2);
    const { assignId } = ungradedOfStudent1(state);
    const cmid = state.assignById(assignId)?.cmid ?? 0;
    clock.now += 20 * 60_000;
    state.touchModule(cmid, { name: 'Neu benannt: Prozente im Alltag' });
    clock.now += 20 * 60_000;
    stats.reset();
    expect((await handlers['sync.now']()).state).toBe('idle');
    expect(stats.requests).toBe(2);
    expect(stats.byFunction.mod_assign_get_assignments).toBe(1);
    expect((await handlers['assignments.list']()).find((a) => a.assignId === assignId)?.title).toBe('Neu benannt: Prozente im Alltag');
  });

  it('tasks asking from different times: the check goes out once with the older since, and each task sees its own changes', async () => {
    const { handlers, accountId, stats, state } = await signedInAndSynced(2);
    const ungraded = ungradedOfStudent1(state);
    const repo = new SyncStateRepository(services?.context.store ?? (() => { throw new Error('no services'); })());
    const firstRun = repo.get(accountId, ASSIGNMENTS_TASK)?.lastSuccessAt ?? 0;
    // The teacher grades; then a run in which (as if) only the content task succeeded.
    clock.now += 20 * 60_000;
    state.gradeSubmission({ assignId: ungraded.assignId, username: 'student1', grade: 64 });
    clock.now += 20 * 60_000;
    expect((await handlers['sync.now']()).state).toBe('idle');
    repo.recordSuccess(accountId, ASSIGNMENTS_TASK, firstRun);
    const row = services?.context.store.get<{ grade: string | null }>('SELECT grade FROM assignment_status WHERE account_id = ? AND assign_id = ?', accountId, ungraded.assignId);
    services?.context.store.run('UPDATE assignment_status SET grade = NULL, raw_json = ? WHERE account_id = ? AND assign_id = ?', '{}', accountId, ungraded.assignId);
    expect(row).toBeDefined();
    clock.now += 20 * 60_000;
    stats.reset();
    expect((await handlers['sync.now']()).state).toBe('idle');
    // One check per course, asked from the assignments task's older time.
    expect(stats.byFunction.core_course_get_updates_since).toBe(2);
    expect(stats.byFunction.mod_assign_get_submission_status).toBe(1);
    expect((await handlers['assignments.get'](ungraded.assignId)).grade).toBe('64.00 / 100.00');
  });
});

describe('SharedBatch against the test Moodle', () => {
  it('answers each task as its own request would have: narrowed updates; a failure in one part does not skip the other', async () => {
    clock.now = Date.UTC(2026, 10, 23, 8, 0);
    moodle = await startTestMoodle({ now: () => clock.now });
    clock.now += 60 * 60_000;
    const http = new HttpClient({ sleep: async () => {}, random: () => 0.5 });
    const login = await loginWithPassword(http, { site: moodle.url, username: 'student1', password: SEED_PASSWORD });
    const client = new MoodleClient(http);
    const send = (calls: Parameters<typeof callBatch>[3]) => callBatch(client, moodle?.url ?? '', login.token, calls);
    const module = moodle.state.modulesOfCourse(2)[0];
    if (!module) throw new Error('seed: course 2 has no module');
    const touchedAt = Math.floor(clock.now / 1000);
    moodle.state.touchModule(module.cmid, { name: 'Geändert' });
    clock.now += 10 * 60_000;

    const shared = new SharedBatch((calls) => send(calls), 2);
    const a = shared.participant(0);
    const b = shared.participant(1);
    const before = moodle.state.stats.requests;
    const [answerA, answerB] = await Promise.all([
      // Task A asks from after the change (it already has it) and fails one call of its own.
      a.batch([
        { wsfunction: 'core_course_get_contents', args: { courseid: 999999 } },
        { wsfunction: 'core_course_get_updates_since', args: { courseid: 2, since: touchedAt + 60 } },
      ]).finally(() => a.done()),
      // Task B asks from before the change, only for configuration.
      b.batch([
        { wsfunction: 'core_course_get_contents', args: { courseid: 3 } },
        { wsfunction: 'core_course_get_updates_since', args: { courseid: 2, since: touchedAt - 60, filter: ['configuration'] } },
      ]).finally(() => b.done()),
    ]);
    // The failing call skipped B's part; B's part went again (2 requests), the shared check once per round.
    expect(moodle.state.stats.requests - before).toBe(2);
    expect(answerA[0]).toMatchObject({ ok: false });
    expect(answerA[0]?.ok === false && answerA[0].errorcode).not.toBe('skipped');
    expect(answerB[0]).toMatchObject({ ok: true, data: expect.any(Array) });
    // B sees the change it has not seen; A, asking from after it, does not.
    expect(answerB[1]).toMatchObject({ ok: true, data: { instances: [{ id: module.cmid, updates: [{ name: 'configuration' }] }] } });
    expect(answerA[1]).toMatchObject({ ok: true, data: { instances: [] } });
    expect(shared.requests).toBe(2);
  });
});

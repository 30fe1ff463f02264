/**
 * Content sync through the real composition root against the test Moodle over HTTP, real SQLite:
 * first sync writes courses, contents and deadlines in 2 requests; a sync with no change makes
 * only the one check-updates batch; a changed module refetches only its course; a malformed
 * answer throws a clear error and leaves the stored data as it was.
 */
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { CONTENTS_REFRESH_MS, CONTENTS_REFRESH_PER_RUN, DEADLINES_REFRESH_MS } from '../../main/content/content-sync';
import type { SyncTaskResult } from '../../main/sync/task';
import { startTestMoodle } from '../fixtures/moodle';
import type { TestMoodle } from '../fixtures/moodle';
import { startContentFixture } from './content-fixture';
import type { ContentCall, ContentFixture } from './content-fixture';

let moodle: TestMoodle;
let fx: ContentFixture;
let clock = Date.UTC(2026, 10, 23, 8, 0, 0);
let call: ContentCall;
const runSync = (lastSuccessAt: number | null): Promise<SyncTaskResult> => fx.runSync(lastSuccessAt);

beforeEach(async () => {
  clock = Date.UTC(2026, 10, 23, 8, 0, 0);
  moodle = await startTestMoodle({ now: () => clock });
  // The school's courses exist a while before the first sync (further back than the since margin).
  clock += 60 * 60 * 1000;
  fx = await startContentFixture(moodle, { now: () => clock });
  call = fx.call;
});
afterEach(async () => {
  await fx.close();
  await moodle.close();
});

describe('content sync task', () => {
  it('is registered with order 10', () => {
    expect(fx.context.syncTasks.list().find((t) => t.name === 'content')?.order).toBe(10);
  });

  it('first sync stores courses, contents and deadlines in 2 requests; no change → only the check-updates batch', async () => {
    moodle.state.stats.reset();
    const first = await runSync(null);
    expect(first).toEqual({ changed: true, requests: 2 });
    expect(moodle.state.stats.requests).toBe(2);

    const courses = await call('content.courses');
    expect(courses.map((c) => c.fullname)).toEqual(expect.arrayContaining(['Mathematik 7b', 'Deutsch 7b']));
    expect(courses.every((c) => c.syncedAt === clock)).toBe(true);
    const mathe = await call('content.course', 2);
    const kinds = new Set(mathe.sections.flatMap((s) => s.modules.map((m) => m.kind)));
    for (const kind of ['file', 'page', 'url', 'folder', 'assign', 'bigbluebuttonbn'] as const) expect(kinds).toContain(kind);
    const url = mathe.sections.flatMap((s) => s.modules).find((m) => m.kind === 'url');
    expect(url?.externalUrl).toMatch(/^https:\/\//);
    const file = mathe.sections.flatMap((s) => s.modules).find((m) => m.kind === 'file');
    expect(file?.files[0]?.fileRef).toContain('/webservice/pluginfile.php/');
    expect(file?.files[0]?.fileRef).not.toContain('token');
    const deadlines = await call('content.deadlines');
    expect(deadlines.length).toBeGreaterThan(0);
    expect(deadlines.every((d) => d.dueAt > 0)).toBe(true);

    // Nothing changed: one request (course list, calendar and get_updates_since together), no contents.
    const lastSuccess = clock;
    clock += 60 * 60 * 1000;
    moodle.state.stats.reset();
    const second = await runSync(lastSuccess);
    expect(second).toEqual({ changed: false, requests: 1 });
    expect(moodle.state.stats.requests).toBe(1);
    expect(moodle.state.stats.byFunction.core_course_get_contents ?? 0).toBe(0);
    expect(moodle.state.stats.byFunction.core_course_get_updates_since).toBe(2);
    expect(moodle.state.stats.byFunction.core_course_check_updates ?? 0).toBe(0);
    // The (large) calendar answer is not asked for again within DEADLINES_REFRESH_MS …
    expect(moodle.state.stats.byFunction.core_calendar_get_action_events_by_timesort ?? 0).toBe(0);
    expect((await call('content.course', 2)).syncedAt).toBe(clock);

    // … after that it rides along in the same single request.
    const third = clock;
    clock += DEADLINES_REFRESH_MS;
    moodle.state.stats.reset();
    expect(await runSync(third)).toEqual({ changed: false, requests: 1 });
    expect(moodle.state.stats.requests).toBe(1);
    expect(moodle.state.stats.byFunction.core_calendar_get_action_events_by_timesort).toBe(1);
  });

  it('a changed module refetches only its course', async () => {
    await runSync(null);
    const lastSuccess = clock;
    clock += 60 * 60 * 1000;
    const mathe = await call('content.course', 2);
    const page = mathe.sections.flatMap((s) => s.modules).find((m) => m.kind === 'page');
    if (!page) throw new Error('no page');
    moodle.state.touchModule(page.cmid, { name: 'Brüche kürzen (neu)' });
    moodle.state.stats.reset();
    const result = await runSync(lastSuccess);
    expect(result).toEqual({ changed: true, requests: 2 });
    expect(moodle.state.stats.byFunction.core_course_get_contents).toBe(1);
    // A changed course refreshes the deadlines too, in the contents batch.
    expect(moodle.state.stats.byFunction.core_calendar_get_action_events_by_timesort).toBe(1);
    const names = (await call('content.course', 2)).sections.flatMap((s) => s.modules.map((m) => m.name));
    expect(names).toContain('Brüche kürzen (neu)');
  });

  it('an activity added to an otherwise unchanged course is fetched (get_updates_since reports it)', async () => {
    await runSync(null);
    const lastSuccess = clock;
    clock += 60 * 60 * 1000;
    const added = moodle.state.addUrlModule(3, 1, { name: 'Neu: Lesetagebuch-Vorlage', externalurl: 'https://example.org/lesetagebuch' });
    moodle.state.stats.reset();
    expect(await runSync(lastSuccess)).toEqual({ changed: true, requests: 2 });
    expect(moodle.state.stats.byFunction.core_course_get_contents).toBe(1);
    const deutsch = (await call('content.course', 3)).sections.flatMap((s) => s.modules);
    expect(deutsch.find((m) => m.cmid === added.cmid)).toMatchObject({ name: 'Neu: Lesetagebuch-Vorlage', kind: 'url' });
    // Mathematik was not touched: not fetched again.
    expect((await call('content.course', 2)).sections.flatMap((s) => s.modules).some((m) => m.cmid === added.cmid)).toBe(false);
  });

  it('a change in the same second as the run’s start, after its check, is picked up by the next run', async () => {
    const first = clock;
    await runSync(null);
    // Deutsch changes half an hour before run 2, so run 2 has a second (contents) batch; while that
    // is in flight the teacher adds a link to Mathematik (400 ms after run 2's start: same second).
    clock += 30 * 60 * 1000;
    moodle.state.touchModule(moodle.state.modulesOfCourse(3)[0]?.cmid ?? 0, { name: 'Geändert vor dem Lauf' });
    clock += 30 * 60 * 1000;
    const started = clock;
    moodle.state.faults.inject({
      path: '/webservice/rest/server.php', wsfunction: 'tool_mobile_call_external_functions', after: 1,
      fault: { type: 'hook', run: () => {
        clock += 400;
        moodle.state.addUrlModule(2, 1, { name: 'Neu während des Abgleichs', externalurl: 'https://example.org/neu' });
      } },
    });
    expect(await runSync(first)).toEqual({ changed: true, requests: 2 });
    const names = async () => (await call('content.course', 2)).sections.flatMap((s) => s.modules.map((m) => m.name));
    expect(await names()).not.toContain('Neu während des Abgleichs');
    // Run 3 asks since run 2's start (what the engine records): Mathematik is fetched with the link.
    clock += 30 * 60 * 1000;
    moodle.state.stats.reset();
    expect(await runSync(started)).toEqual({ changed: true, requests: 2 });
    expect(moodle.state.stats.byFunction.core_course_get_contents).toBe(1);
    expect(await names()).toContain('Neu während des Abgleichs');
  });

  it('an activity made visible (no update for get_updates_since) appears once the course’s contents are CONTENTS_REFRESH_MS old', async () => {
    const url = moodle.state.modulesOfCourse(2).find((m) => m.modname === 'url');
    if (!url) throw new Error('no url module');
    moodle.state.setModuleVisible(url.cmid, false);
    const first = clock;
    await runSync(null);
    const cmids = async () => (await call('content.course', 2)).sections.flatMap((x) => x.modules.map((m) => m.cmid));
    expect(await cmids()).not.toContain(url.cmid);

    // The teacher shows it again: Moodle changes course_modules only, so the next check reports nothing.
    clock += 30 * 60 * 1000;
    moodle.state.setModuleVisible(url.cmid, true);
    clock += 30 * 60 * 1000;
    const second = clock;
    moodle.state.stats.reset();
    expect(await runSync(first)).toEqual({ changed: false, requests: 1 });
    expect(await cmids()).not.toContain(url.cmid);

    // CONTENTS_REFRESH_MS after the fetch the course is fetched again anyway .
    clock = first + CONTENTS_REFRESH_MS;
    moodle.state.stats.reset();
    expect(await runSync(second)).toEqual({ changed: true, requests: 2 });
    expect(moodle.state.stats.byFunction.core_course_get_contents).toBe(2);
    // The calendar comes once, because its own DEADLINES_REFRESH_MS is due — the refresh does not add it.
    expect(moodle.state.stats.byFunction.core_calendar_get_action_events_by_timesort).toBe(1);
    expect(await cmids()).toContain(url.cmid);

    // Fetched just now: the next run is quiet again.
    const third = clock;
    clock += 30 * 60 * 1000;
    moodle.state.stats.reset();
    expect(await runSync(third)).toEqual({ changed: false, requests: 1 });
    expect(moodle.state.stats.byFunction.core_course_get_contents ?? 0).toBe(0);
  });

  it('the refresh takes a few courses per run (oldest first), so courses fetched together drift apart', async () => {
    await fx.close();
    await moodle.close();
    clock = Date.UTC(2026, 10, 23, 8, 0, 0);
    moodle = await startTestMoodle({ courseCount: 10, now: () => clock });
    clock += 60 * 60 * 1000;
    fx = await startContentFixture(moodle, { now: () => clock });
    call = fx.call;
    let last = clock;
    await runSync(null);
    clock += CONTENTS_REFRESH_MS;
    const perRun: number[] = [];
    for (let run = 0; run < 5; run += 1) {
      moodle.state.stats.reset();
      const started = clock;
      const result = await runSync(last);
      perRun.push(moodle.state.stats.byFunction.core_course_get_contents ?? 0);
      expect(result.changed).toBe(false); // the same contents again: nothing for the UI to reload
      last = started;
      clock += 30 * 60 * 1000;
    }
    expect(perRun).toEqual([CONTENTS_REFRESH_PER_RUN, CONTENTS_REFRESH_PER_RUN, CONTENTS_REFRESH_PER_RUN, 10 - 3 * CONTENTS_REFRESH_PER_RUN, 0]);
  });

  it('a malformed answer throws a clear error and leaves stored data intact', async () => {
    await runSync(null);
    const before = await call('content.course', 2);
    const deadlinesBefore = await call('content.deadlines');
    moodle.state.faults.inject({
      path: '/webservice/rest/server.php', wsfunction: 'tool_mobile_call_external_functions',
      fault: { type: 'json', body: { responses: [{ error: false, data: JSON.stringify([{ id: 'zwei', fullname: 42 }]) }, { error: false, data: '{"events":[]}' }] } },
    });
    clock += 60 * 60 * 1000;
    await expect(runSync(null)).rejects.toThrow(/Kursliste \(core_enrol_get_users_courses\): unerwartete Antwort/);
    expect(await call('content.course', 2)).toEqual(before);
    expect(await call('content.deadlines')).toEqual(deadlinesBefore);

    // A malformed contents answer in the second batch: nothing written either (not even the course list).
    // Fault rules apply in order: the first request passes (after 1 ms), the contents batch gets bad JSON.
    moodle.state.faults.inject({ path: '/webservice/rest/server.php', wsfunction: 'tool_mobile_call_external_functions', fault: { type: 'delay', ms: 1 } });
    moodle.state.faults.inject({
      path: '/webservice/rest/server.php', wsfunction: 'tool_mobile_call_external_functions',
      fault: { type: 'json', body: { responses: [{ error: false, data: '[{"id":2,"name":"x"}]' }, { error: false, data: '[]' }] } },
    });
    await expect(runSync(null)).rejects.toThrow(/Kursinhalt \d+ \(core_course_get_contents\): unerwartete Antwort/);
    expect(await call('content.course', 2)).toEqual(before);
    expect(await call('content.deadlines')).toEqual(deadlinesBefore);
  });

  it('content.courses without a prior sync loads them on first look; not signed in → clear error', async () => {
    const courses = await call('content.courses');
    expect(courses.length).toBe(2);
    fx.context.accounts.remove(fx.accountId);
    expect(fx.context.accounts.current()).toBeNull();
    await expect(call('content.courses')).rejects.toMatchObject({ code: 'not-signed-in' });
  });
});

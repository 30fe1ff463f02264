/**
 * The Start screen's day on a real SQLite file (migration 16): the news recorder's snapshot diff
 * (baselines, new and changed materials, assignments, grades, feedback; per account) and TodayService
 * (deadlines overdue first, unsent outbox items, news since the last visit, "Stand").
 */
import { encodeErrorInfo } from '../../preload/contract/errors';
import { describe, expect, it } from 'vitest';
import { AssignmentsRepository } from '../../main/assignments/index';
import { NewsRecorder, diffSeen } from '../../main/start/news';
import { TodayService, pickDeadlines } from '../../main/start/today';
import type { Store } from '../../main/store/database';
import { SyncStateRepository } from '../../main/sync/sync-state';
import { insertAccountRows, useAppStorePerTest } from '../support/app-store';

const stores = useAppStorePerTest('schuldesk-start-');

let clock = 1_000_000;
const now = () => clock;

function open(): Store {
  const s = stores.open();
  insertAccountRows(s, ['a1', 'a2']);
  return s;
}

type Module = { id: number; name: string; modname: string; contents?: { filename: string; timemodified: number; filesize: number }[] };
function putCourse(s: Store, accountId: string, courseId: number, modules: Module[] | null): void {
  s.run(
    `INSERT INTO content_courses (account_id, course_id, fullname, shortname, summary_html, sort_order, sections_json, synced_at) VALUES (?, ?, ?, 'k', '', 0, ?, 0)
     ON CONFLICT (account_id, course_id) DO UPDATE SET sections_json = excluded.sections_json`,
    accountId,
    courseId,
    `Kurs ${courseId}`,
    modules === null ? null : JSON.stringify([{ id: 1, name: 'Allgemeines', summary: '', summaryformat: 1, modules }]),
  );
}

const sheet = (timemodified: number): Module => ({ id: 11, name: 'Arbeitsblatt', modname: 'resource', contents: [{ filename: 'a.pdf', timemodified, filesize: 10 }] });
const label: Module = { id: 12, name: 'Hinweis', modname: 'label' };
const assign: Module = { id: 13, name: 'Aufsatz', modname: 'assign' };

describe('news since the last visit (real SQLite, migration 16)', () => {
  it('the first snapshot is the baseline; a new material and a changed file are news; labels and assignments are no materials', () => {
    const s = open();
    const news = new NewsRecorder(s, now);
    putCourse(s, 'a1', 2, [sheet(100), label, assign]);
    expect(news.record('a1', 'content')).toBe(0);
    expect(news.record('a1', 'content')).toBe(0);

    clock += 1000;
    putCourse(s, 'a1', 2, [sheet(200), label, assign, { id: 14, name: 'Video zur Stunde', modname: 'url' }]);
    expect(news.record('a1', 'content')).toBe(2);
    const today = new TodayService(s, () => [], now).today('a1');
    expect(today.news.map((n) => [n.key, n.kind, n.change, n.title, n.courseName, n.cmid])).toEqual([
      ['m:2:11', 'material', 'changed', 'Arbeitsblatt', 'Kurs 2', 11],
      ['m:2:14', 'material', 'new', 'Video zur Stunde', 'Kurs 2', 14],
    ]);
    // The other account sees none of it.
    expect(new TodayService(s, () => [], now).today('a2').news).toEqual([]);
  });

  it('a course seen for the first time is a baseline too; a course not fetched yet keeps its snapshot', () => {
    const s = open();
    const news = new NewsRecorder(s, now);
    putCourse(s, 'a1', 2, [sheet(100)]);
    news.record('a1', 'content');
    putCourse(s, 'a1', 3, [{ id: 31, name: 'Vokabeln', modname: 'resource' }]);
    expect(news.record('a1', 'content')).toBe(0);
    putCourse(s, 'a1', 2, null);
    expect(news.record('a1', 'content')).toBe(0);
    putCourse(s, 'a1', 2, [sheet(100)]);
    expect(news.record('a1', 'content')).toBe(0);
  });

  it('assignments: a new one, a grade and feedback are news once; the last visit mark hides what came before it', () => {
    const s = open();
    const news = new NewsRecorder(s, now);
    const repo = new AssignmentsRepository(s);
    const base = { cmid: 13, courseId: 2, introHtml: '<p>Schreib</p>', dueAt: 0, cutoffAt: 0, configs: [], files: [] };
    repo.upsertAssignment('a1', { ...base, assignId: 1, name: 'Aufsatz' }, 1);
    expect(news.record('a1', 'assignments')).toBe(0);

    clock += 1000;
    repo.upsertAssignment('a1', { ...base, assignId: 2, cmid: 14, name: 'Gedichtanalyse' }, 2);
    repo.upsertStatus('a1', { assignId: 1, status: 'submitted', timeModified: 5, grade: '1,0', feedbackHtml: '<p>Sehr gut</p>', raw: {} }, 2);
    expect(news.record('a1', 'assignments')).toBe(3);
    expect(news.record('a1', 'assignments')).toBe(0);
    const service = new TodayService(s, () => [], now);
    expect(service.today('a1').news.map((n) => [n.kind, n.assignId]).sort()).toEqual([
      ['assignment', 2],
      ['feedback', 1],
      ['grade', 1],
    ]);

    clock += 1000;
    expect(service.markVisited('a1')).toBe(clock);
    expect(service.today('a1').news).toEqual([]);
    expect(service.today('a1').lastVisitAt).toBe(clock);

    clock += 1000;
    repo.upsertStatus('a1', { assignId: 1, status: 'submitted', timeModified: 5, grade: '2,0', feedbackHtml: '<p>Sehr gut</p>', raw: {} }, 3);
    expect(news.record('a1', 'assignments')).toBe(1);
    expect(service.today('a1').news.map((n) => [n.kind, n.change])).toEqual([['grade', 'changed']]);
    // Removing the account removes its news, snapshot and mark (ON DELETE CASCADE).
    s.run('DELETE FROM accounts WHERE id = ?', 'a1');
    expect(s.get('SELECT (SELECT COUNT(*) FROM start_news) + (SELECT COUNT(*) FROM start_seen) + (SELECT COUNT(*) FROM start_visits) AS n')).toEqual({ n: 0 });
  });

  it('diffSeen is pure: new, changed, unchanged, and nothing without a baseline', () => {
    const item = (key: string, fingerprint: string) => ({ key, fingerprint, kind: 'material' as const, title: key, courseId: 1, courseName: null, cmid: 1, assignId: null });
    const previous = new Map([
      ['x', '1'],
      ['y', '1'],
    ]);
    expect(diffSeen(previous, [item('x', '1'), item('y', '2'), item('z', '1')], () => true).map((f) => [f.item.key, f.change])).toEqual([
      ['y', 'changed'],
      ['z', 'new'],
    ]);
    expect(diffSeen(previous, [item('z', '1')], () => false)).toEqual([]);
  });
});

describe('TodayService (real SQLite)', () => {
  it('deadlines: overdue first, then the next ones; outbox: unsent items with state and reason; Stand = oldest task success', () => {
    const s = open();
    const day = 24 * 60 * 60 * 1000;
    clock = 100 * day;
    const deadline = (id: number, dueAt: number, overdue: number) =>
      s.run(
        `INSERT INTO content_deadlines (account_id, event_id, name, course_id, course_name, modulename, instance, due_at, overdue, url, synced_at) VALUES ('a1', ?, ?, 2, 'Deutsch', 'assign', ?, ?, ?, 'https://m.test', 0)`,
        id,
        `D${id}`,
        id,
        dueAt,
        overdue,
      );
    deadline(1, clock + 2 * day, 0);
    deadline(2, clock - day, 1);
    deadline(3, clock + 30 * day, 0);
    deadline(4, clock - 3 * day, 1);
    deadline(5, clock + day, 0);
    for (const [id, assignId, title] of [
      ['d1', 1, 'Aufsatz'],
      ['d2', 2, 'Referat'],
      ['d3', 3, 'Gesendet'],
    ] as const) {
      s.run(
        `INSERT INTO drafts (id, account_id, assign_id, course_id, title, text_html, files_json, version, state, created_at, updated_at) VALUES (?, 'a1', ?, 2, ?, '', '[]', 1, 'sending', 0, 0)`,
        id,
        assignId,
        title,
      );
    }
    const item = (id: string, draft: string, status: string, error: string | null, created: number) =>
      s.run(
        `INSERT INTO outbox (id, account_id, draft_id, draft_version, handin, accept_statement, step, status, attempts, last_error, next_attempt_at, created_at, updated_at) VALUES (?, 'a1', ?, 1, 1, 0, 'pending', ?, 1, ?, ?, ?, 0)`,
        id,
        draft,
        status,
        error,
        clock + 60_000,
        created,
      );
    // As the outbox stores a reason: code + params (encodeErrorInfo).
    item('o1', 'd1', 'active', encodeErrorInfo({ code: 'connection-failed' }), 1);
    item('o2', 'd2', 'waiting-auth', null, 2);
    item('o3', 'd3', 'done', null, 3);
    const states = new SyncStateRepository(s);
    states.recordSuccess('a1', 'content', clock - 5000);
    states.recordSuccess('a1', 'assignments', clock - 9000);

    const today = new TodayService(s, () => ['content', 'assignments'], now).today('a1');
    expect(today.deadlines.map((d) => [d.id, d.overdue])).toEqual([
      [4, true],
      [2, true],
      [5, false],
      [1, false],
      [3, false],
    ]);
    expect(today.outbox).toEqual([
      { id: 'o1', assignId: 1, title: 'Aufsatz', handin: true, state: 'pending', lastError: { code: 'connection-failed' }, nextAttemptAt: clock + 60_000 },
      { id: 'o2', assignId: 2, title: 'Referat', handin: true, state: 'waiting', lastError: null, nextAttemptAt: null },
    ]);
    expect(today.syncedAt).toBe(clock - 9000);
    // Every overdue one, but only the next few upcoming ones.
    const many = Array.from({ length: 8 }, (_, i) => ({ dueAt: clock + (i + 1) * day, overdue: false }));
    expect(pickDeadlines([...many, { dueAt: clock - day, overdue: true }], clock, 2).map((d) => d.dueAt)).toEqual([clock - day, clock + day, clock + 2 * day]);
  });
});

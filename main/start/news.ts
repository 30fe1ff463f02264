/**
 * "New since your last visit". The sync stores what the portal reports (core_course_get_updates_since
 * → contents; the status calls → grades and feedback) and then emits `content.changed` or
 * `assignments.changed`; the recorder compares what is stored now with its snapshot (`start_seen`, one
 * fingerprint per material, assignment, grade and feedback) and writes what is new or changed to
 * `start_news`. It reads only the store, so it adds no request and works whatever the tasks ask.
 *
 * Baselines: a source (`#content`, `#assignments`) and a course (`#m:<courseId>`) are compared only once
 * their first snapshot exists, so the first sync after a sign-in, or a course one was just enrolled in,
 * does not flood Start with "new" items. A course whose contents were never fetched keeps its snapshot.
 */
import { createHash } from 'node:crypto';
import type { NewsKind } from '../../preload/contract/start';
import { forAccount } from '../portal/accounts-scope';
import type { Store } from '../store/database';

export type NewsSource = 'content' | 'assignments';

export interface SeenItem {
  key: string;
  fingerprint: string;
  kind: NewsKind;
  title: string;
  courseId: number | null;
  courseName: string | null;
  cmid: number | null;
  assignId: number | null;
}

export interface NewsFinding {
  item: SeenItem;
  change: 'new' | 'changed';
}

/** News older than this is dropped when the recorder runs. */
export const NEWS_KEEP_MS = 30 * 24 * 60 * 60 * 1000;

/** Modules that are no "material": inline text, assignments (reported from the assignments) and conferences (Start lists rooms). */
const NOT_MATERIAL = new Set(['label', 'assign', 'bigbluebuttonbn']);

const hash = (text: string): string => createHash('sha256').update(text).digest('base64url').slice(0, 22);

/**
 * Pure: what is new or changed in `current` against the snapshot `previous` (key → fingerprint).
 * Items under a key prefix without a baseline (`hasBaseline` false) are never news.
 */
export function diffSeen(previous: ReadonlyMap<string, string>, current: readonly SeenItem[], hasBaseline: (item: SeenItem) => boolean): NewsFinding[] {
  const findings: NewsFinding[] = [];
  for (const item of current) {
    if (!hasBaseline(item)) continue;
    const before = previous.get(item.key);
    if (before === undefined) findings.push({ item, change: 'new' });
    else if (before !== item.fingerprint) findings.push({ item, change: 'changed' });
  }
  return findings;
}

interface StoredModule {
  id: number;
  name: string;
  modname: string;
  visible?: boolean | number;
  uservisible?: boolean;
  description?: string;
  contents?: { filename?: string; timemodified?: number; filesize?: number; fileurl?: string }[];
  contentsinfo?: { lastmodified?: number; filescount?: number };
}

interface StoredSection {
  uservisible?: boolean;
  modules?: readonly StoredModule[];
}

/** Materials of one course from its stored core_course_get_contents answer. */
export function materialsOf(courseId: number, courseName: string, sections: readonly StoredSection[]): SeenItem[] {
  const items: SeenItem[] = [];
  for (const section of sections) {
    if (section.uservisible === false) continue;
    for (const module of section.modules ?? []) {
      if (NOT_MATERIAL.has(module.modname) || module.uservisible === false) continue;
      const files = (module.contents ?? []).map((c) => `${c.filename ?? ''}|${c.timemodified ?? 0}|${c.filesize ?? 0}`).join(';');
      const fingerprint = hash(`${module.name}\n${module.description ?? ''}\n${files}\n${module.contentsinfo?.lastmodified ?? 0}`);
      items.push({ key: `m:${courseId}:${module.id}`, fingerprint, kind: 'material', title: module.name, courseId, courseName, cmid: module.id, assignId: null });
    }
  }
  return items;
}

interface CourseDb {
  course_id: number;
  fullname: string;
  sections_json: string | null;
}

interface AssignmentDb {
  assign_id: number;
  cmid: number;
  course_id: number;
  name: string;
  intro_html: string;
  due_at: number;
  cutoff_at: number;
  files_json: string;
  grade: string | null;
  feedback_html: string | null;
  course_name: string | null;
}

export class NewsRecorder {
  constructor(
    private readonly store: Store,
    private readonly now: () => number,
  ) {}

  /** Compares the stored state of one source with the snapshot; returns how many news items it wrote. */
  record(accountId: string, source: NewsSource): number {
    const db = forAccount(this.store, accountId);
    return this.store.transaction(() => {
      const seenRows = db.all<{ item_key: string; fingerprint: string }>('SELECT item_key, fingerprint FROM start_seen WHERE account_id = :account_id');
      const previous = new Map(seenRows.map((r) => [r.item_key, r.fingerprint]));
      const sourceBaseline = previous.has(`#${source}`);
      let current: SeenItem[];
      /** Keys this run may replace in the snapshot (others are kept as they are). */
      let owned: (key: string) => boolean;
      const markers: string[] = [`#${source}`];
      let hasBaseline: (item: SeenItem) => boolean = () => sourceBaseline;
      if (source === 'content') {
        const courses = db.all<CourseDb>('SELECT course_id, fullname, sections_json FROM content_courses WHERE account_id = :account_id');
        const fetched = new Set(courses.filter((c) => c.sections_json !== null).map((c) => c.course_id));
        const listed = new Set(courses.map((c) => c.course_id));
        current = courses.flatMap((c) => (c.sections_json === null ? [] : materialsOf(c.course_id, c.fullname, JSON.parse(c.sections_json) as StoredSection[])));
        for (const id of fetched) markers.push(`#m:${id}`);
        hasBaseline = (item) => sourceBaseline && previous.has(`#m:${item.courseId}`);
        // Materials of courses fetched now are replaced; a course no longer listed goes; an unfetched one keeps its rows.
        owned = (key) => {
          const match = /^#?m:(\d+)/.exec(key);
          if (!match) return false;
          const courseId = Number(match[1]);
          return fetched.has(courseId) || !listed.has(courseId);
        };
      } else {
        const rows = db.all<AssignmentDb>(
          `SELECT a.assign_id, a.cmid, a.course_id, a.name, a.intro_html, a.due_at, a.cutoff_at, a.files_json, s.grade, s.feedback_html, c.fullname AS course_name
           FROM assignments a
           LEFT JOIN assignment_status s ON s.account_id = a.account_id AND s.assign_id = a.assign_id
           LEFT JOIN content_courses c ON c.account_id = a.account_id AND c.course_id = a.course_id
           WHERE a.account_id = :account_id`,
        );
        current = rows.flatMap((r) => {
          const base = { courseId: r.course_id, courseName: r.course_name, cmid: r.cmid, assignId: r.assign_id };
          const items: SeenItem[] = [
            { ...base, key: `a:${r.assign_id}`, kind: 'assignment', title: r.name, fingerprint: hash(`${r.name}\n${r.due_at}\n${r.cutoff_at}\n${r.intro_html}\n${r.files_json}`) },
          ];
          const grade = r.grade?.trim() ?? '';
          if (grade !== '' && grade !== '-') items.push({ ...base, key: `g:${r.assign_id}`, kind: 'grade', title: r.name, fingerprint: hash(grade) });
          const feedback = r.feedback_html?.trim() ?? '';
          if (feedback !== '') items.push({ ...base, key: `f:${r.assign_id}`, kind: 'feedback', title: r.name, fingerprint: hash(feedback) });
          return items;
        });
        owned = (key) => /^[agf]:/.test(key);
      }

      const findings = diffSeen(previous, current, hasBaseline);
      const at = this.now();
      for (const { item, change } of findings) {
        db.run(
          `INSERT INTO start_news (account_id, item_key, kind, change, title, course_id, course_name, cmid, assign_id, detected_at)
           VALUES (:account_id, :key, :kind, :change, :title, :courseId, :courseName, :cmid, :assignId, :at)
           ON CONFLICT (account_id, item_key) DO UPDATE SET kind = excluded.kind, title = excluded.title, course_id = excluded.course_id,
             course_name = excluded.course_name, cmid = excluded.cmid, assign_id = excluded.assign_id, detected_at = excluded.detected_at,
             change = CASE WHEN start_news.change = 'new' AND start_news.detected_at > COALESCE((SELECT last_visit_at FROM start_visits v WHERE v.account_id = start_news.account_id), 0)
               THEN 'new' ELSE excluded.change END`,
          { key: item.key, kind: item.kind, change, title: item.title, courseId: item.courseId, courseName: item.courseName, cmid: item.cmid, assignId: item.assignId, at },
        );
      }
      // The snapshot: what this source owns is replaced by what is stored now.
      for (const key of previous.keys()) {
        if (owned(key) && !key.startsWith('#')) db.run('DELETE FROM start_seen WHERE account_id = :account_id AND item_key = :key', { key });
      }
      for (const item of current) {
        db.run(
          `INSERT INTO start_seen (account_id, item_key, fingerprint) VALUES (:account_id, :key, :fingerprint)
           ON CONFLICT (account_id, item_key) DO UPDATE SET fingerprint = excluded.fingerprint`,
          { key: item.key, fingerprint: item.fingerprint },
        );
      }
      for (const key of markers) {
        db.run("INSERT INTO start_seen (account_id, item_key, fingerprint) VALUES (:account_id, :key, '') ON CONFLICT (account_id, item_key) DO NOTHING", { key });
      }
      db.run('DELETE FROM start_news WHERE account_id = :account_id AND detected_at < :cutoff', { cutoff: at - NEWS_KEEP_MS });
      return findings.length;
    });
  }
}

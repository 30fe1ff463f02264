/**
 * Content cache (migration 4): courses with their validated contents, cached files and deadlines,
 * all per account through forAccount (a query without the account filter fails at once).
 * Writes that replace a set (courses, deadlines) run in one transaction, so a failed sync never
 * leaves half a list behind.
 */
import type { CourseSection } from '../portal/schemas';
import { forAccount } from '../portal/accounts-scope';
import type { Store } from '../store/database';

export interface CourseRecord {
  courseId: number;
  fullname: string;
  shortname: string;
  summaryHtml: string;
}

export interface CourseRow extends CourseRecord {
  sortOrder: number;
  /** Validated core_course_get_contents answer; null until the first contents sync. */
  sections: CourseSection[] | null;
  contentsSyncedAt: number | null;
  /** When the contents were last fetched (not just checked); null = never or before migration 15. */
  contentsFetchedAt: number | null;
  offline: boolean;
  syncedAt: number;
}

export interface DeadlineRecord {
  eventId: number;
  name: string;
  courseId: number | null;
  courseName: string | null;
  modulename: string | null;
  instance: number | null;
  dueAt: number;
  overdue: boolean;
  url: string;
  actionName: string | null;
}

export interface CachedFileRecord {
  fileKey: string;
  courseId: number;
  cmid: number;
  filename: string;
  mimetype: string;
  bytes: number;
  /** Relative to <dataDir>/files/<accountId>/. */
  relPath: string;
  timeModified: number;
}

export interface CachedFileRow extends CachedFileRecord {
  downloadedAt: number;
  lastUsedAt: number;
}

interface CourseDbRow {
  course_id: number; fullname: string; shortname: string; summary_html: string; sort_order: number;
  sections_json: string | null; contents_synced_at: number | null; contents_fetched_at: number | null; offline: number; synced_at: number;
}
interface FileDbRow {
  file_key: string; course_id: number; cmid: number; filename: string; mimetype: string; bytes: number;
  rel_path: string; time_modified: number; downloaded_at: number; last_used_at: number;
}
interface DeadlineDbRow {
  event_id: number; name: string; course_id: number | null; course_name: string | null; modulename: string | null;
  instance: number | null; due_at: number; overdue: number; url: string; action_name: string | null;
}

const toCourse = (r: CourseDbRow): CourseRow => ({
  courseId: r.course_id, fullname: r.fullname, shortname: r.shortname, summaryHtml: r.summary_html, sortOrder: r.sort_order,
  sections: r.sections_json === null ? null : (JSON.parse(r.sections_json) as CourseSection[]),
  contentsSyncedAt: r.contents_synced_at, contentsFetchedAt: r.contents_fetched_at, offline: r.offline === 1, syncedAt: r.synced_at,
});
const toFile = (r: FileDbRow): CachedFileRow => ({
  fileKey: r.file_key, courseId: r.course_id, cmid: r.cmid, filename: r.filename, mimetype: r.mimetype, bytes: r.bytes,
  relPath: r.rel_path, timeModified: r.time_modified, downloadedAt: r.downloaded_at, lastUsedAt: r.last_used_at,
});

export class ContentRepository {
  constructor(private readonly store: Store) {}

  /** Replaces the course list: new courses are added, gone ones removed (with their contents), known ones keep contents and the offline flag. */
  replaceCourses(accountId: string, courses: readonly CourseRecord[], now: number): { added: number[]; removed: number[] } {
    const db = forAccount(this.store, accountId);
    return this.store.transaction(() => {
      const known = new Set(db.all<{ course_id: number }>('SELECT course_id FROM content_courses WHERE account_id = :account_id').map((r) => r.course_id));
      const keep = new Set(courses.map((c) => c.courseId));
      const removed = [...known].filter((id) => !keep.has(id));
      for (const id of removed) db.run('DELETE FROM content_courses WHERE account_id = :account_id AND course_id = :id', { id });
      courses.forEach((c, index) => {
        db.run(`INSERT INTO content_courses (account_id, course_id, fullname, shortname, summary_html, sort_order, synced_at)
          VALUES (:account_id, :id, :fullname, :shortname, :summary, :sort, :now)
          ON CONFLICT (account_id, course_id) DO UPDATE SET fullname = excluded.fullname, shortname = excluded.shortname,
            summary_html = excluded.summary_html, sort_order = excluded.sort_order, synced_at = excluded.synced_at`,
        { id: c.courseId, fullname: c.fullname, shortname: c.shortname, summary: c.summaryHtml, sort: index, now });
      });
      db.run(`INSERT INTO content_sync_state (account_id, courses_synced_at) VALUES (:account_id, :now)
        ON CONFLICT (account_id) DO UPDATE SET courses_synced_at = excluded.courses_synced_at`, { now });
      return { added: courses.map((c) => c.courseId).filter((id) => !known.has(id)), removed };
    });
  }

  setContents(accountId: string, courseId: number, sections: readonly CourseSection[], now: number): void {
    forAccount(this.store, accountId).run(
      'UPDATE content_courses SET sections_json = :json, contents_synced_at = :now, contents_fetched_at = :now WHERE account_id = :account_id AND course_id = :courseId',
      { json: JSON.stringify(sections), now, courseId },
    );
  }

  /** A course whose contents were checked and found unchanged is current as of now. */
  markContentsCurrent(accountId: string, courseIds: readonly number[], now: number): void {
    const db = forAccount(this.store, accountId);
    this.store.transaction(() => {
      for (const courseId of courseIds) {
        db.run('UPDATE content_courses SET contents_synced_at = :now WHERE account_id = :account_id AND course_id = :courseId AND sections_json IS NOT NULL', { now, courseId });
      }
    });
  }

  courses(accountId: string): CourseRow[] {
    return forAccount(this.store, accountId)
      .all<CourseDbRow>('SELECT * FROM content_courses WHERE account_id = :account_id ORDER BY sort_order, course_id')
      .map(toCourse);
  }

  course(accountId: string, courseId: number): CourseRow | undefined {
    const row = forAccount(this.store, accountId).get<CourseDbRow>('SELECT * FROM content_courses WHERE account_id = :account_id AND course_id = :courseId', { courseId });
    return row ? toCourse(row) : undefined;
  }

  setOffline(accountId: string, courseId: number, on: boolean): boolean {
    const result = forAccount(this.store, accountId).run('UPDATE content_courses SET offline = :on WHERE account_id = :account_id AND course_id = :courseId', { on: on ? 1 : 0, courseId });
    return Number(result.changes) > 0;
  }

  /** Call after replaceCourses in the same transaction (it creates the sync-state row). */
  replaceDeadlines(accountId: string, deadlines: readonly DeadlineRecord[], now: number): void {
    const db = forAccount(this.store, accountId);
    this.store.transaction(() => {
      db.run('UPDATE content_sync_state SET deadlines_synced_at = :now WHERE account_id = :account_id', { now });
      db.run('DELETE FROM content_deadlines WHERE account_id = :account_id');
      for (const d of deadlines) {
        db.run(`INSERT INTO content_deadlines (account_id, event_id, name, course_id, course_name, modulename, instance, due_at, overdue, url, action_name, synced_at)
          VALUES (:account_id, :id, :name, :courseId, :courseName, :modulename, :instance, :dueAt, :overdue, :url, :actionName, :now)`,
        { id: d.eventId, name: d.name, courseId: d.courseId, courseName: d.courseName, modulename: d.modulename, instance: d.instance, dueAt: d.dueAt, overdue: d.overdue ? 1 : 0, url: d.url, actionName: d.actionName, now });
      }
    });
  }

  deadlines(accountId: string): DeadlineRecord[] {
    return forAccount(this.store, accountId)
      .all<DeadlineDbRow>('SELECT * FROM content_deadlines WHERE account_id = :account_id ORDER BY due_at, event_id')
      .map((r) => ({
        eventId: r.event_id, name: r.name, courseId: r.course_id, courseName: r.course_name, modulename: r.modulename, instance: r.instance,
        dueAt: r.due_at, overdue: r.overdue === 1, url: r.url, actionName: r.action_name,
      }));
  }

  coursesSyncedAt(accountId: string): number | null {
    return forAccount(this.store, accountId).get<{ courses_synced_at: number }>('SELECT courses_synced_at FROM content_sync_state WHERE account_id = :account_id')?.courses_synced_at ?? null;
  }

  deadlinesSyncedAt(accountId: string): number | null {
    return forAccount(this.store, accountId).get<{ deadlines_synced_at: number | null }>('SELECT deadlines_synced_at FROM content_sync_state WHERE account_id = :account_id')?.deadlines_synced_at ?? null;
  }

  file(accountId: string, fileKey: string): CachedFileRow | undefined {
    const row = forAccount(this.store, accountId).get<FileDbRow>('SELECT * FROM content_files WHERE account_id = :account_id AND file_key = :fileKey', { fileKey });
    return row ? toFile(row) : undefined;
  }

  files(accountId: string): CachedFileRow[] {
    return forAccount(this.store, accountId).all<FileDbRow>('SELECT * FROM content_files WHERE account_id = :account_id ORDER BY last_used_at').map(toFile);
  }

  putFile(accountId: string, file: CachedFileRecord, now: number): void {
    forAccount(this.store, accountId).run(`INSERT INTO content_files (account_id, file_key, course_id, cmid, filename, mimetype, bytes, rel_path, time_modified, downloaded_at, last_used_at)
      VALUES (:account_id, :key, :courseId, :cmid, :filename, :mimetype, :bytes, :relPath, :timeModified, :now, :now)
      ON CONFLICT (account_id, file_key) DO UPDATE SET course_id = excluded.course_id, cmid = excluded.cmid, filename = excluded.filename,
        mimetype = excluded.mimetype, bytes = excluded.bytes, rel_path = excluded.rel_path, time_modified = excluded.time_modified,
        downloaded_at = excluded.downloaded_at, last_used_at = excluded.last_used_at`,
    { key: file.fileKey, courseId: file.courseId, cmid: file.cmid, filename: file.filename, mimetype: file.mimetype, bytes: file.bytes, relPath: file.relPath, timeModified: file.timeModified, now });
  }

  touchFile(accountId: string, fileKey: string, now: number): void {
    forAccount(this.store, accountId).run('UPDATE content_files SET last_used_at = :now WHERE account_id = :account_id AND file_key = :fileKey', { now, fileKey });
  }

  deleteFile(accountId: string, fileKey: string): void {
    forAccount(this.store, accountId).run('DELETE FROM content_files WHERE account_id = :account_id AND file_key = :fileKey', { fileKey });
  }

  /** Every content row of the account (shared-device logout). */
  forgetAccount(accountId: string): void {
    const db = forAccount(this.store, accountId);
    this.store.transaction(() => {
      for (const table of ['content_files', 'content_deadlines', 'content_courses', 'content_sync_state']) {
        db.run(`DELETE FROM ${table} WHERE account_id = :account_id`);
      }
    });
  }

  usedBytes(accountId: string): { bytes: number; files: number } {
    const row = forAccount(this.store, accountId).get<{ bytes: number | null; files: number }>('SELECT SUM(bytes) AS bytes, COUNT(*) AS files FROM content_files WHERE account_id = :account_id');
    return { bytes: row?.bytes ?? 0, files: row?.files ?? 0 };
  }
}

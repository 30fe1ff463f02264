/**
 * Sync task 'content': courses, their contents and upcoming deadlines — 2 batched requests the
 * first time, then one batch with core_course_get_updates_since per known course; through the
 * engine that batch and the assignments task's go out as one request, each course checked once
 * (main/sync/run-batch.ts), so a quiet run is 1 request. Contents only for changed or new courses,
 * and again after CONTENTS_REFRESH_MS. Every answer is validated before one transaction writes it
 * (main/content/README.md).
 */
import type { z } from 'zod';
import { actionEventsSchema, courseContentsSchema, describeIssues, updatesSinceSchema, userCoursesSchema } from '../portal/schemas';
import type { CourseSection } from '../portal/schemas';
import type { Store } from '../store/database';
import { callBatch } from '../sync/batch';
import type { BatchCall, BatchResult } from '../sync/batch';
import { updatesSince } from '../sync/task';
import type { SyncTaskInput } from '../sync/task';
import type { ContentRepository, DeadlineRecord } from './repository';

/** How far back the deadline list reaches (overdue work stays visible for a week). */
const DEADLINES_PAST_S = 7 * 24 * 60 * 60;
const DEADLINES_LIMIT = 50;
/**
 * The calendar answer is large (every event carries its course with an embedded course image,
 * ~6 KB each), so an otherwise quiet sync asks for it at most this often; any course change
 * refreshes it at once (with the contents batch).
 */
export const DEADLINES_REFRESH_MS = 3 * 60 * 60 * 1000;

/**
 * get_updates_since cannot see an activity made visible or released by date (Moodle changes only
 * course_modules, not the activity's timemodified): a course's contents are fetched again when
 * they were last fetched this long ago, even without a reported change. 6 h: a re-shown worksheet
 * appears the same school day; the price is one contents answer per course and 6 h.
 */
export const CONTENTS_REFRESH_MS = 6 * 60 * 60 * 1000;
/**
 * At most this many due courses (oldest fetch first) are refreshed per run, so courses fetched
 * together (the first sync) drift apart and no single run fetches them all again.
 */
export const CONTENTS_REFRESH_PER_RUN = 3;

export class ContentSyncError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'ContentSyncError';
  }
}

export interface ContentSyncResult {
  changed: boolean;
  requests: number;
  /** Courses whose contents were fetched in this run. */
  fetchedCourses: number[];
}

function parse<T>(schema: z.ZodType<T>, result: BatchResult | undefined, what: string): T {
  if (!result) throw new ContentSyncError(`${what}: keine Antwort im Sammelaufruf`);
  if (!result.ok) throw new ContentSyncError(`${what}: Portal meldet Fehler (${result.errorcode})`);
  const parsed = schema.safeParse(result.data);
  if (!parsed.success) throw new ContentSyncError(`${what}: unerwartete Antwort des Portals – ${describeIssues(parsed.error)}`);
  return parsed.data;
}

function moduleIds(sections: readonly CourseSection[]): number[] {
  return sections.flatMap((s) => s.modules.map((m) => m.id));
}

export async function syncContent(
  input: SyncTaskInput & { userId: number },
  repo: ContentRepository,
  store: Store,
): Promise<ContentSyncResult> {
  const { accountId, site, token, client, now, signal } = input;
  // Through the engine: shared with the other tasks of the stage (one request for a quiet sync).
  const batch = input.batch ?? ((calls: readonly BatchCall[]) => callBatch(client, site, token, calls));
  const stored = new Map(repo.courses(accountId).map((c) => [c.courseId, c]));
  // Since the last successful run's start, less a margin (same second, slow saves, clock skew).
  const since = updatesSince(input.lastSuccessAt);
  // Courses we can ask "what changed?" — the rest get their contents fetched anyway.
  const checkable = since === null ? [] : [...stored.values()].filter((c) => c.sections !== null);

  const deadlinesAt = repo.deadlinesSyncedAt(accountId);
  const calendarCall: BatchCall = {
    wsfunction: 'core_calendar_get_action_events_by_timesort', args: { timesortfrom: Math.floor(now / 1000) - DEADLINES_PAST_S, limitnum: DEADLINES_LIMIT },
  };
  const calendarFirst = since === null || deadlinesAt === null || now - deadlinesAt >= DEADLINES_REFRESH_MS;

  const first: BatchCall[] = [
    { wsfunction: 'core_enrol_get_users_courses', args: { userid: input.userId, returnusercount: 0 } },
    ...(calendarFirst ? [calendarCall] : []),
    ...checkable.map((c) => ({ wsfunction: 'core_course_get_updates_since', args: { courseid: c.courseId, since: since ?? 0 } })),
  ];
  const firstResults = await batch(first);
  let requests = 1;
  const courses = parse(userCoursesSchema, firstResults[0], 'Kursliste (core_enrol_get_users_courses)');
  let events = calendarFirst ? parse(actionEventsSchema, firstResults[1], 'Termine (core_calendar_get_action_events_by_timesort)') : null;
  const checksFrom = calendarFirst ? 2 : 1;
  const changedCourses = new Set<number>();
  checkable.forEach((c, i) => {
    const result = firstResults[i + checksFrom];
    // A failed check (skipped after an earlier error, course gone) means: fetch to be sure.
    if (!result?.ok) {
      changedCourses.add(c.courseId);
      return;
    }
    const updates = parse(updatesSinceSchema, result, `Änderungen in Kurs ${c.courseId} (core_course_get_updates_since)`);
    // A module reported that we do not know is new; one we know with updates has changed.
    const known = new Set(moduleIds(c.sections ?? []));
    if (updates.instances.some((instance) => instance.updates.length > 0 || !known.has(instance.id))) changedCourses.add(c.courseId);
  });
  for (const course of courses) {
    const known = stored.get(course.id);
    if (!known || known.sections === null || since === null) changedCourses.add(course.id);
  }
  const enrolled = new Set(courses.map((c) => c.id));
  const changedToFetch = [...changedCourses].filter((id) => enrolled.has(id));
  // Contents not fetched for CONTENTS_REFRESH_MS (what updates cannot show), a few per run, oldest first.
  const refresh = [...stored.values()]
    .filter((c) => enrolled.has(c.courseId) && !changedCourses.has(c.courseId) && c.sections !== null)
    .filter((c) => c.contentsFetchedAt === null || now - c.contentsFetchedAt >= CONTENTS_REFRESH_MS)
    .sort((a, b) => (a.contentsFetchedAt ?? 0) - (b.contentsFetchedAt ?? 0) || a.courseId - b.courseId)
    .slice(0, CONTENTS_REFRESH_PER_RUN)
    .map((c) => c.courseId);
  const toFetch = [...changedToFetch, ...refresh];

  signal.throwIfAborted();
  const contents = new Map<number, CourseSection[]>();
  if (toFetch.length > 0) {
    // A changed course may have changed deadlines: the calendar rides along (after the contents, so a failing calendar skips nothing).
    // A refresh alone does not bring it (the calendar has its own DEADLINES_REFRESH_MS).
    const withCalendar = !events && changedToFetch.length > 0;
    const calls: BatchCall[] = toFetch.map((courseid) => ({ wsfunction: 'core_course_get_contents', args: { courseid } }));
    const results = await batch(withCalendar ? [...calls, calendarCall] : calls);
    requests += 1;
    toFetch.forEach((courseId, i) => contents.set(courseId, parse(courseContentsSchema, results[i], `Kursinhalt ${courseId} (core_course_get_contents)`)));
    if (withCalendar) events = parse(actionEventsSchema, results[toFetch.length], 'Termine (core_calendar_get_action_events_by_timesort)');
  }
  signal.throwIfAborted();

  const deadlines: DeadlineRecord[] | null = events?.events.map((e) => ({
    // The activity's own name; the event name adds the portal's language ("… is due") and we say "fällig" ourselves.
    eventId: e.id, name: e.activityname || e.name, courseId: e.course?.id ?? null, courseName: e.course?.fullname ?? null,
    modulename: e.modulename ?? null, instance: e.instance ?? null, dueAt: e.timesort * 1000, overdue: e.overdue ?? false,
    url: e.url, actionName: e.action?.name ?? null,
  })) ?? null;
  const before = JSON.stringify({ courses: repo.courses(accountId).map((c) => [c.courseId, c.fullname]), deadlines: repo.deadlines(accountId) });
  store.transaction(() => {
    repo.replaceCourses(accountId, courses.map((c) => ({ courseId: c.id, fullname: c.fullname, shortname: c.shortname, summaryHtml: c.summary ?? '' })), now);
    for (const [courseId, sections] of contents) repo.setContents(accountId, courseId, sections, now);
    repo.markContentsCurrent(accountId, [...enrolled].filter((id) => !contents.has(id)), now);
    if (deadlines) repo.replaceDeadlines(accountId, deadlines, now);
  });
  const after = JSON.stringify({ courses: repo.courses(accountId).map((c) => [c.courseId, c.fullname]), deadlines: repo.deadlines(accountId) });
  // A refreshed course that came back the same is no change for the UI.
  const contentsChanged = [...contents].some(([id, sections]) => changedCourses.has(id) || JSON.stringify(stored.get(id)?.sections ?? null) !== JSON.stringify(sections));
  return { changed: contentsChanged || before !== after, requests, fetchedCourses: [...contents.keys()] };
}

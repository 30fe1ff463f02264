/**
 * The Start screen's day for one account, from the store only (no request): deadlines from the
 * calendar cache, unsent outbox items, what is new since the last visit, and how fresh it all is.
 */
import { createHash } from 'node:crypto';
import type { NewsItemView, TodayDeadlineView, TodayOutboxItemView, TodayOutboxState, TodayView } from '../../preload/contract/start';
import { decodeErrorInfo } from '../../preload/contract/errors';
import { forAccount } from '../portal/accounts-scope';
import type { Store } from '../store/database';
import { SyncStateRepository } from '../sync/sync-state';

/** Deadlines shown: every overdue one, then this many of the next ones. */
export const UPCOMING_SHOWN = 5;
/** At most this many news items (newest first). */
export const NEWS_SHOWN = 20;

interface DeadlineDb {
  assign_id: number | null;
  event_id: number;
  name: string;
  course_id: number | null;
  course_name: string | null;
  modulename: string | null;
  instance: number | null;
  due_at: number;
  overdue: number;
}

interface OutboxDb {
  id: string;
  status: string;
  handin: number;
  last_error: string | null;
  next_attempt_at: number;
  assign_id: number | null;
  title: string | null;
}

interface NewsDb {
  item_key: string;
  kind: string;
  change: string;
  title: string;
  course_id: number | null;
  course_name: string | null;
  cmid: number | null;
  assign_id: number | null;
  detected_at: number;
}

/** Pure: overdue first (oldest first), then the next `upcoming` ones by due date. */
export function pickDeadlines<T extends { dueAt: number; overdue: boolean }>(all: readonly T[], now: number, upcoming = UPCOMING_SHOWN): T[] {
  const overdue = all.filter((d) => d.overdue || d.dueAt < now).sort((a, b) => a.dueAt - b.dueAt);
  const next = all.filter((d) => !(d.overdue || d.dueAt < now)).sort((a, b) => a.dueAt - b.dueAt);
  return [...overdue, ...next.slice(0, upcoming)];
}

const outboxState = (status: string): TodayOutboxState | null =>
  status === 'active' ? 'pending' : status === 'waiting-auth' ? 'waiting' : status === 'failed' ? 'failed' : status === 'conflict' ? 'conflict' : null;

/**
 * Pure: the view with its `version`, a SHA-256 (hex) over every other field. The fields are built in
 * a fixed order (today() and the mappers), so the same data always gives the same version; a first
 * paint is kept only while it is still the current one (main/start/first-paint.ts).
 */
/** The day as the store has it (start.today adds whether a first paint of it is kept). */
export type StoredTodayView = Omit<TodayView, 'firstPaintKept'>;

export function withVersion(accountId: string, view: Omit<StoredTodayView, 'version'>): StoredTodayView {
  const { syncedAt, lastVisitAt, deadlines, outbox, news } = view;
  // The account too: two accounts' days can be alike (nothing synced yet), their headers are not.
  const version = createHash('sha256').update(JSON.stringify([accountId, syncedAt, lastVisitAt, deadlines, outbox, news])).digest('hex');
  return { version, syncedAt, lastVisitAt, deadlines, outbox, news };
}

export class TodayService {
  readonly #syncState: SyncStateRepository;

  constructor(
    private readonly store: Store,
    private readonly taskNames: () => string[],
    private readonly now: () => number,
  ) {
    this.#syncState = new SyncStateRepository(store);
  }

  lastVisitAt(accountId: string): number | null {
    return forAccount(this.store, accountId).get<{ last_visit_at: number }>('SELECT last_visit_at FROM start_visits WHERE account_id = :account_id')?.last_visit_at ?? null;
  }

  markVisited(accountId: string): number {
    const at = this.now();
    forAccount(this.store, accountId).run(
      'INSERT INTO start_visits (account_id, last_visit_at) VALUES (:account_id, :at) ON CONFLICT (account_id) DO UPDATE SET last_visit_at = excluded.last_visit_at',
      { at },
    );
    return at;
  }

  today(accountId: string): StoredTodayView {
    const db = forAccount(this.store, accountId);
    const now = this.now();
    const deadlines: TodayDeadlineView[] = pickDeadlines(
      db
        // The calendar's `instance` is the course module id (Moodle's event exporter): the assignment is found by it.
        .all<DeadlineDb>(
          `SELECT d.event_id, d.name, d.course_id, d.course_name, d.modulename, d.instance, d.due_at, d.overdue, a.assign_id
           FROM content_deadlines d LEFT JOIN assignments a ON a.account_id = d.account_id AND a.cmid = d.instance AND d.modulename = 'assign'
           WHERE d.account_id = :account_id`,
        )
        .map((r) => ({
          id: r.event_id, name: r.name, courseId: r.course_id, courseName: r.course_name, dueAt: r.due_at, overdue: r.overdue === 1,
          modulename: r.modulename, cmid: r.instance, assignId: r.assign_id,
        })),
      now,
    ).map((d) => ({ ...d, overdue: d.overdue || d.dueAt < now }));

    const outbox: TodayOutboxItemView[] = db
      .all<OutboxDb>(
        `SELECT o.id, o.status, o.handin, o.last_error, o.next_attempt_at, d.assign_id, d.title
         FROM outbox o LEFT JOIN drafts d ON d.id = o.draft_id
         WHERE o.account_id = :account_id AND o.status != 'done' ORDER BY o.created_at, o.id`,
      )
      .flatMap((r) => {
        const state = outboxState(r.status);
        if (!state) return [];
        return [{ id: r.id, assignId: r.assign_id ?? 0, title: r.title ?? '', handin: r.handin === 1, state, lastError: decodeErrorInfo(r.last_error), nextAttemptAt: state === 'pending' ? r.next_attempt_at : null }];
      });

    const lastVisitAt = this.lastVisitAt(accountId);
    const news: NewsItemView[] = db
      .all<NewsDb>('SELECT * FROM start_news WHERE account_id = :account_id AND detected_at > :since ORDER BY detected_at DESC, item_key LIMIT :limit', {
        since: lastVisitAt ?? 0,
        limit: NEWS_SHOWN,
      })
      .map((r) => ({
        key: r.item_key,
        kind: r.kind as NewsItemView['kind'],
        change: r.change === 'changed' ? 'changed' : 'new',
        title: r.title,
        courseId: r.course_id,
        courseName: r.course_name,
        cmid: r.cmid,
        assignId: r.assign_id,
        detectedAt: r.detected_at,
      }));

    return withVersion(accountId, { syncedAt: this.#syncState.lastSuccessAt(accountId, this.taskNames()), lastVisitAt, deadlines, outbox, news });
  }
}

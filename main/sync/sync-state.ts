/**
 * Per account and task: when the sync engine last succeeded and failed (migration 9 'sync state').
 * The engine reads `lastSuccessAt` to hand it to the task and to show "Stand: <Zeit>".
 */
import type { Store } from '../store/database';

export interface SyncTaskState {
  task: string;
  lastSuccessAt: number | null;
  lastFailureAt: number | null;
  /** Error code of the last failure (never a message with personal data or a token). */
  lastError: string | null;
  /** Failures in a row (0 after a success). */
  failures: number;
}

interface Row {
  task: string;
  last_success_at: number | null;
  last_failure_at: number | null;
  last_error: string | null;
  failures: number;
}

const toState = (r: Row): SyncTaskState => ({
  task: r.task,
  lastSuccessAt: r.last_success_at,
  lastFailureAt: r.last_failure_at,
  lastError: r.last_error,
  failures: r.failures,
});

export class SyncStateRepository {
  readonly #store: Store;
  constructor(store: Store) {
    this.#store = store;
  }

  get(accountId: string, task: string): SyncTaskState | null {
    const row = this.#store.get<Row>('SELECT * FROM sync_state WHERE account_id = ? AND task = ?', accountId, task);
    return row === undefined ? null : toState(row);
  }

  list(accountId: string): SyncTaskState[] {
    return this.#store.all<Row>('SELECT * FROM sync_state WHERE account_id = ? ORDER BY task', accountId).map(toState);
  }

  /** The oldest last success over the given tasks: what "Stand" honestly means. Null if one never succeeded. */
  lastSuccessAt(accountId: string, tasks: readonly string[]): number | null {
    if (tasks.length === 0) return null;
    let oldest: number | null = null;
    for (const task of tasks) {
      const at = this.get(accountId, task)?.lastSuccessAt ?? null;
      if (at === null) return null;
      oldest = oldest === null ? at : Math.min(oldest, at);
    }
    return oldest;
  }

  recordSuccess(accountId: string, task: string, at: number): void {
    this.#store.run(
      `INSERT INTO sync_state (account_id, task, last_success_at, failures) VALUES (?, ?, ?, 0)
       ON CONFLICT (account_id, task) DO UPDATE SET last_success_at = excluded.last_success_at, failures = 0`,
      accountId, task, at,
    );
  }

  recordFailure(accountId: string, task: string, at: number, code: string): void {
    this.#store.run(
      `INSERT INTO sync_state (account_id, task, last_failure_at, last_error, failures) VALUES (?, ?, ?, ?, 1)
       ON CONFLICT (account_id, task) DO UPDATE SET last_failure_at = excluded.last_failure_at,
         last_error = excluded.last_error, failures = sync_state.failures + 1`,
      accountId, task, at, code,
    );
  }
}

/** Deadline reminders already shown, so each fires once (also across restarts). */
export class SentRemindersRepository {
  readonly #store: Store;
  constructor(store: Store) {
    this.#store = store;
  }

  keys(accountId: string): Set<string> {
    return new Set(this.#store.all<{ reminder_key: string }>('SELECT reminder_key FROM deadline_reminders_sent WHERE account_id = ?', accountId).map((r) => r.reminder_key));
  }

  markSent(accountId: string, key: string, at: number): void {
    this.#store.run('INSERT OR IGNORE INTO deadline_reminders_sent (account_id, reminder_key, sent_at) VALUES (?, ?, ?)', accountId, key, at);
  }
}

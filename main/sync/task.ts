/**
 * The seam between the sync engine and the features whose data it keeps fresh. A feature
 * (content, assignments, conference rooms …) registers a SyncTask once; the engine runs every
 * registered task for the current account on start, on reconnect, on its jittered schedule and
 * on "Jetzt synchronisieren". Tasks write to the store themselves; the UI renders from the store.
 */
import type { MoodleClient } from '../portal/moodle-client';
import type { SiteRef } from '../portal/site-url';
import type { BatchFn } from './run-batch';

export interface SyncTaskInput {
  accountId: string;
  site: SiteRef;
  /** The portal token: pass it to the client only — never log it or put it in an error. */
  token: string;
  client: MoodleClient;
  /**
   * Epoch ms (local clock) at which this task's last successful run for this account STARTED —
   * taken before its first request, so everything the portal changed after it is newer; null on
   * the first sync. Ask the portal "what changed since" with `updatesSince(lastSuccessAt)`.
   */
  lastSuccessAt: number | null;
  now: number;
  /** Aborted when the account changes or the app closes; stop at the next await. */
  signal: AbortSignal;
  /**
   * Read calls for the portal: the engine sends them together with those of the other tasks of the
   * same order in one batched request, and asks core_course_get_updates_since once per course
   * (main/sync/run-batch.ts). Absent (a task run on its own, e.g. in a test): send them yourself
   * with callBatch.
   */
  batch?: BatchFn;
}

/**
 * Seconds taken off the last run's start when asking `core_course_get_updates_since`. Moodle
 * compares `timemodified > since` in whole seconds on its own clock, and stamps `timemodified` when
 * the teacher's request begins, not when it commits. The margin covers a change in the same second
 * as the run's start, a slow save that commits after our check with an earlier stamp, and a laptop
 * clock running up to 5 minutes ahead of the portal (school laptops often sync their clock rarely).
 * The price: a change made in the 5 minutes before a run's start is reported once more by the next
 * run (one extra contents fetch of that course); a run with nothing changed in the last interval
 * (30 min ± 25 %, far longer than the margin) stays one request.
 */
export const UPDATES_SINCE_MARGIN_S = 5 * 60;

/** The `since` (epoch seconds) for core_course_get_updates_since from a task's `lastSuccessAt`; null on the first sync. */
export function updatesSince(lastSuccessAt: number | null): number | null {
  return lastSuccessAt === null ? null : Math.floor(lastSuccessAt / 1000) - UPDATES_SINCE_MARGIN_S;
}

export interface SyncTaskResult {
  /** Whether anything the UI shows changed (the engine then emits one change event). */
  changed: boolean;
  /** Portal requests the task made (benchmarks and the sync log report them). */
  requests: number;
}

export interface SyncTask {
  /** Stable, unique: it keys the task's last-success time in the store. */
  name: string;
  /**
   * Tasks with a lower order run first (courses before what hangs off them). Tasks with the same
   * order run together and share their portal requests (`SyncTaskInput.batch`). Default 100.
   */
  order?: number;
  run(input: SyncTaskInput): Promise<SyncTaskResult>;
}

/** Built by the composition root; features register, the engine reads. */
export class SyncTaskRegistry {
  readonly #tasks = new Map<string, SyncTask>();

  register(task: SyncTask): () => void {
    if (this.#tasks.has(task.name)) throw new Error(`sync task "${task.name}" is registered twice`);
    this.#tasks.set(task.name, task);
    return () => this.#tasks.delete(task.name);
  }

  /** In run order (by `order`, then by registration). */
  list(): SyncTask[] {
    return [...this.#tasks.values()].sort((a, b) => (a.order ?? 100) - (b.order ?? 100));
  }

  /** The run's stages: tasks of the same order together, stages in order. */
  stages(): SyncTask[][] {
    const stages: SyncTask[][] = [];
    let last: number | null = null;
    for (const task of this.list()) {
      const order = task.order ?? 100;
      if (order !== last) stages.push([]);
      stages[stages.length - 1]?.push(task);
      last = order;
    }
    return stages;
  }
}

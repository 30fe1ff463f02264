/**
 * The seam between the sync engine and the features whose data it keeps fresh. A feature
 * (content, assignments, conference rooms …) registers a SyncTask once; the engine runs every
 * registered task for the current account on start, on reconnect, on its jittered schedule and
 * on "Jetzt synchronisieren". Tasks write to the store themselves; the UI renders from the store.
 */
import type { MoodleClient } from '../portal/moodle-client';
import type { SiteRef } from '../portal/site-url';

export interface SyncTaskInput {
  accountId: string;
  site: SiteRef;
  /** The portal token: pass it to the client only — never log it or put it in an error. */
  token: string;
  client: MoodleClient;
  /** Epoch ms of this task's last successful run for this account; null on the first sync. */
  lastSuccessAt: number | null;
  now: number;
  /** Aborted when the account changes or the app closes; stop at the next await. */
  signal: AbortSignal;
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
  /** Tasks with a lower order run first (courses before what hangs off them). Default 100. */
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
}

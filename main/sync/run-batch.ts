/**
 * The shared portal requests of one stage of a sync run. The tasks of a stage (same `order`) run
 * together; the read calls they pass to `SyncTaskInput.batch` go out in ONE
 * tool_mobile_call_external_functions request, sent once every task of the stage is waiting for an
 * answer or done. A quiet sync is therefore one request, whatever the number of tasks and courses.
 *
 * core_course_get_updates_since is asked once per course: with the oldest `since` and every area
 * any task wants (no filter if one task wants all). Each task gets back what its own request would
 * have shown: updates in its areas, later than its `since` where Moodle says when (`timeupdated`);
 * an update without a time is kept (at worst one extra fetch, never a lost change).
 *
 * The portal stops at the first failing call of a request. Calls of another task skipped for that
 * reason go again in a follow-up request, so one task's failure never becomes another's; calls after
 * a failure in the same task's part (or among the shared update checks) stay skipped, as they would
 * have been in the task's own request.
 */
import { updatesSinceSchema } from '../portal/schemas';
import type { BatchCall, BatchResult } from './batch';

export type BatchFn = (calls: readonly BatchCall[]) => Promise<BatchResult[]>;

const UPDATES = 'core_course_get_updates_since';

interface Pending {
  participant: number;
  calls: readonly BatchCall[];
  resolve(results: BatchResult[]): void;
  reject(error: unknown): void;
}

interface UpdatesWanted {
  courseid: number;
  since: number;
  /** Areas wanted; null = all. */
  filter: string[] | null;
}

/** Where each pending call's answer lies in the merged request. */
type Slot = { kind: 'own'; index: number } | { kind: 'updates'; courseid: number; since: number; filter: string[] | null };

const SHARED_BLOCK = -1;

export class SharedBatch {
  readonly #send: (calls: BatchCall[]) => Promise<BatchResult[]>;
  #active: number;
  #pending: Pending[] = [];
  readonly #waiting = new Set<number>();
  #scheduled = false;
  /** HTTP requests sent (benchmarks, the sync log). */
  requests = 0;

  constructor(send: (calls: BatchCall[]) => Promise<BatchResult[]>, participants: number) {
    this.#send = send;
    this.#active = participants;
  }

  /** One participant's handle: its `batch` function and `done()` when its task has ended (in any way). */
  participant(id: number): { batch: BatchFn; done(): void } {
    let finished = false;
    return {
      batch: (calls) => {
        if (calls.length === 0) return Promise.resolve([]);
        return new Promise<BatchResult[]>((resolve, reject) => {
          this.#pending.push({ participant: id, calls, resolve, reject });
          this.#waiting.add(id);
          this.#schedule();
        });
      },
      done: () => {
        if (finished) return;
        finished = true;
        this.#active -= 1;
        this.#schedule();
      },
    };
  }

  /** After the current turn, so a task that asks twice at once, or a stage's other tasks starting, join in. */
  #schedule(): void {
    if (this.#scheduled) return;
    this.#scheduled = true;
    queueMicrotask(() => {
      this.#scheduled = false;
      if (this.#pending.length > 0 && this.#waiting.size >= this.#active) void this.#flush();
    });
  }

  async #flush(): Promise<void> {
    const pending = this.#pending.splice(0).sort((a, b) => a.participant - b.participant);
    this.#waiting.clear();
    const merged: BatchCall[] = [];
    const blocks: number[] = [];
    const updates = new Map<number, UpdatesWanted>();
    const slots = pending.map((p) =>
      p.calls.map((call): Slot => {
        const wanted = call.wsfunction === UPDATES ? updatesArgs(call.args) : null;
        if (!wanted) {
          merged.push(call);
          blocks.push(p.participant);
          return { kind: 'own', index: merged.length - 1 };
        }
        const known = updates.get(wanted.courseid);
        if (!known) updates.set(wanted.courseid, { ...wanted, filter: wanted.filter ? [...wanted.filter] : null });
        else {
          known.since = Math.min(known.since, wanted.since);
          known.filter = known.filter === null || wanted.filter === null ? null : [...new Set([...known.filter, ...wanted.filter])];
        }
        return { kind: 'updates', courseid: wanted.courseid, since: wanted.since, filter: wanted.filter };
      }),
    );
    // The update checks last: a course that is gone fails its check and skips only the checks after it.
    const updatesAt = new Map<number, number>();
    for (const wanted of updates.values()) {
      merged.push({ wsfunction: UPDATES, args: { courseid: wanted.courseid, since: wanted.since, ...(wanted.filter ? { filter: wanted.filter } : {}) } });
      blocks.push(SHARED_BLOCK);
      updatesAt.set(wanted.courseid, merged.length - 1);
    }
    let results: BatchResult[];
    try {
      results = await this.#sendWithRetry(merged, blocks);
    } catch (error) {
      for (const p of pending) p.reject(error);
      return;
    }
    pending.forEach((p, i) => {
      p.resolve(
        (slots[i] ?? []).map((slot): BatchResult => {
          const skipped: BatchResult = { ok: false, errorcode: 'skipped', message: 'not run: an earlier call failed' };
          if (slot.kind === 'own') return results[slot.index] ?? skipped;
          const index = updatesAt.get(slot.courseid) ?? -1;
          const asked = updates.get(slot.courseid);
          const result = results[index] ?? skipped;
          // Asked exactly as this task would have: its answer as it came.
          if (asked && asked.since === slot.since && sameAreas(asked.filter, slot.filter)) return result;
          return narrowUpdates(result, slot.since, slot.filter);
        }),
      );
    });
  }

  /** Sends the merged calls; calls skipped because another part failed go again (one part is given up per round). */
  async #sendWithRetry(merged: BatchCall[], blocks: number[]): Promise<BatchResult[]> {
    const results: BatchResult[] = [];
    const failedBlocks = new Set<number>();
    let toSend = merged.map((_, i) => i);
    while (toSend.length > 0) {
      const answers = await this.#send(toSend.map((i) => merged[i] as BatchCall));
      this.requests += 1;
      toSend.forEach((index, k) => {
        results[index] = answers[k] ?? { ok: false, errorcode: 'skipped', message: 'not run: an earlier call failed' };
      });
      const failed = toSend.find((index) => {
        const r = results[index];
        return r !== undefined && !r.ok && r.errorcode !== 'skipped';
      });
      if (failed === undefined) break;
      failedBlocks.add(blocks[failed] ?? SHARED_BLOCK);
      toSend = toSend.filter((index) => {
        const r = results[index];
        return r !== undefined && !r.ok && r.errorcode === 'skipped' && !failedBlocks.has(blocks[index] ?? SHARED_BLOCK);
      });
    }
    return results;
  }
}

function updatesArgs(args: Record<string, unknown>): UpdatesWanted | null {
  const { courseid, since, filter } = args;
  if (typeof courseid !== 'number' || typeof since !== 'number') return null;
  if (filter !== undefined && !(Array.isArray(filter) && filter.every((f) => typeof f === 'string'))) return null;
  if (Object.keys(args).some((key) => key !== 'courseid' && key !== 'since' && key !== 'filter')) return null;
  return { courseid, since, filter: filter === undefined || filter.length === 0 ? null : (filter as string[]) };
}

function sameAreas(a: string[] | null, b: string[] | null): boolean {
  if (a === null || b === null) return a === b;
  return a.length === b.length && a.every((x) => b.includes(x));
}

/** The answer to a wider question, cut down to what a request with `since` and `filter` would have reported. */
function narrowUpdates(result: BatchResult, since: number, filter: string[] | null): BatchResult {
  if (!result.ok) return result;
  const parsed = updatesSinceSchema.safeParse(result.data);
  // A malformed answer goes to the task as it came: it reports it as before.
  if (!parsed.success) return result;
  const instances = parsed.data.instances
    .map((instance) => ({
      ...instance,
      updates: instance.updates.filter((u) => (filter === null || filter.includes(u.name)) && (u.timeupdated === undefined || u.timeupdated > since)),
    }))
    .filter((instance) => instance.updates.length > 0);
  return { ok: true, data: { ...parsed.data, instances } };
}

/**
 * Storage budget for downloaded files (pure): least-recently-used files go first until the total
 * fits the budget. Files that belong to unsent work are never chosen, even if the budget stays
 * exceeded — losing a student's work is worse than using more disk.
 */
export interface StoredFile {
  id: string;
  bytes: number;
  lastUsedAt: number;
}

/** Answers whether a file is part of unsent work (drafts/outbox). */
export type UnsentWorkCheck = (fileId: string) => boolean;

export interface EvictionPlan {
  evict: string[];
  bytesAfter: number;
  /** True when only protected files remain above the budget. */
  overBudget: boolean;
}

export function planEviction(files: readonly StoredFile[], budgetBytes: number, isUnsentWork: UnsentWorkCheck): EvictionPlan {
  let total = files.reduce((sum, f) => sum + f.bytes, 0);
  const evict: string[] = [];
  const candidates = files.filter((f) => !isUnsentWork(f.id)).sort((a, b) => a.lastUsedAt - b.lastUsedAt || a.id.localeCompare(b.id));
  for (const file of candidates) {
    if (total <= budgetBytes) break;
    evict.push(file.id);
    total -= file.bytes;
  }
  return { evict, bytesAfter: total, overBudget: total > budgetBytes };
}

export const mbToBytes = (mb: number): number => Math.max(0, Math.floor(mb * 1024 * 1024));

/** Gives disk space back; resolves with the bytes freed. */
export type SpaceReclaimer = () => Promise<number>;

/**
 * What may give disk space back when a write finds the disk full. Cached portal files come first
 * (they can be downloaded again); a student's draft never is one of them. Features register here
 * (the content file cache does); a draft save that hits a full disk asks `reclaim()` once and retries.
 */
export class SpaceReclaimers {
  readonly #reclaimers = new Set<SpaceReclaimer>();

  register(reclaimer: SpaceReclaimer): () => void {
    this.#reclaimers.add(reclaimer);
    return () => this.#reclaimers.delete(reclaimer);
  }

  /** Runs every reclaimer (one failing does not stop the others); the bytes freed in total. */
  async reclaim(): Promise<number> {
    let freed = 0;
    for (const reclaimer of this.#reclaimers) {
      try {
        freed += await reclaimer();
      } catch (error) {
        console.warn(`[storage] giving space back failed: ${error instanceof Error ? error.name : typeof error}`);
      }
    }
    return freed;
  }
}

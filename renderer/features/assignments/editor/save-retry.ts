/**
 * When a draft save fails for a reason that passes by itself (the disk is full, the data folder is
 * briefly read-only or locked, the browser shell is restarting), the editor keeps the text and tries
 * again on its own: after 2 s, 4 s, 8 s … at most every 60 s — and at once on the next input.
 */
const SELF_HEALING = new Set(['disk-full', 'data-folder-read-only', 'store-busy', 'store-io', 'shell-unreachable']);

export function retriesBySelf(code: string): boolean {
  return SELF_HEALING.has(code);
}

export const FIRST_RETRY_MS = 2_000;
export const MAX_RETRY_MS = 60_000;

/** The pause before retry number `attempt` (0-based). */
export function saveRetryDelayMs(attempt: number): number {
  return Math.min(FIRST_RETRY_MS * 2 ** Math.max(0, attempt), MAX_RETRY_MS);
}

/**
 * The retry schedule of the one HTTP client: exponential backoff with FULL jitter and the
 * parsing of `Retry-After`. Pure functions, so the schedule is unit-tested without waiting.
 *
 * Full jitter (delay = random(0, min(cap, base·2^attempt))) spreads the retries of a whole school
 * that lost the portal at the same moment, instead of letting them return in synchronised waves.
 */

export interface BackoffOptions {
  /** Delay ceiling of the first retry in milliseconds. */
  baseMs: number;
  /** No retry waits longer than this (before jitter). */
  capMs: number;
}

export const DEFAULT_BACKOFF: BackoffOptions = { baseMs: 500, capMs: 30_000 };

/**
 * Delay before retry number `attempt` (0 = first retry): a uniformly random value in
 * [0, min(cap, base·2^attempt)), rounded down to whole milliseconds.
 */
export function backoffDelay(attempt: number, rng: () => number, opts: BackoffOptions = DEFAULT_BACKOFF): number {
  const safeAttempt = Math.max(0, Math.floor(attempt));
  // 2^attempt overflows to Infinity for large attempts; min() keeps it at the cap.
  const ceiling = Math.min(opts.capMs, opts.baseMs * 2 ** safeAttempt);
  const r = Math.min(Math.max(rng(), 0), 1);
  return Math.floor(r * ceiling);
}

/**
 * `Retry-After` as a delay in milliseconds from `now` (epoch ms): either delay-seconds
 * ("120") or an HTTP date ("Wed, 21 Oct 2026 07:28:00 GMT"). A date in the past gives 0.
 * Anything else (negative, fractional, garbage, missing) gives null: the caller falls back to
 * its own backoff.
 */
export function parseRetryAfter(value: string | null | undefined, now: number): number | null {
  if (value === null || value === undefined) return null;
  const trimmed = value.trim();
  if (trimmed === '') return null;
  if (/^\d+$/.test(trimmed)) {
    const seconds = Number(trimmed);
    return Number.isSafeInteger(seconds) ? seconds * 1000 : null;
  }
  // HTTP dates always contain a month name; this keeps Date.parse away from inputs like "-5" or "1.5".
  if (!/[a-z]/i.test(trimmed)) return null;
  const at = Date.parse(trimmed);
  if (Number.isNaN(at)) return null;
  return Math.max(0, at - now);
}

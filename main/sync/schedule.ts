/**
 * When the next background sync runs (pure, no timers): a base interval ± jitter so a whole
 * school does not sync in the same second, and exponential backoff with full jitter after
 * failures. A server's Retry-After always wins when it is later.
 */
export interface SyncSchedulePolicy {
  baseIntervalMs: number;
  /** Fraction of the base interval (0..1) the next run may move either way. */
  jitterFraction: number;
  backoffBaseMs: number;
  backoffMaxMs: number;
  /** Window over which clients spread their first sync after reconnecting. */
  reconnectSpreadMs: number;
}

export const DEFAULT_SYNC_SCHEDULE: SyncSchedulePolicy = {
  baseIntervalMs: 30 * 60_000,
  jitterFraction: 0.25,
  backoffBaseMs: 5_000,
  backoffMaxMs: 30 * 60_000,
  reconnectSpreadMs: 60_000,
};

/** Delay after a successful sync: base ± jitter. `random` returns [0, 1). */
export function nextRegularDelay(policy: SyncSchedulePolicy, random: () => number): number {
  const spread = policy.baseIntervalMs * policy.jitterFraction;
  return Math.round(policy.baseIntervalMs - spread + random() * 2 * spread);
}

/** Full jitter: uniform in [0, min(max, base·2^failures)). failures counts from 1. */
export function backoffDelay(policy: SyncSchedulePolicy, failures: number, random: () => number): number {
  const exp = Math.min(policy.backoffMaxMs, policy.backoffBaseMs * 2 ** Math.max(0, failures - 1));
  return Math.floor(random() * exp);
}

/** Delay before the first sync after reconnecting: uniform over the spread window. */
export function reconnectDelay(policy: SyncSchedulePolicy, random: () => number): number {
  return Math.floor(random() * policy.reconnectSpreadMs);
}

export function delayAfterFailure(
  policy: SyncSchedulePolicy,
  failures: number,
  retryAfterMs: number | null,
  random: () => number,
): number {
  const own = backoffDelay(policy, failures, random);
  return retryAfterMs !== null && retryAfterMs > own ? retryAfterMs : own;
}

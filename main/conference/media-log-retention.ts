/** Transparency log retention: entries are kept at most 35 days, then purged. */
export const MEDIA_LOG_RETENTION_DAYS = 35;
const DAY_MS = 24 * 60 * 60 * 1000;

/** Entries recorded strictly before this instant are purged. */
export function mediaLogCutoff(nowMs: number, retentionDays: number = MEDIA_LOG_RETENTION_DAYS): number {
  return nowMs - retentionDays * DAY_MS;
}

export function isExpired(recordedAtMs: number, nowMs: number): boolean {
  return recordedAtMs < mediaLogCutoff(nowMs);
}

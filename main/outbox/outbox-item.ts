/** One outbox item (a send of one draft version) and its SQLite row (main/outbox/outbox.ts runs them). */

export type OutboxStep = 'pending' | 'uploading' | 'uploaded' | 'saving' | 'saved' | 'submitting' | 'done';
export type OutboxStatus = 'active' | 'waiting-auth' | 'failed' | 'conflict' | 'done';

export interface OutboxItem {
  id: string;
  accountId: string;
  draftId: string;
  draftVersion: number;
  handin: boolean;
  acceptStatement: boolean;
  step: OutboxStep;
  status: OutboxStatus;
  itemid: number | null;
  /** contentFingerprint of the draft the upload was made for (what the save sends); null before that. */
  fingerprint: string | null;
  attempts: number;
  /** Why the last attempt failed: encodeErrorInfo JSON (older rows: German text, shown as it is). */
  lastError: string | null;
  nextAttemptAt: number;
  /** The server's last Retry-After for this item, as a time: nextAttemptAt is never earlier. 0 = none. */
  retryAfterUntil: number;
  createdAt: number;
  updatedAt: number;
}

export interface OutboxRow {
  id: string;
  account_id: string;
  draft_id: string;
  draft_version: number;
  handin: number;
  accept_statement: number;
  step: string;
  status: string;
  itemid: number | null;
  fingerprint: string | null;
  attempts: number;
  last_error: string | null;
  next_attempt_at: number;
  retry_after_until: number;
  created_at: number;
  updated_at: number;
}

export function toItem(row: OutboxRow): OutboxItem {
  return {
    id: row.id,
    accountId: row.account_id,
    draftId: row.draft_id,
    draftVersion: row.draft_version,
    handin: row.handin === 1,
    acceptStatement: row.accept_statement === 1,
    step: row.step as OutboxStep,
    status: row.status as OutboxStatus,
    itemid: row.itemid,
    fingerprint: row.fingerprint,
    attempts: row.attempts,
    lastError: row.last_error,
    nextAttemptAt: row.next_attempt_at,
    retryAfterUntil: row.retry_after_until,
    createdAt: row.created_at,
    updatedAt: row.updated_at,
  };
}

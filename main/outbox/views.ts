/**
 * What the renderer sees of a draft and an outbox item (preload/contract/outbox.ts), mapped from the
 * stored rows. Shared by the outbox and device bindings (main/api/outbox.ts, main/api/device.ts).
 */
import type { DraftView, OutboxItemView } from '../../preload/contract/outbox';
import { decodeErrorInfo } from '../../preload/contract/errors';
import type { Draft } from './drafts';
import type { OutboxItem } from './outbox';
import type { OutboxService } from './service';

export async function draftView(outbox: OutboxService, draft: Draft): Promise<DraftView> {
  const limits = draft.locked ? null : await outbox.limits(draft.accountId, draft.assignId);
  return {
    id: draft.id,
    assignId: draft.assignId,
    courseId: draft.courseId,
    title: draft.title,
    textHtml: draft.textHtml,
    files: draft.files,
    version: draft.version,
    state: draft.state,
    error: decodeErrorInfo(draft.error),
    locked: draft.locked,
    needsPin: outbox.sharedDevice() && !outbox.keys.key(draft.accountId),
    updatedAt: draft.updatedAt,
    limits: limits && {
      onlineTextEnabled: limits.onlineTextEnabled,
      wordLimit: limits.wordLimit,
      fileEnabled: limits.fileEnabled,
      maxFiles: limits.maxFiles,
      maxBytes: limits.maxBytes,
      fileTypes: limits.fileTypes,
      requireSubmissionStatement: limits.requireSubmissionStatement,
      submissionStatement: limits.submissionStatement,
    },
    problems: draft.locked ? [] : outbox.drafts.problems(draft, limits),
  };
}

export function outboxItemView(outbox: OutboxService, item: OutboxItem): OutboxItemView {
  const draft = outbox.drafts.get(item.accountId, item.draftId);
  // An item that is due but cannot go without a sign-in (e.g. after a restart of the browser shell) says so.
  const active = outbox.canSend(item.accountId) ? 'pending' : 'waiting';
  const state = item.status === 'done' ? 'sent' : item.status === 'active' ? active : item.status === 'waiting-auth' ? 'waiting' : item.status;
  return {
    id: item.id,
    draftId: item.draftId,
    assignId: draft?.assignId ?? 0,
    title: draft?.title ?? '',
    handin: item.handin,
    state,
    step: item.step,
    attempts: item.attempts,
    lastError: decodeErrorInfo(item.lastError),
    nextAttemptAt: item.status === 'active' ? item.nextAttemptAt : null,
    updatedAt: item.updatedAt,
  };
}

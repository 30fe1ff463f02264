/**
 * Binds the offline part of the API contract (preload/contract/offline.ts): one input schema and one
 * handler per method. Handlers get the shared services through ServiceContext.
 * drafts.*, outbox.*, device.*: main/outbox/ (offline-outbox). sync.*, assignments.*: offline-sync.
 */
import { z } from 'zod';
import type { ConflictView, DraftView, OfflineMethods, OutboxItemView } from '../../preload/contract/offline';
import type { HandlersFor } from '../ipc/dispatch';
import { isDiskFull, isReadOnly, UserFacingError } from '../ipc/errors';
import type { InputSchemasFor } from '../ipc/schemas';
import type { FeatureApi, ServiceContext } from '../service-context';
import type { Draft } from '../outbox/drafts';
import { MIN_PIN_LENGTH } from '../outbox/device-keys';
import { MAX_DRAFT_FILE_BYTES } from '../outbox/drafts';
import type { OutboxItem } from '../outbox/outbox';
import type { OutboxService } from '../outbox/service';
import { unwritableFolderOf } from '../paths';
import type { AssignmentsFeature } from '../sync/assignments-feature';
import { decodeErrorInfo } from '../../preload/contract/errors';

const none = z.tuple([]);
const id = z.string().min(1).max(100);
const html = z.string().max(2_000_000);

export const OFFLINE_INPUT_SCHEMAS: InputSchemasFor<OfflineMethods> = {
  'drafts.list': none,
  'drafts.open': z.union([z.tuple([z.number().int().positive()]), z.tuple([z.number().int().positive(), z.object({ courseId: z.number().int().nonnegative(), title: z.string().max(500) })])]),
  'drafts.saveText': z.union([z.tuple([id, html]), z.tuple([id, html, z.number().int().nonnegative()])]),
  'drafts.addFile': z.tuple([
    id,
    z.object({ name: z.string().min(1).max(255), mimetype: z.string().max(200), dataBase64: z.string().max(Math.ceil((MAX_DRAFT_FILE_BYTES * 4) / 3) + 4) }),
  ]),
  'drafts.removeFile': z.tuple([id, id]),
  'drafts.versions': z.tuple([id]),
  'drafts.restoreVersion': z.tuple([id, z.number().int().positive()]),
  'drafts.discard': z.tuple([id]),
  'drafts.conflict': z.tuple([id]),
  'drafts.resolveConflict': z.union([z.tuple([id, z.enum(['mine', 'server', 'merged'])]), z.tuple([id, z.enum(['mine', 'server', 'merged']), html])]),
  'outbox.send': z.tuple([id, z.object({ handin: z.boolean(), acceptStatement: z.boolean() })]),
  'outbox.list': none,
  'outbox.retry': z.tuple([id]),
  'device.logoutPreview': none,
  'device.status': none,
  'device.unlock': z.tuple([z.string().min(1).max(200)]),
  'device.activity': none,
  'sync.status': none,
  'sync.now': none,
  'assignments.list': none,
  'assignments.get': z.tuple([z.number().int().positive()]),
  'sync.reminders': none,
};

/**
 * The outbox service and the sync engine (with its assignments task) are built by the composition root
 * and handed in; this binding owns their lifetime from then on (close() closes both).
 */
export function createOfflineApi(context: ServiceContext, parts: { outbox: OutboxService; assignments: AssignmentsFeature }): FeatureApi<OfflineMethods> {
  const { outbox, assignments } = parts;

  const draftView = async (draft: Draft): Promise<DraftView> => {
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
  };
  const itemView = (item: OutboxItem): OutboxItemView => {
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
  };
  const current = (): string => outbox.account().id;
  /**
   * A draft write that finds the disk full: cached files give space back first (context.space),
   * then the write is tried once more. Still full → `disk-full` (or `disk-full-file` for an
   * attachment); the transaction rolled back, so every earlier version is as it was, and the
   * editor keeps the text and tries again. A read-only data folder answers `data-folder-read-only`.
   */
  const withRoom = async <T>(write: () => T | Promise<T>, fullCode: 'disk-full' | 'disk-full-file' = 'disk-full'): Promise<T> => {
    try {
      return await write();
    } catch (error) {
      // A folder that cannot be written (read-only mount, permissions): named, not "internal".
      const unwritable = unwritableFolderOf(error, context.deps.dataDir);
      if (unwritable !== null) throw new UserFacingError('data-folder-read-only', { folder: unwritable }, { cause: error });
      if (isReadOnly(error)) throw new UserFacingError('data-folder-read-only', { folder: context.deps.dataDir }, { cause: error });
      if (!isDiskFull(error)) throw error;
      const freed = await context.space.reclaim();
      if (freed > 0) {
        try {
          return await write();
        } catch (again) {
          if (!isDiskFull(again)) throw again;
          throw new UserFacingError(fullCode, undefined, { cause: again });
        }
      }
      throw new UserFacingError(fullCode, undefined, { cause: error });
    }
  };

  const handlers: HandlersFor<OfflineMethods> = {
    'drafts.list': () => Promise.all(outbox.drafts.list(current()).map(draftView)),
    'drafts.open': async (assignId, hint) => draftView(await outbox.open(assignId, hint)),
    'drafts.saveText': async (draftId, text, expectedVersion) => draftView(await withRoom(() => outbox.drafts.saveText(current(), draftId, text, expectedVersion))),
    'drafts.addFile': (draftId, file) => {
      const content = Buffer.from(file.dataBase64, 'base64');
      if (content.byteLength > MAX_DRAFT_FILE_BYTES) throw new UserFacingError('draft-file-too-large', { name: file.name });
      return withRoom(() => outbox.drafts.addFile(current(), draftId, { name: file.name, mimetype: file.mimetype, content }), 'disk-full-file').then(draftView);
    },
    'drafts.removeFile': async (draftId, fileId) => draftView(await withRoom(() => outbox.drafts.removeFile(current(), draftId, fileId))),
    'drafts.versions': (draftId) =>
      outbox.drafts.versions(current(), draftId).map((v) => ({ version: v.version, savedAt: v.savedAt, textHtml: v.textHtml, fileNames: v.files.map((f) => f.name) })),
    'drafts.restoreVersion': async (draftId, version) => draftView(await withRoom(() => outbox.drafts.restoreVersion(current(), draftId, version))),
    'drafts.discard': (draftId) => {
      const accountId = current();
      outbox.engine.drop(accountId, draftId);
      outbox.drafts.discard(accountId, draftId);
      return null;
    },
    'drafts.conflict': async (draftId): Promise<ConflictView | null> => {
      const found = await outbox.conflict(draftId);
      if (!found) return null;
      return {
        draftId,
        mineHtml: found.draft.textHtml,
        mineFiles: found.draft.files.map((f) => f.name),
        serverHtml: found.server.text ?? '',
        serverFiles: found.server.files.map((f) => f.name),
        serverStatus: found.server.status,
        serverModifiedAt: found.server.timemodified === null ? null : found.server.timemodified * 1000,
      };
    },
    'drafts.resolveConflict': async (draftId, choice, merged) => draftView(await outbox.resolveConflict(draftId, choice, merged)),
    'outbox.send': async (draftId, options) => itemView(await withRoom(() => outbox.send(draftId, options))),
    'outbox.list': () => outbox.engine.list(current()).map(itemView),
    'outbox.retry': (itemId) => {
      const item = outbox.engine.retry(current(), itemId);
      outbox.kick();
      return item ? itemView(item) : null;
    },
    'device.logoutPreview': () => outbox.logoutPreview(),
    'device.status': () => {
      const account = context.accounts.current();
      return {
        sharedDevice: outbox.sharedDevice(),
        pinSet: account ? outbox.keys.hasPin(account.id) : false,
        unlocked: account ? outbox.keys.key(account.id) !== null : false,
        minPinLength: MIN_PIN_LENGTH,
        idleLogoutMinutes: Number(context.settings.get('idleLogoutMinutes') ?? 0),
      };
    },
    'device.unlock': (pin) => Promise.all(outbox.unlock(pin).map(draftView)),
    'device.activity': () => {
      outbox.activity();
      return null;
    },
    ...assignments.handlers,
  };
  return {
    handlers,
    close: async () => {
      await assignments.close();
      await outbox.close();
    },
  };
}

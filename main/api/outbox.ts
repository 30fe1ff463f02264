/**
 * Binds the outbox part of the API contract (preload/contract/outbox.ts): one input schema and one
 * handler per method of `drafts.*` and `outbox.*`. The service is main/outbox/service.ts; draft writes
 * go through `withRoom` (main/outbox/with-room.ts: a full disk first lets the file cache give space back).
 */
import { z } from 'zod';
import type { ConflictView, OutboxMethods } from '../../preload/contract/outbox';
import type { HandlersFor } from '../ipc/dispatch';
import { UserFacingError } from '../ipc/errors';
import type { InputSchemasFor } from '../ipc/schemas';
import type { FeatureApi, ServiceContext } from '../service-context';
import type { Draft } from '../outbox/drafts';
import { MAX_DRAFT_FILE_BYTES } from '../outbox/drafts';
import type { OutboxItem } from '../outbox/outbox';
import type { OutboxService } from '../outbox/service';
import { draftView, outboxItemView } from '../outbox/views';
import { withRoom } from '../outbox/with-room';

const none = z.tuple([]);
const id = z.string().min(1).max(100);
const html = z.string().max(2_000_000);

export const OUTBOX_INPUT_SCHEMAS: InputSchemasFor<OutboxMethods> = {
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
};

/** The outbox service is built by the composition root and handed in; this binding closes it. */
export function createOutboxApi(context: ServiceContext, outbox: OutboxService): FeatureApi<OutboxMethods> {
  const view = (draft: Draft) => draftView(outbox, draft);
  const itemView = (item: OutboxItem) => outboxItemView(outbox, item);
  const current = (): string => outbox.account().id;
  const handlers: HandlersFor<OutboxMethods> = {
    'drafts.list': () => Promise.all(outbox.drafts.list(current()).map(view)),
    'drafts.open': async (assignId, hint) => view(await outbox.open(assignId, hint)),
    'drafts.saveText': async (draftId, text, expectedVersion) => view(await withRoom(context, () => outbox.drafts.saveText(current(), draftId, text, expectedVersion))),
    'drafts.addFile': (draftId, file) => {
      const content = Buffer.from(file.dataBase64, 'base64');
      if (content.byteLength > MAX_DRAFT_FILE_BYTES) throw new UserFacingError('draft-file-too-large', { name: file.name });
      return withRoom(context, () => outbox.drafts.addFile(current(), draftId, { name: file.name, mimetype: file.mimetype, content }), 'disk-full-file').then(view);
    },
    'drafts.removeFile': async (draftId, fileId) => view(await withRoom(context, () => outbox.drafts.removeFile(current(), draftId, fileId))),
    'drafts.versions': (draftId) =>
      outbox.drafts.versions(current(), draftId).map((v) => ({ version: v.version, savedAt: v.savedAt, textHtml: v.textHtml, fileNames: v.files.map((f) => f.name) })),
    'drafts.restoreVersion': async (draftId, version) => view(await withRoom(context, () => outbox.drafts.restoreVersion(current(), draftId, version))),
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
    'drafts.resolveConflict': async (draftId, choice, merged) => view(await outbox.resolveConflict(draftId, choice, merged)),
    'outbox.send': async (draftId, options) => itemView(await withRoom(context, () => outbox.send(draftId, options))),
    'outbox.list': () => outbox.engine.list(current()).map(itemView),
    'outbox.retry': (itemId) => {
      const item = outbox.engine.retry(current(), itemId);
      outbox.kick();
      return item ? itemView(item) : null;
    },
  };
  return { handlers, close: () => outbox.close() };
}

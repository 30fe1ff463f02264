/**
 * Binds the sync part of the API contract (preload/contract/sync.ts): the engine's status,
 * "Jetzt synchronisieren" and the in-app reminders. The engine (with its assignments task and the
 * reminders) is built by the composition root (main/sync/assignments-feature.ts); this binding closes it.
 */
import { z } from 'zod';
import type { SyncMethods } from '../../preload/contract/sync';
import type { HandlersFor } from '../ipc/dispatch';
import type { InputSchemasFor } from '../ipc/schemas';
import type { FeatureApi, ServiceContext } from '../service-context';
import type { AssignmentsFeature } from '../sync/assignments-feature';

const none = z.tuple([]);

export const SYNC_INPUT_SCHEMAS: InputSchemasFor<SyncMethods> = {
  'sync.status': none,
  'sync.now': none,
  'sync.reminders': none,
};

export function createSyncApi(context: ServiceContext, sync: AssignmentsFeature): FeatureApi<SyncMethods> {
  const handlers: HandlersFor<SyncMethods> = {
    'sync.status': () => sync.engine.status(),
    'sync.now': () => sync.engine.syncNow(),
    'sync.reminders': () => sync.reminders(context.accounts.current()?.id),
  };
  return { handlers, close: () => sync.close() };
}

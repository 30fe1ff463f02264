/**
 * Binds the it part of the API contract (preload/contract/it.ts): one input schema and one
 * handler per method. Handlers get the shared services through ServiceContext.
 */
import { z } from 'zod';
import type { ItMethods } from '../../preload/contract/it';
import type { HandlersFor } from '../ipc/dispatch';
import type { InputSchemasFor } from '../ipc/schemas';
import type { FeatureApi, ServiceContext } from '../service-context';
import { UpdateStatusHolder } from '../updates/status';

const none = z.tuple([]);

export const IT_INPUT_SCHEMAS: InputSchemasFor<ItMethods> = {
  'it.updateStatus': none,
};

export function createItApi(context: ServiceContext): FeatureApi<ItMethods> {
  // The Electron shell passes the updater's holder; the browser shell has no updater.
  const updates = context.deps.updates ?? new UpdateStatusHolder(context.deps.appVersion);
  const handlers: HandlersFor<ItMethods> = {
    'it.updateStatus': () =>
      updates.view({ mode: context.settings.get('updateMode'), channel: context.settings.get('updateChannel'), url: context.settings.get('updateUrl') }),
  };
  return { handlers };
}

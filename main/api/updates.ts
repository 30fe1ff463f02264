/**
 * Binds the updates part of the API contract (preload/contract/updates.ts): the updater's status
 * (main/updates/), pushed as `it.updateStatusChanged` on every change; a newer version SchulDesk will
 * not install itself is said once per version and run as a system notification.
 */
import { z } from 'zod';
import type { UpdatesMethods } from '../../preload/contract/updates';
import type { HandlersFor } from '../ipc/dispatch';
import type { InputSchemasFor } from '../ipc/schemas';
import type { FeatureApi, ServiceContext } from '../service-context';
import { updateNotice } from '../updates/notice';
import { UpdateStatusHolder } from '../updates/status';

export const UPDATES_INPUT_SCHEMAS: InputSchemasFor<UpdatesMethods> = {
  'it.updateStatus': z.tuple([]),
};

export function createUpdatesApi(context: ServiceContext): FeatureApi<UpdatesMethods> {
  // The Electron shell passes the updater's holder; the browser shell has no updater.
  const updates = context.deps.updates ?? new UpdateStatusHolder(context.deps.appVersion);
  const updateView = () => updates.view({ mode: context.settings.get('updateMode'), channel: context.settings.get('updateChannel'), url: context.settings.get('updateUrl') });
  // A newer version SchulDesk will not install itself (notify mode, or an install IT manages):
  // Einstellungen hears it (event), and the system says it once per version and run.
  let notifiedVersion: string | null = null;
  const stopUpdates = updates.onChange(() => {
    const view = updateView();
    context.events.emit('it.updateStatusChanged', view);
    const notice = updateNotice(view, context.settings.get('language'));
    if (!notice || notice.version === notifiedVersion || context.settings.get('notifications') !== true || !context.deps.notify) return;
    notifiedVersion = notice.version;
    context.deps.notify(notice.title, notice.body);
  });
  const handlers: HandlersFor<UpdatesMethods> = {
    'it.updateStatus': updateView,
  };
  return { handlers, close: stopUpdates };
}

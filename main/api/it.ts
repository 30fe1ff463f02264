/**
 * Binds the it part of the API contract (preload/contract/it.ts): one input schema and one
 * handler per method. Handlers get the shared services through ServiceContext.
 */
import { z } from 'zod';
import type { ItMethods } from '../../preload/contract/it';
import type { HandlersFor } from '../ipc/dispatch';
import type { InputSchemasFor } from '../ipc/schemas';
import type { FeatureApi, ServiceContext } from '../service-context';
import { updateNotice } from '../updates/notice';
import { UpdateStatusHolder } from '../updates/status';
import { collectDiagnostics } from '../diagnostics/collect';
import { buildDiagnostics } from '../diagnostics/report';
import { PrivacyService } from '../privacy/privacy-service';
import type { SaveFileRequest } from '../privacy/save-file-port';
import { UserFacingError } from '../ipc/errors';
import type { DiagnosticsView } from '../../preload/contract/it';

const none = z.tuple([]);
const accountId = z.string().min(1).max(100);

export const IT_INPUT_SCHEMAS: InputSchemasFor<ItMethods> = {
  'it.updateStatus': none,
  'it.diagnostics': none,
  'privacy.overview': none,
  'privacy.export': z.tuple([accountId]),
  'privacy.saveExport': z.tuple([accountId]),
  'it.saveDiagnostics': none,
  'privacy.deleteAccountData': z.tuple([accountId, z.strictObject({ confirmUnsent: z.boolean() })]),
};

export function createItApi(context: ServiceContext): FeatureApi<ItMethods> {
  // The Electron shell passes the updater's holder; the browser shell has no updater.
  const updates = context.deps.updates ?? new UpdateStatusHolder(context.deps.appVersion);
  const privacy = new PrivacyService({ ...context, dataDir: context.deps.dataDir, appVersion: context.deps.appVersion });
  let lastReport: DiagnosticsView | null = null;
  const diagnostics = async () => (lastReport = buildDiagnostics(await collectDiagnostics(context)));
  const save = async (request: SaveFileRequest) => {
    const port = context.deps.saveFile;
    if (!port) throw new UserFacingError('save-unavailable');
    return port(request);
  };
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
  const handlers: HandlersFor<ItMethods> = {
    'it.updateStatus': updateView,
    'it.diagnostics': diagnostics,
    'it.saveDiagnostics': async () => {
      const report = lastReport ?? (await diagnostics());
      const suggestedName = `SchulDesk-Diagnose-${new Date(report.generatedAt).toISOString().slice(0, 10)}.txt`;
      return save({ suggestedName, content: report.text, filters: [{ name: 'Text', extensions: ['txt'] }] });
    },
    'privacy.saveExport': (id) => {
      const exported = privacy.export(id);
      return save({ suggestedName: exported.fileName, content: exported.json, filters: [{ name: 'JSON', extensions: ['json'] }] });
    },
    'privacy.overview': () => privacy.overview(),
    'privacy.export': (id) => privacy.export(id),
    'privacy.deleteAccountData': (id, options) => privacy.deleteAccountData(id, options),
  };
  return { handlers, close: stopUpdates };
}

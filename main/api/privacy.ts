/**
 * Binds the privacy part of the API contract (preload/contract/privacy.ts): the privacy centre
 * (main/privacy/privacy-service.ts) — overview, export (in the desktop app also saved), deletion.
 */
import { z } from 'zod';
import type { PrivacyMethods } from '../../preload/contract/privacy';
import type { HandlersFor } from '../ipc/dispatch';
import type { InputSchemasFor } from '../ipc/schemas';
import { PrivacyService } from '../privacy/privacy-service';
import { saveThroughPort } from '../privacy/save-file-port';
import type { FeatureApi, ServiceContext } from '../service-context';

const accountId = z.string().min(1).max(100);

export const PRIVACY_INPUT_SCHEMAS: InputSchemasFor<PrivacyMethods> = {
  'privacy.overview': z.tuple([]),
  'privacy.export': z.tuple([accountId]),
  'privacy.saveExport': z.tuple([accountId]),
  'privacy.deleteAccountData': z.tuple([accountId, z.strictObject({ confirmUnsent: z.boolean() })]),
};

export function createPrivacyApi(context: ServiceContext): FeatureApi<PrivacyMethods> {
  const privacy = new PrivacyService({ ...context, dataDir: context.deps.dataDir, appVersion: context.deps.appVersion });
  const handlers: HandlersFor<PrivacyMethods> = {
    'privacy.overview': () => privacy.overview(),
    'privacy.export': (id) => privacy.export(id),
    'privacy.saveExport': (id) => {
      const exported = privacy.export(id);
      return saveThroughPort(context.deps.saveFile, { suggestedName: exported.fileName, content: exported.json, filters: [{ name: 'JSON', extensions: ['json'] }] });
    },
    'privacy.deleteAccountData': (id, options) => privacy.deleteAccountData(id, options),
  };
  return { handlers };
}

/**
 * Binds the offline part of the API contract (preload/contract/offline.ts): one input schema and one
 * handler per method. Handlers get the shared services through ServiceContext.
 */
import type { OfflineMethods } from '../../preload/contract/offline';
import type { HandlersFor } from '../ipc/dispatch';
import type { InputSchemasFor } from '../ipc/schemas';
import type { FeatureApi, ServiceContext } from '../service-context';

export const OFFLINE_INPUT_SCHEMAS: InputSchemasFor<OfflineMethods> = {};

export function createOfflineApi(_context: ServiceContext): FeatureApi<OfflineMethods> {
  const handlers: HandlersFor<OfflineMethods> = {};
  return { handlers };
}

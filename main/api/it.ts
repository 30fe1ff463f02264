/**
 * Binds the it part of the API contract (preload/contract/it.ts): one input schema and one
 * handler per method. Handlers get the shared services through ServiceContext.
 */
import type { ItMethods } from '../../preload/contract/it';
import type { HandlersFor } from '../ipc/dispatch';
import type { InputSchemasFor } from '../ipc/schemas';
import type { FeatureApi, ServiceContext } from '../service-context';

export const IT_INPUT_SCHEMAS: InputSchemasFor<ItMethods> = {};

export function createItApi(_context: ServiceContext): FeatureApi<ItMethods> {
  const handlers: HandlersFor<ItMethods> = {};
  return { handlers };
}

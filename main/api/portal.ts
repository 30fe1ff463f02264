/**
 * Binds the portal part of the API contract (preload/contract/portal.ts): one input schema and one
 * handler per method. Handlers get the shared services through ServiceContext.
 */
import type { PortalMethods } from '../../preload/contract/portal';
import type { HandlersFor } from '../ipc/dispatch';
import type { InputSchemasFor } from '../ipc/schemas';
import type { FeatureApi, ServiceContext } from '../service-context';

export const PORTAL_INPUT_SCHEMAS: InputSchemasFor<PortalMethods> = {};

export function createPortalApi(_context: ServiceContext): FeatureApi<PortalMethods> {
  const handlers: HandlersFor<PortalMethods> = {};
  return { handlers };
}

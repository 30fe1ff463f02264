/**
 * Binds the conference part of the API contract (preload/contract/conference.ts): one input schema and one
 * handler per method. Handlers get the shared services through ServiceContext.
 */
import type { ConferenceMethods } from '../../preload/contract/conference';
import type { HandlersFor } from '../ipc/dispatch';
import type { InputSchemasFor } from '../ipc/schemas';
import type { FeatureApi, ServiceContext } from '../service-context';

export const CONFERENCE_INPUT_SCHEMAS: InputSchemasFor<ConferenceMethods> = {};

export function createConferenceApi(_context: ServiceContext): FeatureApi<ConferenceMethods> {
  const handlers: HandlersFor<ConferenceMethods> = {};
  return { handlers };
}

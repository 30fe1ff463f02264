/**
 * Binds the content part of the API contract (preload/contract/content.ts): one input schema and one
 * handler per method. Handlers get the shared services through ServiceContext.
 */
import type { ContentMethods } from '../../preload/contract/content';
import type { HandlersFor } from '../ipc/dispatch';
import type { InputSchemasFor } from '../ipc/schemas';
import type { FeatureApi, ServiceContext } from '../service-context';

export const CONTENT_INPUT_SCHEMAS: InputSchemasFor<ContentMethods> = {};

export function createContentApi(_context: ServiceContext): FeatureApi<ContentMethods> {
  const handlers: HandlersFor<ContentMethods> = {};
  return { handlers };
}

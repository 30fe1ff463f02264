/**
 * Binds the assignments part of the API contract (preload/contract/assignments.ts): the current
 * account's assignments as the last sync stored them (main/assignments/views.ts; no network).
 */
import { z } from 'zod';
import type { AssignmentsMethods } from '../../preload/contract/assignments';
import { AssignmentViews } from '../assignments/views';
import type { HandlersFor } from '../ipc/dispatch';
import { UserFacingError } from '../ipc/errors';
import type { InputSchemasFor } from '../ipc/schemas';
import type { FeatureApi, ServiceContext } from '../service-context';

const none = z.tuple([]);

export const ASSIGNMENTS_INPUT_SCHEMAS: InputSchemasFor<AssignmentsMethods> = {
  'assignments.list': none,
  'assignments.get': z.tuple([z.number().int().positive()]),
};

export function createAssignmentsApi(context: ServiceContext): FeatureApi<AssignmentsMethods> {
  const views = new AssignmentViews(context.store);
  const current = (): string => {
    const account = context.accounts.current();
    if (!account) throw new UserFacingError('not-signed-in');
    return account.id;
  };
  const handlers: HandlersFor<AssignmentsMethods> = {
    'assignments.list': () => views.list(current()),
    'assignments.get': (assignId) => views.get(current(), assignId),
  };
  return { handlers };
}

import { StoreError } from '../../main/store/errors';

/** The StoreError `action` throws (any other error is rethrown; none at all fails). */
export function storeErrorOf(action: () => unknown): StoreError {
  try {
    action();
  } catch (error) {
    if (error instanceof StoreError) return error;
    throw error;
  }
  throw new Error('expected a StoreError, nothing was thrown');
}

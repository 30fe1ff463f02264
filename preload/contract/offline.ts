/**
 * API contract, feature part: Sync, assignments, drafts and the outbox (issue 3).
 * Merged into ApiMethods/ApiEvents by preload/api.ts; main binds it in main/api/offline.ts.
 * Runtime-import free (compiled into main, preload and renderer alike).
 */

// eslint-disable-next-line @typescript-eslint/no-empty-object-type -- filled in by the feature's issue
export interface OfflineMethods {}

// eslint-disable-next-line @typescript-eslint/no-empty-object-type -- filled in by the feature's issue
export interface OfflineEvents {}

export const OFFLINE_METHOD_NAMES = [] as const satisfies readonly (keyof OfflineMethods)[];
export const OFFLINE_EVENT_NAMES = [] as const satisfies readonly (keyof OfflineEvents)[];

/**
 * API contract, feature part: Diagnostics, privacy centre, updates (issue 5).
 * Merged into ApiMethods/ApiEvents by preload/api.ts; main binds it in main/api/it.ts.
 * Runtime-import free (compiled into main, preload and renderer alike).
 */

// eslint-disable-next-line @typescript-eslint/no-empty-object-type -- filled in by the feature's issue
export interface ItMethods {}

// eslint-disable-next-line @typescript-eslint/no-empty-object-type -- filled in by the feature's issue
export interface ItEvents {}

export const IT_METHOD_NAMES = [] as const satisfies readonly (keyof ItMethods)[];
export const IT_EVENT_NAMES = [] as const satisfies readonly (keyof ItEvents)[];

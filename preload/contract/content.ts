/**
 * API contract, feature part: Courses, materials, files and deadlines (issue 6: courses, contents, pages, file downloads).
 * Merged into ApiMethods/ApiEvents by preload/api.ts; main binds it in main/api/content.ts.
 * Runtime-import free (compiled into main, preload and renderer alike).
 */

// eslint-disable-next-line @typescript-eslint/no-empty-object-type -- filled in by the feature's issue
export interface ContentMethods {}

// eslint-disable-next-line @typescript-eslint/no-empty-object-type -- filled in by the feature's issue
export interface ContentEvents {}

export const CONTENT_METHOD_NAMES = [] as const satisfies readonly (keyof ContentMethods)[];
export const CONTENT_EVENT_NAMES = [] as const satisfies readonly (keyof ContentEvents)[];

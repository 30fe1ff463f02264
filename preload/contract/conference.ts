/**
 * API contract, feature part: BigBlueButton rooms, rules acknowledgement, objection, transparency log (issue 4).
 * Merged into ApiMethods/ApiEvents by preload/api.ts; main binds it in main/api/conference.ts.
 * Runtime-import free (compiled into main, preload and renderer alike).
 */

// eslint-disable-next-line @typescript-eslint/no-empty-object-type -- filled in by the feature's issue
export interface ConferenceMethods {}

// eslint-disable-next-line @typescript-eslint/no-empty-object-type -- filled in by the feature's issue
export interface ConferenceEvents {}

export const CONFERENCE_METHOD_NAMES = [] as const satisfies readonly (keyof ConferenceMethods)[];
export const CONFERENCE_EVENT_NAMES = [] as const satisfies readonly (keyof ConferenceEvents)[];

/**
 * API contract, feature part: Sign-in, accounts and portals (issue 6: site check, password/SSO login, several schools, logout).
 * Merged into ApiMethods/ApiEvents by preload/api.ts; main binds it in main/api/portal.ts.
 * Runtime-import free (compiled into main, preload and renderer alike).
 */

// eslint-disable-next-line @typescript-eslint/no-empty-object-type -- filled in by the feature's issue
export interface PortalMethods {}

// eslint-disable-next-line @typescript-eslint/no-empty-object-type -- filled in by the feature's issue
export interface PortalEvents {}

export const PORTAL_METHOD_NAMES = [] as const satisfies readonly (keyof PortalMethods)[];
export const PORTAL_EVENT_NAMES = [] as const satisfies readonly (keyof PortalEvents)[];

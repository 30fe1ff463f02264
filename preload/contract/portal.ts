/**
 * API contract, feature part: Sign-in, accounts and portals (site check, password/SSO login, several schools, logout).
 * Merged into ApiMethods/ApiEvents by preload/api.ts; main binds it in main/api/portal.ts.
 * Runtime-import free (compiled into main, preload and renderer alike).
 * No result or event ever carries a token.
 */
import type { ErrorInfo } from './errors';

/** A portal the school configured (policy `portals`). */
export interface PortalPresetView {
  name: string;
  url: string;
}

export interface PortalPresetsView {
  portals: PortalPresetView[];
  /** False: only the presets can be used, the address field is hidden. */
  allowUserPortals: boolean;
  /** Development runs only (`npm start`, `npm run web`): the test Moodle as a demo school; null otherwise. */
  demo: DemoSchoolView | null;
}

/** A demo account: its password is shown on purpose (it opens nothing but the local demo school). */
export interface DemoAccountView {
  username: string;
  password: string;
  fullName: string;
  role: 'student' | 'teacher';
}

export interface DemoSchoolView {
  url: string;
  accounts: DemoAccountView[];
}

/**
 * A sign-in service (OAuth 2 / OpenID Connect identity provider) the portal announces
 * (tool_mobile_get_public_config `identityproviders[]`): one button each.
 */
export interface IdentityProviderView {
  /** Moodle's issuer id (launch.php `oauthsso`); pass it to portal.startSso. */
  id: number;
  name: string;
  /** The provider's icon, fetched by main, as a data: URL (the page never loads it); null without one. */
  iconDataUrl: string | null;
}

/** password: SchulDesk's own form · sso: the school's login page · both: either. */
export type PortalLoginType = 'password' | 'sso' | 'both';

export interface SiteCheckView {
  /** The portal's own base URL (use it for the sign-in calls). */
  siteUrl: string;
  name: string;
  logoUrl: string | null;
  /** The logo as a data: URL (the renderer may not load remote images); null without one. */
  logoDataUrl: string | null;
  version: string | null;
  release: string | null;
  loginType: PortalLoginType;
  /** Sign-in services to offer as buttons (only when loginType is not `password`); empty: the generic school-page sign-in. */
  identityProviders: IdentityProviderView[];
  maintenance: { enabled: boolean; message: string };
}

/**
 * signed-in · needs-reauth (portal rejected the token: "Bitte erneut anmelden") · signed-out
 * (logged out, or the secret was memory-only and the app restarted) · keyring-changed /
 * keyring-unavailable (the stored sign-in cannot be read right now).
 */
export type AccountSessionView = 'signed-in' | 'needs-reauth' | 'signed-out' | 'keyring-changed' | 'keyring-unavailable';

export interface AccountView {
  id: string;
  siteUrl: string;
  siteName: string;
  username: string;
  fullName: string;
  lastUsedAt: number;
  isCurrent: boolean;
  session: AccountSessionView;
}

/** Where sign-ins are kept: the OS keyring, or memory only (then `message` says why, in the app's language). */
export interface SecretStorageView {
  persistence: 'os-keyring' | 'memory-only';
  /** Why sign-ins are kept in memory only; the UI words it (portal.accounts.memoryOnlyReason). */
  reason: 'no-os-keyring' | 'encryption-unavailable' | 'no-electron' | 'policy' | null;
}

export interface AccountsView {
  accounts: AccountView[];
  secrets: SecretStorageView;
}

/**
 * - `window` (Electron; typeoflogin 1 and 3): SchulDesk opened the school's login page in its own
 *   window; the result arrives as the event `portal.ssoFinished`.
 * - `system-browser` (Electron; typeoflogin 2, "via a browser window"): the login page opened in the
 *   system browser; the result arrives through the `schuldesk://` deep link as `portal.ssoFinished`.
 *   Where the OS does not hand the link over, the student can paste it (`portal.completeSso`).
 * - `browser-tab` (browser shell): open `url` in a new tab and hand the `schuldesk://token=…`
 *   callback to `portal.completeSso` — a web page cannot catch it itself.
 */
export type SsoStartView = { mode: 'window' } | { mode: 'system-browser' } | { mode: 'browser-tab'; url: string };

/** A failed SSO login carries the error's code and parameters (the renderer translates them). */
export type SsoFinishedEvent = { ok: true; account: AccountView } | ({ ok: false } & ErrorInfo);

export interface PortalMethods {
  'portal.presets': { args: []; result: PortalPresetsView };
  /** Throws UserFacingError with the PortalError code (e.g. host-not-found, portal-not-allowed, maintenance). */
  'portal.checkSite': { args: [url: string]; result: SiteCheckView };
  'portal.signInPassword': { args: [siteUrl: string, username: string, password: string]; result: AccountView };
  /** `providerId`: an IdentityProviderView id (straight to that sign-in service); null/absent: the school's login page. */
  'portal.startSso': { args: [siteUrl: string, providerId?: number | null]; result: SsoStartView };
  /** Browser shell: the `schuldesk://token=…` URL the portal redirected to. Single use. */
  'portal.completeSso': { args: [callbackUrl: string]; result: AccountView };
  'portal.accounts': { args: []; result: AccountsView };
  'portal.switchAccount': { args: [accountId: string]; result: AccountsView };
  /** The sign-in goes; on a shared device the offline work decides about cached data (see device.logoutPreview). */
  'portal.logout': { args: [accountId: string]; result: AccountsView };
  /** The account and all of its data go from this device. */
  'portal.removeAccount': { args: [accountId: string]; result: AccountsView };
}

export interface PortalEvents {
  'portal.accountsChanged': AccountsView;
  /** Electron: the SSO login window's outcome (delivered by the deep-link router). */
  'portal.ssoFinished': SsoFinishedEvent;
}

export const PORTAL_METHOD_NAMES = [
  'portal.presets',
  'portal.checkSite',
  'portal.signInPassword',
  'portal.startSso',
  'portal.completeSso',
  'portal.accounts',
  'portal.switchAccount',
  'portal.logout',
  'portal.removeAccount',
] as const satisfies readonly (keyof PortalMethods)[];
export const PORTAL_EVENT_NAMES = ['portal.accountsChanged', 'portal.ssoFinished'] as const satisfies readonly (keyof PortalEvents)[];

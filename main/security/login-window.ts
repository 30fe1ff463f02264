/**
 * The SSO login window's decisions. Pure: main/electron/login-window.ts feeds every
 * Electron event of the window in, in the shapes of electron.d.ts (Electron 45), and does what the
 * answer says (preventDefault, close the window, end the sign-in with an outcome).
 *
 * A real chain (test/fixtures/moodle/sso-contract/) goes Moodle → identity provider → Moodle →
 * `schuldesk://token=…`: HTTP 302/303 redirects with the IdP's own login form in between, and the
 * callback arrives as a redirect (desktop user agents) or as a scripted link click (iOS user
 * agents, `launch.php?confirmed=1`). So, for the top frame:
 * - the school's portal origin (http or https, as the site check accepted it) is allowed;
 * - any other https origin is allowed (the identity provider), unless the machine policy
 *   `ssoIdentityProviderOrigins` lists the allowed IdP origins — then only those;
 * - plain http elsewhere, file:, data:, javascript:, blob:, other custom schemes are refused;
 * - `schuldesk:` is the callback, whichever event brings it (will-redirect, will-frame-navigate,
 *   will-navigate, window.open): it is always cancelled in the window, handed over exactly once,
 *   and the window closes at once — before the sign-in round trip (after a 302 to `schuldesk:`
 *   Chromium keeps showing the last committed page, the IdP's form).
 * - The callback counts only when the portal hands it over — Moodle sends it only from launch.php
 *   (its 302, or the iOS / confirmed=1 page's scripted click). Moodle puts the passport into the
 *   OAuth `state` it gives the identity provider, so the IdP (or a page that saw the state, a page
 *   reached by a link, a cross-origin subframe navigating the top) could compute a valid signature
 *   for a token of its own choosing. A redirect counts when the hop that redirected is on the
 *   portal; a navigation when its initiator frame is (without one: the committed top document); a
 *   window.open when the top document is. Any other callback is cancelled and ignored: the window
 *   stays, the portal's callback still counts once.
 * The window has no preload, an in-memory session cleared on close, and never opens a second
 * window. Whether a callback is genuine (signature, single use, age) is SsoLaunches' decision.
 */
import { DEEP_LINK_SCHEME, isLoopbackHostname, parseUrl } from './origins';

export interface LoginWindowRules {
  /** Origin of the school's portal (where launch.php lives), e.g. `https://moodle.schule.de`. */
  portalOrigin: string;
  /** Policy `ssoIdentityProviderOrigins`: empty = any https origin may serve as identity provider. */
  identityProviderOrigins: readonly string[];
}

/**
 * One Electron event of the login window (main/electron/login-window.ts):
 * - `will-redirect` / `will-frame-navigate` / `will-navigate`: `details.url`, `details.isMainFrame`
 *   (Event<WebContentsWill…EventParams>); for a renderer-started navigation Electron 45 emits
 *   will-frame-navigate first and will-navigate only when it was not prevented; a programmatic
 *   `loadURL` emits neither, only will-redirect for its redirects;
 * - `window-open`: setWindowOpenHandler's `details.url` (HandlerDetails);
 * - `did-navigate`: a committed main-frame document (`url`, `httpResponseCode`);
 * - `did-fail-load`: (`errorCode`, `validatedURL`, `isMainFrame`) — net error codes, -3 = ERR_ABORTED;
 * - `certificate-error`: (`url`, `error`, `isMainFrame`) after the verify proc (with the policy's
 *   trusted CAs) refused the chain;
 * - `closed`: the window is gone (the user closed it, or we did).
 */
export type LoginWindowEvent =
  | {
      type: 'will-redirect' | 'will-frame-navigate' | 'will-navigate';
      url: string;
      isMainFrame: boolean;
      /** will-frame-navigate / will-navigate: `details.initiator?.origin` (null: no initiator frame, or it is gone). */
      initiatorOrigin?: string | null;
    }
  | { type: 'window-open'; url: string }
  | { type: 'did-navigate'; url: string; httpResponseCode: number }
  | { type: 'did-fail-load'; url: string; errorCode: number; isMainFrame: boolean }
  | { type: 'certificate-error'; url: string; error: string; isMainFrame: boolean }
  | { type: 'closed' };

/** How a sign-in in the login window ended (at most one per window). */
export type LoginWindowOutcome =
  /** The `schuldesk://token=…` URL (a secret: never log it). */
  | { kind: 'callback'; url: string }
  /** The user closed the window first. */
  | { kind: 'closed' }
  /** Moodle answered an error page for the identity provider (unknown or disabled issuer id). */
  | { kind: 'provider-unavailable' }
  /** Moodle answered an error page for launch.php itself (app sign-in switched off, …). */
  | { kind: 'launch-refused'; status: number }
  /** A server redirected the window to an origin the rules refuse (e.g. an IdP outside the policy list). */
  | { kind: 'origin-refused'; origin: string }
  /** The identity provider's (or portal's) TLS certificate is not trusted. */
  | { kind: 'certificate-error'; origin: string; error: string }
  /** A page of the chain could not be loaded (network error). */
  | { kind: 'load-failed'; origin: string; errorCode: number };

export interface LoginWindowStep {
  /** Cancel the navigation (preventDefault) or deny the new window; always false for did-*, certificate-error and closed. */
  prevent: boolean;
  /** Close the window now. */
  close: boolean;
  /** The sign-in ends with this (never twice). */
  outcome: LoginWindowOutcome | null;
}

export type LoginUrlDecision = 'allow' | 'callback' | 'deny';

const CALLBACK_PREFIX = `${DEEP_LINK_SCHEME}://`;

export function isSsoCallbackUrl(url: string): boolean {
  return typeof url === 'string' && url.trim().slice(0, CALLBACK_PREFIX.length).toLowerCase() === CALLBACK_PREFIX;
}

/** Normalised origins of the policy list (invalid entries never match). */
function originSet(origins: readonly string[]): Set<string> {
  const set = new Set<string>();
  for (const origin of origins) {
    const url = parseUrl(origin);
    if (url && url.protocol === 'https:') set.add(url.origin);
  }
  return set;
}

/** Whether the top frame of the login window may show `url`. */
export function decideLoginUrl(url: string, rules: LoginWindowRules, frame: 'main' | 'sub' = 'main'): LoginUrlDecision {
  if (isSsoCallbackUrl(url)) return frame === 'main' ? 'callback' : 'deny';
  // about:blank / about:srcdoc subframes are part of ordinary pages (and cannot carry anything).
  if (url === 'about:blank' || url === 'about:srcdoc') return frame === 'sub' ? 'allow' : 'deny';
  const parsed = parseUrl(url);
  if (!parsed || parsed.username !== '' || parsed.password !== '') return 'deny';
  const portal = parseUrl(rules.portalOrigin);
  if (portal && (parsed.protocol === 'https:' || parsed.protocol === 'http:') && parsed.origin === portal.origin) return 'allow';
  if (parsed.protocol !== 'https:') return 'deny';
  // A subframe inside an allowed page (a captcha, the IdP's own widgets) is that page's business.
  if (frame === 'sub') return 'allow';
  const allowed = originSet(rules.identityProviderOrigins);
  return allowed.size === 0 || allowed.has(parsed.origin) ? 'allow' : 'deny';
}

/** Chromium's net error codes -200 … -299 are certificate errors (net/base/net_error_list.h). */
function isCertificateError(errorCode: number): boolean {
  return errorCode <= -200 && errorCode > -300;
}

/** ERR_ABORTED: a navigation we (or the page) cancelled, or a download/external protocol. */
const ERR_ABORTED = -3;

/** The web origin, or for anything else only its scheme ("data:"; "–" when unparsable): shown to the user as a language-free fact. */
function originOf(url: string): string {
  const parsed = parseUrl(url);
  if (!parsed) return '–';
  return parsed.protocol === 'https:' || parsed.protocol === 'http:' ? parsed.origin : parsed.protocol;
}

function pathOf(url: string): string {
  return parseUrl(url)?.pathname ?? '';
}

const ALLOW: LoginWindowStep = { prevent: false, close: false, outcome: null };
const PREVENT: LoginWindowStep = { prevent: true, close: false, outcome: null };

/**
 * The state of one login window: it ends once (callback, error, or closed by the user); after
 * that, everything is cancelled and nothing more is handed over.
 */
export class LoginWindowGuard {
  readonly #rules: LoginWindowRules;
  #outcome: LoginWindowOutcome | null = null;
  #closed = false;
  /** Origin of the top frame's current navigation hop (loadURL(launch URL) starts on the portal). */
  #hopOrigin: string;
  /** Origin of the committed top document (none before the first commit). */
  #documentOrigin: string | null = null;

  constructor(rules: LoginWindowRules) {
    this.#rules = rules;
    this.#hopOrigin = originOf(rules.portalOrigin);
  }

  /** Whether a callback from this origin is the portal's. */
  #fromPortal(origin: string | null | undefined): boolean {
    return typeof origin === 'string' && origin !== 'null' && origin === originOf(this.#rules.portalOrigin);
  }

  /** The outcome so far (null while the student is still signing in). */
  get outcome(): LoginWindowOutcome | null {
    return this.#outcome;
  }

  get closed(): boolean {
    return this.#closed;
  }

  handle(event: LoginWindowEvent): LoginWindowStep {
    switch (event.type) {
      case 'closed': {
        this.#closed = true;
        return this.#end({ kind: 'closed' }, false);
      }
      case 'window-open': {
        // Never a second window; a callback opened as a new window still counts.
        if (this.#outcome || decideLoginUrl(event.url, this.#rules) !== 'callback') return PREVENT;
        if (!this.#fromPortal(this.#documentOrigin ?? this.#hopOrigin)) return PREVENT;
        return this.#end({ kind: 'callback', url: event.url.trim() }, true);
      }
      case 'will-redirect':
      case 'will-frame-navigate':
      case 'will-navigate': {
        if (this.#outcome) return PREVENT;
        const decision = decideLoginUrl(event.url, this.#rules, event.isMainFrame ? 'main' : 'sub');
        if (decision === 'allow') {
          if (event.isMainFrame) this.#hopOrigin = originOf(event.url);
          return ALLOW;
        }
        if (decision === 'callback') {
          const source = event.type === 'will-redirect' ? this.#hopOrigin : event.initiatorOrigin || (this.#documentOrigin ?? this.#hopOrigin);
          if (!this.#fromPortal(source)) return PREVENT;
          return this.#end({ kind: 'callback', url: event.url.trim() }, true);
        }
        // A server redirect leads nowhere else: the chain is dead, say why. A link the student
        // clicked (or a subframe) is just not followed.
        if (event.type === 'will-redirect' && event.isMainFrame) return this.#end({ kind: 'origin-refused', origin: originOf(event.url) }, true);
        return PREVENT;
      }
      case 'did-navigate': {
        this.#documentOrigin = originOf(event.url);
        if (this.#outcome) return ALLOW;
        if (event.httpResponseCode < 400 || originOf(event.url) !== originOf(this.#rules.portalOrigin)) return ALLOW;
        const path = pathOf(event.url);
        if (path.endsWith('/auth/oauth2/login.php')) return this.#end({ kind: 'provider-unavailable' }, false);
        if (path.endsWith('/admin/tool/mobile/launch.php')) return this.#end({ kind: 'launch-refused', status: event.httpResponseCode }, false);
        // Any other error page of the portal stays visible (the student can go on from it).
        return ALLOW;
      }
      case 'did-fail-load': {
        if (this.#outcome || !event.isMainFrame || event.errorCode === ERR_ABORTED || isSsoCallbackUrl(event.url)) return ALLOW;
        if (isCertificateError(event.errorCode)) return this.#end({ kind: 'certificate-error', origin: originOf(event.url), error: `net error ${event.errorCode}` }, false);
        return this.#end({ kind: 'load-failed', origin: originOf(event.url), errorCode: event.errorCode }, false);
      }
      case 'certificate-error': {
        if (this.#outcome || !event.isMainFrame) return ALLOW;
        return this.#end({ kind: 'certificate-error', origin: originOf(event.url), error: event.error }, false);
      }
    }
  }

  #end(outcome: LoginWindowOutcome, prevent: boolean): LoginWindowStep {
    if (this.#outcome) return { prevent, close: false, outcome: null };
    this.#outcome = outcome;
    return { prevent, close: !this.#closed, outcome };
  }
}

const TITLE = { de: 'SchulDesk – Anmeldung', en: 'SchulDesk – Sign-in' } as const;

/**
 * The login window's title: it has no address bar and a page sets its own <title> (a phishing
 * page could call itself the school's login), so the window keeps SchulDesk's title and names the
 * host of the committed page — as WHATWG URL gives it (lowercase, IDN as punycode, port if any).
 */
export function loginWindowTitle(committedUrl: string | null, language: 'de' | 'en'): string {
  const url = parseUrl(committedUrl);
  if (!url || (url.protocol !== 'https:' && url.protocol !== 'http:') || url.host === '') return TITLE[language];
  return `${TITLE[language]} – ${url.host}`;
}

/** `host:port` of an https/http URL, or of Chromium's `host:port` form (https assumed). */
function hostAndPort(value: string): string | null {
  const direct = parseUrl(value);
  const url = direct && (direct.protocol === 'https:' || direct.protocol === 'http:') ? direct : parseUrl(`https://${value}`);
  if (!url || url.hostname === '' || url.username !== '' || url.password !== '') return null;
  const port = url.port || (url.protocol === 'http:' ? '80' : '443');
  return `${url.hostname}:${port}`;
}

/**
 * `select-client-certificate` in the login window (electron.d.ts: without preventDefault Electron
 * answers with the first certificate of the store). A device or user certificate names the
 * student or the machine; only the portal and, when the policy `ssoIdentityProviderOrigins` lists
 * some, those IdPs get one — never any https page the window happens to reach. `requesting` is
 * the URL or Chromium's `host:port`. A school whose IdP needs device certificates lists it (or
 * uses typeoflogin 2, the system browser).
 */
export function clientCertificateAllowed(requesting: string, rules: LoginWindowRules): boolean {
  if (typeof requesting !== 'string' || requesting === '') return false;
  const asked = hostAndPort(requesting);
  if (!asked) return false;
  const portal = parseUrl(rules.portalOrigin);
  const allowed = [...(portal ? [portal.origin] : []), ...originSet(rules.identityProviderOrigins)];
  return allowed.some((origin) => hostAndPort(origin) === asked);
}

/**
 * typeoflogin 2 opens the launch URL in the system browser (shell.openExternal). Only http(s)
 * without credentials; plain http only on loopback (the site check admits http portals only there).
 */
export function decideSystemBrowserLaunch(url: string): { allowed: true; href: string } | { allowed: false; reason: 'invalid-url' | 'not-https' | 'credentials' } {
  const parsed = parseUrl(url);
  if (!parsed) return { allowed: false, reason: 'invalid-url' };
  if (parsed.username !== '' || parsed.password !== '') return { allowed: false, reason: 'credentials' };
  if (parsed.protocol === 'https:' || (parsed.protocol === 'http:' && isLoopbackHostname(parsed.hostname))) return { allowed: true, href: parsed.href };
  return { allowed: false, reason: 'not-https' };
}

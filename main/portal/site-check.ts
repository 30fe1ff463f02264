/**
 * Site check: from what a user typed to a usable Moodle portal, before any login — normalise the
 * address, apply the school's policy list, ask tool_mobile_get_public_config as the Moodle app does,
 * follow only a same-host https redirect (steps at checkSite).
 */
import type { HttpClient } from '../net/http-client';
import { InvalidResponseError, MoodleWsError, PortalError, SiteCheckError } from './errors';
import { portalRequest, readMoodleJson } from './moodle-client';
import type { PublicConfig } from './schemas';
import { htmlToText } from './html-text';
import { ajaxResponseSchema, describeIssues, publicConfigSchema } from './schemas';
import { isAllowedScheme } from './site-url';

export { isLoopbackHost } from './site-url';

export interface PortalPolicy {
  /** Portal URLs the school configured (settings key `portals`). */
  allowedPortals: readonly string[];
  /** Whether users may add portals not in the list (settings key `allowUserPortals`). */
  allowUserPortals: boolean;
}

export type TypeOfLogin = 'app' | 'browser' | 'embedded';

export interface SiteCheckResult {
  /** The portal's own base URL (httpswwwroot), no trailing slash. Use this from now on. */
  siteUrl: string;
  name: string;
  logoUrl: string | null;
  compactLogoUrl: string | null;
  /** Moodle 5.1 does not publish its release before login; login returns it from the site info. */
  release: string | null;
  version: string | null;
  /** tool_mobile/typeoflogin: 1 = in the app (password form), 2 = browser SSO, 3 = embedded browser SSO. */
  typeOfLogin: TypeOfLogin;
  /** Start of the SSO flow (admin/tool/mobile/launch.php) when Moodle names one on the portal's own origin. */
  launchUrl: string | null;
  /** False when the portal hides its login form (SSO only). */
  showLoginForm: boolean;
  /**
   * OAuth 2 identity providers of the login page (public config `identityproviders[]`) that the app
   * can launch: `id` is the issuer id from `url`'s `id=` (launch.php's `oauthsso`); the rest of
   * `url` (an anonymous sesskey, wantsurl=/) is useless to an app and dropped.
   */
  identityProviders: IdentityProvider[];
  maintenance: { enabled: boolean; message: string };
}

export interface IdentityProvider {
  id: number;
  name: string;
  /** The provider's icon (often on the provider's own origin); main fetches it, never the page. */
  iconUrl: string | null;
}

/** A portal names a handful; each one is a button and an icon request main makes. */
const MAX_PROVIDERS = 20;
const MAX_PROVIDER_NAME = 100;

/**
 * `identityproviders[]` → launchable providers: only entries whose `url` is the portal's own
 * auth/oauth2/login.php with a positive integer `id` (the Moodle app does the same:
 * CoreLoginHelper.openBrowserForOAuthLogin refuses a provider without `id`). Others (SAML, CAS
 * buttons) are left to the generic "sign in on the school's page". At most MAX_PROVIDERS, names cut
 * to MAX_PROVIDER_NAME characters: a hostile portal cannot flood step 2 or make main fetch
 * hundreds of icons.
 */
export function launchableProviders(providers: readonly { name: string; iconurl?: string | undefined; url: string }[], siteOrigin: string): IdentityProvider[] {
  const result: IdentityProvider[] = [];
  for (const provider of providers) {
    if (result.length >= MAX_PROVIDERS) break;
    let url: URL;
    try {
      url = new URL(provider.url);
    } catch {
      continue;
    }
    if (url.origin !== siteOrigin || !url.pathname.endsWith('/auth/oauth2/login.php')) continue;
    const id = url.searchParams.get('id') ?? '';
    if (!/^[1-9][0-9]{0,9}$/.test(id) || result.some((known) => known.id === Number(id))) continue;
    const name = [...htmlToText(provider.name)].slice(0, MAX_PROVIDER_NAME).join('').trim();
    result.push({ id: Number(id), name: name || `#${id}`, iconUrl: httpUrlOrNull(provider.iconurl) });
  }
  return result;
}

export interface SiteCheckOptions {
  policy?: PortalPolicy;
  /** Language for Moodle's strings in the answer (e.g. the maintenance message). */
  lang?: string;
  /** Return a site in maintenance mode instead of throwing (for re-checks of a known portal). */
  allowMaintenance?: boolean;
  timeoutMs?: number;
  /** Attempts for overload/timeouts (default 2: the user is waiting). */
  maxAttempts?: number;
  signal?: AbortSignal;
}

/** Paths users paste from the browser's address bar; the portal's base is what comes before. */
const PAGE_SUFFIXES = [
  '/login/index.php',
  '/login/token.php',
  '/login',
  '/my/index.php',
  '/my/courses.php',
  '/my',
  '/course/view.php',
  '/course/index.php',
  '/admin/tool/mobile/launch.php',
  '/webservice/rest/server.php',
  '/lib/ajax/service-nologin.php',
  '/index.php',
];

/** `https://host[:port]/path` without trailing slash, query or fragment. */
function baseOf(url: URL): string {
  return `${url.origin}${url.pathname.replace(/\/+$/, '')}`;
}

/**
 * What the user typed → the portal base URL to check. Throws SiteCheckError `invalid-url`
 * or `insecure-http`.
 */
export function normalizeSiteInput(input: string): string {
  const trimmed = input.trim();
  if (trimmed === '' || /\s/.test(trimmed)) throw new SiteCheckError('invalid-url');
  const withScheme = /^[a-z][a-z0-9+.-]*:\/\//i.test(trimmed) ? trimmed : `https://${trimmed.replace(/^\/+/, '')}`;
  let url: URL;
  try {
    url = new URL(withScheme);
  } catch {
    throw new SiteCheckError('invalid-url');
  }
  if (url.protocol !== 'https:' && url.protocol !== 'http:') throw new SiteCheckError('invalid-url');
  if (url.username || url.password || !url.hostname) throw new SiteCheckError('invalid-url');
  if (!isAllowedScheme(url)) throw new SiteCheckError('insecure-http', { data: { host: url.host } });
  let path = url.pathname.replace(/\/+$/, '');
  const lower = path.toLowerCase();
  const suffix = PAGE_SUFFIXES.find((candidate) => lower.endsWith(candidate));
  if (suffix) path = path.slice(0, path.length - suffix.length).replace(/\/+$/, '');
  return `${url.origin}${path}`;
}

/** Same portal? Compares normalised base URLs (scheme, host, port, path; case-insensitive host). */
export function samePortal(a: string, b: string): boolean {
  try {
    return normalizeSiteInput(a) === normalizeSiteInput(b);
  } catch {
    return false;
  }
}

export function isPortalAllowed(siteUrl: string, policy: PortalPolicy | undefined): boolean {
  if (!policy || policy.allowUserPortals || policy.allowedPortals.length === 0) return true;
  return policy.allowedPortals.some((allowed) => samePortal(allowed, siteUrl));
}

function assertAllowed(siteUrl: string, policy: PortalPolicy | undefined): void {
  if (!isPortalAllowed(siteUrl, policy)) throw new SiteCheckError('portal-not-allowed', { data: { host: new URL(siteUrl).host } });
}

const TYPE_OF_LOGIN: Record<1 | 2 | 3, TypeOfLogin> = { 1: 'app', 2: 'browser', 3: 'embedded' };

function httpUrlOrNull(value: string | undefined): string | null {
  if (!value) return null;
  try {
    const url = new URL(value);
    return url.protocol === 'https:' || url.protocol === 'http:' ? url.toString() : null;
  } catch {
    return null;
  }
}

/** Interprets the public config (exported for unit tests against the recorded answer). */
export function siteFromPublicConfig(config: PublicConfig, checkedBase: string, options: Pick<SiteCheckOptions, 'policy' | 'allowMaintenance'> = {}): SiteCheckResult {
  if (!config.enablewebservices) throw new SiteCheckError('webservices-disabled');
  if (!config.enablemobilewebservice) throw new SiteCheckError('mobile-service-disabled');
  const maintenanceMessage = htmlToText(config.maintenancemessage);
  if (config.maintenanceenabled && !options.allowMaintenance) {
    throw new SiteCheckError('maintenance', { data: maintenanceMessage ? { maintenanceMessage } : {} });
  }
  let site: URL;
  try {
    site = new URL(config.httpswwwroot);
  } catch {
    throw new SiteCheckError('site-not-supported', { detail: 'httpswwwroot ist keine URL' });
  }
  const checked = new URL(checkedBase);
  if (site.hostname !== checked.hostname) throw new SiteCheckError('redirect-other-host', { data: { targetOrigin: site.origin } });
  if (!isAllowedScheme(site)) throw new SiteCheckError('insecure-http', { data: { host: site.host } });
  const siteUrl = baseOf(site);
  assertAllowed(siteUrl, options.policy);
  const launch = httpUrlOrNull(config.launchurl);
  return {
    siteUrl,
    name: htmlToText(config.sitename),
    logoUrl: httpUrlOrNull(config.logourl),
    compactLogoUrl: httpUrlOrNull(config.compactlogourl),
    release: config.release ?? null,
    version: config.version ?? null,
    typeOfLogin: TYPE_OF_LOGIN[config.typeoflogin],
    launchUrl: launch && new URL(launch).origin === site.origin ? launch : null,
    showLoginForm: config.showloginform ?? true,
    identityProviders: launchableProviders(config.identityproviders ?? [], site.origin),
    maintenance: { enabled: config.maintenanceenabled, message: maintenanceMessage },
  };
}

const PUBLIC_CONFIG_CALL = JSON.stringify([{ index: 0, methodname: 'tool_mobile_get_public_config', args: {} }]);
const SERVICE_PATH = '/lib/ajax/service-nologin.php';

/** Where a redirect from `from` to `location` may be followed: a new base URL, or the error. */
export function followableRedirect(from: URL, location: string, base: string): { base: string } | { error: SiteCheckError } {
  let target: URL;
  try {
    target = new URL(location, from);
  } catch {
    return { error: new SiteCheckError('not-moodle', { detail: 'ungültige Umleitung' }) };
  }
  if (target.hostname !== from.hostname) return { error: new SiteCheckError('redirect-other-host', { data: { targetOrigin: target.origin } }) };
  if (!isAllowedScheme(target)) return { error: new SiteCheckError('insecure-http', { data: { host: target.host } }) };
  if (from.protocol === 'http:' && target.protocol === 'https:') {
    const path = target.pathname.endsWith(SERVICE_PATH) ? target.pathname.slice(0, -SERVICE_PATH.length) : new URL(base).pathname;
    return { base: `${target.origin}${path.replace(/\/+$/, '')}` };
  }
  return { error: new SiteCheckError('not-moodle', { detail: 'Umleitung auf derselben Adresse' }) };
}

/**
 * Checks a portal address. Throws PortalError subclasses with distinct codes (see errors.ts).
 *
 * 1. Normalise the input (https:// added, whitespace, trailing slashes and pasted Moodle page
 *    paths such as /login/index.php removed); plain http only for loopback addresses.
 * 2. Refuse portals outside the school's policy list (when it lists any and user portals are off).
 * 3. Ask Moodle as the Moodle app does: POST /lib/ajax/service-nologin.php with a JSON call of
 *    tool_mobile_get_public_config (moodlehq/moodleapp CoreUnauthenticatedSite.requestPublicConfig;
 *    recorded in tool_mobile_get_public_config.nologin.json). Moodle answers it even when web
 *    services are off, so the flags in the answer tell us why an app cannot log in: the Moodle
 *    app's checkSite rejects `!enablewebservices`, `!enablemobilewebservice` and
 *    `maintenanceenabled` the same way (moodlehq/moodleapp src/core/services/sites.ts).
 *    A site in CLI maintenance answers HTTP 503 "Moodle under maintenance" with Retry-After
 *    (moodle/moodle lib/setup.php, climaintenance.html).
 * 4. Redirects are not followed blindly: one redirect to https on the same host is followed,
 *    a redirect to another host is refused (and reported with its origin).
 */
export async function checkSite(http: HttpClient, input: string, options: SiteCheckOptions = {}): Promise<SiteCheckResult> {
  let base = normalizeSiteInput(input);
  assertAllowed(base, options.policy);
  let redirected = false;
  for (;;) {
    const query = `info=tool_mobile_get_public_config${options.lang ? `&lang=${encodeURIComponent(options.lang)}` : ''}`;
    const url = new URL(`${base}${SERVICE_PATH}?${query}`);
    const response = await portalRequest(http, {
      url,
      method: 'POST',
      headers: { 'content-type': 'application/json', accept: 'application/json' },
      body: PUBLIC_CONFIG_CALL,
      retrySafe: true,
      maxAttempts: options.maxAttempts ?? 2,
      timeoutMs: options.timeoutMs,
      signal: options.signal,
    });
    if (response.status >= 300 && response.status < 400) {
      const next = redirected ? null : followableRedirect(url, response.headers.get('location') ?? '', base);
      if (next === null) throw new SiteCheckError('not-moodle', { detail: 'mehrere Umleitungen' });
      if ('error' in next) throw next.error;
      base = next.base;
      assertAllowed(base, options.policy);
      redirected = true;
      continue;
    }
    if (response.status !== 200) throw new SiteCheckError('not-moodle', { status: response.status, detail: `HTTP ${response.status}` });

    let envelope: unknown;
    try {
      envelope = readMoodleJson(response, 'service-nologin.php');
    } catch (error) {
      if (error instanceof InvalidResponseError) throw new SiteCheckError('not-moodle', { detail: error.message, cause: error });
      // A Moodle-shaped error object: it is a Moodle, but it cannot run the call.
      if (error instanceof MoodleWsError && error.code === 'maintenance') throw error;
      if (error instanceof PortalError) throw new SiteCheckError('site-not-supported', { moodleErrorcode: error.moodleErrorcode, cause: error });
      throw error;
    }
    const parsed = ajaxResponseSchema.safeParse(envelope);
    const first = parsed.success ? parsed.data[0] : undefined;
    if (!first) throw new SiteCheckError('not-moodle', { detail: 'keine Moodle-AJAX-Antwort' });
    if (first.error) {
      const errorcode = first.exception.errorcode;
      if (errorcode === 'sitemaintenance') throw new SiteCheckError('maintenance', { moodleErrorcode: errorcode });
      throw new SiteCheckError('site-not-supported', { moodleErrorcode: errorcode, detail: `Moodle: ${errorcode}` });
    }
    const config = publicConfigSchema.safeParse(first.data);
    if (!config.success) throw new SiteCheckError('site-not-supported', { detail: describeIssues(config.error) });
    return siteFromPublicConfig(config.data, base, options);
  }
}

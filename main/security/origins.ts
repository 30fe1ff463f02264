/**
 * Origins every security decision compares against. Pure: no electron, no I/O.
 *
 * Rule: compare parsed origins exactly, never prefixes (`https://school.example.com.evil.test`
 * starts with the school's origin). WHATWG `URL` already lowercases hosts, converts IDN to
 * punycode, drops default ports and strips userinfo from `origin`.
 */

/** Our UI's scheme (registered as privileged in main/electron/app-protocol.ts). */
export const APP_SCHEME = 'app';
export const APP_HOST = 'schuldesk';
export const APP_ORIGIN = `${APP_SCHEME}://${APP_HOST}`;
export const APP_ENTRY_URL = `${APP_ORIGIN}/index.html`;

/** The private scheme Moodle's SSO launch redirects to (`tool_mobile/forcedurlscheme`). */
export const DEEP_LINK_SCHEME = 'schuldesk';

export function parseUrl(raw: unknown): URL | null {
  if (typeof raw !== 'string' || raw === '') return null;
  try {
    return new URL(raw);
  } catch {
    return null;
  }
}

/**
 * True only for URLs of our own UI: `app://schuldesk/...` with no port and no userinfo.
 * Node parses `app:` as a non-special scheme (opaque host, `origin` is "null"), so the host is
 * checked directly; Chromium lowercases hosts of standard schemes, so we do the same.
 */
export function isAppUrl(raw: unknown): boolean {
  const url = parseUrl(raw);
  if (!url || url.protocol !== `${APP_SCHEME}:`) return false;
  if (url.username !== '' || url.password !== '' || url.port !== '') return false;
  return url.host.toLowerCase() === APP_HOST;
}

const LOOPBACK_HOSTNAMES = new Set(['localhost', '[::1]']);

export function isLoopbackHostname(hostname: string): boolean {
  return LOOPBACK_HOSTNAMES.has(hostname) || /^127\.\d{1,3}\.\d{1,3}\.\d{1,3}$/.test(hostname);
}

/**
 * The origin of an http(s) URL, or null for every other scheme (including `blob:`, whose
 * WHATWG origin would be the inner URL's origin and must not count as that site).
 */
export function webOriginOf(raw: unknown): string | null {
  const url = parseUrl(raw);
  if (!url || (url.protocol !== 'https:' && url.protocol !== 'http:')) return null;
  return url.origin;
}

/** https anywhere; http only on loopback (test and development servers on 127.0.0.1). */
function isAcceptableConfiguredOrigin(url: URL): boolean {
  if (url.protocol === 'https:') return true;
  return url.protocol === 'http:' && isLoopbackHostname(url.hostname);
}

/** The origins a window may show, built from configuration (policy/settings). */
export interface OriginAllowlist {
  /** Moodle portals (origins of the configured portal URLs; their paths do not matter here). */
  readonly portalOrigins: ReadonlySet<string>;
  /** BigBlueButton servers. */
  readonly bbbOrigins: ReadonlySet<string>;
}

export const EMPTY_ALLOWLIST: OriginAllowlist = { portalOrigins: new Set(), bbbOrigins: new Set() };

function originsOf(entries: readonly string[]): Set<string> {
  const origins = new Set<string>();
  for (const entry of entries) {
    const url = parseUrl(entry);
    // Settings validated these already; anything odd is dropped rather than widening the list.
    if (url && isAcceptableConfiguredOrigin(url) && url.username === '' && url.password === '') origins.add(url.origin);
  }
  return origins;
}

export function buildOriginAllowlist(config: { portalUrls: readonly string[]; bbbOrigins: readonly string[] }): OriginAllowlist {
  return { portalOrigins: originsOf(config.portalUrls), bbbOrigins: originsOf(config.bbbOrigins) };
}

export function isAllowlistedOrigin(allowlist: OriginAllowlist, origin: string): boolean {
  return allowlist.portalOrigins.has(origin) || allowlist.bbbOrigins.has(origin);
}

/**
 * What a log line may say about a blocked URL: the origin for http(s), else the scheme only.
 * Paths and queries can hold tokens (schuldesk://token=…, ?wstoken=…) and never reach a log.
 */
export function urlForLog(raw: unknown): string {
  const url = parseUrl(raw);
  if (!url) return '<invalid URL>';
  if (url.protocol === 'https:' || url.protocol === 'http:') return url.origin;
  if (isAppUrl(raw)) return APP_ORIGIN;
  return url.protocol;
}

/**
 * The portal's logo and its identity providers' icons as data: URLs (the renderer's CSP forbids
 * remote images): fetched by main, small images only, from the sources each rule allows. For an
 * icon the host decision binds the connection (checked addresses only, no rebinding).
 */
import { lookup } from 'node:dns/promises';
import { isIP } from 'node:net';
import type { FetchFn, HttpClient } from '../net/http-client';
import { pinnedHttpsFetch, provePinnedTls } from '../net/pinned-fetch';
import { iconSourceNeedsAddresses, planIconFetch } from '../security/icon-source';
import type { IconFetchPlan } from '../security/icon-source';

const LOGO_TYPES = new Set(['image/png', 'image/jpeg', 'image/gif', 'image/webp', 'image/svg+xml']);
const MAX_LOGO_BYTES = 256 * 1024;

/**
 * The renderer's CSP forbids remote images, so main fetches the portal's logo once and hands it
 * over as a data: URL. Only from the portal's own origin, only images, small; anything else → null.
 */
export async function fetchLogoDataUrl(http: HttpClient, siteUrl: string, logoUrl: string | null): Promise<string | null> {
  return fetchImageDataUrl(http, logoUrl, (url) => url.origin === new URL(siteUrl).origin);
}

/** What a host name resolves to (all addresses); by default the system resolver. */
export type ResolveHost = (hostname: string) => Promise<string[]>;

const resolveWithSystem: ResolveHost = async (hostname) => (await lookup(hostname, { all: true, verbatim: true })).map((entry) => entry.address);

async function addressesOf(hostname: string, resolve: ResolveHost): Promise<string[]> {
  const bare = hostname.startsWith('[') && hostname.endsWith(']') ? hostname.slice(1, -1) : hostname;
  if (isIP(bare) !== 0) return [bare];
  try {
    return await resolve(bare);
  } catch {
    return [];
  }
}

/** Seams of fetchProviderIconDataUrl (tests). */
export interface ProviderIconOptions {
  /** How host names are resolved, once per fetch; default the system resolver. */
  resolve?: ResolveHost;
  /** Tests only: where a checked address is really connected to (PinnedFetchOptions.routeAddress). */
  routeAddress?: (address: string) => string;
}

/**
 * An identity provider's icon usually lies on the provider (recorded: https://<idp>/logo.png). The
 * portal names it, so main fetches it only where planIconFetch (main/security/icon-source.ts)
 * allows: the portal's own origin; else https, from a listed origin when the policy
 * `ssoIdentityProviderOrigins` lists some, otherwise from a public host only (no loopback, LAN or
 * intranet — unless the portal itself is there, which it must prove by a pinned TLS handshake when
 * only its resolved addresses say so). Fetched by main like the logo, never redirected.
 * The decision binds the connection: the icon's host is resolved once, and when the address rule
 * decided, the connection uses only those checked addresses (main/net/pinned-fetch.ts; no second
 * DNS answer, so no rebinding to loopback or the LAN).
 */
export async function fetchProviderIconDataUrl(
  http: HttpClient,
  siteUrl: string,
  iconUrl: string | null,
  allowedOrigins: readonly string[],
  options: ProviderIconOptions = {},
): Promise<string | null> {
  if (!iconUrl) return null;
  const resolve = options.resolve ?? resolveWithSystem;
  let plan: IconFetchPlan;
  try {
    const context = { siteUrl, allowedOrigins };
    const needsAddresses = iconSourceNeedsAddresses(iconUrl, context);
    const [iconAddresses, portalAddresses] = needsAddresses
      ? await Promise.all([addressesOf(new URL(iconUrl).hostname, resolve), addressesOf(new URL(siteUrl).hostname, resolve)])
      : [[], []];
    plan = planIconFetch(iconUrl, { ...context, iconAddresses, portalAddresses });
  } catch {
    plan = { kind: 'refused' };
  }
  if (plan.kind === 'refused') return null;
  // A non-public icon host allowed only because the portal resolved to non-public addresses: the
  // portal must first show (TLS, its certificate) that it really is at those addresses.
  if (plan.kind === 'pinned' && plan.portalProof) {
    const { hostname, port, addresses } = plan.portalProof;
    const proven = await provePinnedTls({ hostname, addresses }, port, { routeAddress: options.routeAddress }).catch(() => false);
    if (!proven) return null;
  }
  const fetch = plan.kind === 'pinned' ? pinnedHttpsFetch(plan, { routeAddress: options.routeAddress }) : undefined;
  return fetchImageDataUrl(http, iconUrl, () => true, fetch);
}

async function fetchImageDataUrl(http: HttpClient, imageUrl: string | null, allowed: (url: URL) => boolean, fetch?: FetchFn): Promise<string | null> {
  if (!imageUrl) return null;
  try {
    const url = new URL(imageUrl);
    if (url.username || url.password || !allowed(url)) return null;
    const response = await http.request({ url, timeoutMs: 5000, maxResponseBytes: MAX_LOGO_BYTES, maxAttempts: 1, ...(fetch ? { fetch } : {}) });
    const type = (response.headers.get('content-type') ?? '').split(';')[0]?.trim().toLowerCase() ?? '';
    if (response.status !== 200 || !LOGO_TYPES.has(type) || response.body.byteLength === 0) return null;
    return `data:${type};base64,${Buffer.from(response.body).toString('base64')}`;
  } catch {
    // A missing logo never stops a sign-in.
    return null;
  }
}

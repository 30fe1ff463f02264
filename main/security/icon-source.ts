/**
 * Where main may fetch an identity provider's icon from. The icon URL comes from
 * the portal's public config (`identityproviders[].iconurl`): a malicious or compromised Moodle —
 * or any address a student types — chooses it, and main fetches it before anyone clicks. Without
 * a rule that is a request from the student's machine to any host the portal names: the home
 * router, a printer, an intranet server, a service on loopback (SSRF).
 *
 * Rules (pure; the caller resolves host names and passes the addresses):
 * - the portal's own origin: always (like its logo);
 * - anything else only over https, and only from a listed origin when the policy
 *   `ssoIdentityProviderOrigins` lists some (the school IT's choice, intranet hosts included);
 * - without a list: only a host that is public — not loopback, private, link-local, CGNAT,
 *   multicast, reserved (by address), not `localhost`, `*.localhost`, a single-label name or an
 *   intranet suffix (by name) — unless the portal itself is such a host (an intranet Moodle whose
 *   IdP is in the same intranet; when only the portal's resolved addresses say so, it must first
 *   prove it is there: IconFetchPlan `portalProof`).
 * The address check uses Node's BlockList (IPv4-mapped IPv6 addresses match their IPv4 ranges).
 *
 * The decision binds the connection: where the address rule decided (`planIconFetch` → `pinned`), the
 * fetch connects only to the addresses that were checked (main/net/pinned-fetch.ts), so a DNS server
 * answering a public address to the check and a loopback/LAN one to the connection (rebinding) gets
 * no second question. The portal's own origin and a listed origin are not pinned (see IconFetchPlan).
 */
import { BlockList, isIP } from 'node:net';
import { parseUrl } from './origins';

const NON_PUBLIC = new BlockList();
for (const [network, prefix] of [
  ['0.0.0.0', 8],
  ['10.0.0.0', 8],
  ['100.64.0.0', 10],
  ['127.0.0.0', 8],
  ['169.254.0.0', 16],
  ['172.16.0.0', 12],
  ['192.0.0.0', 24],
  ['192.168.0.0', 16],
  ['198.18.0.0', 15],
  ['224.0.0.0', 4],
  ['240.0.0.0', 4],
] as const) {
  NON_PUBLIC.addSubnet(network, prefix, 'ipv4');
}
for (const [network, prefix] of [
  ['::', 128],
  ['::1', 128],
  ['fc00::', 7],
  ['fe80::', 10],
  ['fec0::', 10],
  ['ff00::', 8],
] as const) {
  NON_PUBLIC.addSubnet(network, prefix, 'ipv6');
}

const INTRANET_SUFFIXES = ['.localhost', '.local', '.internal', '.intranet', '.lan', '.home.arpa', '.corp'];

/** An IP address (v4 or v6, no brackets) that is not reachable on the public internet. */
export function isNonPublicAddress(address: string): boolean {
  const version = isIP(address);
  if (version === 0) return true;
  return NON_PUBLIC.check(address, version === 4 ? 'ipv4' : 'ipv6');
}

/** A URL host (as WHATWG URL gives it: lowercase, IPv6 in brackets) that names no public host by itself. */
export function isNonPublicHostname(hostname: string): boolean {
  const host = hostname.replace(/\.$/, '').toLowerCase();
  const bare = host.startsWith('[') && host.endsWith(']') ? host.slice(1, -1) : host;
  if (isIP(bare) !== 0) return isNonPublicAddress(bare);
  if (bare === '' || bare === 'localhost' || !bare.includes('.')) return true;
  return INTRANET_SUFFIXES.some((suffix) => bare.endsWith(suffix));
}

export interface IconSourceContext {
  siteUrl: string;
  /** Policy `ssoIdentityProviderOrigins` (empty: no list). */
  allowedOrigins: readonly string[];
  /** What the icon's host resolves to (the literal for an IP host; empty when it does not resolve). */
  iconAddresses: readonly string[];
  /** What the portal's host resolves to (same rules). */
  portalAddresses: readonly string[];
}

function listedOrigins(origins: readonly string[]): Set<string> {
  const set = new Set<string>();
  for (const origin of origins) {
    const url = parseUrl(origin);
    if (url && url.protocol === 'https:') set.add(url.origin);
  }
  return set;
}

function nonPublic(hostname: string, addresses: readonly string[]): boolean {
  return isNonPublicHostname(hostname) || addresses.some(isNonPublicAddress);
}

/**
 * How the icon may be fetched:
 * - `refused`;
 * - `direct`: the portal's own origin or a policy-listed origin, through the ordinary client. Not
 *   pinned: the portal's own origin is where the token goes anyway (whoever controls its DNS has
 *   the portal's traffic already), and a listed origin is the IT's choice with intranet hosts
 *   allowed (no address rule that a second resolution could dodge);
 * - `pinned`: the public-host rule decided by `iconAddresses`, so the connection may use only
 *   those addresses (main/net/pinned-fetch.ts) — the decision binds the connection, a second DNS
 *   answer (rebinding) is never asked for. `portalProof`: the icon host is not public and was
 *   allowed only because the portal's name resolved to non-public addresses. That answer came from
 *   a DNS server the portal's owner may control (a public Moodle answering 10.x to this one question
 *   would open the LAN), so before connecting the caller must show the portal really is there: a TLS
 *   handshake pinned to those addresses that validates the portal's certificate for its name
 *   (an intranet portal named as intranet — `.lan`, an IP, a single label — needs no proof; an http
 *   portal that is non-public only by address cannot give one and is refused).
 */
export type IconFetchPlan =
  | { kind: 'refused' }
  | { kind: 'direct' }
  | { kind: 'pinned'; hostname: string; addresses: readonly string[]; portalProof: PortalProof | null };

/** Where the portal must show its certificate before a non-public icon host is connected to. */
export interface PortalProof {
  hostname: string;
  port: number;
  /** The portal's non-public addresses only (a public one would prove nothing). */
  addresses: readonly string[];
}

/** Whether and how the icon may be fetched (see IconFetchPlan). */
export function planIconFetch(iconUrl: string, context: IconSourceContext): IconFetchPlan {
  const refused: IconFetchPlan = { kind: 'refused' };
  const icon = parseUrl(iconUrl);
  const site = parseUrl(context.siteUrl);
  if (!icon || !site || icon.username !== '' || icon.password !== '') return refused;
  if (icon.protocol !== 'https:' && icon.protocol !== 'http:') return refused;
  if (icon.origin === site.origin) return { kind: 'direct' };
  if (icon.protocol !== 'https:') return refused;
  const listed = listedOrigins(context.allowedOrigins);
  if (listed.size > 0) return listed.has(icon.origin) ? { kind: 'direct' } : refused;
  if (context.iconAddresses.length === 0) return refused;
  const addresses = [...context.iconAddresses];
  if (!nonPublic(icon.hostname, context.iconAddresses)) return { kind: 'pinned', hostname: icon.hostname, addresses, portalProof: null };
  if (isNonPublicHostname(site.hostname)) return { kind: 'pinned', hostname: icon.hostname, addresses, portalProof: null };
  const portalNonPublic = context.portalAddresses.filter(isNonPublicAddress);
  if (portalNonPublic.length === 0 || site.protocol !== 'https:') return refused;
  const portalProof = { hostname: site.hostname, port: site.port === '' ? 443 : Number(site.port), addresses: portalNonPublic };
  return { kind: 'pinned', hostname: icon.hostname, addresses, portalProof };
}

/**
 * Whether the icon may be fetched. Does the portal-origin and list checks without addresses; a
 * caller may skip resolving when `iconSourceNeedsAddresses()` says the answer does not depend on them.
 */
export function decideIconSource(iconUrl: string, context: IconSourceContext): boolean {
  return planIconFetch(iconUrl, context).kind !== 'refused';
}

/** True when decideIconSource needs the resolved addresses (an https icon elsewhere, no policy list). */
export function iconSourceNeedsAddresses(iconUrl: string, context: Pick<IconSourceContext, 'siteUrl' | 'allowedOrigins'>): boolean {
  const icon = parseUrl(iconUrl);
  const site = parseUrl(context.siteUrl);
  if (!icon || !site || icon.protocol !== 'https:' || icon.origin === site.origin) return false;
  return listedOrigins(context.allowedOrigins).size === 0;
}

/**
 * Deep links: `schuldesk://…` URLs the operating system hands to SchulDesk (macOS `open-url`,
 * Windows/Linux the argv of a second instance or of a cold start). Untrusted input from any
 * program or web page on the machine, so it is parsed strictly and only one shape is accepted:
 *
 *   schuldesk://token=<base64>     Moodle's SSO launch callback (admin/tool/mobile/launch.php
 *                                  answers `302 Location: schuldesk://token=…`; the base64 holds
 *                                  `md5(wwwroot + passport):::wstoken[:::privatetoken]`).
 *
 * Only parsing happens here. Checking the passport/site hash against a pending login is the
 * portal's job; the payload is a secret and must never be logged.
 */
import { DEEP_LINK_SCHEME } from './origins';

export const MAX_DEEP_LINK_LENGTH = 4096;

export type DeepLinkInvalidReason =
  | 'not-a-string'
  | 'too-long'
  | 'invalid-characters'
  | 'wrong-scheme'
  | 'unsupported-link'
  | 'invalid-payload';

export type DeepLink = { kind: 'sso-token'; payload: string } | { kind: 'invalid'; reason: DeepLinkInvalidReason };

const PREFIX = `${DEEP_LINK_SCHEME}:`;
const TOKEN_PREFIX = `${DEEP_LINK_SCHEME}://token=`;
/** Printable ASCII without space: everything a real callback consists of. */
const PRINTABLE_ASCII = /^[\x21-\x7e]*$/;
/** Canonical base64: groups of four, padding only at the end. */
const BASE64 = /^(?:[A-Za-z0-9+/]{4})*(?:[A-Za-z0-9+/]{2}==|[A-Za-z0-9+/]{3}=)?$/;

function isBase64(text: string): boolean {
  return text.length > 0 && BASE64.test(text);
}

export function parseDeepLink(raw: unknown): DeepLink {
  if (typeof raw !== 'string') return { kind: 'invalid', reason: 'not-a-string' };
  if (raw.length > MAX_DEEP_LINK_LENGTH) return { kind: 'invalid', reason: 'too-long' };
  if (!PRINTABLE_ASCII.test(raw)) return { kind: 'invalid', reason: 'invalid-characters' };
  // Schemes are case-insensitive; the rest is not (base64 is case-sensitive).
  if (raw.slice(0, PREFIX.length).toLowerCase() !== PREFIX) return { kind: 'invalid', reason: 'wrong-scheme' };
  const normalized = PREFIX + raw.slice(PREFIX.length);
  if (!normalized.startsWith(TOKEN_PREFIX)) return { kind: 'invalid', reason: 'unsupported-link' };

  let payload = normalized.slice(TOKEN_PREFIX.length);
  if (payload.includes('%')) {
    // A browser may have percent-encoded "=" or "+"; decode once, then validate the result.
    try {
      payload = decodeURIComponent(payload);
    } catch {
      return { kind: 'invalid', reason: 'invalid-payload' };
    }
    if (!PRINTABLE_ASCII.test(payload)) return { kind: 'invalid', reason: 'invalid-characters' };
  }
  if (isBase64(payload)) return { kind: 'sso-token', payload };
  // Some browsers append "/" to a URL without a path. "/" is also a base64 digit, so strip it
  // only when that is what makes the payload valid.
  if (payload.endsWith('/') && isBase64(payload.slice(0, -1))) return { kind: 'sso-token', payload: payload.slice(0, -1) };
  return { kind: 'invalid', reason: 'invalid-payload' };
}

/**
 * The deep link in a command line (Windows/Linux): the last argument starting with
 * `schuldesk:`. Chromium may add switches and reorder argv, so position is not relied on.
 */
export function findDeepLinkInArgv(argv: readonly unknown[]): string | null {
  for (let index = argv.length - 1; index >= 0; index -= 1) {
    const arg = argv[index];
    if (typeof arg === 'string' && arg.slice(0, PREFIX.length).toLowerCase() === PREFIX) return arg;
  }
  return null;
}

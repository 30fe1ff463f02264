/**
 * SSO through the portal's own login page — Moodle's app "launch" flow
 * (moodle/moodle admin/tool/mobile/launch.php, recorded in moodle-contract/launch.*.json):
 *
 *   1. createLaunch(): a random passport; the browser opens
 *      `<launchurl>?service=moodle_mobile_app&passport=<p>&urlscheme=schuldesk[&oauthsso=<issuer id>]`
 *      (with `oauthsso` Moodle goes straight to that identity provider; recorded chains in
 *      test/fixtures/moodle/sso-contract/, the login window's rules in main/security/login-window.ts).
 *   2. After the login Moodle redirects to `schuldesk://token=<base64>`, where the base64 holds
 *      `md5(wwwroot + passport) ":::" wstoken [":::" privatetoken]`.
 *   3. completeLaunch(): the callback is untrusted input (any program can open a schuldesk:// URL).
 *      It must match a pending launch of this run, once, within 10 minutes — and arrive the way
 *      the launch was opened: a launch shown in the login window completes only with that window's
 *      callback, never by a deep link or a pasted URL (Moodle puts the passport into the OAuth
 *      `state` it hands the identity provider, so Moodle is not the only party that can sign).
 *
 * The md5 is unkeyed: it binds the callback to a launch, it does not prove who sent it. The
 * passport is therefore 32 random bytes (the Moodle app uses Math.random() * 1000), launches are
 * single use, and the launch URL must be on the portal's own origin — a passport sent elsewhere
 * would let that site forge a callback carrying its own token.
 */
import { createHash, randomBytes as cryptoRandomBytes, timingSafeEqual } from 'node:crypto';
import { SSO_ERROR_TEXTS } from '../../preload/contract/errors';
import { UserFacingError } from '../ipc/errors';
import { Secret } from '../vault/secret';

export const SSO_URL_SCHEME = 'schuldesk';
export const SSO_SERVICE = 'moodle_mobile_app';
export const SSO_LAUNCH_TTL_MS = 10 * 60 * 1000;
const PASSPORT_BYTES = 32;
/** Used and expired launches are remembered this long, so a replay is named as one. */
const SPENT_RETENTION_MS = 60 * 60 * 1000;
/** More pending launches than this (a user clicking "Anmelden" again and again) drops the oldest. */
const MAX_LAUNCHES = 32;
/** A callback longer than this is not Moodle's (md5 + token + private token is < 300 characters). */
const MAX_CALLBACK_LENGTH = 4096;

export type SsoErrorCode =
  | 'sso-malformed'
  | 'sso-signature-mismatch'
  | 'sso-replayed'
  | 'sso-expired'
  | 'sso-no-pending-launch'
  | 'sso-launch-url-invalid'
  | 'sso-provider-unknown'
  | 'sso-window-closed'
  | 'sso-launch-refused'
  | 'sso-idp-not-allowed'
  | 'sso-idp-certificate'
  | 'sso-load-failed'
  | 'sso-system-browser-failed';

export { SSO_ERROR_TEXTS };

/**
 * Never carries the callback URL, the token or the passport — only a code and a fixed text, and
 * (in main only, it never crosses to the renderer) which launch the callback belonged to when it
 * matched one (`sso-replayed`, `sso-expired`).
 */
export class SsoError extends UserFacingError {
  declare readonly code: SsoErrorCode;
  readonly launchId: string | undefined;

  constructor(code: SsoErrorCode, launchId?: string) {
    super(code);
    this.name = 'SsoError';
    this.launchId = launchId;
  }
}

export interface SsoLaunch {
  /** Names the launch in main (e.g. which login window belongs to it); not secret, not the passport. */
  id: string;
  passport: string;
  /** Open this in the browser. */
  url: string;
}

export interface SsoCompletion {
  /** The launch this callback completed. */
  launchId: string;
  /** The site URL the launch was created for (no trailing slash). */
  siteUrl: string;
  token: Secret;
  /** Only over https for non-admins (launch.php adds it then). */
  privateToken?: Secret;
}

export interface ParsedSsoCallback {
  signature: string;
  token: Secret;
  privateToken?: Secret;
}

export interface SsoLaunchesOptions {
  now?: () => number;
  randomBytes?: (size: number) => Buffer;
  ttlMs?: number;
}

/** Moodle's wwwroot has no trailing slash; the md5 is over exactly that string. */
export function siteRoot(siteUrl: string): string {
  return siteUrl.replace(/\/+$/, '');
}

/** md5(wwwroot + passport) in hex, as launch.php computes it. */
export function ssoSignature(siteUrl: string, passport: string): string {
  return createHash('md5').update(siteRoot(siteUrl) + passport).digest('hex');
}

const SIGNATURE = /^[0-9a-f]{32}$/;
/** Moodle tokens are md5 hex (32); a little room for longer ones, never anything but hex. */
const WS_TOKEN = /^[0-9a-f]{32,128}$/i;
/** launch.php's private token is random_string(64): letters and digits. */
const PRIVATE_TOKEN = /^[A-Za-z0-9]{16,256}$/;
const BASE64 = /^[A-Za-z0-9+/]+={0,2}$/;

/**
 * `schuldesk://token=<base64>` → signature and tokens. Tolerates what platforms do to the URL:
 * scheme in other case, percent-encoding, a trailing `#`, a trailing `/` (Windows adds one; it
 * is dropped only when the base64 is not valid with it, since "/" is also a base64 digit),
 * missing `=` padding. Everything else — extra parts, empty parts, non-hex tokens, bytes that
 * are not base64 — is `sso-malformed`.
 */
export function parseSsoCallback(callbackUrl: string, scheme: string = SSO_URL_SCHEME): ParsedSsoCallback {
  if (typeof callbackUrl !== 'string' || callbackUrl.length > MAX_CALLBACK_LENGTH) throw new SsoError('sso-malformed');
  const prefix = `${scheme}://`;
  const trimmed = callbackUrl.trim();
  if (trimmed.slice(0, prefix.length).toLowerCase() !== prefix) throw new SsoError('sso-malformed');
  const rest = trimmed.slice(prefix.length).replace(/#+$/, '');
  if (!rest.toLowerCase().startsWith('token=')) throw new SsoError('sso-malformed');
  let payload: string;
  try {
    payload = decodeURIComponent(rest.slice('token='.length));
  } catch {
    throw new SsoError('sso-malformed');
  }
  if (!isCanonicalBase64(payload) && payload.endsWith('/')) payload = payload.replace(/\/+$/, '');
  return parseSsoPayload(payload);
}

/** The base64 part alone (what main/security/deep-link.ts hands over as `payload`). */
export function parseSsoPayload(payload: string): ParsedSsoCallback {
  const malformed = (): SsoError => new SsoError('sso-malformed');
  if (typeof payload !== 'string' || payload.length > MAX_CALLBACK_LENGTH || !isCanonicalBase64(payload)) throw malformed();
  const decoded = Buffer.from(payload, 'base64').toString('latin1');
  if (!/^[\x21-\x7e]+$/.test(decoded)) throw malformed();
  const parts = decoded.split(':::');
  if (parts.length < 2 || parts.length > 3) throw malformed();
  const [signature = '', token = '', privateToken] = parts;
  if (!SIGNATURE.test(signature.toLowerCase())) throw malformed();
  if (!WS_TOKEN.test(token)) throw malformed();
  if (privateToken !== undefined && !PRIVATE_TOKEN.test(privateToken)) throw malformed();
  return {
    signature: signature.toLowerCase(),
    token: new Secret(token),
    ...(privateToken !== undefined ? { privateToken: new Secret(privateToken) } : {}),
  };
}

/** Base64 whose every character counts (padding optional). Buffer.from would skip anything else. */
function isCanonicalBase64(text: string): boolean {
  if (!BASE64.test(text) || text.replace(/=+$/, '').length % 4 === 1) return false;
  return Buffer.from(text, 'base64').toString('base64').replace(/=+$/, '') === text.replace(/=+$/, '');
}

/** Where a launch's callback comes back: the login window's own outcome, or from outside (deep link, pasted). */
export type SsoChannel = 'window' | 'external';

interface LaunchRecord {
  id: string;
  completesIn: SsoChannel;
  siteUrl: string;
  /** Signatures a genuine callback can carry: over siteUrl and over it with http↔https swapped. */
  signatures: Buffer[];
  createdAt: number;
  expiresAt: number;
  used: boolean;
}

function swappedScheme(siteUrl: string): string | null {
  if (siteUrl.startsWith('https://')) return `http://${siteUrl.slice('https://'.length)}`;
  if (siteUrl.startsWith('http://')) return `https://${siteUrl.slice('http://'.length)}`;
  return null;
}

function httpUrl(value: string): URL | null {
  try {
    const url = new URL(value);
    return url.protocol === 'https:' || url.protocol === 'http:' ? url : null;
  } catch {
    return null;
  }
}

/** The pending launches of this run: in memory only, so a restart drops them all. */
export class SsoLaunches {
  readonly #now: () => number;
  readonly #randomBytes: (size: number) => Buffer;
  readonly #ttlMs: number;
  #records: LaunchRecord[] = [];
  #launches = 0;

  constructor(options: SsoLaunchesOptions = {}) {
    this.#now = options.now ?? Date.now;
    this.#randomBytes = options.randomBytes ?? cryptoRandomBytes;
    this.#ttlMs = options.ttlMs ?? SSO_LAUNCH_TTL_MS;
  }

  /** How long a launch stays valid (the login window closes when it runs out). */
  get ttlMs(): number {
    return this.#ttlMs;
  }

  /**
   * `launchUrl` is the site check's launch URL (public config `launchurl`); it must be on the site's
   * origin. `oauthsso` names an identity provider of the public config (`identityproviders[].url`'s
   * `id=`): launch.php then sends the window straight to that provider instead of Moodle's login page.
   */
  createLaunch(siteUrl: string, launchUrl: string, options: { oauthsso?: number; completesIn?: SsoChannel } = {}): SsoLaunch {
    const root = siteRoot(siteUrl);
    const site = httpUrl(root);
    const launch = httpUrl(launchUrl);
    if (!site || !launch || site.username || site.password || launch.username || launch.password || launch.origin !== site.origin) {
      throw new SsoError('sso-launch-url-invalid');
    }
    const random = this.#randomBytes(PASSPORT_BYTES);
    if (random.length < PASSPORT_BYTES) throw new Error(`SsoLaunches: randomBytes returned ${random.length} bytes, need ${PASSPORT_BYTES}`);
    const passport = random.toString('hex');
    launch.hash = '';
    launch.searchParams.set('service', SSO_SERVICE);
    launch.searchParams.set('passport', passport);
    launch.searchParams.set('urlscheme', SSO_URL_SCHEME);
    if (options.oauthsso !== undefined) {
      if (!Number.isSafeInteger(options.oauthsso) || options.oauthsso <= 0) throw new SsoError('sso-provider-unknown');
      launch.searchParams.set('oauthsso', String(options.oauthsso));
    }

    const now = this.#now();
    this.#prune(now);
    const swapped = swappedScheme(root);
    const id = `launch-${++this.#launches}`;
    this.#records.push({
      id,
      completesIn: options.completesIn ?? 'external',
      siteUrl: root,
      signatures: [root, ...(swapped ? [swapped] : [])].map((candidate) => Buffer.from(ssoSignature(candidate, passport), 'hex')),
      createdAt: now,
      expiresAt: now + this.#ttlMs,
      used: false,
    });
    if (this.#records.length > MAX_LAUNCHES) this.#records.splice(0, this.#records.length - MAX_LAUNCHES);
    return { id, passport, url: launch.toString() };
  }

  /** Throws SsoError; on success the launch is spent. `via`: how the callback arrived. */
  completeLaunch(callbackUrl: string, via: SsoChannel = 'external'): SsoCompletion {
    return this.#complete(parseSsoCallback(callbackUrl), via);
  }

  /** Same, for the base64 payload alone (main/electron/deep-links.ts `onSsoToken(payload)`): from outside. */
  completeLaunchPayload(payload: string): SsoCompletion {
    return this.#complete(parseSsoPayload(payload), 'external');
  }

  #complete(parsed: ParsedSsoCallback, via: SsoChannel): SsoCompletion {
    const now = this.#now();
    this.#prune(now);
    const given = Buffer.from(parsed.signature, 'hex');
    let match: LaunchRecord | undefined;
    // Compare against every candidate without stopping early: the time taken says nothing about which.
    for (const record of this.#records) {
      for (const expected of record.signatures) {
        // A callback that arrives another way than its launch was opened belongs to no launch.
        if (timingSafeEqual(expected, given) && !match && record.completesIn === via) match = record;
      }
    }
    if (!match) {
      const pending = this.#records.some((record) => !record.used && now < record.expiresAt);
      throw new SsoError(pending ? 'sso-signature-mismatch' : 'sso-no-pending-launch');
    }
    if (match.used) throw new SsoError('sso-replayed', match.id);
    if (now >= match.expiresAt) throw new SsoError('sso-expired', match.id);
    match.used = true;
    return {
      launchId: match.id,
      siteUrl: match.siteUrl,
      token: parsed.token,
      ...(parsed.privateToken ? { privateToken: parsed.privateToken } : {}),
    };
  }

  /** Launches that can still complete. */
  pendingCount(): number {
    const now = this.#now();
    return this.#records.filter((record) => !record.used && now < record.expiresAt).length;
  }

  /** Forget every launch (e.g. the user cancelled signing in). */
  cancelAll(): void {
    this.#records = [];
  }

  #prune(now: number): void {
    this.#records = this.#records.filter((record) => now < record.expiresAt + SPENT_RETENTION_MS);
  }

  toJSON(): { pending: number } {
    return { pending: this.pendingCount() };
  }
}

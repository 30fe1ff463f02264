/**
 * Every way talking to a Moodle portal can fail, as one code list. The UI translates `code`
 * (key `portal.error.<code>`, texts below in German and English); `message` is the German text
 * for logs — never a token, password, URL with secrets or personal data.
 *
 * Classes tell callers what to do:
 * - `PortalUnreachableError`: network, timeout, overload — keep the work, retry later (like the
 *   Moodle app, which stores offline on non-web-service errors).
 * - `InvalidResponseError`: something answered, but not Moodle's JSON (captive portal, proxy,
 *   PHP error page, truncated body, unexpected shape).
 * - `MoodleWsError`: Moodle answered with an error code; retrying the same call will not help.
 *   `SessionExpiredError` is the one that needs a new login.
 * - `SiteCheckError`: the address cannot be used as a portal.
 */
import type { HttpClientError } from '../net/errors';

import { PORTAL_ERROR_TEXTS } from '../../preload/contract/errors';

/** The texts live in the one error catalog (preload/contract/errors.ts); re-exported for main's log text. */
export { PORTAL_ERROR_TEXTS };

export type PortalErrorCode = keyof typeof PORTAL_ERROR_TEXTS;

export const PORTAL_ERROR_CODES = Object.keys(PORTAL_ERROR_TEXTS) as PortalErrorCode[];

export interface PortalErrorOptions {
  /** Extra German detail for logs (no personal data, no secrets). */
  detail?: string;
  /** Moodle's errorcode when Moodle answered with one. */
  moodleErrorcode?: string;
  status?: number;
  retryAfterMs?: number;
  /** Facts for the UI that are safe to show, e.g. { host } or { maintenanceMessage }. */
  data?: Record<string, string>;
  cause?: unknown;
}

export class PortalError extends Error {
  readonly code: PortalErrorCode;
  readonly moodleErrorcode: string | undefined;
  readonly status: number | undefined;
  readonly retryAfterMs: number | undefined;
  readonly data: Record<string, string>;

  constructor(code: PortalErrorCode, options: PortalErrorOptions = {}) {
    const base = PORTAL_ERROR_TEXTS[code].de;
    super(options.detail ? `${base} (${options.detail})` : base, options.cause === undefined ? undefined : { cause: options.cause });
    this.name = 'PortalError';
    this.code = code;
    this.moodleErrorcode = options.moodleErrorcode;
    this.status = options.status;
    this.retryAfterMs = options.retryAfterMs;
    this.data = options.data ?? {};
  }

  /** Translation key for the renderer. */
  get i18nKey(): string {
    return `portal.error.${this.code}`;
  }

  /** Worth retrying later without the user changing anything. */
  get retryable(): boolean {
    return false;
  }
}

export class PortalUnreachableError extends PortalError {
  constructor(code: PortalErrorCode, options: PortalErrorOptions = {}) {
    super(code, options);
    this.name = 'PortalUnreachableError';
  }

  override get retryable(): boolean {
    return this.code !== 'response-too-large' && this.code !== 'aborted' && !this.code.startsWith('tls-');
  }
}

export class InvalidResponseError extends PortalError {
  constructor(code: PortalErrorCode, options: PortalErrorOptions = {}) {
    super(code, options);
    this.name = 'InvalidResponseError';
  }

  // A proxy page or a truncated body is usually passing trouble.
  override get retryable(): boolean {
    return this.code === 'html-response' || this.code === 'invalid-json';
  }
}

export class MoodleWsError extends PortalError {
  constructor(code: PortalErrorCode, options: PortalErrorOptions = {}) {
    super(code, options);
    this.name = 'MoodleWsError';
  }

  override get retryable(): boolean {
    return this.code === 'maintenance';
  }
}

export class SessionExpiredError extends MoodleWsError {
  constructor(options: PortalErrorOptions = {}) {
    super('session-expired', options);
    this.name = 'SessionExpiredError';
  }
}

export class SiteCheckError extends PortalError {
  constructor(code: PortalErrorCode, options: PortalErrorOptions = {}) {
    super(code, options);
    this.name = 'SiteCheckError';
  }
}

/**
 * Moodle errorcode → our code. Sources (moodle/moodle): login/token.php (enablewsdescription,
 * servicenotavailable, restoredaccountresetpassword, sitemaintenance, usernotconfirmed, noguest,
 * passwordisexpired, invalidlogin); webservice/lib.php webservice_server::authenticate_user()
 * (invalidtoken, accessexception, wsaccessuser*, sitemaintenance); lib/moodlelib.php
 * require_login() (forcepasswordchangenotice, usernotfullysetup, sitepolicynotagreed,
 * requireloginerror); lib/setuplib.php REQUIRE_CORRECT_ACCESS (requirecorrectaccess); and the
 * list the Moodle app treats as "not a plain web-service error" (moodlehq/moodleapp
 * CoreWSProvider.isWebServiceError: userdeleted, upgraderunning, forcepasswordchangenotice,
 * usernotfullysetup, sitepolicynotagreed, sitemaintenance, wsaccessusersuspended, wsaccessuserdeleted).
 */
const MOODLE_CODES: Record<string, PortalErrorCode> = {
  invalidtoken: 'session-expired',
  accessexception: 'access-denied',
  nopermissions: 'access-denied',
  requireloginerror: 'access-denied',
  restrictedcontextexception: 'access-denied',
  notingroup: 'access-denied',
  invalidparameter: 'invalid-parameter',
  missingparam: 'invalid-parameter',
  invalidresponse: 'unexpected-response',
  invalidrecord: 'not-found',
  invalidrecordunknown: 'not-found',
  filenotfound: 'not-found',
  enablewsdescription: 'webservices-disabled',
  servicenotavailable: 'service-not-available',
  servicerequireslogin: 'service-not-available',
  sitemaintenance: 'maintenance',
  upgraderunning: 'maintenance',
  invalidlogin: 'invalid-login',
  usernamenotfound: 'invalid-login',
  wsaccessusersuspended: 'account-suspended',
  usernotconfirmed: 'account-not-confirmed',
  wsaccessuserunconfirmed: 'account-not-confirmed',
  noguest: 'account-not-allowed',
  wsaccessusernologin: 'account-not-allowed',
  wsaccessuserdeleted: 'account-not-allowed',
  userdeleted: 'account-not-allowed',
  forcepasswordchangenotice: 'password-change-required',
  passwordisexpired: 'password-expired',
  wsaccessuserexpired: 'password-expired',
  restoredaccountresetpassword: 'password-reset-required',
  usernotfullysetup: 'profile-incomplete',
  sitepolicynotagreed: 'site-policy-not-agreed',
  requirecorrectaccess: 'wrong-site-address',
};

/** Moodle's error objects: REST `{exception, errorcode, message}`, scripts `{error, errorcode}`, AJAX `{errorcode, message}`. */
export interface MoodleErrorObject {
  errorcode: string;
  message?: string;
  exception?: string;
}

/** Turns a Moodle error object into the typed error. The Moodle message is not kept (it may quote user input). */
export function moodleError(error: MoodleErrorObject): MoodleWsError {
  const errorcode = error.errorcode;
  // An expired token is an accessexception whose message names it (only on sites with debugging, as the Moodle app checks).
  const expired = errorcode === 'accessexception' && /token expired/i.test(error.message ?? '');
  const code = expired ? 'session-expired' : (MOODLE_CODES[errorcode] ?? 'moodle-error');
  const options: PortalErrorOptions = { moodleErrorcode: errorcode, detail: `Moodle: ${errorcode}` };
  return code === 'session-expired' ? new SessionExpiredError(options) : new MoodleWsError(code, options);
}

/** Maps a failure of the HTTP client to the portal error the UI understands. */
export function fromHttpError(error: HttpClientError): PortalError {
  const options: PortalErrorOptions = { detail: error.message, status: error.status, retryAfterMs: error.retryAfterMs, cause: error };
  switch (error.kind) {
    case 'dns':
      return new PortalUnreachableError(error.code === 'EAI_AGAIN' ? 'offline' : 'host-not-found', options);
    case 'network-down':
      return new PortalUnreachableError('offline', options);
    case 'connection':
      return new PortalUnreachableError(error.duringBody ? 'response-interrupted' : 'connection-failed', options);
    case 'timeout':
      return new PortalUnreachableError('timeout', options);
    case 'tls':
      switch (error.tlsProblem) {
        case 'expired':
        case 'not-yet-valid':
          return new PortalUnreachableError('tls-certificate-expired', options);
        case 'untrusted':
        case 'revoked':
          return new PortalUnreachableError('tls-certificate-untrusted', options);
        case 'hostname-mismatch':
          return new PortalUnreachableError('tls-hostname-mismatch', options);
        default:
          return new PortalUnreachableError('tls-error', options);
      }
    case 'http-status':
      if (error.status === 503 && /maintenance/i.test(error.statusText ?? '')) return new MoodleWsError('maintenance', options);
      if (error.status === 429 || error.status === 503) return new PortalUnreachableError('server-overloaded', options);
      return new PortalUnreachableError('server-error', options);
    case 'too-large':
      return new PortalUnreachableError('response-too-large', options);
    case 'circuit-open':
      return new PortalUnreachableError('circuit-open', options);
    case 'budget':
      return new PortalUnreachableError('request-budget-exhausted', options);
    case 'aborted':
      return new PortalUnreachableError('aborted', options);
    case 'invalid-url':
      return new SiteCheckError('invalid-url', options);
  }
}

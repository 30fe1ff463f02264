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

export const PORTAL_ERROR_TEXTS = {
  // --- reaching the portal ---
  offline: { de: 'Keine Internetverbindung.', en: 'No internet connection.' },
  'host-not-found': {
    de: 'Die Adresse des Portals wurde nicht gefunden. Bitte die Schreibweise prüfen.',
    en: 'The portal address could not be found. Please check the spelling.',
  },
  'connection-failed': { de: 'Das Portal ist nicht erreichbar.', en: 'The portal cannot be reached.' },
  'response-interrupted': { de: 'Die Verbindung zum Portal brach während der Antwort ab.', en: 'The connection to the portal broke off during the answer.' },
  timeout: { de: 'Das Portal antwortet nicht rechtzeitig.', en: 'The portal is not answering in time.' },
  'server-error': { de: 'Das Portal meldet einen Serverfehler. Bitte später erneut versuchen.', en: 'The portal reports a server error. Please try again later.' },
  'server-overloaded': {
    de: 'Das Portal ist gerade überlastet. SchulDesk versucht es später erneut.',
    en: 'The portal is overloaded right now. SchulDesk will try again later.',
  },
  'circuit-open': {
    de: 'Das Portal hat wiederholt nicht geantwortet. SchulDesk wartet kurz, bevor es es erneut versucht.',
    en: 'The portal failed repeatedly. SchulDesk waits a moment before trying again.',
  },
  'request-budget-exhausted': {
    de: 'Zu viele Anfragen an das Portal in kurzer Zeit. SchulDesk versucht es gleich erneut.',
    en: 'Too many requests to the portal in a short time. SchulDesk will try again shortly.',
  },
  'response-too-large': { de: 'Die Antwort des Portals ist zu groß.', en: 'The portal’s answer is too large.' },
  aborted: { de: 'Die Anfrage wurde abgebrochen.', en: 'The request was cancelled.' },
  'tls-certificate-expired': {
    de: 'Das Sicherheitszertifikat des Portals ist abgelaufen (oder die Uhr dieses Geräts geht falsch).',
    en: 'The portal’s security certificate has expired (or this device’s clock is wrong).',
  },
  'tls-certificate-untrusted': {
    de: 'Dem Sicherheitszertifikat des Portals wird nicht vertraut. Die Verbindung wurde nicht aufgebaut.',
    en: 'The portal’s security certificate is not trusted. The connection was not made.',
  },
  'tls-hostname-mismatch': {
    de: 'Das Sicherheitszertifikat gehört zu einer anderen Adresse. Die Verbindung wurde nicht aufgebaut.',
    en: 'The security certificate belongs to a different address. The connection was not made.',
  },
  'tls-error': { de: 'Die sichere Verbindung zum Portal ist fehlgeschlagen.', en: 'The secure connection to the portal failed.' },
  'http-error': { de: 'Das Portal hat die Anfrage abgelehnt.', en: 'The portal rejected the request.' },
  // --- answers that are not Moodle's ---
  'html-response': {
    de: 'Das Portal hat eine Webseite statt Daten geschickt (etwa eine Anmeldeseite im Schulnetz oder eine Fehlerseite).',
    en: 'The portal sent a web page instead of data (for example a network sign-in page or an error page).',
  },
  'invalid-json': { de: 'Die Antwort des Portals ist unvollständig oder beschädigt.', en: 'The portal’s answer is incomplete or damaged.' },
  'unexpected-response': { de: 'Die Antwort des Portals hat ein unerwartetes Format.', en: 'The portal’s answer has an unexpected format.' },
  'unexpected-redirect': { de: 'Das Portal hat die Anfrage unerwartet umgeleitet.', en: 'The portal redirected the request unexpectedly.' },
  // --- Moodle's own error codes ---
  'session-expired': { de: 'Die Anmeldung ist abgelaufen. Bitte erneut anmelden.', en: 'Your sign-in has expired. Please sign in again.' },
  'access-denied': { de: 'Dafür fehlt die Berechtigung im Portal.', en: 'You do not have permission for this in the portal.' },
  'invalid-parameter': { de: 'Das Portal hat die Anfrage als ungültig abgelehnt.', en: 'The portal rejected the request as invalid.' },
  'not-found': { de: 'Der Eintrag wurde im Portal nicht gefunden.', en: 'The item was not found in the portal.' },
  'webservices-disabled': {
    de: 'Im Portal sind die Webservices ausgeschaltet. Bitte die Schul-IT oder die Moodle-Administration informieren.',
    en: 'Web services are switched off in the portal. Please tell your school IT or the Moodle administrators.',
  },
  'mobile-service-disabled': {
    de: 'Im Portal ist der Zugang für mobile Apps ausgeschaltet. Bitte die Moodle-Administration informieren.',
    en: 'Access for mobile apps is switched off in the portal. Please tell the Moodle administrators.',
  },
  'service-not-available': {
    de: 'Der Moodle-Dienst für Apps ist im Portal nicht verfügbar.',
    en: 'The Moodle service for apps is not available in the portal.',
  },
  maintenance: { de: 'Das Portal wird gerade gewartet. Bitte später erneut versuchen.', en: 'The portal is under maintenance. Please try again later.' },
  'invalid-login': {
    de: 'Anmeldung fehlgeschlagen: Benutzername oder Passwort ist falsch – oder das Konto ist gesperrt.',
    en: 'Sign-in failed: wrong username or password – or the account is locked.',
  },
  'account-suspended': { de: 'Dieses Konto ist im Portal gesperrt.', en: 'This account is suspended in the portal.' },
  'account-not-confirmed': { de: 'Dieses Konto ist noch nicht bestätigt.', en: 'This account has not been confirmed yet.' },
  'account-not-allowed': { de: 'Mit diesem Konto ist keine App-Anmeldung möglich.', en: 'This account cannot sign in with an app.' },
  'password-change-required': {
    de: 'Das Passwort muss zuerst im Portal geändert werden. Danach bitte erneut anmelden.',
    en: 'The password must be changed in the portal first. Then please sign in again.',
  },
  'password-expired': { de: 'Das Passwort ist abgelaufen. Bitte im Portal ein neues setzen.', en: 'The password has expired. Please set a new one in the portal.' },
  'password-reset-required': {
    de: 'Für dieses Konto muss das Passwort zurückgesetzt werden („Passwort vergessen“ im Portal).',
    en: 'This account’s password must be reset ("forgotten password" in the portal).',
  },
  'profile-incomplete': { de: 'Das Profil im Portal ist unvollständig. Bitte im Browser ergänzen.', en: 'Your portal profile is incomplete. Please complete it in the browser.' },
  'site-policy-not-agreed': {
    de: 'Die Nutzungsbedingungen des Portals müssen zuerst im Browser bestätigt werden.',
    en: 'The portal’s site policy must be accepted in the browser first.',
  },
  'wrong-site-address': {
    de: 'Das Portal ist unter einer etwas anderen Adresse eingerichtet (z. B. mit oder ohne „www.“).',
    en: 'The portal is set up under a slightly different address (for example with or without "www.").',
  },
  'moodle-error': { de: 'Das Portal meldet einen Fehler.', en: 'The portal reports an error.' },
  // --- site check ---
  'invalid-url': { de: 'Das ist keine gültige Portal-Adresse.', en: 'That is not a valid portal address.' },
  'insecure-http': {
    de: 'Das Portal muss über https erreichbar sein. Unverschlüsselte Verbindungen sind nicht erlaubt.',
    en: 'The portal must be reachable over https. Unencrypted connections are not allowed.',
  },
  'portal-not-allowed': {
    de: 'Dieses Portal ist von Ihrer Schule nicht freigegeben.',
    en: 'This portal has not been approved by your school.',
  },
  'not-moodle': { de: 'Unter dieser Adresse wurde kein Moodle gefunden.', en: 'No Moodle was found at this address.' },
  'site-not-supported': {
    de: 'Dieses Moodle ist zu alt oder unterstützt keine Apps.',
    en: 'This Moodle is too old or does not support apps.',
  },
  'redirect-other-host': {
    de: 'Die Adresse leitet auf einen anderen Server um. Aus Sicherheitsgründen folgt SchulDesk dem nicht.',
    en: 'The address redirects to another server. For security reasons SchulDesk does not follow it.',
  },
} as const satisfies Record<string, { de: string; en: string }>;

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

// Error mapping: Moodle's recorded error answers → typed errors; HTTP client failures → codes.
import { describe, expect, it } from 'vitest';
import { HttpClientError } from '../../main/net/errors';
import type { HttpResponse } from '../../main/net/http-client';
import {
  fromHttpError,
  InvalidResponseError,
  MoodleWsError,
  moodleError,
  PORTAL_ERROR_CODES,
  PORTAL_ERROR_TEXTS,
  PortalError,
  PortalUnreachableError,
  SessionExpiredError,
} from '../../main/portal/errors';
import { readMoodleJson, validate } from '../../main/portal/moodle-client';
import { siteInfoSchema } from '../../main/portal/schemas';
import { contractBody, readContract, UNMASKED } from '../support/portal-contract';

/** An HttpResponse as the client returns it, from a recorded file or given text. */
function responseOf(body: string, status = 200, headers: Record<string, string> = { 'content-type': 'application/json' }): HttpResponse {
  const bytes = new TextEncoder().encode(body);
  return { status, statusText: '', headers: new Headers(headers), url: 'https://moodle.schule.de/webservice/rest/server.php', body: bytes, bytes: bytes.byteLength, attempts: 1, text: () => body };
}

function recorded(file: string): HttpResponse {
  const response = readContract(file).response;
  const headers: Record<string, string> = {};
  for (const [name, value] of Object.entries(response?.headers ?? {})) headers[name] = Array.isArray(value) ? value.join(', ') : value;
  return responseOf(JSON.stringify(response?.body), response?.status, headers);
}

function thrown(fn: () => unknown): unknown {
  try {
    fn();
  } catch (error) {
    return error;
  }
  throw new Error('expected a throw');
}

describe('recorded Moodle errors become typed errors', () => {
  it.each([
    ['error.invalid_token.json', SessionExpiredError, 'session-expired', 'invalidtoken'],
    ['error.function_not_in_service.student1.json', MoodleWsError, 'access-denied', 'accessexception'],
    ['error.core_files_upload_function.student1.json', MoodleWsError, 'access-denied', 'accessexception'],
    ['error.missing_parameter.student1.json', MoodleWsError, 'invalid-parameter', 'invalidparameter'],
    ['error.course_does_not_exist.student1.json', MoodleWsError, 'not-found', 'invalidrecordunknown'],
    ['error.function_does_not_exist.student1.json', MoodleWsError, 'not-found', 'invalidrecordunknown'],
    ['login_token.wrong_password.json', MoodleWsError, 'invalid-login', 'invalidlogin'],
    ['login_token.unknown_service.json', MoodleWsError, 'service-not-available', 'servicenotavailable'],
    ['webservice_upload.invalid_token.json', SessionExpiredError, 'session-expired', 'invalidtoken'],
    ['pluginfile.webservice.without_token.json', MoodleWsError, 'invalid-parameter', 'missingparam'],
  ])('%s → %s %s', (file, type, code, moodleErrorcode) => {
    const error = thrown(() => readMoodleJson(recorded(file), 'x'));
    expect(error).toBeInstanceOf(type);
    expect(error).toMatchObject({ code, moodleErrorcode });
    expect((error as PortalError).retryable).toBe(false);
  });

  it('passes real data through', () => {
    const data = readMoodleJson(recorded('core_webservice_get_site_info.student1.json'), 'core_webservice_get_site_info');
    expect(validate(siteInfoSchema, data, 'x').userid).toBe(4);
    expect(readMoodleJson(recorded('mod_assign_save_submission.files.student1.json'), 'x')).toEqual([]);
  });

  it('never carries the token, nor Moodle’s own message text', () => {
    const error = thrown(() => readMoodleJson(responseOf(JSON.stringify({ exception: 'x', errorcode: 'invalidparameter', message: `Invalid parameter: Lena Müller ${UNMASKED.token}` })), 'fn')) as Error;
    expect(error.message).not.toContain('Lena');
    expect(error.message).not.toContain(UNMASKED.token);
    expect(error.message).toContain('invalidparameter');
  });

  it('recognises an expired token hidden in accessexception (debugging sites), like the Moodle app', () => {
    expect(moodleError({ errorcode: 'accessexception', message: 'Invalid token - token expired - check validuntil time for the token' })).toBeInstanceOf(SessionExpiredError);
    expect(moodleError({ errorcode: 'accessexception', message: 'Access control exception' })).not.toBeInstanceOf(SessionExpiredError);
  });

  it('maps account and maintenance codes Moodle sends', () => {
    const codes = Object.fromEntries(
      ['sitemaintenance', 'forcepasswordchangenotice', 'wsaccessusersuspended', 'usernotconfirmed', 'passwordisexpired', 'restoredaccountresetpassword', 'requirecorrectaccess', 'enablewsdescription', 'sitepolicynotagreed', 'somethingnew'].map(
        (errorcode) => [errorcode, moodleError({ errorcode }).code],
      ),
    );
    expect(codes).toEqual({
      sitemaintenance: 'maintenance',
      forcepasswordchangenotice: 'password-change-required',
      wsaccessusersuspended: 'account-suspended',
      usernotconfirmed: 'account-not-confirmed',
      passwordisexpired: 'password-expired',
      restoredaccountresetpassword: 'password-reset-required',
      requirecorrectaccess: 'wrong-site-address',
      enablewsdescription: 'webservices-disabled',
      sitepolicynotagreed: 'site-policy-not-agreed',
      somethingnew: 'moodle-error',
    });
    expect(moodleError({ errorcode: 'sitemaintenance' }).retryable).toBe(true);
  });
});

describe('answers that are not Moodle JSON', () => {
  it('an HTML page (captive portal, PHP error) even with status 200', () => {
    const error = thrown(() => readMoodleJson(responseOf('<!DOCTYPE html><html><body>WLAN-Anmeldung</body></html>', 200, { 'content-type': 'text/html' }), 'fn'));
    expect(error).toBeInstanceOf(InvalidResponseError);
    expect(error).toMatchObject({ code: 'html-response' });
    expect(thrown(() => readMoodleJson(responseOf('<br />\n<b>Notice</b>: x {"a":1}', 200, { 'content-type': 'application/json' }), 'fn'))).toMatchObject({ code: 'html-response' });
  });

  it('truncated or empty JSON', () => {
    const full = JSON.stringify(contractBody('core_enrol_get_users_courses.student1.json'));
    expect(thrown(() => readMoodleJson(responseOf(full.slice(0, full.length / 2)), 'fn'))).toMatchObject({ code: 'invalid-json' });
    expect(thrown(() => readMoodleJson(responseOf(''), 'fn'))).toMatchObject({ code: 'invalid-json' });
  });

  it('a redirect, with the target origin for the UI', () => {
    const error = thrown(() => readMoodleJson(responseOf('', 303, { location: 'https://login.other-host.example/sso?x=1' }), 'fn'));
    expect(error).toMatchObject({ code: 'unexpected-redirect', data: { targetOrigin: 'https://login.other-host.example' } });
  });

  it('another status', () => {
    expect(thrown(() => readMoodleJson(responseOf('nope', 404, { 'content-type': 'text/plain' }), 'fn'))).toMatchObject({ code: 'http-error', status: 404 });
  });

  it('a shape the schema does not accept', () => {
    const error = thrown(() => validate(siteInfoSchema, { userid: 'x' }, 'core_webservice_get_site_info'));
    expect(error).toMatchObject({ code: 'unexpected-response' });
    expect((error as Error).message).toContain('core_webservice_get_site_info');
  });
});

describe('HTTP client failures become portal errors', () => {
  const url = 'https://moodle.schule.de/webservice/rest/server.php';
  const cases: [ConstructorParameters<typeof HttpClientError>[0], string][] = [
    [{ kind: 'dns', url, code: 'ENOTFOUND' }, 'host-not-found'],
    [{ kind: 'dns', url, code: 'EAI_AGAIN' }, 'offline'],
    [{ kind: 'network-down', url, code: 'ENETUNREACH' }, 'offline'],
    [{ kind: 'connection', url, code: 'ECONNREFUSED' }, 'connection-failed'],
    [{ kind: 'connection', url, duringBody: true }, 'response-interrupted'],
    [{ kind: 'timeout', url }, 'timeout'],
    [{ kind: 'tls', url, tlsProblem: 'expired' }, 'tls-certificate-expired'],
    [{ kind: 'tls', url, tlsProblem: 'untrusted' }, 'tls-certificate-untrusted'],
    [{ kind: 'tls', url, tlsProblem: 'hostname-mismatch' }, 'tls-hostname-mismatch'],
    [{ kind: 'tls', url, tlsProblem: 'handshake' }, 'tls-error'],
    [{ kind: 'http-status', url, status: 503, statusText: 'Moodle under maintenance', retryAfterMs: 300_000 }, 'maintenance'],
    [{ kind: 'http-status', url, status: 503, statusText: 'Service Unavailable' }, 'server-overloaded'],
    [{ kind: 'http-status', url, status: 429 }, 'server-overloaded'],
    [{ kind: 'http-status', url, status: 500 }, 'server-error'],
    [{ kind: 'too-large', url }, 'response-too-large'],
    [{ kind: 'circuit-open', url, retryAfterMs: 1000 }, 'circuit-open'],
    [{ kind: 'budget', url }, 'request-budget-exhausted'],
    [{ kind: 'aborted', url }, 'aborted'],
  ];

  it.each(cases)('%o → %s', (init, code) => {
    const error = fromHttpError(new HttpClientError(init));
    expect(error.code).toBe(code);
    expect(error.message.startsWith(PORTAL_ERROR_TEXTS[error.code].de)).toBe(true);
  });

  it('network trouble is retryable later, certificate trouble is not', () => {
    expect(fromHttpError(new HttpClientError({ kind: 'timeout', url }))).toBeInstanceOf(PortalUnreachableError);
    expect(fromHttpError(new HttpClientError({ kind: 'timeout', url })).retryable).toBe(true);
    expect(fromHttpError(new HttpClientError({ kind: 'tls', url, tlsProblem: 'expired' })).retryable).toBe(false);
    expect(fromHttpError(new HttpClientError({ kind: 'http-status', url, status: 503, retryAfterMs: 5000 })).retryAfterMs).toBe(5000);
  });
});

describe('the code list', () => {
  it('has a German and an English text for every code, and an i18n key', () => {
    for (const code of PORTAL_ERROR_CODES) {
      expect(PORTAL_ERROR_TEXTS[code].de.length, code).toBeGreaterThan(10);
      expect(PORTAL_ERROR_TEXTS[code].en.length, code).toBeGreaterThan(10);
      expect(PORTAL_ERROR_TEXTS[code].de).not.toBe(PORTAL_ERROR_TEXTS[code].en);
    }
    expect(new PortalError('not-moodle').i18nKey).toBe('portal.error.not-moodle');
  });
});

/**
 * Username/password login as the Moodle app does it (moodlehq/moodleapp CoreSitesProvider.getUserToken
 * + newSite): POST /login/token.php {username, password, service=moodle_mobile_app} → token
 * (+ privatetoken, only over https for non-admins), then core_webservice_get_site_info → who
 * the user is and which functions the token may call. token.php's error codes: at requestToken.
 */
import { z } from 'zod';
import type { HttpClient } from '../net/http-client';
import { InvalidResponseError, MoodleWsError, moodleError } from './errors';
import { htmlToText } from './html-text';
import { MoodleClient, portalRequest, readMoodleJson, validate } from './moodle-client';
import { encodePhpParams } from './php-params';
import type { SiteInfo } from './schemas';
import { siteInfoSchema, tokenSchema } from './schemas';
import type { SiteRef } from './site-url';
import { siteBaseUrl } from './site-url';


export const MOBILE_SERVICE = 'moodle_mobile_app';

/** The user is waiting at the login form: one retry at most, then tell them. */
const INTERACTIVE_ATTEMPTS = 2;

export interface PasswordLoginInput {
  site: SiteRef;
  username: string;
  password: string;
  service?: string;
  lang?: string;
  signal?: AbortSignal;
  timeoutMs?: number;
}

export interface PortalUser {
  id: number;
  username: string;
  fullname: string;
  lang: string;
  /** For /tokenpluginfile.php/<key>/… URLs (files without the token in the URL); null on old sites. */
  privateAccessKey: string | null;
  pictureUrl: string | null;
  isSiteAdmin: boolean;
}

export interface PasswordLoginResult {
  siteUrl: string;
  siteName: string;
  release: string | null;
  version: string | null;
  token: string;
  /** Only over https for non-admins; lets the app get an auto-login key later. */
  privateToken: string | null;
  user: PortalUser;
  /** Web-service functions this token may call. */
  functions: string[];
  /** Upload limit for this user in bytes, when Moodle reports one. */
  maxUploadBytes: number | null;
}

/**
 * POST /login/token.php. Not retried: a repeated wrong password counts twice toward Moodle's lockout.
 *
 * Error codes of login/token.php (moodle/moodle login/token.php, Moodle 5.x, in its order):
 *   enablewsdescription          web services off                       → webservices-disabled
 *   codingerror                  username/password in the query string   (never: we POST)
 *   missingparam                 a parameter missing                     → invalid-parameter
 *   servicenotavailable          service unknown or disabled (checked before the password;
 *                                "Mobile web services" off disables moodle_mobile_app) → service-not-available
 *   restoredaccountresetpassword account restored from a backup         → password-reset-required
 *   sitemaintenance              maintenance mode (non-admins)            → maintenance
 *   usernotconfirmed / noguest / passwordisexpired                      → account-not-confirmed / account-not-allowed / password-expired
 *   invalidlogin                 authenticate_user_login() returned false. That covers a wrong
 *                                password AND suspended (AUTH_LOGIN_SUSPENDED) and locked-out
 *                                (AUTH_LOGIN_LOCKOUT) accounts (moodle/moodle lib/moodlelib.php
 *                                authenticate_user_login): token.php cannot tell them apart,
 *                                so neither can we — the message says so.
 * "Password change required" is not refused by token.php in Moodle 5.x: the token is issued and
 * the first web-service call that runs require_login() fails with `forcepasswordchangenotice`
 * (moodle/moodle lib/moodlelib.php). core_webservice_get_site_info does not run it, so the
 * login makes one cheap call that does (see probeAccountState). A
 * suspended user with an existing token gets `accessexception` from web services
 * (webservice/lib.php authenticate_user), indistinguishable from a missing permission.
 * REQUIRE_CORRECT_ACCESS makes token.php answer `requirecorrectaccess` when called under another
 * host name than wwwroot (lib/setuplib.php) → wrong-site-address.
 */
export async function requestToken(http: HttpClient, input: PasswordLoginInput): Promise<{ token: string; privateToken: string | null }> {
  const base = siteBaseUrl(input.site);
  const response = await portalRequest(http, {
    url: `${base}/login/token.php`,
    method: 'POST',
    headers: { 'content-type': 'application/x-www-form-urlencoded', accept: 'application/json' },
    // Moodle lowercases and trims the username itself; surrounding spaces from copy & paste are ours to drop.
    body: encodePhpParams({ username: input.username.trim(), password: input.password, service: input.service ?? MOBILE_SERVICE }),
    retrySafe: false,
    timeoutMs: input.timeoutMs,
    signal: input.signal,
  });
  const { token, privatetoken } = validate(tokenSchema, readMoodleJson(response, 'token.php'), 'token.php');
  return { token, privateToken: privatetoken ?? null };
}

function userFrom(info: SiteInfo): PortalUser {
  return {
    id: info.userid,
    username: info.username,
    fullname: htmlToText(info.fullname),
    lang: info.lang,
    privateAccessKey: info.userprivateaccesskey ?? null,
    pictureUrl: info.userpictureurl ?? null,
    isSiteAdmin: info.userissiteadmin ?? false,
  };
}

/**
 * Codes that mean "this account must do something in the browser first". require_login() raises
 * them; core_webservice_get_site_info does not call it, so a cheap call that does is made too.
 */
const ACCOUNT_STATE_CODES = new Set(['password-change-required', 'site-policy-not-agreed', 'profile-incomplete', 'account-suspended', 'password-expired']);

/**
 * Makes Moodle run require_login() once: core_user_get_private_files_info validates the system
 * context (moodle/moodle user/externallib.php), answers in ~100 bytes and is in the mobile
 * service. Other refusals (e.g. no private files capability) do not block the login.
 */
async function probeAccountState(client: MoodleClient, siteUrl: string, token: string, functions: readonly string[], input: PasswordLoginInput): Promise<void> {
  if (!functions.includes('core_user_get_private_files_info')) return;
  try {
    await client.callFunction(siteUrl, token, 'core_user_get_private_files_info', {}, { signal: input.signal, timeoutMs: input.timeoutMs, maxAttempts: INTERACTIVE_ATTEMPTS });
  } catch (error) {
    if (error instanceof MoodleWsError && !ACCOUNT_STATE_CODES.has(error.code)) return;
    throw error;
  }
}

const BATCH_FUNCTION = 'tool_mobile_call_external_functions';

const batchAnswerSchema = z.object({
  responses: z.array(z.object({ error: z.boolean(), data: z.string().optional(), exception: z.string().optional() })),
});

/** A call's error inside a batch answer, as the typed error a call of its own would have thrown. */
function batchError(exception: string | undefined): MoodleWsError {
  let parsed: unknown;
  try {
    parsed = JSON.parse(exception ?? '{}');
  } catch {
    parsed = {};
  }
  const record = (typeof parsed === 'object' && parsed !== null ? parsed : {}) as Record<string, unknown>;
  return moodleError({
    errorcode: typeof record.errorcode === 'string' ? record.errorcode : 'unknown',
    message: typeof record.message === 'string' ? record.message : undefined,
  });
}

/**
 * Site info and the require_login() probe in ONE request (tool_mobile_call_external_functions, in
 * the mobile service since Moodle 3.7), each answered as its own call would have been. null: the
 * portal has no batch function (older, or a trimmed service) — then the two calls go one by one.
 */
async function siteInfoInOneRequest(client: MoodleClient, siteUrl: string, token: string, input: PasswordLoginInput): Promise<SiteInfo | null> {
  const settings = { settingfilter: true, settingfileurl: true, ...(input.lang ? { settinglang: input.lang } : {}) };
  let raw: unknown;
  try {
    raw = await client.callFunction(siteUrl, token, BATCH_FUNCTION, {
      requests: [
        { function: 'core_webservice_get_site_info', arguments: '{}', ...settings },
        { function: 'core_user_get_private_files_info', arguments: '{}', ...settings },
      ],
    }, { lang: input.lang, signal: input.signal, timeoutMs: input.timeoutMs, maxAttempts: INTERACTIVE_ATTEMPTS, retrySafe: true });
  } catch (error) {
    // Unknown function (invalidrecord) or not in the token's service (accessexception; a fresh token cannot have expired).
    if (error instanceof MoodleWsError && (error.moodleErrorcode === 'invalidrecord' || error.moodleErrorcode === 'accessexception')) return null;
    throw error;
  }
  const [info, probe] = validate(batchAnswerSchema, raw, BATCH_FUNCTION).responses;
  if (!info || info.error || info.data === undefined) throw batchError(info?.exception);
  let data: unknown;
  try {
    data = JSON.parse(info.data);
  } catch {
    throw new InvalidResponseError('invalid-json', { detail: 'core_webservice_get_site_info (im Sammelaufruf)' });
  }
  const siteInfo = validate(siteInfoSchema, data, 'core_webservice_get_site_info');
  // The probe refused for another reason (e.g. no private files, or not in the service): the login goes on.
  if (probe?.error) {
    const refusal = batchError(probe.exception);
    if (ACCOUNT_STATE_CODES.has(refusal.code)) throw refusal;
  }
  return siteInfo;
}

/** The whole password login. Throws PortalError subclasses (see the code table at requestToken). */
export async function loginWithPassword(http: HttpClient, input: PasswordLoginInput): Promise<PasswordLoginResult> {
  const siteUrl = siteBaseUrl(input.site);
  const { token, privateToken } = await requestToken(http, input);
  const client = new MoodleClient(http);
  let info: SiteInfo;
  try {
    const together = await siteInfoInOneRequest(client, siteUrl, token, input);
    if (together) info = together;
    else {
      info = await client.callFunction(siteUrl, token, 'core_webservice_get_site_info', {}, { lang: input.lang, signal: input.signal, timeoutMs: input.timeoutMs, maxAttempts: INTERACTIVE_ATTEMPTS });
      await probeAccountState(
        client,
        siteUrl,
        token,
        info.functions.map((fn) => fn.name),
        input,
      );
    }
  } catch (error) {
    // The UI offers the portal's page for the step the user has to take in the browser.
    if (error instanceof MoodleWsError && error.code === 'password-change-required') {
      throw new MoodleWsError('password-change-required', { moodleErrorcode: error.moodleErrorcode, data: { changePasswordUrl: `${siteUrl}/login/change_password.php` }, cause: error });
    }
    throw error;
  }
  return {
    siteUrl,
    siteName: htmlToText(info.sitename),
    release: info.release ?? null,
    version: info.version ?? null,
    token,
    privateToken,
    user: userFrom(info),
    functions: info.functions.map((fn) => fn.name),
    maxUploadBytes: info.usermaxuploadfilesize !== undefined && info.usermaxuploadfilesize > 0 ? info.usermaxuploadfilesize : null,
  };
}

/**
 * Which join URLs the conference window opens: https only; plain http only for a
 * loopback host (127.0.0.1, localhost, [::1]) and only in an unpackaged run (development and the
 * test suites' BBB stand-ins). No credentials in the URL. Pure. A refusal reaches the student as
 * the error code `join-url-<reason>` (preload/contract/errors.ts), not as "Interner Fehler".
 */
import { isLoopbackHostname, parseUrl } from '../security/origins';

export type JoinUrlRefusal = 'invalid' | 'not-https' | 'credentials';
export type JoinUrlDecision = { ok: true; origin: string } | { ok: false; reason: JoinUrlRefusal };

/** The error code the student's message comes from, per reason. */
export const JOIN_URL_ERROR = {
  invalid: 'join-url-invalid',
  'not-https': 'join-url-not-https',
  credentials: 'join-url-credentials',
} as const satisfies Record<JoinUrlRefusal, `join-url-${JoinUrlRefusal}`>;

export function checkJoinUrl(joinUrl: string, packaged: boolean): JoinUrlDecision {
  const url = parseUrl(joinUrl);
  if (!url || url.hostname === '') return { ok: false, reason: 'invalid' };
  const https = url.protocol === 'https:';
  const loopbackHttp = url.protocol === 'http:' && !packaged && isLoopbackHostname(url.hostname);
  if (!https && !loopbackHttp) return { ok: false, reason: 'not-https' };
  if (url.username !== '' || url.password !== '') return { ok: false, reason: 'credentials' };
  return { ok: true, origin: url.origin };
}

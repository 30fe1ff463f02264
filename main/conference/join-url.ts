/**
 * Which join URLs the conference window opens (issue 11 item 6): https only; plain http only for a
 * loopback host (127.0.0.1, localhost, [::1]) and only in an unpackaged run (development and the
 * test suites' BBB stand-ins). No credentials in the URL. Pure.
 */
import { isLoopbackHostname, parseUrl } from '../security/origins';

export type JoinUrlRefusal = 'invalid' | 'not-https' | 'credentials';
export type JoinUrlDecision = { ok: true; origin: string } | { ok: false; reason: JoinUrlRefusal };

/** What the student reads when the portal's join URL is refused (not "Interner Fehler"). */
export const JOIN_URL_TEXT = {
  de: {
    invalid: 'Die Konferenz kann nicht geöffnet werden: Die Adresse, die das Portal geschickt hat, ist ungültig. Bitte sag deiner Lehrkraft oder der Schul-IT Bescheid.',
    'not-https': 'Die Konferenz kann nicht geöffnet werden: Der Konferenz-Server ist nicht verschlüsselt erreichbar (kein https). Bitte sag deiner Lehrkraft oder der Schul-IT Bescheid.',
    credentials: 'Die Konferenz kann nicht geöffnet werden: Die Adresse, die das Portal geschickt hat, enthält Zugangsdaten. Bitte sag deiner Lehrkraft oder der Schul-IT Bescheid.',
  },
  en: {
    invalid: 'The meeting cannot be opened: the address the portal sent is invalid. Please tell your teacher or the school IT.',
    'not-https': 'The meeting cannot be opened: the meeting server is not reachable encrypted (no https). Please tell your teacher or the school IT.',
    credentials: 'The meeting cannot be opened: the address the portal sent contains credentials. Please tell your teacher or the school IT.',
  },
} as const satisfies Record<'de' | 'en', Record<JoinUrlRefusal, string>>;

export function checkJoinUrl(joinUrl: string, packaged: boolean): JoinUrlDecision {
  const url = parseUrl(joinUrl);
  if (!url || url.hostname === '') return { ok: false, reason: 'invalid' };
  const https = url.protocol === 'https:';
  const loopbackHttp = url.protocol === 'http:' && !packaged && isLoopbackHostname(url.hostname);
  if (!https && !loopbackHttp) return { ok: false, reason: 'not-https' };
  if (url.username !== '' || url.password !== '') return { ok: false, reason: 'credentials' };
  return { ok: true, origin: url.origin };
}

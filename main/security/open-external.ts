/**
 * The last gate before `shell.openExternal`: which URLs SchulDesk hands to the operating system.
 *
 * Decision: https only. `mailto:` is refused on purpose: some mail clients honour parameters such
 * as `attach=` (a page could attach a local file to a prepared mail), and a teacher's address can
 * be shown and copied instead. `http:` is refused (the school's pages are https), as are `file:`,
 * custom schemes (they start other programs) and URLs with credentials. The caller opens the
 * normalised `href` we return, never the raw string.
 */
import { parseUrl } from './origins';

export const MAX_EXTERNAL_URL_LENGTH = 8192;

export type OpenExternalDecision =
  | { allowed: true; href: string }
  | { allowed: false; reason: 'invalid-url' | 'too-long' | 'not-https' | 'credentials' | 'control-characters' };

// C0 controls, DEL and C1 controls; URL parsing would silently strip some of them.
// eslint-disable-next-line no-control-regex
const CONTROL_CHARACTERS = /[\u0000-\u001f\u007f-\u009f]/;

export function decideOpenExternal(raw: unknown): OpenExternalDecision {
  if (typeof raw !== 'string') return { allowed: false, reason: 'invalid-url' };
  if (raw.length > MAX_EXTERNAL_URL_LENGTH) return { allowed: false, reason: 'too-long' };
  if (CONTROL_CHARACTERS.test(raw)) return { allowed: false, reason: 'control-characters' };
  const url = parseUrl(raw);
  if (!url) return { allowed: false, reason: 'invalid-url' };
  if (url.protocol !== 'https:') return { allowed: false, reason: 'not-https' };
  if (url.username !== '' || url.password !== '') return { allowed: false, reason: 'credentials' };
  if (url.href.length > MAX_EXTERNAL_URL_LENGTH) return { allowed: false, reason: 'too-long' };
  return { allowed: true, href: url.href };
}

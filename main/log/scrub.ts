// Scrubbing of free text for logs and reports: secrets, URL credentials and queries, the home
// folder and the macOS per-user policy folder's user name go (used by the file log, the
// diagnostics report and the privacy centre).
import { redactSecrets } from './redact';

function escapeRegExp(text: string): string {
  return text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
}

/** Only scheme, host, port and path of a URL; anything unparsable stays as it is (already redacted). */
export function cleanUrl(raw: string): string {
  try {
    const url = new URL(raw);
    if (url.protocol !== 'http:' && url.protocol !== 'https:') return raw;
    return `${url.protocol}//${url.host}${url.pathname === '/' ? '' : url.pathname}`;
  } catch {
    return raw;
  }
}

/** The placeholder for the user name in macOS's per-user managed-preferences folder. */
export const USER_PLACEHOLDER = '<Benutzer>';
/** /Library/Managed Preferences/<user>/… (the per-user MDM plist, main/policy/sources/macos-plist.ts). */
const MAC_USER_MANAGED_PREFERENCES = /(\/Library\/Managed Preferences\/)[^/\\\s"'<>]+(?=\/)/g;

/** Removes secrets, URL credentials/queries, the home folder and the macOS per-user policy folder's user name from a text. */
export function scrub(text: string, homeDir: string): string {
  let result = redactSecrets(text.replace(/https?:\/\/[^\s"'<>,\]]+/gi, (url) => cleanUrl(url))).replace(MAC_USER_MANAGED_PREFERENCES, `$1${USER_PLACEHOLDER}`);
  const homes = [homeDir, homeDir.replace(/\\/g, '/'), homeDir.replace(/\//g, '\\')].filter((home) => home.length > 1);
  // Only whole path segments: a home of /root must not turn /rootfs into ~fs.
  for (const home of new Set(homes)) result = result.replace(new RegExp(`${escapeRegExp(home)}(?=[\\\\/\\s"']|$)`, 'gim'), '~');
  return result;
}

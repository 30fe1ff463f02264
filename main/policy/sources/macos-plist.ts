import { access } from 'node:fs/promises';
import { userInfo } from 'node:os';
import type { PolicySource, RawPolicyDocument } from '../types';
import { execFileRunner } from './command-runner';
import type { CommandRunner } from './command-runner';

/**
 * macOS machine policy: the managed-preferences plist an MDM profile (Jamf, Intune, Mosyle …)
 * installs as /Library/Managed Preferences/de.schuldesk.app.plist, plus the per-user one under
 * /Library/Managed Preferences/<user>/. Both are root-owned. Binary or XML plists are turned into
 * JSON by Apple's own `plutil` — no plist parser of ours, no native module.
 */

export const MAC_BUNDLE_ID = 'de.schuldesk.app';
export const MAC_MANAGED_PREFERENCES = '/Library/Managed Preferences';
const PLUTIL = '/usr/bin/plutil';

export function macManagedPlistPath(user?: string): string {
  return user === undefined ? `${MAC_MANAGED_PREFERENCES}/${MAC_BUNDLE_ID}.plist` : `${MAC_MANAGED_PREFERENCES}/${user}/${MAC_BUNDLE_ID}.plist`;
}

function firstLine(text: string): string {
  return (text.split(/\r?\n/).find((line) => line.trim() !== '') ?? '').trim();
}

/**
 * What `plutil -convert json -o - <file>` printed, as a policy document. The JSON object's keys
 * are the schema keys; validation (wrong types, unknown keys) is loadPolicy's job, so a plist
 * `<integer>1</integer>` where `<true/>` is expected is reported by key. A plist plutil cannot
 * read, or one holding `<date>`/`<data>` (no JSON equivalent), comes back as a report entry.
 */
export function plistJsonDocument(location: string, result: { exitCode: number; stdout: string; stderr: string }): RawPolicyDocument {
  if (result.exitCode !== 0) {
    const message = firstLine(result.stderr) || firstLine(result.stdout) || 'keine Meldung';
    return { location, data: undefined, error: `„${location}“ ist keine lesbare Property-List und wird ignoriert (plutil, Code ${result.exitCode}): ${message}` };
  }
  try {
    return { location, data: JSON.parse(result.stdout) as unknown };
  } catch (error) {
    const reason = error instanceof Error ? error.message : String(error);
    return { location, data: undefined, error: `Die Ausgabe von plutil für „${location}“ ist kein gültiges JSON und wird ignoriert: ${reason}` };
  }
}

/** Only what a file system user name can be; anything else would escape the folder. */
function safeUserName(name: string): string | null {
  return /^[A-Za-z0-9._-]+$/.test(name) && name !== '.' && name !== '..' ? name : null;
}

export interface MacPlistOptions {
  run?: CommandRunner;
  /** /usr/bin/plutil; tests point it at a stand-in. */
  plutil?: string;
  exists?: (path: string) => Promise<boolean>;
}

const fileExists = async (path: string): Promise<boolean> => {
  try {
    await access(path);
    return true;
  } catch {
    return false;
  }
};

/**
 * One managed plist as a policy source. A missing file means "no policy from here", not an error.
 * Put the machine file first: loadPolicy lets the earlier source win, so a per-user profile can
 * add keys but never override the device profile.
 */
export function macManagedPlistSource(scope: { user?: string }, options: MacPlistOptions = {}): PolicySource {
  const user = scope.user === undefined ? undefined : safeUserName(scope.user);
  const location = scope.user === undefined ? macManagedPlistPath() : macManagedPlistPath(user ?? '?');
  const run = options.run ?? execFileRunner;
  const exists = options.exists ?? fileExists;
  return {
    // One kind for both files (the settings screen names it); the location tells device from user.
    kind: 'macos-managed',
    location,
    async read() {
      if (user === null) return [{ location, data: undefined, error: `Ungewöhnlicher Benutzername – die Richtlinie für diesen Benutzer wird nicht gelesen.` }];
      if (!(await exists(location))) return [];
      return [plistJsonDocument(location, await run(options.plutil ?? PLUTIL, ['-convert', 'json', '-o', '-', location]))];
    },
  };
}

/** Machine plist, then the current user's. */
export function macPolicySources(options: MacPlistOptions & { user?: string } = {}): PolicySource[] {
  const machine = macManagedPlistSource({}, options);
  let user = options.user;
  try {
    user ??= userInfo().username;
  } catch {
    // No passwd entry for this uid: only the machine file counts.
  }
  return user === undefined ? [machine] : [machine, macManagedPlistSource({ user }, options)];
}

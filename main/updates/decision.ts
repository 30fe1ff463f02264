/**
 * Whether and how SchulDesk updates itself: a pure function of policy and install facts, so every
 * combination is tested without Electron; main/electron/updater.ts only carries it out. Per-machine
 * installs (MSI, PKG, deb) never replace themselves (they notify); per-user installs (NSIS, DMG/zip,
 * AppImage) update when the policy says `auto`; Windows and macOS check only when signed; feeds only
 * over https (loopback http for tests), never the build's placeholder (main/updates/README.md).
 */
import type { UpdateReason } from '../../preload/contract/updates';

export type UpdateMode = 'auto' | 'notify' | 'off';
export type UpdateChannel = 'latest' | 'beta';
/** How this copy was installed: msi/pkg/deb per machine, nsis/dmg/appimage per user, dev unpackaged. */
export type InstallKind = 'msi' | 'pkg' | 'deb' | 'nsis' | 'dmg' | 'appimage' | 'dev';

/** What main/electron/updater.ts finds on disk; no installer writes a marker for us. */
export interface InstallFacts {
  /** app.isPackaged: false for `electron .` and the browser shell. */
  packaged: boolean;
  platform: NodeJS.Platform;
  /** Windows: `Uninstall <productName>.exe` next to the executable (only the NSIS installer puts one there). */
  nsisUninstallerNextToExe: boolean;
  /** macOS: owner uid of the .app bundle (0 = root: installed by a PKG); null when unknown. */
  appBundleOwnerUid: number | null;
  /** Linux: the `APPIMAGE` environment variable the AppImage runtime sets (path of the image), or undefined. */
  appImagePath: string | undefined;
}

/**
 * How this copy was installed, from the facts:
 * - Windows: the NSIS uninstaller next to the exe → `nsis`; none → `msi` (the MSI is removed via
 *   msiexec and leaves no uninstaller there);
 * - macOS: a root-owned bundle → `pkg` (Jamf/MDM); owned by a user → `dmg` (a copy dragged from the
 *   DMG, or the zip that Squirrel.Mac updates from); owner unknown → `pkg` (the safe side: no self-update);
 * - Linux: `$APPIMAGE` set → `appimage`, else `deb`;
 * - not packaged, or another OS → `dev`.
 * When in doubt the answer is the per-machine kind: it only ever notifies.
 */
export function installKindFrom(facts: InstallFacts): InstallKind {
  if (!facts.packaged) return 'dev';
  switch (facts.platform) {
    case 'win32':
      return facts.nsisUninstallerNextToExe ? 'nsis' : 'msi';
    case 'darwin':
      return facts.appBundleOwnerUid !== null && facts.appBundleOwnerUid !== 0 ? 'dmg' : 'pkg';
    case 'linux':
      return facts.appImagePath ? 'appimage' : 'deb';
    default:
      return 'dev';
  }
}

export interface UpdateInputs {
  updateMode: UpdateMode;
  /** Policy `updateUrl`; null = the feed built into the installer (app-update.yml). */
  updateUrl: string | null;
  /** The feed from app-update.yml, or null if the build has none. */
  bundledFeedUrl: string | null;
  channel: UpdateChannel;
  installKind: InstallKind;
  /** The running build carries a valid code signature (Windows Authenticode, macOS Developer ID). */
  signed: boolean;
  platform: NodeJS.Platform;
}

export type { UpdateReason };

export interface UpdateDecision {
  /** Ask the feed whether a newer version exists. */
  check: boolean;
  /** Download it without asking (electron-updater autoDownload). */
  download: boolean;
  /** auto: install on quit; notify: tell the user (and IT) only; never: nothing to install. */
  install: 'auto' | 'notify' | 'never';
  feedUrl: string | null;
  channel: UpdateChannel;
  reason: UpdateReason;
}

const PLATFORM_OF: Record<Exclude<InstallKind, 'dev'>, NodeJS.Platform> = {
  msi: 'win32',
  nsis: 'win32',
  pkg: 'darwin',
  dmg: 'darwin',
  deb: 'linux',
  appimage: 'linux',
};

const PER_MACHINE: ReadonlySet<InstallKind> = new Set(['msi', 'pkg', 'deb']);

/** Where the OS and electron-updater check a signature; an unsigned build there is a test build. */
const SIGNATURE_CHECKED: ReadonlySet<NodeJS.Platform> = new Set(['win32', 'darwin']);

/** The build's placeholder feed (electron-builder.yml) uses the reserved .invalid domain: 'no-feed'. */
export function feedProblem(raw: string): 'no-feed' | 'insecure-feed' | null {
  let url: URL;
  try {
    url = new URL(raw);
  } catch {
    return 'no-feed';
  }
  if (url.hostname === 'invalid' || url.hostname.endsWith('.invalid')) return 'no-feed';
  const loopback = url.hostname === 'localhost' || url.hostname === '[::1]' || /^127\.\d+\.\d+\.\d+$/.test(url.hostname);
  if (url.protocol === 'https:' || (url.protocol === 'http:' && loopback)) return null;
  return 'insecure-feed';
}

export function decideUpdates(inputs: UpdateInputs): UpdateDecision {
  const { channel } = inputs;
  const feedUrl = inputs.updateUrl ?? inputs.bundledFeedUrl;
  const none = (reason: UpdateReason): UpdateDecision => ({ check: false, download: false, install: 'never', feedUrl, channel, reason });

  if (inputs.updateMode === 'off') return none('policy-off');
  if (inputs.installKind === 'dev') return none('development');
  if (PLATFORM_OF[inputs.installKind] !== inputs.platform) return none('install-mismatch');
  if (SIGNATURE_CHECKED.has(inputs.platform) && !inputs.signed) return none('unsigned');
  if (feedUrl === null) return none('no-feed');
  const problem = feedProblem(feedUrl);
  if (problem) return none(problem);

  if (PER_MACHINE.has(inputs.installKind)) {
    return { check: true, download: false, install: 'notify', feedUrl, channel, reason: 'managed-install' };
  }
  if (inputs.updateMode === 'notify') return { check: true, download: false, install: 'notify', feedUrl, channel, reason: 'notify-only' };
  return { check: true, download: true, install: 'auto', feedUrl, channel, reason: 'self-update' };
}

import { describe, expect, it } from 'vitest';
import { decideUpdates, installKindFrom } from '../../main/updates/decision';
import { UpdateStatusHolder } from '../../main/updates/status';
import type { InstallFacts, InstallKind, UpdateChannel, UpdateDecision, UpdateInputs, UpdateMode } from '../../main/updates/decision';

const MODES: UpdateMode[] = ['auto', 'notify', 'off'];
const KINDS: InstallKind[] = ['msi', 'pkg', 'deb', 'nsis', 'dmg', 'appimage', 'dev'];
const PLATFORMS: NodeJS.Platform[] = ['win32', 'darwin', 'linux', 'freebsd'];
const CHANNELS: UpdateChannel[] = ['latest', 'beta'];
const SCHOOL_FEED = 'https://updates.beispielschule.de/schuldesk';
const PLACEHOLDER = 'https://updates.schuldesk.invalid/latest';
const URLS: Array<string | null> = [null, SCHOOL_FEED, 'http://updates.beispielschule.de/schuldesk', 'http://127.0.0.1:8080/feed', 'kein url'];
const BUNDLED: Array<string | null> = [null, PLACEHOLDER, 'https://updates.hersteller.de/schuldesk/latest'];
const HOME: Record<InstallKind, NodeJS.Platform | null> = { msi: 'win32', nsis: 'win32', pkg: 'darwin', dmg: 'darwin', deb: 'linux', appimage: 'linux', dev: null };

function* everyInput(): Generator<UpdateInputs> {
  for (const updateMode of MODES)
    for (const installKind of KINDS)
      for (const platform of PLATFORMS)
        for (const signed of [true, false])
          for (const updateUrl of URLS)
            for (const bundledFeedUrl of BUNDLED)
              for (const channel of CHANNELS) yield { updateMode, installKind, platform, signed, updateUrl, bundledFeedUrl, channel };
}

const base: UpdateInputs = { updateMode: 'auto', updateUrl: SCHOOL_FEED, bundledFeedUrl: PLACEHOLDER, channel: 'latest', installKind: 'nsis', signed: true, platform: 'win32' };

describe('decideUpdates: the common cases, one row each', () => {
  const rows: Array<[UpdateMode, InstallKind, Pick<UpdateDecision, 'check' | 'download' | 'install' | 'reason'>]> = [
    ['auto', 'msi', { check: true, download: false, install: 'notify', reason: 'managed-install' }],
    ['auto', 'pkg', { check: true, download: false, install: 'notify', reason: 'managed-install' }],
    ['auto', 'deb', { check: true, download: false, install: 'notify', reason: 'managed-install' }],
    ['auto', 'nsis', { check: true, download: true, install: 'auto', reason: 'self-update' }],
    ['auto', 'dmg', { check: true, download: true, install: 'auto', reason: 'self-update' }],
    ['auto', 'appimage', { check: true, download: true, install: 'auto', reason: 'self-update' }],
    ['auto', 'dev', { check: false, download: false, install: 'never', reason: 'development' }],
    ['notify', 'msi', { check: true, download: false, install: 'notify', reason: 'managed-install' }],
    ['notify', 'pkg', { check: true, download: false, install: 'notify', reason: 'managed-install' }],
    ['notify', 'deb', { check: true, download: false, install: 'notify', reason: 'managed-install' }],
    ['notify', 'nsis', { check: true, download: false, install: 'notify', reason: 'notify-only' }],
    ['notify', 'dmg', { check: true, download: false, install: 'notify', reason: 'notify-only' }],
    ['notify', 'appimage', { check: true, download: false, install: 'notify', reason: 'notify-only' }],
    ['notify', 'dev', { check: false, download: false, install: 'never', reason: 'development' }],
    ...KINDS.map((kind): [UpdateMode, InstallKind, Pick<UpdateDecision, 'check' | 'download' | 'install' | 'reason'>] => [
      'off',
      kind,
      { check: false, download: false, install: 'never', reason: 'policy-off' },
    ]),
  ];

  it.each(rows)('%s on %s', (updateMode, installKind, expected) => {
    const platform = HOME[installKind] ?? 'linux';
    expect(decideUpdates({ ...base, updateMode, installKind, platform })).toEqual({ ...expected, feedUrl: SCHOOL_FEED, channel: 'latest' });
  });
});

describe('decideUpdates: feed, channel, signature', () => {
  it('the policy URL overrides the built-in feed; without it the built-in one counts', () => {
    expect(decideUpdates({ ...base, bundledFeedUrl: 'https://updates.hersteller.de/x' }).feedUrl).toBe(SCHOOL_FEED);
    expect(decideUpdates({ ...base, updateUrl: null, bundledFeedUrl: 'https://updates.hersteller.de/x' })).toMatchObject({ check: true, feedUrl: 'https://updates.hersteller.de/x' });
  });

  it('never checks the build’s .invalid placeholder or no feed at all', () => {
    expect(decideUpdates({ ...base, updateUrl: null })).toMatchObject({ check: false, reason: 'no-feed', feedUrl: PLACEHOLDER });
    expect(decideUpdates({ ...base, updateUrl: null, bundledFeedUrl: null })).toMatchObject({ check: false, reason: 'no-feed', feedUrl: null });
  });

  it('refuses plain http except on loopback (test servers)', () => {
    expect(decideUpdates({ ...base, updateUrl: 'http://updates.beispielschule.de/x' })).toMatchObject({ check: false, reason: 'insecure-feed' });
    expect(decideUpdates({ ...base, updateUrl: 'http://127.0.0.1:8080/feed' })).toMatchObject({ check: true, reason: 'self-update' });
  });

  it('passes the channel through unchanged', () => {
    expect(decideUpdates({ ...base, channel: 'beta' }).channel).toBe('beta');
  });

  it('unsigned Windows and macOS builds never check; Linux has no build signature to require', () => {
    expect(decideUpdates({ ...base, signed: false })).toMatchObject({ check: false, reason: 'unsigned' });
    expect(decideUpdates({ ...base, installKind: 'dmg', platform: 'darwin', signed: false })).toMatchObject({ check: false, reason: 'unsigned' });
    expect(decideUpdates({ ...base, installKind: 'msi', signed: false })).toMatchObject({ check: false, reason: 'unsigned' });
    expect(decideUpdates({ ...base, installKind: 'appimage', platform: 'linux', signed: false })).toMatchObject({ check: true, reason: 'self-update' });
  });

  it('an install kind from another OS is treated as unknown: no updates', () => {
    expect(decideUpdates({ ...base, installKind: 'msi', platform: 'darwin' })).toMatchObject({ check: false, reason: 'install-mismatch' });
    expect(decideUpdates({ ...base, installKind: 'appimage', platform: 'freebsd' })).toMatchObject({ check: false, reason: 'install-mismatch' });
  });
});

describe('decideUpdates: invariants over every combination', () => {
  const all = [...everyInput()];

  it(`holds for all ${MODES.length * KINDS.length * PLATFORMS.length * 2 * URLS.length * BUNDLED.length * CHANNELS.length} inputs`, () => {
    expect(all).toHaveLength(3 * 7 * 4 * 2 * 5 * 3 * 2);
    let checked = 0;
    let downloaded = 0;
    for (const input of all) {
      const decision = decideUpdates(input);
      const where = JSON.stringify(input);
      const perMachine = ['msi', 'pkg', 'deb'].includes(input.installKind);
      // Shape: download implies auto install implies check; notify means checking without downloading.
      expect(decision.download, where).toBe(decision.install === 'auto');
      expect(decision.install === 'never', where).toBe(!decision.check);
      expect(decision.channel, where).toBe(input.channel);
      expect(decision.feedUrl, where).toBe(input.updateUrl ?? input.bundledFeedUrl);
      // Policy off and development builds never touch the network.
      if (input.updateMode === 'off' || input.installKind === 'dev') expect(decision.check, where).toBe(false);
      // Per-machine installs never replace themselves, whatever the policy says.
      if (perMachine) expect(decision.download, where).toBe(false);
      // Self-update only when IT asked for it.
      if (decision.install === 'auto') expect(input.updateMode, where).toBe('auto');
      // A check needs a real https feed (or loopback), a matching OS and, on Windows/macOS, a signature.
      if (decision.check) {
        const url = new URL(decision.feedUrl ?? '');
        expect(url.protocol === 'https:' || url.hostname === '127.0.0.1', where).toBe(true);
        expect(url.hostname.endsWith('.invalid'), where).toBe(false);
        expect(HOME[input.installKind], where).toBe(input.platform);
        if (input.platform !== 'linux') expect(input.signed, where).toBe(true);
        checked++;
      }
      if (decision.download) downloaded++;
    }
    // The space is not vacuous: both outcomes occur.
    expect(checked).toBeGreaterThan(0);
    expect(downloaded).toBeGreaterThan(0);
    expect(downloaded).toBeLessThan(checked);
  });
});

describe('UpdateStatusHolder (what it.updateStatus returns)', () => {
  it('without an updater (browser shell) reports a development build with the policy mode', () => {
    const holder = new UpdateStatusHolder('1.2.3');
    expect(holder.view({ mode: 'notify', channel: 'beta', url: SCHOOL_FEED })).toEqual({
      mode: 'notify',
      channel: 'beta',
      installKind: null,
      check: false,
      install: 'never',
      feedUrl: SCHOOL_FEED,
      reason: 'development',
      state: 'idle',
      currentVersion: '1.2.3',
      availableVersion: null,
      checkedAt: null,
      error: null,
    });
  });

  it('shows the updater’s decision and progress once set', () => {
    const holder = new UpdateStatusHolder('1.2.3');
    holder.setDecision(decideUpdates({ ...base, installKind: 'msi' }), 'msi');
    holder.setProgress({ state: 'available', availableVersion: '1.3.0', checkedAt: 1000 });
    expect(holder.view({ mode: 'auto', channel: 'latest', url: SCHOOL_FEED })).toMatchObject({
      installKind: 'msi',
      check: true,
      install: 'notify',
      reason: 'managed-install',
      state: 'available',
      availableVersion: '1.3.0',
    });
  });
});

describe('installKindFrom: how this copy was installed, from facts on disk', () => {
  const none: InstallFacts = { packaged: true, platform: 'linux', nsisUninstallerNextToExe: false, appBundleOwnerUid: null, appImagePath: undefined };
  const rows: Array<[string, InstallFacts, InstallKind]> = [
    ['MSI (per machine, no uninstaller next to the exe)', { ...none, platform: 'win32' }, 'msi'],
    ['NSIS (per user, "Uninstall SchulDesk.exe" next to the exe)', { ...none, platform: 'win32', nsisUninstallerNextToExe: true }, 'nsis'],
    ['PKG (root-owned bundle in /Applications)', { ...none, platform: 'darwin', appBundleOwnerUid: 0 }, 'pkg'],
    ['DMG or zip (bundle owned by the user who copied it)', { ...none, platform: 'darwin', appBundleOwnerUid: 501 }, 'dmg'],
    ['macOS, owner unknown: the safe side (notify only)', { ...none, platform: 'darwin', appBundleOwnerUid: null }, 'pkg'],
    ['AppImage ($APPIMAGE set by its runtime)', { ...none, appImagePath: '/home/lena/Apps/SchulDesk.AppImage' }, 'appimage'],
    ['deb (no $APPIMAGE)', none, 'deb'],
    ['deb, empty $APPIMAGE', { ...none, appImagePath: '' }, 'deb'],
    ['development run (not packaged), whatever else holds', { ...none, packaged: false, platform: 'win32', nsisUninstallerNextToExe: true }, 'dev'],
    ['another OS', { ...none, platform: 'freebsd' }, 'dev'],
  ];
  it.each(rows)('%s', (_name, facts, kind) => {
    expect(installKindFrom(facts)).toBe(kind);
  });

  it('an MSI install that IT set to auto only notifies (what --diagnose now reports too)', () => {
    const installKind = installKindFrom({ ...none, platform: 'win32' });
    expect(decideUpdates({ ...base, installKind, platform: 'win32', updateMode: 'auto' })).toMatchObject({ check: true, download: false, install: 'notify', reason: 'managed-install' });
  });
});

/**
 * Update `notify` mode tells the user: the pure notice (who installs the new version), and the
 * wiring through the real services (main/api/updates.ts): every status change reaches the renderer as
 * `it.updateStatusChanged`, the system notification comes once per version and only while
 * notifications are on, and the diagnostics report names the available version.
 */
import { describe, expect, it } from 'vitest';
import type { UpdateStatusView } from '../../preload/contract/updates';
import { useServicesPerTest } from '../support/services-harness';
import { decideUpdates } from '../../main/updates/decision';
import type { InstallKind, UpdateMode } from '../../main/updates/decision';
import { updateNotice } from '../../main/updates/notice';
import { UpdateStatusHolder } from '../../main/updates/status';

// A loopback feed nobody serves (decideUpdates accepts http only on loopback): the probe fails fast.
const FEED = 'http://127.0.0.1:9/schuldesk';
const PLATFORM: Record<InstallKind, NodeJS.Platform> = { msi: 'win32', nsis: 'win32', pkg: 'darwin', dmg: 'darwin', deb: 'linux', appimage: 'linux', dev: 'linux' };

function holderFor(updateMode: UpdateMode, installKind: InstallKind): UpdateStatusHolder {
  const holder = new UpdateStatusHolder('1.2.3');
  holder.setDecision(decideUpdates({ updateMode, updateUrl: FEED, bundledFeedUrl: null, channel: 'latest', installKind, signed: true, platform: PLATFORM[installKind] }), installKind);
  return holder;
}

const policy = { mode: 'notify', channel: 'latest', url: FEED } as const;

describe('updateNotice', () => {
  it('a per-user install in notify mode: "not installed automatically"', () => {
    const holder = holderFor('notify', 'nsis');
    expect(updateNotice(holder.view(policy), 'de')).toBeNull();
    holder.setProgress({ state: 'available', availableVersion: '1.3.0' });
    expect(updateNotice(holder.view(policy), 'de')).toEqual({
      version: '1.3.0',
      title: 'SchulDesk 1.3.0 ist verfügbar',
      body: 'Neue Versionen werden auf diesem Gerät nicht automatisch installiert. Deine Schule sagt dir, wie du sie bekommst.',
    });
    expect(updateNotice(holder.view(policy), 'en')?.title).toBe('SchulDesk 1.3.0 is available');
  });

  it('an install IT manages (MSI, PKG, deb), whatever the mode: "your school installs it"', () => {
    for (const kind of ['msi', 'pkg', 'deb'] as const) {
      const holder = holderFor('auto', kind);
      holder.setProgress({ state: 'available', availableVersion: '1.3.0' });
      expect(updateNotice(holder.view({ ...policy, mode: 'auto' }), 'de')?.body).toBe('Deine Schule installiert neue Versionen auf diesem Gerät. Du musst nichts tun.');
    }
  });

  it('nothing while SchulDesk installs it itself (auto), before a version is known, or after a failed check', () => {
    const auto = holderFor('auto', 'nsis');
    auto.setProgress({ state: 'downloading', availableVersion: '1.3.0' });
    expect(updateNotice(auto.view(policy), 'de')).toBeNull();
    const notify = holderFor('notify', 'dmg');
    notify.setProgress({ state: 'available', availableVersion: null });
    expect(updateNotice(notify.view(policy), 'de')).toBeNull();
    notify.setProgress({ state: 'error', availableVersion: '1.3.0' });
    expect(updateNotice(notify.view(policy), 'de')).toBeNull();
  });
});

describe('main/api/updates.ts: event, system notification, diagnostics', () => {
  const perTest = useServicesPerTest('schuldesk-update-notice-');

  async function boot(holder: UpdateStatusHolder, policyValues: Record<string, unknown>) {
    const shown: { title: string; body: string }[] = [];
    const events: UpdateStatusView[] = [];
    const services = await perTest.boot({
      shell: 'electron',
      appVersion: '1.2.3',
      policy: policyValues,
      updates: holder,
      notify: (title, body) => shown.push({ title, body }),
    });
    services.events.subscribe((name, payload) => {
      if (name === 'it.updateStatusChanged') events.push(payload as UpdateStatusView);
    });
    return { shown, events, services };
  }

  it('notify mode: the renderer hears every change, the system says it once per version', async () => {
    const holder = new UpdateStatusHolder('1.2.3');
    const { shown, events, services: s } = await boot(holder, { updateMode: 'notify', updateUrl: FEED });
    holder.setDecision(decideUpdates({ updateMode: 'notify', updateUrl: FEED, bundledFeedUrl: null, channel: 'latest', installKind: 'appimage', signed: true, platform: 'linux' }), 'appimage');
    holder.setProgress({ state: 'checking' });
    expect(shown).toEqual([]);
    holder.setProgress({ state: 'available', availableVersion: '1.3.0', checkedAt: 1 });
    holder.setProgress({ state: 'available', availableVersion: '1.3.0', checkedAt: 2 });
    expect(shown).toEqual([{ title: 'SchulDesk 1.3.0 ist verfügbar', body: expect.stringContaining('nicht automatisch installiert') }]);
    holder.setProgress({ state: 'available', availableVersion: '1.4.0', checkedAt: 3 });
    expect(shown.map((n) => n.title)).toEqual(['SchulDesk 1.3.0 ist verfügbar', 'SchulDesk 1.4.0 ist verfügbar']);
    expect(events.map((e) => e.state)).toEqual(['idle', 'checking', 'available', 'available', 'available']);
    expect(events.at(-1)).toMatchObject({ mode: 'notify', install: 'notify', reason: 'notify-only', availableVersion: '1.4.0' });

    const handlers = s.handlers as unknown as Record<string, () => Promise<{ text: string }>>;
    const report = await handlers['it.diagnostics']?.();
    expect(report?.text).toMatch(/\[WARN\] +Neue Version: 1\.4\.0 verfügbar/);
    expect(report?.text).toContain('Installationsart: appimage');
  });

  it('an MSI install: the notice says IT installs it; with notifications off only the event goes out', async () => {
    const holder = holderFor('auto', 'msi');
    const { shown, events } = await boot(holder, { updateMode: 'auto', updateUrl: FEED, notifications: false });
    holder.setProgress({ state: 'available', availableVersion: '1.3.0' });
    expect(shown).toEqual([]);
    expect(events.at(-1)).toMatchObject({ reason: 'managed-install', availableVersion: '1.3.0' });
  });

  it('an MSI install with notifications on: one notification naming the school', async () => {
    const holder = holderFor('auto', 'msi');
    const { shown } = await boot(holder, { updateMode: 'auto', updateUrl: FEED, language: 'en' });
    holder.setProgress({ state: 'available', availableVersion: '1.3.0' });
    expect(shown).toEqual([{ title: 'SchulDesk 1.3.0 is available', body: 'Your school installs new versions on this device. You do not need to do anything.' }]);
  });
});

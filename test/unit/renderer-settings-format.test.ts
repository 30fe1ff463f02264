import { describe, expect, it } from 'vitest';
import type { SettingView } from '../../preload/api';
import { choiceLabel, errorText, formatScalar, listLines, portalEntries, settingLabel } from '../../renderer/features/settings/format';
import { groupSettings } from '../../renderer/features/settings/group-settings';
import { SETTING_META } from '../../renderer/features/settings/setting-meta';
import { createI18n, loadLanguage } from '../../renderer/i18n/index';
import { createMemoryApi } from './renderer-memory-api';

const viewOf = (key: string, value: unknown = null): SettingView => ({ key, value, defaultValue: value, source: 'default', locked: false, userEditable: false });

describe('groupSettings', () => {
  it('orders sections for the screen and keeps main’s order inside each', async () => {
    const api = await createMemoryApi();
    const sections = groupSettings(api.settings.list());
    expect(sections.map((section) => section.id)).toEqual(['general', 'conference', 'offline', 'device', 'notifications', 'updates', 'portals', 'network']);
    expect(sections.find((section) => section.id === 'conference')?.views.map((view) => view.key)).toEqual([
      'cameraGate',
      'objectionForced',
      'localRecordingForModerators',
      'screenSharingRoles',
      'recorderDetection',
      'extraBbbHosts',
    ]);
    expect(sections.flatMap((section) => section.views)).toHaveLength(api.settings.list().length);
  });

  it('puts settings it does not know into "other" at the end, and leaves out empty sections', () => {
    const sections = groupSettings([viewOf('language', 'de'), viewOf('brandNew', 1)]);
    expect(sections.map((section) => [section.id, section.views.map((view) => view.key)])).toEqual([
      ['general', ['language']],
      ['other', ['brandNew']],
    ]);
  });
});

describe('value texts', () => {
  const i18n = createI18n();
  const t = i18n.t;

  it('labels known settings from i18n and unknown ones by key', () => {
    expect(settingLabel(t, 'cameraGate')).toBe('Kamera erst nach Freigabe');
    expect(settingLabel(t, 'brandNew')).toBe('brandNew');
  });

  it('formats booleans, choices, units, "off" for zero minutes, and null', () => {
    expect(formatScalar(t, 'cameraGate', SETTING_META.cameraGate.control, true)).toBe('An');
    expect(formatScalar(t, 'updateMode', SETTING_META.updateMode.control, 'off')).toBe('Aus (die Schul-IT verteilt Updates)');
    expect(formatScalar(t, 'maxDownloadMb', SETTING_META.maxDownloadMb.control, 500)).toBe('500 MB');
    expect(formatScalar(t, 'idleLogoutMinutes', SETTING_META.idleLogoutMinutes.control, 0)).toBe('Aus');
    expect(formatScalar(t, 'idleLogoutMinutes', SETTING_META.idleLogoutMinutes.control, 30)).toBe('30 Minuten');
    expect(formatScalar(t, 'updateUrl', SETTING_META.updateUrl.control, null)).toBe('Nicht festgelegt (Standard)');
    expect(choiceLabel(t, 'language', 'en')).toBe('English');
    expect(choiceLabel(t, 'language', 'fr')).toBe('fr');
    expect(choiceLabel(t, 'toString', 'x')).toBe('x');
  });

  it('shows lists line by line: portals with their address, roles translated, certificates counted', () => {
    const portals = [{ name: 'Moodle A', url: 'https://a.example' }, { broken: true }];
    expect(listLines(t, 'portals', SETTING_META.portals.control, portals)).toEqual(['Moodle A – https://a.example']);
    expect(listLines(t, 'screenSharingRoles', SETTING_META.screenSharingRoles.control, ['moderator', 'viewer'])).toEqual(['Moderierende', 'Teilnehmende']);
    expect(listLines(t, 'trustedCaCertificates', SETTING_META.trustedCaCertificates.control, ['a', 'b'])).toEqual(['2 Zertifikate hinterlegt']);
    expect(listLines(t, 'trustedCaCertificates', SETTING_META.trustedCaCertificates.control, [])).toEqual([]);
    expect(listLines(t, 'extraBbbHosts', SETTING_META.extraBbbHosts.control, ['https://bbb.example'])).toEqual(['https://bbb.example']);
    expect(portalEntries('not a list')).toEqual([]);
  });

  it('translates known error codes, adds main’s detail for invalid values, and falls back to main’s message', async () => {
    expect(errorText(t, 'setting-locked', 'egal')).toBe('Diese Einstellung ist von Ihrer Schule festgelegt.');
    expect(errorText(t, 'invalid-value', 'Erwartet: true oder false.')).toBe('Dieser Wert ist nicht erlaubt. Erwartet: true oder false.');
    expect(errorText(t, 'some-new-code', 'Neue Meldung aus main.')).toBe('Neue Meldung aus main.');
    await loadLanguage(i18n, 'en');
    await i18n.changeLanguage('en');
    expect(errorText(t, 'setting-locked', 'egal')).toBe('This setting is set by your school.');
  });
});

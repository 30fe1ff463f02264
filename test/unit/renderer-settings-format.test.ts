import { beforeAll, describe, expect, it } from 'vitest';
import type { SettingView } from '../../preload/api';
import { choiceLabel, errorText, formatScalar, listLines, portalEntries, settingLabel } from '../../renderer/features/settings/format';
import { groupSettings } from '../../renderer/features/settings/group-settings';
import { SETTING_META } from '../../renderer/features/settings/setting-meta';
import { bindFeatureTexts, loadFeatureTexts } from '../../renderer/i18n/feature-texts';
import { createI18n } from '../../renderer/i18n/index';
import { createMemoryApi } from '../support/renderer-memory-api';

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
  // Einstellungen' German texts come with its screen (renderer/app/route-texts.ts), as in the app.
  beforeAll(async () => {
    bindFeatureTexts(i18n);
    await loadFeatureTexts(['settings']);
  });

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

  it('translates error codes with their parameters, words the allowed values of a refused input, and reads unknown codes as internal', () => {
    expect(errorText({ code: 'setting-locked', params: { key: 'theme' } }, 'de')).toBe('„theme“ ist von Ihrer Schule festgelegt und kann nicht geändert werden.');
    expect(errorText({ code: 'invalid-value-allowed', params: { key: 'theme', allowed: 'light, dark' } }, 'de')).toBe('Dieser Wert ist für „theme“ nicht erlaubt. Erlaubt sind: light, dark.');
    expect(errorText({ code: 'invalid-value-allowed', params: { key: 'theme', allowed: 'light, dark' } }, 'en')).toBe('This value is not allowed for “theme”. Allowed are: light, dark.');
    expect(errorText({ code: 'invalid-value-range', params: { key: 'size', min: 50, max: 20000 } }, 'en')).toBe('This value is not allowed for “size”. Allowed is a whole number from 50 to 20,000.');
    expect(errorText({ code: 'some-new-code' }, 'de')).toBe('Interner Fehler in SchulDesk. Details stehen im Protokoll.');
    expect(errorText({ code: 'setting-locked', params: { key: 'theme' } }, 'en')).toBe('“theme” is set by your school and cannot be changed.');
  });
});

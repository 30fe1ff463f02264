import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { SETTING_GROUPS, SETTING_KEYS, SETTINGS, settingDefinition } from '../../main/settings/schema';
import type { AnySettingDefinition } from '../../main/settings/schema';
import { validateSettingValue } from '../../main/settings/validate';
import { urlProblem } from '../../main/settings/value-types';

const example = JSON.parse(readFileSync(new URL('../../resources/policy/linux-example.json', import.meta.url), 'utf8')) as {
  trustedCaCertificates: string[];
};
const EXAMPLE_PEM = example.trustedCaCertificates[0] ?? '';

function definition(key: string): AnySettingDefinition {
  const found = settingDefinition(key);
  if (!found) throw new Error(`no setting ${key}`);
  return found;
}

function accepts(key: string, value: unknown): boolean {
  return validateSettingValue(definition(key), value).ok;
}

function messageFor(key: string, value: unknown): string {
  const result = validateSettingValue(definition(key), value);
  if (result.ok) throw new Error(`${key} unexpectedly accepted ${JSON.stringify(value)}`);
  return result.message;
}

describe('settings schema table', () => {
  it('has unique flat camelCase keys usable as registry value names, plist and JSON keys', () => {
    expect(new Set(SETTING_KEYS).size).toBe(SETTING_KEYS.length);
    for (const key of SETTING_KEYS) expect(key).toMatch(/^[a-z][A-Za-z0-9]*$/);
  });

  it('contains the keys the product needs', () => {
    expect(SETTING_KEYS).toEqual([
      'language', 'portals', 'allowUserPortals', 'ssoIdentityProviderOrigins', 'cameraGate', 'objectionForced', 'localRecordingForModerators',
      'screenSharingRoles', 'recorderDetection', 'extraBbbHosts', 'offlineEnabled', 'offlineStorageBudgetMb', 'prefetch',
      'sharedDevice', 'idleLogoutMinutes', 'dataDirectory', 'updateMode', 'updateUrl', 'updateChannel', 'notifications',
      'deadlineNotifications', 'trustedCaCertificates', 'maxDownloadMb',
    ]);
  });

  it.each(SETTINGS.map((entry) => [entry.key, entry] as const))('%s: default validates against its own schema', (_key, entry) => {
    expect(validateSettingValue(entry, entry.defaultValue)).toEqual({ ok: true, value: entry.defaultValue });
  });

  it.each(SETTINGS.map((entry) => [entry.key, entry] as const))('%s: has German and English label and description', (_key, entry) => {
    for (const text of [entry.label, entry.description]) {
      expect(text.de.trim().length).toBeGreaterThan(3);
      expect(text.en.trim().length).toBeGreaterThan(3);
      expect(text.de).not.toBe(text.en);
    }
    expect(entry.description.de).toMatch(/[.!]$/);
    expect(entry.description.en).toMatch(/[.!]$/);
    expect(Object.keys(SETTING_GROUPS)).toContain(entry.group);
  });

  it('only the personal preferences are user-editable; privacy and deployment keys belong to IT', () => {
    const editable = SETTINGS.filter((entry) => entry.userEditable).map((entry) => entry.key);
    expect(editable).toEqual(['language', 'prefetch', 'notifications', 'deadlineNotifications']);
  });

  it('has the privacy-preserving defaults', () => {
    expect(definition('cameraGate').defaultValue).toBe(true);
    expect(definition('objectionForced').defaultValue).toBe(false);
    expect(definition('localRecordingForModerators').defaultValue).toBe(false);
    expect(definition('screenSharingRoles').defaultValue).toEqual(['moderator']);
    expect(definition('recorderDetection').defaultValue).toBe('warn');
    expect(definition('language').defaultValue).toBe('de');
  });
});

describe('value validation', () => {
  it('booleans accept only true/false', () => {
    expect(accepts('cameraGate', false)).toBe(true);
    for (const bad of [0, 1, 'true', null, [], {}]) expect(accepts('cameraGate', bad)).toBe(false);
    expect(messageFor('cameraGate', 'true')).toBe('Ungültiger Wert für „cameraGate“: erwartet true oder false, erhalten: Text „true“.');
  });

  it('integers respect their range and refuse fractions and strings', () => {
    expect(accepts('offlineStorageBudgetMb', 50)).toBe(true);
    expect(accepts('offlineStorageBudgetMb', 20000)).toBe(true);
    for (const bad of [49, 20001, 1024.5, '1024', Number.NaN, Number.POSITIVE_INFINITY]) {
      expect(accepts('offlineStorageBudgetMb', bad)).toBe(false);
    }
    expect(messageFor('offlineStorageBudgetMb', 49)).toContain('erwartet eine ganze Zahl von 50 bis 20000');
    expect(accepts('idleLogoutMinutes', 0)).toBe(true);
    expect(accepts('idleLogoutMinutes', 480)).toBe(true);
    expect(accepts('idleLogoutMinutes', -1)).toBe(false);
    expect(accepts('idleLogoutMinutes', 481)).toBe(false);
  });

  it('choices name every allowed value in the message', () => {
    expect(accepts('language', 'en')).toBe(true);
    expect(accepts('language', 'fr')).toBe(false);
    expect(accepts('language', 'DE')).toBe(false);
    expect(messageFor('recorderDetection', 'kill')).toContain('erwartet einen der Werte „off“, „warn“, „leave“');
    expect(accepts('prefetch', 'all')).toBe(true);
    expect(accepts('updateMode', 'silent')).toBe(false);
    expect(accepts('updateChannel', 'beta')).toBe(true);
  });

  it('screen sharing roles: known roles only, no duplicates, empty list allowed', () => {
    expect(accepts('screenSharingRoles', [])).toBe(true);
    expect(accepts('screenSharingRoles', ['moderator', 'viewer'])).toBe(true);
    expect(accepts('screenSharingRoles', ['moderator', 'moderator'])).toBe(false);
    expect(messageFor('screenSharingRoles', ['moderator', 'teacher'])).toContain('screenSharingRoles[1]');
    expect(accepts('screenSharingRoles', 'moderator')).toBe(false);
  });

  it('portals: name and https url, no unknown fields, no duplicates, and the message points at the bad entry', () => {
    const good = [
      { name: 'Schule', url: 'https://moodle.schule.de' },
      { name: 'Landesportal', url: 'https://lernen.land.de/moodle' },
    ];
    expect(accepts('portals', good)).toBe(true);
    expect(accepts('portals', [{ name: '   ', url: 'https://moodle.schule.de' }])).toBe(false);
    expect(accepts('portals', [{ name: 'Schule' }])).toBe(false);
    expect(accepts('portals', [{ name: 'Schule', url: 'https://moodle.schule.de', nmae: 'typo' }])).toBe(false);
    expect(accepts('portals', [good[0], { name: 'Nochmal', url: 'https://moodle.schule.de' }])).toBe(false);
    expect(accepts('portals', Array.from({ length: 21 }, (_, index) => ({ name: `P${index}`, url: `https://p${index}.de` })))).toBe(false);
    const message = messageFor('portals', [good[0], { name: 'Alt', url: 'http://moodle.schule.de' }]);
    expect(message).toContain('portals[1].url');
    expect(message).toContain('muss mit https:// beginnen');
  });

  it('extra BBB hosts must be bare https origins', () => {
    expect(accepts('extraBbbHosts', ['https://bbb.schule.de', 'https://bbb2.schule.de:8443'])).toBe(true);
    expect(accepts('extraBbbHosts', ['https://bbb.schule.de/'])).toBe(false);
    expect(accepts('extraBbbHosts', ['https://bbb.schule.de/bigbluebutton'])).toBe(false);
    expect(accepts('extraBbbHosts', ['bbb.schule.de'])).toBe(false);
    expect(accepts('extraBbbHosts', ['https://bbb.schule.de', 'https://bbb.schule.de'])).toBe(false);
    expect(accepts('extraBbbHosts', ['http://127.0.0.1:4000'])).toBe(true);
  });

  it('update URL is an https address or null', () => {
    expect(accepts('updateUrl', null)).toBe(true);
    expect(accepts('updateUrl', 'https://updates.schule.de/schuldesk/latest')).toBe(true);
    expect(accepts('updateUrl', 'http://updates.schule.de/')).toBe(false);
    expect(accepts('updateUrl', '')).toBe(false);
    expect(messageFor('updateUrl', 42)).toContain('oder null');
  });

  it('trusted CA certificates: exactly one readable PEM certificate per entry', () => {
    expect(accepts('trustedCaCertificates', [EXAMPLE_PEM])).toBe(true);
    expect(accepts('trustedCaCertificates', [EXAMPLE_PEM + EXAMPLE_PEM])).toBe(false);
    expect(accepts('trustedCaCertificates', ['kein Zertifikat'])).toBe(false);
    const truncated = EXAMPLE_PEM.replace(/\n[A-Za-z0-9+/]{64}\n/, '\n');
    expect(truncated).not.toBe(EXAMPLE_PEM);
    expect(messageFor('trustedCaCertificates', [truncated])).toContain('lässt sich nicht lesen');
  });

  it('messages never echo a whole long value', () => {
    const long = 'x'.repeat(5000);
    expect(messageFor('language', long).length).toBeLessThan(300);
  });
});

describe('urlProblem', () => {
  const accepted: [string, boolean][] = [
    ['https://moodle.schule.de', false],
    ['https://moodle.schule.de/moodle/', false],
    ['https://moodle.schule.de:8443', true],
    ['http://127.0.0.1:8080', true],
    ['http://127.1.2.3', true],
    ['http://localhost:3000/moodle', false],
    ['http://[::1]:8080', true],
  ];
  it.each(accepted)('accepts %s (originOnly=%s)', (raw, originOnly) => {
    expect(urlProblem(raw, { originOnly })).toBeNull();
  });

  const refused: [string, string][] = [
    ['http://moodle.schule.de', 'https://'],
    ['http://10.0.0.5', 'https://'],
    ['http://localhost.evil.de', 'https://'],
    ['ftp://moodle.schule.de', 'https://'],
    ['javascript:alert(1)', 'https://'],
    ['file:///etc/passwd', 'https://'],
    ['https://user:pass@moodle.schule.de', 'Zugangsdaten'],
    ['https://moodle.schule.de/?token=abc', '„?“'],
    ['https://moodle.schule.de/#x', '„#“'],
    ['moodle.schule.de', 'keine gültige Adresse'],
    ['', 'keine gültige Adresse'],
  ];
  it.each(refused)('refuses %s', (raw, reason) => {
    expect(urlProblem(raw, { originOnly: false })).toContain(reason);
  });

  it('origin form: no path, no trailing slash; spelling is normalised, not refused (issue 11: umlaut hosts)', () => {
    expect(urlProblem('https://bbb.schule.de/', { originOnly: true })).toContain('https://bbb.schule.de');
    expect(urlProblem('https://bbb.schule.de/bbb', { originOnly: true })).not.toBeNull();
    // Capitals, the default port and Unicode names compare by their normalised origin (sameOriginKey).
    expect(urlProblem('https://BBB.schule.de', { originOnly: true })).toBeNull();
    expect(urlProblem('https://bbb.schule.de:443', { originOnly: true })).toBeNull();
    expect(urlProblem('https://bbb.schüle.de', { originOnly: true })).toBeNull();
  });
});

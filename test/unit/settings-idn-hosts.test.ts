/**
 * Host lists in policy and settings with international (umlaut) names: Unicode
 * or punycode, compared normalised (WHATWG URL / node:url domainToASCII). Before, one umlaut entry
 * in extraBbbHosts failed the "origin only" check (its URL.origin is punycode) and the whole policy
 * list was ignored.
 */
import { describe, expect, it } from 'vitest';
import { decideMedia } from '../../main/conference/media-policy';
import { loadPolicy } from '../../main/policy/index';
import type { PolicySource } from '../../main/policy/index';
import { samePortal } from '../../main/portal/site-check';
import { allowlistFromSettings } from '../../main/security/allowlist-from-settings';
import { decideNavigation } from '../../main/security/navigation';
import { SETTINGS } from '../../main/settings/schema';
import { createSettingsService } from '../../main/settings/settings-service';
import type { SettingsRepositoryLike } from '../../main/settings/settings-service';
import { sameOriginKey, urlProblem } from '../../main/settings/value-types';
import { cameraRequest } from '../fixtures/electron/electron45-shapes';

const memory: SettingsRepositoryLike = { list: () => ({}), set: () => undefined, delete: () => undefined };

async function settingsWithPolicy(data: Record<string, unknown>) {
  const machine: PolicySource = { kind: 'test', location: '/etc/test', read: async () => [{ location: '/etc/test/a.json', data }] };
  const policy = await loadPolicy([machine]);
  return { policy, settings: createSettingsService({ policy, repository: memory }) };
}

const UNICODE = 'https://bbb.schüle.de';
const PUNYCODE = 'https://bbb.xn--schle-mva.de';

describe('umlaut hosts in policy lists', () => {
  it('an umlaut entry in extraBbbHosts no longer voids the list (Unicode and punycode alike)', async () => {
    const { policy, settings } = await settingsWithPolicy({ extraBbbHosts: [UNICODE, 'https://bbb2.schule.de', 'https://konferenz.xn--grtner-bua.de'] });
    expect(policy.report.problems).toEqual([]);
    expect(settings.get('extraBbbHosts')).toEqual([UNICODE, 'https://bbb2.schule.de', 'https://konferenz.xn--grtner-bua.de']);
    const allowlist = allowlistFromSettings(settings);
    expect([...allowlist.bbbOrigins].sort()).toEqual(['https://bbb2.schule.de', PUNYCODE, 'https://konferenz.xn--grtner-bua.de'].sort());
    // Chromium reports the page's URL in punycode; the Unicode entry matches it, and vice versa.
    expect(decideNavigation(`${PUNYCODE}/html5client/join`, { window: 'conference', event: 'will-navigate', isMainFrame: true, allowlist })).toBe('allow');
    expect(decideNavigation('https://konferenz.gärtner.de/x', { window: 'conference', event: 'will-navigate', isMainFrame: true, allowlist })).toBe('allow');
  });

  it('the media decision compares the forms normalised', () => {
    const shape = cameraRequest(`${PUNYCODE}/html5client/join`);
    const query = { phase: 'request' as const, permission: shape.permission, mediaTypes: ['audio'], origin: `${PUNYCODE}/html5client/join`, bbbOrigin: 'https://bbb.schule.de', extraHosts: [UNICODE], role: 'viewer' as const, cameraGate: true, cameraReleased: false, objection: false, screenShareGranted: false, screenSharingRoles: [] };
    expect(decideMedia(query)).toEqual({ allow: true, reason: 'microphone' });
    expect(decideMedia({ ...query, origin: `${UNICODE}/x`, extraHosts: [PUNYCODE] })).toEqual({ allow: true, reason: 'microphone' });
    expect(decideMedia({ ...query, origin: 'https://bbb.schule.de.evil.test/', extraHosts: [UNICODE] }).allow).toBe(false);
  });

  it('the same host in both forms (or in capitals) is one entry: a duplicate, reported as such', async () => {
    const { policy, settings } = await settingsWithPolicy({ extraBbbHosts: [UNICODE, PUNYCODE] });
    expect(policy.report.problems.map((p) => p.key)).toContain('extraBbbHosts');
    expect(settings.get('extraBbbHosts')).toEqual([]);
    expect(sameOriginKey(UNICODE)).toBe(sameOriginKey(PUNYCODE));
    expect(sameOriginKey('https://BBB.Schüle.DE')).toBe(PUNYCODE);
    expect(sameOriginKey('https://bbb.schüle.de:443')).toBe(PUNYCODE);
  });

  it('portals with umlaut addresses: accepted, duplicates across forms refused, compared normalised', async () => {
    const { policy, settings } = await settingsWithPolicy({ portals: [{ name: 'Moodle', url: 'https://moodle.schüle.de/lernen' }] });
    expect(policy.report.problems).toEqual([]);
    expect(settings.get('portals')).toEqual([{ name: 'Moodle', url: 'https://moodle.schüle.de/lernen' }]);
    expect(samePortal('https://moodle.schüle.de/lernen', 'https://moodle.xn--schle-mva.de/lernen/')).toBe(true);
    expect([...allowlistFromSettings(settings).portalOrigins]).toEqual(['https://moodle.xn--schle-mva.de']);
    const twice = await settingsWithPolicy({ portals: [{ name: 'A', url: 'https://moodle.schüle.de/lernen' }, { name: 'B', url: 'https://moodle.xn--schle-mva.de/lernen/' }] });
    expect(twice.policy.report.problems.map((p) => p.key)).toContain('portals');
  });

  it('still refuses what an origin is not: paths, trailing slash, credentials, http off loopback, invalid names', () => {
    const origin = { originOnly: true };
    expect(urlProblem(UNICODE, origin)).toBeNull();
    expect(urlProblem(PUNYCODE, origin)).toBeNull();
    expect(urlProblem('https://bbb.schüle.de:8443', origin)).toBeNull();
    expect(urlProblem('http://127.0.0.1:8080', origin)).toBeNull();
    for (const bad of [`${UNICODE}/`, `${UNICODE}/bbb`, 'https://user@bbb.schüle.de', 'http://bbb.schüle.de', `${UNICODE}?x=1`, `${UNICODE}#x`, 'https://bbb.schüle.de\\x', 'https://bbb schüle.de', 'https://@bbb.schüle.de', 'https://:@bbb.schule.de', 'https://:@evil.example']) {
      expect([bad, urlProblem(bad, origin)]).not.toEqual([bad, null]);
    }
    expect(SETTINGS.find((s) => s.key === 'extraBbbHosts')?.description.de).toContain('Punycode');
  });
});

import { describe, expect, it } from 'vitest';
import { allowlistFromSettings } from '../../main/security/allowlist-from-settings';
import { externalOpenWarning } from '../../main/security/external-warning';
import {
  APP_ENTRY_URL,
  APP_ORIGIN,
  buildOriginAllowlist,
  isAllowlistedOrigin,
  isAppUrl,
  urlForLog,
  webOriginOf,
} from '../../main/security/origins';
import type { SettingKey, SettingValue } from '../../main/settings/schema';

describe('isAppUrl', () => {
  it.each([
    [APP_ENTRY_URL, true],
    [APP_ORIGIN, true],
    ['app://SCHULDESK/x', true],
    ['app://schuldesk.evil/', false],
    ['app://schuldesk@evil/', false],
    ['app://a:b@schuldesk/', false],
    ['app://schuldesk:80/', false],
    ['app:schuldesk/index.html', false],
    ['https://schuldesk/', false],
    ['blob:app://schuldesk/1', false],
    ['', false],
    [null, false],
    [42, false],
  ])('%s → %s', (url, expected) => {
    expect(isAppUrl(url)).toBe(expected);
  });
});

describe('webOriginOf', () => {
  it.each([
    ['https://Example.ORG:443/path?q#f', 'https://example.org'],
    ['http://127.0.0.1:8080/x', 'http://127.0.0.1:8080'],
    ['https://user:pw@example.org/', 'https://example.org'],
    ['blob:https://example.org/1', null],
    ['wss://example.org/', null],
    ['app://schuldesk/', null],
    ['data:text/plain,x', null],
    ['nonsense', null],
  ])('%s → %s', (url, expected) => {
    expect(webOriginOf(url)).toBe(expected);
  });
});

describe('buildOriginAllowlist', () => {
  const allowlist = buildOriginAllowlist({
    portalUrls: [
      'https://School.Example.com/moodle/',
      'https://schüle.example',
      'https://school.example.com:443/other',
      'http://127.0.0.1:8080',
      'http://localhost:8080/moodle',
      'http://[::1]:9000',
      // Dropped: plain http off loopback, credentials, other schemes, garbage.
      'http://insecure.example.com',
      'https://user:pw@creds.example.com',
      'ftp://files.example.com',
      'not a url',
      '',
    ],
    bbbOrigins: ['https://bbb.example.com', 'https://bbb2.example.com:8443', 'http://bbb.insecure.example'],
  });

  it('normalises to origins (lowercase, punycode, default port dropped, path ignored)', () => {
    expect([...allowlist.portalOrigins].sort()).toEqual(
      ['http://127.0.0.1:8080', 'http://[::1]:9000', 'http://localhost:8080', 'https://school.example.com', 'https://xn--schle-mva.example'].sort(),
    );
    expect([...allowlist.bbbOrigins].sort()).toEqual(['https://bbb.example.com', 'https://bbb2.example.com:8443']);
  });

  it('isAllowlistedOrigin matches exact origins only', () => {
    expect(isAllowlistedOrigin(allowlist, 'https://school.example.com')).toBe(true);
    expect(isAllowlistedOrigin(allowlist, 'https://bbb2.example.com:8443')).toBe(true);
    expect(isAllowlistedOrigin(allowlist, 'https://school.example.com/')).toBe(false);
    expect(isAllowlistedOrigin(allowlist, 'https://school.example.com.evil.test')).toBe(false);
    expect(isAllowlistedOrigin(allowlist, 'https://bbb2.example.com')).toBe(false);
    expect(isAllowlistedOrigin(allowlist, 'http://insecure.example.com')).toBe(false);
  });
});

describe('allowlistFromSettings', () => {
  const values: { [K in SettingKey]?: SettingValue<K> } = {
    portals: [
      { name: 'Gymnasium', url: 'https://moodle.gymnasium.example/lernen' },
      { name: 'Test', url: 'http://127.0.0.1:8080' },
    ],
    extraBbbHosts: ['https://bbb.gymnasium.example'],
  };
  const settings = {
    get<K extends SettingKey>(key: K): SettingValue<K> {
      const value = values[key];
      if (value === undefined) throw new Error(`unexpected key ${key}`);
      return value as SettingValue<K>;
    },
  };

  it('takes portal origins from "portals" and BBB origins from "extraBbbHosts"', () => {
    const allowlist = allowlistFromSettings(settings);
    expect([...allowlist.portalOrigins].sort()).toEqual(['http://127.0.0.1:8080', 'https://moodle.gymnasium.example']);
    expect([...allowlist.bbbOrigins]).toEqual(['https://bbb.gymnasium.example']);
  });

  it('adds user portals and BBB servers named at join time', () => {
    const allowlist = allowlistFromSettings(settings, { portalUrls: ['https://eigene.example'], extraBbbOrigins: ['https://bbb-node3.gymnasium.example'] });
    expect(allowlist.portalOrigins.has('https://eigene.example')).toBe(true);
    expect(allowlist.bbbOrigins.has('https://bbb-node3.gymnasium.example')).toBe(true);
  });
});

describe('urlForLog never shows paths or queries', () => {
  it.each([
    ['https://school.example.com/webservice/pluginfile.php/1/x.pdf?token=SECRET', 'https://school.example.com'],
    ['schuldesk://token=U0VDUkVU', 'schuldesk:'],
    ['app://schuldesk/courses/1?x=SECRET', 'app://schuldesk'],
    ['data:text/html,SECRET', 'data:'],
    ['javascript:SECRET()', 'javascript:'],
    ['not a url SECRET', '<invalid URL>'],
    [undefined, '<invalid URL>'],
  ])('%s → %s', (url, expected) => {
    expect(urlForLog(url)).toBe(expected);
    expect(urlForLog(url)).not.toContain('SECRET');
  });
});

describe('externalOpenWarning', () => {
  it('German: names the host, Cancel is default and escape', () => {
    const warning = externalOpenWarning('https://example.org/material.pdf', 'de');
    expect(warning.title).toBe('Externe Seite öffnen?');
    expect(warning.message).toContain('example.org');
    expect(warning.detail).toContain('https://example.org/material.pdf');
    expect(warning.buttons).toEqual(['Im Browser öffnen', 'Abbrechen']);
    expect(warning.buttons[warning.openButton]).toBe('Im Browser öffnen');
    expect(warning.buttons[warning.defaultId]).toBe('Abbrechen');
    expect(warning.cancelId).toBe(warning.defaultId);
  });

  it('English when the UI is English', () => {
    const warning = externalOpenWarning('https://example.org/', 'en');
    expect(warning.buttons).toEqual(['Open in browser', 'Cancel']);
    expect(warning.message).toContain('example.org');
  });

  it('shows look-alike international hosts in punycode', () => {
    const warning = externalOpenWarning('https://schооl.example.com/login', 'de');
    expect(warning.message).toContain('xn--');
    expect(warning.message).not.toContain('schооl');
  });

  it('shortens very long URLs', () => {
    const warning = externalOpenWarning(`https://example.org/${'a'.repeat(5000)}`, 'de');
    expect(warning.detail.length).toBeLessThan(600);
    expect(warning.detail.endsWith('…')).toBe(true);
  });
});

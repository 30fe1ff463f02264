import { describe, expect, it } from 'vitest';
import { defaultDataDir } from '../../main/paths';
import { policySourcesFor } from '../../main/policy-sources';

describe('defaultDataDir', () => {
  it('matches Electron userData locations per platform', () => {
    expect(defaultDataDir('electron', 'linux', {}, '/home/lena')).toBe('/home/lena/.config/SchulDesk');
    expect(defaultDataDir('electron', 'linux', { XDG_CONFIG_HOME: '/x' }, '/home/lena')).toBe('/x/SchulDesk');
    expect(defaultDataDir('electron', 'darwin', {}, '/Users/lena')).toBe('/Users/lena/Library/Application Support/SchulDesk');
    expect(defaultDataDir('electron', 'win32', { APPDATA: 'C:\\Users\\lena\\AppData\\Roaming' }, 'C:\\Users\\lena')).toContain('SchulDesk');
  });

  it('keeps the browser shell apart from a real installation', () => {
    expect(defaultDataDir('browser', 'linux', {}, '/home/lena')).toBe('/home/lena/.config/SchulDesk-Browsermodus');
  });
});

describe('policySourcesFor', () => {
  const env = { SCHULDESK_POLICY_FILE: '/tmp/policy.json' };

  it('browser shell with a policy file reads only that file (deterministic tests)', () => {
    const sources = policySourcesFor({ shell: 'browser', packaged: false, env, platform: 'linux' });
    expect(sources.map((s) => s.location)).toEqual(['/tmp/policy.json']);
  });

  it('an installed app ignores SCHULDESK_POLICY_FILE: a student could set it', () => {
    const sources = policySourcesFor({ shell: 'electron', packaged: true, env, platform: 'linux' });
    expect(sources.map((s) => s.location)).not.toContain('/tmp/policy.json');
    expect(sources.map((s) => s.location)).toEqual(['/etc/schuldesk/policies/managed']);
  });

  it('a development Electron run reads the machine first, then the dev file', () => {
    const sources = policySourcesFor({ shell: 'electron', packaged: false, env, platform: 'linux' });
    expect(sources.map((s) => s.location)).toEqual(['/etc/schuldesk/policies/managed', '/tmp/policy.json']);
  });
});

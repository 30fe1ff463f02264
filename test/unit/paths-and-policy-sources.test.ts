import { mkdtempSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { defaultDataDir, effectiveDataDir, expandDataDirectory, prepareDataFolder } from '../../main/paths';
import { loadPolicy } from '../../main/policy/index';
import { SETTINGS } from '../../main/settings/schema';
import { folderPathProblem } from '../../main/settings/value-types';
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

describe('policy dataDirectory: where the data folder lives', () => {
  it('accepts absolute paths and paths starting with an environment variable, refuses relative ones and ..', () => {
    for (const ok of ['C:\\SchulDesk-Daten', 'D:/Daten/SchulDesk', '\\\\server\\share\\SchulDesk', '/var/lib/schuldesk', '%LOCALAPPDATA%\\SchulDesk', '$HOME/Library/SchulDesk', '${XDG_DATA_HOME}/SchulDesk']) {
      expect(folderPathProblem(ok), ok).toBeNull();
    }
    for (const bad of ['SchulDesk', './daten', 'C:relativ', '~/SchulDesk', '/var/lib/../etc', ' /mit-leerzeichen', '', '%LOCALAPPDATA%SchulDesk']) {
      expect(folderPathProblem(bad), bad).not.toBeNull();
    }
  });

  it('expands %NAME% on Windows (any case) and $NAME/${NAME} on macOS/Linux; a variable not set is a problem, not a guess', () => {
    expect(expandDataDirectory('%LocalAppData%\\SchulDesk', 'win32', { LOCALAPPDATA: 'C:\\Users\\kim\\AppData\\Local' })).toEqual({ path: 'C:\\Users\\kim\\AppData\\Local\\SchulDesk' });
    expect(expandDataDirectory('${XDG_DATA_HOME}/SchulDesk', 'linux', { XDG_DATA_HOME: '/home/kim/.local/share' })).toEqual({ path: '/home/kim/.local/share/SchulDesk' });
    expect(expandDataDirectory('$HOME/Library/SchulDesk', 'darwin', { HOME: '/Users/kim' })).toEqual({ path: '/Users/kim/Library/SchulDesk' });
    expect(expandDataDirectory('%LOCALAPPDATA%\\SchulDesk', 'win32', {})).toEqual({ problem: 'Umgebungsvariable nicht gesetzt: LOCALAPPDATA' });
    // A Windows path on Linux is no absolute path there.
    expect(expandDataDirectory('C:\\SchulDesk', 'linux', {})).toHaveProperty('problem');
  });

  it('the effective folder: policy when usable, otherwise the default with the reason', () => {
    expect(effectiveDataDir(null, '/home/kim/.config/SchulDesk', 'linux', {})).toEqual({ dir: '/home/kim/.config/SchulDesk' });
    expect(effectiveDataDir('/srv/schuldesk', '/home/kim/.config/SchulDesk', 'linux', {})).toEqual({ dir: '/srv/schuldesk' });
    expect(effectiveDataDir('$NOPE/x', '/home/kim/.config/SchulDesk', 'linux', {})).toEqual({ dir: '/home/kim/.config/SchulDesk', problem: 'Umgebungsvariable nicht gesetzt: NOPE' });
  });

  it('the policy key is IT-only, null by default, and a relative path in a policy file is reported and ignored', async () => {
    const definition = SETTINGS.find((candidate) => candidate.key === 'dataDirectory');
    expect(definition).toMatchObject({ userEditable: false, defaultValue: null });
    const policy = await loadPolicy([{ kind: 'test', location: 'p.json', read: () => Promise.resolve([{ location: 'p.json', data: { dataDirectory: 'relativ/ordner' } }]) }]);
    expect(policy.values['dataDirectory']).toBeUndefined();
    expect(policy.report.problems.map((problem) => problem.key)).toContain('dataDirectory');
  });

  it('prepareDataFolder creates a missing folder and refuses one where a file is in the way, naming it', () => {
    const base = mkdtempSync(join(tmpdir(), 'schuldesk-datafolder-'));
    try {
      const nested = join(base, 'a', 'b', 'SchulDesk');
      prepareDataFolder(nested);
      expect(statSync(nested).isDirectory()).toBe(true);
      writeFileSync(join(base, 'datei'), 'x');
      const blocked = join(base, 'datei', 'SchulDesk');
      expect(() => prepareDataFolder(blocked)).toThrow(expect.objectContaining({ code: 'data-folder-unavailable', params: { folder: blocked } }));
    } finally {
      rmSync(base, { recursive: true, force: true });
    }
  });
});

import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { loadPolicy } from '../../main/policy/index';
import type { CommandResult, CommandRunner } from '../../main/policy/sources/command-runner';
import { macManagedPlistSource, macPolicySources, plistJsonDocument } from '../../main/policy/sources/macos-plist';
import { policySourcesFor } from '../../main/policy-sources';

const fixture = (name: string) => readFileSync(fileURLToPath(new URL(`../fixtures/policy/macos/${name}`, import.meta.url)), 'utf8');

const MACHINE = '/Library/Managed Preferences/de.schuldesk.app.plist';
const USER = '/Library/Managed Preferences/lena/de.schuldesk.app.plist';

/** Fake plutil and file system (stand-ins for macOS): per-path output, records the calls. */
function fakeMac(files: Record<string, CommandResult>) {
  const calls: string[][] = [];
  const run: CommandRunner = async (file, args) => {
    calls.push([file, ...args]);
    const result = files[args[args.length - 1] ?? ''];
    if (!result) throw new Error('plutil called for a file that does not exist');
    return result;
  };
  const exists = async (path: string) => Object.hasOwn(files, path);
  return { run, exists, calls };
}

const ok = (stdout: string): CommandResult => ({ exitCode: 0, stdout, stderr: '' });

describe('plistJsonDocument (plutil -convert json output)', () => {
  it('reads plutil’s compact JSON with escaped slashes', () => {
    expect(plistJsonDocument(MACHINE, ok(fixture('machine.plutil-stdout.json')))).toEqual({
      location: MACHINE,
      data: {
        updateMode: 'off',
        cameraGate: true,
        portals: [{ url: 'https://moodle.beispielschule.de', name: 'Moodle unserer Schule' }],
        allowUserPortals: false,
        idleLogoutMinutes: 30,
        extraBbbHosts: ['https://bbb1.beispielschule.de'],
        sharedDevice: true,
      },
    });
  });

  it('a plist plutil cannot read (broken XML, <date>/<data> values) becomes a clear error', () => {
    expect(plistJsonDocument(MACHINE, { exitCode: 1, stdout: '', stderr: fixture('broken-plist.plutil-stderr.txt') }).error).toBe(
      `„${MACHINE}“ ist keine lesbare Property-List und wird ignoriert (plutil, Code 1): ${fixture('broken-plist.plutil-stderr.txt').trim()}`,
    );
    expect(plistJsonDocument(MACHINE, { exitCode: 1, stdout: '', stderr: fixture('date-value.plutil-stderr.txt') }).error).toMatch(
      /invalid object in plist for destination format$/,
    );
  });

  it('truncated JSON is an error entry, not an exception', () => {
    const document = plistJsonDocument(MACHINE, ok('{"cameraGate":tr'));
    expect(document.data).toBeUndefined();
    expect(document.error).toMatch(/^Die Ausgabe von plutil für „.*“ ist kein gültiges JSON und wird ignoriert: /);
  });
});

describe('macOS managed preferences + loadPolicy', () => {
  it('runs /usr/bin/plutil -convert json -o - on the machine file, then the user’s', async () => {
    const mac = fakeMac({ [MACHINE]: ok('{}'), [USER]: ok('{}') });
    await loadPolicy(macPolicySources({ ...mac, user: 'lena' }));
    expect(mac.calls).toEqual([
      ['/usr/bin/plutil', '-convert', 'json', '-o', '-', MACHINE],
      ['/usr/bin/plutil', '-convert', 'json', '-o', '-', USER],
    ]);
  });

  it('the machine profile wins key by key; the user profile fills only what the machine left open', async () => {
    const mac = fakeMac({ [MACHINE]: ok(fixture('machine.plutil-stdout.json')), [USER]: ok(fixture('user-lena.plutil-stdout.json')) });
    const policy = await loadPolicy(macPolicySources({ ...mac, user: 'lena' }));
    expect(policy.report.problems).toEqual([]);
    expect(policy.values).toMatchObject({ cameraGate: true, updateMode: 'off', language: 'en', notifications: false });
    expect(policy.valueSources).toMatchObject({ cameraGate: MACHINE, updateMode: MACHINE, language: USER, notifications: USER });
    expect(policy.report.sources.map((source) => [source.kind, source.location])).toEqual([
      ['macos-managed', MACHINE],
      ['macos-managed', USER],
    ]);
  });

  it('missing files are no policy and no problem; plutil is not even started', async () => {
    const mac = fakeMac({});
    const policy = await loadPolicy(macPolicySources({ ...mac, user: 'lena' }));
    expect(policy.values).toEqual({});
    expect(policy.report.problems).toEqual([]);
    expect(mac.calls).toEqual([]);
  });

  it('wrong types and unknown keys are reported by key; the valid rest applies', async () => {
    const mac = fakeMac({ [MACHINE]: ok(fixture('wrong-types.plutil-stdout.json')) });
    const policy = await loadPolicy([macManagedPlistSource({}, mac)]);
    expect(policy.values).toEqual({ prefetch: 'all' });
    expect(policy.report.problems.map((problem) => [problem.key, problem.message])).toEqual([
      ['cameraGate', 'Ungültiger Wert für „cameraGate“: erwartet true oder false, erhalten: Zahl 1. Der Wert wird ignoriert.'],
      ['offlineStorageBudgetMb', 'Ungültiger Wert für „offlineStorageBudgetMb“: erwartet eine ganze Zahl von 50 bis 20000, erhalten: Text „2048“. Der Wert wird ignoriert.'],
      ['screenSharingRoles', expect.stringMatching(/^Ungültiger Wert für „screenSharingRoles“: erwartet eine Liste .*erhalten: Text „moderator“/)],
      ['camera_gate', 'Unbekannter Richtlinienschlüssel „camera_gate“ – wird ignoriert.'],
      ['portals', expect.stringMatching(/^Ungültiger Wert für „portals“: .*Fehler bei portals\[0\]/)],
    ]);
  });

  it('a broken plist on the machine is reported, and the user file still counts', async () => {
    const mac = fakeMac({
      [MACHINE]: { exitCode: 1, stdout: '', stderr: fixture('broken-plist.plutil-stderr.txt') },
      [USER]: ok(fixture('user-lena.plutil-stdout.json')),
    });
    const policy = await loadPolicy(macPolicySources({ ...mac, user: 'lena' }));
    expect(policy.report.problems).toHaveLength(1);
    expect(policy.report.problems[0]?.source).toBe(MACHINE);
    expect(policy.values.language).toBe('en');
  });

  it('a top-level array or plutil crashing are report entries too', async () => {
    const array = await loadPolicy([macManagedPlistSource({}, fakeMac({ [MACHINE]: ok('["cameraGate"]') }))]);
    expect(array.report.problems[0]?.message).toMatch(/muss ein JSON-Objekt .* sein, gefunden: Liste mit 1 Einträgen/);
    const crash = await loadPolicy([
      macManagedPlistSource({}, { exists: async () => true, run: async () => Promise.reject(new Error('spawn /usr/bin/plutil EACCES')) }),
    ]);
    expect(crash.report.problems[0]?.message).toMatch(/konnte nicht gelesen werden.*EACCES/);
  });

  it('a user name that could leave the folder is refused', async () => {
    const mac = fakeMac({});
    const policy = await loadPolicy([macManagedPlistSource({ user: '../..' }, mac)]);
    expect(policy.report.problems[0]?.message).toMatch(/Ungewöhnlicher Benutzername/);
    expect(mac.calls).toEqual([]);
  });
});

describe('policySourcesFor on macOS', () => {
  it('reads the machine plist, then the current user’s', () => {
    const sources = policySourcesFor({ shell: 'electron', packaged: true, env: {}, platform: 'darwin' });
    expect(sources[0]?.location).toBe(MACHINE);
    expect(sources[1]?.location).toMatch(/^\/Library\/Managed Preferences\/[^/]+\/de\.schuldesk\.app\.plist$/);
  });
});

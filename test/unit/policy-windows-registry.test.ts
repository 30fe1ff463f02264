import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { loadPolicy } from '../../main/policy/index';
import type { CommandResult, CommandRunner } from '../../main/policy/sources/command-runner';
import { trustedSystem32 } from '../../main/policy/sources/command-runner';
import { parseRegQueryOutput, registryDocuments, registryToPolicy, windowsRegistrySource } from '../../main/policy/sources/windows-registry';
import { policySourcesFor } from '../../main/policy-sources';

const fixture = (name: string) => readFileSync(fileURLToPath(new URL(`../fixtures/policy/windows/${name}`, import.meta.url)), 'utf8');
const example = JSON.parse(readFileSync(fileURLToPath(new URL('../../resources/policy/linux-example.json', import.meta.url)), 'utf8')) as Record<string, unknown>;

const HKLM = 'HKLM\\SOFTWARE\\Policies\\SchulDesk';
const HKCU = 'HKCU\\SOFTWARE\\Policies\\SchulDesk';
const ABSENT: CommandResult = { exitCode: 1, stdout: '', stderr: fixture('absent.en-US.stderr.txt') };

/** A fake reg.exe: answers per queried key, records what was asked. Stands in for the real Windows tool. */
function fakeRegExe(answers: Record<string, CommandResult>): CommandRunner & { calls: string[][] } {
  const calls: string[][] = [];
  const run = (async (file: string, args: readonly string[]) => {
    calls.push([file, ...args]);
    return answers[args[1] ?? ''] ?? ABSENT;
  }) as CommandRunner & { calls: string[][] };
  run.calls = calls;
  return run;
}

const ok = (stdout: string): CommandResult => ({ exitCode: 0, stdout, stderr: '' });

describe('parseRegQueryOutput (reg.exe query /s text)', () => {
  it('reads keys and values of English reg.exe output with CRLF, keeping names with spaces', () => {
    const text = fixture('hklm-gpo.en-US.txt');
    expect(text).toContain('\r\n');
    const keys = parseRegQueryOutput(text);
    expect(keys.map((key) => key.path)).toEqual([
      'HKEY_LOCAL_MACHINE\\SOFTWARE\\Policies\\SchulDesk',
      'HKEY_LOCAL_MACHINE\\SOFTWARE\\Policies\\SchulDesk\\extraBbbHosts',
      'HKEY_LOCAL_MACHINE\\SOFTWARE\\Policies\\SchulDesk\\portals',
      'HKEY_LOCAL_MACHINE\\SOFTWARE\\Policies\\SchulDesk\\screenSharingRoles',
      'HKEY_LOCAL_MACHINE\\SOFTWARE\\Policies\\SchulDesk\\trustedCaCertificates',
    ]);
    expect(keys[0]?.values).toContainEqual({ name: 'idleLogoutMinutes', type: 'REG_DWORD', data: '0x1e' });
    expect(keys[2]?.values[1]).toEqual({ name: 'Landesportal (Kursbereich)', type: 'REG_SZ', data: 'https://lernen.beispielland.de/moodle' });
  });

  it('reads German output: "(Standard)" default value with empty data, umlauts, localised summary line skipped', () => {
    const keys = parseRegQueryOutput(fixture('hkcu-student.de-DE.txt'));
    expect(keys).toHaveLength(2);
    expect(keys[0]?.values[0]).toEqual({ name: '(Standard)', type: 'REG_SZ', data: '' });
    expect(keys[1]?.values).toEqual([{ name: 'Mein Moodle (Müller)', type: 'REG_SZ', data: 'https://moodle.privat-müller.de' }]);
  });

  it('keeps REG_MULTI_SZ as printed and continues a multi-line REG_SZ until the blank line', () => {
    const keys = parseRegQueryOutput(
      '\r\nHKEY_LOCAL_MACHINE\\SOFTWARE\\Policies\\SchulDesk\r\n    a    REG_MULTI_SZ    x\\0y\r\n    pem    REG_SZ    line1\r\nline2\r\n\r\n',
    );
    expect(keys[0]?.values).toEqual([
      { name: 'a', type: 'REG_MULTI_SZ', data: 'x\\0y' },
      { name: 'pem', type: 'REG_SZ', data: 'line1\nline2' },
    ]);
  });

  it('returns nothing for empty or garbage text', () => {
    expect(parseRegQueryOutput('')).toEqual([]);
    expect(parseRegQueryOutput('\u0000\u0001 völlig kaputt\r\n    kein Wert')).toEqual([]);
  });
});

describe('registryToPolicy (registry layout → policy document)', () => {
  it('maps a GPO-written HKLM to exactly the values of the Linux example where they overlap', () => {
    const { data, problems } = registryToPolicy(parseRegQueryOutput(fixture('hklm-gpo.en-US.txt')), HKLM);
    expect(problems).toEqual([]);
    expect(data).toEqual({
      allowUserPortals: false,
      cameraGate: true,
      objectionForced: false,
      recorderDetection: 'leave',
      offlineStorageBudgetMb: 2048,
      sharedDevice: true,
      idleLogoutMinutes: 30,
      updateMode: 'notify',
      updateUrl: 'https://updates.beispielschule.de/schuldesk',
      extraBbbHosts: example.extraBbbHosts,
      portals: example.portals,
      screenSharingRoles: ['moderator', 'viewer'],
      // The one-line PEM from a GPO list field is rebuilt into the multi-line form.
      trustedCaCertificates: example.trustedCaCertificates,
    });
  });

  it('reads the script layout: numbered portal subkeys in number order, REG_MULTI_SZ, case-insensitive names', () => {
    const { data, problems } = registryToPolicy(parseRegQueryOutput(fixture('hklm-script.en-US.txt')), HKLM);
    expect(problems).toEqual([]);
    expect(data).toEqual({
      language: 'de',
      extraBbbHosts: ['https://bbb1.beispielschule.de', 'https://bbb2.beispielschule.de'],
      screenSharingRoles: [],
      updateChannel: 'beta',
      maxDownloadMb: 200,
      deadlineNotifications: true,
      portals: [
        { name: 'Moodle unserer Schule', url: 'https://moodle.beispielschule.de' },
        { name: 'Landesportal (Kursbereich)', url: 'https://lernen.beispielland.de/moodle' },
        { name: 'Zehntes Portal', url: 'https://zehn.beispielschule.de' },
      ],
    });
  });

  it('empty REG_SZ for a nullable setting means null; JSON text is accepted for lists', () => {
    const keys = parseRegQueryOutput(
      `${'\r\nHKEY_LOCAL_MACHINE\\SOFTWARE\\Policies\\SchulDesk\r\n'}    updateUrl    REG_SZ    \r\n    portals    REG_SZ    [{"name":"A","url":"https://a.example"}]\r\n`,
    );
    expect(registryToPolicy(keys, HKLM).data).toEqual({ updateUrl: null, portals: [{ name: 'A', url: 'https://a.example' }] });
  });
});

describe('windowsRegistrySource + loadPolicy', () => {
  it('queries HKLM and HKCU with /s /reg:64 through reg.exe in System32 (never via PATH)', async () => {
    const run = fakeRegExe({});
    await loadPolicy([windowsRegistrySource('HKLM', { run }), windowsRegistrySource('HKCU', { run })]);
    expect(run.calls).toEqual([
      ['C:\\Windows\\System32\\reg.exe', 'query', HKLM, '/s', '/reg:64'],
      ['C:\\Windows\\System32\\reg.exe', 'query', HKCU, '/s', '/reg:64'],
    ]);
  });

  it('HKLM wins key by key: a student’s HKCU value never overrides IT; keys IT left open come from HKCU', async () => {
    const run = fakeRegExe({ [HKLM]: ok(fixture('hklm-gpo.en-US.txt')), [HKCU]: ok(fixture('hkcu-student.de-DE.txt')) });
    const policy = await loadPolicy([windowsRegistrySource('HKLM', { run }), windowsRegistrySource('HKCU', { run })]);
    expect(policy.report.problems).toEqual([]);
    expect(policy.values).toMatchObject({ cameraGate: true, allowUserPortals: false, updateMode: 'notify', portals: example.portals });
    expect(policy.valueSources.cameraGate).toBe(HKLM);
    expect(policy.valueSources.portals).toBe(HKLM);
    // Not set by IT: the user hive may fill in.
    expect(policy.values.language).toBe('en');
    expect(policy.values.notifications).toBe(false);
    expect(policy.valueSources.language).toBe(HKCU);
    expect(policy.report.sources.map((source) => [source.kind, source.location])).toEqual([
      ['windows-registry', HKLM],
      ['windows-registry', HKCU],
    ]);
    expect(policy.report.sources[1]?.keys).toEqual(['language', 'portals', 'allowUserPortals', 'cameraGate', 'updateMode', 'notifications']);
  });

  it('the order is what protects IT: listed the other way round, HKCU would win (the check is not vacuous)', async () => {
    const run = fakeRegExe({ [HKLM]: ok(fixture('hklm-gpo.en-US.txt')), [HKCU]: ok(fixture('hkcu-student.de-DE.txt')) });
    const policy = await loadPolicy([windowsRegistrySource('HKCU', { run }), windowsRegistrySource('HKLM', { run })]);
    expect(policy.values.cameraGate).toBe(false);
  });

  it('an absent key (exit code 1, English or German message) is no policy and no problem', async () => {
    for (const stderr of [fixture('absent.en-US.stderr.txt'), fixture('absent.de-DE.stderr.txt'), '']) {
      expect(registryDocuments(HKLM, { exitCode: 1, stdout: '', stderr })).toEqual([]);
    }
    const policy = await loadPolicy([windowsRegistrySource('HKLM', { run: fakeRegExe({}) })]);
    expect(policy).toEqual({ values: {}, valueSources: {}, report: { sources: [{ kind: 'windows-registry', location: HKLM, keys: [] }], problems: [] } });
  });

  it('access denied or another exit code is reported with reg.exe’s message, not silently ignored', async () => {
    const run = fakeRegExe({ [HKLM]: { exitCode: 1, stdout: '', stderr: fixture('access-denied.en-US.stderr.txt') } });
    const policy = await loadPolicy([windowsRegistrySource('HKLM', { run })]);
    expect(policy.report.problems).toEqual([
      { source: HKLM, message: `Die Registrierung unter „${HKLM}“ konnte nicht gelesen werden (reg.exe, Code 1): ERROR: Access is denied.` },
    ]);
    expect(registryDocuments(HKLM, { exitCode: 5, stdout: '', stderr: '' })[0]?.error).toMatch(/Code 5/);
  });

  it('reg.exe missing or timing out becomes a report entry, never a crash', async () => {
    const run: CommandRunner = async () => {
      throw Object.assign(new Error('spawn reg.exe ENOENT'), { code: 'ENOENT' });
    };
    const policy = await loadPolicy([windowsRegistrySource('HKLM', { run }), windowsRegistrySource('HKCU', { run: fakeRegExe({ [HKCU]: ok(fixture('hkcu-student.de-DE.txt')) }) })]);
    expect(policy.report.problems).toHaveLength(1);
    expect(policy.report.problems[0]?.source).toBe(HKLM);
    expect(policy.report.problems[0]?.message).toMatch(/konnte nicht gelesen werden.*ENOENT/);
    expect(policy.values.cameraGate).toBe(false); // the other hive still counts
  });

  it('malformed values: each is reported by key and ignored, the valid rest applies', async () => {
    const run = fakeRegExe({ [HKLM]: ok(fixture('hklm-malformed.en-US.txt')) });
    const policy = await loadPolicy([windowsRegistrySource('HKLM', { run })]);
    expect(policy.values).toEqual({ recorderDetection: 'leave' });
    const problems = policy.report.problems.map((problem) => `${problem.key ?? '-'} | ${problem.source} | ${problem.message}`);
    const root = 'HKEY_LOCAL_MACHINE\\SOFTWARE\\Policies\\SchulDesk';
    expect(problems).toEqual([
      `cameraGate | ${HKLM} | Ungültiger Wert für „cameraGate“: erwartet true oder false, erhalten: Text „yes“. Der Wert wird ignoriert.`,
      `sharedDevice | ${HKLM} | Ungültiger Wert für „sharedDevice“: erwartet true oder false, erhalten: Zahl 2. Der Wert wird ignoriert.`,
      `idleLogoutMinutes | ${HKLM} | Ungültiger Wert für „idleLogoutMinutes“: erwartet eine ganze Zahl von 0 bis 480, erhalten: Zahl 1000. Der Wert wird ignoriert.`,
      `CameraGates | ${HKLM} | Unbekannter Richtlinienschlüssel „CameraGates“ – wird ignoriert.`,
      expect.stringMatching(/^extraBbbHosts \| .*erwartet eine Liste.*erhalten: Text/),
      `- | ${root}\\objectionForced | Der Registrierungswert „objectionForced“ hat den Typ REG_BINARY, den SchulDesk nicht liest (erwartet REG_DWORD, REG_SZ oder REG_MULTI_SZ). Er wird ignoriert.`,
      expect.stringMatching(/^- \| .*\\portals \| Der Wert „portals“ sieht aus wie eine JSON-Liste, ist aber kein gültiges JSON/),
      `- | ${root}\\cameraGate | „cameraGate“ ist ein einzelner Wert und gehört direkt unter ${HKLM}, nicht in einen Unterschlüssel. Der Unterschlüssel wird ignoriert.`,
      `- | ${root}\\Kiosk | Unbekannter Unterschlüssel „Kiosk“ – wird ignoriert.`,
    ]);
  });
});

describe('policySourcesFor on Windows', () => {
  it('reads HKLM before HKCU in an installed app', () => {
    const sources = policySourcesFor({ shell: 'electron', packaged: true, env: {}, platform: 'win32' });
    expect(sources.map((source) => source.location)).toEqual([HKLM, HKCU]);
  });

  it('finds System32 from SystemRoot only when it looks like a Windows folder', () => {
    expect(trustedSystem32({ SystemRoot: 'D:\\WINDOWS' })).toBe('D:\\WINDOWS\\System32');
    expect(trustedSystem32({ SystemRoot: 'C:\\Users\\lena\\fake' })).toBe('C:\\Windows\\System32');
    expect(trustedSystem32({})).toBe('C:\\Windows\\System32');
  });
});

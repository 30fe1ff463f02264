/**
 * The policy parsers on REAL tool output, captured in hosted CI (.github/workflows/ci.yml, job
 * `test`, steps "Write a machine policy …" / "Capture real reg.exe output" / "Capture real plutil
 * output"): the job writes the policy below into HKLM (Windows) or a binary plist (macOS), captures
 * what reg.exe / plutil print exactly as SchulDesk asks, and this test parses it. The hand-written
 * fixtures in test/fixtures/policy/ stand in for this output everywhere else (see its README).
 *
 * Runs only when SCHULDESK_CAPTURED_POLICY_DIR names the capture folder; skipped otherwise (our
 * build machines have neither tool). With the variable set, a missing capture fails the test.
 * On the capturing machine it also reads the policy through the real sources (live reg.exe/plutil).
 */
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { loadPolicy } from '../../main/policy/index';
import type { PolicySource, RawPolicyDocument } from '../../main/policy/index';
import { macManagedPlistPath, macManagedPlistSource, plistJsonDocument } from '../../main/policy/sources/macos-plist';
import { registryDocuments, windowsRegistrySource } from '../../main/policy/sources/windows-registry';

const dir = process.env.SCHULDESK_CAPTURED_POLICY_DIR;

/** Exactly what the CI job writes (registry values / plist keys). */
const WRITTEN = {
  cameraGate: true,
  allowUserPortals: false,
  idleLogoutMinutes: 30,
  updateMode: 'notify',
  extraBbbHosts: ['https://bbb1.beispielschule.de', 'https://bbb2.beispielschule.de'],
  portals: [{ name: 'Moodle der Gesamtschule Münster', url: 'https://moodle.beispielschule.de' }],
  screenSharingRoles: ['moderator', 'viewer'],
};

const HKLM = 'HKLM\\SOFTWARE\\Policies\\SchulDesk';
const HKCU = 'HKCU\\SOFTWARE\\Policies\\SchulDesk';

function captured(name: string): string {
  return readFileSync(join(dir ?? '', name), 'utf8');
}

type Result = { exitCode: number; stdout: string; stderr: string };

/** reg.exe: <name>.exitcode, <name>.stdout.txt, <name>.stderr.txt (the Windows capture step). */
function regResult(name: string): Result {
  return { exitCode: Number(captured(`${name}.exitcode`).trim()), stdout: captured(`${name}.stdout.txt`), stderr: captured(`${name}.stderr.txt`) };
}

/** plutil: <name>.exitcode, <name>.plutil-stdout.txt, <name>.plutil-stderr.txt (the macOS capture step). */
function plutilResult(name: string): Result {
  return { exitCode: Number(captured(`${name}.exitcode`).trim()), stdout: captured(`${name}.plutil-stdout.txt`), stderr: captured(`${name}.plutil-stderr.txt`) };
}

async function policyOf(documents: RawPolicyDocument[]) {
  const source: PolicySource = { kind: 'captured', location: 'captured', read: async () => documents };
  return loadPolicy([source]);
}

const windows = dir !== undefined && existsSync(join(dir, 'hklm.stdout.txt'));
const macos = dir !== undefined && existsSync(join(dir, 'machine.plutil-stdout.json'));

describe.skipIf(dir === undefined)('captured reg.exe / plutil output (hosted CI)', () => {
  it('found a capture in SCHULDESK_CAPTURED_POLICY_DIR', () => {
    expect(windows || macos).toBe(true);
  });

  describe.skipIf(!windows)('Windows: reg.exe query … /s /reg:64 under chcp 65001', () => {
    it('HKLM: every value the job wrote, with the umlaut intact, no problems', async () => {
      const hklm = regResult('hklm');
      expect(hklm.exitCode).toBe(0);
      expect(hklm.stdout).toContain('\r\n');
      const policy = await policyOf(registryDocuments(HKLM, hklm));
      expect(policy.report.problems).toEqual([]);
      expect(policy.values).toEqual(WRITTEN);
    });

    it('HKCU without a policy key: exit code 1 with reg.exe’s own text counts as "no policy", not a problem', async () => {
      const hkcu = regResult('hkcu');
      expect(hkcu.exitCode).toBe(1);
      const documents = registryDocuments(HKCU, hkcu);
      expect(documents).toEqual([]);
    });

    it.skipIf(process.platform !== 'win32')('live: the real source (cmd.exe, chcp, reg.exe) reads the same', async () => {
      const policy = await loadPolicy([windowsRegistrySource('HKLM'), windowsRegistrySource('HKCU')]);
      expect(policy.report.problems).toEqual([]);
      expect(policy.values).toEqual(WRITTEN);
    });
  });

  describe.skipIf(!macos)('macOS: plutil -convert json -o - <binary plist>', () => {
    it('the machine plist: every key the job wrote, no problems', async () => {
      const location = macManagedPlistPath();
      const policy = await policyOf([plistJsonDocument(location, { exitCode: 0, stdout: captured('machine.plutil-stdout.json'), stderr: '' })]);
      expect(policy.report.problems).toEqual([]);
      expect(policy.values).toEqual(WRITTEN);
    });

    it('a <date> value and a file that is no plist: reported with plutil’s own first line, nothing applied', async () => {
      for (const name of ['date', 'broken']) {
        const run = plutilResult(name);
        expect(run.exitCode).not.toBe(0);
        const document = plistJsonDocument(macManagedPlistPath(), run);
        expect(document.data).toBeUndefined();
        const firstLine = run.stderr.split('\n').find((line) => line.trim() !== '')?.trim() ?? '';
        expect(firstLine.length).toBeGreaterThan(0);
        expect(document.error).toContain(firstLine);
      }
    });

    it.skipIf(process.platform !== 'darwin')('live: the real source reads /Library/Managed Preferences/de.schuldesk.app.plist', async () => {
      const policy = await loadPolicy([macManagedPlistSource({})]);
      expect(policy.report.problems).toEqual([]);
      expect(policy.values).toEqual(WRITTEN);
    });
  });
});

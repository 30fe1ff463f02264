/**
 * The hosted-CI workflow (.github/workflows/ci.yml) read as data: the "the hosted-CI workflow
 * builds all installers" can only run there, so this checks offline that the workflow still says so —
 * the full suite on Ubuntu, Windows and macOS; one packaging job per OS that builds, with the targets
 * electron-builder.yml names, MSI, NSIS, DMG, zip, PKG, AppImage and deb, checks the deb's policy
 * folder and uploads every installer; and the capture of real reg.exe/plutil output for the parsers.
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import yaml from 'js-yaml';
import { describe, expect, it } from 'vitest';

const ROOT = fileURLToPath(new URL('../../', import.meta.url));

interface Step {
  name?: string;
  if?: string;
  uses?: string;
  run?: string;
  shell?: string;
  env?: Record<string, string>;
  with?: Record<string, unknown>;
}
interface Job {
  needs?: string | string[];
  'runs-on': string;
  strategy?: { matrix: { os?: string[]; include?: { os: string }[] } };
  steps: Step[];
}
interface Workflow {
  on: Record<string, unknown>;
  jobs: Record<string, Job>;
}

const workflow = yaml.load(readFileSync(join(ROOT, '.github/workflows/ci.yml'), 'utf8')) as Workflow;
const builder = yaml.load(readFileSync(join(ROOT, 'electron-builder.yml'), 'utf8')) as Record<string, { target: (string | { target: string })[] }>;

const OSES = ['ubuntu-latest', 'windows-latest', 'macos-latest'];
const RUNNER_OS: Record<string, string> = { 'ubuntu-latest': 'Linux', 'windows-latest': 'Windows', 'macos-latest': 'macOS' };

function job(name: string): Job {
  const found = workflow.jobs[name];
  if (!found) throw new Error(`no job ${name}`);
  return found;
}

/** Does a step's `if` let it run on this runner OS (no condition = every OS)? */
function runsOn(step: Step, runnerOs: string): boolean {
  const condition = step.if;
  if (condition === undefined) return true;
  const equal = [...condition.matchAll(/runner\.os == '(\w+)'/g)].map((m) => m[1]);
  const notEqual = [...condition.matchAll(/runner\.os != '(\w+)'/g)].map((m) => m[1]);
  return (equal.length === 0 || equal.includes(runnerOs)) && !notEqual.includes(runnerOs);
}

function stepsOn(j: Job, runnerOs: string): Step[] {
  return j.steps.filter((step) => runsOn(step, runnerOs));
}

function targetsOf(platform: 'win' | 'mac' | 'linux'): string[] {
  return (builder[platform]?.target ?? []).map((t) => (typeof t === 'string' ? t : t.target));
}

/** What each installer is called in dist/. */
const FILE_OF: Record<string, string> = { msi: 'dist/*.msi', nsis: 'dist/*.exe', dmg: 'dist/*.dmg', zip: 'dist/*.zip', pkg: 'dist/*.pkg', AppImage: 'dist/*.AppImage', deb: 'dist/*.deb' };

describe('.github/workflows/ci.yml', () => {
  it('runs on pushes to main, tags, pull requests', () => {
    expect(Object.keys(workflow.on)).toEqual(expect.arrayContaining(['push', 'pull_request']));
  });

  it('tests: the whole suite (npm test) on Ubuntu, Windows and macOS, with the Electron binary fetched', () => {
    const test = job('test');
    expect(test['runs-on']).toBe('${{ matrix.os }}');
    expect([...(test.strategy?.matrix.os ?? [])].sort()).toEqual([...OSES].sort());
    for (const os of OSES) {
      const steps = stepsOn(test, RUNNER_OS[os] ?? '');
      expect(steps.some((step) => /\bnpm ci\b/.test(step.run ?? '')), os).toBe(true);
      expect(steps.some((step) => /install-electron/.test(step.run ?? '')), os).toBe(true);
      expect(steps.filter((step) => /\bnpm test\b/.test(step.run ?? '')), os).toHaveLength(1);
    }
  });

  it('packaging: after the tests, one job per OS builds what electron-builder.yml targets — msi, nsis, dmg, zip, pkg, AppImage, deb', () => {
    const pkg = job('package');
    expect([pkg.needs].flat()).toContain('test');
    expect(pkg['runs-on']).toBe('${{ matrix.os }}');
    expect((pkg.strategy?.matrix.include ?? []).map((entry) => entry.os).sort()).toEqual([...OSES].sort());
    for (const os of OSES) {
      const builds = stepsOn(pkg, RUNNER_OS[os] ?? '').filter((step) => /npm run package/.test(step.run ?? ''));
      expect(builds, os).toHaveLength(1);
      expect(builds[0]?.run).toContain('--publish never');
    }
    expect(targetsOf('win').sort()).toEqual(['msi', 'nsis']);
    expect(targetsOf('mac').sort()).toEqual(['dmg', 'pkg', 'zip']);
    expect(targetsOf('linux').sort()).toEqual(['AppImage', 'deb']);
  });

  it('uploads every installer on every OS, and fails when one is missing', () => {
    const pkg = job('package');
    for (const os of OSES) {
      const uploads = stepsOn(pkg, RUNNER_OS[os] ?? '').filter((step) => step.uses?.startsWith('actions/upload-artifact@'));
      expect(uploads, os).toHaveLength(1);
      const paths = String(uploads[0]?.with?.path ?? '').split('\n').map((line) => line.trim()).filter(Boolean);
      for (const target of [...targetsOf('win'), ...targetsOf('mac'), ...targetsOf('linux')]) expect(paths, target).toContain(FILE_OF[target]);
      expect(uploads[0]?.with?.['if-no-files-found']).toBe('error');
    }
  });

  it('on Linux checks with dpkg -c that the deb ships /etc/schuldesk/policies/managed, between build and upload', () => {
    const steps = stepsOn(job('package'), 'Linux');
    const check = steps.findIndex((step) => /dpkg -c/.test(step.run ?? ''));
    expect(check).toBeGreaterThan(-1);
    expect(steps[check]?.if).toBe("runner.os == 'Linux'");
    expect(steps[check]?.run).toMatch(/dist\/\*\.deb/);
    expect(steps[check]?.run).toContain('etc/schuldesk/policies/managed');
    expect(steps[check]?.run).toMatch(/grep/);
    expect(check).toBeGreaterThan(steps.findIndex((step) => /npm run package/.test(step.run ?? '')));
    expect(check).toBeLessThan(steps.findIndex((step) => step.uses?.startsWith('actions/upload-artifact@')));
  });

  it('on Windows and macOS captures real reg.exe / plutil output and runs the parser test on it', () => {
    const test = job('test');
    const windows = stepsOn(test, 'Windows');
    const macos = stepsOn(test, 'macOS');
    const linux = stepsOn(test, 'Linux');
    const write = windows.find((step) => /HKLM:\\SOFTWARE\\Policies\\SchulDesk/.test(step.run ?? ''));
    expect(write?.shell).toBe('pwsh');
    const regCapture = windows.find((step) => /reg\.exe query HKLM\\SOFTWARE\\Policies\\SchulDesk \/s \/reg:64/.test(step.run ?? ''));
    expect(regCapture?.run).toContain('chcp.com 65001');
    expect(regCapture?.run).toContain('policy-capture');
    const plutilCapture = macos.find((step) => /plutil -convert json -o -/.test(step.run ?? ''));
    expect(plutilCapture?.run).toContain('policy-capture');
    expect(plutilCapture?.run).toContain('-convert binary1');
    for (const steps of [windows, macos]) {
      const parse = steps.find((step) => /test\/unit\/policy-captured-output\.test\.ts/.test(step.run ?? ''));
      expect(parse?.env?.SCHULDESK_CAPTURED_POLICY_DIR).toContain('policy-capture');
    }
    expect(linux.some((step) => /policy-captured-output/.test(step.run ?? ''))).toBe(false);
  });
});

import { mkdir, mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { filePolicySource, linuxPolicySource, loadPolicy } from '../../main/policy/index';

let root: string;

beforeEach(async () => {
  root = await mkdtemp(join(tmpdir(), 'schuldesk-policy-'));
});

afterEach(async () => {
  await rm(root, { recursive: true, force: true });
});

async function writeJson(path: string, data: unknown): Promise<void> {
  await writeFile(path, JSON.stringify(data), 'utf8');
}

describe('linuxPolicySource on a real directory', () => {
  it('defaults to /etc/schuldesk/policies/managed', () => {
    expect(linuxPolicySource().location).toBe('/etc/schuldesk/policies/managed');
    expect(linuxPolicySource().kind).toBe('linux-managed');
  });

  it('a missing directory means no policy and no problem', async () => {
    const policy = await loadPolicy([linuxPolicySource({ directory: join(root, 'does-not-exist') })]);
    expect(policy.values).toEqual({});
    expect(policy.report.problems).toEqual([]);
    expect(policy.report.sources).toEqual([{ kind: 'linux-managed', location: join(root, 'does-not-exist'), keys: [] }]);
  });

  it('an empty directory means no policy and no problem', async () => {
    const policy = await loadPolicy([linuxPolicySource({ directory: root })]);
    expect(policy).toEqual({ values: {}, valueSources: {}, report: { sources: [{ kind: 'linux-managed', location: root, keys: [] }], problems: [] } });
  });

  it('reads *.json in code-point order; a later file wins per key; other files are ignored', async () => {
    await writeJson(join(root, '10-schule.json'), { language: 'de', idleLogoutMinutes: 10, sharedDevice: true });
    await writeJson(join(root, '9-zuletzt.json'), { idleLogoutMinutes: 90 });
    await writeJson(join(root, '50-raum.json'), { idleLogoutMinutes: 50, language: 'en' });
    await writeFile(join(root, 'README.txt'), 'not a policy', 'utf8');
    await writeFile(join(root, '99-backup.json.bak'), '{"idleLogoutMinutes": 1}', 'utf8');
    const policy = await loadPolicy([linuxPolicySource({ directory: root })]);
    // "9-…" sorts after "50-…" (code points, like Chromium), so it is the last file read.
    expect(policy.values).toEqual({ language: 'en', idleLogoutMinutes: 90, sharedDevice: true });
    expect(policy.valueSources).toEqual({
      language: join(root, '50-raum.json'),
      idleLogoutMinutes: join(root, '9-zuletzt.json'),
      sharedDevice: join(root, '10-schule.json'),
    });
    expect(policy.report.problems).toEqual([]);
  });

  it('broken JSON is reported with the file name and the other files still apply', async () => {
    await writeJson(join(root, '10-gut.json'), { prefetch: 'off' });
    await writeFile(join(root, '20-kaputt.json'), '{ "prefetch": "all", }', 'utf8');
    const policy = await loadPolicy([linuxPolicySource({ directory: root })]);
    expect(policy.values).toEqual({ prefetch: 'off' });
    expect(policy.report.problems).toHaveLength(1);
    expect(policy.report.problems[0]?.source).toBe(join(root, '20-kaputt.json'));
    expect(policy.report.problems[0]?.message).toContain('„20-kaputt.json“ ist kein gültiges JSON');
  });

  it('a directory named like a policy file is reported, not a crash', async () => {
    await mkdir(join(root, '30-ordner.json'));
    await writeJson(join(root, '40-gut.json'), { notifications: false });
    const policy = await loadPolicy([linuxPolicySource({ directory: root })]);
    expect(policy.values).toEqual({ notifications: false });
    expect(policy.report.problems).toEqual([
      { source: join(root, '30-ordner.json'), message: '„30-ordner.json“ konnte nicht gelesen werden (EISDIR).' },
    ]);
  });

  it('a policy path that is a file, not a directory, is reported', async () => {
    const file = join(root, 'managed');
    await writeFile(file, '{}', 'utf8');
    const policy = await loadPolicy([linuxPolicySource({ directory: file })]);
    expect(policy.report.problems).toEqual([{ source: file, message: '„managed“ konnte nicht gelesen werden (ENOTDIR).' }]);
  });

  it('a file written with a byte-order mark by a Windows editor is read', async () => {
    await writeFile(join(root, 'bom.json'), '\uFEFF{"updateMode": "off"}', 'utf8');
    expect((await loadPolicy([linuxPolicySource({ directory: root })])).values).toEqual({ updateMode: 'off' });
  });
});

describe('filePolicySource on a real file', () => {
  it('reads one file', async () => {
    const path = join(root, 'dev-policy.json');
    await writeJson(path, { portals: [{ name: 'Test-Moodle', url: 'http://127.0.0.1:8123' }] });
    const policy = await loadPolicy([filePolicySource(path)]);
    expect(policy.values).toEqual({ portals: [{ name: 'Test-Moodle', url: 'http://127.0.0.1:8123' }] });
    expect(policy.valueSources).toEqual({ portals: path });
    expect(policy.report.sources).toEqual([{ kind: 'file', location: path, keys: ['portals'] }]);
  });

  it('a missing file is a reported problem (someone named it on purpose)', async () => {
    const path = join(root, 'fehlt.json');
    const policy = await loadPolicy([filePolicySource(path)]);
    expect(policy.values).toEqual({});
    expect(policy.report.problems).toEqual([{ source: path, message: `Die Richtliniendatei „${path}“ wurde nicht gefunden.` }]);
  });
});

describe('machine directory and development file together', () => {
  it('the machine directory (first) wins over the development file (second) key by key', async () => {
    const machineDir = join(root, 'managed');
    await mkdir(machineDir);
    await writeJson(join(machineDir, 'schule.json'), { cameraGate: true, objectionForced: true });
    const devFile = join(root, 'dev.json');
    await writeJson(devFile, { cameraGate: false, objectionForced: false, language: 'en', unbekannt: true });
    const policy = await loadPolicy([linuxPolicySource({ directory: machineDir }), filePolicySource(devFile)]);
    expect(policy.values).toEqual({ cameraGate: true, objectionForced: true, language: 'en' });
    expect(policy.valueSources).toEqual({ cameraGate: join(machineDir, 'schule.json'), objectionForced: join(machineDir, 'schule.json'), language: devFile });
    expect(policy.report.problems).toEqual([
      { source: devFile, key: 'unbekannt', message: 'Unbekannter Richtlinienschlüssel „unbekannt“ – wird ignoriert.' },
    ]);
  });
});

import { describe, expect, it } from 'vitest';
import { loadPolicy, parsePolicyJson } from '../../main/policy/index';
import type { PolicySource, RawPolicyDocument } from '../../main/policy/index';

/** A policy source over fixed documents: the shape the registry and plist readers will produce. */
function source(location: string, documents: RawPolicyDocument[], kind = 'test'): PolicySource {
  return { kind, location, read: async () => documents };
}

function doc(location: string, data: unknown): RawPolicyDocument {
  return { location, data };
}

describe('loadPolicy: precedence', () => {
  it('no sources: no values, no problems', async () => {
    expect(await loadPolicy([])).toEqual({ values: {}, valueSources: {}, report: { sources: [], problems: [] } });
  });

  it('across sources the earlier one wins: machine (HKLM) beats user (HKCU) — the Mattermost trap', async () => {
    const hklm = source('HKLM\\SOFTWARE\\Policies\\SchulDesk', [doc('HKLM\\SOFTWARE\\Policies\\SchulDesk', { cameraGate: true, updateMode: 'off' })], 'registry-machine');
    const hkcu = source('HKCU\\SOFTWARE\\Policies\\SchulDesk', [doc('HKCU\\SOFTWARE\\Policies\\SchulDesk', { cameraGate: false, updateMode: 'auto', language: 'en' })], 'registry-user');
    const policy = await loadPolicy([hklm, hkcu]);
    expect(policy.values).toEqual({ cameraGate: true, updateMode: 'off', language: 'en' });
    expect(policy.valueSources).toEqual({
      cameraGate: 'HKLM\\SOFTWARE\\Policies\\SchulDesk',
      updateMode: 'HKLM\\SOFTWARE\\Policies\\SchulDesk',
      language: 'HKCU\\SOFTWARE\\Policies\\SchulDesk',
    });
    // Reversing the order reverses the winner: the order of the list is the whole rule.
    expect((await loadPolicy([hkcu, hklm])).values).toMatchObject({ cameraGate: false, updateMode: 'auto' });
  });

  it('within one source the later document wins per key (Chromium folder convention)', async () => {
    const folder = source('/etc/schuldesk/policies/managed', [
      doc('/p/10-school.json', { language: 'de', idleLogoutMinutes: 10, sharedDevice: true }),
      doc('/p/50-room.json', { idleLogoutMinutes: 20 }),
      doc('/p/90-local.json', { idleLogoutMinutes: 30, language: 'en' }),
    ]);
    const policy = await loadPolicy([folder]);
    expect(policy.values).toEqual({ language: 'en', idleLogoutMinutes: 30, sharedDevice: true });
    expect(policy.valueSources).toEqual({ language: '/p/90-local.json', idleLogoutMinutes: '/p/90-local.json', sharedDevice: '/p/10-school.json' });
    expect(policy.report.problems).toEqual([]);
  });

  it('a later file inside an earlier source still beats every file of a later source', async () => {
    const machine = source('/etc/m', [doc('/etc/m/a.json', { prefetch: 'off' }), doc('/etc/m/b.json', { prefetch: 'all' })]);
    const dev = source('/tmp/dev.json', [doc('/tmp/dev.json', { prefetch: 'assignments', notifications: false })]);
    const policy = await loadPolicy([machine, dev]);
    expect(policy.values).toEqual({ prefetch: 'all', notifications: false });
    expect(policy.valueSources).toEqual({ prefetch: '/etc/m/b.json', notifications: '/tmp/dev.json' });
  });

  it('the report lists every source with the keys it set validly, in schema order, even when overridden', async () => {
    const machine = source('/etc/m', [doc('/etc/m/a.json', { updateMode: 'off', language: 'de' })], 'linux-managed');
    const dev = source('/tmp/dev.json', [doc('/tmp/dev.json', { updateMode: 'auto', bogus: 1, cameraGate: 'no' })], 'file');
    const empty = source('/nowhere', [], 'linux-managed');
    const policy = await loadPolicy([machine, dev, empty]);
    expect(policy.report.sources).toEqual([
      { kind: 'linux-managed', location: '/etc/m', keys: ['language', 'updateMode'] },
      { kind: 'file', location: '/tmp/dev.json', keys: ['updateMode'] },
      { kind: 'linux-managed', location: '/nowhere', keys: [] },
    ]);
  });
});

describe('loadPolicy: problems are reported, the rest applies', () => {
  it('unknown key → "Unbekannter Richtlinienschlüssel", other keys of the document still apply', async () => {
    const policy = await loadPolicy([source('/p', [doc('/p/a.json', { cameraGaet: false, language: 'en' })])]);
    expect(policy.values).toEqual({ language: 'en' });
    expect(policy.report.problems).toEqual([
      { source: '/p/a.json', key: 'cameraGaet', message: 'Unbekannter Richtlinienschlüssel „cameraGaet“ – wird ignoriert.' },
    ]);
  });

  it('a key in the wrong case gets a hint (registry users are used to case-insensitive names)', async () => {
    const policy = await loadPolicy([source('/p', [doc('/p/a.json', { CameraGate: false })])]);
    expect(policy.values).toEqual({});
    expect(policy.report.problems[0]?.message).toContain('Meinten Sie „cameraGate“?');
  });

  it('wrong type → problem naming the key and the expected type; the rest of the document applies', async () => {
    const policy = await loadPolicy([source('/p', [doc('/p/a.json', { offlineStorageBudgetMb: '2048', sharedDevice: true, recorderDetection: 'kill' })])]);
    expect(policy.values).toEqual({ sharedDevice: true });
    expect(policy.report.problems).toEqual([
      {
        source: '/p/a.json',
        key: 'offlineStorageBudgetMb',
        message: 'Ungültiger Wert für „offlineStorageBudgetMb“: erwartet eine ganze Zahl von 50 bis 20000, erhalten: Text „2048“. Der Wert wird ignoriert.',
      },
      {
        source: '/p/a.json',
        key: 'recorderDetection',
        message: 'Ungültiger Wert für „recorderDetection“: erwartet einen der Werte „off“, „warn“, „leave“, erhalten: Text „kill“. Der Wert wird ignoriert.',
      },
    ]);
  });

  it('an invalid value is ignored as if absent: an earlier file’s valid value for the key survives', async () => {
    const policy = await loadPolicy([source('/p', [doc('/p/10.json', { idleLogoutMinutes: 15 }), doc('/p/20.json', { idleLogoutMinutes: 9999 })])]);
    expect(policy.values).toEqual({ idleLogoutMinutes: 15 });
    expect(policy.valueSources).toEqual({ idleLogoutMinutes: '/p/10.json' });
    expect(policy.report.problems).toHaveLength(1);
    expect(policy.report.problems[0]).toMatchObject({ source: '/p/20.json', key: 'idleLogoutMinutes' });
  });

  it('an invalid value in a more authoritative source lets the next source’s valid value apply, and says so', async () => {
    const policy = await loadPolicy([
      source('/machine', [doc('/machine/a.json', { updateUrl: 'http://updates.schule.de' })]),
      source('/user', [doc('/user/a.json', { updateUrl: 'https://updates.schule.de' })]),
    ]);
    expect(policy.values).toEqual({ updateUrl: 'https://updates.schule.de' });
    expect(policy.report.problems).toEqual([expect.objectContaining({ source: '/machine/a.json', key: 'updateUrl' })]);
  });

  it('null is a value, valid only where the schema allows it', async () => {
    const policy = await loadPolicy([source('/p', [doc('/p/a.json', { updateUrl: null, language: null })])]);
    expect(policy.values).toEqual({ updateUrl: null });
    expect(policy.report.problems.map((problem) => problem.key)).toEqual(['language']);
  });

  it.each([
    ['a list', [{ language: 'en' }], 'Liste mit 1 Einträgen'],
    ['null', null, 'null'],
    ['a string', 'language=en', 'Text'],
    ['a number', 42, 'Zahl 42'],
  ])('a document that is %s → problem, nothing applied', async (_label, data, shape) => {
    const policy = await loadPolicy([source('/p', [doc('/p/a.json', data), doc('/p/b.json', { notifications: false })])]);
    expect(policy.values).toEqual({ notifications: false });
    expect(policy.report.problems).toHaveLength(1);
    expect(policy.report.problems[0]?.source).toBe('/p/a.json');
    expect(policy.report.problems[0]?.message).toContain('JSON-Objekt');
    expect(policy.report.problems[0]?.message).toContain(shape);
  });

  it('a document that could not be read is reported with its location; the others apply', async () => {
    const broken = parsePolicyJson('/etc/schuldesk/policies/managed/20-kaputt.json', '{ "language": "en", }');
    const policy = await loadPolicy([source('/etc/schuldesk/policies/managed', [broken, doc('/p/30.json', { language: 'en' })])]);
    expect(policy.values).toEqual({ language: 'en' });
    expect(policy.report.problems).toHaveLength(1);
    expect(policy.report.problems[0]?.source).toBe('/etc/schuldesk/policies/managed/20-kaputt.json');
    expect(policy.report.problems[0]?.message).toMatch(/^„20-kaputt\.json“ ist kein gültiges JSON und wird ignoriert: /);
  });

  it('a source whose read() throws is reported and does not stop the other sources', async () => {
    const failing: PolicySource = {
      kind: 'registry-machine',
      location: 'HKLM\\SOFTWARE\\Policies\\SchulDesk',
      read: async () => {
        throw new Error('reg.exe exited with 5');
      },
    };
    const policy = await loadPolicy([failing, source('/p', [doc('/p/a.json', { language: 'en' })])]);
    expect(policy.values).toEqual({ language: 'en' });
    expect(policy.report.problems).toEqual([
      { source: 'HKLM\\SOFTWARE\\Policies\\SchulDesk', message: 'Richtlinie konnte nicht gelesen werden: Error: reg.exe exited with 5' },
    ]);
    expect(policy.report.sources[0]).toEqual({ kind: 'registry-machine', location: 'HKLM\\SOFTWARE\\Policies\\SchulDesk', keys: [] });
  });

  it('hostile keys cannot touch prototypes and very long keys are shortened in the report', async () => {
    const data = JSON.parse('{"__proto__": {"polluted": true}, "constructor": 1, "language": "en"}') as unknown;
    const longKey = 'k'.repeat(500);
    const policy = await loadPolicy([source('/p', [doc('/p/a.json', data), doc('/p/b.json', { [longKey]: 1 })])]);
    expect(policy.values).toEqual({ language: 'en' });
    expect(({} as Record<string, unknown>).polluted).toBeUndefined();
    expect(Object.getPrototypeOf(policy.values)).toBe(Object.prototype);
    expect(policy.report.problems.map((problem) => problem.key)).toEqual(['__proto__', 'constructor', `${'k'.repeat(77)}…`]);
    expect(policy.report.problems[2]?.message.length).toBeLessThan(200);
  });

  it('values are the parsed schema output (e.g. trimmed portal names)', async () => {
    const policy = await loadPolicy([source('/p', [doc('/p/a.json', { portals: [{ name: '  Schule  ', url: 'https://moodle.schule.de' }] })])]);
    expect(policy.values).toEqual({ portals: [{ name: 'Schule', url: 'https://moodle.schule.de' }] });
  });
});

describe('parsePolicyJson', () => {
  it('parses JSON and tolerates a UTF-8 byte-order mark', () => {
    expect(parsePolicyJson('/p/a.json', '\uFEFF{"language":"en"}')).toEqual({ location: '/p/a.json', data: { language: 'en' } });
  });

  it('reports broken JSON with the file name', () => {
    const result = parsePolicyJson('/etc/x/10-schule.json', '{"language": ');
    expect(result.data).toBeUndefined();
    expect(result.error).toContain('„10-schule.json“ ist kein gültiges JSON');
  });

  it('an empty file is broken JSON, not an empty policy', () => {
    expect(parsePolicyJson('/p/leer.json', '').error).toContain('„leer.json“');
  });
});

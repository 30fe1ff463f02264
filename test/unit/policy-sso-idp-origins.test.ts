// Policy `ssoIdentityProviderOrigins` through all three machine policy sources — the
// Windows registry (reg.exe output as GPO and scripts write it), the macOS managed plist (plutil's
// JSON) and the Linux JSON directory — and through the generated templates. Its effect on the
// login window is tested in sso-chains.test.ts (LoginWindowRules.identityProviderOrigins).
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterEach, describe, expect, it } from 'vitest';
import { linuxPolicySource, loadPolicy } from '../../main/policy/index';
import type { PolicySource, RawPolicyDocument } from '../../main/policy/index';
import { plistJsonDocument } from '../../main/policy/sources/macos-plist';
import { parseRegQueryOutput, registryToPolicy } from '../../main/policy/sources/windows-registry';
import { settingDefinition } from '../../main/settings/schema';

const KEY = 'ssoIdentityProviderOrigins';
const ORIGINS = ['https://login.beispielland.de', 'https://idp.schultraeger.example:8443'];
const HKLM = 'HKLM\\SOFTWARE\\Policies\\SchulDesk';
const resource = (path: string) => readFileSync(fileURLToPath(new URL(`../../resources/policy/${path}`, import.meta.url)), 'utf8');

async function policyOf(documents: RawPolicyDocument[]) {
  const source: PolicySource = { kind: 'test', location: 'test', read: async () => documents };
  return loadPolicy([source]);
}

describe('policy ssoIdentityProviderOrigins', () => {
  let dir: string | null = null;
  afterEach(() => {
    if (dir) rmSync(dir, { recursive: true, force: true });
    dir = null;
  });

  it('is a machine-only list of https origins, empty by default (any https IdP)', () => {
    const definition = settingDefinition(KEY);
    expect(definition?.defaultValue).toEqual([]);
    expect(definition?.userEditable).toBe(false);
    expect(definition?.group).toBe('portals');
  });

  it('Windows registry: the GPO list subkey (numbered REG_SZ) and a script REG_MULTI_SZ give the same list', async () => {
    const gpo = parseRegQueryOutput(
      `\r\nHKEY_LOCAL_MACHINE\\SOFTWARE\\Policies\\SchulDesk\r\n    allowUserPortals    REG_DWORD    0x0\r\n\r\nHKEY_LOCAL_MACHINE\\SOFTWARE\\Policies\\SchulDesk\\${KEY}\r\n    1    REG_SZ    ${ORIGINS[0]}\r\n    2    REG_SZ    ${ORIGINS[1]}\r\n\r\nEnd of search: 3 match(es) found.\r\n`,
    );
    const fromGpo = registryToPolicy(gpo, HKLM);
    expect(fromGpo.problems).toEqual([]);
    expect(fromGpo.data).toEqual({ allowUserPortals: false, [KEY]: ORIGINS });
    const script = registryToPolicy(parseRegQueryOutput(`\r\nHKEY_LOCAL_MACHINE\\SOFTWARE\\Policies\\SchulDesk\r\n    ${KEY}    REG_MULTI_SZ    ${ORIGINS.join('\\0')}\r\n\r\n`), HKLM);
    expect(script.data).toEqual({ [KEY]: ORIGINS });
    const policy = await policyOf([{ location: HKLM, data: fromGpo.data }]);
    expect(policy.values[KEY]).toEqual(ORIGINS);
    expect(policy.report.problems).toEqual([]);
  });

  it('macOS plist (plutil -convert json): the array is read as is', async () => {
    const machine = '/Library/Managed Preferences/de.schuldesk.app.plist';
    const document = plistJsonDocument(machine, { exitCode: 0, stdout: JSON.stringify({ [KEY]: ORIGINS, allowUserPortals: false }).replaceAll('/', '\\/'), stderr: '' });
    expect(document.data).toEqual({ [KEY]: ORIGINS, allowUserPortals: false });
    const policy = await policyOf([document]);
    expect(policy.values[KEY]).toEqual(ORIGINS);
  });

  it('Linux JSON directory: valid origins apply; http, paths and non-lists are refused with a problem naming the key', async () => {
    dir = mkdtempSync(join(tmpdir(), 'schuldesk-policy-idp-'));
    writeFileSync(join(dir, '10-schule.json'), JSON.stringify({ [KEY]: ORIGINS }));
    const good = await loadPolicy([linuxPolicySource({ directory: dir })]);
    expect(good.values[KEY]).toEqual(ORIGINS);
    expect(good.report.problems).toEqual([]);

    for (const bad of [['http://login.beispielland.de'], ['https://login.beispielland.de/auth'], 'https://login.beispielland.de']) {
      writeFileSync(join(dir, '10-schule.json'), JSON.stringify({ [KEY]: bad }));
      const policy = await loadPolicy([linuxPolicySource({ directory: dir })]);
      expect(policy.values, JSON.stringify(bad)).not.toHaveProperty(KEY);
      expect(policy.report.problems.map((problem) => problem.message).join('\n'), JSON.stringify(bad)).toContain(KEY);
    }
  });

  it('templates: ADMX list, ADML texts (de, en), plist/mobileconfig array, Linux example', () => {
    expect(resource('SchulDesk.admx')).toContain(`<list id="${KEY}" key="Software\\Policies\\SchulDesk\\${KEY}" valuePrefix="" />`);
    expect(resource('de-DE/SchulDesk.adml')).toContain(`<string id="${KEY}">Erlaubte Anmeldedienste (Single Sign-on)</string>`);
    expect(resource('en-US/SchulDesk.adml')).toContain(`<string id="${KEY}">Allowed sign-in services (single sign-on)</string>`);
    for (const file of ['macos/de.schuldesk.app.plist', 'macos/de.schuldesk.app.mobileconfig']) expect(resource(file)).toMatch(new RegExp(`<key>${KEY}</key>\\s*<array>\\s*<string>https://login\\.beispielland\\.de</string>`));
    expect((JSON.parse(resource('linux-example.json')) as Record<string, unknown>)[KEY]).toEqual(['https://login.beispielland.de']);
  });
});

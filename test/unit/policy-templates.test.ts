// The IT templates in resources/policy/ and docs/policy-keys.md, checked against the one settings
// schema: generated output is committed and current, every XML file is well-formed, every schema key
// is present and no other, and — the strongest check — the values each template carries travel
// through the same parsers the app uses (ADMX → registry as Group Policy writes it → reg.exe text →
// registry source; plist → plutil-style JSON → plist source) and come out as the validated example.
import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { loadPolicy } from '../../main/policy/index';
import { plistJsonDocument } from '../../main/policy/sources/macos-plist';
import { settingShape } from '../../main/policy/sources/setting-shape';
import { windowsRegistrySource } from '../../main/policy/sources/windows-registry';
import { SETTING_KEYS, SETTINGS } from '../../main/settings/schema';
import { renderPolicyFiles } from '../../scripts/policy-files';

const ROOT = new URL('../../', import.meta.url);
const read = (relative: string) => readFileSync(fileURLToPath(new URL(relative, ROOT)), 'utf8');
const example = JSON.parse(read('resources/policy/linux-example.json')) as Record<string, unknown>;
/** What the plist/ADMX examples carry: the Linux example, with the stand-in where it says null. */
const expectedValues = { ...example, updateUrl: 'https://updates.beispielschule.de/schuldesk' };
// dataDirectory is null in the Linux example; the plist/ADMX examples carry a macOS-style path.
Object.assign(expectedValues, { dataDirectory: '$HOME/Library/SchulDesk-Daten' });

// ------------------------------------------------------------------------------------------------
// A small, strict XML reader (no package): enough to prove well-formedness and walk the tree.

interface XmlElement {
  name: string;
  attributes: Record<string, string>;
  children: XmlElement[];
  text: string;
}

const ENTITIES: Record<string, string> = { amp: '&', lt: '<', gt: '>', quot: '"', apos: "'" };

function decodeEntities(raw: string, at: number): string {
  return raw.replace(/&([^;\s&<]*);?/g, (match, name: string) => {
    if (!match.endsWith(';')) throw new Error(`bare & near offset ${at}`);
    if (name.startsWith('#x')) return String.fromCodePoint(Number.parseInt(name.slice(2), 16));
    if (name.startsWith('#')) return String.fromCodePoint(Number.parseInt(name.slice(1), 10));
    const value = ENTITIES[name];
    if (value === undefined) throw new Error(`unknown entity &${name}; near offset ${at}`);
    return value;
  });
}

function parseXml(source: string): XmlElement {
  let pos = 0;
  const fail = (message: string): never => {
    throw new Error(`${message} at offset ${pos}: ${JSON.stringify(source.slice(pos, pos + 40))}`);
  };
  const skipMisc = (allowDoctype: boolean) => {
    for (;;) {
      const ws = /^\s*/.exec(source.slice(pos))?.[0] ?? '';
      pos += ws.length;
      if (source.startsWith('<!--', pos)) {
        const end = source.indexOf('-->', pos + 4);
        if (end < 0) fail('unclosed comment');
        if (source.slice(pos + 4, end).includes('--')) fail('"--" inside a comment');
        pos = end + 3;
      } else if (source.startsWith('<?', pos)) {
        const end = source.indexOf('?>', pos);
        if (end < 0) fail('unclosed processing instruction');
        pos = end + 2;
      } else if (allowDoctype && source.startsWith('<!DOCTYPE', pos)) {
        const end = source.indexOf('>', pos);
        if (end < 0) fail('unclosed DOCTYPE');
        pos = end + 1;
      } else return;
    }
  };
  const name = () => {
    const match = /^[A-Za-z_][\w.:-]*/.exec(source.slice(pos));
    if (!match) fail('expected a name');
    pos += match![0].length;
    return match![0];
  };
  const element = (): XmlElement => {
    if (source[pos] !== '<') fail('expected <');
    pos++;
    const tag = name();
    const attributes: Record<string, string> = {};
    for (;;) {
      const ws = /^\s*/.exec(source.slice(pos))?.[0] ?? '';
      pos += ws.length;
      if (source.startsWith('/>', pos)) {
        pos += 2;
        return { name: tag, attributes, children: [], text: '' };
      }
      if (source[pos] === '>') {
        pos++;
        break;
      }
      if (ws.length === 0) fail('expected whitespace before an attribute');
      const attribute = name();
      if (Object.hasOwn(attributes, attribute)) fail(`duplicate attribute ${attribute}`);
      if (source[pos] !== '=') fail('expected =');
      pos++;
      const quote = source[pos];
      if (quote !== '"' && quote !== "'") fail('expected a quoted value');
      const end = source.indexOf(quote as string, pos + 1);
      if (end < 0) fail('unclosed attribute value');
      const raw = source.slice(pos + 1, end);
      if (raw.includes('<')) fail('< inside an attribute value');
      attributes[attribute] = decodeEntities(raw, pos);
      pos = end + 1;
    }
    const children: XmlElement[] = [];
    let text = '';
    for (;;) {
      const next = source.indexOf('<', pos);
      if (next < 0) fail(`unclosed <${tag}>`);
      text += decodeEntities(source.slice(pos, next), pos);
      pos = next;
      if (source.startsWith('</', pos)) {
        pos += 2;
        const closing = name();
        if (closing !== tag) fail(`</${closing}> closes <${tag}>`);
        if (source[pos] !== '>') fail('expected >');
        pos++;
        return { name: tag, attributes, children, text };
      }
      if (source.startsWith('<!--', pos)) {
        skipMisc(false);
        continue;
      }
      children.push(element());
    }
  };
  skipMisc(true);
  const root = element();
  skipMisc(false);
  if (pos !== source.length) fail('content after the root element');
  return root;
}

const childrenNamed = (element: XmlElement, name: string) => element.children.filter((child) => child.name === name);
function only(element: XmlElement | undefined, name: string): XmlElement {
  const found = element ? childrenNamed(element, name) : [];
  if (found.length !== 1) throw new Error(`expected exactly one <${name}> in <${element?.name}>, found ${found.length}`);
  return found[0] as XmlElement;
}
function descendants(element: XmlElement): XmlElement[] {
  return element.children.flatMap((child) => [child, ...descendants(child)]);
}

// ------------------------------------------------------------------------------------------------

const files = renderPolicyFiles(example);

describe('generated policy files are committed and current (npm run docs:policy)', () => {
  it.each(Object.keys(files))('%s', (relative) => {
    expect(read(relative), `${relative} is stale: run npm run docs:policy`).toBe(files[relative]);
  });

  it('the docs name every key once, with its default', () => {
    const docs = read('docs/policy-keys.md');
    for (const definition of SETTINGS) {
      expect(docs.split('\n').filter((line) => line === `### ${definition.key}`)).toHaveLength(1);
      expect(docs).toContain(`[\`${definition.key}\`](#${definition.key.toLowerCase()})`);
      expect(docs).toContain(`Standard: \`${JSON.stringify(definition.defaultValue)}\``);
    }
  });
});

describe('the XML reader used below', () => {
  it('accepts good XML and rejects each kind of malformed XML (so the checks below can fail)', () => {
    expect(parseXml('<?xml version="1.0"?><!-- c --><a x="1 &amp; 2"><b/>t&lt;</a>').children[0]?.name).toBe('b');
    for (const bad of ['<a><b></a></b>', '<a x="1" x="2"/>', '<a>&nope;</a>', '<a>x & y</a>', '<a/><b/>', '<a>', '<a x=1/>', '<!-- a -- b --><a/>']) {
      expect(() => parseXml(bad), bad).toThrow();
    }
  });
});

describe('ADMX and ADML', () => {
  const admx = parseXml(read('resources/policy/SchulDesk.admx'));
  const adml = { de: parseXml(read('resources/policy/de-DE/SchulDesk.adml')), en: parseXml(read('resources/policy/en-US/SchulDesk.adml')) };
  const policies = childrenNamed(only(admx, 'policies'), 'policy');

  it('has one policy per schema key, in schema order, and no other', () => {
    expect(admx.name).toBe('policyDefinitions');
    expect(policies.map((policy) => policy.attributes.name)).toEqual([...SETTING_KEYS]);
  });

  it('declares each policy with the value type the schema expects', () => {
    for (const definition of SETTINGS) {
      const policy = policies.find((entry) => entry.attributes.name === definition.key) as XmlElement;
      const shape = settingShape(definition);
      expect(policy.attributes.key).toBe('Software\\Policies\\SchulDesk');
      expect(['Machine', 'Both']).toContain(policy.attributes.class);
      const elements = policy.children.find((child) => child.name === 'elements');
      const element = elements?.children[0];
      switch (shape.kind) {
        case 'boolean':
          expect(policy.attributes.valueName).toBe(definition.key);
          expect(only(only(policy, 'enabledValue'), 'decimal').attributes.value).toBe('1');
          expect(only(only(policy, 'disabledValue'), 'decimal').attributes.value).toBe('0');
          break;
        case 'integer':
          expect(element).toMatchObject({ name: 'decimal', attributes: { valueName: definition.key, minValue: String(shape.min), maxValue: String(shape.max) } });
          break;
        case 'choice':
          expect(element?.name).toBe('enum');
          expect(element?.attributes.valueName).toBe(definition.key);
          expect(childrenNamed(element as XmlElement, 'item').map((item) => only(only(item, 'value'), 'string').text)).toEqual(shape.values);
          break;
        case 'string':
          expect(element).toMatchObject({ name: 'text', attributes: { valueName: definition.key } });
          break;
        case 'list':
          expect(element).toMatchObject({ name: 'list', attributes: { key: `Software\\Policies\\SchulDesk\\${definition.key}`, valuePrefix: '' } });
          break;
        case 'objectList':
          expect(element).toMatchObject({ name: 'list', attributes: { key: `Software\\Policies\\SchulDesk\\${definition.key}`, explicitValue: 'true' } });
          break;
      }
    }
  });

  it('device, update and network settings are computer-only', () => {
    for (const definition of SETTINGS) {
      const policy = policies.find((entry) => entry.attributes.name === definition.key) as XmlElement;
      if (['device', 'updates', 'network'].includes(definition.group)) expect(policy.attributes.class, definition.key).toBe('Machine');
    }
  });

  it('every $(string.…) and $(presentation.…) resolves in both languages, and both define the same ids', () => {
    const references = (kind: string) =>
      new Set(
        [admx, ...descendants(admx)].flatMap((element) =>
          Object.values(element.attributes).flatMap((value) => [...value.matchAll(new RegExp(`\\$\\(${kind}\\.([^)]+)\\)`, 'g'))].map((m) => m[1] as string)),
        ),
      );
    const ids = (root: XmlElement, table: string, tag: string) =>
      childrenNamed(only(only(root, 'resources'), table), tag).map((element) => element.attributes.id as string);
    for (const [lang, root] of Object.entries(adml)) {
      expect(root.name, lang).toBe('policyDefinitionResources');
      const strings = ids(root, 'stringTable', 'string');
      const presentations = ids(root, 'presentationTable', 'presentation');
      expect(new Set(strings).size, `${lang}: duplicate string ids`).toBe(strings.length);
      expect(strings, lang).toEqual(expect.arrayContaining([...references('string')]));
      expect([...presentations].sort(), lang).toEqual([...references('presentation')].sort());
      // Each presentation control points at an element id of its policy.
      for (const presentation of childrenNamed(only(only(root, 'resources'), 'presentationTable'), 'presentation')) {
        const policy = policies.find((entry) => entry.attributes.presentation === `$(presentation.${presentation.attributes.id})`) as XmlElement;
        const elementIds = descendants(policy).map((element) => element.attributes.id).filter(Boolean);
        for (const control of presentation.children) expect(elementIds, `${lang} ${presentation.attributes.id}`).toContain(control.attributes.refId);
      }
    }
    expect(ids(adml.de, 'stringTable', 'string')).toEqual(ids(adml.en, 'stringTable', 'string'));
    expect(childrenNamed(only(only(adml.de, 'resources'), 'stringTable'), 'string').find((s) => s.attributes.id === 'cameraGate')?.text).toBe('Kamera erst nach Freigabe');
  });

  it('every category a policy names exists', () => {
    const categories = new Set(childrenNamed(only(admx, 'categories'), 'category').map((category) => category.attributes.name));
    for (const element of descendants(admx).filter((entry) => entry.name === 'parentCategory')) expect(categories).toContain(element.attributes.ref);
  });

  /**
   * What Group Policy writes for each policy "Enabled" with the example value, following only the
   * ADMX (not the schema), printed as `reg.exe query /s` would print it.
   */
  function registryAsGroupPolicyWritesIt(values: Record<string, unknown>): string {
    const keys = new Map<string, Array<[string, string, string]>>();
    const put = (key: string, name: string, type: string, data: string) => {
      const path = `HKEY_LOCAL_MACHINE\\${key.replace(/^Software/, 'SOFTWARE')}`;
      keys.set(path, [...(keys.get(path) ?? []), [name, type, data]]);
    };
    for (const policy of policies) {
      const key = policy.attributes.name as string;
      const value = values[key];
      if (policy.attributes.valueName) {
        const chosen = only(value ? only(policy, 'enabledValue') : only(policy, 'disabledValue'), 'decimal');
        put(policy.attributes.key as string, policy.attributes.valueName, 'REG_DWORD', `0x${Number(chosen.attributes.value).toString(16)}`);
        continue;
      }
      const element = only(policy, 'elements').children[0] as XmlElement;
      if (element.name === 'decimal') put(policy.attributes.key as string, element.attributes.valueName as string, 'REG_DWORD', `0x${Number(value).toString(16)}`);
      else if (element.name === 'text') put(policy.attributes.key as string, element.attributes.valueName as string, 'REG_SZ', String(value));
      else if (element.name === 'enum') {
        const item = childrenNamed(element, 'item').find((entry) => only(only(entry, 'value'), 'string').text === value);
        expect(item, `${key}: no enum item for ${String(value)}`).toBeDefined();
        put(policy.attributes.key as string, element.attributes.valueName as string, 'REG_SZ', only(only(item, 'value'), 'string').text);
      } else if (element.name === 'list' && element.attributes.explicitValue === 'true') {
        for (const entry of value as Array<{ name: string; url: string }>) put(element.attributes.key as string, entry.name, 'REG_SZ', entry.url);
      } else if (element.name === 'list') {
        // A GPO list field is one line: a PEM arrives without its line breaks.
        (value as string[]).forEach((entry, index) => put(element.attributes.key as string, `${element.attributes.valuePrefix ?? ''}${index + 1}`, 'REG_SZ', entry.replace(/\n/g, ' ').trim()));
      } else throw new Error(`${key}: unexpected element ${element.name}`);
    }
    const lines = [''];
    for (const [path, entries] of [...keys].sort(([a], [b]) => a.toLowerCase().localeCompare(b.toLowerCase()))) {
      lines.push(path, ...entries.map(([name, type, data]) => `    ${name}    ${type}    ${data}`), '');
    }
    lines.push(`End of search: ${[...keys.values()].flat().length} match(es) found.`);
    return `${lines.join('\r\n')}\r\n`;
  }

  it('the registry Group Policy writes from this ADMX is read back by the registry source as the example', async () => {
    const stdout = registryAsGroupPolicyWritesIt(expectedValues);
    const policy = await loadPolicy([windowsRegistrySource('HKLM', { run: async () => ({ exitCode: 0, stdout, stderr: '' }) })]);
    expect(policy.report.problems).toEqual([]);
    expect(policy.values).toEqual(expectedValues);
  });

  it('the same round trip notices a wrong template (the check is not vacuous)', async () => {
    const stdout = registryAsGroupPolicyWritesIt(expectedValues).replace('    cameraGate    REG_DWORD', '    cameraGateX    REG_DWORD');
    const policy = await loadPolicy([windowsRegistrySource('HKLM', { run: async () => ({ exitCode: 0, stdout, stderr: '' }) })]);
    expect(policy.report.problems.map((problem) => problem.key)).toEqual(['cameraGateX']);
  });
});

/** plist XML → JSON, as `plutil -convert json` would print it. */
function plistToJson(element: XmlElement): unknown {
  switch (element.name) {
    case 'dict': {
      const result: Record<string, unknown> = {};
      for (let index = 0; index < element.children.length; index += 2) {
        const key = element.children[index];
        const value = element.children[index + 1];
        if (key?.name !== 'key' || !value) throw new Error('dict must alternate <key> and a value');
        result[key.text] = plistToJson(value);
      }
      return result;
    }
    case 'array':
      return element.children.map(plistToJson);
    case 'string':
      return element.text;
    case 'integer':
      if (!/^-?\d+$/.test(element.text)) throw new Error(`bad integer ${element.text}`);
      return Number(element.text);
    case 'true':
      return true;
    case 'false':
      return false;
    default:
      throw new Error(`plist element <${element.name}> has no JSON form`);
  }
}

describe('macOS plist and configuration profile', () => {
  async function loadFromPlistDict(dict: unknown) {
    const location = '/Library/Managed Preferences/de.schuldesk.app.plist';
    const document = plistJsonDocument(location, { exitCode: 0, stdout: JSON.stringify(dict), stderr: '' });
    return loadPolicy([{ kind: 'macos-managed', location, read: async () => [document] }]);
  }

  it('the example plist is a well-formed plist with every key, and the plist source accepts it as the example', async () => {
    const root = parseXml(read('resources/policy/macos/de.schuldesk.app.plist'));
    expect(root).toMatchObject({ name: 'plist', attributes: { version: '1.0' } });
    const dict = plistToJson(only(root, 'dict')) as Record<string, unknown>;
    expect(Object.keys(dict)).toEqual([...SETTING_KEYS]);
    const policy = await loadFromPlistDict(dict);
    expect(policy.report.problems).toEqual([]);
    expect(policy.values).toEqual(expectedValues);
  });

  it('the .mobileconfig is a Configuration profile whose payload for de.schuldesk.app carries the same keys', async () => {
    const root = parseXml(read('resources/policy/macos/de.schuldesk.app.mobileconfig'));
    const profile = plistToJson(only(root, 'dict')) as Record<string, unknown>;
    expect(profile).toMatchObject({ PayloadType: 'Configuration', PayloadScope: 'System', PayloadVersion: 1 });
    const content = profile.PayloadContent as Array<Record<string, unknown>>;
    expect(content).toHaveLength(1);
    const payload = content[0] as Record<string, unknown>;
    expect(payload).toMatchObject({ PayloadType: 'de.schuldesk.app', PayloadVersion: 1, PayloadEnabled: true });
    for (const uuid of [profile.PayloadUUID, payload.PayloadUUID]) expect(uuid).toMatch(/^[0-9A-F]{8}-[0-9A-F]{4}-4[0-9A-F]{3}-[89AB][0-9A-F]{3}-[0-9A-F]{12}$/);
    expect(profile.PayloadUUID).not.toBe(payload.PayloadUUID);
    const settings = Object.fromEntries(Object.entries(payload).filter(([key]) => !key.startsWith('Payload')));
    expect(Object.keys(settings)).toEqual([...SETTING_KEYS]);
    const policy = await loadFromPlistDict(settings);
    expect(policy.report.problems).toEqual([]);
    expect(policy.values).toEqual(expectedValues);
  });

  it('a plist value of the wrong type is caught by the same path (the check is not vacuous)', async () => {
    const root = parseXml(read('resources/policy/macos/de.schuldesk.app.plist').replace('<key>cameraGate</key>\n\t<true/>', '<key>cameraGate</key>\n\t<integer>1</integer>'));
    const policy = await loadFromPlistDict(plistToJson(only(root, 'dict')));
    expect(policy.report.problems.map((problem) => problem.key)).toEqual(['cameraGate']);
  });
});

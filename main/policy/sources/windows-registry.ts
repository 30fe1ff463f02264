import { SETTINGS } from '../../settings/schema';
import type { PolicySource, RawPolicyDocument } from '../types';
import { trustedSystem32, windowsUtf8Runner } from './command-runner';
import type { CommandRunner } from './command-runner';
import { settingShape } from './setting-shape';
import type { ScalarShape, SettingShape } from './setting-shape';

/**
 * Windows machine policy: HKLM\SOFTWARE\Policies\SchulDesk (Group Policy, Intune ADMX ingestion,
 * scripts), read with `reg.exe query … /s /reg:64` — no native module. The per-user hive HKCU is a
 * second, weaker source; the caller lists HKLM first so a student's HKCU value never beats IT's.
 *
 * Layout (value names are the schema keys, compared case-insensitively like the registry does):
 * - booleans REG_DWORD 0/1, whole numbers REG_DWORD, choices and addresses REG_SZ;
 * - lists: a subkey `<key>` with values 1, 2, 3 … (what an ADMX <list> writes), or REG_MULTI_SZ;
 * - portals: subkey `portals` with one value per portal, name = display name, data = address (ADMX
 *   <list explicitValue>), or numbered subkeys `portals\1` with values `name` and `url`;
 * - a list may also be a REG_SZ holding JSON (`[…]`), for scripts.
 */

export const REGISTRY_POLICY_PATH = 'SOFTWARE\\Policies\\SchulDesk';

export interface RegistryValue {
  name: string;
  type: string;
  /** As reg.exe prints it: DWORDs as 0x…, REG_MULTI_SZ parts joined by a literal `\0`. */
  data: string;
}

export interface RegistryKey {
  /** Full path as printed, e.g. HKEY_LOCAL_MACHINE\SOFTWARE\Policies\SchulDesk\portals. */
  path: string;
  values: RegistryValue[];
}

const VALUE_LINE = /^ {4}(.+?) {4}(REG_[A-Z_]+)(?: {4}(.*))?$/;

/**
 * Parses the text of `reg.exe query <key> /s`: unindented key lines, then values indented by four
 * spaces as `name    TYPE    data`. A REG_SZ that itself contains line breaks continues on the
 * following lines up to the blank line that ends the key. Summary lines ("End of search", "Suche
 * beendet") and anything else unrecognised are skipped: the text is localised, the layout is not.
 */
export function parseRegQueryOutput(output: string): RegistryKey[] {
  const keys: RegistryKey[] = [];
  let current: RegistryKey | null = null;
  let last: RegistryValue | null = null;
  for (const line of output.split(/\r?\n/)) {
    if (line === '') {
      last = null;
      continue;
    }
    if (/^HKEY_[A-Z_]+(\\|$)/.test(line)) {
      current = { path: line.trimEnd(), values: [] };
      keys.push(current);
      last = null;
      continue;
    }
    const match = VALUE_LINE.exec(line);
    if (current && match) {
      last = { name: match[1] ?? '', type: match[2] ?? '', data: match[3] ?? '' };
      current.values.push(last);
      continue;
    }
    if (last && (last.type === 'REG_SZ' || last.type === 'REG_EXPAND_SZ')) last.data += `\n${line}`;
  }
  return keys;
}

const HIVE_NAMES: Record<string, string> = { HKLM: 'HKEY_LOCAL_MACHINE', HKCU: 'HKEY_CURRENT_USER' };

function fullPath(path: string): string {
  const [hive, ...rest] = path.split('\\');
  return [HIVE_NAMES[(hive ?? '').toUpperCase()] ?? hive, ...rest].join('\\');
}

/** The default value's name as reg.exe prints it (English, German); GPO never sets it. */
const DEFAULT_VALUE_NAMES = new Set(['(default)', '(standard)', '']);

const BY_LOWER_KEY = new Map(SETTINGS.map((definition) => [definition.key.toLowerCase(), definition]));

export interface RegistryProblem {
  location: string;
  message: string;
}

export interface RegistryPolicy {
  data: Record<string, unknown>;
  problems: RegistryProblem[];
}

/** A PEM pasted into a one-line GPO list field loses its line breaks; OpenSSL needs them back. */
function restorePemLines(text: string): string {
  const match = /^\s*-----BEGIN CERTIFICATE-----([\s\S]*?)-----END CERTIFICATE-----\s*$/.exec(text);
  if (!match || /\n/.test(text.trim())) return text;
  const body = (match[1] ?? '').replace(/\s+/g, '');
  const lines = body.match(/.{1,64}/g) ?? [];
  return `-----BEGIN CERTIFICATE-----\n${lines.join('\n')}\n-----END CERTIFICATE-----\n`;
}

type Converted = { ok: true; value: unknown } | { ok: false; message: string };

function dword(data: string): number {
  return /^0x[0-9a-f]+$/i.test(data) ? Number.parseInt(data.slice(2), 16) : Number.NaN;
}

function convertScalar(value: RegistryValue, shape: ScalarShape | null, nullable: boolean): Converted {
  switch (value.type) {
    case 'REG_DWORD':
    case 'REG_QWORD': {
      const number = dword(value.data);
      if (shape?.kind === 'boolean' && (number === 0 || number === 1)) return { ok: true, value: number === 1 };
      return { ok: true, value: number };
    }
    case 'REG_SZ':
    case 'REG_EXPAND_SZ':
      if (nullable && value.data === '') return { ok: true, value: null };
      return { ok: true, value: restorePemLines(value.data) };
    case 'REG_MULTI_SZ':
      return { ok: true, value: splitMultiString(value.data) };
    default:
      return {
        ok: false,
        message: `Der Registrierungswert „${value.name}“ hat den Typ ${value.type}, den SchulDesk nicht liest (erwartet REG_DWORD, REG_SZ oder REG_MULTI_SZ). Er wird ignoriert.`,
      };
  }
}

function splitMultiString(data: string): string[] {
  return data === '' ? [] : data.split('\\0').map(restorePemLines);
}

/** A root value for `shape`: lists additionally accept REG_MULTI_SZ and JSON text. */
function convertRootValue(value: RegistryValue, shape: SettingShape | null): Converted {
  if (shape && (shape.kind === 'list' || shape.kind === 'objectList')) {
    if (value.type === 'REG_MULTI_SZ' && shape.kind === 'list') return { ok: true, value: splitMultiString(value.data) };
    if ((value.type === 'REG_SZ' || value.type === 'REG_EXPAND_SZ') && value.data.trimStart().startsWith('[')) {
      try {
        return { ok: true, value: JSON.parse(value.data) as unknown };
      } catch (error) {
        const reason = error instanceof Error ? error.message : String(error);
        return { ok: false, message: `Der Wert „${value.name}“ sieht aus wie eine JSON-Liste, ist aber kein gültiges JSON: ${reason}. Er wird ignoriert.` };
      }
    }
  }
  return convertScalar(value, shape && shape.kind !== 'list' && shape.kind !== 'objectList' ? shape : null, shape?.nullable ?? false);
}

/** Numbered names (1, 2, 10) in number order, anything else after them in registry order. */
function byListPosition<T>(entries: readonly T[], nameOf: (entry: T) => string): T[] {
  const numbered = entries.filter((entry) => /^\d+$/.test(nameOf(entry)));
  const other = entries.filter((entry) => !/^\d+$/.test(nameOf(entry)));
  return [...numbered.sort((a, b) => Number(nameOf(a)) - Number(nameOf(b))), ...other];
}

function lastSegment(path: string): string {
  return path.slice(path.lastIndexOf('\\') + 1);
}

interface ListContext {
  key: string;
  shape: SettingShape;
  listKey: RegistryKey;
  entryKeys: RegistryKey[];
  problems: RegistryProblem[];
}

function readScalarList({ shape, listKey, problems }: ListContext): unknown[] {
  const item = shape.kind === 'list' ? shape.item : null;
  const items: unknown[] = [];
  for (const value of byListPosition(listKey.values, (value) => value.name)) {
    if (DEFAULT_VALUE_NAMES.has(value.name.toLowerCase())) continue;
    const converted = convertScalar(value, item, false);
    if (converted.ok) items.push(converted.value);
    else problems.push({ location: `${listKey.path}\\${value.name}`, message: converted.message });
  }
  return items;
}

function readObjectList({ shape, listKey, entryKeys, problems }: ListContext): unknown[] {
  const fields = shape.kind === 'objectList' ? shape.fields : [];
  const [nameField, valueField] = fields;
  const entries: unknown[] = [];
  // ADMX <list explicitValue="true">: value name = first field (display name), data = second (address).
  for (const value of listKey.values) {
    if (DEFAULT_VALUE_NAMES.has(value.name.toLowerCase())) continue;
    if (fields.length !== 2 || nameField === undefined || valueField === undefined) continue;
    if (value.type !== 'REG_SZ' && value.type !== 'REG_EXPAND_SZ') {
      problems.push({ location: `${listKey.path}\\${value.name}`, message: `Der Eintrag „${value.name}“ muss vom Typ REG_SZ sein (gefunden ${value.type}). Er wird ignoriert.` });
      continue;
    }
    entries.push({ [nameField]: value.name, [valueField]: value.data });
  }
  // Numbered subkeys (portals\1 with name/url): for Intune scripts and .reg files.
  for (const entryKey of byListPosition(entryKeys, (key) => lastSegment(key.path))) {
    const entry: Record<string, unknown> = {};
    for (const value of entryKey.values) {
      if (DEFAULT_VALUE_NAMES.has(value.name.toLowerCase())) continue;
      const field = fields.find((name) => name.toLowerCase() === value.name.toLowerCase()) ?? value.name;
      const converted = convertScalar(value, null, false);
      if (converted.ok) entry[field] = converted.value;
      else problems.push({ location: `${entryKey.path}\\${value.name}`, message: converted.message });
    }
    entries.push(entry);
  }
  return entries;
}

/**
 * Turns the parsed keys under `rootPath` into a policy document ({schemaKey: value}). Types are
 * converted where the meaning is unambiguous (DWORD 0/1 → false/true); anything else is passed on
 * as it is, so the schema check reports it by key ("erwartet true oder false, erhalten Text …").
 * Unknown value names pass through too and are reported as unknown keys. Never throws.
 */
export function registryToPolicy(keys: readonly RegistryKey[], rootPath: string): RegistryPolicy {
  const root = fullPath(rootPath).toLowerCase();
  const data: Record<string, unknown> = {};
  const problems: RegistryProblem[] = [];
  const fromRoot = new Set<string>();

  const rootKey = keys.find((key) => key.path.toLowerCase() === root);
  for (const value of rootKey?.values ?? []) {
    if (DEFAULT_VALUE_NAMES.has(value.name.toLowerCase())) continue;
    const definition = BY_LOWER_KEY.get(value.name.toLowerCase());
    const name = definition?.key ?? value.name;
    const converted = convertRootValue(value, definition ? settingShape(definition) : null);
    if (converted.ok) {
      data[name] = converted.value;
      fromRoot.add(name);
    } else problems.push({ location: `${rootKey?.path ?? rootPath}\\${value.name}`, message: converted.message });
  }

  const below = keys.filter((key) => key.path.toLowerCase().startsWith(`${root}\\`));
  const listKeys = below.filter((key) => !key.path.slice(root.length + 1).includes('\\'));
  for (const listKey of listKeys) {
    const subName = lastSegment(listKey.path);
    const definition = BY_LOWER_KEY.get(subName.toLowerCase());
    const shape = definition ? settingShape(definition) : null;
    if (!definition || !shape || (shape.kind !== 'list' && shape.kind !== 'objectList')) {
      const message = definition
        ? `„${definition.key}“ ist ein einzelner Wert und gehört direkt unter ${rootPath}, nicht in einen Unterschlüssel. Der Unterschlüssel wird ignoriert.`
        : `Unbekannter Unterschlüssel „${subName}“ – wird ignoriert.`;
      problems.push({ location: listKey.path, message });
      continue;
    }
    const prefix = `${listKey.path.toLowerCase()}\\`;
    const entryKeys = below.filter((key) => key.path.toLowerCase().startsWith(prefix) && !key.path.slice(prefix.length).includes('\\'));
    const context: ListContext = { key: definition.key, shape, listKey, entryKeys, problems };
    if (fromRoot.has(definition.key)) {
      problems.push({
        location: listKey.path,
        message: `„${definition.key}“ ist sowohl als Wert als auch als Unterschlüssel gesetzt; es gilt der Unterschlüssel.`,
      });
    }
    data[definition.key] = shape.kind === 'objectList' ? readObjectList(context) : readScalarList(context);
  }
  return { data, problems };
}

/** reg.exe's "key not found" on English and German Windows; other exit-1 texts are reported. */
const KEY_ABSENT = [/unable to find the specified registry key/i, /angegebene Registrierungsschl.ssel bzw\. Wert wurde nicht gefunden/i];

function firstLine(text: string): string {
  return (text.split(/\r?\n/).find((line) => line.trim() !== '') ?? '').trim();
}

/**
 * Reads what `reg.exe query` printed for one hive. Exit code 1 with "key not found" (or no output
 * at all) means this hive has no SchulDesk policy, which is normal. Any other failure becomes a
 * report entry, so IT sees it under Einstellungen → Richtlinie.
 */
export function registryDocuments(location: string, result: { exitCode: number; stdout: string; stderr: string }): RawPolicyDocument[] {
  const keys = parseRegQueryOutput(result.stdout);
  if (result.exitCode !== 0 || keys.length === 0) {
    const message = firstLine(result.stderr) || firstLine(result.stdout);
    if (result.exitCode === 1 && (message === '' || KEY_ABSENT.some((pattern) => pattern.test(message)))) return [];
    if (result.exitCode === 0) return [];
    return [{ location, data: undefined, error: `Die Registrierung unter „${location}“ konnte nicht gelesen werden (reg.exe, Code ${result.exitCode}): ${message || 'keine Meldung'}` }];
  }
  const policy = registryToPolicy(keys, location);
  return [
    { location, data: policy.data },
    ...policy.problems.map((problem) => ({ location: problem.location, data: undefined, error: problem.message })),
  ];
}

export type RegistryHive = 'HKLM' | 'HKCU';

/**
 * One hive as a policy source. List HKLM before HKCU: loadPolicy lets the earlier source win, key
 * by key — the machine (IT) beats the user (a student can write much of HKCU, though not
 * HKCU\SOFTWARE\Policies on a normally configured machine).
 */
export function windowsRegistrySource(hive: RegistryHive, options: { run?: CommandRunner; regExe?: string } = {}): PolicySource {
  const location = `${hive}\\${REGISTRY_POLICY_PATH}`;
  const run = options.run ?? windowsUtf8Runner;
  const regExe = options.regExe ?? `${trustedSystem32()}\\reg.exe`;
  return {
    // One kind for both hives (the settings screen names it); the location tells HKLM from HKCU.
    kind: 'windows-registry',
    location,
    async read() {
      return registryDocuments(location, await run(regExe, ['query', location, '/s', '/reg:64']));
    },
  };
}

import type { PolicyProblem } from '../../preload/api';
import { describeError } from '../log/redact';
import { isSettingKey, SETTING_KEYS, settingDefinition } from '../settings/schema';
import type { SettingKey } from '../settings/schema';
import { describeValueShape, validateSettingValue } from '../settings/validate';
import type { LoadedPolicy, PolicySource, RawPolicyDocument } from './types';

interface Accepted {
  key: SettingKey;
  value: unknown;
}

function shortKey(key: string): string {
  return key.length > 80 ? `${key.slice(0, 77)}…` : key;
}

function unknownKeyMessage(key: string): string {
  const lower = key.toLowerCase();
  const nearMiss = SETTING_KEYS.find((known) => known.toLowerCase() === lower);
  const hint = nearMiss ? ` Meinten Sie „${nearMiss}“? (Groß- und Kleinschreibung zählt.)` : '';
  return `Unbekannter Richtlinienschlüssel „${shortKey(key)}“ – wird ignoriert.${hint}`;
}

/**
 * The keys of one document that pass the schema. Everything else becomes a problem and is
 * ignored as if absent, so one bad entry never voids the rest of the document.
 */
function acceptDocument(document: RawPolicyDocument, problems: PolicyProblem[]): Accepted[] {
  if (document.error !== undefined) {
    problems.push({ source: document.location, message: document.error });
    return [];
  }
  const data = document.data;
  if (typeof data !== 'object' || data === null || Array.isArray(data)) {
    problems.push({
      source: document.location,
      message: `Eine Richtlinie muss ein JSON-Objekt der Form {"schlüssel": wert, …} sein, gefunden: ${describeValueShape(data)}. Sie wird ignoriert.`,
    });
    return [];
  }
  const accepted: Accepted[] = [];
  for (const [key, value] of Object.entries(data)) {
    const definition = settingDefinition(key);
    if (!definition || !isSettingKey(key)) {
      problems.push({ source: document.location, key: shortKey(key), message: unknownKeyMessage(key) });
      continue;
    }
    const result = validateSettingValue(definition, value);
    if (result.ok) accepted.push({ key, value: result.value });
    else problems.push({ source: document.location, key, message: `${result.message} Der Wert wird ignoriert.` });
  }
  return accepted;
}

async function readSource(source: PolicySource, problems: PolicyProblem[]): Promise<RawPolicyDocument[]> {
  try {
    return await source.read();
  } catch (error) {
    problems.push({ source: source.location, message: `Richtlinie konnte nicht gelesen werden: ${describeError(error)}` });
    return [];
  }
}

/**
 * Reads every source and merges them into one validated policy.
 * Across sources the EARLIER source wins (pass machine-wide sources before per-user ones, so
 * HKLM beats HKCU — the opposite of what Mattermost ends up doing). Within one source the later
 * document wins (Chromium's convention for policy folders). Invalid or unknown entries are
 * reported and skipped; a lower-precedence valid value then still applies. Never throws.
 */
export async function loadPolicy(sources: PolicySource[]): Promise<LoadedPolicy> {
  const values: Record<string, unknown> = {};
  const valueSources: Record<string, string> = {};
  const problems: PolicyProblem[] = [];
  const reportSources: LoadedPolicy['report']['sources'] = [];

  for (const source of sources) {
    const merged = new Map<SettingKey, { value: unknown; location: string }>();
    for (const document of await readSource(source, problems)) {
      for (const { key, value } of acceptDocument(document, problems)) merged.set(key, { value, location: document.location });
    }
    reportSources.push({ kind: source.kind, location: source.location, keys: SETTING_KEYS.filter((key) => merged.has(key)) });
    for (const [key, entry] of merged) {
      if (Object.hasOwn(values, key)) continue;
      values[key] = entry.value;
      valueSources[key] = entry.location;
    }
  }
  return { values, valueSources, report: { sources: reportSources, problems } };
}

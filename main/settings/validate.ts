import { z } from 'zod';
import type { ErrorInfo } from '../../preload/contract/errors';
import type { AnySettingDefinition } from './schema';

/** `message` is German for IT (policy report, log); a student's refused input gets refusedValue() instead. */
export type ValidationResult = { ok: true; value: unknown } | { ok: false; message: string };

// Built-in zod messages in German; our own refinements already carry German text.
const germanErrors = z.locales.de().localeError;

function formatPath(key: string, path: readonly PropertyKey[]): string {
  return path.reduce<string>((text, part) => (typeof part === 'number' ? `${text}[${part}]` : `${text}.${String(part)}`), key);
}

/** What a value looks like, for messages: never the whole value (it may be long or contain a certificate). */
export function describeValueShape(value: unknown): string {
  if (value === null) return 'null';
  if (Array.isArray(value)) return `Liste mit ${value.length} Einträgen`;
  if (typeof value === 'string') return value.length > 60 ? `Text „${value.slice(0, 57)}…“` : `Text „${value}“`;
  if (typeof value === 'number') return `Zahl ${value}`;
  if (typeof value === 'boolean') return `Wahrheitswert ${value}`;
  if (typeof value === 'object') return 'Objekt';
  return typeof value;
}

/**
 * Checks `value` against the setting's schema. The message names the key, says what is expected
 * and, for a nested value, where exactly it went wrong (`portals[1].url: …`).
 */
export function validateSettingValue(definition: AnySettingDefinition, value: unknown): ValidationResult {
  const result = (definition.type.schema as z.ZodType).safeParse(value, { error: germanErrors });
  if (result.success) return { ok: true, value: result.data };
  const issue = result.error.issues[0];
  const head = `Ungültiger Wert für „${definition.key}“: erwartet ${definition.type.expected.de}`;
  // A nested or custom issue pinpoints the fault; a top-level type mismatch is said best by what was received.
  if (issue && (issue.path.length > 0 || issue.code === 'custom')) {
    const detail = issue.message.endsWith('.') ? issue.message : `${issue.message}.`;
    return { ok: false, message: `${head}. Fehler bei ${formatPath(definition.key, issue.path)}: ${detail}` };
  }
  return { ok: false, message: `${head}, erhalten: ${describeValueShape(value)}.` };
}

/**
 * A refused user input as catalog code and data (the renderer words it): the allowed values or
 * the range when the type has them, else only the key. Never zod's text, never the value itself.
 */
export function refusedValue(definition: AnySettingDefinition): ErrorInfo {
  const allowed = definition.type.allowed;
  const key = definition.key;
  if (allowed && 'values' in allowed) return { code: 'invalid-value-allowed', params: { key, allowed: allowed.values.join(', ') } };
  if (allowed) return { code: 'invalid-value-range', params: { key, min: allowed.min, max: allowed.max } };
  return { code: 'invalid-value', params: { key } };
}

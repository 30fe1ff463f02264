import { z } from 'zod';
import type { AnySettingDefinition } from '../../settings/schema';

/**
 * What a setting's value looks like in terms every policy format can express (registry, plist,
 * ADMX, docs). Read from the zod schema itself, so templates and converters cannot drift from it.
 */
export type ScalarShape =
  | { kind: 'boolean' }
  | { kind: 'integer'; min: number; max: number }
  | { kind: 'choice'; values: readonly string[] }
  | { kind: 'string' };

export type SettingShape =
  | (ScalarShape & { nullable: boolean })
  | { kind: 'list'; item: ScalarShape; max: number; nullable: boolean }
  | { kind: 'objectList'; fields: readonly string[]; max: number; nullable: boolean };

function scalarShape(schema: z.ZodType, key: string): ScalarShape {
  if (schema instanceof z.ZodBoolean) return { kind: 'boolean' };
  if (schema instanceof z.ZodNumber) {
    if (schema.minValue === null || schema.maxValue === null) throw new Error(`${key}: integer settings need min and max`);
    return { kind: 'integer', min: schema.minValue, max: schema.maxValue };
  }
  if (schema instanceof z.ZodEnum) return { kind: 'choice', values: schema.options.map(String) };
  if (schema instanceof z.ZodString) return { kind: 'string' };
  throw new Error(`${key}: no policy shape for this schema`);
}

/** The `.max(n)` of a list; read from the checks because zod fills `_zod.bag` only lazily. */
function maxLength(schema: z.ZodArray): number | undefined {
  for (const check of schema._zod.def.checks ?? []) {
    const def = check._zod.def as { check: string; maximum?: unknown };
    if (def.check === 'max_length' && typeof def.maximum === 'number') return def.maximum;
  }
  return undefined;
}

export function settingShape(definition: AnySettingDefinition): SettingShape {
  let schema = definition.type.schema as z.ZodType;
  let nullable = false;
  if (schema instanceof z.ZodNullable) {
    nullable = true;
    schema = schema.unwrap() as z.ZodType;
  }
  if (schema instanceof z.ZodArray) {
    const max = maxLength(schema);
    if (typeof max !== 'number') throw new Error(`${definition.key}: list settings need a maximum length`);
    const element = schema.element as z.ZodType;
    if (element instanceof z.ZodObject) return { kind: 'objectList', fields: Object.keys(element.shape), max, nullable };
    return { kind: 'list', item: scalarShape(element, definition.key), max, nullable };
  }
  return { ...scalarShape(schema, definition.key), nullable };
}

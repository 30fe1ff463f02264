import { z } from 'zod';
import type { ApiMethodName, CoreMethods } from '../../preload/api';

/** One argument-tuple schema per method of a contract part; a missing one is a compile error. */
export type InputSchemasFor<Methods> = { [M in keyof Methods]: z.ZodType<unknown[]> };

/** Setting keys are short dotted or camelCase identifiers; anything else is rejected before lookup. */
const settingKey = z.string().min(1).max(100).regex(/^[A-Za-z][A-Za-z0-9.]*$/);
/** User values are JSON-ish and small; the settings service validates them against the setting's own schema. */
const settingValue = z.union([z.string().max(10_000), z.number(), z.boolean(), z.null(), z.array(z.unknown()).max(200), z.record(z.string(), z.unknown())]);

const none = z.tuple([]);

export const CORE_INPUT_SCHEMAS: InputSchemasFor<CoreMethods> = {
  'app.info': none,
  'settings.list': none,
  'settings.set': z.tuple([settingKey, settingValue]),
  'settings.reset': z.tuple([settingKey]),
  'policy.report': none,
  'connectivity.get': none,
  'connectivity.networkChanged': z.tuple([z.boolean()]),
  'store.notice': none,
  'store.noticeSeen': none,
};

/** One input schema per API method; main/api/input-schemas.ts assembles them (core + every feature). */
export type InputSchemas = { [M in ApiMethodName]: z.ZodType<unknown[]> };

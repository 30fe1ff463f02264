import { z } from 'zod';
import type { ApiMethodName } from '../../preload/api';

/** Setting keys are short dotted or camelCase identifiers; anything else is rejected before lookup. */
const settingKey = z.string().min(1).max(100).regex(/^[A-Za-z][A-Za-z0-9.]*$/);
/** User values are JSON-ish and small; the settings service validates them against the setting's own schema. */
const settingValue = z.union([z.string().max(10_000), z.number(), z.boolean(), z.null(), z.array(z.unknown()).max(200), z.record(z.string(), z.unknown())]);

const none = z.tuple([]);

/**
 * One input schema per API method (the mapped type makes a missing one a compile error).
 * Handlers receive only what passed these schemas.
 */
export const INPUT_SCHEMAS: { [M in ApiMethodName]: z.ZodType<unknown[]> } = {
  'app.info': none,
  'settings.list': none,
  'settings.set': z.tuple([settingKey, settingValue]),
  'settings.reset': z.tuple([settingKey]),
  'policy.report': none,
  'connectivity.get': none,
};

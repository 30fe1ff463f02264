import { z } from 'zod';
import type { ApiMethodName, CoreMethods } from '../../preload/api';
import { CONFERENCE_INPUT_SCHEMAS } from '../api/conference';
import { CONTENT_INPUT_SCHEMAS } from '../api/content';
import { IT_INPUT_SCHEMAS } from '../api/it';
import { OFFLINE_INPUT_SCHEMAS } from '../api/offline';
import { PORTAL_INPUT_SCHEMAS } from '../api/portal';
import { START_INPUT_SCHEMAS } from '../api/start';

/** One argument-tuple schema per method of a contract part; a missing one is a compile error. */
export type InputSchemasFor<Methods> = { [M in keyof Methods]: z.ZodType<unknown[]> };

/** Setting keys are short dotted or camelCase identifiers; anything else is rejected before lookup. */
const settingKey = z.string().min(1).max(100).regex(/^[A-Za-z][A-Za-z0-9.]*$/);
/** User values are JSON-ish and small; the settings service validates them against the setting's own schema. */
const settingValue = z.union([z.string().max(10_000), z.number(), z.boolean(), z.null(), z.array(z.unknown()).max(200), z.record(z.string(), z.unknown())]);

const none = z.tuple([]);

const CORE_INPUT_SCHEMAS: InputSchemasFor<CoreMethods> = {
  'app.info': none,
  'settings.list': none,
  'settings.set': z.tuple([settingKey, settingValue]),
  'settings.reset': z.tuple([settingKey]),
  'policy.report': none,
  'connectivity.get': none,
  'connectivity.networkChanged': z.tuple([z.boolean()]),
};

/**
 * One input schema per API method (the mapped type makes a missing one a compile error).
 * Handlers receive only what passed these schemas. Features keep theirs in main/api/<feature>.ts.
 */
export const INPUT_SCHEMAS: { [M in ApiMethodName]: z.ZodType<unknown[]> } = {
  ...CORE_INPUT_SCHEMAS,
  ...PORTAL_INPUT_SCHEMAS,
  ...CONTENT_INPUT_SCHEMAS,
  ...OFFLINE_INPUT_SCHEMAS,
  ...CONFERENCE_INPUT_SCHEMAS,
  ...IT_INPUT_SCHEMAS,
  ...START_INPUT_SCHEMAS,
};

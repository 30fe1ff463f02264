import { CORE_INPUT_SCHEMAS } from '../ipc/schemas';
import type { InputSchemas } from '../ipc/schemas';
import { CONFERENCE_INPUT_SCHEMAS } from './conference';
import { CONTENT_INPUT_SCHEMAS } from './content';
import { IT_INPUT_SCHEMAS } from './it';
import { OFFLINE_INPUT_SCHEMAS } from './offline';
import { PORTAL_INPUT_SCHEMAS } from './portal';
import { START_INPUT_SCHEMAS } from './start';

/**
 * One input schema per API method (the mapped type makes a missing one a compile error).
 * Handlers receive only what passed these schemas. Features keep theirs in main/api/<feature>.ts;
 * they are assembled here, above the features, so the ipc core imports no feature.
 */
export const INPUT_SCHEMAS: InputSchemas = {
  ...CORE_INPUT_SCHEMAS,
  ...PORTAL_INPUT_SCHEMAS,
  ...CONTENT_INPUT_SCHEMAS,
  ...OFFLINE_INPUT_SCHEMAS,
  ...CONFERENCE_INPUT_SCHEMAS,
  ...IT_INPUT_SCHEMAS,
  ...START_INPUT_SCHEMAS,
};

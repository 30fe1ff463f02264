import { CORE_INPUT_SCHEMAS } from '../ipc/schemas';
import type { InputSchemas } from '../ipc/schemas';
import { ASSIGNMENTS_INPUT_SCHEMAS } from './assignments';
import { CONFERENCE_INPUT_SCHEMAS } from './conference';
import { CONTENT_INPUT_SCHEMAS } from './content';
import { DEVICE_INPUT_SCHEMAS } from './device';
import { DIAGNOSTICS_INPUT_SCHEMAS } from './diagnostics';
import { OUTBOX_INPUT_SCHEMAS } from './outbox';
import { PORTAL_INPUT_SCHEMAS } from './portal';
import { PRIVACY_INPUT_SCHEMAS } from './privacy';
import { START_INPUT_SCHEMAS } from './start';
import { SYNC_INPUT_SCHEMAS } from './sync';
import { UPDATES_INPUT_SCHEMAS } from './updates';

/**
 * One input schema per API method (the mapped type makes a missing one a compile error).
 * Handlers receive only what passed these schemas. Features keep theirs in main/api/<feature>.ts;
 * they are assembled here, above the features, so the ipc core imports no feature.
 */
export const INPUT_SCHEMAS: InputSchemas = {
  ...CORE_INPUT_SCHEMAS,
  ...PORTAL_INPUT_SCHEMAS,
  ...CONTENT_INPUT_SCHEMAS,
  ...ASSIGNMENTS_INPUT_SCHEMAS,
  ...OUTBOX_INPUT_SCHEMAS,
  ...DEVICE_INPUT_SCHEMAS,
  ...SYNC_INPUT_SCHEMAS,
  ...CONFERENCE_INPUT_SCHEMAS,
  ...UPDATES_INPUT_SCHEMAS,
  ...DIAGNOSTICS_INPUT_SCHEMAS,
  ...PRIVACY_INPUT_SCHEMAS,
  ...START_INPUT_SCHEMAS,
};

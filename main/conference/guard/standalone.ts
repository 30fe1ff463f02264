/**
 * Entry of the standalone guard file out/conference-guard/guard.js (an IIFE, no imports), for
 * injecting the guard into any page in tests. Its configuration comes from a global set just
 * before (and removed here): window.__SCHULDESK_GUARD_CONFIG__ = { channel, objection, allowRecording }.
 * Without it the guard starts with channel "schuldesk-guard", objection off, recording blocked.
 */
import { installConferenceGuard } from './install-guard';
import type { ConferenceGuardConfig } from './install-guard';

const CONFIG_KEY = '__SCHULDESK_GUARD_CONFIG__';
const holder = globalThis as unknown as Record<string, Partial<ConferenceGuardConfig> | undefined>;
const given = holder[CONFIG_KEY];
delete holder[CONFIG_KEY];
installConferenceGuard({
  channel: typeof given?.channel === 'string' && given.channel !== '' ? given.channel : 'schuldesk-guard',
  objection: given?.objection === true,
  allowRecording: given?.allowRecording === true,
});

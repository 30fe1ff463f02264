/**
 * Entry of the standalone guard file out/conference-guard/guard.js (an IIFE, no imports), for
 * injecting the guard into any page in tests. Its configuration comes from a global set just
 * before (and removed here): window.__SCHULDESK_GUARD_CONFIG__ = { objection, allowRecording, controlKey }.
 * Without it the guard starts with the objection off and recording blocked. With `controlKey`, the
 * test (standing in for the preload) finds `{ setObjection, reports }` under that non-enumerable key.
 */
import { installConferenceGuard } from './install-guard';
import type { ConferenceGuardConfig, GuardReportName } from './install-guard';

const CONFIG_KEY = '__SCHULDESK_GUARD_CONFIG__';
const holder = globalThis as unknown as Record<string, (Partial<ConferenceGuardConfig> & { controlKey?: unknown }) | undefined>;
const given = holder[CONFIG_KEY];
delete holder[CONFIG_KEY];
const reports: GuardReportName[] = [];
const setObjection = installConferenceGuard({ objection: given?.objection === true, allowRecording: given?.allowRecording === true }, (name) => {
  reports.push(name);
});
if (typeof given?.controlKey === 'string' && given.controlKey !== '') {
  Object.defineProperty(globalThis, given.controlKey, { value: Object.freeze({ setObjection, reports }), enumerable: false });
}

/**
 * The contract between the untrusted renderer and the trusted main process.
 *
 * This file and its feature parts in `preload/contract/` are the single source of truth for what
 * the renderer may ask and what it hears back. They import nothing but each other (they are
 * compiled into main, preload and renderer alike).
 * - `ApiMethods`: every request the renderer can make, with argument tuple and result type.
 * - `ApiEvents`: every event main pushes to the renderer, with its payload type.
 * The core methods (app, settings, policy, connectivity) are declared here; each feature declares
 * its own in `preload/contract/<feature>.ts` (one part per feature; a part without events has no
 * `…Events`) and main binds them in `main/api/<feature>.ts` (input schema + handler per method; a
 * missing one is a compile error).
 */
import type { ErrorInfo } from './contract/errors';
import { CONFERENCE_EVENT_NAMES, CONFERENCE_METHOD_NAMES } from './contract/conference';
import type { ConferenceEvents, ConferenceMethods } from './contract/conference';
import { CONTENT_EVENT_NAMES, CONTENT_METHOD_NAMES } from './contract/content';
import type { ContentEvents, ContentMethods } from './contract/content';
import { ASSIGNMENTS_EVENT_NAMES, ASSIGNMENTS_METHOD_NAMES } from './contract/assignments';
import type { AssignmentsEvents, AssignmentsMethods } from './contract/assignments';
import { DEVICE_METHOD_NAMES } from './contract/device';
import type { DeviceMethods } from './contract/device';
import { DIAGNOSTICS_METHOD_NAMES } from './contract/diagnostics';
import type { DiagnosticsMethods } from './contract/diagnostics';
import { OUTBOX_EVENT_NAMES, OUTBOX_METHOD_NAMES } from './contract/outbox';
import type { OutboxEvents, OutboxMethods } from './contract/outbox';
import { PORTAL_EVENT_NAMES, PORTAL_METHOD_NAMES } from './contract/portal';
import type { PortalEvents, PortalMethods } from './contract/portal';
import { PRIVACY_METHOD_NAMES } from './contract/privacy';
import type { PrivacyMethods } from './contract/privacy';
import { START_EVENT_NAMES, START_METHOD_NAMES } from './contract/start';
import type { StartEvents, StartMethods } from './contract/start';
import { SYNC_EVENT_NAMES, SYNC_METHOD_NAMES } from './contract/sync';
import type { SyncEvents, SyncMethods } from './contract/sync';
import { UPDATES_EVENT_NAMES, UPDATES_METHOD_NAMES } from './contract/updates';
import type { UpdatesEvents, UpdatesMethods } from './contract/updates';

export type Language = 'de' | 'en';

export interface AppInfo {
  name: 'SchulDesk';
  version: string;
  /** Which shell binds the services: the real Electron app or the dev/test browser shell. */
  shell: 'electron' | 'browser';
  platform: string;
}

/** Where an effective setting value came from. Policy always wins and locks the setting. */
export type SettingSource = 'policy' | 'user' | 'default';

export interface SettingView {
  key: string;
  value: unknown;
  defaultValue: unknown;
  source: SettingSource;
  /** True when machine policy fixes the value: the UI shows "von Ihrer Schule festgelegt". */
  locked: boolean;
  /** False for keys only IT can set (e.g. the portal list); the UI shows them read-only. */
  userEditable: boolean;
  /** When `source` is 'policy': the document that set the value (policy file, registry key, plist). */
  policyLocation?: string;
}

export interface PolicyProblem {
  /** The file or registry path the problem was found in. */
  source: string;
  key?: string;
  message: string;
}

export interface PolicyReport {
  sources: { kind: string; location: string; keys: string[] }[];
  problems: PolicyProblem[];
}

export type ConnectivityStatus = 'online' | 'portal-unreachable' | 'offline';

export interface ConnectivityState {
  status: ConnectivityStatus;
  /** Epoch milliseconds of the last successful sync, or null if never synced. */
  lastSyncAt: number | null;
  syncing: boolean;
}

/**
 * Once after the local store was repaired at this start (main/store/salvage.ts), or when damage
 * showed up during use: Start shows one sentence until the student dismisses it.
 * - salvaged: the damaged file was moved aside, this much was copied into a fresh one;
 * - salvaged-newer-version: the same for a file written by a newer SchulDesk (downgrade);
 * - started-empty: nothing in the damaged file was readable;
 * - damaged-restart: damage found during use; the repair runs at the next start.
 */
export interface StoreNotice {
  kind: 'salvaged' | 'salvaged-newer-version' | 'started-empty' | 'damaged-restart';
  drafts: number;
  outbox: number;
  accounts: number;
}

/** The core requests (declared here); features add theirs in preload/contract/. */
export interface CoreMethods {
  'app.info': { args: []; result: AppInfo };
  'settings.list': { args: []; result: SettingView[] };
  'settings.set': { args: [key: string, value: unknown]; result: SettingView[] };
  'settings.reset': { args: [key: string]; result: SettingView[] };
  'policy.report': { args: []; result: PolicyReport };
  'connectivity.get': { args: []; result: ConnectivityState };
  /** The OS network went on or off (the renderer's online/offline events): main then retries at once. */
  'connectivity.networkChanged': { args: [online: boolean]; result: null };
  /** The pending store notice, or null. */
  'store.notice': { args: []; result: StoreNotice | null };
  /** The student dismissed it. */
  'store.noticeSeen': { args: []; result: null };
}

export interface CoreEvents {
  'settings.changed': SettingView[];
  'connectivity.changed': ConnectivityState;
  /** Damage found during use (kind damaged-restart). */
  'store.notice': StoreNotice;
}

/** Every request the renderer may make: name → [argument tuple, result]. */
export interface ApiMethods
  extends CoreMethods,
    PortalMethods,
    ContentMethods,
    AssignmentsMethods,
    OutboxMethods,
    DeviceMethods,
    SyncMethods,
    ConferenceMethods,
    UpdatesMethods,
    DiagnosticsMethods,
    PrivacyMethods,
    StartMethods {}

/** Every event main pushes: name → payload. */
export interface ApiEvents extends CoreEvents, PortalEvents, ContentEvents, AssignmentsEvents, OutboxEvents, SyncEvents, ConferenceEvents, UpdatesEvents, StartEvents {}

export type ApiMethodName = keyof ApiMethods;
export type ApiEventName = keyof ApiEvents;
export type ApiArgs<M extends ApiMethodName> = ApiMethods[M]['args'];
export type ApiResult<M extends ApiMethodName> = ApiMethods[M]['result'];

/**
 * The runtime list of method names. `satisfies` + the exhaustiveness type below make the
 * compiler fail if a method is added to `ApiMethods` but not here (or the other way round).
 */
export const CORE_METHOD_NAMES = [
  'app.info',
  'settings.list',
  'settings.set',
  'settings.reset',
  'policy.report',
  'connectivity.get',
  'connectivity.networkChanged',
  'store.notice',
  'store.noticeSeen',
] as const satisfies readonly (keyof CoreMethods)[];

export const CORE_EVENT_NAMES = ['settings.changed', 'connectivity.changed', 'store.notice'] as const satisfies readonly (keyof CoreEvents)[];

export const API_METHOD_NAMES = [
  ...CORE_METHOD_NAMES,
  ...PORTAL_METHOD_NAMES,
  ...CONTENT_METHOD_NAMES,
  ...ASSIGNMENTS_METHOD_NAMES,
  ...OUTBOX_METHOD_NAMES,
  ...DEVICE_METHOD_NAMES,
  ...SYNC_METHOD_NAMES,
  ...CONFERENCE_METHOD_NAMES,
  ...UPDATES_METHOD_NAMES,
  ...DIAGNOSTICS_METHOD_NAMES,
  ...PRIVACY_METHOD_NAMES,
  ...START_METHOD_NAMES,
] as const satisfies readonly ApiMethodName[];

export const API_EVENT_NAMES = [
  ...CORE_EVENT_NAMES,
  ...PORTAL_EVENT_NAMES,
  ...CONTENT_EVENT_NAMES,
  ...ASSIGNMENTS_EVENT_NAMES,
  ...OUTBOX_EVENT_NAMES,
  ...SYNC_EVENT_NAMES,
  ...CONFERENCE_EVENT_NAMES,
  ...UPDATES_EVENT_NAMES,
  ...START_EVENT_NAMES,
] as const satisfies readonly ApiEventName[];

type Missing<All, Listed> = Exclude<All, Listed>;
// If either line fails to compile, a name is missing from the runtime list above.
const _allMethodsListed: Missing<ApiMethodName, (typeof API_METHOD_NAMES)[number]> extends never ? true : never = true;
const _allEventsListed: Missing<ApiEventName, (typeof API_EVENT_NAMES)[number]> extends never ? true : never = true;
void _allMethodsListed;
void _allEventsListed;

export function isApiMethodName(value: unknown): value is ApiMethodName {
  return typeof value === 'string' && (API_METHOD_NAMES as readonly string[]).includes(value);
}

export function isApiEventName(value: unknown): value is ApiEventName {
  return typeof value === 'string' && (API_EVENT_NAMES as readonly string[]).includes(value);
}

/** An error that crossed the border: a code of the error catalog plus its text's parameters (no prose). */
export type ApiErrorPayload = ErrorInfo;

/** What `window.schuldesk` offers in Electron, and what the browser-shell bridge implements too. */
export interface SchulDeskApi {
  invoke<M extends ApiMethodName>(method: M, ...args: ApiArgs<M>): Promise<ApiResult<M>>;
  /** Subscribe to one event; returns the unsubscribe function. */
  on<E extends ApiEventName>(event: E, listener: (payload: ApiEvents[E]) => void): () => void;
}

/** IPC channel for one method. One `ipcMain.handle` per method. */
export function methodChannel(method: ApiMethodName): string {
  return `schuldesk:${method}`;
}

/** The one channel main uses to push events; the preload fans them out by name. */
export const EVENT_CHANNEL = 'schuldesk:event';

declare global {
  interface Window {
    /** Present only inside the Electron app (exposed by preload/app.ts). */
    schuldesk?: SchulDeskApi;
  }
}

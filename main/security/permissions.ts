/**
 * Permission decisions for every session. Electron grants everything when no handler is set
 * (electron-platform notes §1.1), so main/electron/security-hooks.ts installs request, check,
 * display-media and device handlers on every session and they all end up here.
 *
 * Shape: global invariants first (nobody can override them), then one rule per window kind.
 * Today every rule denies, except that our own UI may write to the clipboard ("copy
 * diagnostics"). Meetings do not use these rules: each meeting's own session gets its handlers
 * from main/electron/conference-window.ts (decideMedia). The invariants still hold for every
 * session set up here: no screen capture — in Electron 45 that is permission `display-capture`
 * with `mediaTypes` `['video']` (and maybe `'audio'`), for getDisplayMedia and for legacy
 * getUserMedia with `chromeMediaSource` alike (electron.d.ts, setPermissionRequestHandler) — and
 * no `media` request without a camera or microphone type.
 */
import type { DevicePermissionHandlerHandlerDetails, DisplayMediaRequestHandlerHandlerRequest, Session } from 'electron';
import { isAppUrl, parseUrl } from './origins';
import type { ContentsKind } from './window-policy';

type RequestHandler = NonNullable<Parameters<Session['setPermissionRequestHandler']>[0]>;
type CheckHandler = NonNullable<Parameters<Session['setPermissionCheckHandler']>[0]>;

/** Every permission string Electron's request handler can receive (from electron.d.ts). */
export type ElectronPermission = Parameters<RequestHandler>[1];
/** The check handler's strings; the same set (checked below). */
export type ElectronCheckPermission = Parameters<CheckHandler>[1];

/** The runtime list, used by the exhaustive tests. The type checks below keep it complete. */
export const ELECTRON_PERMISSIONS = [
  'ar',
  'automatic-fullscreen',
  'background-fetch',
  'background-sync',
  'captured-surface-control',
  'clipboard-read',
  'clipboard-sanitized-write',
  'deprecated-sync-clipboard-read',
  'display-capture',
  'fileSystem',
  'fullscreen',
  'geolocation',
  'geolocation-approximate',
  'hand-tracking',
  'hid',
  'idle-detection',
  'keyboardLock',
  'local-fonts',
  'local-network',
  'local-network-access',
  'loopback-network',
  'media',
  'mediaKeySystem',
  'midi',
  'midiSysex',
  'nfc',
  'notifications',
  'openExternal',
  'payment-handler',
  'periodic-background-sync',
  'persistent-storage',
  'pointerLock',
  'screen-wake-lock',
  'sensors',
  'serial',
  'smart-card',
  'speaker-selection',
  'storage-access',
  'system-wake-lock',
  'top-level-storage-access',
  'usb',
  'vr',
  'web-app-installation',
  'web-printing',
  'window-management',
  'unknown',
] as const satisfies readonly ElectronPermission[];

// If a line fails to compile, Electron's list and ours differ (an Electron upgrade added one).
const _allRequestPermissionsListed: Exclude<ElectronPermission, (typeof ELECTRON_PERMISSIONS)[number]> extends never ? true : never = true;
const _checkMatchesRequest: Exclude<ElectronCheckPermission, ElectronPermission> extends never ? true : never = true;
void _allRequestPermissionsListed;
void _checkMatchesRequest;

export type PermissionDecision = 'grant' | 'deny';
export type MediaType = 'audio' | 'video';

/**
 * What a rule sees, for requests and checks alike.
 * `media` is set only for the `media` permission:
 * - request: `types` = details.mediaTypes (`'video'` camera, `'audio'` microphone);
 * - check: `types` = [details.mediaType] when it is audio or video, else empty.
 * Screen capture never reaches a rule: it is `display-capture`, which the invariants deny.
 */
export interface PermissionQuery {
  phase: 'request' | 'check';
  window: ContentsKind;
  permission: ElectronPermission;
  /** URL or origin of the frame that asks (request: details.requestingUrl; check: requestingOrigin). */
  requestingUrl: string;
  /** The top frame's origin when the asking frame is embedded (check handler only). */
  embeddingOrigin: string | null;
  isMainFrame: boolean;
  media: { types: readonly MediaType[]; securityOrigin: string | null } | null;
}

export type PermissionRule = (query: PermissionQuery) => PermissionDecision;
export type PermissionRules = Readonly<Record<ContentsKind, PermissionRule>>;

export const denyAll: PermissionRule = () => 'deny';

/** Our UI may put text on the clipboard ("Diagnose kopieren"); nothing else. */
export const mainWindowRule: PermissionRule = (query) => {
  if (query.permission !== 'clipboard-sanitized-write') return 'deny';
  if (!isAppUrl(query.requestingUrl)) return 'deny';
  if (query.embeddingOrigin !== null && !isAppUrl(query.embeddingOrigin)) return 'deny';
  return 'grant';
};

export const DEFAULT_PERMISSION_RULES: PermissionRules = {
  main: mainWindowRule,
  portal: denyAll,
  conference: denyAll,
  unknown: denyAll,
};

export interface PermissionContext {
  window: ContentsKind;
  /** Per-kind rules; defaults to DEFAULT_PERMISSION_RULES. */
  rules?: PermissionRules;
}

/** Details as Electron passes them to the request handler (any of its detail structures fits). */
export interface PermissionRequestDetails {
  requestingUrl?: string;
  isMainFrame?: boolean;
  mediaTypes?: readonly MediaType[];
  securityOrigin?: string;
}

/** Details as Electron passes them to the check handler. */
export interface PermissionCheckDetails {
  requestingUrl?: string;
  isMainFrame?: boolean;
  embeddingOrigin?: string;
  securityOrigin?: string;
  mediaType?: MediaType | 'unknown';
}

const KNOWN_PERMISSIONS: ReadonlySet<string> = new Set(ELECTRON_PERMISSIONS);

/** Rules no window kind can relax. Returns 'deny' or null (= ask the window's rule). */
function invariant(query: PermissionQuery): PermissionDecision | null {
  if (query.window === 'unknown') return 'deny';
  // A string newer than our Electron typings: deny until someone decides about it.
  if (!KNOWN_PERMISSIONS.has(query.permission)) return 'deny';
  if (parseUrl(query.requestingUrl) === null) return 'deny';
  // Screen, window or tab capture (getDisplayMedia and legacy chromeMediaSource getUserMedia):
  // `display-capture` in Electron 45. Only a meeting's own session may offer it (through its picker).
  if (query.permission === 'display-capture') return 'deny';
  // A `media` request names what it wants; one without a camera or microphone type is refused.
  if (query.permission === 'media' && (query.media === null || query.media.types.length === 0)) return 'deny';
  return null;
}

function decide(query: PermissionQuery, rules: PermissionRules | undefined): PermissionDecision {
  const fixed = invariant(query);
  if (fixed !== null) return fixed;
  const rule = (rules ?? DEFAULT_PERMISSION_RULES)[query.window];
  return rule(query) === 'grant' ? 'grant' : 'deny';
}

function isMediaType(value: unknown): value is MediaType {
  return value === 'audio' || value === 'video';
}

/** For `ses.setPermissionRequestHandler`. */
export function decidePermissionRequest(
  context: PermissionContext,
  permission: ElectronPermission,
  details: PermissionRequestDetails,
): PermissionDecision {
  const types = Array.isArray(details.mediaTypes) ? details.mediaTypes : [];
  return decide(
    {
      phase: 'request',
      window: context.window,
      permission,
      requestingUrl: details.requestingUrl ?? '',
      embeddingOrigin: null,
      isMainFrame: details.isMainFrame === true,
      // An unexpected value inside mediaTypes voids the whole request.
      media:
        permission === 'media'
          ? { types: types.every(isMediaType) ? types : [], securityOrigin: details.securityOrigin ?? null }
          : null,
    },
    context.rules,
  );
}

/** For `ses.setPermissionCheckHandler` (the layer returns `decision === 'grant'`). */
export function decidePermissionCheck(
  context: PermissionContext,
  permission: ElectronCheckPermission,
  requestingOrigin: string,
  details: PermissionCheckDetails,
): PermissionDecision {
  return decide(
    {
      phase: 'check',
      window: context.window,
      permission,
      requestingUrl: requestingOrigin,
      embeddingOrigin: details.embeddingOrigin ?? null,
      isMainFrame: details.isMainFrame === true,
      media:
        permission === 'media'
          ? { types: isMediaType(details.mediaType) ? [details.mediaType] : [], securityOrigin: details.securityOrigin ?? null }
          : null,
    },
    context.rules,
  );
}

/**
 * For `ses.setDisplayMediaRequestHandler` on every session but a meeting's: always deny, which the
 * hook answers with `callback(null)` (the callback takes `Streams | null`). Screens are shared only
 * from a meeting, through its picker; this handler exists so no default (or system picker) applies.
 */
export function decideDisplayMediaRequest(
  _context: PermissionContext,
  _request: Pick<DisplayMediaRequestHandlerHandlerRequest, 'securityOrigin' | 'videoRequested' | 'audioRequested' | 'userGesture'>,
): 'deny' {
  return 'deny';
}

/** For `ses.setDevicePermissionHandler` (HID, serial, USB): always deny. */
export function decideDevicePermission(
  _context: PermissionContext,
  _details: Pick<DevicePermissionHandlerHandlerDetails, 'deviceType' | 'origin'>,
): PermissionDecision {
  return 'deny';
}

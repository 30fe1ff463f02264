/**
 * The media decision of a conference session: one pure
 * function the conference window's permission request and check handlers both call.
 *
 * Electron 45 shapes (docs/electron-contract.md, quoted from node_modules/electron/electron.d.ts):
 * - camera/microphone: permission `media`, `details.mediaTypes` `['video']` (camera) and/or
 *   `['audio']` (microphone);
 * - screen, window or tab capture: permission `display-capture`, `details.mediaTypes` `['video']`
 *   (the surface) and maybe `'audio'` (its sound) — "whether made through `getDisplayMedia` or
 *   through `getUserMedia` with `chromeMediaSource` constraints". Only a granted `display-capture`
 *   makes Electron call the display-media handler (getDisplayMedia); the legacy getUserMedia path
 *   never reaches that handler, see conference-window.ts for how main handles it;
 * - the check handler: `details.mediaType` singular (`'video' | 'audio' | 'unknown'`).
 * `media` with empty `mediaTypes` (screen capture before Electron 45) is refused as no-media-type.
 * One answer covers the whole request, so a request for audio+video is allowed only if the video
 * part is.
 */
import { webOriginOf } from '../security/origins';

export type ConferenceRole = 'moderator' | 'viewer';

export interface MediaQuery {
  /** request: setPermissionRequestHandler; check: setPermissionCheckHandler. */
  phase: 'request' | 'check';
  permission: string;
  /** request: details.mediaTypes; check: [details.mediaType] ('unknown' included as given), [] when absent. */
  mediaTypes: readonly string[];
  /** The asking frame's URL or origin (request: details.requestingUrl; check: requestingOrigin). */
  origin: string;
  /** Origin of the Moodle-issued join URL. */
  bbbOrigin: string;
  /** Policy extraBbbHosts (origins). */
  extraHosts: readonly string[];
  role: ConferenceRole;
  /** Policy cameraGate: camera only after "Kamera freigeben". */
  cameraGate: boolean;
  /** The student pressed "Kamera freigeben" (or "Freigeben" in the toolbar question) in this meeting. */
  cameraReleased: boolean;
  /** Effective objection: own toggle OR policy objectionForced. */
  objection: boolean;
  /** The student picked a source in the SchulDesk picker for this screen-share request. */
  screenShareGranted: boolean;
  /** The student chose "Nicht mehr fragen" in the picker: no picker again in this meeting. */
  screenStopped?: boolean;
  /** Policy screenSharingRoles. */
  screenSharingRoles: readonly ConferenceRole[];
}

export type MediaAllowReason = 'microphone' | 'camera' | 'camera-and-microphone' | 'screen';
export type MediaDenyReason =
  | 'not-media'
  | 'foreign-origin'
  | 'unknown-media-type'
  /** `media`/`display-capture` without any media type: nothing we could name to the student. */
  | 'no-media-type'
  | 'objection'
  /** A check (no question possible) while the camera gate is closed. */
  | 'camera-not-released'
  /** A request while the camera gate is closed and no objection holds: ask the student in the toolbar. */
  | 'camera-ask'
  | 'screen-role'
  /** Screen capture by an allowed role, but the picker has not granted it (yet): show the picker. */
  | 'screen-needs-picker'
  /** The student chose "Nicht mehr fragen" in the picker of this meeting: refused without a picker. */
  | 'screen-stopped'
  /** Screen capture needs video (a surface); sound alone is not offered. */
  | 'screen-without-video'
  /** The check handler never reports screen capture as granted. */
  | 'screen-check';

export type MediaDecision = { allow: true; reason: MediaAllowReason } | { allow: false; reason: MediaDenyReason };

const deny = (reason: MediaDenyReason): MediaDecision => ({ allow: false, reason });
const allow = (reason: MediaAllowReason): MediaDecision => ({ allow: true, reason });

/** Exact origin match against the join URL's origin and the policy's extra BBB hosts (normalised by URL). */
export function isMeetingOrigin(origin: string, bbbOrigin: string, extraHosts: readonly string[]): boolean {
  const asked = webOriginOf(origin);
  if (asked === null) return false;
  if (asked === webOriginOf(bbbOrigin)) return true;
  return extraHosts.some((host) => webOriginOf(host) === asked);
}

function decideScreen(query: MediaQuery, types: ReadonlySet<string>): MediaDecision {
  if (query.phase === 'check') return deny('screen-check');
  if (!types.has('video')) return deny('screen-without-video');
  if (!query.screenSharingRoles.includes(query.role)) return deny('screen-role');
  // A page that asks again and again must not keep the student in the (window-modal) picker.
  if (query.screenStopped === true) return deny('screen-stopped');
  return query.screenShareGranted ? allow('screen') : deny('screen-needs-picker');
}

export function decideMedia(query: MediaQuery): MediaDecision {
  // Everything but camera/microphone (media) and screen capture (display-capture) is refused in a meeting.
  if (query.permission !== 'media' && query.permission !== 'display-capture') return deny('not-media');
  if (!isMeetingOrigin(query.origin, query.bbbOrigin, query.extraHosts)) return deny('foreign-origin');
  const types = new Set(query.mediaTypes);
  if (query.permission === 'display-capture' && query.phase === 'check') return deny('screen-check');
  if ([...types].some((type) => type !== 'audio' && type !== 'video')) return deny('unknown-media-type');
  if (types.size === 0) return deny('no-media-type');
  if (query.permission === 'display-capture') return decideScreen(query, types);
  if (types.has('video')) {
    // The objection (Art. 21 GDPR) beats everything, also a camera released earlier.
    if (query.objection) return deny('objection');
    if (query.cameraGate && !query.cameraReleased) return deny(query.phase === 'request' ? 'camera-ask' : 'camera-not-released');
    return allow(types.has('audio') ? 'camera-and-microphone' : 'camera');
  }
  return allow('microphone');
}

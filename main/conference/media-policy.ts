/**
 * The media decision of a conference session: one pure function the
 * conference window's permission request and check handlers both call. Electron delivers
 * getUserMedia and getDisplayMedia alike as permission `media`; getDisplayMedia has empty
 * `mediaTypes` (electron-platform notes §1.2). One answer covers the whole request, so a request
 * for audio+video is allowed only if the video part is.
 */
import { webOriginOf } from '../security/origins';

export type ConferenceRole = 'moderator' | 'viewer';

export interface MediaQuery {
  /** request: setPermissionRequestHandler; check: setPermissionCheckHandler. */
  phase: 'request' | 'check';
  permission: string;
  /** request: details.mediaTypes; check: [details.mediaType] ('unknown' included as given). */
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
  /** The student pressed "Kamera freigeben" in this meeting. */
  cameraReleased: boolean;
  /** Effective objection: own toggle OR policy objectionForced. */
  objection: boolean;
  /** The SchulDesk picker granted this screen-share request. */
  screenShareGranted: boolean;
  /** Policy screenSharingRoles. */
  screenSharingRoles: readonly ConferenceRole[];
}

export type MediaAllowReason = 'microphone' | 'camera' | 'camera-and-microphone' | 'screen';
export type MediaDenyReason =
  | 'not-media'
  | 'foreign-origin'
  | 'unknown-media-type'
  | 'objection'
  | 'camera-not-released'
  | 'screen-role'
  /** Screen capture by an allowed role, but the picker has not granted it (yet): show the picker. */
  | 'screen-needs-picker'
  /** The check handler never reports screen capture as granted. */
  | 'screen-check';

export type MediaDecision = { allow: true; reason: MediaAllowReason } | { allow: false; reason: MediaDenyReason };

const deny = (reason: MediaDenyReason): MediaDecision => ({ allow: false, reason });
const allow = (reason: MediaAllowReason): MediaDecision => ({ allow: true, reason });

function isMeetingOrigin(query: MediaQuery): boolean {
  const origin = webOriginOf(query.origin);
  if (origin === null) return false;
  if (origin === webOriginOf(query.bbbOrigin)) return true;
  return query.extraHosts.some((host) => webOriginOf(host) === origin);
}

export function decideMedia(query: MediaQuery): MediaDecision {
  // Everything but camera/microphone/screen is refused in a meeting (display-capture included:
  // screen capture only ever goes through `media` and the picker).
  if (query.permission !== 'media') return deny('not-media');
  if (!isMeetingOrigin(query)) return deny('foreign-origin');
  const types = new Set(query.mediaTypes);
  if ([...types].some((type) => type !== 'audio' && type !== 'video')) {
    // The check handler says 'unknown' for screen capture; a request never has other values.
    if (query.phase === 'check' && types.size === 1 && types.has('unknown')) return deny('screen-check');
    return deny('unknown-media-type');
  }
  if (types.size === 0) {
    if (query.phase === 'check') return deny('screen-check');
    if (!query.screenSharingRoles.includes(query.role)) return deny('screen-role');
    return query.screenShareGranted ? allow('screen') : deny('screen-needs-picker');
  }
  if (types.has('video')) {
    // The objection (Art. 21 GDPR) beats everything, also a camera released earlier.
    if (query.objection) return deny('objection');
    if (query.cameraGate && !query.cameraReleased) return deny('camera-not-released');
    return allow(types.has('audio') ? 'camera-and-microphone' : 'camera');
  }
  return allow('microphone');
}

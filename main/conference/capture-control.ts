/**
 * Main's own account of a meeting's captures: what main granted to the meeting
 * view's current document and may therefore be live, and what main must do when an event comes in.
 * Pure; main/electron/conference-window.ts applies the answer.
 *
 * Why main and not the page: a page holds its tracks in its own realm and can hide them from any
 * page-side bookkeeping (other frames, clones, document.open(), replaced prototypes). What the page
 * cannot survive is its WebContents being destroyed: every capture Chromium opened for it is closed
 * in the browser process. So when a capture main granted is no longer allowed (objection on, camera
 * withdrawn, role no longer allowed to share, a screen grant used by a capture the student did not
 * pick), main closes the meeting's WebContents (`webContents.close()` without `waitForBeforeUnload`,
 * so no `beforeunload` can hold it) and opens a fresh one in the same session on the same meeting:
 * BBB rejoins with the camera off, as after pressing F5.
 */
import { webOriginOf } from '../security/origins';
import type { MediaAllowReason } from './media-policy';

/** Captures main granted to the meeting view's current document (reset when it is replaced). */
export interface CaptureGrants {
  readonly camera: boolean;
  readonly microphone: boolean;
  readonly screen: boolean;
}

export const NO_GRANTS: CaptureGrants = { camera: false, microphone: false, screen: false };

/** What is allowed right now, as decideMedia would see it. */
export interface CaptureRules {
  /** Effective objection (own toggle OR policy objectionForced). */
  objection: boolean;
  /** Camera allowed: no gate (policy cameraGate false) or released in this meeting. */
  cameraAllowed: boolean;
  /** The meeting role may share its screen (policy screenSharingRoles). */
  screenAllowed: boolean;
}

export type CaptureEvent =
  /** The permission handler granted a request (decideMedia's allow reason). */
  | { type: 'granted'; reason: MediaAllowReason }
  /** The view's main frame committed a new document, or its renderer is gone: everything it held ended. */
  | { type: 'document-gone' }
  /** Objection, camera release or policy may have changed. */
  | { type: 'rules-changed' }
  /**
   * A display-capture grant the display-media handler did not take while Electron ran its
   * `callback(true)` (where it runs that handler for getDisplayMedia): a capture the student did not pick.
   */
  | { type: 'screen-grant-unclaimed' };

export type EndReason = 'objection' | 'camera-withdrawn' | 'screen-withdrawn' | 'unpicked-screen-capture';

export interface CaptureStep {
  grants: CaptureGrants;
  /** end-captures: close the meeting's WebContents and rejoin in a fresh one. */
  action: 'none' | 'end-captures';
  reason: EndReason | null;
}

const keep = (grants: CaptureGrants): CaptureStep => ({ grants, action: 'none', reason: null });
const end = (reason: EndReason): CaptureStep => ({ grants: NO_GRANTS, action: 'end-captures', reason });

/** Which capture a grant may have started. */
function granted(grants: CaptureGrants, reason: MediaAllowReason): CaptureGrants {
  switch (reason) {
    case 'camera':
      return { ...grants, camera: true };
    case 'camera-and-microphone':
      return { ...grants, camera: true, microphone: true };
    case 'microphone':
      return { ...grants, microphone: true };
    case 'screen':
      return { ...grants, screen: true };
  }
}

/** Which granted capture the rules no longer allow, if any (the camera first: it is the student's image). */
function withdrawn(grants: CaptureGrants, rules: CaptureRules): EndReason | null {
  if (grants.camera && rules.objection) return 'objection';
  if (grants.camera && !rules.cameraAllowed) return 'camera-withdrawn';
  if (grants.screen && !rules.screenAllowed) return 'screen-withdrawn';
  return null;
}

export function stepCaptures(grants: CaptureGrants, event: CaptureEvent, rules: CaptureRules): CaptureStep {
  switch (event.type) {
    case 'document-gone':
      return keep(NO_GRANTS);
    case 'screen-grant-unclaimed':
      return end('unpicked-screen-capture');
    case 'granted': {
      const next = granted(grants, event.reason);
      const reason = withdrawn(next, rules);
      return reason ? end(reason) : keep(next);
    }
    case 'rules-changed': {
      const reason = withdrawn(grants, rules);
      return reason ? end(reason) : keep(grants);
    }
  }
}

/** What Electron 45's 'did-frame-navigate' reports after a committed cross-document navigation. */
export interface FrameNavigation {
  isMainFrame: boolean;
  frameProcessId: number;
  frameRoutingId: number;
}

/**
 * Did this navigation replace the view's page (so every capture of the old one ended)? Only when
 * the navigated frame is the contents' primary main frame (`webContents.mainFrame`). Electron sets
 * `isMainFrame` (and emits 'did-navigate') from Chromium's NavigationHandle::IsInMainFrame(), which
 * is also true in the root of a non-primary page (a <fencedframe>, a prerendered page): the page
 * itself — and its camera — stays then.
 */
export function replacesPage(navigation: FrameNavigation, mainFrame: { processId: number; routingId: number }): boolean {
  return navigation.isMainFrame && navigation.frameProcessId === mainFrame.processId && navigation.frameRoutingId === mainFrame.routingId;
}

/**
 * Where the fresh meeting view goes: the page it showed when it is still on a meeting origin
 * (BBB's client URL carries the session, so this rejoins like F5), else the join URL.
 */
export function rejoinUrl(currentUrl: string, joinUrl: string, meetingOrigins: readonly string[]): string {
  const origin = webOriginOf(currentUrl);
  if (origin !== null && meetingOrigins.some((allowed) => webOriginOf(allowed) === origin)) return currentUrl;
  return joinUrl;
}

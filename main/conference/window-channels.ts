/**
 * IPC between the conference window (main/electron/conference-window.ts) and its preload
 * (preload/conference.ts). Separate from the app contract: only the conference views use these,
 * and main checks that the sender is one of its meeting or toolbar views.
 */
export const CONFERENCE_CHANNELS = {
  /** meeting view → main, synchronous: the guard's starting state. */
  init: 'schuldesk:conference:init',
  /** main → meeting view: { objection: boolean }. */
  state: 'schuldesk:conference:state',
  /** meeting view → main: a guard report `<type>:<what>` (e.g. "started:camera"). */
  report: 'schuldesk:conference:report',
  /** toolbar → main: a ToolbarAction. */
  toolbarAction: 'schuldesk:conference:toolbar-action',
  /** main → toolbar: ToolbarState. */
  toolbarState: 'schuldesk:conference:toolbar-state',
} as const;

/** Which view a conference preload runs in (passed via webPreferences.additionalArguments). */
export const VIEW_ARGUMENT_PREFIX = '--schuldesk-conference-view=';

/**
 * release-camera / withdraw-camera: the "Kamera freigeben" toggle; camera-allow / camera-not-now:
 * the answer to the toolbar question "Die Konferenz möchte deine Kamera verwenden".
 */
export type ToolbarAction = 'release-camera' | 'withdraw-camera' | 'camera-allow' | 'camera-not-now' | 'objection-on' | 'objection-off' | 'leave';
export const TOOLBAR_ACTIONS: readonly ToolbarAction[] = ['release-camera', 'withdraw-camera', 'camera-allow', 'camera-not-now', 'objection-on', 'objection-off', 'leave'];

export interface GuardInit {
  objection: boolean;
  allowRecording: boolean;
}

export interface ToolbarState {
  cameraReleased: boolean;
  objection: boolean;
  objectionForced: boolean;
  /** An open question to the student: the meeting asked for the camera while the gate is closed. */
  question: 'camera' | null;
  /** Short German/English status line for the live region. */
  status: string;
}

/** The guard reports the preload forwards (everything else is dropped). */
export const GUARD_REPORTS = [
  'started:camera',
  'started:microphone',
  'started:screen',
  'stopped:camera',
  'stopped:microphone',
  'stopped:screen',
  'blocked:camera',
  'blocked:MediaRecorder',
  'blocked:captureStream',
] as const;
export type GuardReportName = (typeof GUARD_REPORTS)[number];

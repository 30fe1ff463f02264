/**
 * API contract, feature part: BigBlueButton rooms, rules acknowledgement, objection, transparency log.
 * Merged into ApiMethods/ApiEvents by preload/api.ts; main binds it in main/api/conference.ts.
 * Runtime-import free (compiled into main, preload and renderer alike).
 */

/**
 * running: the meeting is on. waiting: open, but the room waits for the teacher (wait for moderator).
 * ready: open, anyone may start it. closed: outside its opening times.
 */
export type ConferenceRoomState = 'running' | 'waiting' | 'ready' | 'closed';

export interface ConferenceRoomView {
  /** mod_bigbluebuttonbn instance id (bigbluebuttonbnid). */
  id: number;
  cmid: number;
  courseId: number;
  courseName: string;
  name: string;
  state: ConferenceRoomState;
  /** Attendees without moderators; null when the meeting is not running. */
  participants: number | null;
  moderators: number | null;
  canJoin: boolean;
  /** The person is a moderator (teacher) here: may end the meeting. */
  isModerator: boolean;
}

export interface UsageRulesView {
  version: string;
  de: string[];
  en: string[];
  /** The version this account acknowledged, if any. */
  acknowledgedVersion: string | null;
  needsAcknowledgement: boolean;
}

export interface ObjectionView {
  /** The objection to transmitting one's image (Art. 21 GDPR) is in effect. */
  on: boolean;
  /** Policy objectionForced: on and locked. */
  forced: boolean;
}

export type MediaKind = 'camera' | 'microphone' | 'screen';

export interface MediaLogEntryView {
  id: number;
  meetingName: string;
  kind: MediaKind;
  action: 'started' | 'stopped';
  /** Epoch milliseconds. */
  at: number;
}

export interface ConferenceJoinResult {
  /** opened: the conference window opened. waiting: the teacher has not started it yet. desktop-only: no hardened window here. The UI words it. */
  status: 'opened' | 'waiting' | 'desktop-only';
}

export interface ConferenceMethods {
  'conference.rooms': { args: []; result: ConferenceRoomView[] };
  'conference.refresh': { args: [roomId: number]; result: ConferenceRoomView };
  'conference.join': { args: [roomId: number]; result: ConferenceJoinResult };
  'conference.end': { args: [roomId: number]; result: ConferenceRoomView };
  'conference.rules': { args: []; result: UsageRulesView };
  'conference.acknowledgeRules': { args: [version: string]; result: UsageRulesView };
  'conference.objection': { args: []; result: ObjectionView };
  'conference.setObjection': { args: [on: boolean]; result: ObjectionView };
  'conference.mediaLog': { args: []; result: MediaLogEntryView[] };
}

export interface ConferenceEvents {
  /** The current account's objection changed (toggle or policy). */
  'conference.objectionChanged': ObjectionView;
}

export const CONFERENCE_METHOD_NAMES = [
  'conference.rooms',
  'conference.refresh',
  'conference.join',
  'conference.end',
  'conference.rules',
  'conference.acknowledgeRules',
  'conference.objection',
  'conference.setObjection',
  'conference.mediaLog',
] as const satisfies readonly (keyof ConferenceMethods)[];
export const CONFERENCE_EVENT_NAMES = ['conference.objectionChanged'] as const satisfies readonly (keyof ConferenceEvents)[];

/**
 * decideMedia fed with the shapes Electron 45 delivers (test/fixtures/electron/electron45-shapes.ts,
 * quoted from electron.d.ts in docs/electron-contract.md): camera/microphone as `media` with
 * mediaTypes ['video'] / ['audio'], screen capture as `display-capture` with ['video'(, 'audio')].
 */
import { describe, expect, it } from 'vitest';
import { decideMedia } from '../../main/conference/media-policy';
import type { ConferenceRole, MediaQuery } from '../../main/conference/media-policy';
import {
  cameraAndMicrophoneRequest,
  cameraRequest,
  legacyDesktopRequest,
  mediaCheck,
  microphoneRequest,
  plainRequest,
  screenCheck,
  screenRequest,
  screenWithAudioRequest,
} from '../fixtures/electron/electron45-shapes';
import type { PermissionRequestShape } from '../fixtures/electron/electron45-shapes';

const BBB = 'https://bbb.schule.example';
const EXTRA = 'https://bbb2.schule.example';
const PAGE = `${BBB}/html5client/join`;

const base: Omit<MediaQuery, 'phase' | 'permission' | 'mediaTypes' | 'origin'> = {
  bbbOrigin: BBB,
  extraHosts: [EXTRA],
  role: 'viewer',
  cameraGate: true,
  cameraReleased: false,
  objection: false,
  screenShareGranted: false,
  screenSharingRoles: ['moderator'],
};

/** A request exactly as the permission request handler gets it. */
function request(shape: PermissionRequestShape, over: Partial<MediaQuery> = {}): MediaQuery {
  const details = shape.details as { requestingUrl: string; mediaTypes?: string[] };
  return { ...base, phase: 'request', permission: shape.permission, mediaTypes: details.mediaTypes ?? [], origin: details.requestingUrl, ...over };
}

/** A check exactly as the permission check handler gets it (mediaType singular, maybe absent). */
function check(permission: string, details: { mediaType?: string }, origin: string, over: Partial<MediaQuery> = {}): MediaQuery {
  return { ...base, phase: 'check', permission, mediaTypes: details.mediaType ? [details.mediaType] : [], origin, ...over };
}

describe('decideMedia with Electron 45 shapes', () => {
  const rows: [string, MediaQuery, boolean, string][] = [
    ['microphone on the BBB origin', request(microphoneRequest(PAGE)), true, 'microphone'],
    ['microphone on an extra BBB host', request(microphoneRequest(`${EXTRA}/x`)), true, 'microphone'],
    ['microphone from a foreign origin', request(microphoneRequest('https://evil.example/')), false, 'foreign-origin'],
    ['look-alike origin', request(microphoneRequest('https://bbb.schule.example.evil.test/')), false, 'foreign-origin'],
    ['http instead of https', request(microphoneRequest('http://bbb.schule.example/')), false, 'foreign-origin'],
    ['other port', request(microphoneRequest('https://bbb.schule.example:8443/')), false, 'foreign-origin'],
    ['camera before release: ask the student', request(cameraRequest(PAGE)), false, 'camera-ask'],
    ['camera from a subframe before release: ask', request(cameraRequest(`${BBB}/frame.html`, false)), false, 'camera-ask'],
    ['camera after release', request(cameraRequest(PAGE), { cameraReleased: true }), true, 'camera'],
    ['camera without gate policy', request(cameraRequest(PAGE), { cameraGate: false }), true, 'camera'],
    ['audio+video before release: ask', request(cameraAndMicrophoneRequest(PAGE)), false, 'camera-ask'],
    ['audio+video after release', request(cameraAndMicrophoneRequest(PAGE), { cameraReleased: true }), true, 'camera-and-microphone'],
    ['camera while objecting, released', request(cameraRequest(PAGE), { cameraReleased: true, objection: true }), false, 'objection'],
    ['camera while objecting, gate closed: refused, not asked', request(cameraRequest(PAGE), { objection: true }), false, 'objection'],
    ['camera while objecting, no gate', request(cameraRequest(PAGE), { cameraGate: false, objection: true }), false, 'objection'],
    ['microphone while objecting', request(microphoneRequest(PAGE), { objection: true }), true, 'microphone'],
    ['getDisplayMedia, viewer not allowed', request(screenRequest(PAGE)), false, 'screen-role'],
    ['getDisplayMedia, viewer not allowed even if picked', request(screenRequest(PAGE), { screenShareGranted: true }), false, 'screen-role'],
    ['getDisplayMedia, moderator before picker', request(screenRequest(PAGE), { role: 'moderator' }), false, 'screen-needs-picker'],
    ['getDisplayMedia, moderator picked', request(screenRequest(PAGE), { role: 'moderator', screenShareGranted: true }), true, 'screen'],
    ['getDisplayMedia, moderator chose "Nicht mehr fragen" in this meeting: no picker', request(screenRequest(PAGE), { role: 'moderator', screenStopped: true }), false, 'screen-stopped'],
    ['getDisplayMedia with audio, moderator picked', request(screenWithAudioRequest(PAGE), { role: 'moderator', screenShareGranted: true }), true, 'screen'],
    ['legacy chromeMediaSource desktop: the same shape, the same picker', request(legacyDesktopRequest(PAGE), { role: 'moderator' }), false, 'screen-needs-picker'],
    ['getDisplayMedia, viewer allowed by policy and picked', request(screenRequest(PAGE), { screenSharingRoles: ['viewer'], screenShareGranted: true }), true, 'screen'],
    ['getDisplayMedia, no role allowed', request(screenRequest(PAGE), { role: 'moderator', screenSharingRoles: [], screenShareGranted: true }), false, 'screen-role'],
    ['getDisplayMedia from a foreign origin', request(screenRequest('https://evil.example/'), { role: 'moderator', screenShareGranted: true }), false, 'foreign-origin'],
    ['getDisplayMedia while objecting: sharing is not the student\'s image', request(screenRequest(PAGE), { role: 'moderator', objection: true }), false, 'screen-needs-picker'],
    ['display-capture for sound alone', request(screenRequest(PAGE), { mediaTypes: ['audio'], role: 'moderator', screenShareGranted: true }), false, 'screen-without-video'],
    ['the pre-45 screen shape (media, no types) is no screen capture', request(microphoneRequest(PAGE), { mediaTypes: [], role: 'moderator', screenShareGranted: true }), false, 'no-media-type'],
    ['check: screen never granted', check('display-capture', screenCheck(BBB), BBB, { role: 'moderator', screenShareGranted: true }), false, 'screen-check'],
    ['check: camera before release (no question in a check)', check('media', mediaCheck('video', BBB), BBB), false, 'camera-not-released'],
    ['check: camera after release', check('media', mediaCheck('video', BBB), BBB, { cameraReleased: true }), true, 'camera'],
    ['check: microphone', check('media', mediaCheck('audio', BBB), BBB), true, 'microphone'],
    ['check: unknown media type', check('media', mediaCheck('unknown', BBB), BBB), false, 'unknown-media-type'],
    ['unknown media type in a request', request(microphoneRequest(PAGE), { mediaTypes: ['audio', 'screen'] }), false, 'unknown-media-type'],
    ['notifications', request(plainRequest('notifications', PAGE)), false, 'not-media'],
    ['clipboard-read', request(plainRequest('clipboard-read', PAGE)), false, 'not-media'],
    ['openExternal', request(plainRequest('openExternal', PAGE)), false, 'not-media'],
  ];
  it.each(rows)('%s', (_name, query, allowed, reason) => {
    expect(decideMedia(query)).toEqual({ allow: allowed, reason });
  });
});

/** The rules as the issue states them, written independently of the implementation. */
function oracle(query: MediaQuery): boolean {
  if (query.permission !== 'media' && query.permission !== 'display-capture') return false;
  let origin: string | null;
  try {
    const url = new URL(query.origin);
    origin = url.protocol === 'https:' || url.protocol === 'http:' ? url.origin : null;
  } catch {
    origin = null;
  }
  if (origin === null || ![query.bbbOrigin, ...query.extraHosts].includes(origin)) return false;
  const types = query.mediaTypes;
  if (types.length === 0 || !types.every((t) => t === 'audio' || t === 'video')) return false;
  if (query.permission === 'display-capture') {
    return query.phase === 'request' && types.includes('video') && query.screenSharingRoles.includes(query.role) && query.screenShareGranted;
  }
  if (types.includes('video')) return !query.objection && (!query.cameraGate || query.cameraReleased);
  return true;
}

describe('decideMedia: every combination', () => {
  const phases = ['request', 'check'] as const;
  const permissions = ['media', 'display-capture', 'notifications', 'openExternal', 'unknown'];
  const typeSets: string[][] = [[], ['audio'], ['video'], ['audio', 'video'], ['video', 'audio'], ['unknown'], ['video', 'unknown']];
  const origins = [`${BBB}/a`, `${EXTRA}/b`, 'https://evil.example/', 'https://bbb.schule.example.evil.test/', 'blob:https://bbb.schule.example/1', 'not a url'];
  const roles: ConferenceRole[] = ['moderator', 'viewer'];
  const roleSets: ConferenceRole[][] = [[], ['moderator'], ['viewer'], ['moderator', 'viewer']];
  const bools = [false, true];

  const all: MediaQuery[] = [];
  for (const phase of phases)
    for (const permission of permissions)
      for (const mediaTypes of typeSets)
        for (const origin of origins)
          for (const role of roles)
            for (const screenSharingRoles of roleSets)
              for (const cameraGate of bools)
                for (const cameraReleased of bools)
                  for (const objection of bools)
                    for (const screenShareGranted of bools)
                      all.push({ ...base, phase, permission, mediaTypes, origin, role, screenSharingRoles, cameraGate, cameraReleased, objection, screenShareGranted });

  it('covers the full product of inputs', () => {
    expect(all.length).toBe(2 * 5 * 7 * 6 * 2 * 4 * 2 * 2 * 2 * 2);
  });

  it('agrees with the stated rules in every combination', () => {
    const mismatches = all.filter((query) => decideMedia(query).allow !== oracle(query));
    expect(mismatches.slice(0, 3)).toEqual([]);
  });

  it('never allows video while objecting, whatever else holds', () => {
    const leaks = all.filter((query) => query.objection && query.permission === 'media' && query.mediaTypes.includes('video') && decideMedia(query).allow);
    expect(leaks).toEqual([]);
  });

  it('never allows screen capture without the picker, nor in a check, nor as `media`', () => {
    const leaks = all.filter(
      (query) => decideMedia(query).reason === 'screen' && (!query.screenShareGranted || query.phase === 'check' || query.permission !== 'display-capture'),
    );
    expect(leaks).toEqual([]);
  });

  it('asks the student only for a camera request without objection', () => {
    for (const query of all.filter((q) => decideMedia(q).reason === 'camera-ask')) {
      expect([query.phase, query.permission, query.objection, query.mediaTypes.includes('video')]).toEqual(['request', 'media', false, true]);
    }
  });

  it('always says why', () => {
    for (const query of all) expect(decideMedia(query).reason).toMatch(/^[a-z-]+$/);
  });
});

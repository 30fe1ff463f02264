import { describe, expect, it } from 'vitest';
import { decideMedia } from '../../main/conference/media-policy';
import type { ConferenceRole, MediaQuery } from '../../main/conference/media-policy';

const BBB = 'https://bbb.schule.example';
const EXTRA = 'https://bbb2.schule.example';

const base: MediaQuery = {
  phase: 'request',
  permission: 'media',
  mediaTypes: ['audio'],
  origin: `${BBB}/html5client/join`,
  bbbOrigin: BBB,
  extraHosts: [EXTRA],
  role: 'viewer',
  cameraGate: true,
  cameraReleased: false,
  objection: false,
  screenShareGranted: false,
  screenSharingRoles: ['moderator'],
};

const q = (over: Partial<MediaQuery>): MediaQuery => ({ ...base, ...over });

describe('decideMedia: the rules by example', () => {
  const rows: [string, Partial<MediaQuery>, boolean, string][] = [
    ['microphone on the BBB origin', {}, true, 'microphone'],
    ['microphone on an extra BBB host', { origin: `${EXTRA}/x` }, true, 'microphone'],
    ['microphone from a foreign origin', { origin: 'https://evil.example' }, false, 'foreign-origin'],
    ['look-alike origin', { origin: 'https://bbb.schule.example.evil.test/' }, false, 'foreign-origin'],
    ['http instead of https', { origin: 'http://bbb.schule.example/' }, false, 'foreign-origin'],
    ['other port', { origin: 'https://bbb.schule.example:8443/' }, false, 'foreign-origin'],
    ['empty origin', { origin: '' }, false, 'foreign-origin'],
    ['camera before release', { mediaTypes: ['video'] }, false, 'camera-not-released'],
    ['camera after release', { mediaTypes: ['video'], cameraReleased: true }, true, 'camera'],
    ['camera without gate policy', { mediaTypes: ['video'], cameraGate: false }, true, 'camera'],
    ['audio+video before release', { mediaTypes: ['audio', 'video'] }, false, 'camera-not-released'],
    ['audio+video after release', { mediaTypes: ['audio', 'video'], cameraReleased: true }, true, 'camera-and-microphone'],
    ['camera while objecting, released', { mediaTypes: ['video'], cameraReleased: true, objection: true }, false, 'objection'],
    ['camera while objecting, no gate', { mediaTypes: ['video'], cameraGate: false, objection: true }, false, 'objection'],
    ['microphone while objecting', { objection: true }, true, 'microphone'],
    ['getDisplayMedia, viewer not allowed', { mediaTypes: [] }, false, 'screen-role'],
    ['getDisplayMedia, viewer not allowed even if picked', { mediaTypes: [], screenShareGranted: true }, false, 'screen-role'],
    ['getDisplayMedia, moderator before picker', { mediaTypes: [], role: 'moderator' }, false, 'screen-needs-picker'],
    ['getDisplayMedia, moderator picked', { mediaTypes: [], role: 'moderator', screenShareGranted: true }, true, 'screen'],
    ['getDisplayMedia, viewer allowed by policy and picked', { mediaTypes: [], screenSharingRoles: ['viewer'], screenShareGranted: true }, true, 'screen'],
    ['getDisplayMedia, no role allowed', { mediaTypes: [], role: 'moderator', screenSharingRoles: [], screenShareGranted: true }, false, 'screen-role'],
    ['check: screen never granted', { phase: 'check', mediaTypes: ['unknown'], role: 'moderator', screenShareGranted: true }, false, 'screen-check'],
    ['check: camera before release', { phase: 'check', mediaTypes: ['video'] }, false, 'camera-not-released'],
    ['check: camera after release', { phase: 'check', mediaTypes: ['video'], cameraReleased: true }, true, 'camera'],
    ['check: microphone', { phase: 'check', mediaTypes: ['audio'] }, true, 'microphone'],
    ['unknown media type in a request', { mediaTypes: ['audio', 'screen'] }, false, 'unknown-media-type'],
    ['display-capture', { permission: 'display-capture', mediaTypes: [] }, false, 'not-media'],
    ['notifications', { permission: 'notifications', mediaTypes: [] }, false, 'not-media'],
    ['clipboard-read', { permission: 'clipboard-read' }, false, 'not-media'],
  ];
  it.each(rows)('%s', (_name, over, allowed, reason) => {
    expect(decideMedia(q(over))).toEqual({ allow: allowed, reason });
  });
});

/** The rules as the brief states them, written independently of the implementation. */
function oracle(query: MediaQuery): boolean {
  if (query.permission !== 'media') return false;
  let origin: string | null;
  try {
    const url = new URL(query.origin);
    origin = url.protocol === 'https:' || url.protocol === 'http:' ? url.origin : null;
  } catch {
    origin = null;
  }
  if (origin === null || ![query.bbbOrigin, ...query.extraHosts].includes(origin)) return false;
  const types = query.mediaTypes;
  if (types.length === 0) return query.phase === 'request' && query.screenSharingRoles.includes(query.role) && query.screenShareGranted;
  if (!types.every((t) => t === 'audio' || t === 'video')) return false;
  if (types.includes('video')) return !query.objection && (!query.cameraGate || query.cameraReleased);
  return true;
}

describe('decideMedia: every combination', () => {
  const phases = ['request', 'check'] as const;
  const permissions = ['media', 'display-capture', 'notifications', 'openExternal', 'unknown'];
  const typeSets: string[][] = [[], ['audio'], ['video'], ['audio', 'video'], ['unknown'], ['video', 'unknown']];
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
    expect(all.length).toBe(2 * 5 * 6 * 6 * 2 * 4 * 2 * 2 * 2 * 2);
  });

  it('agrees with the stated rules in every combination', () => {
    const mismatches = all.filter((query) => decideMedia(query).allow !== oracle(query));
    expect(mismatches.slice(0, 3)).toEqual([]);
  });

  it('never allows video while objecting, whatever else holds', () => {
    const leaks = all.filter((query) => query.objection && query.mediaTypes.includes('video') && decideMedia(query).allow);
    expect(leaks).toEqual([]);
  });

  it('never allows screen capture without the picker, nor in a check', () => {
    const leaks = all.filter((query) => query.mediaTypes.length === 0 && (!query.screenShareGranted || query.phase === 'check') && decideMedia(query).allow);
    expect(leaks).toEqual([]);
  });

  it('always says why', () => {
    for (const query of all) expect(decideMedia(query).reason).toMatch(/^[a-z-]+$/);
  });
});

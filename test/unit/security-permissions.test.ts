import { describe, expect, it } from 'vitest';
import {
  decideDevicePermission,
  decideDisplayMediaRequest,
  decidePermissionCheck,
  decidePermissionRequest,
  DEFAULT_PERMISSION_RULES,
  ELECTRON_PERMISSIONS,
} from '../../main/security/permissions';
import type { ElectronPermission, PermissionQuery, PermissionRule, PermissionRules } from '../../main/security/permissions';
import type { ContentsKind } from '../../main/security/window-policy';
import { displayMediaRequest, legacyDesktopRequest, screenCheck, screenRequest, screenWithAudioRequest } from '../fixtures/electron/electron45-shapes';

const APP = 'app://schuldesk/index.html';
const BBB = 'https://bbb.example.com';
const KINDS: ContentsKind[] = ['main', 'portal', 'conference', 'unknown'];

/** The strings listed in electron-platform notes §1.2; all must be in our (larger, Electron 45) list. */
const NOTES_PERMISSIONS = [
  'clipboard-read',
  'clipboard-sanitized-write',
  'display-capture',
  'fullscreen',
  'geolocation',
  'idle-detection',
  'media',
  'mediaKeySystem',
  'midi',
  'midiSysex',
  'notifications',
  'pointerLock',
  'keyboardLock',
  'openExternal',
  'speaker-selection',
  'storage-access',
  'top-level-storage-access',
  'window-management',
  'unknown',
  'fileSystem',
] as const satisfies readonly ElectronPermission[];

function request(window: ContentsKind, permission: ElectronPermission, requestingUrl = APP, extra: object = {}) {
  return decidePermissionRequest({ window }, permission, { requestingUrl, isMainFrame: true, ...extra });
}

function check(window: ContentsKind, permission: ElectronPermission, origin = 'app://schuldesk', extra: object = {}) {
  return decidePermissionCheck({ window }, permission, origin, { isMainFrame: true, ...extra });
}

describe('the permission list', () => {
  it('covers every string of the notes §1.2 and has no duplicates', () => {
    for (const permission of NOTES_PERMISSIONS) expect(ELECTRON_PERMISSIONS).toContain(permission);
    expect(new Set(ELECTRON_PERMISSIONS).size).toBe(ELECTRON_PERMISSIONS.length);
    expect(ELECTRON_PERMISSIONS.length).toBeGreaterThanOrEqual(NOTES_PERMISSIONS.length);
  });
});

describe('main window: deny everything except clipboard-sanitized-write for our own origin', () => {
  const others = ELECTRON_PERMISSIONS.filter((permission) => permission !== 'clipboard-sanitized-write');

  it.each(others)('request "%s" from app://schuldesk → deny', (permission) => {
    expect(request('main', permission, APP, { mediaTypes: ['audio', 'video'] })).toBe('deny');
  });

  it.each(others)('check "%s" from app://schuldesk → deny', (permission) => {
    expect(check('main', permission, 'app://schuldesk', { mediaType: 'audio' })).toBe('deny');
  });

  it('clipboard-sanitized-write: granted to our UI (request and check), top frame and subframe', () => {
    expect(request('main', 'clipboard-sanitized-write')).toBe('grant');
    expect(request('main', 'clipboard-sanitized-write', 'app://schuldesk/frame.html', { isMainFrame: false })).toBe('grant');
    expect(check('main', 'clipboard-sanitized-write')).toBe('grant');
    expect(check('main', 'clipboard-sanitized-write', 'app://schuldesk', { embeddingOrigin: 'app://schuldesk' })).toBe('grant');
  });

  it.each([
    ['a look-alike app host', 'app://schuldesk.evil/'],
    ['app with userinfo', 'app://schuldesk@evil/'],
    ['a portal page', 'https://school.example.com/'],
    ['a web page', 'https://example.org/'],
    ['a data: frame', 'data:text/html,x'],
    ['no URL', ''],
    ['garbage', 'not a url'],
  ])('clipboard-sanitized-write from %s → deny', (_name, url) => {
    expect(request('main', 'clipboard-sanitized-write', url)).toBe('deny');
    expect(check('main', 'clipboard-sanitized-write', url)).toBe('deny');
  });

  it('clipboard-sanitized-write from our origin embedded in another origin → deny', () => {
    expect(check('main', 'clipboard-sanitized-write', 'app://schuldesk', { embeddingOrigin: 'https://evil.test' })).toBe('deny');
  });

  it('clipboard-read stays denied even for our UI', () => {
    expect(request('main', 'clipboard-read')).toBe('deny');
    expect(check('main', 'clipboard-read')).toBe('deny');
  });
});

describe('portal, conference (until the conference work adds its rule) and unknown contents: deny everything', () => {
  const cases = (['portal', 'conference', 'unknown'] as const).flatMap((window) =>
    ELECTRON_PERMISSIONS.map((permission) => [window, permission] as const),
  );
  it.each(cases)('%s window, "%s" → deny (request and check)', (window, permission) => {
    expect(request(window, permission, BBB + '/html5client/', { mediaTypes: ['audio'] })).toBe('deny');
    expect(request(window, permission, APP)).toBe('deny');
    expect(check(window, permission, BBB, { mediaType: 'audio' })).toBe('deny');
  });

  it('unknown contents get nothing, not even the clipboard for app://schuldesk', () => {
    expect(request('unknown', 'clipboard-sanitized-write')).toBe('deny');
    expect(check('unknown', 'clipboard-sanitized-write')).toBe('deny');
  });
});

describe('screen capture (Electron 45: display-capture with mediaTypes [\'video\'(, \'audio\')]) is denied before any rule', () => {
  const grantAll: PermissionRule = () => 'grant';
  const permissive: PermissionRules = { main: grantAll, portal: grantAll, conference: grantAll, unknown: grantAll };

  it.each(KINDS)('%s window: getDisplayMedia and legacy chromeMediaSource getUserMedia → deny, even with a rule that grants all', (window) => {
    for (const rules of [undefined, permissive]) {
      const context = rules ? { window, rules } : { window };
      for (const shape of [screenRequest(BBB + '/'), screenWithAudioRequest(APP), legacyDesktopRequest(BBB + '/')]) {
        expect(decidePermissionRequest(context, shape.permission, shape.details)).toBe('deny');
      }
      expect(decidePermissionCheck(context, 'display-capture', BBB, screenCheck(BBB))).toBe('deny');
    }
  });

  it.each(KINDS)('%s window: a media request without camera or microphone type → deny, even with a rule that grants all', (window) => {
    for (const rules of [undefined, permissive]) {
      const context = rules ? { window, rules } : { window };
      expect(decidePermissionRequest(context, 'media', { requestingUrl: APP, isMainFrame: true, mediaTypes: [] })).toBe('deny');
      expect(decidePermissionRequest(context, 'media', { requestingUrl: 'https://unknown.example/', isMainFrame: true })).toBe('deny');
    }
  });

  it('a check for media with mediaType "unknown" or none → deny, even with a rule that grants all', () => {
    expect(decidePermissionCheck({ window: 'conference', rules: permissive }, 'media', BBB, { isMainFrame: true, mediaType: 'unknown' })).toBe('deny');
    expect(decidePermissionCheck({ window: 'conference', rules: permissive }, 'media', BBB, { isMainFrame: true })).toBe('deny');
  });

  it('a media request with an unexpected media type is refused as a whole', () => {
    const details = { requestingUrl: BBB, isMainFrame: true, mediaTypes: ['audio', 'screen'] as unknown as ('audio' | 'video')[] };
    expect(decidePermissionRequest({ window: 'conference', rules: permissive }, 'media', details)).toBe('deny');
  });

  it('unknown contents cannot be granted anything by a rule', () => {
    expect(decidePermissionRequest({ window: 'unknown', rules: permissive }, 'notifications', { requestingUrl: APP, isMainFrame: true })).toBe('deny');
  });

  it('a permission string newer than our typings is denied', () => {
    const future = 'future-permission' as unknown as ElectronPermission;
    expect(decidePermissionRequest({ window: 'main', rules: permissive }, future, { requestingUrl: APP, isMainFrame: true })).toBe('deny');
  });
});

describe('extension point: a conference media rule', () => {
  // Shape of what the conference work adds: media only from the BBB origin, never video.
  const seen: PermissionQuery[] = [];
  const conferenceRule: PermissionRule = (query) => {
    seen.push(query);
    if (query.permission !== 'media' || query.media === null) return 'deny';
    const origin = new URL(query.requestingUrl).origin;
    return origin === BBB && !query.media.types.includes('video') ? 'grant' : 'deny';
  };
  const rules: PermissionRules = { ...DEFAULT_PERMISSION_RULES, conference: conferenceRule };

  it('the rule sees microphone requests from BBB and can grant them', () => {
    const details = { requestingUrl: `${BBB}/html5client/`, isMainFrame: true, mediaTypes: ['audio' as const], securityOrigin: `${BBB}/` };
    expect(decidePermissionRequest({ window: 'conference', rules }, 'media', details)).toBe('grant');
    expect(seen.at(-1)?.media).toEqual({ types: ['audio'], securityOrigin: `${BBB}/` });
    expect(decidePermissionCheck({ window: 'conference', rules }, 'media', BBB, { isMainFrame: true, mediaType: 'audio' })).toBe('grant');
  });

  it('screen capture never reaches the rule', () => {
    const before = seen.length;
    const shape = screenRequest(`${BBB}/html5client/`);
    expect(decidePermissionRequest({ window: 'conference', rules }, shape.permission, shape.details)).toBe('deny');
    expect(seen.length).toBe(before);
  });

  it('the main window keeps its own rule', () => {
    expect(decidePermissionRequest({ window: 'main', rules }, 'media', { requestingUrl: APP, isMainFrame: true, mediaTypes: ['audio'] })).toBe('deny');
    expect(decidePermissionRequest({ window: 'main', rules }, 'clipboard-sanitized-write', { requestingUrl: APP, isMainFrame: true })).toBe('grant');
  });
});

describe('display media and devices', () => {
  it.each(KINDS)('%s window: getDisplayMedia handler → deny (the hook answers callback(null))', (window) => {
    for (const securityOrigin of ['app://schuldesk', BBB, 'https://evil.test']) {
      for (const userGesture of [true, false]) {
        expect(decideDisplayMediaRequest({ window }, displayMediaRequest(securityOrigin, { audioRequested: true, userGesture }))).toBe('deny');
      }
    }
  });

  it.each(KINDS)('%s window: HID, serial and USB devices → deny', (window) => {
    for (const deviceType of ['hid', 'serial', 'usb'] as const) {
      for (const origin of ['app://schuldesk', BBB]) expect(decideDevicePermission({ window }, { deviceType, origin })).toBe('deny');
    }
  });
});

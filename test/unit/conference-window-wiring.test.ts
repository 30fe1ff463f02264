/**
 * The conference window's wiring under Node with a FAKE `electron` module (the one mock this
 * project allows: there is no Electron binary here). Everything behind it is real: the window
 * factory and security hooks, decideMedia, the real services (SQLite in a temp folder, a real
 * policy file) and ConferenceService for the objection and the media log.
 * What it cannot prove: that Electron behaves as documented (test/electron/, where a binary exists).
 * Over 400 lines on purpose: one fake Electron meeting window shared by every permission and capture case.
 */
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import {
  cameraAndMicrophoneRequest,
  cameraRequest,
  displayMediaRequest,
  legacyDesktopRequest,
  mediaCheck,
  microphoneRequest,
  plainRequest,
  screenCheck,
  screenRequest,
  screenWithAudioRequest,
} from '../fixtures/electron/electron45-shapes';
import type { PermissionRequestShape } from '../fixtures/electron/electron45-shapes';
import type { ToolbarState } from '../../main/conference/window-channels';
import type { FakeBaseWindow } from '../support/fake-electron';

const fake = await vi.hoisted(() => import('../support/fake-electron'));

vi.mock('electron', () => fake.electronModule);

/** Timers of the camera question and screen-grant claim, run by hand. */
const timers: { run: () => void; ms: number; cancelled: boolean }[] = [];

const { createConferenceWindows } = await import('../../main/electron/conference-window');
const { installSecurityHooks } = await import('../../main/electron/security-hooks');
const { createServices } = await import('../../main/services');
const { filePolicySource } = await import('../../main/policy/fs-sources');
const { ConferenceService } = await import('../../main/conference/service');
const { CONFERENCE_CHANNELS } = await import('../../main/conference/window-channels');
const { TOOLBAR_TEXT } = await import('../../main/conference/toolbar-page');
const { QUESTION_TIMEOUT_MS } = await import('../../main/conference/held-requests');
const { allowlistFromSettings } = await import('../../main/security/allowlist-from-settings');
const { serveAppProtocol } = await import('../../main/electron/app-protocol');
const { partitionFor } = await import('../../main/security/window-policy');
const { APP_SCHEME_DEFINITION } = await import('../../main/security/app-scheme');
const { UserFacingError } = await import('../../main/ipc/errors');
type Services = Awaited<ReturnType<typeof createServices>>;
type Windows = ReturnType<typeof createConferenceWindows>;

const JOIN = 'https://bbb.schule.example/bigbluebutton/api/join?meetingID=m1&checksum=abc';
const BBB = 'https://bbb.schule.example';
const ACCOUNT = 'acc-1';
let dir = '';
let services: Services;
let conference: InstanceType<typeof ConferenceService>;
let windows: Windows;
let processList = '"explorer.exe","1","Console","1","1 K"\r\n';

function writePolicy(values: object) {
  writeFileSync(join(dir, 'policy.json'), JSON.stringify(values));
}

beforeAll(async () => {
  dir = mkdtempSync(join(tmpdir(), 'schuldesk-conference-window-'));
  writePolicy({ screenSharingRoles: ['moderator'], recorderDetection: 'leave', localRecordingForModerators: true });
  services = await createServices({ shell: 'electron', appVersion: '0.0.0-test', dataDir: dir, policySources: [filePolicySource(join(dir, 'policy.json'))] });
  services.context.store.run(
    'INSERT INTO accounts (id, site_url, site_name, user_id, username, full_name, lang, created_at, last_used_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)',
    ACCOUNT, 'https://moodle.schule.example', 'Schule', 5, 'student1', 'Lena Müller', 'de', 0, 0,
  );
  conference = new ConferenceService(services.context);
  windows = createConferenceWindows({
    packaged: true,
    preloadPath: '/app/out/preload/conference.cjs',
    settings: services.settings,
    events: services.events,
    conference,
    platform: 'win32',
    execFileText: () => Promise.resolve(processList),
    recorderScanMs: 3_600_000,
    schedule: (run, ms) => {
      const timer = { run, ms, cancelled: false };
      timers.push(timer);
      return () => void (timer.cancelled = true);
    },
  });
  installSecurityHooks({
    allowlist: () => {
      const base = allowlistFromSettings(services.settings);
      return { portalOrigins: base.portalOrigins, bbbOrigins: new Set([...base.bbbOrigins, ...windows.meetingOrigins()]) };
    },
    language: () => 'de',
  });
  // As main/index.ts does right after the hooks: app:// on the main window's session.
  serveAppProtocol(fake.electron.session.fromPartition(partitionFor('main')) as never, join(dir, 'renderer'), { resolveCachedFile: () => Promise.resolve(null) });
});

afterAll(async () => {
  windows?.dispose();
  await services?.close();
  if (dir) rmSync(dir, { recursive: true, force: true });
});

type FakeWindow = FakeBaseWindow;
type View = FakeWindow['children'][number];

async function openMeeting(role: 'moderator' | 'viewer' = 'viewer') {
  const before = fake.state.baseWindows.length;
  await windows.open({ joinUrl: JOIN, role, accountId: ACCOUNT, meetingName: 'Mathe 7b' });
  const window = fake.state.baseWindows[before]!;
  const [toolbar, meeting] = window.children as [View, View];
  return { window, toolbar, meeting, session: meeting.webContents.session };
}

function request(view: View, permission: string, details: object): Promise<boolean> {
  // Counts calls: a callback answered twice would show up as calls > 1 in pending().
  return new Promise((resolve) => view.webContents.session.requestHandler!(view.webContents, permission, resolve, { requestingUrl: `${BBB}/html5client/`, ...details }));
}

function ipc(channel: string, sender: unknown, ...args: unknown[]) {
  const event: { sender: unknown; returnValue?: unknown } = { sender };
  fake.state.ipcOn.get(channel)!(event, ...args);
  return event.returnValue;
}

const flush = () => new Promise((resolve) => setTimeout(resolve, 0));

const PAGE = `${BBB}/html5client/join`;
const CLIENT = `${BBB}/html5client/join?sessionToken=t1`;

/** A permission request exactly as Electron 45 delivers it (test/fixtures/electron/electron45-shapes.ts). */
function ask(view: View, shape: PermissionRequestShape): Promise<boolean> {
  return request(view, shape.permission, shape.details);
}

/**
 * A getDisplayMedia request as Electron 45 runs it: granting `display-capture` calls the session's
 * display-media handler inside `callback(true)` (shell/browser/web_contents_permission_helper.cc
 * MediaAccessAllowed → ElectronBrowserContext::ChooseDisplayMediaDevice → the handler, no task in
 * between). A legacy chromeMediaSource getUserMedia (plain `ask`) never reaches that handler.
 */
function askDisplayMedia(view: View, shape: PermissionRequestShape, displayRequest = displayMediaRequest(BBB)): Promise<{ granted: boolean; streams: object | null | undefined }> {
  const ses = view.webContents.session;
  return new Promise((resolve) => {
    let streams: object | null | undefined;
    ses.requestHandler!(
      view.webContents,
      shape.permission,
      (granted) => {
        if (granted) ses.displayHandler!(displayRequest, (value) => (streams = value));
        resolve({ granted, streams });
      },
      shape.details,
    );
  });
}

/** Tracks a held request: its answer (undefined while held) and how often it was answered. */
function pending(promise: Promise<boolean>) {
  const state: { answer: boolean | undefined; calls: number } = { answer: undefined, calls: 0 };
  void promise.then((value) => {
    state.answer = value;
    state.calls += 1;
  });
  return state;
}

function lastToolbarState(toolbar: View): ToolbarState {
  return toolbar.webContents.sent.filter(([channel]) => channel === CONFERENCE_CHANNELS.toolbarState).at(-1)![1] as ToolbarState;
}

describe('conference window', () => {
  it('opens a content-protected window: toolbar page and BBB view in a fresh in-memory session', async () => {
    const first = await openMeeting();
    const second = await openMeeting();
    expect(first.window.protectedContent).toBe(true);
    expect(first.window.shown).toBe(1);
    const prefs = first.meeting.options.webPreferences;
    expect(prefs).toMatchObject({ sandbox: true, contextIsolation: true, nodeIntegration: false, preload: '/app/out/preload/conference.cjs', additionalArguments: ['--schuldesk-conference-view=meeting'] });
    expect(String(prefs.partition)).not.toMatch(/^persist:/);
    expect(prefs.partition).not.toBe(second.meeting.options.webPreferences.partition);
    // Also in frames' initial about:blank documents, which the webPreferences preload skips.
    expect(first.session.preloadScripts).toEqual([{ type: 'frame', filePath: '/app/out/preload/conference.cjs', includeGlobs: ['about:blank'] }]);
    expect(first.meeting.webContents.loaded).toEqual([JOIN]);
    expect(first.toolbar.webContents.loaded[0]).toMatch(/^data:text\/html/);
    expect(decodeURIComponent(first.toolbar.webContents.loaded[0]!)).toContain('Kamera freigeben');
    expect(windows.meetingOrigins()).toContain(BBB);
    second.window.close();
    first.window.close();
    expect(first.session.cleared).toEqual(['storage', 'cache']);
    expect(windows.meetingOrigins()).toEqual([]);
  });

  it('asks before the camera while the gate is closed: the toolbar question, and its answer reaches the pending request', async () => {
    const { window, toolbar, meeting } = await openMeeting();
    expect(await ask(meeting, microphoneRequest(PAGE))).toBe(true);
    expect(await ask(meeting, microphoneRequest('https://evil.example/'))).toBe(false);
    expect(await ask(meeting, plainRequest('notifications', PAGE))).toBe(false);
    expect(meeting.webContents.session.checkHandler!(meeting.webContents, 'media', BBB, mediaCheck('video', BBB))).toBe(false);

    const first = pending(ask(meeting, cameraRequest(PAGE)));
    const second = pending(ask(meeting, cameraAndMicrophoneRequest(PAGE))); // BBB asking again joins the question
    await flush();
    expect(first.answer).toBeUndefined();
    expect(second.answer).toBeUndefined();
    expect(lastToolbarState(toolbar)).toMatchObject({ question: 'camera', cameraReleased: false });
    expect(lastToolbarState(toolbar).status).toContain('Die Konferenz möchte deine Kamera verwenden.');
    expect(toolbar.webContents.focused).toBe(1); // the question takes the focus once
    // A toolbar action from the BBB page is ignored; the question stays open.
    expect(ipc(CONFERENCE_CHANNELS.toolbarAction, meeting.webContents, 'camera-allow')).toBeUndefined();
    await flush();
    expect(first.answer).toBeUndefined();

    ipc(CONFERENCE_CHANNELS.toolbarAction, toolbar.webContents, 'camera-allow'); // "Freigeben"
    await flush();
    expect([first.answer, second.answer]).toEqual([true, true]);
    expect(lastToolbarState(toolbar)).toMatchObject({ question: null, cameraReleased: true });
    expect(await ask(meeting, cameraRequest(PAGE))).toBe(true); // released: no question any more
    expect(meeting.webContents.session.checkHandler!(meeting.webContents, 'media', BBB, mediaCheck('video', BBB))).toBe(true);
    window.close();
  });

  it('"Nicht jetzt", the time-out, a navigation and closing the window each refuse the held request exactly once', async () => {
    const { window, toolbar, meeting } = await openMeeting();
    const notNow = pending(ask(meeting, cameraRequest(PAGE)));
    await flush();
    ipc(CONFERENCE_CHANNELS.toolbarAction, toolbar.webContents, 'camera-not-now');
    await flush();
    expect(notNow.answer).toBe(false);
    expect(notNow.calls).toBe(1);
    expect(lastToolbarState(toolbar)).toMatchObject({ question: null, cameraReleased: false });

    const timersBefore = timers.length;
    const timedOut = pending(ask(meeting, cameraRequest(PAGE)));
    await flush();
    const timer = timers[timersBefore]!;
    expect(timer.ms).toBe(QUESTION_TIMEOUT_MS);
    timer.run();
    await flush();
    expect(timedOut.answer).toBe(false);
    expect(lastToolbarState(toolbar).status).toContain(TOOLBAR_TEXT.de.questionTimedOut);
    // A late "Freigeben" after the time-out answers nothing twice — and, with no question open, it
    // answers nothing at all: it does not release the camera for whatever the page asks next.
    ipc(CONFERENCE_CHANNELS.toolbarAction, toolbar.webContents, 'camera-allow');
    await flush();
    expect(timedOut.calls).toBe(1);
    expect(lastToolbarState(toolbar)).toMatchObject({ question: null, cameraReleased: false });

    const navigated = pending(ask(meeting, cameraRequest(PAGE)));
    await flush();
    expect(navigated.answer).toBeUndefined(); // a question again, not a silent grant
    meeting.webContents.commit(`${BBB}/html5client/other`);
    await flush();
    expect(navigated.answer).toBe(false);
    // The question of the previous document is gone: its late "Freigeben" releases nothing for the new one.
    ipc(CONFERENCE_CHANNELS.toolbarAction, toolbar.webContents, 'camera-allow');
    await flush();
    expect(lastToolbarState(toolbar)).toMatchObject({ question: null, cameraReleased: false });

    const closed = pending(ask(meeting, cameraRequest(PAGE)));
    await flush();
    window.close();
    await flush();
    expect(closed.answer).toBe(false);
    expect(closed.calls).toBe(1);
  });

  it('under objection a camera request is refused at once and the toolbar says why; no question', async () => {
    const { window, toolbar, meeting } = await openMeeting();
    ipc(CONFERENCE_CHANNELS.toolbarAction, toolbar.webContents, 'objection-on');
    await flush();
    const focusBefore = toolbar.webContents.focused;
    expect(await ask(meeting, cameraRequest(PAGE))).toBe(false);
    expect(lastToolbarState(toolbar)).toMatchObject({ question: null, objection: true });
    expect(lastToolbarState(toolbar).status).toContain(TOOLBAR_TEXT.de.refusedObjection);
    expect(toolbar.webContents.focused).toBe(focusBefore);
    // An open question is refused when the objection turns on (here from the Settings screen: an
    // event for the current account).
    services.context.accounts.current = () => ({ id: ACCOUNT }) as never;
    conference.setObjection(ACCOUNT, false);
    const open = pending(ask(meeting, cameraRequest(PAGE)));
    await flush();
    expect(open.answer).toBeUndefined();
    conference.setObjection(ACCOUNT, true);
    await flush();
    expect(open.answer).toBe(false);
    conference.setObjection(ACCOUNT, false);
    window.close();
  });

  it('the objection (toolbar, one click) denies video at once and reaches the guard in every frame; turning it off asks first', async () => {
    const { window, toolbar, meeting } = await openMeeting();
    ipc(CONFERENCE_CHANNELS.toolbarAction, toolbar.webContents, 'release-camera');
    ipc(CONFERENCE_CHANNELS.toolbarAction, toolbar.webContents, 'objection-on');
    await flush();
    expect(conference.objecting(ACCOUNT)).toBe(true);
    expect(await ask(meeting, cameraRequest(PAGE))).toBe(false);
    expect(await ask(meeting, cameraAndMicrophoneRequest(PAGE))).toBe(false);
    expect(await ask(meeting, microphoneRequest(PAGE))).toBe(true);
    for (const frame of meeting.webContents.frames) expect(frame.sent.at(-1)).toEqual([CONFERENCE_CHANNELS.state, { objection: true }]);
    expect(ipc(CONFERENCE_CHANNELS.init, meeting.webContents)).toEqual({ objection: true, allowRecording: false });
    expect(ipc(CONFERENCE_CHANNELS.init, {})).toEqual({ objection: true, allowRecording: false });
    expect(lastToolbarState(toolbar)).toMatchObject({ objection: true, cameraReleased: false });
    // Only the microphone ran: main had no camera to end, the view stays.
    expect(meeting.webContents.destroyed).toBe(false);

    fake.state.dialogAnswers.push(1); // "Abbrechen"
    ipc(CONFERENCE_CHANNELS.toolbarAction, toolbar.webContents, 'objection-off');
    await flush();
    expect(fake.state.dialogs.at(-1)?.options.title).toBe('Widerspruch zurücknehmen?');
    expect(conference.objecting(ACCOUNT)).toBe(true);
    fake.state.dialogAnswers.push(0);
    ipc(CONFERENCE_CHANNELS.toolbarAction, toolbar.webContents, 'objection-off');
    await flush();
    expect(conference.objecting(ACCOUNT)).toBe(false);
    for (const frame of meeting.webContents.frames) expect(frame.sent.at(-1)).toEqual([CONFERENCE_CHANNELS.state, { objection: false }]);
    // Camera must be released again after an objection: the request is a question again.
    const again = pending(ask(meeting, cameraRequest(PAGE)));
    await flush();
    expect(again.answer).toBeUndefined();
    expect(lastToolbarState(toolbar).question).toBe('camera');
    window.close();
    await flush();
    expect(again.answer).toBe(false);
  });

  it('main ends a granted camera itself when the objection turns on: the view is closed without beforeunload and BBB rejoins in a fresh one', async () => {
    const { window, toolbar, meeting } = await openMeeting();
    meeting.webContents.commit(CLIENT);
    ipc(CONFERENCE_CHANNELS.toolbarAction, toolbar.webContents, 'release-camera');
    await flush();
    expect(await ask(meeting, cameraAndMicrophoneRequest(PAGE))).toBe(true);
    ipc(CONFERENCE_CHANNELS.report, meeting.webContents, 'started:camera');
    // A page's beforeunload never holds the meeting.
    let prevented = 0;
    meeting.webContents.emit('will-prevent-unload', { preventDefault: () => (prevented += 1) });
    expect(prevented).toBe(1);

    ipc(CONFERENCE_CHANNELS.toolbarAction, toolbar.webContents, 'objection-on');
    await flush();
    expect(meeting.webContents.destroyed).toBe(true);
    expect(meeting.webContents.closedWith).toEqual({ waitForBeforeUnload: false });
    expect(window.removed).toEqual([meeting]);
    const fresh = window.children[1]!;
    expect(fresh).not.toBe(meeting);
    expect(fresh.webContents.session).toBe(meeting.webContents.session); // same meeting session
    expect(fresh.options.webPreferences).toMatchObject({ partition: meeting.options.webPreferences.partition, preload: '/app/out/preload/conference.cjs', sandbox: true });
    expect(fresh.webContents.loaded).toEqual([CLIENT]); // rejoins like F5
    expect(lastToolbarState(toolbar).status).toContain(TOOLBAR_TEXT.de.ended.objection);
    // The fresh view's guard starts objecting; the old contents gets nothing any more.
    expect(ipc(CONFERENCE_CHANNELS.init, fresh.webContents)).toEqual({ objection: true, allowRecording: false });
    expect(await ask(meeting, microphoneRequest(PAGE))).toBe(false);
    expect(await ask(fresh, microphoneRequest(PAGE))).toBe(true);
    // The log line for the ended camera is written by main (the old document cannot report it).
    expect(conference.store.mediaLog(ACCOUNT, Date.now()).slice(0, 2).map((e) => `${e.kind}:${e.action}`)).toContain('camera:stopped');
    conference.setObjection(ACCOUNT, false);
    window.close();
  });

  it('main ends a granted camera when the objection comes from the Settings screen, and when the camera is withdrawn in the toolbar', async () => {
    const viaSettings = await openMeeting();
    ipc(CONFERENCE_CHANNELS.toolbarAction, viaSettings.toolbar.webContents, 'release-camera');
    await flush();
    expect(await ask(viaSettings.meeting, cameraRequest(PAGE))).toBe(true);
    services.context.accounts.current = () => ({ id: ACCOUNT }) as never;
    new ConferenceService(services.context).setObjection(ACCOUNT, true);
    expect(viaSettings.meeting.webContents.destroyed).toBe(true);
    expect(viaSettings.window.children[1]!.webContents.loaded).toEqual([JOIN]);
    conference.setObjection(ACCOUNT, false);
    viaSettings.window.close();

    const withdrawn = await openMeeting();
    ipc(CONFERENCE_CHANNELS.toolbarAction, withdrawn.toolbar.webContents, 'release-camera');
    await flush();
    expect(await ask(withdrawn.meeting, cameraRequest(PAGE))).toBe(true);
    ipc(CONFERENCE_CHANNELS.toolbarAction, withdrawn.toolbar.webContents, 'withdraw-camera');
    await flush();
    expect(withdrawn.meeting.webContents.destroyed).toBe(true);
    expect(lastToolbarState(withdrawn.toolbar).status).toContain(TOOLBAR_TEXT.de.ended['camera-withdrawn']);
    withdrawn.window.close();
  });

  it('a new document resets main\'s account: a camera granted to the previous page does not recreate the view', async () => {
    const { window, toolbar, meeting } = await openMeeting();
    ipc(CONFERENCE_CHANNELS.toolbarAction, toolbar.webContents, 'release-camera');
    await flush();
    expect(await ask(meeting, cameraRequest(PAGE))).toBe(true);
    meeting.webContents.commit(`${BBB}/html5client/next`); // its captures ended with the old document
    ipc(CONFERENCE_CHANNELS.toolbarAction, toolbar.webContents, 'objection-on');
    await flush();
    expect(meeting.webContents.destroyed).toBe(false);
    conference.setObjection(ACCOUNT, false);
    window.close();
  });

  it('a fenced frame (or any non-primary page) committing does not reset main\'s account: the page\'s camera still ends on objection', async () => {
    const { window, toolbar, meeting } = await openMeeting();
    ipc(CONFERENCE_CHANNELS.toolbarAction, toolbar.webContents, 'release-camera');
    await flush();
    expect(await ask(meeting, cameraRequest(PAGE))).toBe(true);
    meeting.webContents.commitFencedFrame(`${BBB}/html5client/ad`);
    ipc(CONFERENCE_CHANNELS.toolbarAction, toolbar.webContents, 'objection-on');
    await flush();
    expect(meeting.webContents.destroyed).toBe(true);
    expect(lastToolbarState(toolbar).status).toContain(TOOLBAR_TEXT.de.ended.objection);
    conference.setObjection(ACCOUNT, false);
    window.close();
  });

  it('an objection set elsewhere (Settings) reaches an open meeting', async () => {
    const { window, meeting } = await openMeeting();
    // The Settings screen goes through the API's own ConferenceService instance: same store, event to all.
    services.context.accounts.current = () => ({ id: ACCOUNT }) as never;
    new ConferenceService(services.context).setObjection(ACCOUNT, true);
    for (const frame of meeting.webContents.frames) expect(frame.sent.at(-1)).toEqual([CONFERENCE_CHANNELS.state, { objection: true }]);
    conference.setObjection(ACCOUNT, false);
    window.close();
  });

  it('screen sharing (display-capture): never for viewers, for moderators only through the picker, exactly the picked source once, refusals are null', async () => {
    const viewer = await openMeeting('viewer');
    const dialogsBefore = fake.state.dialogs.length;
    expect(await ask(viewer.meeting, screenRequest(PAGE))).toBe(false);
    // Local recording: moderators when the policy allows it, never students.
    expect(ipc(CONFERENCE_CHANNELS.init, viewer.meeting.webContents)).toEqual({ objection: false, allowRecording: false });
    expect(fake.state.dialogs.length).toBe(dialogsBefore);
    let viewerStreams: object | null | undefined;
    viewer.session.displayHandler!(displayMediaRequest(BBB), (value) => (viewerStreams = value));
    expect(viewerStreams).toBeNull();
    viewer.window.close();

    const moderator = await openMeeting('moderator');
    expect(ipc(CONFERENCE_CHANNELS.init, moderator.meeting.webContents)).toEqual({ objection: false, allowRecording: true });
    // What the policy text promises: only the page's MediaRecorder/captureStream; the window stays content-protected.
    expect(moderator.window.protectedContent).toBe(true);
    fake.state.dialogAnswers.push(1); // second offered source
    const shared = await askDisplayMedia(moderator.meeting, screenWithAudioRequest(PAGE), displayMediaRequest(BBB, { audioRequested: true }));
    expect(shared).toEqual({ granted: true, streams: { video: { id: 'window:99:0', name: 'Tabellen.ods – LibreOffice' } } });
    const picker = fake.state.dialogs.at(-1)!;
    expect(picker.options.title).toBe('Bildschirm teilen');
    expect(picker.owner).toBe(moderator.window);
    expect(picker.options.buttons).toEqual(['Bildschirm 1', 'Tabellen.ods – LibreOffice', 'Abbrechen', 'Nicht mehr fragen']);
    expect(moderator.meeting.webContents.destroyed).toBe(false); // claimed: the share runs
    // Handed out once: a second getDisplayMedia without the picker gets null (not {}).
    let streams: object | null | undefined;
    moderator.session.displayHandler!(displayMediaRequest(BBB), (value) => (streams = value));
    expect(streams).toBeNull();
    fake.state.dialogAnswers.push(2); // Abbrechen
    expect(await askDisplayMedia(moderator.meeting, screenRequest(PAGE))).toEqual({ granted: false, streams: undefined });
    expect(moderator.meeting.webContents.session.checkHandler!(moderator.meeting.webContents, 'display-capture', BBB, screenCheck(BBB))).toBe(false);
    // A picked source is never served to another origin.
    fake.state.dialogAnswers.push(0);
    expect(await askDisplayMedia(moderator.meeting, screenRequest(PAGE), displayMediaRequest('https://evil.example'))).toEqual({ granted: true, streams: null });
    expect(moderator.meeting.webContents.destroyed).toBe(false);
    moderator.window.close();
  });

  it('a screen grant the display-media handler does not claim in the same call (legacy chromeMediaSource getUserMedia) makes main end every capture at once', async () => {
    const { window, toolbar, meeting } = await openMeeting('moderator');
    fake.state.dialogAnswers.push(0);
    const timersBefore = timers.length;
    // Electron serves this from the page's own chromeMediaSourceId and never calls the display-media
    // handler: the student picked "Bildschirm 1", the page named what it wanted.
    expect(await ask(meeting, legacyDesktopRequest(PAGE))).toBe(true);
    // Ended right after the grant, not after a time-out: no timer, nothing left armed.
    expect(timers.length).toBe(timersBefore);
    expect(meeting.webContents.destroyed).toBe(true);
    expect(meeting.webContents.closedWith).toEqual({ waitForBeforeUnload: false });
    const fresh = window.children[1]!;
    expect(fresh.webContents.loaded).toHaveLength(1);
    expect(lastToolbarState(toolbar).status).toContain(TOOLBAR_TEXT.de.ended['unpicked-screen-capture']);
    let streams: object | null | undefined;
    meeting.webContents.session.displayHandler!(displayMediaRequest(BBB), (value) => (streams = value));
    expect(streams).toBeNull();
    // The fresh view can share normally through the picker.
    fake.state.dialogAnswers.push(0);
    expect(await askDisplayMedia(fresh, screenRequest(PAGE))).toEqual({ granted: true, streams: { video: { id: 'screen:0:0', name: 'Bildschirm 1' } } });
    expect(fresh.webContents.destroyed).toBe(false);
    window.close();
  });

  it('a page that asks again and again cannot lock the student in the picker: "Nicht mehr fragen" stops it for this meeting', async () => {
    const { window, toolbar, meeting } = await openMeeting('moderator');
    fake.state.dialogAnswers.push(2); // "Abbrechen" (after the two offered sources)
    expect(await ask(meeting, screenRequest(PAGE))).toBe(false);
    const picker = fake.state.dialogs.at(-1)!;
    expect(picker.options.buttons).toEqual(['Bildschirm 1', 'Tabellen.ods – LibreOffice', 'Abbrechen', 'Nicht mehr fragen']);
    expect(picker.options).toMatchObject({ cancelId: 2, defaultId: 2 });
    fake.state.dialogAnswers.push(3); // "Nicht mehr fragen"
    expect(await ask(meeting, legacyDesktopRequest(PAGE))).toBe(false);
    const dialogs = fake.state.dialogs.length;
    for (let i = 0; i < 3; i++) expect(await ask(meeting, screenRequest(PAGE))).toBe(false);
    expect(fake.state.dialogs.length).toBe(dialogs); // no picker any more
    expect(lastToolbarState(toolbar).status).toContain(TOOLBAR_TEXT.de.screenStopped);
    expect(meeting.webContents.destroyed).toBe(false);
    window.close();
  });

  it('a pick made while the page navigated answers nobody: the new document does not get the grant', async () => {
    const { window, meeting } = await openMeeting('moderator');
    fake.state.dialogAnswers.push(0);
    // The picker is open (the sources are still being listed) when the main frame commits a new document.
    const asked = askDisplayMedia(meeting, screenRequest(PAGE));
    meeting.webContents.commit(`${BBB}/html5client/other`);
    expect(await asked).toEqual({ granted: false, streams: undefined });
    expect(meeting.webContents.destroyed).toBe(false);
    // Nothing stays armed for the new document.
    let streams: object | null | undefined;
    meeting.webContents.session.displayHandler!(displayMediaRequest(BBB), (value) => (streams = value));
    expect(streams).toBeNull();
    window.close();
  });

  it('every other session refuses display media with callback(null)', () => {
    for (const ses of [fake.electron.session.defaultSession, fake.state.sessions.get(partitionFor('conference'))!, fake.state.sessions.get(partitionFor('main'))!]) {
      let streams: object | null | undefined;
      ses.displayHandler!(displayMediaRequest(BBB), (value) => (streams = value));
      expect(streams).toBeNull();
    }
  });

  it('the external-link warning of a meeting is parented to the meeting window', async () => {
    const { window, meeting } = await openMeeting();
    expect(meeting.webContents.windowOpenHandler!({ url: 'https://example.org/material' })).toEqual({ action: 'deny' });
    for (let i = 0; i < 5 && fake.state.dialogs.at(-1)?.owner !== window; i++) await new Promise((resolve) => setImmediate(resolve));
    expect(fake.state.dialogs.at(-1)).toMatchObject({ owner: window, options: { type: 'warning' } });
    window.close();
  });

  it('packaged builds open only https join URLs, and the student is told why (not "Interner Fehler")', async () => {
    await expect(windows.open({ joinUrl: 'http://127.0.0.1:8080/join', role: 'viewer', accountId: ACCOUNT, meetingName: 'X' })).rejects.toThrow(/https/);
    const refused = windows.open({ joinUrl: 'http://bbb.schule.example/join', role: 'viewer', accountId: ACCOUNT, meetingName: 'X' });
    await expect(refused).rejects.toBeInstanceOf(UserFacingError);
    await expect(refused).rejects.toMatchObject({ code: 'join-url-not-https', message: expect.stringContaining('nicht verschlüsselt') });
    await expect(windows.open({ joinUrl: 'https://a:b@bbb.schule.example/join', role: 'viewer', accountId: ACCOUNT, meetingName: 'X' })).rejects.toMatchObject({ code: 'join-url-credentials', message: expect.stringContaining('Zugangsdaten') });
  });

  it('guard reports go to the media log; unknown reports and foreign senders are dropped', async () => {
    const { window, meeting } = await openMeeting();
    const before = conference.store.mediaLog(ACCOUNT, Date.now()).length;
    ipc(CONFERENCE_CHANNELS.report, meeting.webContents, 'started:camera');
    ipc(CONFERENCE_CHANNELS.report, meeting.webContents, 'started:camera'); // a second track: no second line
    ipc(CONFERENCE_CHANNELS.report, meeting.webContents, 'stopped:camera');
    ipc(CONFERENCE_CHANNELS.report, meeting.webContents, 'started:microphone');
    ipc(CONFERENCE_CHANNELS.report, meeting.webContents, 'started:everything');
    ipc(CONFERENCE_CHANNELS.report, {}, 'started:screen');
    window.close(); // the microphone was still on: closing logs it as stopped
    const log = conference.store
      .mediaLog(ACCOUNT, Date.now())
      .slice(0, conference.store.mediaLog(ACCOUNT, Date.now()).length - before)
      .map((e) => `${e.kind}:${e.action}:${e.meetingName}`);
    expect(log.sort()).toEqual(['camera:started:Mathe 7b', 'camera:stopped:Mathe 7b', 'microphone:started:Mathe 7b', 'microphone:stopped:Mathe 7b']);
  });

  it('a frame\'s "stopped" does not log the camera as stopped while another frame\'s guard reports it live', async () => {
    const { window, meeting } = await openMeeting();
    const before = conference.store.mediaLog(ACCOUNT, Date.now()).length;
    // IpcMainEvent carries processId and frameId of the sending frame (electron.d.ts).
    const fromFrame = (frameId: number, name: string) => fake.state.ipcOn.get(CONFERENCE_CHANNELS.report)!({ sender: meeting.webContents, processId: 7, frameId }, name);
    fromFrame(1, 'started:camera');
    fromFrame(2, 'started:camera');
    fromFrame(1, 'stopped:camera');
    const entries = () => conference.store.mediaLog(ACCOUNT, Date.now()).slice(0, conference.store.mediaLog(ACCOUNT, Date.now()).length - before).map((e) => `${e.kind}:${e.action}`);
    expect(entries()).toEqual(['camera:started']);
    fromFrame(2, 'stopped:camera');
    expect(entries().sort()).toEqual(['camera:started', 'camera:stopped']);
    window.close();
  });

  it('the meeting session cancels every download', async () => {
    const { window, session } = await openMeeting('moderator');
    const handlers = session.listeners.get('will-download') ?? [];
    expect(handlers.length).toBeGreaterThan(0);
    let prevented = 0;
    const item = { getFilename: () => 'aufnahme.webm', getURL: () => 'blob:https://bbb.schule.example/1', cancel: () => undefined };
    session.emit('will-download', { preventDefault: () => (prevented += 1) }, item, {});
    expect(prevented).toBeGreaterThan(0);
    window.close();
  });

  it('the meeting partition never gets the app:// protocol (only the main window\'s session serves it)', async () => {
    const scheme = APP_SCHEME_DEFINITION.scheme;
    const mainSession = fake.state.sessions.get(partitionFor('main'));
    // The fake records what serveAppProtocol did: it sees a registration where there is one.
    expect(mainSession?.handledSchemes).toEqual([scheme]);
    const viewer = await openMeeting('viewer');
    const moderator = await openMeeting('moderator');
    for (const { session } of [viewer, moderator]) {
      expect(session.partition).toMatch(/^schuldesk-meeting-/);
      expect(session.partition).not.toBe(partitionFor('main'));
      expect(session.protocol.isProtocolHandled(scheme)).toBe(false);
      expect(session.handledSchemes).toEqual([]);
    }
    viewer.window.close();
    moderator.window.close();
    // Nor any other session made while meetings opened and closed, nor the default session.
    for (const [partition, other] of fake.state.sessions) if (partition !== partitionFor('main')) expect([partition, other.handledSchemes]).toEqual([partition, []]);
    expect(fake.electron.session.defaultSession.handledSchemes).toEqual([]);
  });

  it('navigation stays on the meeting origin while the window is open', async () => {
    const { window, meeting } = await openMeeting();
    const navigate = (url: string) => {
      let prevented = false;
      meeting.webContents.emit('will-navigate', { url, preventDefault: () => (prevented = true) });
      return prevented;
    };
    expect(navigate(`${BBB}/html5client/join?x=1`)).toBe(false);
    expect(navigate('https://elsewhere.example/')).toBe(true);
    window.close();
  });

  it('recorder detection: with policy "leave" a running OBS closes the meeting after a notice', async () => {
    processList = '"explorer.exe","1","Console","1","1 K"\r\n"obs64.exe","2","Console","1","2 K"\r\n';
    const { window } = await openMeeting();
    for (let i = 0; i < 5 && !window.destroyed; i++) await flush();
    expect(fake.state.dialogs.at(-1)?.options.message).toContain('OBS Studio');
    expect(window.destroyed).toBe(true);
    processList = '';
  });
});

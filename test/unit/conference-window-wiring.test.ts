/**
 * The conference window's wiring under Node with a FAKE `electron` module (the one mock this
 * project allows: there is no Electron binary here). Everything behind it is real: the window
 * factory and security hooks, decideMedia, the real services (SQLite in a temp folder, a real
 * policy file) and ConferenceService for the objection and the media log.
 * What it cannot prove: that Electron behaves as documented (test/electron/, where a binary exists).
 */
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';

// The one fake Electron (test/support/fake-electron.ts); vi.mock below hands it to every import of electron.
const fake = await vi.hoisted(async () => (await import('../support/fake-electron')).createFakeElectron());

vi.mock('electron', () => ({ ...fake.electron, default: fake.electron }));

const { createConferenceWindows } = await import('../../main/electron/conference-window');
const { installSecurityHooks } = await import('../../main/electron/security-hooks');
const { createServices } = await import('../../main/services');
const { filePolicySource } = await import('../../main/policy/fs-sources');
const { ConferenceService } = await import('../../main/conference/service');
const { CONFERENCE_CHANNELS } = await import('../../main/conference/window-channels');
const { allowlistFromSettings } = await import('../../main/security/allowlist-from-settings');
const { serveAppProtocol } = await import('../../main/electron/app-protocol');
const { partitionFor } = await import('../../main/security/window-policy');
const { APP_SCHEME_DEFINITION } = await import('../../main/security/app-scheme');
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

type FakeWindow = InstanceType<typeof fake.FakeBaseWindow>;
type View = FakeWindow['children'][number];

async function openMeeting(role: 'moderator' | 'viewer' = 'viewer') {
  const before = fake.state.windows.length;
  await windows.open({ joinUrl: JOIN, role, accountId: ACCOUNT, meetingName: 'Mathe 7b' });
  const window = fake.state.windows[before]!;
  const [toolbar, meeting] = window.children as [View, View];
  return { window, toolbar, meeting, session: meeting.webContents.session };
}

function request(view: View, permission: string, details: object): Promise<boolean> {
  return new Promise((resolve) => view.webContents.session.requestHandler!(view.webContents, permission, resolve, { requestingUrl: `${BBB}/html5client/`, ...details }));
}

function ipc(channel: string, sender: unknown, ...args: unknown[]) {
  const event: { sender: unknown; returnValue?: unknown } = { sender };
  fake.state.ipc.get(channel)!(event, ...args);
  return event.returnValue;
}

const flush = () => new Promise((resolve) => setTimeout(resolve, 0));

describe('conference window', () => {
  it('opens a content-protected window: toolbar page and BBB view in a fresh in-memory session', async () => {
    const first = await openMeeting();
    const second = await openMeeting();
    expect(first.window.protectedContent).toBe(true);
    expect(first.window.shown).toBe(true);
    const prefs = first.meeting.options.webPreferences;
    expect(prefs).toMatchObject({ sandbox: true, contextIsolation: true, nodeIntegration: false, preload: '/app/out/preload/conference.cjs', additionalArguments: ['--schuldesk-conference-view=meeting'] });
    expect(String(prefs.partition)).not.toMatch(/^persist:/);
    expect(prefs.partition).not.toBe(second.meeting.options.webPreferences.partition);
    expect(first.meeting.webContents.loaded).toEqual([JOIN]);
    expect(first.toolbar.webContents.loaded[0]).toMatch(/^data:text\/html/);
    expect(decodeURIComponent(first.toolbar.webContents.loaded[0]!)).toContain('Kamera freigeben');
    expect(windows.meetingOrigins()).toContain(BBB);
    second.window.close();
    first.window.close();
    expect(first.session.cleared).toEqual(['storage', 'cache']);
    expect(windows.meetingOrigins()).toEqual([]);
  });

  it('denies the camera until "Kamera freigeben", allows the microphone, and refuses foreign origins', async () => {
    const { window, toolbar, meeting } = await openMeeting();
    expect(await request(meeting, 'media', { mediaTypes: ['video'] })).toBe(false);
    expect(meeting.webContents.session.checkHandler!(meeting.webContents, 'media', BBB, { mediaType: 'video' })).toBe(false);
    expect(await request(meeting, 'media', { mediaTypes: ['audio'] })).toBe(true);
    expect(await request(meeting, 'media', { mediaTypes: ['audio'], requestingUrl: 'https://evil.example/' })).toBe(false);
    expect(await request(meeting, 'notifications', {})).toBe(false);
    ipc(CONFERENCE_CHANNELS.toolbarAction, toolbar.webContents, 'release-camera');
    await flush();
    expect(await request(meeting, 'media', { mediaTypes: ['video'] })).toBe(true);
    expect(meeting.webContents.session.checkHandler!(meeting.webContents, 'media', BBB, { mediaType: 'video' })).toBe(true);
    // The toolbar of another contents cannot release this camera; a toolbar action from the BBB page is ignored.
    expect(ipc(CONFERENCE_CHANNELS.toolbarAction, meeting.webContents, 'objection-off')).toBeUndefined();
    window.close();
  });

  it('the objection (toolbar, one click) denies video at once and reaches the guard in every frame; turning it off asks first', async () => {
    const { window, toolbar, meeting } = await openMeeting();
    ipc(CONFERENCE_CHANNELS.toolbarAction, toolbar.webContents, 'release-camera');
    ipc(CONFERENCE_CHANNELS.toolbarAction, toolbar.webContents, 'objection-on');
    await flush();
    expect(conference.objecting(ACCOUNT)).toBe(true);
    expect(await request(meeting, 'media', { mediaTypes: ['video'] })).toBe(false);
    expect(await request(meeting, 'media', { mediaTypes: ['audio', 'video'] })).toBe(false);
    expect(await request(meeting, 'media', { mediaTypes: ['audio'] })).toBe(true);
    for (const frame of meeting.webContents.frames) expect(frame.sent.at(-1)).toEqual([CONFERENCE_CHANNELS.state, { objection: true }]);
    expect(ipc(CONFERENCE_CHANNELS.init, meeting.webContents)).toEqual({ objection: true, allowRecording: false });
    expect(ipc(CONFERENCE_CHANNELS.init, {})).toEqual({ objection: true, allowRecording: false });
    const toolbarState = toolbar.webContents.sent.at(-1)![1] as { objection: boolean; cameraReleased: boolean };
    expect(toolbarState).toMatchObject({ objection: true, cameraReleased: false });

    fake.state.dialogAnswers.push(1); // "Abbrechen"
    ipc(CONFERENCE_CHANNELS.toolbarAction, toolbar.webContents, 'objection-off');
    await flush();
    expect(fake.state.dialogs.at(-1)?.title).toBe('Widerspruch zurücknehmen?');
    expect(conference.objecting(ACCOUNT)).toBe(true);
    fake.state.dialogAnswers.push(0);
    ipc(CONFERENCE_CHANNELS.toolbarAction, toolbar.webContents, 'objection-off');
    await flush();
    expect(conference.objecting(ACCOUNT)).toBe(false);
    for (const frame of meeting.webContents.frames) expect(frame.sent.at(-1)).toEqual([CONFERENCE_CHANNELS.state, { objection: false }]);
    // Camera must be released again after an objection.
    expect(await request(meeting, 'media', { mediaTypes: ['video'] })).toBe(false);
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

  it('screen sharing: never for viewers, for moderators only through the picker, never offering SchulDesk windows', async () => {
    const viewer = await openMeeting('viewer');
    const dialogsBefore = fake.state.dialogs.length;
    expect(await request(viewer.meeting, 'media', { mediaTypes: [] })).toBe(false);
    // Local recording: moderators when the policy allows it, never students.
    expect(ipc(CONFERENCE_CHANNELS.init, viewer.meeting.webContents)).toEqual({ objection: false, allowRecording: false });
    expect(fake.state.dialogs.length).toBe(dialogsBefore);
    viewer.window.close();

    const moderator = await openMeeting('moderator');
    expect(ipc(CONFERENCE_CHANNELS.init, moderator.meeting.webContents)).toEqual({ objection: false, allowRecording: true });
    // What the policy text promises: only the page's MediaRecorder/captureStream; the window stays content-protected.
    expect(moderator.window.protectedContent).toBe(true);
    fake.state.dialogAnswers.push(1); // second offered source
    expect(await request(moderator.meeting, 'media', { mediaTypes: [] })).toBe(true);
    const picker = fake.state.dialogs.at(-1)!;
    expect(picker.title).toBe('Bildschirm teilen');
    expect(picker.buttons).toEqual(['Bildschirm 1', 'Tabellen.ods – LibreOffice', 'Abbrechen']);
    let streams: object | null = null;
    moderator.session.displayHandler!({}, (value) => (streams = value));
    expect(streams).toEqual({ video: { id: 'window:99:0', name: 'Tabellen.ods – LibreOffice' } });
    // Handed out once: a second getDisplayMedia without the picker gets nothing.
    moderator.session.displayHandler!({}, (value) => (streams = value));
    expect(streams).toEqual({});
    fake.state.dialogAnswers.push(2); // Abbrechen
    expect(await request(moderator.meeting, 'media', { mediaTypes: [] })).toBe(false);
    expect(moderator.meeting.webContents.session.checkHandler!(moderator.meeting.webContents, 'media', BBB, { mediaType: 'unknown' })).toBe(false);
    moderator.window.close();
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
    expect(fake.state.dialogs.at(-1)?.message).toContain('OBS Studio');
    expect(window.destroyed).toBe(true);
    processList = '';
  });
});

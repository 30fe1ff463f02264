/**
 * The conference window in real Electron — only where an Electron binary exists (skipped here).
 * A BBB-like page on 127.0.0.1; policy forces the objection. Asserts: the window is
 * content-protected (Windows/macOS; Linux has no API), a video request is denied while the
 * objection holds (guard and permission handler), MediaRecorder is blocked, and the meeting's
 * session leaves nothing in the data folder.
 */
import { createServer } from 'node:http';
import type { Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { existsSync, mkdtempSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { ElectronApplication, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { findElectronBinary, launchBuiltApp, ROOT } from './electron-binary';

const electronPath = findElectronBinary(ROOT);
const suite = electronPath ? describe : describe.skip;
const title = electronPath ? 'conference window in Electron' : 'conference window in Electron — skipped: Electron binary not available on this machine';

const PAGE = '<!doctype html><html lang="de"><head><meta charset="utf-8"><title>BBB</title></head><body><h1>BBB</h1></body></html>';

interface MeetingApp {
  app: ElectronApplication;
  server: Server;
  origin: string;
  dataDir: string;
}

/** A BBB-like page on 127.0.0.1 and the app with `policy` as its machine policy (test hooks on, fake camera). */
async function startMeetingApp(prefix: string, policy: Record<string, unknown>): Promise<MeetingApp> {
  const server = createServer((_request, response) => {
    response.writeHead(200, { 'content-type': 'text/html; charset=utf-8' });
    response.end(PAGE);
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const origin = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  const dataDir = mkdtempSync(join(tmpdir(), prefix));
  const policyFile = join(dataDir, 'policy.json');
  writeFileSync(policyFile, JSON.stringify(policy));
  const app = await launchBuiltApp(electronPath as string, { SCHULDESK_DATA_DIR: dataDir, SCHULDESK_POLICY_FILE: policyFile, SCHULDESK_TEST_HOOKS: '1' }, ['--use-fake-device-for-media-stream']);
  await app.firstWindow();
  return { app, server, origin, dataDir };
}

async function stopMeetingApp({ app, server, dataDir }: Partial<Omit<MeetingApp, 'origin'>>): Promise<void> {
  await app?.close();
  await new Promise<void>((resolve) => (server ? server.close(() => resolve()) : resolve()));
  if (dataDir) rmSync(dataDir, { recursive: true, force: true });
}

suite(title, () => {
  let app: ElectronApplication;
  let server: Server;
  let origin = '';
  let dataDir = '';
  let meeting: Page;

  beforeAll(async () => {
    ({ app, server, origin, dataDir } = await startMeetingApp('schuldesk-electron-conference-', { objectionForced: true, recorderDetection: 'off' }));
    const joinUrl = `${origin}/html5client/join`;
    const opened = app.waitForEvent('window', (page) => page.url().startsWith(origin));
    await app.evaluate(async (_electron, url) => {
      const hooks = (globalThis as { schuldeskTestHooks?: { openConference(o: object): Promise<void> } }).schuldeskTestHooks;
      await hooks?.openConference({ joinUrl: url, role: 'viewer', accountId: 'no-account', meetingName: 'Test' });
    }, joinUrl);
    meeting = await opened;
  });

  afterAll(() => stopMeetingApp({ app, server, dataDir }));

  // Linux has no capture-protection API (the toolbar says so).
  it.skipIf(process.platform === 'linux')('is content-protected', async () => {
    const protectedWindows = await app.evaluate(({ BaseWindow }) => BaseWindow.getAllWindows().filter((w) => w.isContentProtected()).length);
    expect(protectedWindows).toBe(1);
  });

  it('denies video while the objection holds, keeps MediaRecorder blocked', async () => {
    const outcome = await meeting.evaluate(async () => {
      const video = await navigator.mediaDevices.getUserMedia({ video: true }).then(
        () => 'granted',
        (error: unknown) => (error instanceof Error ? error.name : 'error'),
      );
      let recorder = 'allowed';
      try {
        new MediaRecorder(new MediaStream());
      } catch (error) {
        recorder = (error as Error).name;
      }
      return { video, recorder };
    });
    expect(outcome).toEqual({ video: 'NotAllowedError', recorder: 'NotSupportedError' });
  });

  it('screen capture as a viewer (display-capture in Electron 45): getDisplayMedia and legacy chromeMediaSource getUserMedia are refused', async () => {
    const outcome = await meeting.evaluate(async () => {
      const settle = (promise: Promise<MediaStream>) =>
        promise.then(
          (stream) => {
            for (const track of stream.getTracks()) track.stop();
            return 'granted';
          },
          (error: unknown) => (error instanceof Error ? error.name : 'error'),
        );
      const display = await settle(navigator.mediaDevices.getDisplayMedia({ video: true }));
      const legacy = await settle(navigator.mediaDevices.getUserMedia({ video: { mandatory: { chromeMediaSource: 'desktop' } } } as unknown as MediaStreamConstraints));
      return { display, legacy };
    });
    expect(outcome.display).not.toBe('granted');
    expect(outcome.legacy).not.toBe('granted');
  });

  it('leaves nothing of the meeting session in the data folder', async () => {
    await app.evaluate(({ BaseWindow }) => {
      for (const window of BaseWindow.getAllWindows()) if (window.getTitle().includes('Test')) window.close();
    });
    const partitions = join(dataDir, 'Partitions');
    const left = existsSync(partitions) ? readdirSync(partitions).filter((name) => name.startsWith('schuldesk-meeting')) : [];
    expect(left).toEqual([]);
  });
});

/**
 * Main ends a capture itself: the camera question in the real toolbar answers the
 * held permission request; the page gets a live camera track and installs a `beforeunload` that
 * tries to block unloading; withdrawing the camera in the toolbar makes main close that WebContents
 * without waiting for `beforeunload` and rejoin in a fresh one. The old page is gone (its tracks with
 * it), exactly one meeting page remains, and the toolbar says what happened.
 */
const stopTitle = electronPath ? 'conference window in Electron: main ends captures' : 'conference window in Electron: main ends captures — skipped: Electron binary not available on this machine';
suite(stopTitle, () => {
  let app: ElectronApplication;
  let server: Server;
  let origin = '';
  let dataDir = '';

  beforeAll(async () => {
    ({ app, server, origin, dataDir } = await startMeetingApp('schuldesk-electron-conference-stop-', { cameraGate: true, recorderDetection: 'off' }));
  });

  afterAll(() => stopMeetingApp({ app, server, dataDir }));

  it('asks in the toolbar, grants the camera on "Freigeben", and ends it from main when the camera is withdrawn', async () => {
    const joinUrl = `${origin}/html5client/join`;
    const meetingOpened = app.waitForEvent('window', (page) => page.url().startsWith(origin));
    const toolbarOpened = app.waitForEvent('window', (page) => page.url().startsWith('data:text/html'));
    await app.evaluate(async (_electron, url) => {
      const hooks = (globalThis as { schuldeskTestHooks?: { openConference(o: object): Promise<void> } }).schuldeskTestHooks;
      await hooks?.openConference({ joinUrl: url, role: 'viewer', accountId: 'no-account', meetingName: 'Stopp' });
    }, joinUrl);
    const meeting = await meetingOpened;
    const toolbar = await toolbarOpened;

    await meeting.evaluate(() => {
      const w = window as unknown as { __camera: Promise<string>; __track?: MediaStreamTrack };
      // A hostile page: it refuses to unload and keeps its track out of reach.
      window.addEventListener('beforeunload', (event) => {
        event.preventDefault();
        event.returnValue = 'stay';
      });
      w.__camera = navigator.mediaDevices.getUserMedia({ video: true }).then(
        (stream) => {
          w.__track = stream.getVideoTracks()[0]!.clone();
          return 'granted';
        },
        (error: unknown) => (error instanceof Error ? error.name : 'error'),
      );
    });
    // The request waits for the student: the question is in the toolbar.
    await toolbar.locator('#question').waitFor({ state: 'visible' });
    expect(await toolbar.locator('#question-text').textContent()).toBe('Die Konferenz möchte deine Kamera verwenden.');
    await toolbar.locator('#question-allow').click();
    expect(await meeting.evaluate(() => (window as unknown as { __camera: Promise<string> }).__camera)).toBe('granted');
    expect(await meeting.evaluate(() => (window as unknown as { __track: MediaStreamTrack }).__track.readyState)).toBe('live');

    const closed = meeting.waitForEvent('close');
    const rejoined = app.waitForEvent('window', (page) => page.url().startsWith(origin));
    await toolbar.locator('#camera').click(); // pressed: withdraw the camera
    await closed;
    const fresh = await rejoined;
    expect(fresh).not.toBe(meeting);
    const meetingPages = await app.evaluate(({ webContents }, prefix) => webContents.getAllWebContents().filter((contents) => contents.getURL().startsWith(prefix)).length, origin);
    expect(meetingPages).toBe(1);
    await expect.poll(() => toolbar.locator('#status').textContent()).toContain('SchulDesk hat sie beendet und die Konferenz neu verbunden');
  });
});

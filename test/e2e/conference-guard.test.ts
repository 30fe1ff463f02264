/**
 * The conference media guard in real Chromium with fake camera and microphone: injected into a
 * page served from 127.0.0.1 either as the built file out/conference-guard/guard.js or the way
 * the preload does it (the function serialized, as contextBridge.executeInMainWorld does).
 * In the app the preload runs in every frame (nodeIntegrationInSubFrames on a sandboxed view), keeps
 * the setter the install returns and main sends the objection to every frame; here the init script
 * runs in every frame, keeps `{ setObjection, reports }` under CONTROL and the test calls the setter
 * in each frame. The hostile-page paths are in conference-guard-hostile.test.ts.
 * The fake-UI switch grants every permission, so only the guard stands between page and camera here.
 * Over 400 lines on purpose: one browser set-up shared by every capture path of the guard.
 */
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import type { Page } from 'playwright-core';
import { describe, expect, it } from 'vitest';
import { installConferenceGuard } from '../../page/conference-guard/install-guard';
import { REPO_ROOT } from './harness';
import { useGuardPageAndChromium } from './page-helpers';

const GUARD_FILE = join(REPO_ROOT, 'out', 'conference-guard', 'guard.js');
/** Where the stand-in preload keeps the guard's setter and the reports it got. */
const CONTROL = '__guardControl';

const PAGE = `<!doctype html><html lang="de"><head><meta charset="utf-8"><title>BBB-artige Seite</title></head>
<body><main><h1>Konferenz</h1><video id="v" muted></video><canvas id="c" width="8" height="8"></canvas></main></body></html>`;
const FRAME = `<!doctype html><html lang="de"><head><meta charset="utf-8"><title>Rahmen</title></head><body><p>Rahmen</p></body></html>`;

const env = useGuardPageAndChromium(() => {
  if (!existsSync(GUARD_FILE)) throw new Error(`${GUARD_FILE} is missing: run npx electron-vite build first.`);
  return { page: PAGE, frame: FRAME };
});

type Injection = 'built file' | 'serialized function';

/** The serialized install, as contextBridge.executeInMainWorld runs it; the setter and reports stay with the "preload". */
function serializedInstall(config: { objection: boolean; allowRecording: boolean }): string {
  return `(() => {
    const reports = [];
    const setObjection = (${installConferenceGuard.toString()})(${JSON.stringify(config)}, (name) => reports.push(name));
    Object.defineProperty(window, '${CONTROL}', { value: { setObjection, reports } });
  })();`;
}

const reportsOf = (page: Page): Promise<string[]> => page.evaluate((key) => [...(window as unknown as Record<string, { reports: string[] }>)[key]!.reports], CONTROL);

async function openGuarded(injection: Injection, objection = false, allowRecording = false): Promise<Page> {
  const context = await env.browser.newContext();
  const page = await context.newPage();
  if (injection === 'built file') {
    const config = { objection, allowRecording, controlKey: CONTROL };
    await page.addInitScript({ content: `window.__SCHULDESK_GUARD_CONFIG__ = ${JSON.stringify(config)};\n${readFileSync(GUARD_FILE, 'utf8')}` });
  } else {
    await page.addInitScript({ content: serializedInstall({ objection, allowRecording }) });
  }
  await page.goto(`${env.origin}/`);
  return page;
}

/** What main does: the new state to every frame. */
async function setObjection(page: Page, on: boolean): Promise<void> {
  for (const frame of page.frames()) {
    await frame.evaluate(([key, state]) => (window as unknown as Record<string, { setObjection(on: boolean): void }>)[key]!.setObjection(state), [CONTROL, on] as const);
  }
}

/**
 * With the objection on: video requests through the legacy callback APIs, a fresh about:blank iframe,
 * a loaded same-origin iframe (reached through contentWindow) and that iframe's own script.
 */
function legacyAndFrameOutcomes(page: Page, frameUrl: string): Promise<Record<'getUserMedia' | 'webkitGetUserMedia' | 'blankFrame' | 'loadedFrame' | 'frameOwnScript', string>> {
  return page.evaluate(async (url) => {
    const outcome = (promise: Promise<MediaStream>) =>
      promise.then(
        (stream) => `delivered ${stream.getVideoTracks().map((t) => t.readyState).join(',')}`,
        (error: DOMException) => error.name,
      );
    const nav = navigator as unknown as Record<string, (c: MediaStreamConstraints, ok: (s: MediaStream) => void, fail: (e: unknown) => void) => void>;
    const legacy = (name: string) =>
      typeof nav[name] === 'function' ? outcome(new Promise<MediaStream>((ok, fail) => nav[name]!.call(navigator, { video: true }, ok, fail))) : Promise.resolve('absent');
    const blank = document.createElement('iframe');
    document.body.append(blank);
    const blankResult = await outcome(blank.contentWindow!.navigator.mediaDevices.getUserMedia({ video: true }));
    const loaded = document.createElement('iframe');
    loaded.src = url;
    await new Promise((resolve) => {
      loaded.onload = resolve;
      document.body.append(loaded);
    });
    const loadedResult = await outcome(loaded.contentWindow!.navigator.mediaDevices.getUserMedia({ video: true }));
    const ownScript = await outcome((loaded.contentWindow as unknown as { eval: (s: string) => Promise<MediaStream> }).eval('navigator.mediaDevices.getUserMedia({video: true})'));
    return {
      getUserMedia: await legacy('getUserMedia'),
      webkitGetUserMedia: await legacy('webkitGetUserMedia'),
      blankFrame: blankResult,
      loadedFrame: loadedResult,
      frameOwnScript: ownScript,
    };
  }, frameUrl);
}

async function closePage(page: Page): Promise<void> {
  await page.context().close();
}

describe('built files', () => {
  it('the guard file is one script without imports; the conference preload requires nothing but electron (sandboxed preloads cannot load chunks)', () => {
    const guard = readFileSync(GUARD_FILE, 'utf8');
    expect(guard).not.toMatch(/^\s*(import|export)\s|\brequire\(|\bimport\(/m);
    expect(guard.trim()).toMatch(/^\(function\s*\(\)\s*\{[\s\S]*\}\)\(\);$/);
    const preload = readFileSync(join(REPO_ROOT, 'out', 'preload', 'conference.cjs'), 'utf8');
    expect([...preload.matchAll(/require\(["']([^"']+)["']\)/g)].map((m) => m[1])).toEqual(['electron']);
  });
});

describe.each<Injection>(['built file', 'serialized function'])('conference guard (%s)', (injection) => {
  it('stops a running camera when the objection turns on, keeps the microphone, and refuses new video', async () => {
    const page = await openGuarded(injection);
    try {
      const before = await page.evaluate(async () => {
        const stream = await navigator.mediaDevices.getUserMedia({ audio: true, video: true });
        const w = window as unknown as { __stream: MediaStream; __clone: MediaStreamTrack };
        w.__stream = stream;
        w.__clone = stream.getVideoTracks()[0]!.clone();
        return stream.getTracks().map((t) => `${t.kind}:${t.readyState}`).sort();
      });
      expect(before).toEqual(['audio:live', 'video:live']);

      await setObjection(page, true);
      const after = await page.evaluate(() => {
        const w = window as unknown as { __stream: MediaStream; __clone: MediaStreamTrack };
        return { tracks: w.__stream.getTracks().map((t) => `${t.kind}:${t.readyState}`).sort(), clone: w.__clone.readyState };
      });
      expect(after).toEqual({ tracks: ['audio:live', 'video:ended'], clone: 'ended' });

      const again = await page.evaluate(async () => {
        try {
          await navigator.mediaDevices.getUserMedia({ video: true });
          return 'delivered';
        } catch (error) {
          return (error as DOMException).name;
        }
      });
      expect(again).toBe('NotAllowedError');

      const audio = await page.evaluate(async () => {
        const stream = await navigator.mediaDevices.getUserMedia({ audio: true });
        return stream.getTracks().map((t) => `${t.kind}:${t.readyState}`);
      });
      expect(audio).toEqual(['audio:live']);
      const reports = await reportsOf(page);
      expect(reports).toEqual(expect.arrayContaining(['started:camera', 'started:microphone', 'stopped:camera', 'blocked:camera']));
    } finally {
      await closePage(page);
    }
  });

  it('delivers no video through legacy APIs, same-origin iframes, or a request pending when the objection comes on', async () => {
    const page = await openGuarded(injection, true);
    try {
      const results = await legacyAndFrameOutcomes(page, `${env.origin}/frame.html`);
      // Chromium may have dropped the legacy callback APIs; where present they must refuse.
      expect(['absent', 'NotAllowedError']).toContain(results.getUserMedia);
      expect(['absent', 'NotAllowedError']).toContain(results.webkitGetUserMedia);
      expect(results.blankFrame).toBe('NotAllowedError');
      expect(results.loadedFrame).toBe('NotAllowedError');
      expect(results.frameOwnScript).toBe('NotAllowedError');

      // Objection off, a camera request starts, the objection comes on before it resolves (in the same
      // task as the request, so it is certainly still pending: main's push arrives as the same event).
      await setObjection(page, false);
      const pending = await page.evaluate(async (key) => {
        const request = navigator.mediaDevices.getUserMedia({ video: true });
        (window as unknown as Record<string, { setObjection(on: boolean): void }>)[key]!.setObjection(true);
        const stream = await request;
        return stream.getVideoTracks().map((t) => t.readyState);
      }, CONTROL);
      expect(pending).toEqual(['ended']);
    } finally {
      await closePage(page);
    }
  });

  it('decides on one reading of the constraints: a getter, a Proxy or null cannot say "no video" to the guard and "video" to the browser', async () => {
    const page = await openGuarded(injection, true);
    try {
      const results = await page.evaluate(async () => {
        /** What the page got: every track with its kind and state, or the error's name. */
        const outcome = (promise: Promise<MediaStream>) =>
          promise.then(
            (stream) => stream.getTracks().map((t) => `${t.kind}:${t.readyState}`).sort().join(',') || 'empty',
            (error: DOMException) => error.name,
          );
        // false to the first reader, true to every later one.
        const lateVideo = () => {
          const state = { reads: 0 };
          const constraints = {
            audio: true,
            get video() {
              state.reads += 1;
              return state.reads > 1;
            },
          };
          return { constraints, state };
        };
        const getter = lateVideo();
        const getterResult = await outcome(navigator.mediaDevices.getUserMedia(getter.constraints));
        const proxyState = { reads: 0 };
        const proxy = new Proxy<MediaStreamConstraints>(
          { audio: true },
          {
            has: (target, key) => key === 'video' || key in target,
            get: (target, key) => {
              if (key !== 'video') return Reflect.get(target, key) as unknown;
              proxyState.reads += 1;
              return proxyState.reads > 1;
            },
          },
        );
        const proxyResult = await outcome(navigator.mediaDevices.getUserMedia(proxy));
        // The other way round: true first, false later — refused, as any request with video.
        let earlyReads = 0;
        const early = await outcome(
          navigator.mediaDevices.getUserMedia({
            audio: true,
            get video() {
              earlyReads += 1;
              return earlyReads === 1;
            },
          }),
        );
        // Chromium treats video: null (and a function) as an empty MediaTrackConstraints: a camera request.
        const videoNull = await outcome(navigator.mediaDevices.getUserMedia({ audio: true, video: null } as unknown as MediaStreamConstraints));
        const videoFunction = await outcome(navigator.mediaDevices.getUserMedia({ audio: true, video: (() => 1) as unknown as boolean }));
        const legacyGetter = lateVideo();
        const nav = navigator as unknown as { webkitGetUserMedia?: (c: unknown, ok: (s: MediaStream) => void, fail: (e: unknown) => void) => void };
        const legacy = nav.webkitGetUserMedia
          ? await outcome(new Promise<MediaStream>((ok, fail) => nav.webkitGetUserMedia!.call(navigator, legacyGetter.constraints, ok, fail)))
          : 'absent';
        // An accessor on Object.prototype: inherited by the page's object (and by any plain object the guard made).
        let inheritedReads = 0;
        let inheritedStored: unknown;
        Object.defineProperty(Object.prototype, 'video', {
          configurable: true,
          get() {
            inheritedReads += 1;
            return inheritedStored ?? inheritedReads > 1;
          },
          set(value: unknown) {
            inheritedStored = value === false ? undefined : value;
          },
        });
        const inherited = await outcome(navigator.mediaDevices.getUserMedia({ audio: true }));
        delete (Object.prototype as unknown as { video?: unknown }).video;
        return {
          getterResult,
          getterReads: getter.state.reads,
          proxyResult,
          proxyReads: proxyState.reads,
          early,
          videoNull,
          videoFunction,
          legacy,
          legacyReads: legacyGetter.state.reads,
          inherited,
          inheritedReads,
        };
      });
      // The guard read "no video" once and the browser got exactly that: microphone only, no video track at all.
      expect(results).toMatchObject({ getterResult: 'audio:live', getterReads: 1, proxyResult: 'audio:live', proxyReads: 1 });
      expect(results).toMatchObject({ early: 'NotAllowedError', videoNull: 'NotAllowedError', videoFunction: 'NotAllowedError' });
      expect(['absent', 'audio:live']).toContain(results.legacy);
      if (results.legacy !== 'absent') expect(results.legacyReads).toBe(1);
      expect(results).toMatchObject({ inherited: 'audio:live', inheritedReads: 1 });
      const reports = await reportsOf(page);
      expect(reports).not.toContain('started:camera');
    } finally {
      await closePage(page);
    }
  });

  it('passes plain copies on: with the objection off the same tricks get what they asked for at the first reading', async () => {
    const page = await openGuarded(injection, false);
    try {
      const results = await page.evaluate(async () => {
        const kinds = (stream: MediaStream) => stream.getTracks().map((t) => t.kind).sort().join(',');
        let reads = 0;
        const late = await navigator.mediaDevices.getUserMedia({
          audio: true,
          get video() {
            reads += 1;
            return reads > 1;
          },
        });
        const nested = await navigator.mediaDevices.getUserMedia({ video: { width: { ideal: 320 } } });
        const videoNull = await navigator.mediaDevices.getUserMedia({ video: null } as unknown as MediaStreamConstraints);
        let refused = 'delivered';
        try {
          await navigator.mediaDevices.getUserMedia({});
        } catch (error) {
          refused = (error as Error).name;
        }
        return { late: kinds(late), reads, nested: kinds(nested), nestedWidth: nested.getVideoTracks()[0]?.getSettings().width, videoNull: kinds(videoNull), refused };
      });
      expect(results).toEqual({ late: 'audio', reads: 1, nested: 'video', nestedWidth: 320, videoNull: 'video', refused: 'TypeError' });
    } finally {
      await closePage(page);
    }
  });

  it('blocks MediaRecorder and captureStream on media and canvas elements', async () => {
    const page = await openGuarded(injection);
    try {
      const results = await page.evaluate(async () => {
        const attempt = (fn: () => unknown) => {
          try {
            fn();
            return 'allowed';
          } catch (error) {
            return (error as DOMException).name;
          }
        };
        const stream = await navigator.mediaDevices.getUserMedia({ audio: true });
        const video = document.getElementById('v') as HTMLVideoElement & { captureStream(): MediaStream };
        const canvas = document.getElementById('c') as HTMLCanvasElement;
        return {
          recorder: attempt(() => new MediaRecorder(stream)),
          supported: MediaRecorder.isTypeSupported('video/webm'),
          video: attempt(() => video.captureStream()),
          canvas: attempt(() => canvas.captureStream()),
        };
      });
      expect(results).toEqual({ recorder: 'NotSupportedError', supported: false, video: 'NotSupportedError', canvas: 'NotSupportedError' });
      const reports = await reportsOf(page);
      expect(reports).toEqual(expect.arrayContaining(['blocked:MediaRecorder', 'blocked:captureStream']));
    } finally {
      await closePage(page);
    }
  });

  it('leaves MediaRecorder and captureStream alone where local recording is allowed (moderator + policy)', async () => {
    const page = await openGuarded(injection, false, true);
    try {
      const state = await page.evaluate(async () => {
        const stream = await navigator.mediaDevices.getUserMedia({ audio: true });
        const recorder = new MediaRecorder(stream);
        const canvas = document.getElementById('c') as HTMLCanvasElement;
        return { recorder: recorder.state, canvas: canvas.captureStream().getVideoTracks().length };
      });
      expect(state).toEqual({ recorder: 'inactive', canvas: 1 });
    } finally {
      await closePage(page);
    }
  });

  it('cannot be removed or bypassed by page script', async () => {
    const page = await openGuarded(injection);
    try {
      const attempts = await page.evaluate(async () => {
        const tries: Record<string, string> = {};
        const attempt = (name: string, fn: () => void) => {
          try {
            fn();
            tries[name] = 'no error';
          } catch (error) {
            tries[name] = (error as Error).name;
          }
        };
        const fake = () => Promise.resolve(new MediaStream());
        attempt('delete getUserMedia', () => {
          'use strict';
          delete (MediaDevices.prototype as unknown as Record<string, unknown>).getUserMedia;
        });
        attempt('redefine getUserMedia', () => Object.defineProperty(MediaDevices.prototype, 'getUserMedia', { value: fake }));
        attempt('assign getUserMedia', () => {
          (MediaDevices.prototype as unknown as Record<string, unknown>).getUserMedia = fake;
        });
        attempt('replace MediaRecorder', () => Object.defineProperty(window, 'MediaRecorder', { value: function () {} }));
        attempt('replace track.stop', () => Object.defineProperty(MediaStreamTrack.prototype, 'stop', { value: () => {} }));
        attempt('replace captureStream', () => Object.defineProperty(HTMLCanvasElement.prototype, 'captureStream', { value: () => new MediaStream() }));
        attempt('replace contentWindow', () => Object.defineProperty(HTMLIFrameElement.prototype, 'contentWindow', { get: () => null }));
        // An own property on the instance is not the prototype's method: it must not reach the camera either.
        const original = Object.getOwnPropertyDescriptor(MediaDevices.prototype, 'getUserMedia');
        const stream = await navigator.mediaDevices.getUserMedia({ video: true });
        (window as unknown as { __s: MediaStream }).__s = stream;
        return { tries, locked: original?.writable === false && original.configurable === false, recorderType: typeof MediaRecorder };
      });
      expect(attempts.locked).toBe(true);
      for (const name of ['redefine getUserMedia', 'replace MediaRecorder', 'replace track.stop', 'replace captureStream', 'replace contentWindow']) {
        expect([name, attempts.tries[name]]).toEqual([name, 'TypeError']);
      }
      // A page that overrode stop() on its own track instance: the objection still ends the camera.
      await page.evaluate(() => {
        const track = (window as unknown as { __s: MediaStream }).__s.getVideoTracks()[0]!;
        Object.defineProperty(track, 'stop', { value: () => {} });
      });
      await setObjection(page, true);
      const state = await page.evaluate(() => (window as unknown as { __s: MediaStream }).__s.getVideoTracks()[0]!.readyState);
      expect(state).toBe('ended');
      const refused = await page.evaluate(async () => {
        try {
          await navigator.mediaDevices.getUserMedia({ video: true });
          return 'delivered';
        } catch (error) {
          return (error as DOMException).name;
        }
      });
      expect(refused).toBe('NotAllowedError');
    } finally {
      await closePage(page);
    }
  });
});

describe('conference guard on the test Moodle\'s BBB client stand-in', () => {
  it('a teacher joins through the signed join URL; with the objection on the webcam is refused, audio works; a running webcam ends when it comes on', async () => {
    const { startTestMoodle, callRest } = await import('../fixtures/moodle/index');
    const moodle = await startTestMoodle();
    const context = await env.browser.newContext();
    try {
      const token = moodle.state.issueToken('teacher1');
      const { join_url: joinUrl } = (await callRest(moodle.url, token, 'mod_bigbluebuttonbn_get_join_url', { cmid: 17 })) as { join_url: string };
      const page = await context.newPage();
      await page.addInitScript({ content: serializedInstall({ objection: false, allowRecording: false }) });
      await page.goto(joinUrl);
      const status = page.locator('#bbb-media');
      await page.getByRole('button', { name: 'Share webcam' }).click();
      await expect.poll(() => status.textContent()).toBe('webcam: video live');
      await setObjection(page, true);
      expect(await page.evaluate(() => (window as unknown as { bbbStreams: MediaStream[] }).bbbStreams[0]!.getVideoTracks()[0]!.readyState)).toBe('ended');
      await page.getByRole('button', { name: 'Share webcam' }).click();
      await expect.poll(() => status.textContent()).toBe('webcam: NotAllowedError');
      await page.getByRole('button', { name: 'Join with microphone' }).click();
      await expect.poll(() => status.textContent()).toBe('audio: audio live');

      // Joined with the objection already on (the preload starts every frame's guard with the current state):
      // legacy APIs and same-origin iframes (the BBB origin's own pages) deliver no video either.
      const objecting = await context.newPage();
      await objecting.addInitScript({ content: serializedInstall({ objection: true, allowRecording: false }) });
      await objecting.goto(joinUrl);
      await objecting.getByRole('button', { name: 'Share webcam' }).click();
      await expect.poll(() => objecting.locator('#bbb-media').textContent()).toBe('webcam: NotAllowedError');
      const results = await legacyAndFrameOutcomes(objecting, `${moodle.url}/login/index.php`);
      expect(['absent', 'NotAllowedError']).toContain(results.getUserMedia);
      expect(['absent', 'NotAllowedError']).toContain(results.webkitGetUserMedia);
      expect(results).toMatchObject({ blankFrame: 'NotAllowedError', loadedFrame: 'NotAllowedError', frameOwnScript: 'NotAllowedError' });
    } finally {
      await context.close();
      await moodle.close();
    }
  });
});

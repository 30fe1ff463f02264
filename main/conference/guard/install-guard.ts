/**
 * The main-world media guard of a conference page (issue 4 items 4 and 5). The conference preload
 * runs it in the BBB page's main world before any page script (contextBridge.executeInMainWorld);
 * tests inject the built file out/conference-guard/guard.js into any page.
 *
 * installConferenceGuard MUST stay self-contained: executeInMainWorld serializes the function, so
 * it may not use anything from outside its own body (no imports at runtime, no module helpers).
 *
 * What it does:
 * - wraps getUserMedia (MediaDevices, legacy navigator.getUserMedia/webkitGetUserMedia): while the
 *   objection is on, any request with video is refused; every camera track handed out (and its
 *   clones) is kept, and all are stopped the moment the objection turns on;
 * - MediaRecorder and captureStream() of media and canvas elements throw (unless allowRecording:
 *   moderators when the school's policy allows local recording);
 * - same-origin iframes get the same guard when the page reaches into them (contentWindow /
 *   contentDocument);
 * - the replaced properties are non-writable and non-configurable: page script can neither
 *   restore nor redefine them, and the originals are reachable only through this closure.
 *
 * State channel (secret: page script does not know `channel`):
 *   document.dispatchEvent(new Event(`${channel}:objection-on`))   // or `:objection-off`
 * Reports (for the media log): an Event on document named `${channel}:report:<type>:<what>`, e.g.
 *   `…:report:started:camera`, `…:report:stopped:microphone`, `…:report:blocked:MediaRecorder`
 *   (everything in the name: no detail object has to cross from the main to the preload's world).
 * The permission handler in main is the hard wall behind this guard.
 */

export interface ConferenceGuardConfig {
  /** Secret event-name prefix shared with the preload. */
  channel: string;
  objection: boolean;
  /** Local recording allowed (moderator and policy localRecordingForModerators). */
  allowRecording: boolean;
}

export type GuardReport =
  | { type: 'started' | 'stopped'; kind: 'camera' | 'microphone' | 'screen' }
  | { type: 'blocked'; what: 'camera' | 'MediaRecorder' | 'captureStream' };

export function installConferenceGuard(config: ConferenceGuardConfig): boolean {
  const top = window;
  const topDocument = document;
  if (typeof config !== 'object' || config === null || typeof config.channel !== 'string' || config.channel === '') return false;
  const channel = config.channel;
  const allowRecording = config.allowRecording === true;
  // Captured now, before page script could replace them.
  const dispatch = EventTarget.prototype.dispatchEvent;
  const addListener = EventTarget.prototype.addEventListener;
  const EventCtor = Event;
  const defineProperty = Object.defineProperty;
  const getDescriptor = Object.getOwnPropertyDescriptor;
  const apply = Reflect.apply;

  type Kind = 'camera' | 'microphone' | 'screen';
  const state = { objection: config.objection === true };
  /** Every track handed out, with its kind; camera tracks are stopped on objection. */
  const handedOut = new Map<MediaStreamTrack, Kind>();
  const trackStops: ((track: MediaStreamTrack) => void)[] = [];

  const report = (value: GuardReport): void => {
    try {
      apply(dispatch, topDocument, [new EventCtor(`${channel}:report:${value.type}:${'kind' in value ? value.kind : value.what}`)]);
    } catch {
      // Reporting is advisory; the guard itself must keep working.
    }
  };

  const refuse = (message: string, name: string): DOMException => new DOMException(message, name);

  const lock = (target: object, key: string, value: unknown): void => {
    try {
      defineProperty(target, key, { value, writable: false, configurable: false, enumerable: false });
    } catch {
      // Already locked (a second install in the same realm): the first guard stays.
    }
  };

  const wantsVideo = (constraints: unknown): boolean =>
    typeof constraints === 'object' && constraints !== null && 'video' in constraints && Boolean((constraints as { video?: unknown }).video);

  const forget = (track: MediaStreamTrack, stopped: boolean): void => {
    const kind = handedOut.get(track);
    if (kind === undefined) return;
    handedOut.delete(track);
    if (stopped) report({ type: 'stopped', kind });
  };

  const stopCamera = (): void => {
    for (const [track, kind] of [...handedOut]) {
      if (kind !== 'camera') continue;
      for (const stop of trackStops) stop(track);
    }
  };

  const keep = (stream: MediaStream, fromScreen: boolean): MediaStream => {
    const started = new Set<Kind>();
    for (const track of stream.getTracks()) {
      const kind: Kind = fromScreen ? 'screen' : track.kind === 'video' ? 'camera' : 'microphone';
      handedOut.set(track, kind);
      started.add(kind);
    }
    for (const kind of started) report({ type: 'started', kind });
    // The objection may have come on while the request was pending.
    if (state.objection) stopCamera();
    return stream;
  };

  const patched = new WeakSet<object>();

  const guardRealm = (win: Window & typeof globalThis): void => {
    if (patched.has(win)) return;
    patched.add(win);

    const trackProto = win.MediaStreamTrack?.prototype;
    if (trackProto) {
      const originalStop = trackProto.stop;
      const stopTrack = (track: MediaStreamTrack): void => {
        if (!(track instanceof win.MediaStreamTrack)) return;
        apply(originalStop, track, []);
        forget(track, true);
      };
      trackStops.push(stopTrack);
      lock(trackProto, 'stop', function stop(this: MediaStreamTrack) {
        if (handedOut.has(this)) return stopTrack(this);
        return apply(originalStop, this, []);
      });
      const originalClone = trackProto.clone;
      lock(trackProto, 'clone', function clone(this: MediaStreamTrack) {
        const copy = apply(originalClone, this, []) as MediaStreamTrack;
        const kind = handedOut.get(this);
        if (kind !== undefined) handedOut.set(copy, kind);
        return copy;
      });
    }
    const streamProto = win.MediaStream?.prototype;
    if (streamProto) {
      const originalStreamClone = streamProto.clone;
      lock(streamProto, 'clone', function clone(this: MediaStream) {
        const copy = apply(originalStreamClone, this, []) as MediaStream;
        const mine = this.getTracks();
        copy.getTracks().forEach((track, index) => {
          const source = mine[index];
          const kind = source ? handedOut.get(source) : undefined;
          if (kind !== undefined) handedOut.set(track, kind);
        });
        return copy;
      });
    }

    const devicesProto = win.MediaDevices?.prototype;
    let guardedGetUserMedia: ((this: MediaDevices, constraints?: MediaStreamConstraints) => Promise<MediaStream>) | null = null;
    if (devicesProto) {
      const originalGetUserMedia = devicesProto.getUserMedia;
      guardedGetUserMedia = async function getUserMedia(this: MediaDevices, constraints?: MediaStreamConstraints): Promise<MediaStream> {
        if (state.objection && wantsVideo(constraints)) {
          report({ type: 'blocked', what: 'camera' });
          throw refuse('Du hast der Übertragung deines Bildes widersprochen.', 'NotAllowedError');
        }
        const stream = (await apply(originalGetUserMedia, this, [constraints])) as MediaStream;
        return keep(stream, false);
      };
      lock(devicesProto, 'getUserMedia', guardedGetUserMedia);
      const originalGetDisplayMedia = devicesProto.getDisplayMedia;
      if (typeof originalGetDisplayMedia === 'function') {
        lock(devicesProto, 'getDisplayMedia', async function getDisplayMedia(this: MediaDevices, options?: DisplayMediaStreamOptions): Promise<MediaStream> {
          const stream = (await apply(originalGetDisplayMedia, this, [options])) as MediaStream;
          return keep(stream, true);
        });
      }
    }

    // Legacy callback API: route it through the guarded path.
    const navigatorProto = win.Navigator?.prototype as unknown as Record<string, unknown> | undefined;
    if (navigatorProto && guardedGetUserMedia) {
      const viaGuard = guardedGetUserMedia;
      for (const name of ['getUserMedia', 'webkitGetUserMedia']) {
        if (!(name in navigatorProto)) continue;
        lock(navigatorProto, name, function legacyGetUserMedia(this: Navigator, constraints: MediaStreamConstraints, onSuccess?: (s: MediaStream) => void, onError?: (e: unknown) => void) {
          apply(viaGuard, win.navigator.mediaDevices, [constraints]).then(
            (stream: MediaStream) => onSuccess?.(stream),
            (error: unknown) => onError?.(error),
          );
        });
      }
    }

    if (!allowRecording) {
      const blockedRecorder = function MediaRecorder(): never {
        report({ type: 'blocked', what: 'MediaRecorder' });
        throw refuse('Aufnahmen sind in SchulDesk nicht erlaubt.', 'NotSupportedError');
      };
      lock(blockedRecorder, 'isTypeSupported', () => false);
      lock(win, 'MediaRecorder', blockedRecorder);
      const blockedCapture = function captureStream(): never {
        report({ type: 'blocked', what: 'captureStream' });
        throw refuse('Aufnahmen sind in SchulDesk nicht erlaubt.', 'NotSupportedError');
      };
      if (win.HTMLMediaElement) lock(win.HTMLMediaElement.prototype, 'captureStream', blockedCapture);
      if (win.HTMLCanvasElement) lock(win.HTMLCanvasElement.prototype, 'captureStream', blockedCapture);
    }

    // Same-origin frames: guard their realm the moment the page reaches into it.
    const frameProtos = [win.HTMLIFrameElement?.prototype, win.HTMLFrameElement?.prototype, win.HTMLObjectElement?.prototype];
    for (const proto of frameProtos) {
      if (!proto) continue;
      for (const key of ['contentWindow', 'contentDocument'] as const) {
        const descriptor = getDescriptor(proto, key);
        const getter = descriptor?.get;
        if (!getter) continue;
        defineProperty(proto, key, {
          configurable: false,
          enumerable: descriptor.enumerable ?? true,
          get(this: HTMLElement) {
            const value = apply(getter, this, []) as (Window & typeof globalThis) | Document | null;
            if (value) {
              try {
                const childWindow = key === 'contentWindow' ? (value as Window & typeof globalThis) : ((value as Document).defaultView as (Window & typeof globalThis) | null);
                // Cross-origin frames throw on access; the page cannot use them either.
                if (childWindow && childWindow.MediaDevices) guardRealm(childWindow);
              } catch {
                // cross-origin
              }
            }
            return value;
          },
        });
      }
    }
  };

  guardRealm(top);

  apply(addListener, topDocument, [
    `${channel}:objection-on`,
    () => {
      state.objection = true;
      stopCamera();
    },
  ]);
  apply(addListener, topDocument, [
    `${channel}:objection-off`,
    () => {
      state.objection = false;
    },
  ]);
  return true;
}

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
 *   clones) is kept, and all are stopped the moment the objection turns on. The constraints are
 *   read once into a plain, prototype-free copy of the known keys (getDisplayMedia's too); the
 *   decision is made on the copy and only the copy is passed to the browser, so a getter or a
 *   Proxy cannot answer "no video" to the guard and "video" to the browser;
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

  const clone = structuredClone;
  const get = Reflect.get;
  const createObject = Object.create;
  const TypeErrorCtor = TypeError;

  /**
   * One member of a constraints dictionary, read exactly once, as plain data. Like WebIDL's
   * `(boolean or MediaTrackConstraints)`: undefined = absent, an object (also null or a function)
   * = a track request with those constraints, anything else = a boolean. Objects become structured
   * copies (own data only); one that cannot be copied (a Proxy, a function inside) is refused.
   */
  const plainMember = (value: unknown): unknown => {
    if (value === undefined) return undefined;
    if (value === null || typeof value === 'function') return createObject(null) as object;
    if (typeof value !== 'object') return !!value;
    try {
      return clone(value);
    } catch {
      throw new TypeErrorCtor('SchulDesk: Diese Medien-Anfrage lässt sich nicht prüfen.');
    }
  };

  /**
   * The page's constraints read once into a plain object of the known keys. The guard decides on
   * this copy and only the copy reaches the browser, so a getter or a Proxy cannot tell the guard
   * one thing and the browser another. The copy has no prototype, so nothing the page puts on
   * Object.prototype can add to it or intercept writing it. Primitives pass unchanged (the browser
   * rejects them itself); `passAsIs` names a member handed over by reference (a platform object).
   */
  const snapshot = (constraints: unknown, keys: readonly string[], passAsIs = ''): unknown => {
    const copy = createObject(null) as Record<string, unknown>;
    if (constraints === undefined || constraints === null) return copy;
    if (typeof constraints !== 'object' && typeof constraints !== 'function') return constraints;
    for (let index = 0; index < keys.length; index += 1) {
      const key = keys[index] as string;
      const value: unknown = get(constraints as object, key);
      if (value === undefined) continue;
      // The descriptor has no prototype either: an Object.prototype.get cannot turn it into an accessor.
      const descriptor = createObject(null) as PropertyDescriptor;
      descriptor.value = key === passAsIs ? value : plainMember(value);
      descriptor.writable = true;
      descriptor.enumerable = true;
      descriptor.configurable = true;
      defineProperty(copy, key, descriptor);
    }
    return copy;
  };

  const USER_MEDIA_KEYS = ['audio', 'video'];
  const DISPLAY_MEDIA_KEYS = ['audio', 'controller', 'monitorTypeSurfaces', 'preferCurrentTab', 'selfBrowserSurface', 'surfaceSwitching', 'systemAudio', 'video', 'windowAudio'];

  /** On a snapshot: is a video track requested? */
  const wantsVideo = (copy: unknown): boolean => {
    if (typeof copy !== 'object' || copy === null) return false;
    const video = (copy as { video?: unknown }).video;
    return video !== undefined && video !== false;
  };

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
        const copy = snapshot(constraints, USER_MEDIA_KEYS);
        if (state.objection && wantsVideo(copy)) {
          report({ type: 'blocked', what: 'camera' });
          throw refuse('Du hast der Übertragung deines Bildes widersprochen.', 'NotAllowedError');
        }
        const stream = (await apply(originalGetUserMedia, this, [copy])) as MediaStream;
        return keep(stream, false);
      };
      lock(devicesProto, 'getUserMedia', guardedGetUserMedia);
      const originalGetDisplayMedia = devicesProto.getDisplayMedia;
      if (typeof originalGetDisplayMedia === 'function') {
        lock(devicesProto, 'getDisplayMedia', async function getDisplayMedia(this: MediaDevices, options?: DisplayMediaStreamOptions): Promise<MediaStream> {
          // The CaptureController is a platform object: passed as it is (the browser rejects anything else).
          const copy = snapshot(options, DISPLAY_MEDIA_KEYS, 'controller');
          const stream = (await apply(originalGetDisplayMedia, this, [copy])) as MediaStream;
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

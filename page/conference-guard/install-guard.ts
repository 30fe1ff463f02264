/**
 * The main-world media guard of a conference page: the
 * SECOND layer. Main is authoritative (permission handler; on objection it reloads the meeting view);
 * this guard makes the objection take effect inside the page at once and keeps recording doors shut.
 * The conference preload runs it in the BBB page's main world before any page script
 * (contextBridge.executeInMainWorld); tests inject the built file out/conference-guard/guard.js.
 *
 * installConferenceGuard MUST stay self-contained: executeInMainWorld serializes the function, so
 * it may not use anything from outside its own body (no imports at runtime, no module helpers).
 * That is why this file is over 400 lines: one function, serialised into the page, cannot be split.
 *
 * Channels (nothing on `document`, so document.open()/write() cannot cut them):
 * - state: the function returned here, `setObjection(on)`. executeInMainWorld hands it to the preload
 *   as a proxied function; page script never sees it.
 * - reports: `report(name)`, a function the preload passes in (proxied into this world, held only in
 *   this closure). Names are `started|stopped:camera|microphone|screen` — sent when the FIRST track of
 *   a kind goes live and when the LAST one known to this guard has ended (read through the captured
 *   readyState getter, never a page-supplied value) — and `blocked:camera|MediaRecorder|captureStream`.
 *   Page script can make the guard report only what really happened; main still treats reports as
 *   the guard's view, not as proof (its own permission decisions are the authority).
 *
 * What it does, in the realm it is installed in and in every same-origin frame realm below it
 * (guarded the moment a frame exists: after every DOM insertion, on the synchronous load event of an
 * about:blank frame, on contentWindow/contentDocument/getSVGDocument, and whenever state changes):
 * - getUserMedia (MediaDevices, legacy navigator.getUserMedia/webkitGetUserMedia): while the
 *   objection is on, any request with video is refused. The constraints are read once into a plain,
 *   prototype-free copy of the known keys; only the copy reaches the browser, so a getter or a Proxy
 *   cannot answer "no video" to the guard and "video" to the browser;
 * - every track handed out — by any realm's getUserMedia, MediaStreamTrack.clone or MediaStream.clone,
 *   also one realm's function applied to another realm's objects — is kept with its kind: a capture's
 *   from the request (displaySurface or a desktop source id: screen), a copy's from its source, else
 *   from the copy itself (captured kind getter and getSettings; only capture devices have a groupId,
 *   so remote and generated tracks are never "camera"/"microphone"). When the objection turns on,
 *   every camera track is stopped with the original stop() captured at install;
 * - MediaRecorder and captureStream() of media and canvas elements throw (unless allowRecording:
 *   moderators when the school's policy allows local recording);
 * - everything the guard relies on (Map/WeakSet methods, Promise.then, getters, stop/clone/getTracks,
 *   addEventListener, DOMException, Window.length) is captured at install: page script replacing
 *   globals, prototypes or getters afterwards changes nothing. No `instanceof` (realm-bound) is used;
 * - the replaced media properties are non-writable and non-configurable; DOM insertion methods are
 *   wrapped but left replaceable (libraries patch them), the originals reachable only through here.
 */

export interface ConferenceGuardConfig {
  objection: boolean;
  /** Local recording allowed (moderator and policy localRecordingForModerators). */
  allowRecording: boolean;
}

/** Report names, as in main/conference/window-channels.ts GUARD_REPORTS. */
export type GuardReportName = `${'started' | 'stopped'}:${'camera' | 'microphone' | 'screen'}` | `blocked:${'camera' | 'MediaRecorder' | 'captureStream'}`;

/** The state setter returned to the preload. */
export type SetObjection = (on: boolean) => void;

export function installConferenceGuard(config: ConferenceGuardConfig, report?: (name: GuardReportName) => void): SetObjection {
  const top = window as Window & typeof globalThis;
  // ---- Captured now, before any page script runs. ----
  /** Index loop: for…of and spread use Array.prototype[Symbol.iterator], which page script can replace. */
  const each = <T,>(list: readonly T[], fn: (item: T) => void): void => {
    for (let index = 0; index < list.length; index += 1) fn(list[index] as T);
  };

  const apply = Reflect.apply;
  const defineProperty = Object.defineProperty;
  const getDescriptor = Object.getOwnPropertyDescriptor;
  const createObject = Object.create;
  const clone = structuredClone;
  const get = Reflect.get;
  const TypeErrorCtor = TypeError;
  const DOMExceptionCtor = DOMException;
  const PromiseCtor = Promise;
  const promiseThen = Promise.prototype.then;
  const MapCtor = Map;
  const mapGet = Map.prototype.get;
  const mapSet = Map.prototype.set;
  const mapDelete = Map.prototype.delete;
  const mapForEach = Map.prototype.forEach;
  const WeakSetCtor = WeakSet;
  const weakHas = WeakSet.prototype.has;
  const weakAdd = WeakSet.prototype.add;
  const startsWith = String.prototype.startsWith;
  const addListener = EventTarget.prototype.addEventListener;
  const trackProto = top.MediaStreamTrack.prototype;
  const trackKind = getDescriptor(trackProto, 'kind')?.get as (this: MediaStreamTrack) => string;
  const trackReadyState = getDescriptor(trackProto, 'readyState')?.get as (this: MediaStreamTrack) => string;
  const trackSettings = trackProto.getSettings;
  const trackStop = trackProto.stop;
  const streamGetTracks = top.MediaStream.prototype.getTracks;
  const windowLength = (getDescriptor(top, 'length') ?? getDescriptor(Object.getPrototypeOf(top) as object, 'length'))?.get as (this: Window) => number;
  const documentOf = (getDescriptor(top, 'document') ?? getDescriptor(Object.getPrototypeOf(top) as object, 'document'))?.get as (this: Window) => Document;
  const defaultViewOf = getDescriptor(Document.prototype, 'defaultView')?.get as (this: Document) => Window | null;
  const eventTarget = getDescriptor(Event.prototype, 'target')?.get as (this: Event) => EventTarget | null;
  /** The original contentWindow getters of frame-bearing elements (they work on elements of any realm). */
  const contentWindowGetters: ((this: Element) => Window | null)[] = [];
  each([HTMLIFrameElement, HTMLFrameElement, HTMLObjectElement, HTMLEmbedElement], (ctor) => {
    const getter = ctor ? (getDescriptor(ctor.prototype, 'contentWindow')?.get as ((this: Element) => Window | null) | undefined) : undefined;
    if (getter) defineProperty(contentWindowGetters, contentWindowGetters.length, { value: getter, enumerable: true, writable: true, configurable: true });
  });

  const allowRecording = config !== null && typeof config === 'object' && config.allowRecording === true;
  const state = { objection: !(config !== null && typeof config === 'object' && config.objection === false) };

  /**
   * 'video': a copy of a video track this guard did not hand out and that comes from no capture device
   * (no groupId: a remote participant's, a generated one) — stopped on objection to be safe, never reported.
   */
  type Kind = 'camera' | 'microphone' | 'screen' | 'video';
  type ReportedKind = Exclude<Kind, 'video'>;
  /** Tracks handed out and not yet seen ended, with their kind. */
  const tracks = new MapCtor<MediaStreamTrack, Kind>();
  /** Kinds reported started and not yet stopped. */
  const reported = createObject(null) as Record<ReportedKind, boolean>;
  const KINDS: readonly ReportedKind[] = ['camera', 'microphone', 'screen'];

  const send = (name: GuardReportName): void => {
    if (typeof report !== 'function') return;
    try {
      report(name);
    } catch {
      // Reporting is advisory; the guard itself must keep working.
    }
  };

  const refuse = (message: string, name: string): DOMException => new DOMExceptionCtor(message, name);

  const lock = (target: object, key: string, value: unknown): void => {
    try {
      defineProperty(target, key, { value, writable: false, configurable: false, enumerable: false });
    } catch {
      // Already locked (a second guard in the same realm): the first guard stays.
    }
  };

  const readyState = (track: MediaStreamTrack): string => {
    try {
      return apply(trackReadyState, track, []) as string;
    } catch {
      return 'ended';
    }
  };

  /** A track's kind and settings through the captured getters (null: no media track). */
  const readTrack = (track: MediaStreamTrack): { kind: string; settings: Record<string, unknown> | null } | null => {
    let kind: string;
    try {
      kind = apply(trackKind, track, []) as string;
    } catch {
      return null;
    }
    let settings: Record<string, unknown> | null = null;
    try {
      settings = apply(trackSettings, track, []) as Record<string, unknown>;
    } catch {
      // none to read
    }
    return { kind, settings };
  };
  const own = (settings: Record<string, unknown> | null, key: string): unknown => (settings ? getDescriptor(settings, key)?.value : undefined);
  const isDesktop = (settings: Record<string, unknown> | null): boolean => {
    if (own(settings, 'displaySurface') !== undefined) return true;
    const deviceId = own(settings, 'deviceId');
    let desktop = false;
    if (typeof deviceId === 'string') {
      each(['screen:', 'window:', 'web-contents-media-stream:'], (prefix) => {
        if (apply(startsWith, deviceId, [prefix])) desktop = true;
      });
    }
    return desktop;
  };

  /** A track fresh from getUserMedia/getDisplayMedia: a capture of this page. */
  const kindOfCapture = (track: MediaStreamTrack, fromScreen: boolean): Kind | null => {
    const read = readTrack(track);
    if (read === null) return null;
    if (fromScreen) return 'screen';
    if (read.kind === 'audio') return 'microphone';
    if (read.kind !== 'video') return null;
    return isDesktop(read.settings) ? 'screen' : 'camera';
  };

  /**
   * A copy (clone): the kind of its source where this guard knows it, else told from the track itself —
   * only capture devices have a groupId, so a remote or generated track is no "camera" in the log.
   */
  const kindOfCopy = (copy: MediaStreamTrack, source: Kind | undefined): Kind | null => {
    if (source !== undefined) return source;
    const read = readTrack(copy);
    if (read === null) return null;
    const groupId = own(read.settings, 'groupId');
    const fromDevice = typeof groupId === 'string' && groupId !== '';
    if (read.kind === 'audio') return fromDevice ? 'microphone' : null;
    if (read.kind !== 'video') return null;
    if (isDesktop(read.settings)) return 'screen';
    return fromDevice || read.settings === null ? 'camera' : 'video';
  };

  /** Reports kind-level changes: started when the first track of a kind is live, stopped when none is. */
  const refresh = (): void => {
    const live = createObject(null) as Record<Kind, boolean>;
    apply(mapForEach, tracks, [
      (kind: Kind, track: MediaStreamTrack) => {
        if (readyState(track) === 'ended') apply(mapDelete, tracks, [track]);
        else live[kind] = true;
      },
    ]);
    for (let index = 0; index < KINDS.length; index += 1) {
      const kind = KINDS[index] as ReportedKind;
      const now = live[kind] === true;
      if (now === (reported[kind] === true)) continue;
      reported[kind] = now;
      send(`${now ? 'started' : 'stopped'}:${kind}`);
    }
  };

  const stopCameras = (): void => {
    apply(mapForEach, tracks, [
      (kind: Kind, track: MediaStreamTrack) => {
        if (kind !== 'camera' && kind !== 'video') return;
        try {
          apply(trackStop, track, []);
        } catch {
          // Not a track after all; nothing to stop.
        }
      },
    ]);
    refresh();
  };

  /** Keeps one track handed out (if it is media the guard cares about). */
  const keepTrack = (track: MediaStreamTrack, kind: Kind | null): void => {
    if (kind === null || readyState(track) === 'ended') return;
    if (apply(mapGet, tracks, [track]) === undefined) {
      apply(mapSet, tracks, [track, kind]);
      // The source may end on its own (device gone, frame removed): look again then.
      try {
        apply(addListener, track, ['ended', refresh]);
      } catch {
        // Not an event target: refresh() still reads its state.
      }
    }
  };

  const tracksOf = (stream: MediaStream): MediaStreamTrack[] => {
    try {
      return apply(streamGetTracks, stream, []) as MediaStreamTrack[];
    } catch {
      return [];
    }
  };
  /** Stops cameras at once while objecting (a request may have been pending), else reports what changed. */
  const settle = (): void => {
    if (state.objection) stopCameras();
    else refresh();
  };

  /** Keeps every track of a stream fresh from the browser's capture. */
  const keepCapture = (stream: MediaStream, fromScreen: boolean): void => {
    const list = tracksOf(stream);
    for (let index = 0; index < list.length; index += 1) keepTrack(list[index] as MediaStreamTrack, kindOfCapture(list[index] as MediaStreamTrack, fromScreen));
    settle();
  };

  /**
   * Waits for a browser promise without running page code: an own, species-less `constructor` on
   * the (internal, never handed out) promise keeps the captured then() away from Promise.prototype's
   * constructor and Symbol.species, which page script may have replaced.
   */
  const whenSettled = (promise: Promise<MediaStream>, onValue: (stream: MediaStream) => MediaStream, RealmPromise: PromiseConstructor): Promise<MediaStream> =>
    new RealmPromise<MediaStream>((resolve, reject) => {
      try {
        defineProperty(promise, 'constructor', { value: createObject(null) as object });
        apply(promiseThen, promise, [
          (stream: MediaStream) => {
            try {
              resolve(onValue(stream));
            } catch (error) {
              reject(error);
            }
          },
          reject,
        ]);
      } catch (error) {
        reject(error);
      }
    });

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
   * this copy and only the copy reaches the browser. The copy has no prototype, so nothing the page
   * puts on Object.prototype can add to it. Primitives pass unchanged (the browser rejects them
   * itself); `passAsIs` names a member handed over by reference (a platform object).
   */
  const snapshot = (constraints: unknown, keys: readonly string[], passAsIs = ''): unknown => {
    const copy = createObject(null) as Record<string, unknown>;
    if (constraints === undefined || constraints === null) return copy;
    if (typeof constraints !== 'object' && typeof constraints !== 'function') return constraints;
    for (let index = 0; index < keys.length; index += 1) {
      const key = keys[index] as string;
      const value: unknown = get(constraints as object, key);
      if (value === undefined) continue;
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
    const video = getDescriptor(copy, 'video')?.value as unknown;
    return video !== undefined && video !== false;
  };

  // ---- Frames: every same-origin realm below `top` is guarded as soon as it exists. ----
  /** Documents whose window has been looked at (a navigation brings a new document). */
  const seenDocuments = new WeakSetCtor<object>();
  /** Realms patched by this guard or found patched (marker: the realm's EventTarget.prototype). */
  const guardedRealms = new WeakSetCtor<object>();

  const scan = (win: Window, depth: number): void => {
    if (depth > 16) return;
    let count: number;
    try {
      count = apply(windowLength, win, []) as number;
    } catch {
      return;
    }
    for (let index = 0; index < count; index += 1) {
      let child: Window | null;
      try {
        child = (win as unknown as Record<number, Window | null>)[index] ?? null;
      } catch {
        continue;
      }
      if (child === null) continue;
      guardWindow(child);
      scan(child, depth + 1);
    }
  };
  const scanAll = (): void => scan(top, 0);

  const guardWindow = (win: Window): void => {
    let doc: Document;
    try {
      doc = apply(documentOf, win, []) as Document;
    } catch {
      return; // cross-origin: its own preload guards it; page script here cannot reach it either
    }
    if (!doc || apply(weakHas, seenDocuments, [doc])) return;
    apply(weakAdd, seenDocuments, [doc]);
    try {
      guardRealm(win as Window & typeof globalThis);
    } catch {
      // A realm without media APIs (or partly gone): nothing there to guard.
    }
    arm(doc);
  };

  /** A frame window found some other way (an element, a document, window.open): guarded with its subtree. */
  const guardFound = (value: unknown): void => {
    if (value === null || (typeof value !== 'object' && typeof value !== 'function')) return;
    let win: Window | null;
    try {
      win = apply(defaultViewOf, value, []) as Window | null; // a Document
    } catch {
      win = value as Window; // a window (guardWindow checks it)
    }
    if (win === null) return;
    guardWindow(win);
    scan(win, 0);
  };
  /** The window of a frame-bearing element of any realm, through the original getters. */
  const frameWindowOf = (element: unknown): Window | null => {
    for (let index = 0; index < contentWindowGetters.length; index += 1) {
      try {
        return apply(contentWindowGetters[index] as (this: Element) => Window | null, element, []) as Window | null;
      } catch {
        // not this kind of element
      }
    }
    return null;
  };
  /**
   * about:blank frames fire `load` synchronously on insertion; a capturing listener on the document (or
   * shadow root) sees it before page code continues. The target's window is guarded directly: frames in
   * shadow trees are not listed in window[n].
   */
  const onFrameLoad = (event: Event): void => {
    try {
      guardFound(frameWindowOf(apply(eventTarget, event, [])));
    } catch {
      // not a frame
    }
    scanAll();
  };
  const arm = (target: EventTarget): void => {
    try {
      apply(addListener, target, ['load', onFrameLoad, true]);
    } catch {
      // not an event target
    }
  };

  /** Wraps a method (left writable: libraries patch DOM methods) so frames it creates are guarded at once. */
  const afterwardsScan = (proto: object | undefined, key: string, rearm = false): void => {
    if (!proto) return;
    const descriptor = getDescriptor(proto, key);
    if (!descriptor) return;
    if (typeof descriptor.value === 'function') {
      const original = descriptor.value as (...args: unknown[]) => unknown;
      const wrapped = {
        [key](this: unknown, ...args: unknown[]): unknown {
          try {
            return apply(original, this, args);
          } finally {
            if (rearm) arm(this as EventTarget);
            scanAll();
          }
        },
      }[key];
      try {
        defineProperty(proto, key, { value: wrapped, writable: true, configurable: true, enumerable: descriptor.enumerable ?? false });
      } catch {
        // locked
      }
    } else if (typeof descriptor.set === 'function') {
      const setter = descriptor.set;
      try {
        defineProperty(proto, key, {
          get: descriptor.get,
          set(this: unknown, value: unknown) {
            try {
              apply(setter, this, [value]);
            } finally {
              scanAll();
            }
          },
          configurable: true,
          enumerable: descriptor.enumerable ?? false,
        });
      } catch {
        // locked
      }
    }
  };

  const guardRealm = (win: Window & typeof globalThis): void => {
    const marker = win.EventTarget?.prototype as object | undefined;
    if (!marker || apply(weakHas, guardedRealms, [marker])) return;
    apply(weakAdd, guardedRealms, [marker]);
    const realmTrackProto = win.MediaStreamTrack?.prototype;
    // Another guard (the frame's own preload) got here first: its bookkeeping serves this realm.
    if (realmTrackProto && getDescriptor(realmTrackProto, 'stop')?.configurable === false) return;
    const RealmPromise = (win.Promise ?? PromiseCtor) as PromiseConstructor;

    if (realmTrackProto) {
      const originalStop = realmTrackProto.stop;
      lock(realmTrackProto, 'stop', function stop(this: MediaStreamTrack) {
        const result = apply(originalStop, this, []) as undefined;
        if (apply(mapGet, tracks, [this]) !== undefined) refresh();
        return result;
      });
      const originalClone = realmTrackProto.clone;
      lock(realmTrackProto, 'clone', function clone(this: MediaStreamTrack) {
        const copy = apply(originalClone, this, []) as MediaStreamTrack;
        keepTrack(copy, kindOfCopy(copy, apply(mapGet, tracks, [this]) as Kind | undefined));
        settle();
        return copy;
      });
    }
    const realmStreamProto = win.MediaStream?.prototype;
    if (realmStreamProto) {
      const originalStreamClone = realmStreamProto.clone;
      lock(realmStreamProto, 'clone', function clone(this: MediaStream) {
        const sources = tracksOf(this);
        const copy = apply(originalStreamClone, this, []) as MediaStream;
        // MediaStream.clone() clones each track in order.
        const copies = tracksOf(copy);
        for (let index = 0; index < copies.length; index += 1) {
          const source = index < sources.length ? (apply(mapGet, tracks, [sources[index]]) as Kind | undefined) : undefined;
          keepTrack(copies[index] as MediaStreamTrack, kindOfCopy(copies[index] as MediaStreamTrack, source));
        }
        settle();
        return copy;
      });
    }

    const devicesProto = win.MediaDevices?.prototype;
    let guardedGetUserMedia: ((this: MediaDevices, constraints?: MediaStreamConstraints) => Promise<MediaStream>) | null = null;
    if (devicesProto) {
      const originalGetUserMedia = devicesProto.getUserMedia;
      guardedGetUserMedia = function getUserMedia(this: MediaDevices, constraints?: MediaStreamConstraints): Promise<MediaStream> {
        let copy: unknown;
        try {
          copy = snapshot(constraints, USER_MEDIA_KEYS);
        } catch (error) {
          return new RealmPromise<MediaStream>((_resolve, reject) => reject(error));
        }
        if (state.objection && wantsVideo(copy)) {
          send('blocked:camera');
          return new RealmPromise<MediaStream>((_resolve, reject) => reject(refuse('Du hast der Übertragung deines Bildes widersprochen.', 'NotAllowedError')));
        }
        let pending: Promise<MediaStream>;
        try {
          pending = apply(originalGetUserMedia, this, [copy]) as Promise<MediaStream>;
        } catch (error) {
          return new RealmPromise<MediaStream>((_resolve, reject) => reject(error));
        }
        return whenSettled(
          pending,
          (stream) => {
            keepCapture(stream, false);
            return stream;
          },
          RealmPromise,
        );
      };
      lock(devicesProto, 'getUserMedia', guardedGetUserMedia);
      const originalGetDisplayMedia = devicesProto.getDisplayMedia;
      if (typeof originalGetDisplayMedia === 'function') {
        lock(devicesProto, 'getDisplayMedia', function getDisplayMedia(this: MediaDevices, options?: DisplayMediaStreamOptions): Promise<MediaStream> {
          let pending: Promise<MediaStream>;
          try {
            // The CaptureController is a platform object: passed as it is (the browser rejects anything else).
            pending = apply(originalGetDisplayMedia, this, [snapshot(options, DISPLAY_MEDIA_KEYS, 'controller')]) as Promise<MediaStream>;
          } catch (error) {
            return new RealmPromise<MediaStream>((_resolve, reject) => reject(error));
          }
          return whenSettled(
            pending,
            (stream) => {
              keepCapture(stream, true);
              return stream;
            },
            RealmPromise,
          );
        });
      }
    }

    // Legacy callback API: through the guarded path.
    const navigatorProto = win.Navigator?.prototype as unknown as Record<string, unknown> | undefined;
    if (navigatorProto && guardedGetUserMedia) {
      const viaGuard = guardedGetUserMedia;
      const realmNavigator = win.navigator;
      each(['getUserMedia', 'webkitGetUserMedia'], (name) => {
        if (!(name in navigatorProto)) return;
        lock(navigatorProto, name, function legacyGetUserMedia(this: Navigator, constraints: MediaStreamConstraints, onSuccess?: (s: MediaStream) => void, onError?: (e: unknown) => void) {
          const devices = realmNavigator.mediaDevices;
          apply(promiseThen, apply(viaGuard, devices, [constraints]), [
            (stream: MediaStream) => {
              if (typeof onSuccess === 'function') onSuccess(stream);
            },
            (error: unknown) => {
              if (typeof onError === 'function') onError(error);
            },
          ]);
        });
      });
    }

    if (!allowRecording) {
      const blockedRecorder = function MediaRecorder(): never {
        send('blocked:MediaRecorder');
        throw refuse('Aufnahmen sind in SchulDesk nicht erlaubt.', 'NotSupportedError');
      };
      lock(blockedRecorder, 'isTypeSupported', () => false);
      lock(win, 'MediaRecorder', blockedRecorder);
      const blockedCapture = function captureStream(): never {
        send('blocked:captureStream');
        throw refuse('Aufnahmen sind in SchulDesk nicht erlaubt.', 'NotSupportedError');
      };
      if (win.HTMLMediaElement) lock(win.HTMLMediaElement.prototype, 'captureStream', blockedCapture);
      if (win.HTMLCanvasElement) lock(win.HTMLCanvasElement.prototype, 'captureStream', blockedCapture);
    }

    // Frames reached through their element: guarded before the page gets the window or document.
    const frameProtos = [win.HTMLIFrameElement?.prototype, win.HTMLFrameElement?.prototype, win.HTMLObjectElement?.prototype, win.HTMLEmbedElement?.prototype];
    for (let index = 0; index < frameProtos.length; index += 1) {
      const proto = frameProtos[index];
      if (!proto) continue;
      each(['contentWindow', 'contentDocument'], (key) => {
        const descriptor = getDescriptor(proto, key);
        const getter = descriptor?.get;
        if (!getter) return;
        try {
          defineProperty(proto, key, {
            configurable: false,
            enumerable: descriptor.enumerable ?? true,
            get(this: HTMLElement) {
              scanAll();
              const value = apply(getter, this, []) as unknown;
              guardFound(value);
              return value;
            },
          });
        } catch {
          // locked by an earlier guard
        }
      });
      const getSvg = getDescriptor(proto, 'getSVGDocument')?.value as ((this: HTMLElement) => Document | null) | undefined;
      if (typeof getSvg === 'function') {
        lock(proto, 'getSVGDocument', function getSVGDocument(this: HTMLElement) {
          scanAll();
          const value = apply(getSvg, this, []) as Document | null;
          guardFound(value);
          return value;
        });
      }
    }

    // Everything that can put a frame into a document: the new frame's realm is guarded before the call returns.
    const nodeProto = win.Node?.prototype;
    each(['appendChild', 'insertBefore', 'replaceChild', 'moveBefore'], (key) => afterwardsScan(nodeProto, key));
    const elementProto = win.Element?.prototype;
    const parentNodes = [elementProto, win.Document?.prototype, win.DocumentFragment?.prototype];
    for (let index = 0; index < parentNodes.length; index += 1) {
      each(['append', 'prepend', 'replaceChildren'], (key) => afterwardsScan(parentNodes[index], key));
    }
    const childNodes = [elementProto, win.CharacterData?.prototype, win.DocumentType?.prototype];
    for (let index = 0; index < childNodes.length; index += 1) {
      each(['before', 'after', 'replaceWith'], (key) => afterwardsScan(childNodes[index], key));
    }
    each(['insertAdjacentElement', 'insertAdjacentHTML', 'setHTMLUnsafe', 'innerHTML', 'outerHTML'], (key) => afterwardsScan(elementProto, key));
    each(['innerHTML', 'setHTMLUnsafe'], (key) => afterwardsScan(win.ShadowRoot?.prototype, key));
    each(['insertNode', 'surroundContents'], (key) => afterwardsScan(win.Range?.prototype, key));
    // document.open() (also the implicit one of write()) removes every listener: arm the document again.
    const documentProto = win.Document?.prototype;
    each(['open', 'write', 'writeln'], (key) => afterwardsScan(documentProto, key, true));
    afterwardsScan(documentProto, 'execCommand');
    afterwardsScan(documentProto, 'body');
    // window.open('', name) hands out an existing frame by name (also one in a shadow tree) or a new popup.
    const windowOpen = (getDescriptor(win, 'open') ?? getDescriptor(Object.getPrototypeOf(win) as object, 'open'))?.value as ((...args: unknown[]) => Window | null) | undefined;
    if (typeof windowOpen === 'function') {
      try {
        defineProperty(win, 'open', {
          value: function open(this: unknown, ...args: unknown[]): Window | null {
            const opened = apply(windowOpen, this, args) as Window | null;
            guardFound(opened);
            return opened;
          },
          writable: true,
          configurable: true,
          enumerable: true,
        });
      } catch {
        // locked
      }
    }
    const attachShadow = elementProto ? (getDescriptor(elementProto, 'attachShadow')?.value as ((this: Element, init: ShadowRootInit) => ShadowRoot) | undefined) : undefined;
    if (elementProto && typeof attachShadow === 'function') {
      try {
        defineProperty(elementProto, 'attachShadow', {
          value: function attachShadowGuarded(this: Element, init: ShadowRootInit): ShadowRoot {
            const root = apply(attachShadow, this, [init]) as ShadowRoot;
            // Load events do not leave a shadow root: listen on it too.
            arm(root);
            return root;
          },
          writable: true,
          configurable: true,
          enumerable: getDescriptor(elementProto, 'attachShadow')?.enumerable ?? true,
        });
      } catch {
        // locked
      }
    }
  };

  guardWindow(top);
  scanAll();

  return function setObjection(on: boolean): void {
    state.objection = on === true;
    scanAll();
    if (state.objection) stopCameras();
  };
}

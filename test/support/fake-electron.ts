/**
 * The fake `electron` module: the ONE mock this project allows. There is no Electron binary here, so the
 * Electron layer (main/index.ts, main/electron/**) runs under Node against this fake; everything behind it
 * stays real. It records what the layer does with Electron's API and lets a test fire Electron's events.
 * Method and event shapes follow node_modules/electron/electron.d.ts (Electron 45); keep them so.
 * Use: `const fake = await vi.hoisted(() => import('../support/fake-electron'));`
 *      `vi.mock('electron', () => fake.electronModule);`
 * Over 400 lines on purpose: the one fake of Electron's API, in one place.
 */

type Listener = (...args: unknown[]) => unknown;
type OnceWrapper = Listener & { original?: Listener };

/** Node's EventEmitter as far as the layer uses it; `listeners` is the test's view of what is registered. */
class Emitter {
  readonly listeners = new Map<string, Listener[]>();
  on(event: string, listener: Listener): this {
    this.listeners.set(event, [...(this.listeners.get(event) ?? []), listener]);
    return this;
  }
  once(event: string, listener: Listener): this {
    const wrapper: OnceWrapper = (...args: unknown[]) => {
      this.off(event, wrapper);
      return listener(...args);
    };
    wrapper.original = listener;
    return this.on(event, wrapper);
  }
  off(event: string, listener: Listener): this {
    const kept = (this.listeners.get(event) ?? []).filter((l) => l !== listener && (l as OnceWrapper).original !== listener);
    this.listeners.set(event, kept);
    return this;
  }
  emit(event: string, ...args: unknown[]): boolean {
    const list = [...(this.listeners.get(event) ?? [])];
    for (const listener of list) listener(...args);
    return list.length > 0;
  }
}

/** Session.setPermissionRequestHandler: (webContents, permission, callback(granted), details). */
type RequestHandler = (contents: unknown, permission: string, callback: (granted: boolean) => void, details: object) => void;
/** Session.setPermissionCheckHandler: (webContents | null, permission, requestingOrigin, details) => boolean. */
type CheckHandler = (contents: unknown, permission: string, origin: string, details: object) => boolean;
/** Session.setDisplayMediaRequestHandler: callback takes `Streams | null`. */
type DisplayHandler = (request: object, callback: (streams: object | null) => void) => void;
/** Protocol.handle: (request: GlobalRequest) => GlobalResponse | Promise<GlobalResponse>. */
type ProtocolHandler = (request: Request) => Promise<Response> | Response;
/** Session.setCertificateVerifyProc: callback(verificationResult) with 0 / -2 / -3. */
type VerifyProc = (request: object, callback: (result: number) => void) => void;
/** WebContents.setWindowOpenHandler: (details: HandlerDetails) => WindowOpenHandlerResponse. */
type WindowOpenHandler = (details: { url: string }) => { action: string };
/** ipcMain.handle's handler and ipcMain.on's listener: (IpcMainInvokeEvent | IpcMainEvent, ...args). */
type IpcListener = (event: unknown, ...args: unknown[]) => unknown;

export const state = {
  /** Calls on `app` and `protocol` before ready, in order. */
  calls: [] as string[],
  userData: '',
  /** What app.requestSingleInstanceLock() answers. */
  lock: true,
  /** Resolves app.whenReady(). */
  resolveReady: (() => undefined) as () => void,
  sessions: new Map<string, FakeSession>(),
  /** BrowserWindows, in creation order. */
  windows: [] as FakeBrowserWindow[],
  /** BaseWindows (BrowserWindows included), in creation order: getMediaSourceId() is `window:<index>:0`. */
  baseWindows: [] as FakeBaseWindow[],
  /** ipcMain.handle handlers by channel. */
  ipc: new Map<string, IpcListener>(),
  /** ipcMain.on listeners by channel. */
  ipcOn: new Map<string, IpcListener>(),
  /** dialog.showMessageBox answers, taken in turn; when none is queued, `dialogAnswer`. */
  dialogAnswers: [] as number[],
  dialogAnswer: 0,
  /** dialog.showMessageBox calls: the parent window (or null) and the MessageBoxOptions. */
  dialogs: [] as { owner: unknown; options: { type?: string; title?: string; message?: string; detail?: string; buttons?: string[]; cancelId?: number; defaultId?: number } }[],
  /** shell.openExternal URLs. */
  opened: [] as string[],
  /** dialog.showErrorBox texts. */
  errors: [] as string[],
};

export const app = Object.assign(new Emitter(), {
  isPackaged: false,
  enableSandbox: () => void state.calls.push('enableSandbox'),
  setPath: (name: string, value: string) => {
    state.calls.push(`setPath:${name}`);
    if (name === 'userData') state.userData = value;
  },
  getPath: (name: string) => (name === 'userData' ? state.userData : `/nonexistent/${name}`),
  requestSingleInstanceLock: () => {
    state.calls.push('requestSingleInstanceLock');
    return state.lock;
  },
  quit: () => void state.calls.push('quit'),
  exit: (code: number) => void state.calls.push(`exit:${code}`),
  setAsDefaultProtocolClient: (...args: unknown[]) => {
    state.calls.push(`setAsDefaultProtocolClient:${JSON.stringify(args)}`);
    return true;
  },
  getVersion: () => '0.1.0-test',
  whenReady: () =>
    new Promise<void>((resolve) => {
      state.resolveReady = () => {
        state.calls.push('ready');
        resolve();
      };
    }),
});

export class FakeSession extends Emitter {
  requestHandler: RequestHandler | null = null;
  checkHandler: CheckHandler | null = null;
  displayHandler: DisplayHandler | null = null;
  displayOptions: unknown = null;
  deviceHandler: ((details: object) => boolean) | null = null;
  verifyProc: VerifyProc | null = null;
  /** clearStorageData / clearCache / clearAuthCache calls, in order. */
  readonly cleared: string[] = [];
  /** Electron 45 PreloadScriptRegistration objects, as registered. */
  readonly preloadScripts: unknown[] = [];
  /** Schemes a handler was registered for on this session (protocol.handle and the older register*Protocol). */
  readonly handledSchemes: string[] = [];
  /** protocol.handle handlers by scheme. */
  readonly protocolHandlers = new Map<string, ProtocolHandler>();
  readonly protocol = {
    handle: (scheme: string, handler: ProtocolHandler) => {
      this.handledSchemes.push(scheme);
      this.protocolHandlers.set(scheme, handler);
    },
    registerFileProtocol: (scheme: string) => this.registered(scheme),
    registerBufferProtocol: (scheme: string) => this.registered(scheme),
    registerStringProtocol: (scheme: string) => this.registered(scheme),
    registerHttpProtocol: (scheme: string) => this.registered(scheme),
    registerStreamProtocol: (scheme: string) => this.registered(scheme),
    interceptFileProtocol: (scheme: string) => this.registered(scheme),
    isProtocolHandled: (scheme: string) => this.handledSchemes.includes(scheme),
  };
  constructor(readonly partition: string) {
    super();
  }
  private registered(scheme: string): boolean {
    this.handledSchemes.push(scheme);
    return true;
  }
  setPermissionRequestHandler(handler: RequestHandler | null) {
    this.requestHandler = handler;
  }
  setPermissionCheckHandler(handler: CheckHandler | null) {
    this.checkHandler = handler;
  }
  setDisplayMediaRequestHandler(handler: DisplayHandler | null, options?: unknown) {
    this.displayHandler = handler;
    this.displayOptions = options;
  }
  setDevicePermissionHandler(handler: ((details: object) => boolean) | null) {
    this.deviceHandler = handler;
  }
  setCertificateVerifyProc(proc: VerifyProc | null) {
    this.verifyProc = proc;
  }
  registerPreloadScript(script: unknown): string {
    this.preloadScripts.push(script);
    return `preload-${this.preloadScripts.length}`;
  }
  clearStorageData() {
    this.cleared.push('storage');
    return Promise.resolve();
  }
  clearCache() {
    this.cleared.push('cache');
    return Promise.resolve();
  }
  clearAuthCache() {
    this.cleared.push('auth-cache');
    return Promise.resolve();
  }
}

export const session = {
  defaultSession: new FakeSession(''),
  /** One session per partition; a new one is announced with app's 'session-created' (session). */
  fromPartition(partition: string): FakeSession {
    let existing = state.sessions.get(partition);
    if (!existing) {
      existing = new FakeSession(partition);
      state.sessions.set(partition, existing);
      app.emit('session-created', existing);
    }
    return existing;
  },
};

/** A WebFrameMain as far as the layer uses it: send(channel, ...args). */
class FakeFrame {
  readonly sent: [string, unknown][] = [];
  send(channel: string, payload: unknown) {
    this.sent.push([channel, payload]);
  }
}

export class FakeWebContents extends Emitter {
  readonly sent: [string, unknown][] = [];
  /** webContents.loadURL calls (BrowserWindow.loadURL records on the window). */
  readonly loaded: string[] = [];
  readonly frames = [new FakeFrame(), new FakeFrame()];
  /** The primary main frame (WebFrameMain: url, parent, framesInSubtree, processId, routingId). */
  readonly mainFrame = { url: '', parent: null, framesInSubtree: this.frames, processId: 7, routingId: 1 };
  destroyed = false;
  /** The CloseOpts of close(): 'open' until closed, null when closed without options. */
  closedWith: unknown = 'open';
  focused = 0;
  windowOpenHandler: WindowOpenHandler | null = null;
  constructor(readonly session: FakeSession) {
    super();
  }
  setWindowOpenHandler(handler: WindowOpenHandler) {
    this.windowOpenHandler = handler;
  }
  getURL() {
    return this.mainFrame.url;
  }
  focus() {
    this.focused += 1;
  }
  /**
   * A cross-document navigation of the page that commits, as Electron 45 reports it: a new primary main
   * frame, 'did-frame-navigate' (event, url, httpResponseCode, httpStatusText, isMainFrame, frameProcessId,
   * frameRoutingId), then 'did-navigate' (event, url, httpResponseCode, httpStatusText).
   */
  commit(url: string) {
    this.mainFrame.url = url;
    this.mainFrame.routingId += 1;
    this.emit('did-frame-navigate', {}, url, 200, 'OK', true, this.mainFrame.processId, this.mainFrame.routingId);
    this.emit('did-navigate', {}, url, 200, 'OK');
  }
  /**
   * A navigation in the root of a non-primary page (a <fencedframe>): Chromium's
   * NavigationHandle::IsInMainFrame() is true there, so Electron emits both events as for the page
   * itself — but the page, and whatever it captures, stays.
   */
  commitFencedFrame(url: string) {
    this.emit('did-frame-navigate', {}, url, 200, 'OK', true, 9, 3);
    this.emit('did-navigate', {}, url, 200, 'OK');
  }
  send(channel: string, payload: unknown) {
    this.sent.push([channel, payload]);
  }
  /** Commits at once (no network here), then 'did-finish-load'. */
  loadURL(url: string) {
    this.loaded.push(url);
    this.commit(url);
    this.emit('did-finish-load');
    return Promise.resolve();
  }
  isDestroyed() {
    return this.destroyed;
  }
  close(options?: { waitForBeforeUnload: boolean }) {
    this.closedWith = options ?? null;
    this.destroyed = true;
    this.emit('destroyed');
  }
}

export class FakeWebContentsView {
  readonly webContents: FakeWebContents;
  bounds: object | null = null;
  /** WebContentsViewConstructorOptions; its webContents is announced with app's 'web-contents-created'. */
  constructor(readonly options: { webPreferences: Record<string, unknown> }) {
    this.webContents = new FakeWebContents(session.fromPartition(String(options.webPreferences.partition)));
    app.emit('web-contents-created', {}, this.webContents);
  }
  setBounds(bounds: object) {
    this.bounds = bounds;
  }
}

export class FakeBaseWindow extends Emitter {
  readonly children: FakeWebContentsView[] = [];
  readonly removed: FakeWebContentsView[] = [];
  readonly contentView = {
    addChildView: (view: FakeWebContentsView) => void this.children.push(view),
    removeChildView: (view: FakeWebContentsView) => {
      this.removed.push(view);
      this.children.splice(this.children.indexOf(view), 1);
    },
  };
  protectedContent = false;
  /** How often show() was called. */
  shown = 0;
  hidden = false;
  destroyed = false;
  title = '';
  constructor(readonly options: object) {
    super();
    state.baseWindows.push(this);
  }
  getContentBounds() {
    return { x: 0, y: 0, width: 1000, height: 700 };
  }
  setContentProtection(on: boolean) {
    this.protectedContent = on;
  }
  getMediaSourceId() {
    return `window:${state.baseWindows.indexOf(this)}:0`;
  }
  setTitle(title: string) {
    this.title = title;
  }
  show() {
    this.shown += 1;
  }
  hide() {
    this.hidden = true;
  }
  focus() {}
  isMinimized() {
    return false;
  }
  restore() {}
  isDestroyed() {
    return this.destroyed;
  }
  /** 'closed' once; the views' contents stay (Electron leaves them to the app). */
  close() {
    this.destroy();
  }
  destroy() {
    if (this.destroyed) return;
    this.destroyed = true;
    this.emit('closed');
  }
}

export class FakeBrowserWindow extends FakeBaseWindow {
  readonly webContents: FakeWebContents;
  /** loadURL calls; only the main frame's URL follows (no navigation events: the page is not loaded). */
  readonly loaded: string[] = [];
  constructor(override readonly options: { webPreferences: { partition: string } }) {
    super(options);
    this.webContents = new FakeWebContents(session.fromPartition(options.webPreferences.partition));
    state.windows.push(this);
    app.emit('web-contents-created', {}, this.webContents);
  }
  static fromWebContents(contents: unknown): FakeBrowserWindow | null {
    return state.windows.find((window) => window.webContents === contents) ?? null;
  }
  static getAllWindows(): FakeBrowserWindow[] {
    return [...state.windows];
  }
  loadURL(url: string) {
    this.loaded.push(url);
    this.webContents.mainFrame.url = url;
    return Promise.resolve();
  }
  override destroy() {
    if (this.destroyed) return;
    this.webContents.destroyed = true;
    super.destroy();
  }
}

export const electron = {
  app,
  session,
  BaseWindow: FakeBaseWindow,
  BrowserWindow: FakeBrowserWindow,
  WebContentsView: FakeWebContentsView,
  // The module-level protocol: schemes before ready; handle() acts on the default session.
  protocol: {
    registerSchemesAsPrivileged: (schemes: unknown) => void state.calls.push(`registerSchemesAsPrivileged:${JSON.stringify(schemes)}`),
    handle: (scheme: string, handler: ProtocolHandler) => session.defaultSession.protocol.handle(scheme, handler),
  },
  ipcMain: {
    handle: (channel: string, handler: IpcListener) => void state.ipc.set(channel, handler),
    removeHandler: (channel: string) => void state.ipc.delete(channel),
    on: (channel: string, listener: IpcListener) => void state.ipcOn.set(channel, listener),
    off: (channel: string, listener: IpcListener) => {
      if (state.ipcOn.get(channel) === listener) state.ipcOn.delete(channel);
    },
  },
  dialog: {
    /** showMessageBox([window, ]options): Promise<MessageBoxReturnValue>. */
    showMessageBox: (...args: unknown[]) => {
      const options = args[args.length - 1] as (typeof state.dialogs)[number]['options'];
      state.dialogs.push({ owner: args.length > 1 ? args[0] : null, options });
      return Promise.resolve({ response: state.dialogAnswers.shift() ?? state.dialogAnswer, checkboxChecked: false });
    },
    showErrorBox: (title: string, content: string) => void state.errors.push(`${title}: ${content}`),
  },
  /** getSources(options): Promise<DesktopCapturerSource[]> (id and name only). */
  desktopCapturer: {
    getSources: () =>
      Promise.resolve([
        { id: 'screen:0:0', name: 'Bildschirm 1' },
        { id: 'window:0:0', name: 'Mathe – SchulDesk – Unterricht' },
        { id: 'window:99:0', name: 'Tabellen.ods – LibreOffice' },
      ]),
  },
  // A Linux machine without a keyring: the vault must stay memory-only.
  safeStorage: {
    getSelectedStorageBackend: () => 'basic_text',
    isEncryptionAvailable: () => true,
    encryptString: (plain: string) => Buffer.from(plain),
    decryptString: (data: Buffer) => data.toString(),
  },
  shell: {
    openExternal: (url: string) => {
      state.opened.push(url);
      return Promise.resolve();
    },
  },
};

/** What `vi.mock('electron', …)` returns: the named exports and the default export. */
export const electronModule = { ...electron, default: electron };

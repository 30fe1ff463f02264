/**
 * The one FAKE `electron` module (the only mock this project allows: there is no Electron binary
 * here). It records what main/index.ts and main/electron/* do with Electron's API and lets a test
 * fire Electron's events; shapes follow node_modules/electron/electron.d.ts (Electron 45).
 *
 *   const fake = await vi.hoisted(async () => (await import('../support/fake-electron')).createFakeElectron());
 *   vi.mock('electron', () => ({ ...fake.electron, default: fake.electron }));
 */

export interface FakeElectronOptions {
  /** The dialog's answer once `state.dialogAnswers` is empty (index of the button). */
  dialogAnswer?: number;
  /** Record `ipcMain.on` listeners in `state.ipc` next to the `ipcMain.handle` handlers (default true). */
  recordIpcListeners?: boolean;
}

type Listener = (...args: unknown[]) => unknown;

export class Emitter {
  readonly listeners = new Map<string, Listener[]>();
  on(event: string, listener: Listener): this {
    this.listeners.set(event, [...(this.listeners.get(event) ?? []), listener]);
    return this;
  }
  once(event: string, listener: Listener): this {
    return this.on(event, listener);
  }
  off(event: string, listener: Listener): this {
    this.listeners.set(event, (this.listeners.get(event) ?? []).filter((l) => l !== listener));
    return this;
  }
  emit(event: string, ...args: unknown[]): boolean {
    const list = this.listeners.get(event) ?? [];
    for (const listener of list) listener(...args);
    return list.length > 0;
  }
}

type RequestHandler = (contents: unknown, permission: string, callback: (granted: boolean) => void, details: object) => void;
type CheckHandler = (contents: unknown, permission: string, origin: string, details: object) => boolean;
type DisplayHandler = (request: object, callback: (streams: object | null) => void) => void;
type ProtocolHandler = (request: Request) => Promise<Response> | Response;
type MessageBoxOptions = { title?: string; message?: string; detail?: string; buttons?: string[] };
/** A shown message box: its options (also spread onto the record) and the window that owns it. */
export type DialogRecord = MessageBoxOptions & { owner: unknown; options: MessageBoxOptions };

export class FakeSession extends Emitter {
  requestHandler: RequestHandler | null = null;
  checkHandler: CheckHandler | null = null;
  displayHandler: DisplayHandler | null = null;
  displayOptions: unknown = null;
  deviceHandler: ((details: object) => boolean) | null = null;
  verifyProc: ((request: object, callback: (result: number) => void) => void) | null = null;
  cleared: string[] = [];
  readonly protocolHandlers = new Map<string, ProtocolHandler>();
  /** Schemes a handler was registered for on this session (ses.protocol.handle and the older register*Protocol). */
  readonly handledSchemes: string[] = [];
  readonly protocol = {
    handle: (scheme: string, handler: ProtocolHandler) => {
      this.handledSchemes.push(scheme);
      this.protocolHandlers.set(scheme, handler);
    },
    registerFileProtocol: (scheme: string) => void this.handledSchemes.push(scheme),
    registerBufferProtocol: (scheme: string) => void this.handledSchemes.push(scheme),
    registerStringProtocol: (scheme: string) => void this.handledSchemes.push(scheme),
    registerHttpProtocol: (scheme: string) => void this.handledSchemes.push(scheme),
    registerStreamProtocol: (scheme: string) => void this.handledSchemes.push(scheme),
    interceptFileProtocol: (scheme: string) => void this.handledSchemes.push(scheme),
    isProtocolHandled: (scheme: string) => this.handledSchemes.includes(scheme),
  };
  constructor(readonly partition: string) {
    super();
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
  setCertificateVerifyProc(proc: ((request: object, callback: (result: number) => void) => void) | null) {
    this.verifyProc = proc;
  }
  clearStorageData() {
    this.cleared.push('storage');
    return Promise.resolve();
  }
  clearCache() {
    this.cleared.push('cache');
    return Promise.resolve();
  }
}

export class FakeFrame {
  readonly sent: [string, unknown][] = [];
  send(channel: string, payload: unknown) {
    this.sent.push([channel, payload]);
  }
}

export class FakeWebContents extends Emitter {
  windowOpenHandler: ((details: { url: string }) => { action: string }) | null = null;
  readonly sent: [string, unknown][] = [];
  readonly loaded: string[] = [];
  readonly frames = [new FakeFrame(), new FakeFrame()];
  readonly mainFrame = { url: '', parent: null, framesInSubtree: this.frames };
  destroyed = false;
  constructor(readonly session: FakeSession) {
    super();
  }
  setWindowOpenHandler(handler: (details: { url: string }) => { action: string }) {
    this.windowOpenHandler = handler;
  }
  send(channel: string, payload: unknown) {
    this.sent.push([channel, payload]);
  }
  loadURL(url: string) {
    this.loaded.push(url);
    this.mainFrame.url = url;
    this.emit('did-finish-load');
    return Promise.resolve();
  }
  isDestroyed() {
    return this.destroyed;
  }
  close() {
    this.destroyed = true;
  }
}

export function createFakeElectron(options: FakeElectronOptions = {}) {
  const recordIpcListeners = options.recordIpcListeners ?? true;

  const state = {
    calls: [] as string[],
    userData: '',
    lock: true,
    resolveReady: (() => undefined) as () => void,
    sessions: new Map<string, FakeSession>(),
    /** Every window in creation order (BrowserWindow is a BaseWindow, as in Electron). */
    windows: [] as FakeBaseWindow[],
    ipc: new Map<string, (event: unknown, ...args: unknown[]) => unknown>(),
    dialogAnswer: options.dialogAnswer ?? 0,
    dialogAnswers: [] as number[],
    dialogs: [] as DialogRecord[],
    opened: [] as string[],
    errors: [] as string[],
  };

  const app = Object.assign(new Emitter(), {
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

  const session = {
    defaultSession: new FakeSession(''),
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

  class FakeWebContentsView {
    readonly webContents: FakeWebContents;
    bounds: object | null = null;
    constructor(readonly options: { webPreferences: Record<string, unknown> }) {
      this.webContents = new FakeWebContents(session.fromPartition(String(options.webPreferences.partition)));
      app.emit('web-contents-created', {}, this.webContents);
    }
    setBounds(bounds: object) {
      this.bounds = bounds;
    }
  }

  class FakeBaseWindow extends Emitter {
    readonly children: FakeWebContentsView[] = [];
    readonly contentView = { addChildView: (view: FakeWebContentsView) => void this.children.push(view) };
    protectedContent = false;
    shown = false;
    /** How often show() was called. */
    showCount = 0;
    destroyed = false;
    constructor(readonly options: object) {
      super();
      state.windows.push(this);
    }
    getContentBounds() {
      return { x: 0, y: 0, width: 1000, height: 700 };
    }
    setContentProtection(on: boolean) {
      this.protectedContent = on;
    }
    getMediaSourceId() {
      return `window:${state.windows.indexOf(this)}:0`;
    }
    show() {
      this.shown = true;
      this.showCount += 1;
    }
    focus() {}
    isMinimized() {
      return false;
    }
    restore() {}
    isDestroyed() {
      return this.destroyed;
    }
    close() {
      if (this.destroyed) return;
      this.destroyed = true;
      this.emit('closed');
    }
  }

  class FakeBrowserWindow extends FakeBaseWindow {
    readonly webContents: FakeWebContents;
    readonly loaded: string[] = [];
    constructor(override readonly options: { webPreferences: { partition: string } }) {
      super(options);
      this.webContents = new FakeWebContents(session.fromPartition(options.webPreferences.partition));
      app.emit('web-contents-created', {}, this.webContents);
    }
    static fromWebContents(contents: unknown) {
      return state.windows.find((window) => window instanceof FakeBrowserWindow && window.webContents === contents) ?? null;
    }
    static getAllWindows() {
      return state.windows.filter((window) => window instanceof FakeBrowserWindow);
    }
    loadURL(url: string) {
      this.loaded.push(url);
      this.webContents.mainFrame.url = url;
      return Promise.resolve();
    }
  }

  const electron = {
    app,
    session,
    BrowserWindow: FakeBrowserWindow,
    BaseWindow: FakeBaseWindow,
    WebContentsView: FakeWebContentsView,
    protocol: {
      registerSchemesAsPrivileged: (schemes: unknown) => void state.calls.push(`registerSchemesAsPrivileged:${JSON.stringify(schemes)}`),
      // The module-level protocol acts on the default session: record it there.
      handle: (scheme: string, handler: ProtocolHandler) => session.defaultSession.protocol.handle(scheme, handler),
    },
    ipcMain: {
      handle: (channel: string, handler: (event: unknown, ...args: unknown[]) => unknown) => void state.ipc.set(channel, handler),
      removeHandler: (channel: string) => void state.ipc.delete(channel),
      on: (channel: string, listener: Listener) => void (recordIpcListeners && state.ipc.set(channel, listener)),
      off: (channel: string) => void (recordIpcListeners && state.ipc.delete(channel)),
    },
    dialog: {
      showMessageBox: (...args: unknown[]) => {
        const boxOptions = args[args.length - 1] as MessageBoxOptions;
        state.dialogs.push({ ...boxOptions, owner: args.length > 1 ? args[0] : null, options: boxOptions });
        return Promise.resolve({ response: state.dialogAnswers.shift() ?? state.dialogAnswer, checkboxChecked: false });
      },
      showErrorBox: (title: string, content: string) => void state.errors.push(`${title}: ${content}`),
    },
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
  return { state, electron, FakeSession, FakeWebContents, FakeBaseWindow, FakeBrowserWindow, FakeWebContentsView };
}

/**
 * The conference window: implements the ServiceDeps
 * port `openConferenceWindow` (main/conference/service.ts). Per meeting:
 * - a BaseWindow with the SchulDesk toolbar (Kamera freigeben, objection, leave, the camera
 *   question) and the BBB view, content-protected (setContentProtection; see captureProtectionFor);
 * - the BBB view in a fresh in-memory partition (no `persist:`), cleared when the window closes;
 * - that session's permission request/check handlers answer from decideMedia
 *   (main/conference/media-policy.ts) — the hard wall behind the page's media guard;
 * - main is authoritative about captures: it records what it granted to the view's current
 *   document (capture-control.ts, reset when the main frame commits a new document) and, when a
 *   granted capture is no longer allowed (objection on — toolbar, Settings, policy —, camera
 *   withdrawn, sharing role withdrawn, a screen grant the picker's source did not serve), it closes
 *   the view's WebContents without waiting for `beforeunload` and rejoins in a fresh view: every
 *   capture ends in the browser process, whatever the page does;
 * - camera while the gate is closed: the request is held and the toolbar asks "Die Konferenz
 *   möchte deine Kamera verwenden" (held-requests.ts); answered exactly once;
 * - screen sharing (`display-capture`) only through the SchulDesk picker (never our own windows,
 *   roles from policy); the display-media handler serves exactly the picked source once, else
 *   `callback(null)`;
 * - the media guard in every frame via preload/conference.ts, objection changes pushed at once;
 * - navigation (origin of the join URL + extraBbbHosts), window.open (warning, then browser) and
 *   downloads (cancelled) are handled by main/electron/security-hooks.ts for every contents:
 *   index.ts adds the open meetings' origins to the allowlist through `meetingOrigins()`;
 * - advisory recorder detection per policy recorderDetection.
 * Over 400 lines on purpose: the thin Electron wiring of one window; every decision it applies is a
 * pure, tested function in main/conference/ (media-policy, capture-control, held-requests, join-url).
 */
import { randomUUID } from 'node:crypto';
import { desktopCapturer, dialog, ipcMain, session } from 'electron';
import type { BaseWindow, DesktopCapturerSource, IpcMainEvent, Session, WebContents, WebContentsView } from 'electron';
import type { Language } from '../../preload/api';
import type { MediaKind } from '../../preload/contract/conference';
import { NO_GRANTS, rejoinUrl, replacesPage, stepCaptures } from '../conference/capture-control';
import type { CaptureEvent, CaptureGrants, CaptureRules, EndReason } from '../conference/capture-control';
import { HeldRequests } from '../conference/held-requests';
import type { Schedule } from '../conference/held-requests';
import { checkJoinUrl, JOIN_URL_ERROR } from '../conference/join-url';
import { decideMedia, isMeetingOrigin } from '../conference/media-policy';
import type { ConferenceRole, MediaQuery } from '../conference/media-policy';
import { decideRecorders, scanForRecorders } from '../conference/recorder-detection';
import type { ExecFileText } from '../conference/recorder-detection';
import type { OpenConferenceWindow } from '../conference/window-port';
import { captureProtectionFor, TOOLBAR_HEIGHT, TOOLBAR_TEXT, toolbarDataUrl, toolbarHtml, toolbarStatusLine } from '../conference/toolbar-page';
import { CONFERENCE_CHANNELS, GUARD_REPORTS, TOOLBAR_ACTIONS, VIEW_ARGUMENT_PREFIX } from '../conference/window-channels';
import type { GuardInit, GuardReportName, ToolbarAction, ToolbarState } from '../conference/window-channels';
import { UserFacingError } from '../ipc/errors';
import type { EventHub } from '../ipc/events';
import type { SettingsService } from '../settings/settings-service';
import { createConferenceWindow } from './window-factory';
import type { ConferenceWindow } from './window-factory';
import { mainWindowList } from './window-registry';

/** What the window needs of the conference service (ConferenceService fits). */
export interface ConferenceRulesPort {
  objecting(accountId: string): boolean;
  forced(): boolean;
  setObjection(accountId: string, on: boolean): unknown;
  record(event: { accountId: string; meetingName: string; kind: MediaKind; action: 'started' | 'stopped' }): void;
}

export interface ConferenceWindowsDeps {
  packaged: boolean;
  /** out/preload/conference.cjs */
  preloadPath: string;
  settings: Pick<SettingsService, 'get' | 'onChange'>;
  events: Pick<EventHub, 'subscribe'>;
  conference: ConferenceRulesPort;
  platform: NodeJS.Platform;
  /** Runs the process list for recorder detection. */
  execFileText: ExecFileText;
  /** How often to look for recorders while a meeting is open. */
  recorderScanMs?: number;
  /** Timer of the camera question (tests drive it by hand). */
  schedule?: Schedule;
}

/** A camera request held while the toolbar asks the student. */
interface HeldCamera {
  permission: string;
  mediaTypes: readonly string[];
  origin: string;
}

interface Meeting {
  id: string;
  accountId: string;
  meetingName: string;
  role: ConferenceRole;
  joinUrl: string;
  bbbOrigin: string;
  frame: ConferenceWindow;
  window: BaseWindow;
  toolbar: WebContentsView;
  session: Session;
  cameraReleased: boolean;
  /** What main granted to the meeting view's current document (capture-control.ts). */
  grants: CaptureGrants;
  /**
   * The source the picker chose, armed only while Electron runs `callback(true)` of that grant:
   * the display-media handler takes it there (getDisplayMedia) or it was never meant for it.
   */
  pickedSource: DesktopCapturerSource | null;
  pickerOpen: boolean;
  /** The student chose "Nicht mehr fragen" in the picker: no picker again in this meeting. */
  screenStopped: boolean;
  /** Counts the view's main-frame documents: an answer found after a wait goes only to the document that asked. */
  document: number;
  /** Camera requests waiting for the toolbar question's answer. */
  question: HeldRequests<HeldCamera>;
  /** The last thing main did or refused on its own (shown after the status line). */
  notice: string;
  lastWarning: string;
  /** Kinds reported started and not yet stopped: closing the window logs them as stopped. */
  active: Set<MediaKind>;
  /** Per reporting frame (`processId:frameId`): the kinds its guard says are live (several frames run a guard). */
  liveByFrame: Map<string, Set<MediaKind>>;
}

export interface ConferenceWindows {
  open: OpenConferenceWindow;
  /** Origins of the open meetings' join URLs (for the navigation allowlist). */
  meetingOrigins(): string[];
  closeAll(): void;
  dispose(): void;
}

const REPORT_KIND: Record<string, MediaKind> = { camera: 'camera', microphone: 'microphone', screen: 'screen' };

const defaultSchedule: Schedule = (run, ms) => {
  const timer = setTimeout(run, ms);
  timer.unref();
  return () => clearTimeout(timer);
};

/** Electron throws when the requesting frame is gone; there is nothing left to answer then. */
function answer<T>(callback: (value: T) => void, value: T): void {
  try {
    callback(value);
  } catch {
    // The frame is gone.
  }
}

export function createConferenceWindows(deps: ConferenceWindowsDeps): ConferenceWindows {
  const meetings = new Set<Meeting>();
  const schedule = deps.schedule ?? defaultSchedule;
  const language = (): Language => deps.settings.get('language');
  const viewOf = (meeting: Meeting): WebContentsView => meeting.frame.view;

  const byMeetingContents = (contents: WebContents): Meeting | undefined => [...meetings].find((m) => !viewOf(m).webContents.isDestroyed() && viewOf(m).webContents === contents);
  const byToolbarContents = (contents: WebContents): Meeting | undefined => [...meetings].find((m) => !m.toolbar.webContents.isDestroyed() && m.toolbar.webContents === contents);

  const objecting = (meeting: Meeting): boolean => deps.conference.objecting(meeting.accountId);

  const query = (meeting: Meeting, phase: MediaQuery['phase'], permission: string, mediaTypes: readonly string[], origin: string, screenShareGranted: boolean): MediaQuery => ({
    phase,
    permission,
    mediaTypes,
    origin,
    bbbOrigin: meeting.bbbOrigin,
    extraHosts: deps.settings.get('extraBbbHosts'),
    role: meeting.role,
    cameraGate: deps.settings.get('cameraGate'),
    cameraReleased: meeting.cameraReleased,
    objection: objecting(meeting),
    screenShareGranted,
    screenStopped: meeting.screenStopped,
    screenSharingRoles: deps.settings.get('screenSharingRoles'),
  });

  const rules = (meeting: Meeting): CaptureRules => ({
    objection: objecting(meeting),
    cameraAllowed: !deps.settings.get('cameraGate') || meeting.cameraReleased,
    screenAllowed: deps.settings.get('screenSharingRoles').includes(meeting.role),
  });

  /** The view's document is gone (navigation, crash, replacement): its grants, questions and picks go with it. */
  const forgetDocument = (meeting: Meeting): void => {
    meeting.grants = stepCaptures(meeting.grants, { type: 'document-gone' }, rules(meeting)).grants;
    meeting.question.refuseAll();
    meeting.pickedSource = null;
    meeting.document += 1;
  };

  /** Ends every capture of the meeting from main: a fresh view replaces the old contents, BBB rejoins. */
  const endCaptures = (meeting: Meeting, reason: EndReason): void => {
    const old = viewOf(meeting).webContents;
    const current = old.isDestroyed() ? '' : old.getURL();
    forgetDocument(meeting);
    meeting.grants = NO_GRANTS;
    const fresh = meeting.frame.replaceView();
    watchView(meeting, fresh);
    console.warn(`[conference] captures ended by main (${reason}): meeting view recreated`);
    // The old document cannot report "stopped" any more: log it here.
    for (const kind of meeting.active) deps.conference.record({ accountId: meeting.accountId, meetingName: meeting.meetingName, kind, action: 'stopped' });
    meeting.active.clear();
    meeting.notice = TOOLBAR_TEXT[language()].ended[reason];
    const target = rejoinUrl(current, meeting.joinUrl, [meeting.bbbOrigin, ...deps.settings.get('extraBbbHosts')]);
    void fresh.webContents.loadURL(target).catch(() => undefined);
  };

  /** Feeds an event to the pure capture step and applies its answer. */
  const apply = (meeting: Meeting, event: CaptureEvent): void => {
    const step = stepCaptures(meeting.grants, event, rules(meeting));
    meeting.grants = step.grants;
    if (step.action === 'end-captures' && step.reason !== null) endCaptures(meeting, step.reason);
  };

  const pushState = (meeting: Meeting): void => {
    if (meeting.window.isDestroyed()) return;
    const objection = objecting(meeting);
    if (objection) {
      meeting.cameraReleased = false;
      // A question open when the objection turns on is refused (settle re-decides: objection).
      meeting.question.refuseAll();
    }
    // Main, not the page, ends what is no longer allowed.
    apply(meeting, { type: 'rules-changed' });
    const forced = deps.conference.forced();
    const question = meeting.question.open ? 'camera' : null;
    const status = toolbarStatusLine(language(), { cameraReleased: meeting.cameraReleased, objection, objectionForced: forced, question }, { notice: meeting.notice, warning: meeting.lastWarning });
    const state: ToolbarState = { cameraReleased: meeting.cameraReleased, objection, objectionForced: forced, question, status };
    if (!meeting.toolbar.webContents.isDestroyed()) meeting.toolbar.webContents.send(CONFERENCE_CHANNELS.toolbarState, state);
    const contents = viewOf(meeting).webContents;
    if (contents.isDestroyed()) return;
    // Every frame runs the guard (preloadInSubFrames); each gets the new state.
    for (const frame of contents.mainFrame.framesInSubtree) {
      try {
        frame.send(CONFERENCE_CHANNELS.state, { objection });
      } catch {
        // The frame is gone.
      }
    }
  };
  const pushAll = () => {
    for (const meeting of meetings) pushState(meeting);
  };

  /** Answers every held camera request anew (after "Freigeben" or "Kamera freigeben"). */
  const settleQuestion = (meeting: Meeting): void => {
    meeting.question.settle((entry) => {
      const decision = decideMedia(query(meeting, 'request', entry.permission, entry.mediaTypes, entry.origin, false));
      if (decision.allow) apply(meeting, { type: 'granted', reason: decision.reason });
      return decision.allow;
    });
  };

  /**
   * The SchulDesk picker: screens and windows, never a SchulDesk window; nothing is chosen by default
   * ("Abbrechen" is). It is window-modal, so a page asking again and again could keep the student in
   * it: "Nicht mehr fragen" (returned as 'stop') ends that for this meeting.
   */
  const pickScreen = async (meeting: Meeting): Promise<DesktopCapturerSource | 'stop' | null> => {
    const ownIds = new Set<string>();
    for (const m of meetings) if (!m.window.isDestroyed()) ownIds.add(m.window.getMediaSourceId());
    for (const main of mainWindowList()) ownIds.add(main.getMediaSourceId());
    const sources = (await desktopCapturer.getSources({ types: ['screen', 'window'], thumbnailSize: { width: 0, height: 0 } })).filter(
      (source) => !ownIds.has(source.id) && !/schuldesk/i.test(source.name),
    );
    const offered = sources.slice(0, 8);
    const t = TOOLBAR_TEXT[language()];
    const buttons = [...offered.map((source) => source.name || source.id), t.pickerCancel, t.pickerStop];
    const cancel = offered.length;
    const result = await dialog.showMessageBox(meeting.window, { type: 'question', title: t.pickerTitle, message: t.pickerMessage, buttons, cancelId: cancel, defaultId: cancel, noLink: true });
    if (result.response === cancel + 1) return 'stop';
    return offered[result.response] ?? null;
  };

  /**
   * display-capture by an allowed role: the picker is the question. Granted only with a picked
   * source, and only to the document that asked. For getDisplayMedia, Electron runs the
   * display-media handler inside `callback(true)` (web_contents_permission_helper.cc:
   * MediaAccessAllowed → ElectronBrowserContext::ChooseDisplayMediaDevice → the handler, no task
   * in between), which takes the armed source. A grant it did not take by the time `callback(true)`
   * returns went to a capture the student did not pick (legacy getUserMedia with
   * chromeMediaSource, which Electron serves with the page's own source id or the whole desktop):
   * main ends it at once, before the renderer can use it for long.
   */
  const offerScreen = async (meeting: Meeting, contents: WebContents, entry: HeldCamera, callback: (granted: boolean) => void): Promise<void> => {
    // One picker at a time.
    if (meeting.pickerOpen) return answer(callback, false);
    meeting.pickerOpen = true;
    const document = meeting.document;
    let source: DesktopCapturerSource | 'stop' | null;
    try {
      source = await pickScreen(meeting);
    } catch {
      source = null;
    } finally {
      meeting.pickerOpen = false;
    }
    if (source === 'stop') {
      meeting.screenStopped = true;
      meeting.notice = TOOLBAR_TEXT[language()].screenStopped;
      pushState(meeting);
      return answer(callback, false);
    }
    // The page may have navigated or been replaced while the student chose: that answer is for nobody.
    if (source === null || contents.isDestroyed() || viewOf(meeting).webContents !== contents || meeting.document !== document) return answer(callback, false);
    const decision = decideMedia(query(meeting, 'request', entry.permission, entry.mediaTypes, entry.origin, true));
    if (!decision.allow) return answer(callback, false);
    meeting.pickedSource = source;
    apply(meeting, { type: 'granted', reason: decision.reason });
    answer(callback, true);
    if (meeting.pickedSource === null) return; // taken by the display-media handler: the picked source runs
    meeting.pickedSource = null;
    apply(meeting, { type: 'screen-grant-unclaimed' });
    pushState(meeting);
  };

  const guardSession = (meeting: Meeting): void => {
    const ses = meeting.session;
    ses.setPermissionRequestHandler((contents, permission, callback, details) => {
      if (!contents || byMeetingContents(contents) !== meeting) return callback(false);
      const mediaTypes = 'mediaTypes' in details && Array.isArray(details.mediaTypes) ? details.mediaTypes : [];
      const entry: HeldCamera = { permission, mediaTypes, origin: details.requestingUrl ?? '' };
      const decision = decideMedia(query(meeting, 'request', permission, mediaTypes, entry.origin, false));
      if (decision.allow) {
        apply(meeting, { type: 'granted', reason: decision.reason });
        return callback(true);
      }
      if (decision.reason === 'camera-ask') {
        // Ask, don't fail: the toolbar asks; the answer (or time-out, navigation, close) answers Electron.
        if (meeting.question.hold(entry, callback) === 'asked') {
          meeting.notice = '';
          pushState(meeting);
          if (!meeting.toolbar.webContents.isDestroyed()) meeting.toolbar.webContents.focus();
        }
        return;
      }
      if (decision.reason === 'screen-needs-picker') {
        void offerScreen(meeting, contents, entry, callback);
        return;
      }
      if (decision.reason === 'screen-stopped' && meeting.notice !== TOOLBAR_TEXT[language()].screenStopped) {
        meeting.notice = TOOLBAR_TEXT[language()].screenStopped;
        pushState(meeting);
      }
      if (decision.reason === 'objection') {
        const t = TOOLBAR_TEXT[language()];
        meeting.notice = deps.conference.forced() ? t.refusedForced : t.refusedObjection;
        pushState(meeting);
      }
      console.warn(`[conference] ${permission} denied: ${decision.reason}`);
      callback(false);
    });
    ses.setPermissionCheckHandler((contents, permission, requestingOrigin, details) => {
      if (!contents || byMeetingContents(contents) !== meeting) return false;
      const mediaTypes = details.mediaType ? [details.mediaType] : [];
      return decideMedia(query(meeting, 'check', permission, mediaTypes, requestingOrigin, false)).allow;
    });
    ses.setDisplayMediaRequestHandler(
      (request, callback) => {
        // Exactly the picked source, once, to a meeting origin asking for video; otherwise null.
        const source = meeting.pickedSource;
        meeting.pickedSource = null;
        const serve = source !== null && request.videoRequested && isMeetingOrigin(request.securityOrigin, meeting.bbbOrigin, deps.settings.get('extraBbbHosts'));
        if (!serve) console.warn('[conference] display media refused: nothing picked for this request');
        answer(callback, serve ? { video: source } : null);
      },
      { useSystemPicker: false },
    );
    ses.setDevicePermissionHandler(() => false);
  };

  /** Per meeting view: a new page (primary main frame) or a dead renderer resets main's account; no beforeunload holds the view. */
  const watchView = (meeting: Meeting, view: WebContentsView): void => {
    const contents = view.webContents;
    const gone = () => {
      if (viewOf(meeting) !== view) return;
      forgetDocument(meeting);
      pushState(meeting);
    };
    // Not 'did-navigate': Electron emits it for a fenced frame's or prerendered page's root too (see replacesPage).
    contents.on('did-frame-navigate', (_event, _url, _code, _status, isMainFrame, frameProcessId, frameRoutingId) => {
      if (!contents.isDestroyed() && replacesPage({ isMainFrame, frameProcessId, frameRoutingId }, contents.mainFrame)) gone();
    });
    contents.on('render-process-gone', gone);
    // "Calling event.preventDefault() will ignore the beforeunload event handler" (electron.d.ts).
    contents.on('will-prevent-unload', (event) => event.preventDefault());
  };

  const onInit = (event: IpcMainEvent) => {
    const meeting = byMeetingContents(event.sender);
    // Unknown sender: the strictest state.
    const init: GuardInit = meeting
      ? { objection: objecting(meeting), allowRecording: meeting.role === 'moderator' && deps.settings.get('localRecordingForModerators') === true }
      : { objection: true, allowRecording: false };
    event.returnValue = init;
  };
  const onReport = (event: IpcMainEvent, name: unknown) => {
    const meeting = byMeetingContents(event.sender);
    if (!meeting || typeof name !== 'string' || !(GUARD_REPORTS as readonly string[]).includes(name)) return;
    const [type, what] = (name as GuardReportName).split(':') as [string, string];
    const kind = REPORT_KIND[what];
    if ((type === 'started' || type === 'stopped') && kind) {
      // Each frame's guard reports its own first-started / last-stopped; the log says "stopped" only when no
      // frame has that kind live (one frame's "stopped" says nothing about another frame's camera).
      const frameKey = `${event.processId}:${event.frameId}`;
      const live = meeting.liveByFrame.get(frameKey) ?? new Set<MediaKind>();
      meeting.liveByFrame.set(frameKey, live);
      if (type === 'started') live.add(kind);
      else live.delete(kind);
      const anyLive = [...meeting.liveByFrame.values()].some((kinds) => kinds.has(kind));
      if (anyLive === meeting.active.has(kind)) return;
      if (anyLive) meeting.active.add(kind);
      else meeting.active.delete(kind);
      deps.conference.record({ accountId: meeting.accountId, meetingName: meeting.meetingName, kind, action: anyLive ? 'started' : 'stopped' });
    } else console.warn(`[conference] blocked in meeting: ${what}`);
  };
  const onToolbar = (event: IpcMainEvent, action: unknown) => {
    const meeting = byToolbarContents(event.sender);
    if (!meeting || typeof action !== 'string' || !(TOOLBAR_ACTIONS as readonly string[]).includes(action)) return;
    void handleToolbar(meeting, action as ToolbarAction);
  };

  const handleToolbar = async (meeting: Meeting, action: ToolbarAction): Promise<void> => {
    meeting.notice = '';
    switch (action) {
      case 'camera-allow':
      case 'release-camera':
        // "Freigeben" answers the open question, nothing else: a late click (after the time-out, a
        // navigation or a rejoin refused it) must not release the camera for what the page asks next.
        if (action === 'camera-allow' && !meeting.question.open) break;
        if (!objecting(meeting)) {
          meeting.cameraReleased = true;
          settleQuestion(meeting);
        } else meeting.question.refuseAll();
        break;
      case 'camera-not-now':
        meeting.question.refuseAll();
        break;
      case 'withdraw-camera':
        // pushState below ends a running camera (rules-changed: camera-withdrawn).
        meeting.cameraReleased = false;
        break;
      case 'objection-on':
        // One click: no confirmation to protect oneself. The event it fires ends a running camera.
        deps.conference.setObjection(meeting.accountId, true);
        break;
      case 'objection-off': {
        if (deps.conference.forced()) break;
        const t = TOOLBAR_TEXT[language()];
        const reply = await dialog.showMessageBox(meeting.window, { type: 'question', title: t.confirmOffTitle, message: t.confirmOffMessage, buttons: t.confirmOffButtons, defaultId: 1, cancelId: 1, noLink: true });
        if (reply.response === 0) deps.conference.setObjection(meeting.accountId, false);
        break;
      }
      case 'leave':
        meeting.window.close();
        return;
    }
    pushState(meeting);
  };

  ipcMain.on(CONFERENCE_CHANNELS.init, onInit);
  ipcMain.on(CONFERENCE_CHANNELS.report, onReport);
  ipcMain.on(CONFERENCE_CHANNELS.toolbarAction, onToolbar);
  // The renderer's toggle (Settings, Konferenzen) and policy changes reach open meetings at once —
  // and main ends a camera they no longer allow (pushState → rules-changed).
  const unsubscribeEvents = deps.events.subscribe((name) => {
    if (name === 'conference.objectionChanged') pushAll();
  });
  const unsubscribeSettings = deps.settings.onChange(() => pushAll());

  const scanRecorders = async (meeting: Meeting): Promise<void> => {
    const policy = deps.settings.get('recorderDetection');
    if (policy === 'off' || meeting.window.isDestroyed()) return;
    const decision = decideRecorders(policy, await scanForRecorders(deps.platform, deps.execFileText));
    const message = decision.action === 'none' ? '' : decision.message[language()];
    if (message === meeting.lastWarning || meeting.window.isDestroyed()) return;
    meeting.lastWarning = message;
    pushState(meeting);
    if (decision.action === 'none') return;
    console.warn(`[conference] recorder detected (${decision.action}): ${decision.tools.join(', ')}`);
    await dialog.showMessageBox(meeting.window, { type: 'warning', title: TOOLBAR_TEXT[language()].title, message, buttons: ['OK'], noLink: true });
    if (decision.action === 'leave' && !meeting.window.isDestroyed()) meeting.window.close();
  };

  const open: OpenConferenceWindow = async ({ joinUrl, role, accountId, meetingName }) => {
    const checked = checkJoinUrl(joinUrl, deps.packaged);
    if (!checked.ok) throw new UserFacingError(JOIN_URL_ERROR[checked.reason]);
    const id = randomUUID();
    const partition = `schuldesk-meeting-${id}`; // no `persist:`: in memory only
    const ses = session.fromPartition(partition);
    // The webPreferences preload skips a frame's initial about:blank document; a session preload matched as
    // about:blank runs there (electron.d.ts registerPreloadScript: "The initial empty document of a frame or
    // popup is matched as `about:blank`"), so script-made frames get their own guard too.
    ses.registerPreloadScript({ type: 'frame', filePath: deps.preloadPath, includeGlobs: ['about:blank'] });
    const created = createConferenceWindow({
      packaged: deps.packaged,
      preloadPath: deps.preloadPath,
      partition,
      additionalArguments: [`${VIEW_ARGUMENT_PREFIX}meeting`],
      preloadInSubFrames: true,
      title: `${meetingName} – ${TOOLBAR_TEXT[language()].title}`,
      toolbar: { height: TOOLBAR_HEIGHT, preloadPath: deps.preloadPath, additionalArguments: [`${VIEW_ARGUMENT_PREFIX}toolbar`] },
    });
    const toolbar = created.toolbar;
    if (!toolbar) throw new Error('The conference toolbar is missing.');
    const meeting: Meeting = {
      id,
      accountId,
      meetingName,
      role,
      joinUrl,
      bbbOrigin: checked.origin,
      frame: created,
      window: created.window,
      toolbar,
      session: ses,
      cameraReleased: false,
      grants: NO_GRANTS,
      pickedSource: null,
      pickerOpen: false,
      screenStopped: false,
      document: 0,
      question: new HeldRequests<HeldCamera>({
        schedule,
        onTimeout: () => {
          meeting.notice = TOOLBAR_TEXT[language()].questionTimedOut;
          pushState(meeting);
        },
      }),
      notice: '',
      lastWarning: '',
      active: new Set(),
      liveByFrame: new Map(),
    };
    meetings.add(meeting);
    guardSession(meeting);
    watchView(meeting, created.view);
    created.window.setContentProtection(true);

    const timer = setInterval(() => void scanRecorders(meeting).catch(() => undefined), deps.recorderScanMs ?? 15_000);
    timer.unref();
    created.window.on('closed', () => {
      clearInterval(timer);
      meetings.delete(meeting);
      // Held camera requests are refused, an unclaimed pick is dropped.
      forgetDocument(meeting);
      for (const kind of meeting.active) deps.conference.record({ accountId: meeting.accountId, meetingName: meeting.meetingName, kind, action: 'stopped' });
      meeting.active.clear();
      // In memory anyway; cleared so nothing lingers until quit either.
      void ses.clearStorageData().catch(() => undefined);
      void ses.clearCache().catch(() => undefined);
    });
    toolbar.webContents.once('did-finish-load', () => pushState(meeting));
    await toolbar.webContents.loadURL(toolbarDataUrl(toolbarHtml(language(), captureProtectionFor(deps.platform), meetingName)));
    created.window.show();
    void scanRecorders(meeting).catch(() => undefined);
    await viewOf(meeting).webContents.loadURL(joinUrl);
  };

  return {
    open,
    meetingOrigins: () => [...meetings].map((m) => m.bbbOrigin),
    closeAll: () => {
      for (const meeting of meetings) if (!meeting.window.isDestroyed()) meeting.window.close();
    },
    dispose: () => {
      ipcMain.off(CONFERENCE_CHANNELS.init, onInit);
      ipcMain.off(CONFERENCE_CHANNELS.report, onReport);
      ipcMain.off(CONFERENCE_CHANNELS.toolbarAction, onToolbar);
      unsubscribeEvents();
      unsubscribeSettings();
    },
  };
}

/**
 * The conference window (issue 4 items 2–7): implements the ServiceDeps port
 * `openConferenceWindow` (main/conference/service.ts). Per meeting:
 * - a BaseWindow with the SchulDesk toolbar (Kamera freigeben, objection, leave) and the BBB view,
 *   content-protected (setContentProtection; see captureProtectionFor for where the OS cannot);
 * - the BBB view in a fresh in-memory partition (no `persist:`), cleared when the window closes;
 * - that session's permission request/check handlers answer from decideMedia
 *   (main/conference/media-policy.ts) — the hard wall behind the page's media guard;
 * - screen sharing only through a SchulDesk picker (never our own windows, never silently);
 * - the media guard in every frame via preload/conference.ts, objection changes pushed at once;
 * - navigation (origin of the join URL + extraBbbHosts), window.open (warning, then browser) and
 *   downloads (cancelled) are handled by main/electron/security-hooks.ts for every contents:
 *   index.ts adds the open meetings' origins to the allowlist through `meetingOrigins()`;
 * - advisory recorder detection per policy recorderDetection.
 */
import { randomUUID } from 'node:crypto';
import { desktopCapturer, dialog, ipcMain, session } from 'electron';
import type { BaseWindow, DesktopCapturerSource, IpcMainEvent, Session, WebContents, WebContentsView } from 'electron';
import type { Language } from '../../preload/api';
import type { MediaKind } from '../../preload/contract/conference';
import { decideMedia } from '../conference/media-policy';
import type { ConferenceRole, MediaQuery } from '../conference/media-policy';
import { decideRecorders, scanForRecorders } from '../conference/recorder-detection';
import type { ExecFileText } from '../conference/recorder-detection';
import type { OpenConferenceWindow } from '../conference/window-port';
import { captureProtectionFor, TOOLBAR_HEIGHT, TOOLBAR_TEXT, toolbarDataUrl, toolbarHtml, toolbarStatus } from '../conference/toolbar-page';
import { CONFERENCE_CHANNELS, GUARD_REPORTS, TOOLBAR_ACTIONS, VIEW_ARGUMENT_PREFIX } from '../conference/window-channels';
import type { GuardInit, GuardReportName, ToolbarAction, ToolbarState } from '../conference/window-channels';
import type { EventHub } from '../ipc/events';
import { webOriginOf } from '../security/origins';
import type { SettingsService } from '../settings/settings-service';
import { createConferenceWindow } from './window-factory';
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
}

interface Meeting {
  id: string;
  accountId: string;
  meetingName: string;
  role: ConferenceRole;
  bbbOrigin: string;
  window: BaseWindow;
  view: WebContentsView;
  toolbar: WebContentsView;
  session: Session;
  cameraReleased: boolean;
  /** The source the picker chose for the pending getDisplayMedia, handed to the display-media handler once. */
  pickedSource: DesktopCapturerSource | null;
  lastWarning: string;
  /** Kinds reported started and not yet stopped: closing the window logs them as stopped. */
  active: Set<MediaKind>;
}

export interface ConferenceWindows {
  open: OpenConferenceWindow;
  /** Origins of the open meetings' join URLs (for the navigation allowlist). */
  meetingOrigins(): string[];
  closeAll(): void;
  dispose(): void;
}

const REPORT_KIND: Record<string, MediaKind> = { camera: 'camera', microphone: 'microphone', screen: 'screen' };

export function createConferenceWindows(deps: ConferenceWindowsDeps): ConferenceWindows {
  const meetings = new Set<Meeting>();
  const language = (): Language => deps.settings.get('language');

  const byMeetingContents = (contents: WebContents): Meeting | undefined => [...meetings].find((m) => !m.view.webContents.isDestroyed() && m.view.webContents === contents);
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
    screenSharingRoles: deps.settings.get('screenSharingRoles'),
  });

  const pushState = (meeting: Meeting): void => {
    const objection = objecting(meeting);
    if (objection) meeting.cameraReleased = false;
    const forced = deps.conference.forced();
    const state: ToolbarState = { cameraReleased: meeting.cameraReleased, objection, objectionForced: forced, status: toolbarStatus(language(), { cameraReleased: meeting.cameraReleased, objection, objectionForced: forced }) };
    if (meeting.lastWarning !== '') state.status = `${state.status} ${meeting.lastWarning}`;
    if (!meeting.toolbar.webContents.isDestroyed()) meeting.toolbar.webContents.send(CONFERENCE_CHANNELS.toolbarState, state);
    if (meeting.view.webContents.isDestroyed()) return;
    // Every frame runs the guard (preloadInSubFrames); each gets the new state.
    for (const frame of meeting.view.webContents.mainFrame.framesInSubtree) {
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

  /** The SchulDesk picker: screens and windows, never a SchulDesk window; nothing is chosen by default. */
  const pickScreen = async (meeting: Meeting): Promise<DesktopCapturerSource | null> => {
    const ownIds = new Set<string>();
    for (const m of meetings) if (!m.window.isDestroyed()) ownIds.add(m.window.getMediaSourceId());
    for (const main of mainWindowList()) ownIds.add(main.getMediaSourceId());
    const sources = (await desktopCapturer.getSources({ types: ['screen', 'window'], thumbnailSize: { width: 0, height: 0 } })).filter(
      (source) => !ownIds.has(source.id) && !/schuldesk/i.test(source.name),
    );
    const offered = sources.slice(0, 8);
    const t = TOOLBAR_TEXT[language()];
    const buttons = [...offered.map((source) => source.name || source.id), t.pickerCancel];
    const result = await dialog.showMessageBox(meeting.window, { type: 'question', title: t.pickerTitle, message: t.pickerMessage, buttons, cancelId: buttons.length - 1, defaultId: buttons.length - 1, noLink: true });
    return offered[result.response] ?? null;
  };

  const guardSession = (meeting: Meeting): void => {
    const ses = meeting.session;
    ses.setPermissionRequestHandler((contents, permission, callback, details) => {
      if (!contents || byMeetingContents(contents) !== meeting) return callback(false);
      const mediaTypes = 'mediaTypes' in details && Array.isArray(details.mediaTypes) ? details.mediaTypes : [];
      const decision = decideMedia(query(meeting, 'request', permission, mediaTypes, details.requestingUrl ?? '', false));
      if (decision.allow || decision.reason !== 'screen-needs-picker') {
        if (!decision.allow) console.warn(`[conference] ${permission} denied: ${decision.reason}`);
        return callback(decision.allow);
      }
      pickScreen(meeting)
        .then((source) => {
          meeting.pickedSource = source;
          callback(source !== null && decideMedia(query(meeting, 'request', permission, mediaTypes, details.requestingUrl ?? '', true)).allow);
        })
        .catch(() => callback(false));
    });
    ses.setPermissionCheckHandler((contents, permission, requestingOrigin, details) => {
      if (!contents || byMeetingContents(contents) !== meeting) return false;
      const mediaTypes = details.mediaType ? [details.mediaType] : [];
      return decideMedia(query(meeting, 'check', permission, mediaTypes, requestingOrigin, false)).allow;
    });
    ses.setDisplayMediaRequestHandler(
      (_request, callback) => {
        const source = meeting.pickedSource;
        meeting.pickedSource = null;
        try {
          callback(source ? { video: source } : {});
        } catch {
          // The requesting frame is gone.
        }
      },
      { useSystemPicker: false },
    );
    ses.setDevicePermissionHandler(() => false);
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
      // Several tracks of one kind (e.g. clones) give one log line per change, not per track.
      if ((type === 'started') === meeting.active.has(kind)) return;
      if (type === 'started') meeting.active.add(kind);
      else meeting.active.delete(kind);
      deps.conference.record({ accountId: meeting.accountId, meetingName: meeting.meetingName, kind, action: type });
    } else console.warn(`[conference] blocked in meeting: ${what}`);
  };
  const onToolbar = (event: IpcMainEvent, action: unknown) => {
    const meeting = byToolbarContents(event.sender);
    if (!meeting || typeof action !== 'string' || !(TOOLBAR_ACTIONS as readonly string[]).includes(action)) return;
    void handleToolbar(meeting, action as ToolbarAction);
  };

  const handleToolbar = async (meeting: Meeting, action: ToolbarAction): Promise<void> => {
    switch (action) {
      case 'release-camera':
        if (!objecting(meeting)) meeting.cameraReleased = true;
        break;
      case 'objection-on':
        // One click: no confirmation to protect oneself.
        deps.conference.setObjection(meeting.accountId, true);
        break;
      case 'objection-off': {
        if (deps.conference.forced()) break;
        const t = TOOLBAR_TEXT[language()];
        const answer = await dialog.showMessageBox(meeting.window, { type: 'question', title: t.confirmOffTitle, message: t.confirmOffMessage, buttons: t.confirmOffButtons, defaultId: 1, cancelId: 1, noLink: true });
        if (answer.response === 0) deps.conference.setObjection(meeting.accountId, false);
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
  // The renderer's toggle (Settings, Konferenzen) and policy changes reach open meetings at once.
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
    const bbbOrigin = webOriginOf(joinUrl);
    if (bbbOrigin === null || !joinUrl.startsWith('https:') && !/^http:\/\/(127\.0\.0\.1|localhost)[:/]/.test(joinUrl)) throw new Error('The join URL is not an https URL.');
    const id = randomUUID();
    const partition = `schuldesk-meeting-${id}`; // no `persist:`: in memory only
    const ses = session.fromPartition(partition);
    const created = createConferenceWindow({
      packaged: deps.packaged,
      preloadPath: deps.preloadPath,
      partition,
      additionalArguments: [`${VIEW_ARGUMENT_PREFIX}meeting`],
      preloadInSubFrames: true,
      title: `${meetingName} – ${TOOLBAR_TEXT[language()].title}`,
      toolbar: { height: TOOLBAR_HEIGHT, preloadPath: deps.preloadPath, additionalArguments: [`${VIEW_ARGUMENT_PREFIX}toolbar`] },
    });
    if (!created.toolbar) throw new Error('The conference toolbar is missing.');
    const meeting: Meeting = {
      id,
      accountId,
      meetingName,
      role,
      bbbOrigin,
      window: created.window,
      view: created.view,
      toolbar: created.toolbar,
      session: ses,
      cameraReleased: false,
      pickedSource: null,
      lastWarning: '',
      active: new Set(),
    };
    meetings.add(meeting);
    guardSession(meeting);
    created.window.setContentProtection(true);

    const timer = setInterval(() => void scanRecorders(meeting).catch(() => undefined), deps.recorderScanMs ?? 15_000);
    timer.unref();
    created.window.on('closed', () => {
      clearInterval(timer);
      meetings.delete(meeting);
      for (const kind of meeting.active) deps.conference.record({ accountId: meeting.accountId, meetingName: meeting.meetingName, kind, action: 'stopped' });
      meeting.active.clear();
      // In memory anyway; cleared so nothing lingers until quit either.
      void ses.clearStorageData().catch(() => undefined);
      void ses.clearCache().catch(() => undefined);
    });
    created.toolbar.webContents.once('did-finish-load', () => pushState(meeting));
    await created.toolbar.webContents.loadURL(toolbarDataUrl(toolbarHtml(language(), captureProtectionFor(deps.platform), meetingName)));
    created.window.show();
    void scanRecorders(meeting).catch(() => undefined);
    await created.view.webContents.loadURL(joinUrl);
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

/**
 * Wires the pure decisions of main/security/ to Electron, for every web contents and session:
 * - `web-contents-created` → will-frame-navigate, will-navigate, will-redirect (decideNavigation),
 *   setWindowOpenHandler (decideWindowOpen; never a new Electron window), will-attach-webview
 *   (always prevented); an SSO login window (registerLoginNavigation) gets its own rules instead
 *   (LoginWindowGuard, main/security/login-window.ts);
 * - every session (ours per window kind, the default one, any created later) → permission request
 *   and check handlers, display-media handler, device handler, no downloads, and a certificate
 *   verify proc that adds the policy's trustedCaCertificates to Chromium's verdict
 *   (decideCertificate; Chromium's own result stands for everything else).
 * Electron allows everything where no handler is set, so install this right after `ready`, before
 * any window exists (the window factory refuses to build windows otherwise).
 */
import { app, BrowserWindow, dialog, session, shell } from 'electron';
import type { MessageBoxOptions, Session, WebContents, WebFrameMain } from 'electron';
import type { Language } from '../../preload/api';
import { decideCertificate } from '../security/certificate-trust';
import { externalOpenWarning } from '../security/external-warning';
import { decideNavigation, decideWindowOpen } from '../security/navigation';
import type { NavigationEvent } from '../security/navigation';
import { decideOpenExternal } from '../security/open-external';
import { urlForLog } from '../security/origins';
import type { OriginAllowlist } from '../security/origins';
import {
  decideDevicePermission,
  decideDisplayMediaRequest,
  decidePermissionCheck,
  decidePermissionRequest,
} from '../security/permissions';
import type { PermissionContext, PermissionRules } from '../security/permissions';
import { partitionFor, WINDOW_KINDS } from '../security/window-policy';
import type { ContentsKind } from '../security/window-policy';
import { kindOfContents, loginNavigationOf, ownerWindowOf } from './window-registry';

export interface SecurityHooksOptions {
  /** The current allowlist (settings can change while the app runs). */
  allowlist: () => OriginAllowlist;
  /** The UI language for the warning dialog. */
  language: () => Language;
  /** Per-kind permission rules; the conference work supplies its media rule here. */
  permissionRules?: () => PermissionRules | undefined;
  /** Policy trustedCaCertificates (PEM); read per verification, empty before the services exist. */
  trustedCaCertificates?: () => readonly string[];
}

/** Electron's verify proc results: 0 = trust, -3 = Chromium's own verdict. */
const TRUST = 0;
const CHROMIUM_VERDICT = -3;

let installed = false;
const sessionKinds = new WeakMap<Session, ContentsKind>();
const guardedSessions = new WeakSet<Session>();
const warningOpen = new WeakSet<WebContents>();

export function securityHooksInstalled(): boolean {
  return installed;
}

function log(message: string): void {
  console.warn(`[security] ${message}`);
}

/** A contents whose registered kind does not match its session's kind is treated as unknown. */
function effectiveKind(ses: Session, contents: WebContents | null): ContentsKind {
  const sessionKind = sessionKinds.get(ses) ?? 'unknown';
  if (contents === null) return sessionKind;
  return kindOfContents(contents) === sessionKind ? sessionKind : 'unknown';
}

function permissionContext(kind: ContentsKind, options: SecurityHooksOptions): PermissionContext {
  const rules = options.permissionRules?.();
  return rules ? { window: kind, rules } : { window: kind };
}

function guardSession(ses: Session, kind: ContentsKind, options: SecurityHooksOptions): void {
  sessionKinds.set(ses, kind);
  if (guardedSessions.has(ses)) return;
  guardedSessions.add(ses);

  ses.setPermissionRequestHandler((contents, permission, callback, details) => {
    const window = effectiveKind(ses, contents);
    const decision = decidePermissionRequest(permissionContext(window, options), permission, details);
    if (decision === 'deny') log(`permission "${permission}" denied in ${window} window (${urlForLog(details.requestingUrl)})`);
    callback(decision === 'grant');
  });
  ses.setPermissionCheckHandler((contents, permission, requestingOrigin, details) => {
    const window = effectiveKind(ses, contents);
    return decidePermissionCheck(permissionContext(window, options), permission, requestingOrigin, details) === 'grant';
  });
  ses.setDisplayMediaRequestHandler(
    (request, callback) => {
      const window = effectiveKind(ses, null);
      decideDisplayMediaRequest(permissionContext(window, options), request);
      log(`screen capture denied in ${window} window (${urlForLog(request.securityOrigin)})`);
      try {
        // Refusing is `callback(null)` (the callback takes `Streams | null`); `{}` for a video
        // request makes Electron throw a TypeError instead of refusing.
        callback(null);
      } catch {
        // The requesting frame is gone; nothing to refuse any more.
      }
    },
    { useSystemPicker: false },
  );
  ses.setCertificateVerifyProc((request, callback) => {
    const trusted = options.trustedCaCertificates?.() ?? [];
    if (request.errorCode === 0 || trusted.length === 0) {
      callback(CHROMIUM_VERDICT);
      return;
    }
    const decision = decideCertificate({ hostname: request.hostname, errorCode: request.errorCode, certificate: request.certificate }, trusted, Date.now());
    if (decision.accept) log(`certificate of ${request.hostname} trusted: issued under policy CA "${decision.ca}"`);
    else log(`certificate of ${request.hostname} refused (${request.verificationResult}, ${decision.reason})`);
    callback(decision.accept ? TRUST : CHROMIUM_VERDICT);
  });
  ses.setDevicePermissionHandler((details) => decideDevicePermission(permissionContext(sessionKinds.get(ses) ?? 'unknown', options), details) === 'grant');
  // Nothing in SchulDesk downloads through a page (main fetches files itself); in a conference
  // this also stops saving MediaRecorder captures via a blob download.
  ses.on('will-download', (event) => {
    event.preventDefault();
    log(`download blocked in ${sessionKinds.get(ses) ?? 'unknown'} session`);
  });
}

async function openExternally(href: string): Promise<void> {
  const gate = decideOpenExternal(href);
  if (!gate.allowed) return;
  try {
    await shell.openExternal(gate.href);
  } catch (error) {
    log(`could not open ${urlForLog(gate.href)} externally: ${error instanceof Error ? error.message : String(error)}`);
  }
}

/** Shows the German/English warning; opens the link only if the user picks "open". One dialog per contents at a time. */
async function confirmAndOpenExternally(contents: WebContents, url: string, options: SecurityHooksOptions): Promise<void> {
  const gate = decideOpenExternal(url);
  if (!gate.allowed || warningOpen.has(contents)) return;
  warningOpen.add(contents);
  try {
    const warning = externalOpenWarning(gate.href, options.language());
    const box: MessageBoxOptions = {
      type: 'warning',
      title: warning.title,
      message: warning.message,
      detail: warning.detail,
      buttons: warning.buttons,
      defaultId: warning.defaultId,
      cancelId: warning.cancelId,
      noLink: true,
    };
    // A meeting's view lives in a BaseWindow (fromWebContents gives null there): parent the warning
    // to the window the link came from, never behind it.
    const owner = contents.isDestroyed() ? null : (ownerWindowOf(contents) ?? BrowserWindow.fromWebContents(contents));
    const result = owner ? await dialog.showMessageBox(owner, box) : await dialog.showMessageBox(box);
    if (result.response === warning.openButton) await openExternally(gate.href);
  } finally {
    warningOpen.delete(contents);
  }
}

/**
 * `details.initiator` of will-frame-navigate / will-navigate / will-redirect (electron.d.ts: the
 * frame that started the navigation, null when none or deleted). A disposed WebFrameMain throws on
 * access: then there is no initiator either.
 */
function initiatorOriginOf(initiator: WebFrameMain | null | undefined): string | null {
  try {
    return initiator ? initiator.origin : null;
  } catch {
    return null;
  }
}

function guardContents(contents: WebContents, options: SecurityHooksOptions): void {
  const onNavigation = (event: NavigationEvent, details: { url: string; isMainFrame: boolean; initiator?: WebFrameMain | null | undefined; preventDefault: () => void }) => {
    // The SSO login window decides by its own rules (main/security/login-window.ts): IdP origins,
    // and the schuldesk: callback caught on the first event that carries it — in Electron 45 a
    // will-frame-navigate refusal here would cancel a scripted click before will-navigate fires.
    const login = loginNavigationOf(contents);
    if (login) {
      login.onNavigation(event, { url: details.url, isMainFrame: details.isMainFrame, initiatorOrigin: initiatorOriginOf(details.initiator), preventDefault: () => details.preventDefault() });
      return;
    }
    const window = kindOfContents(contents);
    const decision = decideNavigation(details.url, { window, event, isMainFrame: details.isMainFrame, allowlist: options.allowlist() });
    if (decision === 'allow') return;
    details.preventDefault();
    log(`${event} to ${urlForLog(details.url)} blocked in ${window} window`);
    if (decision === 'open-external-after-warning') void confirmAndOpenExternally(contents, details.url, options);
  };

  // will-frame-navigate fires first (main frame and subframes); when it cancels, will-navigate
  // does not fire, so a link gets at most one warning.
  contents.on('will-frame-navigate', (details) => onNavigation('will-frame-navigate', details));
  contents.on('will-navigate', (details) =>
    onNavigation('will-navigate', { url: details.url, isMainFrame: true, initiator: details.initiator, preventDefault: () => details.preventDefault() }),
  );
  contents.on('will-redirect', (details) => onNavigation('will-redirect', details));

  contents.setWindowOpenHandler(({ url }) => {
    const login = loginNavigationOf(contents);
    if (login) {
      login.onWindowOpen(url);
      return { action: 'deny' };
    }
    const window = kindOfContents(contents);
    const decision = decideWindowOpen(url, { window, allowlist: options.allowlist() });
    if (decision === 'open-external') setImmediate(() => void openExternally(url));
    else if (decision === 'open-external-after-warning') setImmediate(() => void confirmAndOpenExternally(contents, url, options));
    else log(`window.open of ${urlForLog(url)} denied in ${window} window`);
    return { action: 'deny' };
  });

  contents.on('will-attach-webview', (event) => {
    event.preventDefault();
    log('<webview> refused');
  });
}

/** Call once, right after `app.whenReady()`, before creating any window. */
export function installSecurityHooks(options: SecurityHooksOptions): void {
  if (installed) return;
  // Any session created later (e.g. a new partition) starts as `unknown`: everything denied.
  app.on('session-created', (ses) => guardSession(ses, 'unknown', options));
  app.on('web-contents-created', (_event, contents) => guardContents(contents, options));
  guardSession(session.defaultSession, 'unknown', options);
  for (const kind of WINDOW_KINDS) guardSession(session.fromPartition(partitionFor(kind)), kind, options);
  installed = true;
}

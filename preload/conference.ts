/**
 * Preload of both views of the conference window (sandboxed, context-isolated), told apart by
 * the `--schuldesk-conference-view=` argument:
 * - meeting: installs the media guard (page/conference-guard) in the BBB page's main world before
 *   any page script (contextBridge.executeInMainWorld, synchronous), forwards objection changes to
 *   it through the setter the install returns, and its reports (a function passed in) to main.
 *   Exposes nothing to the page; nothing goes through `document` events.
 * - toolbar: runs main/conference/toolbar-client.ts on the static toolbar page (which has no script
 *   of its own): buttons and the camera question to main, state from main.
 * Imports nothing but electron and Electron-free modules used by no other preload, so the bundle
 * stays one file (a sandboxed preload cannot require its own chunks).
 */
import { contextBridge, ipcRenderer } from 'electron';
import { installConferenceGuard } from '../page/conference-guard/install-guard';
import { runToolbarClient } from '../main/conference/toolbar-client';
import { CONFERENCE_CHANNELS, GUARD_REPORTS, VIEW_ARGUMENT_PREFIX } from '../main/conference/window-channels';
import type { GuardInit, ToolbarAction, ToolbarState } from '../main/conference/window-channels';

const view = process.argv.find((arg) => arg.startsWith(VIEW_ARGUMENT_PREFIX))?.slice(VIEW_ARGUMENT_PREFIX.length);

function startMeetingView(): void {
  // Synchronous on purpose: the guard must hold the current objection before the page runs.
  const init = ipcRenderer.sendSync(CONFERENCE_CHANNELS.init) as Partial<GuardInit> | null;
  // Reports come back through this function, proxied into the main world and held only in the
  // guard's closure: page script can neither call it nor silence it (document.open() cannot either).
  const report = (name: unknown): void => {
    if (typeof name === 'string' && (GUARD_REPORTS as readonly string[]).includes(name)) ipcRenderer.send(CONFERENCE_CHANNELS.report, name);
  };
  // executeInMainWorld returns the guard's setter as a proxied function (functions cross the bridge,
  // see the contextBridge type table); only this preload holds it.
  const setObjection: unknown = contextBridge.executeInMainWorld({
    func: installConferenceGuard,
    args: [{ objection: init?.objection !== false, allowRecording: init?.allowRecording === true }, report],
  });
  ipcRenderer.on(CONFERENCE_CHANNELS.state, (_event, state: unknown) => {
    const on = typeof state === 'object' && state !== null && (state as { objection?: unknown }).objection === true;
    if (typeof setObjection === 'function') (setObjection as (on: boolean) => void)(on);
  });
}

function startToolbarView(): void {
  runToolbarClient(
    {
      send: (action: ToolbarAction) => ipcRenderer.send(CONFERENCE_CHANNELS.toolbarAction, action),
      subscribe: (listener: (state: ToolbarState) => void) => ipcRenderer.on(CONFERENCE_CHANNELS.toolbarState, (_event, next: ToolbarState) => listener(next)),
    },
    document,
  );
}

if (view === 'meeting') startMeetingView();
else if (view === 'toolbar') startToolbarView();

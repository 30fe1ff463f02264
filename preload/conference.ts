/**
 * Preload of both views of the conference window (sandboxed, context-isolated), told apart by
 * the `--schuldesk-conference-view=` argument:
 * - meeting: installs the media guard in the BBB page's main world before any page script
 *   (contextBridge.executeInMainWorld, synchronous), forwards objection changes to it and its
 *   reports to main. Exposes nothing to the page.
 * - toolbar: runs main/conference/toolbar-client.ts on the static toolbar page (which has no script
 *   of its own): buttons and the camera question to main, state from main.
 * Imports nothing but electron and Electron-free modules used by no other preload, so the bundle
 * stays one file (a sandboxed preload cannot require its own chunks).
 */
import { contextBridge, ipcRenderer } from 'electron';
import { installConferenceGuard } from '../main/conference/guard/install-guard';
import { runToolbarClient } from '../main/conference/toolbar-client';
import { CONFERENCE_CHANNELS, GUARD_REPORTS, VIEW_ARGUMENT_PREFIX } from '../main/conference/window-channels';
import type { GuardInit, ToolbarAction, ToolbarState } from '../main/conference/window-channels';

const view = process.argv.find((arg) => arg.startsWith(VIEW_ARGUMENT_PREFIX))?.slice(VIEW_ARGUMENT_PREFIX.length);

function randomChannel(): string {
  const bytes = new Uint8Array(16);
  crypto.getRandomValues(bytes);
  return `sd-${Array.from(bytes, (b) => b.toString(16).padStart(2, '0')).join('')}`;
}

function startMeetingView(): void {
  // Synchronous on purpose: the guard must hold the current objection before the page runs.
  const init = ipcRenderer.sendSync(CONFERENCE_CHANNELS.init) as Partial<GuardInit> | null;
  const channel = randomChannel();
  contextBridge.executeInMainWorld({
    func: installConferenceGuard,
    args: [{ channel, objection: init?.objection !== false, allowRecording: init?.allowRecording === true }],
  });
  ipcRenderer.on(CONFERENCE_CHANNELS.state, (_event, state: unknown) => {
    const on = typeof state === 'object' && state !== null && (state as { objection?: unknown }).objection === true;
    document.dispatchEvent(new Event(`${channel}:objection-${on ? 'on' : 'off'}`));
  });
  for (const name of GUARD_REPORTS) {
    document.addEventListener(`${channel}:report:${name}`, () => ipcRenderer.send(CONFERENCE_CHANNELS.report, name));
  }
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

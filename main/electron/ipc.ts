/**
 * Binds the services to ipcMain: one `ipcMain.handle` per API method. Each call is accepted only
 * from the top frame of app://schuldesk in a main window (isTrustedSender), then goes through
 * dispatch() (schema validation, safe errors). Service events go to every main window on the one
 * event channel as `{ name, payload }`.
 */
import { ipcMain } from 'electron';
import type { IpcMainInvokeEvent } from 'electron';
import { API_METHOD_NAMES, EVENT_CHANNEL, methodChannel } from '../../preload/api';
import { INPUT_SCHEMAS } from '../api/input-schemas';
import { dispatch } from '../ipc/dispatch';
import type { DispatchOutcome } from '../ipc/dispatch';
import { isTrustedSender } from '../security/ipc-sender';
import { urlForLog } from '../security/origins';
import type { Services } from '../services';
import { kindOfContents, mainWindowList } from './window-registry';

const FORBIDDEN: DispatchOutcome = { ok: false, error: { code: 'forbidden' } };

function isTrustedEvent(event: IpcMainInvokeEvent): boolean {
  const frame = event.senderFrame;
  if (frame === null || kindOfContents(event.sender) !== 'main') return false;
  return isTrustedSender(frame.url, frame.parent === null);
}

/** Returns a function that removes the handlers and the event forwarding (for shutdown). */
export function bindIpc(services: Services): () => void {
  for (const method of API_METHOD_NAMES) {
    ipcMain.handle(methodChannel(method), async (event, ...args: unknown[]): Promise<DispatchOutcome> => {
      if (!isTrustedEvent(event)) {
        console.warn(`[ipc] ${method} refused from ${urlForLog(event.senderFrame?.url)}`);
        return FORBIDDEN;
      }
      return dispatch(services.handlers, method, args, INPUT_SCHEMAS);
    });
  }

  const unsubscribe = services.events.subscribe((name, payload) => {
    for (const window of mainWindowList()) {
      const contents = window.webContents;
      // Only ever to our own UI: if the top frame is anything else, the event is not sent.
      if (contents.isDestroyed() || !isTrustedSender(contents.mainFrame.url, true)) continue;
      contents.send(EVENT_CHANNEL, { name, payload });
    }
  });

  return () => {
    unsubscribe();
    for (const method of API_METHOD_NAMES) ipcMain.removeHandler(methodChannel(method));
  };
}

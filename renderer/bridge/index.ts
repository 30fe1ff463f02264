import type { SchulDeskApi } from '../../preload/api';
import { createWebBridge, takeSecretFromLocation } from './web';

/**
 * Picks the bridge once at start: Electron's preload exposes `window.schuldesk`; in the browser
 * shell the page talks to the loopback API. Returns null when neither is available (the UI then
 * explains how to start SchulDesk instead of failing silently).
 */
export function connectBridge(win: Window = window): SchulDeskApi | null {
  if (win.schuldesk) return win.schuldesk;
  const secret = takeSecretFromLocation(win.location, win.sessionStorage, win.history);
  return secret ? createWebBridge(secret) : null;
}

/**
 * The browser-shell bridge: the same `SchulDeskApi` as Electron's preload, over the loopback
 * HTTP API of main/web-shell/server.ts. The per-launch secret arrives in the URL fragment; it is
 * moved to sessionStorage and removed from the address bar at once.
 */
import { isApiEventName } from '../../preload/api';
import type { ApiErrorPayload, ApiEventName, ApiEvents, SchulDeskApi } from '../../preload/api';
import { ApiError } from './api-error';

const SECRET_KEY = 'schuldesk.webShellSecret';
const SECRET_HEADER = 'X-SchulDesk-Secret';
const KEEPALIVE_MAX_BODY = 16 * 1024;

export function takeSecretFromLocation(location: Location, storage: Storage, history: History): string | null {
  const match = /(?:^#|&)secret=([0-9a-f]{16,128})/.exec(location.hash);
  if (match?.[1]) {
    storage.setItem(SECRET_KEY, match[1]);
    history.replaceState(null, '', location.pathname + location.search);
  }
  return storage.getItem(SECRET_KEY);
}

export function createWebBridge(secret: string, fetchImpl: typeof fetch = fetch.bind(globalThis)): SchulDeskApi {
  const listeners = new Map<ApiEventName, Set<(payload: unknown) => void>>();
  let streaming = false;

  async function readEvents(): Promise<void> {
    // Reconnects with a growing pause if the shell restarts; events are only hints to refetch.
    let pause = 500;
    for (;;) {
      try {
        const response = await fetchImpl('/api/events', { headers: { [SECRET_HEADER]: secret } });
        if (!response.ok || !response.body) throw new Error(`events ${response.status}`);
        pause = 500;
        const reader = response.body.pipeThrough(new TextDecoderStream()).getReader();
        let buffer = '';
        for (;;) {
          const { value, done } = await reader.read();
          if (done) break;
          buffer += value;
          let end: number;
          while ((end = buffer.indexOf('\n\n')) >= 0) {
            const frame = buffer.slice(0, end);
            buffer = buffer.slice(end + 2);
            const data = frame.split('\n').filter((line) => line.startsWith('data: ')).map((line) => line.slice(6)).join('\n');
            if (data) deliver(data);
          }
        }
      } catch {
        // fall through to the pause
      }
      await new Promise((resolve) => setTimeout(resolve, pause));
      pause = Math.min(pause * 2, 10_000);
    }
  }

  function deliver(data: string): void {
    let message: { name?: unknown; payload?: unknown };
    try {
      message = JSON.parse(data) as typeof message;
    } catch {
      return;
    }
    if (!isApiEventName(message.name)) return;
    for (const listener of listeners.get(message.name) ?? []) listener(message.payload);
  }

  return {
    async invoke(method, ...args) {
      let response: Response;
      const body = JSON.stringify({ args });
      try {
        response = await fetchImpl(`/api/invoke/${encodeURIComponent(method)}`, {
          method: 'POST',
          headers: { 'Content-Type': 'application/json', [SECRET_HEADER]: secret },
          body,
          // A save sent from `pagehide` (tab closed) must outlive the page; browsers allow keepalive
          // only for small bodies (64 KiB in flight in total), so larger ones go without it.
          keepalive: body.length <= KEEPALIVE_MAX_BODY,
        });
      } catch {
        throw new ApiError({ code: 'shell-unreachable' });
      }
      const envelope = (await response.json().catch(() => null)) as
        | { ok: true; result: unknown }
        | { ok: false; error: ApiErrorPayload }
        | null;
      if (!envelope) throw new ApiError({ code: 'invalid-answer' });
      if (!envelope.ok) throw new ApiError(envelope.error);
      return envelope.result as never;
    },
    on(event, listener) {
      const set = listeners.get(event) ?? new Set();
      const wrapped = (payload: unknown) => listener(payload as ApiEvents[typeof event]);
      set.add(wrapped);
      listeners.set(event, set);
      if (!streaming) {
        streaming = true;
        void readEvents();
      }
      return () => {
        set.delete(wrapped);
      };
    },
  };
}

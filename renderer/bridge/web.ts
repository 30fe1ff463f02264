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
/** As main/web-shell/server.ts allows per /api/batch request. */
const MAX_BATCH_CALLS = 32;

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

  type Envelope = { ok: true; result: unknown } | { ok: false; error: ApiErrorPayload };
  interface Pending {
    method: string;
    args: unknown[];
    resolve(result: never): void;
    reject(error: ApiError): void;
  }
  let queue: Pending[] = [];

  const settle = (call: Pending, envelope: Envelope | null | undefined) => {
    if (!envelope || typeof envelope !== 'object') call.reject(new ApiError({ code: 'invalid-answer' }));
    else if (!envelope.ok) call.reject(new ApiError(envelope.error));
    else call.resolve(envelope.result as never);
  };

  async function post(path: string, body: string): Promise<Response> {
    try {
      return await fetchImpl(path, {
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
  }

  /** Settles each call as its line of the /api/batch stream arrives; calls without a line get invalid-answer. */
  async function readBatch(response: Response, calls: Pending[]): Promise<void> {
    const open = new Map(calls.map((call, index) => [index, call]));
    const settleLine = (line: string) => {
      let message: { index?: unknown; outcome?: unknown };
      try {
        message = JSON.parse(line) as typeof message;
      } catch {
        return;
      }
      const call = typeof message.index === 'number' ? open.get(message.index) : undefined;
      if (!call) return;
      open.delete(message.index as number);
      settle(call, message.outcome as Envelope | null);
    };
    try {
      if (!response.ok || !response.body) return;
      const reader = response.body.pipeThrough(new TextDecoderStream()).getReader();
      let buffer = '';
      for (;;) {
        const { value, done } = await reader.read();
        if (done) break;
        buffer += value;
        let end: number;
        while ((end = buffer.indexOf('\n')) >= 0) {
          settleLine(buffer.slice(0, end));
          buffer = buffer.slice(end + 1);
        }
      }
    } catch {
      // the stream broke off: what is still open fails below
    } finally {
      for (const call of open.values()) call.reject(new ApiError({ code: 'invalid-answer' }));
    }
  }

  /** Sends what was asked in this tick: one call as itself, several as one /api/batch request (a browser opens only six connections per host). */
  async function flush(): Promise<void> {
    const calls = queue;
    queue = [];
    if (calls.length === 0) return;
    try {
      if (calls.length === 1) {
        const [call] = calls as [Pending];
        const response = await post(`/api/invoke/${encodeURIComponent(call.method)}`, JSON.stringify({ args: call.args }));
        settle(call, (await response.json().catch(() => null)) as Envelope | null);
        return;
      }
      await readBatch(await post('/api/batch', JSON.stringify({ calls: calls.map(({ method, args }) => ({ method, args })) })), calls);
    } catch (error) {
      for (const call of calls) call.reject(error instanceof ApiError ? error : new ApiError({ code: 'shell-unreachable' }));
    }
  }

  return {
    invoke(method, ...args) {
      return new Promise<never>((resolve, reject) => {
        queue.push({ method, args, resolve, reject });
        // The same task's calls (the first screen's, a pagehide save) are sent together, still within that task.
        if (queue.length === MAX_BATCH_CALLS) void flush();
        else if (queue.length === 1) queueMicrotask(() => void flush());
      });
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

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

/** Whether the page is being hidden or closed (then every call goes alone, with keepalive). */
const pageHidden = (): boolean => typeof document !== 'undefined' && document.visibilityState === 'hidden';
const byteLength = (text: string): number => new TextEncoder().encode(text).length;

/** Reads a text stream and hands over each part that ends with `separator` (SSE frames, NDJSON lines) as it arrives. */
async function readParts(body: NonNullable<Response['body']>, separator: string, onPart: (part: string) => void): Promise<void> {
  const reader = body.pipeThrough(new TextDecoderStream()).getReader();
  let buffer = '';
  for (;;) {
    const { value, done } = await reader.read();
    if (done) return;
    buffer += value;
    let end: number;
    while ((end = buffer.indexOf(separator)) >= 0) {
      onPart(buffer.slice(0, end));
      buffer = buffer.slice(end + separator.length);
    }
  }
}

export function createWebBridge(secret: string, fetchImpl: typeof fetch = fetch.bind(globalThis), isHidden: () => boolean = pageHidden): SchulDeskApi {
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
        await readParts(response.body, '\n\n', (frame) => {
          const data = frame.split('\n').filter((line) => line.startsWith('data: ')).map((line) => line.slice(6)).join('\n');
          if (data) deliver(data);
        });
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

  async function post(path: string, body: string, keepalive: boolean): Promise<Response> {
    try {
      return await fetchImpl(path, { method: 'POST', headers: { 'Content-Type': 'application/json', [SECRET_HEADER]: secret }, body, keepalive });
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
      settle(call, message.outcome as Envelope | null);
      open.delete(message.index as number);
    };
    try {
      if (!response.ok || !response.body) {
        // Refused as a whole (forbidden, wrong-host, invalid-request): every call gets that code.
        const refusal = (await response.json().catch(() => null)) as { ok?: unknown; error?: ApiErrorPayload } | null;
        if (refusal?.ok === false && refusal.error) {
          for (const call of open.values()) settle(call, { ok: false, error: refusal.error });
          open.clear();
        }
        return; // anything still open fails below
      }
      await readParts(response.body, '\n', settleLine);
    } catch {
      // the stream broke off: what is still open fails below
    } finally {
      for (const call of open.values()) call.reject(new ApiError({ code: 'invalid-answer' }));
    }
  }

  /** One call as itself. A save sent from `pagehide` (tab closed) must outlive the page: keepalive, which browsers allow for small bodies only (64 KiB in flight in total). */
  async function sendAlone(call: Pending): Promise<void> {
    const body = JSON.stringify({ args: call.args });
    try {
      const response = await post(`/api/invoke/${encodeURIComponent(call.method)}`, body, byteLength(body) <= KEEPALIVE_MAX_BODY);
      settle(call, (await response.json().catch(() => null)) as Envelope | null);
    } catch (error) {
      call.reject(error instanceof ApiError ? error : new ApiError({ code: 'shell-unreachable' }));
    }
  }

  /**
   * Sends what was asked in this tick: several calls as one /api/batch request (a browser opens only
   * six connections per host), without keepalive. Alone go a single call, calls with a large body
   * (the batch body has one size limit) and every call while the page is being hidden or closed.
   */
  async function flush(): Promise<void> {
    const calls = queue;
    queue = [];
    if (calls.length === 0) return;
    const hidden = isHidden();
    const alone = calls.filter((call) => hidden || calls.length === 1 || byteLength(JSON.stringify(call.args)) > KEEPALIVE_MAX_BODY);
    const together = calls.filter((call) => !alone.includes(call));
    const sending = alone.map(sendAlone);
    if (together.length === 1) sending.push(sendAlone(together[0] as Pending));
    else if (together.length > 1) {
      const body = JSON.stringify({ calls: together.map(({ method, args }) => ({ method, args })) });
      sending.push(
        post('/api/batch', body, false).then(
          (response) => readBatch(response, together),
          (error: unknown) => {
            for (const call of together) call.reject(error instanceof ApiError ? error : new ApiError({ code: 'shell-unreachable' }));
          },
        ),
      );
    }
    await Promise.all(sending);
  }

  return {
    invoke(method, ...args) {
      return new Promise<never>((resolve, reject) => {
        queue.push({ method, args, resolve, reject });
        // The same task's calls (the first screen's) are sent together, still within that task.
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

/**
 * Preload of the main window. Runs sandboxed with context isolation; exposes exactly the typed
 * contract of preload/api.ts as `window.schuldesk` — never `ipcRenderer` itself, never the IPC event.
 */
import { contextBridge, ipcRenderer } from 'electron';
import { EVENT_CHANNEL, isApiEventName, isApiMethodName, methodChannel } from './api';
import type { ApiErrorPayload, ApiEventName, ApiEvents, ApiMethodName, SchulDeskApi } from './api';

type Envelope = { ok: true; result: unknown } | { ok: false; error: ApiErrorPayload };

/** Carries the code and parameters; the renderer puts the text in the user's language (renderer/bridge/api-error.ts). */
class SchulDeskApiError extends Error {
  readonly code: string;
  readonly params: ApiErrorPayload['params'];
  constructor(payload: ApiErrorPayload) {
    super(payload.code);
    this.name = 'SchulDeskApiError';
    this.code = payload.code;
    this.params = payload.params;
  }
}

const listeners = new Map<ApiEventName, Set<(payload: unknown) => void>>();

ipcRenderer.on(EVENT_CHANNEL, (_event, message: unknown) => {
  if (typeof message !== 'object' || message === null) return;
  const { name, payload } = message as { name?: unknown; payload?: unknown };
  if (!isApiEventName(name)) return;
  for (const listener of listeners.get(name) ?? []) listener(payload);
});

const api: SchulDeskApi = {
  async invoke(method, ...args) {
    if (!isApiMethodName(method)) throw new SchulDeskApiError({ code: 'unknown-method' });
    const envelope = (await ipcRenderer.invoke(methodChannel(method as ApiMethodName), ...args)) as Envelope;
    if (!envelope.ok) throw new SchulDeskApiError(envelope.error);
    return envelope.result as never;
  },
  on(event, listener) {
    if (!isApiEventName(event)) throw new SchulDeskApiError({ code: 'unknown-event' });
    const set = listeners.get(event) ?? new Set();
    const wrapped = (payload: unknown) => listener(payload as ApiEvents[typeof event]);
    set.add(wrapped);
    listeners.set(event, set);
    return () => {
      set.delete(wrapped);
    };
  },
};

contextBridge.exposeInMainWorld('schuldesk', api);

/**
 * An in-memory SchulDeskApi for renderer store tests: the real settings service, policy loader,
 * connectivity monitor, event hub and dispatch() from main — only the transport (IPC / HTTP) and
 * the SQLite repository are replaced, by direct calls and a Map.
 */
import type { ApiArgs, ApiEventName, ApiEvents, ApiMethodName, ApiResult, SchulDeskApi } from '../../preload/api';
import { INPUT_SCHEMAS } from '../../main/api/input-schemas';
import { dispatch } from '../../main/ipc/dispatch';
import type { ApiHandlers } from '../../main/ipc/dispatch';
import { EventHub } from '../../main/ipc/events';
import { loadPolicy } from '../../main/policy/index';
import type { PolicySource } from '../../main/policy/index';
import { createSettingsService } from '../../main/settings/settings-service';
import type { SettingsService } from '../../main/settings/settings-service';
import { ConnectivityMonitor } from '../../main/sync/connectivity';
import { MemoryRepository } from './memory-settings-repository';


/** The error the real bridges throw: Error with a stable `code`. */
export class MemoryApiError extends Error {
  constructor(
    readonly code: string,
    readonly params?: Readonly<Record<string, string | number>>,
  ) {
    super(code);
  }
}

export interface MemoryApi extends SchulDeskApi {
  settings: SettingsService;
  connectivity: ConnectivityMonitor;
  events: EventHub;
  /** Every invoke, in order: [method, args]. */
  calls: [ApiMethodName, unknown[]][];
  /** While set, every invoke fails with this code (as the web bridge does when the shell is gone). */
  failWith: string | null;
  /** Number of event listeners currently subscribed through `on`. */
  listenerCount(): number;
  /** The events currently listened to, sorted, one entry per listener. */
  subscribedEvents(): ApiEventName[];
}

export async function createMemoryApi(options: { policy?: Record<string, unknown>; stored?: Record<string, unknown> } = {}): Promise<MemoryApi> {
  const source: PolicySource = {
    kind: 'file',
    location: '/test/policy.json',
    read: async () => [{ location: '/test/policy.json', data: options.policy ?? {} }],
  };
  const policy = await loadPolicy([source]);
  const repository = new MemoryRepository();
  for (const [key, value] of Object.entries(options.stored ?? {})) repository.set(key, value);
  const settings = createSettingsService({ policy, repository });
  const connectivity = new ConnectivityMonitor();
  const events = new EventHub();
  settings.onChange((views) => events.emit('settings.changed', views));
  connectivity.onChange((state) => events.emit('connectivity.changed', state));

  const handlers: Partial<ApiHandlers> = {
    'app.info': () => ({ name: 'SchulDesk', version: '9.9.9-test', shell: 'browser', platform: 'test' }),
    'settings.list': () => settings.list(),
    'settings.set': (key, value) => settings.set(key, value),
    'settings.reset': (key) => settings.reset(key),
    'policy.report': () => settings.report(),
    'connectivity.get': () => connectivity.current(),
    'connectivity.networkChanged': (online) => {
      connectivity.reportNetwork(online);
      return null;
    },
  };

  const subscribed: ApiEventName[] = [];
  const api: MemoryApi = {
    settings,
    connectivity,
    events,
    calls: [],
    failWith: null,
    listenerCount: () => subscribed.length,
    subscribedEvents: () => [...subscribed].sort(),
    async invoke<M extends ApiMethodName>(method: M, ...args: ApiArgs<M>): Promise<ApiResult<M>> {
      api.calls.push([method, args]);
      if (api.failWith) throw new MemoryApiError(api.failWith);
      // Methods other engineers add later are not wired here; dispatch reports them as internal.
      const outcome = await dispatch(handlers as ApiHandlers, method, args, INPUT_SCHEMAS);
      if (!outcome.ok) throw new MemoryApiError(outcome.error.code, outcome.error.params);
      return outcome.result as ApiResult<M>;
    },
    on<E extends ApiEventName>(event: E, listener: (payload: ApiEvents[E]) => void): () => void {
      subscribed.push(event);
      let active = true;
      const unsubscribe = events.subscribe((name, payload) => {
        if ((name as ApiEventName) === event) listener(payload as ApiEvents[E]);
      });
      return () => {
        if (!active) return;
        active = false;
        subscribed.splice(subscribed.indexOf(event), 1);
        unsubscribe();
      };
    },
  };
  return api;
}

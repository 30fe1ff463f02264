import type { SchulDeskApi } from '../../preload/api';
import { toApiError } from '../bridge/api-error';
import { createAnnouncerStore } from './announcer-store';
import type { AnnouncerStore } from './announcer-store';
import { createAppStore } from './app-store';
import type { AppStore } from './app-store';
import { createConnectivityStore } from './connectivity-store';
import type { ConnectivityStore, NetworkStatusPort } from './connectivity-store';
import { createNavigationStore } from './navigation-store';
import type { HashPort, NavigationStore } from './navigation-store';
import { createOutboxStore } from '../features/outbox/outbox-store';
import type { OutboxStore } from '../features/outbox/outbox-store';
import { createSettingsStore } from './settings-store';
import { createSyncStore } from './sync-store';
import type { SyncStore } from './sync-store';
import { createAssignmentsStore } from '../features/assignments/assignments-store';
import type { AssignmentsStore } from '../features/assignments/assignments-store';
import type { SettingsStore } from './settings-store';
import { createAccountsStore } from '../features/accounts/accounts-store';
import type { AccountsStore } from '../features/accounts/accounts-store';
import { createUpdateStore } from '../features/settings/update-store';
import { createTodayStore } from '../features/start/today-store';
import type { TodayStore } from '../features/start/today-store';
import type { UpdateStore } from '../features/settings/update-store';

export interface Stores {
  app: AppStore;
  settings: SettingsStore;
  connectivity: ConnectivityStore;
  navigation: NavigationStore;
  announcer: AnnouncerStore;
  /** Drafts and the outbox (features/outbox). */
  outbox: OutboxStore;
  /** The sync engine's status (header) and the Aufgaben list. */
  sync: SyncStore;
  assignments: AssignmentsStore;
  /** Portal accounts and the sign-in flow (features/accounts); loaded and subscribed by startStores. */
  accounts: AccountsStore;
  /** The Start screen's day (features/start): the store's state first, then the rooms. */
  today: TodayStore;
  /** The updater's status (features/settings); Einstellungen loads and subscribes it. */
  updates: UpdateStore;
  /** The api itself, for feature components that call it directly (the editor). */
  api: SchulDeskApi;
}

export interface StorePorts {
  hash: HashPort;
  network: NetworkStatusPort;
}

/** Stands in when no bridge exists, so every store can be built; the app store says "bridge missing". */
export function unavailableApi(): SchulDeskApi {
  return {
    invoke() {
      return Promise.reject(Object.assign(new Error('SchulDesk is not connected.'), { code: 'bridge-missing' }));
    },
    on() {
      return () => {};
    },
  };
}

/** Every rejection of the bridge becomes an ApiError whose text is in the UI language (code and parameters kept). */
export function translatingApi(api: SchulDeskApi): SchulDeskApi {
  return {
    invoke: (method, ...args) => api.invoke(method, ...args).catch((error: unknown) => Promise.reject(toApiError(error))),
    on: (event, listener) => api.on(event, listener),
  };
}

export function createStores(api: SchulDeskApi | null, ports: StorePorts): Stores {
  const effective = translatingApi(api ?? unavailableApi());
  return {
    app: createAppStore(api),
    settings: createSettingsStore(effective),
    connectivity: createConnectivityStore(effective, ports.network),
    navigation: createNavigationStore(ports.hash),
    announcer: createAnnouncerStore(),
    outbox: createOutboxStore(effective),
    sync: createSyncStore(effective),
    assignments: createAssignmentsStore(effective),
    accounts: createAccountsStore(effective),
    today: createTodayStore(effective),
    updates: createUpdateStore(effective),
    api: effective,
  };
}

/** Loads and subscribes everything; returns the function that unsubscribes again. */
export function startStores(stores: Stores): () => void {
  const stops = [stores.navigation.getState().connect()];
  if (stores.app.getState().status !== 'bridge-missing') {
    stops.push(
      stores.settings.getState().connect(),
      stores.connectivity.getState().connect(),
      stores.outbox.getState().connect(),
      stores.sync.getState().connect(),
      stores.assignments.getState().connect(),
      stores.accounts.getState().connect(),
      stores.today.getState().connect(),
    );
    // The first screen's data comes from main's store: asked for at once, in parallel, before any portal call.
    void stores.app.getState().load();
    void stores.accounts.getState().load();
    void stores.today.getState().load();
    void stores.sync.getState().load();
    // Leaving Start is a visit: what was new then is not new next time.
    stops.push(
      stores.navigation.subscribe((state, previous) => {
        if (previous.route === 'start' && state.route !== 'start') void stores.today.getState().markVisited();
      }),
    );
    void stores.settings.getState().load();
    void stores.connectivity.getState().load();
  }
  return () => {
    for (const stop of stops) stop();
  };
}

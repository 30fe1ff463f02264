import { createStore } from 'zustand/vanilla';
import type { StoreApi } from 'zustand/vanilla';
import type { ConnectivityState, ConnectivityStatus, SchulDeskApi } from '../../preload/api';

/** The browser's own idea of the network (navigator.onLine + online/offline events), injected. */
export interface NetworkStatusPort {
  isOnline(): boolean;
  subscribe(listener: (online: boolean) => void): () => void;
}

export interface ConnectivityStoreState {
  /** What main reports (portal reachability, sync); null until the first answer. */
  main: ConnectivityState | null;
  browserOnline: boolean;
  load(): Promise<void>;
  connect(): () => void;
}

export type ConnectivityStore = StoreApi<ConnectivityStoreState>;

/** What the indicator shows: the browser going offline wins over main's last word. */
export function effectiveStatus(state: Pick<ConnectivityStoreState, 'main' | 'browserOnline'>): ConnectivityStatus | 'unknown' {
  if (!state.browserOnline) return 'offline';
  return state.main?.status ?? 'unknown';
}

export function createConnectivityStore(api: SchulDeskApi, network: NetworkStatusPort): ConnectivityStore {
  return createStore<ConnectivityStoreState>()((set) => ({
    main: null,
    browserOnline: network.isOnline(),
    async load() {
      try {
        set({ main: await api.invoke('connectivity.get') });
      } catch {
        // Unknown stays unknown; the next connectivity.changed event fills it in.
      }
    },
    connect() {
      const offEvent = api.on('connectivity.changed', (state) => set({ main: state }));
      const offNetwork = network.subscribe((online) => {
        set({ browserOnline: online });
        // Main has no network events of its own: it hears here that it can retry (sync, outbox) at once.
        void api.invoke('connectivity.networkChanged', online).catch(() => undefined);
      });
      // The network may have changed between creating the store and connecting.
      set({ browserOnline: network.isOnline() });
      return () => {
        offEvent();
        offNetwork();
      };
    },
  }));
}

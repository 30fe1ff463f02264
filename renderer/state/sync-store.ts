/**
 * The sync engine's status for the header ("Stand: <Zeit>", "Jetzt synchronisieren"). Main pushes
 * `sync.status`; `syncNow` resolves with the result so the button can announce it.
 */
import { createStore } from 'zustand/vanilla';
import type { StoreApi } from 'zustand/vanilla';
import type { SchulDeskApi } from '../../preload/api';
import type { SyncStatusView } from '../../preload/contract/offline';

export interface SyncStoreState {
  status: SyncStatusView | null;
  /** A "Jetzt synchronisieren" the user asked for is in progress. */
  requested: boolean;
  load(): Promise<void>;
  /** Resolves with the status after the run, or null if main could not be asked. */
  syncNow(): Promise<SyncStatusView | null>;
  connect(): () => void;
}

export type SyncStore = StoreApi<SyncStoreState>;

export function createSyncStore(api: SchulDeskApi): SyncStore {
  return createStore<SyncStoreState>()((set, get) => ({
    status: null,
    requested: false,
    async load() {
      try {
        set({ status: await api.invoke('sync.status') });
      } catch {
        // Unknown stays unknown; the next sync.status event fills it in.
      }
    },
    async syncNow() {
      if (get().requested) return null;
      set({ requested: true, status: get().status && { ...get().status!, state: 'running' } });
      try {
        const status = await api.invoke('sync.now');
        set({ status });
        return status;
      } catch {
        await get().load();
        return null;
      } finally {
        set({ requested: false });
      }
    },
    connect() {
      return api.on('sync.status', (status) => set({ status }));
    },
  }));
}

/**
 * The updater's status for Einstellungen (api injected): loaded and subscribed by UpdateSection.
 * Main pushes `it.updateStatusChanged` after every check; in the browser shell nobody checks and
 * the status says so (a development build).
 */
import { createStore } from 'zustand/vanilla';
import type { StoreApi } from 'zustand/vanilla';
import type { SchulDeskApi } from '../../../preload/api';
import type { UpdateStatusView } from '../../../preload/contract/updates';

export interface UpdateState {
  status: UpdateStatusView | null;
  load(): Promise<void>;
  connect(): () => void;
}

export type UpdateStore = StoreApi<UpdateState>;

/**
 * What the user must be told about a newer version: `managed` (IT installs it: MSI, PKG, deb),
 * `notify` (policy notify: not installed automatically), `downloaded` (auto: installed on quit), or nothing.
 */
export type UpdateNoticeKind = 'managed' | 'notify' | 'downloaded' | null;

export function updateNoticeKind(status: UpdateStatusView | null): UpdateNoticeKind {
  if (!status || status.availableVersion === null) return null;
  if (status.state === 'downloaded') return 'downloaded';
  if (status.state !== 'available' || status.install !== 'notify') return null;
  return status.reason === 'managed-install' ? 'managed' : 'notify';
}

export function createUpdateStore(api: SchulDeskApi): UpdateStore {
  return createStore<UpdateState>()((set) => ({
    status: null,
    async load() {
      try {
        set({ status: await api.invoke('it.updateStatus') });
      } catch {
        // Unknown stays unknown; the next it.updateStatusChanged fills it in.
      }
    },
    connect() {
      return api.on('it.updateStatusChanged', (status) => set({ status }));
    },
  }));
}

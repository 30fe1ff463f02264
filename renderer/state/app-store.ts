import { createStore } from 'zustand/vanilla';
import type { StoreApi } from 'zustand/vanilla';
import type { AppInfo, SchulDeskApi } from '../../preload/api';
import { errorCode } from '../bridge/api-error';

export type AppStatus = 'loading' | 'ready' | 'bridge-missing' | 'error';

export interface AppState {
  status: AppStatus;
  info: AppInfo | null;
  /** Stable code of the last failure (`shell-unreachable`, `forbidden`, …), for the error screen. */
  errorCode: string | null;
  load(): Promise<void>;
}

export type AppStore = StoreApi<AppState>;

/**
 * The app's own state: who we are talking to. `api` is null when neither Electron's preload nor the
 * browser-shell secret is there; the UI then explains how to start SchulDesk.
 */
export function createAppStore(api: SchulDeskApi | null): AppStore {
  return createStore<AppState>()((set) => ({
    status: api ? 'loading' : 'bridge-missing',
    info: null,
    errorCode: null,
    async load() {
      if (!api) return;
      set({ status: 'loading', errorCode: null });
      try {
        const info = await api.invoke('app.info');
        set({ status: 'ready', info, errorCode: null });
      } catch (error) {
        set({ status: 'error', errorCode: errorCode(error) });
      }
    },
  }));
}

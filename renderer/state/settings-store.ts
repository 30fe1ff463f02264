import { createStore } from 'zustand/vanilla';
import type { StoreApi } from 'zustand/vanilla';
import type { ErrorParams } from '../../preload/contract/errors';
import type { PolicyReport, SchulDeskApi, SettingView } from '../../preload/api';
import { errorCode } from '../bridge/api-error';

export type SettingsStatus = 'idle' | 'loading' | 'ready' | 'error';

export interface SettingsState {
  status: SettingsStatus;
  views: SettingView[];
  report: PolicyReport | null;
  loadErrorCode: string | null;
  /** Keys with a save or reset in flight (their control is disabled meanwhile). */
  pending: Readonly<Record<string, true>>;
  /** The last failed save per key; cleared by the next attempt on that key. */
  errors: Readonly<Record<string, SettingError>>;
  load(): Promise<void>;
  /** Resolves true when main accepted the value. */
  set(key: string, value: unknown): Promise<boolean>;
  reset(key: string): Promise<boolean>;
  /** Listens to `settings.changed` (another window, policy reload); returns the unsubscribe. */
  connect(): () => void;
}

export type SettingsStore = StoreApi<SettingsState>;

export function settingValue(views: readonly SettingView[], key: string): unknown {
  return views.find((view) => view.key === key)?.value;
}

/** Why saving a setting failed: the error's code and parameters (translated where shown). */
export interface SettingError {
  code: string;
  params?: ErrorParams;
}

function toPayload(error: unknown): SettingError {
  const params = (error as { params?: ErrorParams } | null)?.params;
  return params ? { code: errorCode(error), params } : { code: errorCode(error) };
}

function without<T>(record: Readonly<Record<string, T>>, key: string): Record<string, T> {
  const copy = { ...record };
  delete copy[key];
  return copy;
}

export function createSettingsStore(api: SchulDeskApi): SettingsStore {
  return createStore<SettingsState>()((set, get) => {
    // The policy report also lists ignored stored values, so it can change after a save.
    async function refreshReport(): Promise<void> {
      try {
        set({ report: await api.invoke('policy.report') });
      } catch {
        // Keep the previous report; the settings themselves are already up to date.
      }
    }

    async function change(key: string, call: () => Promise<SettingView[]>): Promise<boolean> {
      set({ pending: { ...get().pending, [key]: true }, errors: without(get().errors, key) });
      try {
        const views = await call();
        set({ views, pending: without(get().pending, key) });
        void refreshReport();
        return true;
      } catch (error) {
        set({ pending: without(get().pending, key), errors: { ...get().errors, [key]: toPayload(error) } });
        return false;
      }
    }

    return {
      status: 'idle',
      views: [],
      report: null,
      loadErrorCode: null,
      pending: {},
      errors: {},
      async load() {
        set({ status: 'loading', loadErrorCode: null });
        try {
          const [views, report] = await Promise.all([api.invoke('settings.list'), api.invoke('policy.report')]);
          set({ status: 'ready', views, report });
        } catch (error) {
          set({ status: 'error', loadErrorCode: errorCode(error) });
        }
      },
      set(key, value) {
        return change(key, () => api.invoke('settings.set', key, value));
      },
      reset(key) {
        return change(key, () => api.invoke('settings.reset', key));
      },
      connect() {
        return api.on('settings.changed', (views) => {
          set({ views, status: 'ready' });
        });
      },
    };
  });
}

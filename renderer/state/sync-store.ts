/**
 * The sync engine's status for the header ("Stand: <Zeit>", "Jetzt synchronisieren"). Main pushes
 * `sync.status`; `syncNow` resolves with the result so the button can announce it.
 */
import { createStore } from 'zustand/vanilla';
import type { StoreApi } from 'zustand/vanilla';
import type { SchulDeskApi } from '../../preload/api';
import type { InAppReminderView, SyncStatusView } from '../../preload/contract/sync';

export type InAppReminder = InAppReminderView;

export interface SyncStoreState {
  status: SyncStatusView | null;
  /** Deadline reminders main sent because the shell has no system notifications (browser shell). */
  reminders: InAppReminder[];
  /** The first load took main's in-app reminders; later loads do not bring back dismissed ones. */
  loadedOnce: boolean;
  dismissReminder(assignId: number): void;
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
    reminders: [],
    loadedOnce: false,
    requested: false,
    dismissReminder(assignId) {
      set({ reminders: get().reminders.filter((r) => r.assignId !== assignId) });
    },
    async load() {
      try {
        const [status, reminders] = await Promise.all([api.invoke('sync.status'), api.invoke('sync.reminders')]);
        // Keep what was dismissed dismissed: only add reminders not shown yet.
        const seen = new Set(get().reminders.map((r) => r.assignId));
        set({ status, reminders: get().loadedOnce ? get().reminders : [...get().reminders, ...reminders.filter((r) => !seen.has(r.assignId))], loadedOnce: true });
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
      const stops = [
        api.on('sync.status', (status) => set({ status })),
        // One reminder per assignment: the newer (closer) one replaces the older.
        api.on('sync.reminder', (reminder) => set({ reminders: [...get().reminders.filter((r) => r.assignId !== reminder.assignId), reminder] })),
      ];
      return () => {
        for (const stop of stops) stop();
      };
    },
  }));
}

/**
 * The Aufgaben list from main's store (works offline). Reloads when a sync changed assignments
 * or a draft changed (the "Entwurf" mark); empties at once when the current account changes.
 */
import { createStore } from 'zustand/vanilla';
import type { StoreApi } from 'zustand/vanilla';
import type { SchulDeskApi } from '../../../preload/api';
import type { AssignmentSummaryView } from '../../../preload/contract/assignments';
import { errorCode } from '../../bridge/api-error';
import { onCurrentAccountChange } from '../../state/account-switch';

export interface AssignmentsState {
  items: AssignmentSummaryView[];
  loaded: boolean;
  /** When the list was loaded (epoch ms): "now" for grouping, so a render stays pure. */
  loadedAt: number;
  /** Error code of the last failed load ('not-signed-in' shows the sign-in hint), or null. */
  error: { code: string; message: string } | null;
  load(): Promise<void>;
  connect(): () => void;
}

export type AssignmentsStore = StoreApi<AssignmentsState>;

export function createAssignmentsStore(api: SchulDeskApi): AssignmentsStore {
  return createStore<AssignmentsState>()((set, get) => ({
    items: [],
    loaded: false,
    loadedAt: 0,
    error: null,
    async load() {
      try {
        const items = await api.invoke('assignments.list');
        set({ items, loaded: true, loadedAt: Date.now(), error: null });
      } catch (error) {
        set({ items: [], loaded: true, error: { code: errorCode(error), message: error instanceof Error ? error.message : String(error) } });
      }
    },
    connect() {
      const reload = () => void get().load();
      const stops = [
        api.on('assignments.changed', reload),
        api.on('drafts.changed', reload),
        // Another account (or none): the list was someone else's.
        onCurrentAccountChange(api, () => {
          set({ items: [], loaded: false, error: null });
          reload();
        }),
      ];
      return () => {
        for (const stop of stops) stop();
      };
    },
  }));
}

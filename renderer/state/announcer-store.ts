import { createStore } from 'zustand/vanilla';
import type { StoreApi } from 'zustand/vanilla';

export interface AnnouncerState {
  message: string;
  /** Grows with every announcement, so the same text said twice is still a change. */
  seq: number;
  announce(message: string): void;
}

export type AnnouncerStore = StoreApi<AnnouncerState>;

/** Feeds the one polite live region: status changes screen-reader users should hear. */
export function createAnnouncerStore(): AnnouncerStore {
  return createStore<AnnouncerState>()((set, get) => ({
    message: '',
    seq: 0,
    announce(message) {
      set({ message, seq: get().seq + 1 });
    },
  }));
}

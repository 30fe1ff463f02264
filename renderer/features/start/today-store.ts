/**
 * The Start screen's day (api injected): first what main's store has (`start.today`, no network —
 * loaded by startStores in parallel with the app's first calls, so Start renders the last known state
 * at once and offline), then the conference rooms (`conference.rooms`, network) when Start shows.
 * Reloaded whenever the sync stored something (content, assignments, news), the outbox or drafts
 * changed, or the current account changed (then the old account's day is dropped first).
 */
import { createStore } from 'zustand/vanilla';
import type { StoreApi } from 'zustand/vanilla';
import type { SchulDeskApi } from '../../../preload/api';
import type { ConferenceRoomView } from '../../../preload/contract/conference';
import type { TodayView } from '../../../preload/contract/start';
import { errorCode } from '../../bridge/api-error';
import { onCurrentAccountChange } from '../../state/account-switch';

export interface TodayState {
  status: 'loading' | 'ready' | 'signed-out' | 'error';
  today: TodayView | null;
  /** Rooms running now or waiting for the teacher; null = not asked yet or the portal did not answer. */
  rooms: ConferenceRoomView[] | null;
  roomsStatus: 'idle' | 'loading' | 'ready' | 'unavailable';
  load(): Promise<void>;
  loadRooms(): Promise<void>;
  markVisited(): Promise<void>;
  connect(): () => void;
}

export type TodayStore = StoreApi<TodayState>;

export function createTodayStore(api: SchulDeskApi): TodayStore {
  let generation = 0;
  return createStore<TodayState>()((set, get) => ({
    status: 'loading',
    today: null,
    rooms: null,
    roomsStatus: 'idle',
    async load() {
      const mine = generation;
      try {
        const today = await api.invoke('start.today');
        if (mine === generation) set({ status: 'ready', today });
      } catch (error) {
        if (mine !== generation) return;
        set({ status: errorCode(error) === 'not-signed-in' ? 'signed-out' : 'error', today: null });
      }
    },
    async loadRooms() {
      const mine = generation;
      set({ roomsStatus: 'loading' });
      try {
        const rooms = await api.invoke('conference.rooms');
        if (mine === generation) set({ rooms: rooms.filter((room) => room.state === 'running' || room.state === 'waiting' || room.state === 'ready'), roomsStatus: 'ready' });
      } catch {
        if (mine === generation) set({ roomsStatus: 'unavailable' });
      }
    },
    async markVisited() {
      try {
        await api.invoke('start.markVisited');
      } catch {
        // Not signed in any more: nothing to mark.
      }
    },
    connect() {
      const reload = () => void get().load();
      const stops = [
        onCurrentAccountChange(api, () => {
          generation += 1;
          set({ status: 'loading', today: null, rooms: null, roomsStatus: 'idle' });
          void get().load();
        }),
        api.on('content.changed', reload),
        api.on('assignments.changed', reload),
        api.on('start.changed', reload),
        api.on('drafts.changed', reload),
        api.on('sync.status', (status) => {
          if (status.state !== 'running') reload();
        }),
      ];
      return () => {
        for (const stop of stops) stop();
      };
    },
  }));
}

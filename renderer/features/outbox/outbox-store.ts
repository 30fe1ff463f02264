/**
 * Renderer state for drafts and the outbox (current account): what the outbox screen lists and
 * what the editor needs besides its own draft. Built on the injected api like every store.
 */
import { createStore } from 'zustand/vanilla';
import type { StoreApi } from 'zustand/vanilla';
import type { SchulDeskApi } from '../../../preload/api';
import type { DeviceStatus } from '../../../preload/contract/device';
import type { DraftView, OutboxItemView } from '../../../preload/contract/outbox';
import { onCurrentAccountChange } from '../../state/account-switch';

export interface OutboxState {
  drafts: DraftView[];
  items: OutboxItemView[];
  device: DeviceStatus | null;
  /** German text of the last failed load, or null. */
  error: string | null;
  load(): Promise<void>;
  retry(itemId: string): Promise<void>;
  connect(): () => void;
}

export type OutboxStore = StoreApi<OutboxState>;

const ACTIVITY_PING_MS = 30_000;

function message(error: unknown): string {
  return error instanceof Error ? error.message : String(error);
}

export function createOutboxStore(api: SchulDeskApi): OutboxStore {
  return createStore<OutboxState>()((set, get) => ({
    drafts: [],
    items: [],
    device: null,
    error: null,
    async load() {
      try {
        const [device, drafts, items] = await Promise.all([api.invoke('device.status'), api.invoke('drafts.list'), api.invoke('outbox.list')]);
        set({ device, drafts, items, error: null });
      } catch (error) {
        // Nothing of an earlier answer stays (it may be another account's, e.g. after a logout).
        set({ drafts: [], items: [], error: message(error) });
      }
    },
    async retry(itemId) {
      await api.invoke('outbox.retry', itemId);
      await get().load();
    },
    connect() {
      const stopDrafts = api.on('drafts.changed', () => void get().load());
      const stopAccounts = onCurrentAccountChange(api, () => {
        set({ drafts: [], items: [], device: null, error: null });
        void get().load();
      });
      const stop = () => {
        stopDrafts();
        stopAccounts();
      };
      // Activity pings feed main's idle logout on loaner devices (at most one per 30 s).
      if (typeof window === 'undefined') return stop;
      let last = 0;
      const ping = () => {
        const now = Date.now();
        if (now - last < ACTIVITY_PING_MS) return;
        last = now;
        void api.invoke('device.activity').catch(() => undefined);
      };
      const events = ['keydown', 'pointerdown', 'wheel'] as const;
      for (const name of events) window.addEventListener(name, ping, { passive: true });
      return () => {
        stop();
        for (const name of events) window.removeEventListener(name, ping);
      };
    },
  }));
}

import { describe, expect, it } from 'vitest';
import { createConnectivityStore, effectiveStatus } from '../../renderer/state/connectivity-store';
import type { NetworkStatusPort } from '../../renderer/state/connectivity-store';
import { createMemoryApi } from '../support/renderer-memory-api';

/** The browser's online/offline signal, switched by the test. */
function fakeNetwork(initial: boolean): NetworkStatusPort & { set(online: boolean): void; listeners: number } {
  let online = initial;
  const listeners = new Set<(online: boolean) => void>();
  return {
    get listeners() {
      return listeners.size;
    },
    isOnline: () => online,
    subscribe(listener) {
      listeners.add(listener);
      return () => listeners.delete(listener);
    },
    set(next) {
      online = next;
      for (const listener of listeners) listener(next);
    },
  };
}

describe('effectiveStatus', () => {
  it('is unknown before main answered, main’s status after, and offline whenever the browser is offline', () => {
    expect(effectiveStatus({ main: null, browserOnline: true })).toBe('unknown');
    expect(effectiveStatus({ main: null, browserOnline: false })).toBe('offline');
    const main = { status: 'portal-unreachable' as const, lastSyncAt: null, syncing: false };
    expect(effectiveStatus({ main, browserOnline: true })).toBe('portal-unreachable');
    expect(effectiveStatus({ main, browserOnline: false })).toBe('offline');
  });
});

describe('connectivity store', () => {
  it('loads main’s state and follows connectivity.changed', async () => {
    const api = await createMemoryApi();
    const store = createConnectivityStore(api, fakeNetwork(true));
    await store.getState().load();
    expect(store.getState().main).toEqual({ status: 'online', lastSyncAt: null, syncing: false });
    const disconnect = store.getState().connect();
    api.connectivity.reportStatus('portal-unreachable');
    expect(effectiveStatus(store.getState())).toBe('portal-unreachable');
    api.connectivity.reportSyncFinished(1_700_000_000_000);
    expect(store.getState().main).toEqual({ status: 'online', lastSyncAt: 1_700_000_000_000, syncing: false });
    disconnect();
    api.connectivity.reportStatus('offline');
    expect(store.getState().main?.status).toBe('online');
  });

  it('shows offline when the browser goes offline, and main’s status again when it is back', async () => {
    const api = await createMemoryApi();
    const network = fakeNetwork(true);
    const store = createConnectivityStore(api, network);
    await store.getState().load();
    const disconnect = store.getState().connect();
    network.set(false);
    expect(effectiveStatus(store.getState())).toBe('offline');
    network.set(true);
    expect(effectiveStatus(store.getState())).toBe('online');
    // Main hears both, so it can retry at once when the network is back.
    expect(api.calls.filter(([method]) => method === 'connectivity.networkChanged').map(([, args]) => args)).toEqual([[false], [true]]);
    disconnect();
    expect(network.listeners).toBe(0);
  });

  it('reads the browser state again on connect (it may have changed since the store was made)', async () => {
    const api = await createMemoryApi();
    const network = fakeNetwork(true);
    const store = createConnectivityStore(api, network);
    network.set(false);
    expect(store.getState().browserOnline).toBe(true);
    store.getState().connect();
    expect(store.getState().browserOnline).toBe(false);
  });

  it('stays unknown when main cannot be reached', async () => {
    const api = await createMemoryApi();
    api.failWith = 'shell-unreachable';
    const store = createConnectivityStore(api, fakeNetwork(true));
    await store.getState().load();
    expect(effectiveStatus(store.getState())).toBe('unknown');
  });
});

import { describe, expect, it } from 'vitest';
import { createAnnouncerStore } from '../../renderer/state/announcer-store';
import { createAppStore } from '../../renderer/state/app-store';
import { createNavigationStore, hrefFor, parseHash, ROUTES } from '../../renderer/state/navigation-store';
import type { HashPort } from '../../renderer/state/navigation-store';
import { createStores, startStores } from '../../renderer/state/stores';
import { createMemoryApi } from '../support/renderer-memory-api';

/** location.hash + hashchange, in memory: writing fires the listeners as the browser does. */
function memoryHash(initial = ''): HashPort & { hash: string; external(hash: string): void; listeners: number } {
  const listeners = new Set<() => void>();
  const port = {
    hash: initial,
    get listeners() {
      return listeners.size;
    },
    read: () => port.hash,
    write(hash: string) {
      if (hash === port.hash) return;
      port.hash = hash;
      for (const listener of listeners) listener();
    },
    external(hash: string) {
      port.write(hash);
    },
    subscribe(listener: () => void) {
      listeners.add(listener);
      return () => listeners.delete(listener);
    },
  };
  return port;
}

const alwaysOnline = { isOnline: () => true, subscribe: () => () => {} };

describe('parseHash / hrefFor', () => {
  it('maps every route to its hash and back', () => {
    for (const route of ROUTES) expect(parseHash(hrefFor(route))).toBe(route);
    expect(hrefFor('kurse')).toBe('#/kurse');
  });

  it('treats empty and unknown routes as start, and non-route anchors as no change', () => {
    expect(parseHash('')).toBe('start');
    expect(parseHash('#')).toBe('start');
    expect(parseHash('#/')).toBe('start');
    expect(parseHash('#/gibtsnicht')).toBe('start');
    expect(parseHash('#/KURSE')).toBe('kurse');
    expect(parseHash('#/aufgaben/123')).toBe('aufgaben');
    expect(parseHash('#main-content')).toBeNull();
    expect(parseHash('#secret=abc')).toBeNull();
  });
});

describe('navigation store', () => {
  it('starts on the screen the hash names (a reload keeps the screen) without counting a navigation', () => {
    const store = createNavigationStore(memoryHash('#/einstellungen'));
    expect(store.getState()).toMatchObject({ route: 'einstellungen', navigations: 0 });
  });

  it('navigate() writes the hash and counts the navigation once', () => {
    const hash = memoryHash();
    const store = createNavigationStore(hash);
    const disconnect = store.getState().connect();
    store.getState().navigate('aufgaben');
    expect(hash.hash).toBe('#/aufgaben');
    expect(store.getState()).toMatchObject({ route: 'aufgaben', navigations: 1 });
    store.getState().navigate('aufgaben');
    expect(store.getState().navigations).toBe(1);
    disconnect();
    expect(hash.listeners).toBe(0);
  });

  it('follows hash changes from links and the back button, ignoring in-page anchors', () => {
    const hash = memoryHash('#/start');
    const store = createNavigationStore(hash);
    store.getState().connect();
    hash.external('#/konferenzen');
    expect(store.getState()).toMatchObject({ route: 'konferenzen', navigations: 1 });
    hash.external('#main-content');
    expect(store.getState()).toMatchObject({ route: 'konferenzen', navigations: 1 });
    hash.external('#/start');
    expect(store.getState()).toMatchObject({ route: 'start', navigations: 2 });
  });
});

describe('app store', () => {
  it('says the bridge is missing when there is no api, and load() changes nothing', async () => {
    const store = createAppStore(null);
    expect(store.getState().status).toBe('bridge-missing');
    await store.getState().load();
    expect(store.getState()).toMatchObject({ status: 'bridge-missing', info: null });
  });

  it('loads app.info, and reports a failure by code', async () => {
    const api = await createMemoryApi();
    const store = createAppStore(api);
    expect(store.getState().status).toBe('loading');
    await store.getState().load();
    expect(store.getState()).toMatchObject({ status: 'ready', info: { name: 'SchulDesk', version: '9.9.9-test', shell: 'browser' } });
    api.failWith = 'forbidden';
    await store.getState().load();
    expect(store.getState()).toMatchObject({ status: 'error', errorCode: 'forbidden' });
  });
});

describe('announcer store', () => {
  it('counts every announcement, so the same text twice is still a change', () => {
    const store = createAnnouncerStore();
    store.getState().announce('Gespeichert');
    store.getState().announce('Gespeichert');
    expect(store.getState()).toMatchObject({ message: 'Gespeichert', seq: 2 });
  });
});

/**
 * What startStores subscribes to: settings, connectivity, the outbox (drafts), sync status and reminders,
 * assignments, accounts, and Start's day (stored data changed, news, drafts, sync runs, account switch).
 */
const EXPECTED_EVENTS = [
  'assignments.changed',
  'connectivity.changed',
  'drafts.changed',
  'drafts.changed',
  'portal.accountsChanged',
  'portal.accountsChanged',
  'settings.changed',
  'sync.reminder',
  'sync.status',
  'portal.accountsChanged',
  'portal.accountsChanged',
  'content.changed',
  'assignments.changed',
  'start.changed',
  'drafts.changed',
  'sync.status',
].sort();

describe('createStores / startStores', () => {
  it('without a bridge: only navigation is connected and no api call is made', () => {
    const hash = memoryHash();
    const stores = createStores(null, { hash, network: alwaysOnline });
    const stop = startStores(stores);
    expect(stores.app.getState().status).toBe('bridge-missing');
    expect(hash.listeners).toBe(1);
    stop();
    expect(hash.listeners).toBe(0);
  });

  it('with a bridge: loads app, settings, connectivity and sync status, and subscribes to the events the stores follow', async () => {
    const api = await createMemoryApi();
    const stores = createStores(api, { hash: memoryHash(), network: alwaysOnline });
    const stop = startStores(stores);
    expect(api.subscribedEvents()).toEqual(EXPECTED_EVENTS);
    await expect.poll(() => stores.settings.getState().status).toBe('ready');
    await expect.poll(() => stores.app.getState().status).toBe('ready');
    await expect.poll(() => stores.connectivity.getState().main?.status).toBe('online');
    // The memory api wires no sync handlers (the store stays unknown and logs the failure), but it must ask.
    await expect.poll(() => api.calls.some(([method]) => method === 'sync.reminders')).toBe(true);
    expect(new Set(api.calls.map(([method]) => method))).toEqual(
      // Start's first screen asks the store at once too: the accounts and the day (start.today).
      new Set(['app.info', 'settings.list', 'policy.report', 'connectivity.get', 'sync.status', 'sync.reminders', 'portal.accounts', 'portal.presets', 'start.today']),
    );
    stop();
    expect(api.listenerCount()).toBe(0);
  });
});

import { describe, expect, it } from 'vitest';
import type { SettingView } from '../../preload/api';
import { createSettingsStore, settingValue } from '../../renderer/state/settings-store';
import { createMemoryApi } from '../support/renderer-memory-api';

function view(views: SettingView[], key: string): SettingView {
  const found = views.find((entry) => entry.key === key);
  if (!found) throw new Error(`no view for ${key}`);
  return found;
}

describe('settings store', () => {
  it('starts idle and loads the settings list and the policy report together', async () => {
    const api = await createMemoryApi({ policy: { cameraGate: true, unbekannt: 1 } });
    const store = createSettingsStore(api);
    expect(store.getState().status).toBe('idle');
    const loading = store.getState().load();
    expect(store.getState().status).toBe('loading');
    await loading;
    const state = store.getState();
    expect(state.status).toBe('ready');
    expect(state.views.map((entry) => entry.key)).toEqual(api.settings.list().map((entry) => entry.key));
    expect(view(state.views, 'cameraGate')).toMatchObject({ value: true, locked: true, source: 'policy' });
    expect(state.report?.sources).toEqual([{ kind: 'file', location: '/test/policy.json', keys: ['cameraGate'] }]);
    expect(state.report?.problems.map((problem) => problem.key)).toEqual(['unbekannt']);
  });

  it('reports a load failure with its code and recovers on the next load', async () => {
    const api = await createMemoryApi();
    const store = createSettingsStore(api);
    api.failWith = 'shell-unreachable';
    await store.getState().load();
    expect(store.getState()).toMatchObject({ status: 'error', loadErrorCode: 'shell-unreachable', views: [] });
    api.failWith = null;
    await store.getState().load();
    expect(store.getState()).toMatchObject({ status: 'ready', loadErrorCode: null });
    expect(store.getState().views.length).toBeGreaterThan(0);
  });

  it('saves a user-editable value, marks the key pending meanwhile, and takes the views main returns', async () => {
    const api = await createMemoryApi();
    const store = createSettingsStore(api);
    await store.getState().load();
    const saving = store.getState().set('language', 'en');
    expect(store.getState().pending).toEqual({ language: true });
    await expect(saving).resolves.toBe(true);
    expect(store.getState().pending).toEqual({});
    expect(view(store.getState().views, 'language')).toMatchObject({ value: 'en', source: 'user' });
    expect(api.settings.get('language')).toBe('en');
  });

  it('keeps the error of a refused save per key (locked by policy) and clears it on the next attempt', async () => {
    const api = await createMemoryApi({ policy: { language: 'de' } });
    const store = createSettingsStore(api);
    await store.getState().load();
    await expect(store.getState().set('language', 'en')).resolves.toBe(false);
    expect(store.getState().errors.language?.code).toBe('setting-locked');
    expect(store.getState().pending).toEqual({});
    expect(settingValue(store.getState().views, 'language')).toBe('de');

    await store.getState().set('notifications', 'ja');
    expect(store.getState().errors.notifications?.code).toBe('invalid-value-allowed');
    expect(store.getState().errors.language?.code).toBe('setting-locked');

    await expect(store.getState().set('notifications', false)).resolves.toBe(true);
    expect(store.getState().errors.notifications).toBeUndefined();
  });

  it('refuses IT-only keys with the code main uses', async () => {
    const api = await createMemoryApi();
    const store = createSettingsStore(api);
    await store.getState().load();
    await store.getState().set('cameraGate', false);
    expect(store.getState().errors.cameraGate?.code).toBe('setting-not-user-editable');
    expect(api.settings.get('cameraGate')).toBe(true);
  });

  it('resets a user value back to the default', async () => {
    const api = await createMemoryApi({ stored: { prefetch: 'all' } });
    const store = createSettingsStore(api);
    await store.getState().load();
    expect(view(store.getState().views, 'prefetch')).toMatchObject({ value: 'all', source: 'user' });
    await expect(store.getState().reset('prefetch')).resolves.toBe(true);
    expect(view(store.getState().views, 'prefetch')).toMatchObject({ value: 'assignments', source: 'default' });
  });

  it('refreshes the policy report after a save (a fixed stored value is no longer a problem)', async () => {
    const api = await createMemoryApi({ stored: { prefetch: 'everything' } });
    const store = createSettingsStore(api);
    await store.getState().load();
    expect(store.getState().report?.problems.map((problem) => problem.key)).toEqual(['prefetch']);
    await store.getState().set('prefetch', 'off');
    await expect.poll(() => store.getState().report?.problems.length).toBe(0);
  });

  it('follows settings.changed events while connected, and stops after unsubscribing', async () => {
    const api = await createMemoryApi();
    const store = createSettingsStore(api);
    await store.getState().load();
    const disconnect = store.getState().connect();
    expect(api.listenerCount()).toBe(1);
    api.settings.set('language', 'en'); // as if another window changed it
    expect(settingValue(store.getState().views, 'language')).toBe('en');
    disconnect();
    expect(api.listenerCount()).toBe(0);
    api.settings.set('language', 'de');
    expect(settingValue(store.getState().views, 'language')).toBe('en');
  });
});

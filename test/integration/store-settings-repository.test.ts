import { join } from 'node:path';
import { beforeEach, describe, expect, it } from 'vitest';
import { useStoreFolderPerTest } from '../support/app-store';
import type { LoadedPolicy } from '../../main/policy/index';
import { createSettingsService } from '../../main/settings/settings-service';
import { openDatabase } from '../../main/store/database';
import type { Store } from '../../main/store/database';
import { APP_MIGRATIONS } from '../../main/store/migrations';
import { SettingsRepository } from '../../main/store/settings-repository';

const folder = useStoreFolderPerTest('schuldesk-settings-repo-');
let file: string;

beforeEach(() => {
  file = join(folder.dir, 'schuldesk.sqlite');
});

function open(): Store {
  const store = openDatabase(file, { migrations: APP_MIGRATIONS });
  folder.track(store);
  return store;
}

describe('SettingsRepository', () => {
  it('starts empty', () => {
    expect(new SettingsRepository(open()).list()).toEqual({});
  });

  it('stores JSON values of every shape and lists them by key', () => {
    const repository = new SettingsRepository(open());
    repository.set('language', 'en');
    repository.set('idleLogoutMinutes', 15);
    repository.set('sharedDevice', false);
    repository.set('portals', [{ url: 'https://moodle.schule.example', name: 'Gymnasium Nord' }]);
    repository.set('nothing', null);
    expect(repository.list()).toEqual({
      idleLogoutMinutes: 15,
      language: 'en',
      nothing: null,
      portals: [{ url: 'https://moodle.schule.example', name: 'Gymnasium Nord' }],
      sharedDevice: false,
    });
  });

  it('set replaces the value and its timestamp; delete removes only that key', () => {
    let clock = 1000;
    const store = open();
    const repository = new SettingsRepository(store, () => clock);
    repository.set('language', 'de');
    repository.set('prefetch', 'all');
    clock = 2000;
    repository.set('language', 'en');
    expect(store.all('SELECT key, value_json, updated_at FROM settings ORDER BY key')).toEqual([
      { key: 'language', value_json: '"en"', updated_at: 2000 },
      { key: 'prefetch', value_json: '"all"', updated_at: 1000 },
    ]);
    repository.delete('language');
    repository.delete('never-set');
    expect(repository.list()).toEqual({ prefetch: 'all' });
  });

  it('survives closing and reopening the database', () => {
    const first = open();
    new SettingsRepository(first).set('language', 'en');
    first.close();
    expect(new SettingsRepository(open()).list()).toEqual({ language: 'en' });
  });

  it('refuses values without a JSON form instead of storing nothing', () => {
    const repository = new SettingsRepository(open());
    expect(() => repository.set('language', undefined)).toThrow(TypeError);
    expect(() => repository.set('language', () => 'de')).toThrow(TypeError);
    expect(repository.list()).toEqual({});
  });

  it('skips a row that is not JSON (edited from outside) and keeps the others', () => {
    const store = open();
    const repository = new SettingsRepository(store);
    repository.set('language', 'en');
    store.run("INSERT INTO settings (key, value_json, updated_at) VALUES ('prefetch', '{kaputt', 0)");
    expect(repository.list()).toEqual({ language: 'en' });
  });

  it('backs the settings service: a user value set through the service is there after a restart', () => {
    const noPolicy: LoadedPolicy = { values: {}, valueSources: {}, report: { sources: [], problems: [] } };
    const first = open();
    createSettingsService({ policy: noPolicy, repository: new SettingsRepository(first) }).set('language', 'en');
    first.close();
    const service = createSettingsService({ policy: noPolicy, repository: new SettingsRepository(open()) });
    expect(service.get('language')).toBe('en');
    expect(service.list().find((view) => view.key === 'language')?.source).toBe('user');
  });
});

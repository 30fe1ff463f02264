/**
 * The composition root: builds the Electron-free service graph that both shells bind —
 * main/index.ts to ipcMain, main/web-shell/ to a loopback HTTP API. Nothing here imports electron;
 * Electron capabilities arrive as ports in `ServiceDeps`.
 */
import { join } from 'node:path';
import type { ApiHandlers } from './ipc/dispatch';
import { EventHub } from './ipc/events';
import { loadPolicy } from './policy/index';
import type { PolicySource } from './policy/index';
import { createSettingsService } from './settings/settings-service';
import type { SettingsService } from './settings/settings-service';
import { openDatabase } from './store/database';
import { APP_MIGRATIONS } from './store/migrations';
import { SettingsRepository } from './store/settings-repository';
import { ConnectivityMonitor } from './sync/connectivity';

export interface ServiceDeps {
  shell: 'electron' | 'browser';
  appVersion: string;
  dataDir: string;
  /** Machine policy sources, most authoritative first. */
  policySources: PolicySource[];
}

export interface Services {
  handlers: ApiHandlers;
  events: EventHub;
  settings: SettingsService;
  close(): void;
}

export const DATABASE_FILE_NAME = 'schuldesk.sqlite';

export async function createServices(deps: ServiceDeps): Promise<Services> {
  const events = new EventHub();
  const store = openDatabase(join(deps.dataDir, DATABASE_FILE_NAME), { migrations: APP_MIGRATIONS });
  const policy = await loadPolicy(deps.policySources);
  for (const problem of policy.report.problems) {
    console.warn(`[policy] ${problem.source}${problem.key ? ` (${problem.key})` : ''}: ${problem.message}`);
  }
  const settings = createSettingsService({ policy, repository: new SettingsRepository(store) });
  const unsubscribeSettings = settings.onChange((views) => events.emit('settings.changed', views));

  const connectivity = new ConnectivityMonitor();
  const unsubscribeConnectivity = connectivity.onChange((state) => events.emit('connectivity.changed', state));

  const handlers: ApiHandlers = {
    'app.info': () => ({ name: 'SchulDesk', version: deps.appVersion, shell: deps.shell, platform: process.platform }),
    'settings.list': () => settings.list(),
    'settings.set': (key, value) => settings.set(key, value),
    'settings.reset': (key) => settings.reset(key),
    'policy.report': () => settings.report(),
    'connectivity.get': () => connectivity.current(),
  };

  return {
    handlers,
    events,
    settings,
    close() {
      unsubscribeSettings();
      unsubscribeConnectivity();
      store.close();
    },
  };
}

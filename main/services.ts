/**
 * The composition root: builds the Electron-free service graph that both shells bind —
 * main/index.ts to ipcMain, main/web-shell/ to a loopback HTTP API. Nothing here imports electron;
 * Electron capabilities arrive as ports in `ServiceDeps`. Shared services live in ServiceContext;
 * each feature binds its part of the API contract in main/api/<feature>.ts.
 */
import { join } from 'node:path';
import { createAssignmentsApi } from './api/assignments';
import { createConferenceApi } from './api/conference';
import { createContentApi } from './api/content';
import { createDeviceApi } from './api/device';
import { createDiagnosticsApi } from './api/diagnostics';
import { createOutboxApi } from './api/outbox';
import type { ContentService } from './content/service';
import { createPortalApi } from './api/portal';
import { createPrivacyApi } from './api/privacy';
import { createStartApi } from './api/start';
import { createSyncApi } from './api/sync';
import { createUpdatesApi } from './api/updates';
import type { CachedFileSource } from './content/file-view';
import type { ApiHandlers, HandlersFor } from './ipc/dispatch';
import { EventHub } from './ipc/events';
import { describeError } from './log/redact';
import { HttpClient } from './net/http-client';
import type { HttpClientOptions } from './net/http-client';
import { processTrustedCas } from './net/trusted-cas';
import { DATABASE_FILE_NAME, effectiveDataDir, prepareDataFolder } from './paths';
import { OutboxService } from './outbox/service';
import { loadPolicy } from './policy/index';
import { AccountsService } from './portal/accounts';
import { SSO_LAUNCH_TTL_MS, SsoLaunches } from './portal/sso';
import type { FeatureApi, ServiceContext, ServiceDeps } from './service-context';
import { createSettingsService } from './settings/settings-service';
import type { SettingsService } from './settings/settings-service';
import { enableSecureDelete } from './store/erase';
import { APP_MIGRATIONS } from './store/migrations';
import { noticeFor, openStore } from './store/salvage';
import { SettingsRepository } from './store/settings-repository';
import { createAssignmentsFeature } from './sync/assignments-feature';
import { ConnectivityMonitor } from './sync/connectivity';
import type { SyncEngine } from './sync/engine';
import { SpaceReclaimers } from './sync/storage-budget';
import { SyncTaskRegistry } from './sync/task';
import { SecretVault } from './vault/secret-vault';
import type { CoreMethods, StoreNotice } from '../preload/api';

export type { ServiceContext, ServiceDeps } from './service-context';

export interface Services {
  handlers: ApiHandlers;
  events: EventHub;
  settings: SettingsService;
  /** The shared services (tests and the shells' ports reach features through it). */
  context: ServiceContext;
  /** Drafts and the outbox of submissions (main/outbox/). */
  outbox: OutboxService;
  /** The background sync engine (main/sync/): its tasks are registered by the features. */
  sync: SyncEngine;
  /** The data folder in use (policy dataDirectory or the shell's default). */
  dataDir: string;
  /** Cached files for the viewer's /files/ route (app:// in Electron, the browser shell's server). */
  cachedFiles: CachedFileSource;
  /** The content feature's facade (main/content/service.ts): file cache, course and page views. */
  content: ContentService;
  /** Policy turned offline storage off: the start empties the file cache (resolves when done; 0 otherwise). */
  contentPurged: Promise<number>;
  /** index.html as the shells serve it: with the stored first paint when one applies (main/start/first-paint.ts). */
  indexHtml(content: string): string;
  close(): Promise<void>;
}

export { DATABASE_FILE_NAME } from './paths';

export interface ServicesOptions {
  /**
   * False: the sync engine is built and bound but never scheduled, so nothing syncs on its own
   * (tests that count portal requests run a task themselves). Default true.
   */
  startSyncEngine?: boolean;
  /** Tests in virtual time: the HTTP client's backoff waits and jitter (default: real sleep, Math.random). */
  http?: Pick<HttpClientOptions, 'sleep' | 'random'>;
}

export async function createServices(inputDeps: ServiceDeps, options: ServicesOptions = {}): Promise<Services> {
  const now = inputDeps.now ?? Date.now;
  const events = new EventHub();
  // Policy first: `dataDirectory` says where the store lives (main/paths.ts).
  const policy = await loadPolicy(inputDeps.policySources);
  for (const problem of policy.report.problems) {
    console.warn(`[policy] ${problem.source}${problem.key ? ` (${problem.key})` : ''}: ${problem.message}`);
  }
  const data = effectiveDataDir(policy.values['dataDirectory'], inputDeps.dataDir);
  if (data.problem) console.warn(`[policy] dataDirectory nicht verwendet (${data.problem}); Standardordner ${data.dir}`);
  // Missing → created; not creatable or read-only → a UserFacingError naming the folder (the shells show it once and quit).
  prepareDataFolder(data.dir);
  const deps: ServiceDeps = { ...inputDeps, dataDir: data.dir };
  // A store that fails its check is moved aside and salvaged into a fresh one (main/store/salvage.ts);
  // damage found later marks it for salvage at the next start and tells the student now.
  let storeNotice: StoreNotice | null = null;
  const { store, recovery } = openStore(join(deps.dataDir, DATABASE_FILE_NAME), {
    migrations: APP_MIGRATIONS,
    now,
    salvage: deps.storeSalvage !== false,
    onCorruptAtRunTime: () => {
      storeNotice = { kind: 'damaged-restart', drafts: 0, outbox: 0, accounts: 0 };
      events.emit('store.notice', storeNotice);
    },
  });
  if (recovery) storeNotice = noticeFor(recovery, store);
  const settings = createSettingsService({ policy, repository: new SettingsRepository(store) });
  // Policy trustedCaCertificates for main's own TLS (global fetch: every portal request, the probes).
  // Policy is read once per start (IT-only key, no user value), so this holds until close().
  const caHolder = Symbol('services');
  const trustedCas = processTrustedCas.request(caHolder, settings.get('trustedCaCertificates'));
  if (trustedCas > 0) console.info(`[policy] ${trustedCas} zusätzliche Zertifizierungsstelle(n) aus trustedCaCertificates vertraut`);
  // Loaner laptops: every delete and update zeroes the old content, so a student's rows leave no
  // readable fragments in free space when they are erased at logout (main/store/erase.ts).
  if (settings.get('sharedDevice') === true) enableSecureDelete(store);
  const connectivity = new ConnectivityMonitor();
  const http = new HttpClient({
    ...options.http,
    now,
    userAgent: `SchulDesk/${deps.appVersion}`,
    onConnectivity: (status) => connectivity.reportStatus(status),
  });
  // Shared loaner laptops keep portal secrets in memory only (policy `sharedDevice`).
  const vault = new SecretVault({ cipher: deps.secretCipher ?? null, store, forceMemoryOnly: settings.get('sharedDevice') === true, now });
  const accounts = new AccountsService({ store, vault, now });
  // A shorter launch lifetime is accepted (tests), a longer one never.
  const ssoTtl = deps.ssoLaunchTtlMs;
  const sso = new SsoLaunches({ now, ttlMs: ssoTtl !== undefined && ssoTtl > 0 && ssoTtl < SSO_LAUNCH_TTL_MS ? ssoTtl : SSO_LAUNCH_TTL_MS });
  const context: ServiceContext = { deps, store, storeRecovery: recovery, settings, events, connectivity, http, vault, accounts, sso, syncTasks: new SyncTaskRegistry(), space: new SpaceReclaimers(), now };

  const unsubscribers = [
    () => processTrustedCas.release(caHolder),
    settings.onChange((views) => events.emit('settings.changed', views)),
    connectivity.onChange((state) => events.emit('connectivity.changed', state)),
  ];

  const core: HandlersFor<CoreMethods> = {
    'app.info': () => ({ name: 'SchulDesk', version: deps.appVersion, shell: deps.shell, platform: process.platform }),
    'settings.list': () => settings.list(),
    'settings.set': (key, value) => settings.set(key, value),
    'settings.reset': (key) => settings.reset(key),
    'policy.report': () => settings.report(),
    'connectivity.get': () => connectivity.current(),
    'connectivity.networkChanged': (online) => {
      // Failures counted while the network was gone say nothing about the portal now: one probe may go
      // at once — only when the portal counted as unreachable (a flapping OS signal while online must
      // not let probes through circuits that opened for a reason).
      if (online && connectivity.current().status !== 'online') http.allowProbeNow();
      connectivity.reportNetwork(online);
      return null;
    },
    'store.notice': () => storeNotice,
    'store.noticeSeen': () => {
      storeNotice = null;
      return null;
    },
  };
  const features: FeatureApi<unknown>[] = [];
  const bind = <M>(feature: FeatureApi<M>): HandlersFor<M> => {
    features.push(feature as FeatureApi<unknown>);
    return feature.handlers;
  };
  // Start first: its news recorder must hear the sync's events before the shells forward them.
  const start = createStartApi(context);
  const content = createContentApi(context);
  // The outbox, then the sync engine (it starts here, after start's recorder listens). The outbox
  // binding closes the outbox, the sync binding the engine (features close in reverse order: the
  // engine before the outbox).
  const outbox = new OutboxService(context);
  const assignments = createAssignmentsFeature(context, { startEngine: options.startSyncEngine !== false });
  // Shared devices: the outbox decides what of a logged-out account's data stays (unsent work, sealed).
  accounts.useSharedDeviceLogout((account) => outbox.onSharedDeviceLogout(account));
  const handlers: ApiHandlers = {
    ...core,
    ...bind(createPortalApi(context)),
    ...bind(content),
    ...bind(createOutboxApi(context, outbox)),
    ...bind(createDeviceApi(context, outbox)),
    ...bind(createSyncApi(context, assignments)),
    ...bind(createAssignmentsApi(context)),
    ...bind(createConferenceApi(context)),
    ...bind(createUpdatesApi(context)),
    ...bind(createDiagnosticsApi(context)),
    ...bind(createPrivacyApi(context)),
    ...bind(start),
  };

  return {
    handlers,
    events,
    settings,
    context,
    outbox,
    sync: assignments.engine,
    dataDir: deps.dataDir,
    cachedFiles: content.content,
    content: content.content,
    contentPurged: content.purged,
    indexHtml: (indexContent) => start.firstPaint.indexHtml(indexContent),
    async close() {
      for (const unsubscribe of unsubscribers) unsubscribe();
      // Features first (they may flush to the store), then the store itself.
      for (const feature of features.reverse()) {
        try {
          await feature.close?.();
        } catch (error) {
          console.error(`[services] a feature failed to close: ${describeError(error)}`);
        }
      }
      store.close();
    },
  };
}

/**
 * What every feature's API binding (main/api/<feature>.ts) gets from the composition root: the
 * shared, Electron-free services. Electron capabilities arrive as ports in ServiceDeps; a port is
 * absent (undefined/null) in the browser shell and the feature must say so to the user.
 */
import type { OpenConferenceWindow } from './conference/window-port';
import type { HandlersFor } from './ipc/dispatch';
import type { EventHub } from './ipc/events';
import type { PolicySource } from './policy/index';
import type { SaveFilePort } from './privacy/save-file-port';
import type { HttpClient } from './net/http-client';
import type { AccountsService } from './portal/accounts';
import type { DemoSchool } from './portal/demo-school';
import type { SsoLaunches } from './portal/sso';
import type { LoginWindowOutcome, LoginWindowRules } from './security/login-window';
import type { SettingsService } from './settings/settings-service';
import type { Store } from './store/database';
import type { StoreRecovery } from './store/salvage';
import type { ConnectivityMonitor } from './sync/connectivity';
import type { SpaceReclaimers } from './sync/storage-budget';
import type { SyncTaskRegistry } from './sync/task';
import type { UpdateStatusHolder } from './updates/status';
import type { SecretCipher } from './vault/cipher';
import type { SecretVault } from './vault/secret-vault';

export interface ServiceDeps {
  shell: 'electron' | 'browser';
  appVersion: string;
  dataDir: string;
  /** Machine policy sources, most authoritative first. */
  policySources: PolicySource[];
  /** Electron's safeStorage behind the vault's port; null in the browser shell (memory-only secrets). */
  secretCipher?: SecretCipher | null;
  /** The self-updater's status (main/electron/updater.ts); absent in the browser shell. */
  updates?: UpdateStatusHolder | null;
  /** Native "Save as" for exports (main/electron/save-file-dialog.ts); absent in the browser shell. */
  saveFile?: SaveFilePort | null;
  /** System notifications (main/electron/notifications.ts); absent in the browser shell. */
  notify?: ((title: string, body: string) => void) | null;
  /** Opens a cached course file with the system's program (shell.openPath); absent in the browser shell. */
  openPath?: ((absolutePath: string) => Promise<void>) | null;
  /** Epoch milliseconds; tests may pin the clock. */
  now?: () => number;
  /** [0, 1); the outbox's backoff and reconnect spread. Tests may pin it (default Math.random). */
  random?: () => number;
  /** The hardened conference window (main/electron/conference-window.ts); absent in the browser shell. */
  openConferenceWindow?: OpenConferenceWindow | null;
  /** The school's SSO login page in its own window (main/electron/login-window.ts); absent in the browser shell. */
  openLoginWindow?: ((launchUrl: string, options: LoginWindowOptions) => LoginWindowHandle) | null;
  /**
   * typeoflogin 2 ("via a browser window"): the launch URL in the system browser; the callback comes
   * back through the OS as a `schuldesk://` deep link. Absent in the browser shell.
   */
  openSystemBrowser?: ((launchUrl: string) => Promise<void>) | null;
  /** The demo school of development runs (main/portal/demo-school.ts); never in an installed app. */
  demoSchool?: DemoSchool | null;
  /**
   * How long an SSO launch stays valid (default and maximum: SSO_LAUNCH_TTL_MS, 10 minutes). Only the
   * browser shell sets it, from SCHULDESK_SSO_LAUNCH_TTL_MS, so e2e tests can see a launch expire.
   */
  ssoLaunchTtlMs?: number;
  /**
   * False: a store that fails its check is reported (StoreError) instead of moved aside and
   * salvaged. `--diagnose` sets it: it may run beside the app and must never move its file.
   */
  storeSalvage?: boolean;
}

/** What the login window needs: its rules, and where its one outcome goes (main/security/login-window.ts). */
export interface LoginWindowOptions {
  rules: LoginWindowRules;
  /** Called at most once, right after the window was closed (or found closed). */
  onOutcome: (outcome: LoginWindowOutcome) => void;
}

/** An open SSO login window; it closes itself on its outcome, `close()` is for the app (cancel, expiry). */
export interface LoginWindowHandle {
  close(): void;
}

export interface ServiceContext {
  deps: ServiceDeps;
  store: Store;
  /** What the start did about a store that failed its check (null: it passed); for the diagnostics. */
  storeRecovery?: StoreRecovery | null;
  settings: SettingsService;
  events: EventHub;
  connectivity: ConnectivityMonitor;
  /** The one HTTP client for all portal traffic (timeouts, backoff, circuit breaker, budget). */
  http: HttpClient;
  vault: SecretVault;
  accounts: AccountsService;
  sso: SsoLaunches;
  /** Features register what the sync engine keeps fresh (main/sync/task.ts). */
  syncTasks: SyncTaskRegistry;
  /** What gives disk space back when the disk is full (the content file cache registers; draft saves ask). */
  space: SpaceReclaimers;
  now: () => number;
}

/** A feature's bound API: its handlers, and what to release on shutdown. */
export interface FeatureApi<Methods> {
  handlers: HandlersFor<Methods>;
  close?: () => void | Promise<void>;
}

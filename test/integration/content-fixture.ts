/**
 * The content feature on real parts (SQLite file, HttpClient, vault, accounts, settings from a
 * policy) but without the other features — so the sync engine does not run the content task on
 * sign-in while a test counts requests. Signs student1 in against the given test Moodle.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { ContentMethods } from '../../preload/contract/content';
import { createContentApi } from '../../main/api/content';
import { credentialsOfLogin } from '../../main/api/portal';
import type { ContentService } from '../../main/content/service';
import { EventHub } from '../../main/ipc/events';
import { HttpClient } from '../../main/net/http-client';
import { loadPolicy } from '../../main/policy/index';
import { AccountsService } from '../../main/portal/accounts';
import { MoodleClient } from '../../main/portal/moodle-client';
import { loginWithPassword } from '../../main/portal/password-login';
import { SsoLaunches } from '../../main/portal/sso';
import type { SaveFilePort } from '../../main/privacy/save-file-port';
import type { ServiceContext } from '../../main/service-context';
import { createSettingsService } from '../../main/settings/settings-service';
import { openDatabase } from '../../main/store/database';
import { APP_MIGRATIONS } from '../../main/store/migrations';
import { SettingsRepository } from '../../main/store/settings-repository';
import { ConnectivityMonitor } from '../../main/sync/connectivity';
import type { SyncTaskResult } from '../../main/sync/task';
import { SyncTaskRegistry } from '../../main/sync/task';
import { SpaceReclaimers } from '../../main/sync/storage-budget';
import { Secret } from '../../main/vault/secret';
import type { SecretCipher } from '../../main/vault/cipher';
import { SecretVault } from '../../main/vault/secret-vault';
import { SEED_PASSWORD } from '../fixtures/moodle';
import type { TestMoodle } from '../fixtures/moodle';

export type ContentCall = <M extends keyof ContentMethods>(method: M, ...args: ContentMethods[M]['args']) => Promise<ContentMethods[M]['result']>;

export interface ContentFixture {
  dir: string;
  context: ServiceContext;
  content: ContentService;
  call: ContentCall;
  accountId: string;
  token: string;
  events: { name: string; payload: unknown }[];
  runSync(lastSuccessAt: number | null): Promise<SyncTaskResult>;
  close(): Promise<void>;
}

export interface ContentFixtureOptions {
  now: () => number;
  policy?: Record<string, unknown>;
  openPath?: (path: string) => Promise<void>;
  /** The desktop's "Save as" port (absent: the browser shell). */
  saveFile?: SaveFilePort;
  /**
   * 'password': a real login (token.php + site info) whose credentials go into the vault as the
   * portal API stores them — with the private access key. Default: an issued token, no key.
   */
  signIn?: 'token' | 'password';
  /** The keyring behind the vault (a fake safeStorage in tests); default none: secrets in memory only. */
  cipher?: SecretCipher | null;
  /** The data folder of an earlier fixture (a restart); the caller removes it. */
  dir?: string;
}

export async function startContentFixture(moodle: TestMoodle, options: ContentFixtureOptions): Promise<ContentFixture> {
  const dir = options.dir ?? mkdtempSync(join(tmpdir(), 'schuldesk-content-'));
  const { now } = options;
  const store = openDatabase(join(dir, 'schuldesk.sqlite'), { migrations: APP_MIGRATIONS });
  const policy = await loadPolicy([{ kind: 'test', location: 'test-policy', read: () => Promise.resolve([{ location: 'test-policy', data: options.policy ?? {} }]) }]);
  const settings = createSettingsService({ policy, repository: new SettingsRepository(store) });
  const http = new HttpClient({ now, sleep: async () => {}, random: () => 0.5 });
  const vault = new SecretVault({ cipher: options.cipher ?? null, store, forceMemoryOnly: false, now });
  const accounts = new AccountsService({ store, vault, now });
  const events = new EventHub();
  const seen: { name: string; payload: unknown }[] = [];
  events.subscribe((name, payload) => seen.push({ name, payload }));
  const context: ServiceContext = {
    deps: { shell: 'browser', appVersion: '0.0.0-test', dataDir: dir, policySources: [], now, openPath: options.openPath ?? null, saveFile: options.saveFile ?? null },
    store, settings, events, connectivity: new ConnectivityMonitor(), http, vault, accounts, sso: new SsoLaunches({ now }), syncTasks: new SyncTaskRegistry(), space: new SpaceReclaimers(), now,
  };
  const api = createContentApi(context);
  await api.purged;
  const handlers = api.handlers as unknown as Record<string, (...args: unknown[]) => unknown>;
  const call = (async (method: string, ...args: unknown[]) => await handlers[method]?.(...args)) as ContentCall;

  const user = moodle.state.requireUser('student1');
  const profile = { siteUrl: moodle.url, siteName: 'Testschule', userId: user.id, username: 'student1', fullName: 'Lena Müller', lang: 'de' };
  let token: string;
  let accountId: string;
  if (options.signIn === 'password') {
    const login = await loginWithPassword(http, { site: moodle.url, username: 'student1', password: SEED_PASSWORD });
    token = login.token;
    accountId = accounts.signIn(profile, credentialsOfLogin(login)).account.id;
  } else {
    token = moodle.state.issueToken('student1');
    accountId = accounts.signIn(profile, { token: new Secret(token), privateToken: null }).account.id;
  }

  const task = context.syncTasks.list().find((t) => t.name === 'content');
  if (!task) throw new Error('content task not registered');
  return {
    dir, context, content: api.content, call, accountId, token, events: seen,
    runSync: (lastSuccessAt) => task.run({ accountId, site: moodle.url, token, client: new MoodleClient(http), lastSuccessAt, now: now(), signal: new AbortController().signal }),
    async close() {
      await api.close?.();
      store.close();
      if (options.dir === undefined) rmSync(dir, { recursive: true, force: true });
    },
  };
}

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
import type { ContentService } from '../../main/content/service';
import { EventHub } from '../../main/ipc/events';
import { HttpClient } from '../../main/net/http-client';
import { loadPolicy } from '../../main/policy/index';
import { AccountsService } from '../../main/portal/accounts';
import { MoodleClient } from '../../main/portal/moodle-client';
import { SsoLaunches } from '../../main/portal/sso';
import type { ServiceContext } from '../../main/service-context';
import { createSettingsService } from '../../main/settings/settings-service';
import { openDatabase } from '../../main/store/database';
import { APP_MIGRATIONS } from '../../main/store/migrations';
import { SettingsRepository } from '../../main/store/settings-repository';
import { ConnectivityMonitor } from '../../main/sync/connectivity';
import type { SyncTaskResult } from '../../main/sync/task';
import { SyncTaskRegistry } from '../../main/sync/task';
import { Secret } from '../../main/vault/secret';
import { SecretVault } from '../../main/vault/secret-vault';
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

export async function startContentFixture(
  moodle: TestMoodle,
  /** `dir`: the data folder of an earlier fixture (a restart); the caller removes it. */
  options: { now: () => number; policy?: Record<string, unknown>; openPath?: (path: string) => Promise<void>; dir?: string },
): Promise<ContentFixture> {
  const dir = options.dir ?? mkdtempSync(join(tmpdir(), 'schuldesk-content-'));
  const { now } = options;
  const store = openDatabase(join(dir, 'schuldesk.sqlite'), { migrations: APP_MIGRATIONS });
  const policy = await loadPolicy([{ kind: 'test', location: 'test-policy', read: () => Promise.resolve([{ location: 'test-policy', data: options.policy ?? {} }]) }]);
  const settings = createSettingsService({ policy, repository: new SettingsRepository(store) });
  const http = new HttpClient({ now, sleep: async () => {}, random: () => 0.5 });
  const vault = new SecretVault({ cipher: null, store, forceMemoryOnly: false, now });
  const accounts = new AccountsService({ store, vault, now });
  const events = new EventHub();
  const seen: { name: string; payload: unknown }[] = [];
  events.subscribe((name, payload) => seen.push({ name, payload }));
  const context: ServiceContext = {
    deps: { shell: 'browser', appVersion: '0.0.0-test', dataDir: dir, policySources: [], now, openPath: options.openPath ?? null },
    store, settings, events, connectivity: new ConnectivityMonitor(), http, vault, accounts, sso: new SsoLaunches({ now }), syncTasks: new SyncTaskRegistry(), now,
  };
  const api = createContentApi(context);
  await api.purged;
  const handlers = api.handlers as unknown as Record<string, (...args: unknown[]) => unknown>;
  const call = (async (method: string, ...args: unknown[]) => await handlers[method]?.(...args)) as ContentCall;

  const user = moodle.state.requireUser('student1');
  const token = moodle.state.issueToken('student1');
  const accountId = accounts.signIn(
    { siteUrl: moodle.url, siteName: 'Testschule', userId: user.id, username: 'student1', fullName: 'Lena Müller', lang: 'de' },
    { token: new Secret(token), privateToken: null },
  ).account.id;

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

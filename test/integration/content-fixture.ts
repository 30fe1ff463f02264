/**
 * The content feature through the real composition root (createServices, browser shell) with the
 * sync engine not started — so no task runs on sign-in while a test counts requests; `runSync` runs
 * the content task alone. Signs student1 in against the given test Moodle. `useContentPerTest`
 * gives each test its own Moodle and closes what the test started.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { ContentMethods } from '../../preload/contract/content';
import { credentialsOfLogin } from '../../main/api/portal';
import type { ContentService } from '../../main/content/service';
import { loginWithPassword } from '../../main/portal/password-login';
import { MoodleClient } from '../../main/portal/moodle-client';
import type { SaveFilePort } from '../../main/privacy/save-file-port';
import type { ServiceContext } from '../../main/service-context';
import type { SyncTaskResult } from '../../main/sync/task';
import { Secret } from '../../main/vault/secret';
import type { SecretCipher } from '../../main/vault/cipher';
import { afterEach, beforeEach } from 'vitest';
import { SEED_PASSWORD, startTestMoodle } from '../fixtures/moodle';
import type { TestMoodle } from '../fixtures/moodle';
import { apiCaller, bootServices } from '../support/services-harness';
import type { ApiCall } from '../support/services-harness';

export type ContentCall = ApiCall<ContentMethods>;

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
  const services = await bootServices({
    dataDir: dir,
    policy: options.policy ?? {},
    now: options.now,
    openPath: options.openPath ?? null,
    saveFile: options.saveFile ?? null,
    secretCipher: options.cipher ?? null,
    startSyncEngine: false,
    http: { sleep: async () => {}, random: () => 0.5 },
  });
  await services.contentPurged;
  const { context } = services;
  const seen: { name: string; payload: unknown }[] = [];
  services.events.subscribe((name, payload) => seen.push({ name, payload }));

  const user = moodle.state.requireUser('student1');
  const profile = { siteUrl: moodle.url, siteName: 'Testschule', userId: user.id, username: 'student1', fullName: 'Lena Müller', lang: 'de' };
  let token: string;
  let accountId: string;
  if (options.signIn === 'password') {
    const login = await loginWithPassword(context.http, { site: moodle.url, username: 'student1', password: SEED_PASSWORD });
    token = login.token;
    accountId = context.accounts.signIn(profile, credentialsOfLogin(login)).account.id;
  } else {
    token = moodle.state.issueToken('student1');
    accountId = context.accounts.signIn(profile, { token: new Secret(token), privateToken: null }).account.id;
  }

  const task = context.syncTasks.list().find((t) => t.name === 'content');
  if (!task) throw new Error('content task not registered');
  let closed = false;
  return {
    dir, context, content: services.content, call: apiCaller<ContentMethods>(services), accountId, token, events: seen,
    runSync: (lastSuccessAt) => task.run({ accountId, site: moodle.url, token, client: new MoodleClient(context.http), lastSuccessAt, now: options.now(), signal: new AbortController().signal }),
    /** Closes the services (and removes the data folder unless `dir` was given); again: nothing. */
    async close() {
      if (closed) return;
      closed = true;
      await services.close();
      if (options.dir === undefined) rmSync(dir, { recursive: true, force: true });
    },
  };
}

export interface ContentPerTest {
  /** This test's Moodle (seeded on the clock `now`). */
  readonly moodle: TestMoodle;
  /** A content fixture on this test's Moodle, closed after the test if the test did not close it. */
  start(options?: Omit<ContentFixtureOptions, 'now'>): Promise<ContentFixture>;
  /** The portal goes down: the Moodle stops (its state stays readable; not closed again after the test). */
  stopPortal(): Promise<void>;
}

/** A test Moodle per test and the content fixtures a test starts on it; afterEach closes all of them. */
export function useContentPerTest(now: () => number): ContentPerTest {
  let moodle: TestMoodle | null = null;
  let portalUp = false;
  const started: ContentFixture[] = [];
  beforeEach(async () => {
    moodle = await startTestMoodle({ now });
    portalUp = true;
  });
  afterEach(async () => {
    for (const fixture of started.splice(0)) await fixture.close();
    if (portalUp) await moodle?.close();
    moodle = null;
  });
  const current = (): TestMoodle => {
    if (!moodle) throw new Error('no test Moodle outside a test');
    return moodle;
  };
  return {
    get moodle() {
      return current();
    },
    async start(options = {}) {
      const fixture = await startContentFixture(current(), { ...options, now });
      started.push(fixture);
      return fixture;
    },
    async stopPortal() {
      portalUp = false;
      await current().close();
    },
  };
}

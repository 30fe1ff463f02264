/**
 * The services harness: boot the real composition root (createServices, browser shell) with a test
 * policy, sign an account of the test Moodle in, call the API as the renderer would.
 *
 *   services = await bootServices({ dataDir, policy: { sharedDevice: true } });
 *   const call = apiCaller<OutboxMethods>(services);
 *   const { accountId } = signInAs(services, moodle, 'student1');
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach } from 'vitest';
import { createServices } from '../../main/services';
import type { ServiceDeps, Services, ServicesOptions } from '../../main/services';
import type { PolicySource } from '../../main/policy/index';
import { Secret } from '../../main/vault/secret';
import { startTestMoodle } from '../fixtures/moodle';
import type { StartTestMoodleOptions, TestMoodle } from '../fixtures/moodle';

/** A policy source that hands `policy` over as the machine policy. */
export function testPolicySource(policy: Record<string, unknown> = {}): PolicySource {
  return { kind: 'test', location: 'test-policy', read: () => Promise.resolve([{ location: 'test-policy', data: policy }]) };
}

export interface BootOptions extends Partial<ServiceDeps>, ServicesOptions {
  dataDir: string;
  /** The machine policy (default: none). */
  policy?: Record<string, unknown>;
}

/** The real service graph of the browser shell over `dataDir`, with `policy` as the machine policy. */
export function bootServices({ policy = {}, startSyncEngine, http, ...deps }: BootOptions): Promise<Services> {
  return createServices({ shell: 'browser', appVersion: '0.0.0-test', policySources: [testPolicySource(policy)], ...deps }, { startSyncEngine, http });
}

/**
 * Services booted inside each test over a fresh temp data folder (`prefix` names it); afterEach closes
 * them and removes the folder.
 */
export function useServicesPerTest(prefix: string): { boot(options?: Omit<BootOptions, 'dataDir'>): Promise<Services> } {
  let services: Services | null = null;
  let dir = '';
  afterEach(async () => {
    await services?.close();
    services = null;
    if (dir) rmSync(dir, { recursive: true, force: true });
    dir = '';
  });
  return {
    async boot(options = {}) {
      dir = mkdtempSync(join(tmpdir(), prefix));
      services = await bootServices({ ...options, dataDir: dir });
      return services;
    },
  };
}

export interface MoodleAndServices {
  /** The temp data folder of this test. */
  readonly dir: string;
  /** The test Moodle of this test. */
  readonly moodle: TestMoodle;
  /** What `boot` started last (null before). */
  readonly services: Services | null;
  /** Closes what booted before, then boots over `dir` (unless `dataDir` says otherwise). */
  boot(options?: Omit<BootOptions, 'dataDir'> & { dataDir?: string }): Promise<Services>;
}

/**
 * A test Moodle and a temp data folder per test, and services booted over it: beforeEach starts
 * them (`moodleOptions` is read then), afterEach closes the services and the Moodle and removes the folder.
 */
export function useMoodleAndServicesPerTest(prefix: string, moodleOptions: () => StartTestMoodleOptions = () => ({})): MoodleAndServices {
  let dir = '';
  let moodle: TestMoodle | null = null;
  let services: Services | null = null;
  beforeEach(async () => {
    dir = mkdtempSync(join(tmpdir(), prefix));
    moodle = await startTestMoodle(moodleOptions());
  });
  afterEach(async () => {
    await services?.close();
    services = null;
    await moodle?.close();
    moodle = null;
    rmSync(dir, { recursive: true, force: true });
  });
  return {
    get dir() {
      return dir;
    },
    get moodle() {
      if (!moodle) throw new Error('no test Moodle outside a test');
      return moodle;
    },
    get services() {
      return services;
    },
    async boot(options = {}) {
      await services?.close();
      services = null;
      services = await bootServices({ dataDir: dir, ...options });
      return services;
    },
  };
}

type ContractPart<Methods> = { [M in keyof Methods]: { args: unknown[]; result: unknown } };
export type ApiCall<Methods extends ContractPart<Methods>> = <M extends keyof Methods>(method: M, ...args: Methods[M]['args']) => Promise<Methods[M]['result']>;

/** Calls the services' handlers like the renderer does (without the IPC transport and its input schemas). */
export function apiCaller<Methods extends ContractPart<Methods>>(services: Services): ApiCall<Methods> {
  const handlers = services.handlers as unknown as Record<string, (...args: unknown[]) => unknown>;
  return (async (method: string, ...args: unknown[]) => await handlers[method]?.(...args)) as ApiCall<Methods>;
}

/** Signs `username` of the test Moodle in with a freshly issued token (no password round trip). */
export function signInAs(services: Services | null, moodle: TestMoodle, username: string, options: { fullName?: string } = {}): { accountId: string; token: string } {
  if (!services) throw new Error('not booted');
  const user = moodle.state.requireUser(username);
  const token = moodle.state.issueToken(username);
  const { account } = services.context.accounts.signIn(
    { siteUrl: moodle.url, siteName: 'Testschule', userId: user.id, username, fullName: options.fullName ?? username, lang: 'de' },
    { token: new Secret(token), privateToken: null },
  );
  return { accountId: account.id, token };
}

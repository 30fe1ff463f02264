// Signing in through the portal's own login page, end to end against the test Moodle
// (test/fixtures/moodle, a real HTTP server on 127.0.0.1 that follows launch.typeoflogin2.*.json):
// public config → SsoLaunches.createLaunch → browser hops (login form, launch.php) →
// schuldesk://token=… → completeLaunch → site info with the token → AccountsService.signIn.
// Only the vault's cipher is a stand-in (FakeCipher): safeStorage needs the Electron binary.
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { cookieHeader, storeSetCookies } from '../support/cookie-jar';
import { AccountsService } from '../../main/portal/accounts';
import { SsoError, SsoLaunches } from '../../main/portal/sso';
import { openDatabase } from '../../main/store/database';
import type { Store } from '../../main/store/database';
import { APP_MIGRATIONS } from '../../main/store/migrations';
import { SecretVault } from '../../main/vault/secret-vault';
import { callRest, SEED_PASSWORD, startTestMoodle } from '../fixtures/moodle/index';
import type { TestMoodle } from '../fixtures/moodle/index';
import { FakeCipher } from '../support/vault-fake-cipher';

/** A browser that keeps cookies and stops at every redirect, so the custom-scheme one can be read. */
class Browser {
  readonly cookies = new Map<string, string>();

  async get(url: string): Promise<{ status: number; location: string | null; html: string }> {
    return this.#send(url, { method: 'GET' });
  }

  async post(url: string, form: Record<string, string>): Promise<{ status: number; location: string | null; html: string }> {
    return this.#send(url, { method: 'POST', body: new URLSearchParams(form).toString(), contentType: 'application/x-www-form-urlencoded' });
  }

  /** Follows http(s) redirects; returns at the first one to another scheme (the app callback). */
  async follow(start: string, max = 10): Promise<{ status: number; location: string | null; html: string; url: string }> {
    let url = start;
    for (let hop = 0; hop < max; hop += 1) {
      const answer = await this.get(url);
      if (!answer.location || !/^https?:/i.test(new URL(answer.location, url).protocol)) return { ...answer, url };
      url = new URL(answer.location, url).toString();
    }
    throw new Error('too many redirects');
  }

  async #send(url: string, init: { method: string; body?: string; contentType?: string }): Promise<{ status: number; location: string | null; html: string }> {
    const headers: Record<string, string> = { cookie: cookieHeader(this.cookies) };
    if (init.contentType) headers['content-type'] = init.contentType;
    const response = await fetch(url, { method: init.method, headers, body: init.body, redirect: 'manual' });
    storeSetCookies(this.cookies, response.headers.getSetCookie());
    return { status: response.status, location: response.headers.get('location'), html: await response.text() };
  }
}

interface PublicConfig {
  wwwroot: string;
  httpswwwroot: string;
  sitename: string;
  launchurl: string;
  typeoflogin: number;
}

interface SiteInfo {
  sitename: string;
  siteurl: string;
  userid: number;
  username: string;
  fullname: string;
  lang: string;
}

async function publicConfig(base: string): Promise<PublicConfig> {
  const response = await fetch(`${base}/lib/ajax/service-nologin.php?info=tool_mobile_get_public_config`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify([{ index: 0, methodname: 'tool_mobile_get_public_config', args: {} }]),
  });
  const [answer] = (await response.json()) as { error: boolean; data: PublicConfig }[];
  if (!answer || answer.error) throw new Error('public config failed');
  return answer.data;
}

/** The user's part in the browser: open the launch URL, log in on the portal's form. Returns the callback URL. */
async function userLogsInViaBrowser(launchUrl: string, username: string): Promise<string> {
  const browser = new Browser();
  const loginPage = await browser.follow(launchUrl);
  expect(loginPage.url).toMatch(/\/login\/index\.php$/);
  const logintoken = /name="logintoken" value="([^"]+)"/.exec(loginPage.html)?.[1] ?? '';
  const posted = await browser.post(loginPage.url, { username, password: SEED_PASSWORD, logintoken, anchor: '' });
  const end = await browser.follow(new URL(posted.location ?? '', loginPage.url).toString());
  expect(end.status).toBe(302);
  expect(end.location).toMatch(/^schuldesk:\/\/token=/);
  return end.location ?? '';
}

let moodle: TestMoodle;
let dataDir: string;
let store: Store;
let accounts: AccountsService;
let launches: SsoLaunches;

beforeEach(async () => {
  moodle = await startTestMoodle({ typeOfLogin: 2 });
  dataDir = mkdtempSync(join(tmpdir(), 'schuldesk-accounts-sso-'));
  store = openDatabase(join(dataDir, 'schuldesk.sqlite'), { migrations: APP_MIGRATIONS });
  accounts = new AccountsService({ store, vault: new SecretVault({ cipher: new FakeCipher({ backend: 'gnome_libsecret' }), store }) });
  launches = new SsoLaunches();
});

afterEach(async () => {
  store.close();
  rmSync(dataDir, { recursive: true, force: true });
  await moodle.close();
});

async function signInViaSso(username: string): Promise<{ callback: string; accountId: string; created: boolean }> {
  const config = await publicConfig(moodle.url);
  expect(config.typeoflogin).toBe(2);
  const launch = launches.createLaunch(config.httpswwwroot, config.launchurl);
  const callback = await userLogsInViaBrowser(launch.url, username);
  const { siteUrl, token, privateToken } = launches.completeLaunch(callback);
  const info = (await callRest(siteUrl, token.reveal(), 'core_webservice_get_site_info')) as SiteInfo;
  const { account, created } = accounts.signIn(
    { siteUrl, siteName: info.sitename, userId: info.userid, username: info.username, fullName: info.fullname, lang: info.lang },
    { token, privateToken: privateToken ?? null },
  );
  return { callback, accountId: account.id, created };
}

describe('SSO sign-in against the test Moodle', () => {
  it('a student signs in through the portal page; the account holds a token that works', async () => {
    const { accountId, created } = await signInViaSso('student1');
    expect(created).toBe(true);
    const account = accounts.require(accountId);
    expect(account).toMatchObject({ siteUrl: moodle.url, userId: 4, username: 'student1', needsReauth: false });
    expect(accounts.current()?.id).toBe(accountId);
    const token = accounts.credentials(accountId)?.token.reveal() ?? '';
    expect(moodle.state.tokens.get(token)?.userId).toBe(4);
    const info = (await callRest(moodle.url, token, 'core_webservice_get_site_info')) as SiteInfo;
    expect(info.username).toBe('student1');
  });

  it('signing in again as the same user updates the account; the old callback is refused as a replay', async () => {
    const first = await signInViaSso('teacher1');
    const second = await signInViaSso('teacher1');
    expect(second.created).toBe(false);
    expect(second.accountId).toBe(first.accountId);
    expect(accounts.list()).toHaveLength(1);
    let code = '';
    try {
      launches.completeLaunch(first.callback);
    } catch (error) {
      code = error instanceof SsoError ? error.code : 'other';
    }
    expect(code).toBe('sso-replayed');
  });

  it('two people on one site are two accounts', async () => {
    const teacher = await signInViaSso('teacher1');
    const student = await signInViaSso('student2');
    expect(teacher.accountId).not.toBe(student.accountId);
    expect(accounts.list().map((a) => a.username).sort()).toEqual(['student2', 'teacher1']);
  });

  it('a token revoked on the portal: invalidtoken → markNeedsReauth keeps the account', async () => {
    const { accountId } = await signInViaSso('student1');
    const token = accounts.credentials(accountId)?.token.reveal() ?? '';
    moodle.state.revokeToken(token);
    const answer = (await callRest(moodle.url, token, 'core_webservice_get_site_info')) as { errorcode?: string };
    expect(answer.errorcode).toBe('invalidtoken');
    accounts.markNeedsReauth(accountId);
    expect(accounts.views()).toMatchObject([{ id: accountId, session: 'needs-reauth', isCurrent: true }]);
    const again = await signInViaSso('student1');
    expect(again.accountId).toBe(accountId);
    expect(accounts.views()[0]?.session).toBe('signed-in');
  });
});

// The app launch (SSO) flow of the test Moodle, hop by hop, against the recorded browser flows
// launch.typeoflogin{1,2}.*.json: statuses, redirects, cookies, and a schuldesk://token= answer
// whose token really works.

import { createHash } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { cookieHeader, storeSetCookies } from '../support/cookie-jar';
import { callRest, SEED_PASSWORD, startTestMoodle } from '../fixtures/moodle/index';
import type { TestMoodle } from '../fixtures/moodle/index';

const CONTRACT_DIR = fileURLToPath(new URL('../fixtures/moodle/contract/', import.meta.url));
const LAUNCH = '/admin/tool/mobile/launch.php?service=moodle_mobile_app&passport=123&urlscheme=schuldesk';

interface Hop {
  request: { method: string; url: string };
  response: { status: number; headers: Record<string, string | string[]>; bodyExcerpt?: { title: string; errorMessages: string[] } };
}
const recording = (name: string): { hops?: Hop[]; firstHops?: Hop[]; loginHops?: Hop[] } =>
  JSON.parse(readFileSync(`${CONTRACT_DIR}${name}`, 'utf8')) as { hops?: Hop[]; firstHops?: Hop[]; loginHops?: Hop[] };

/** A browser's cookie jar plus fetch without automatic redirects. */
class Browser {
  readonly cookies = new Map<string, string>();
  constructor(private readonly base: string) {}

  async go(path: string, init: { method?: string; form?: Record<string, string> } = {}): Promise<{ status: number; location: string | null; setCookies: string[]; html: string }> {
    const url = path.startsWith('http') ? path : `${this.base}${path}`;
    const headers: Record<string, string> = { cookie: cookieHeader(this.cookies) };
    let body: string | undefined;
    if (init.form) {
      headers['content-type'] = 'application/x-www-form-urlencoded';
      body = new URLSearchParams(init.form).toString();
    }
    const response = await fetch(url, { method: init.method ?? (init.form ? 'POST' : 'GET'), headers, body, redirect: 'manual' });
    const setCookies = response.headers.getSetCookie();
    storeSetCookies(this.cookies, setCookies);
    return { status: response.status, location: response.headers.get('location'), setCookies, html: await response.text() };
  }

  async login(username: string, password = SEED_PASSWORD): Promise<{ status: number; location: string | null; setCookies: string[]; html: string }> {
    const form = await this.go('/login/index.php');
    const logintoken = /name="logintoken" value="([^"]+)"/.exec(form.html)?.[1] ?? '';
    return this.go('/login/index.php', { form: { username, password, logintoken, anchor: '' } });
  }
}

const cookieNames = (cookies: string[] | string | undefined): string[] => (Array.isArray(cookies) ? cookies : cookies ? [cookies] : []).map((c) => c.split('=')[0] ?? '');
const titleOf = (html: string): string => /<title>([^<]*)<\/title>/.exec(html)?.[1] ?? '';

describe('test Moodle: app launch (tool_mobile launch.php)', () => {
  let moodle: TestMoodle;
  let browser: Browser;

  beforeEach(async () => {
    moodle = await startTestMoodle();
    browser = new Browser(moodle.url);
  });
  afterEach(async () => {
    await moodle.close();
  });

  function decodeLaunch(location: string | null): { siteid: string; token: string } {
    expect(location).toMatch(/^schuldesk:\/\/token=/);
    const decoded = Buffer.from((location ?? '').replace('schuldesk://token=', ''), 'base64').toString('utf8');
    const [siteid = '', token = '', ...rest] = decoded.split(':::');
    expect(rest).toEqual([]);
    return { siteid, token };
  }

  it('typeoflogin 1 without session: sets the launch cookie, answers 404 "Plugin not enabled or configured."', async () => {
    const [hop] = recording('launch.typeoflogin1.not_logged_in.json').hops ?? [];
    const answer = await browser.go(LAUNCH);
    expect(answer.status).toBe(hop?.response.status);
    expect(cookieNames(answer.setCookies)).toEqual(cookieNames(hop?.response.headers['set-cookie']));
    const recordedLaunchCookie = (hop?.response.headers['set-cookie'] as string[])[1]?.split(';')[0];
    expect(answer.setCookies[1]?.split(';')[0]).toBe(recordedLaunchCookie);
    expect(titleOf(answer.html)).toBe('Error | testschule');
    expect(answer.html).toContain(hop?.response.bodyExcerpt?.errorMessages[0]);
  });

  it('typeoflogin 1 login flow: 404 → login form → testsession → launch → 302 schuldesk://token=…', async () => {
    const flow = recording('launch.typeoflogin1.login_flow.json');
    const first = await browser.go(LAUNCH);
    expect(first.status).toBe(flow.firstHops?.[0]?.response.status);

    const form = await browser.go('/login/index.php');
    expect(form.status).toBe(200);
    expect(form.html).toMatch(/<label for="username">Username<\/label>/);
    expect(form.html).toMatch(/<label for="password">Password<\/label>/);

    const [loginHop, testHop, launchHop] = flow.loginHops ?? [];
    const login = await browser.login('student1');
    expect(login.status).toBe(loginHop?.response.status);
    expect(login.location).toBe(`${moodle.url}/login/index.php?testsession=4`);
    expect(cookieNames(login.setCookies)).toEqual(cookieNames(loginHop?.response.headers['set-cookie']));

    const test = await browser.go(login.location ?? '');
    expect(test.status).toBe(testHop?.response.status);
    expect(test.location).toBe(String(testHop?.response.headers.location).replace('http://127.0.0.1:8080', moodle.url));

    const launch = await browser.go(test.location ?? '');
    expect(launch.status).toBe(launchHop?.response.status);
    expect(cookieNames(launch.setCookies)).toEqual(cookieNames(launchHop?.response.headers['set-cookie']));
    const { siteid, token } = decodeLaunch(launch.location);
    expect(siteid).toBe(createHash('md5').update(`${moodle.url}123`).digest('hex'));
    const info = (await callRest(moodle.url, token, 'core_webservice_get_site_info')) as { username: string };
    expect(info.username).toBe('student1');
    expect(browser.cookies.has('tool_mobile_launch')).toBe(false);
  });

  it('the recorded site id is md5(wwwroot + passport)', () => {
    const flow = recording('launch.typeoflogin1.login_flow.json') as { decoded?: { siteid: string } };
    expect(flow.decoded?.siteid).toBe(createHash('md5').update('http://127.0.0.1:8080123').digest('hex'));
  });

  it('typeoflogin 1 with a session that already viewed a page: 404, no token', async () => {
    const [hop] = recording('launch.typeoflogin1.logged_in_session.json').hops ?? [];
    await browser.login('student1');
    const dashboard = await browser.go('/my/');
    expect(titleOf(dashboard.html)).toBe('Dashboard | testschule');
    const answer = await browser.go(LAUNCH);
    expect(answer.status).toBe(hop?.response.status);
    expect(cookieNames(answer.setCookies)).toEqual(cookieNames(hop?.response.headers['set-cookie']));
    expect(answer.location).toBeNull();
  });

  it('typeoflogin 2: a logged-in session gets the 302 at once; the urlscheme is forced to schuldesk', async () => {
    const [hop] = recording('launch.typeoflogin2.logged_in_session.json').hops ?? [];
    moodle.state.setTypeOfLogin(2);
    await browser.login('teacher1');
    await browser.go('/my/');
    const answer = await browser.go(LAUNCH.replace('urlscheme=schuldesk', 'urlscheme=moodlemobile'));
    expect(answer.status).toBe(hop?.response.status);
    expect(cookieNames(answer.setCookies)).toEqual(cookieNames(hop?.response.headers['set-cookie']));
    const { token } = decodeLaunch(answer.location);
    expect(moodle.state.tokens.get(token)?.userId).toBe(3);
  });

  it('typeoflogin 2 without session: 303 to the login page, which is a form; after login the app is launched', async () => {
    const hops = recording('launch.typeoflogin2.not_logged_in.json').hops ?? [];
    moodle.state.setTypeOfLogin(2);
    const answer = await browser.go(LAUNCH);
    expect(answer.status).toBe(hops[0]?.response.status);
    expect(answer.location).toBe(`${moodle.url}/login/index.php`);
    expect(cookieNames(answer.setCookies)).toEqual(cookieNames(hops[0]?.response.headers['set-cookie']));
    const form = await browser.go(answer.location ?? '');
    expect(form.status).toBe(hops[1]?.response.status);
    expect(titleOf(form.html)).toBe('Log in to the site | testschule');

    const login = await browser.login('student2');
    const test = await browser.go(login.location ?? '');
    const launch = await browser.go(test.location ?? '');
    const { token } = decodeLaunch(launch.location);
    expect(moodle.state.tokens.get(token)?.userId).toBe(5);
  });

  it('a wrong password shows the form again with the error, and no launch follows', async () => {
    await browser.go(LAUNCH);
    const answer = await browser.login('student1', 'falsch');
    expect(answer.status).toBe(200);
    expect(answer.html).toContain('Invalid login, please try again');
    const again = await browser.go(LAUNCH);
    expect(again.status).toBe(404);
  });

  it('a suspended account cannot log in in the browser', async () => {
    const answer = await browser.login('student4');
    expect(answer.status).toBe(200);
    expect(answer.html).toContain('Invalid login, please try again');
    expect(moodle.state.sessions.size).toBeGreaterThan(0);
    expect([...moodle.state.sessions.values()].every((s) => s.userId === null)).toBe(true);
  });
});

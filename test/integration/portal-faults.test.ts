// The portal layer over real HTTP on 127.0.0.1 against small servers that misbehave the way
// overloaded portals, proxies and captive portals do. Recorded real-Moodle bodies are served
// where Moodle would answer. Sleeps are injected (no real backoff waiting).
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { portalRejection, testHttpClient } from '../support/portal-client';
import { getCACertificates, setDefaultCACertificates } from 'node:tls';
import { InvalidResponseError, MoodleWsError, PortalUnreachableError, SessionExpiredError, SiteCheckError } from '../../main/portal/errors';
import type { PortalError } from '../../main/portal/errors';
import { MoodleClient } from '../../main/portal/moodle-client';
import { loginWithPassword } from '../../main/portal/password-login';
import { checkSite } from '../../main/portal/site-check';
import { contractBody, UNMASKED } from '../support/portal-contract';
import { hasOpenssl, makeTestCertificates } from '../support/http-tls-certs';
import { json, startHttpsServer, startServer } from '../support/http-test-server';
import type { Handler, TestServer } from '../support/http-test-server';

const TOKEN = UNMASKED.token;
const servers: TestServer[] = [];
afterEach(async () => {
  await Promise.all(servers.splice(0).map((server) => server.close()));
});

async function serve(handler: Handler): Promise<TestServer> {
  const server = await startServer(handler);
  servers.push(server);
  return server;
}

const client = testHttpClient;

async function rejection(promise: Promise<unknown>): Promise<PortalError> {
  const error = await portalRejection(promise);
  // Whatever failed, the token never shows up in what we would log.
  expect(error.message).not.toContain(TOKEN);
  expect(String(error.stack)).not.toContain(TOKEN);
  return error;
}

const SITE_INFO = contractBody('core_webservice_get_site_info.student1.json');
const COURSES = contractBody('core_enrol_get_users_courses.student1.json');

describe('callFunction over misbehaving HTTP', () => {
  it('posts the form the recording shows and validates the answer', async () => {
    const server = await serve((_req, res) => json(res, COURSES));
    const courses = await new MoodleClient(client()).callFunction(server.url, TOKEN, 'core_enrol_get_users_courses', { userid: 4, returnusercount: 0 });
    expect(courses.map((course) => course.shortname)).toEqual(['DE7B', 'MA7B']);
    const seen = server.requests[0];
    expect(seen?.method).toBe('POST');
    expect(seen?.url).toBe('/webservice/rest/server.php');
    expect(seen?.headers['content-type']).toBe('application/x-www-form-urlencoded');
    expect(seen?.body).toBe(
      `wstoken=${TOKEN}&wsfunction=core_enrol_get_users_courses&moodlewsrestformat=json&moodlewssettingfilter=1&moodlewssettingfileurl=1&userid=4&returnusercount=0`,
    );
  });

  it('retries a read after 503 + Retry-After, then succeeds', async () => {
    let calls = 0;
    const server = await serve((_req, res) => {
      calls++;
      if (calls === 1) {
        res.writeHead(503, { 'retry-after': '3', 'content-type': 'text/html' });
        res.end('<h1>503 Service Unavailable</h1>');
        return;
      }
      json(res, SITE_INFO);
    });
    const sleeps: number[] = [];
    const moodle = new MoodleClient(client({ sleep: async (ms) => void sleeps.push(ms) }));
    const info = await moodle.callFunction(server.url, TOKEN, 'core_webservice_get_site_info');
    expect(info.userid).toBe(4);
    expect(server.requests).toHaveLength(2);
    expect(sleeps[0]).toBeGreaterThanOrEqual(3000);
  });

  it('sends a write only once on 503 and hands Retry-After to the caller', async () => {
    const server = await serve((_req, res) => {
      res.writeHead(503, { 'retry-after': '30' });
      res.end();
    });
    const error = await rejection(new MoodleClient(client()).callFunction(server.url, TOKEN, 'mod_assign_save_submission', { assignmentid: 1, plugindata: { onlinetext_editor: { text: 'x', format: 1, itemid: 0 } } }));
    expect(error).toBeInstanceOf(PortalUnreachableError);
    expect(error.code).toBe('server-overloaded');
    expect(error.retryAfterMs).toBe(30_000);
    expect(error.retryable).toBe(true);
    expect(server.requests).toHaveLength(1);
  });

  it('turns Moodle’s HTTP-200 exception into a typed error', async () => {
    const server = await serve((_req, res) => json(res, contractBody('error.invalid_token.json')));
    const error = await rejection(new MoodleClient(client()).callFunction(server.url, TOKEN, 'core_webservice_get_site_info'));
    expect(error).toBeInstanceOf(SessionExpiredError);
    expect(server.requests).toHaveLength(1);
  });

  it('reports an HTML page instead of JSON (proxy or captive portal)', async () => {
    const server = await serve((_req, res) => {
      res.writeHead(200, { 'content-type': 'text/html; charset=utf-8' });
      res.end('<!DOCTYPE html><html><head><title>Schul-WLAN</title></head><body>Bitte anmelden</body></html>');
    });
    const error = await rejection(new MoodleClient(client()).callFunction(server.url, TOKEN, 'core_enrol_get_users_courses', { userid: 4 }));
    expect(error).toBeInstanceOf(InvalidResponseError);
    expect(error.code).toBe('html-response');
  });

  it('reports truncated JSON', async () => {
    const full = JSON.stringify(COURSES);
    const server = await serve((_req, res) => {
      res.writeHead(200, { 'content-type': 'application/json' });
      res.end(full.slice(0, Math.floor(full.length / 2)));
    });
    const error = await rejection(new MoodleClient(client()).callFunction(server.url, TOKEN, 'core_enrol_get_users_courses', { userid: 4 }));
    expect(error.code).toBe('invalid-json');
  });

  it('reports a connection cut in the middle of the answer after retrying the read', async () => {
    const full = JSON.stringify(COURSES);
    const server = await serve((req, res) => {
      res.writeHead(200, { 'content-type': 'application/json', 'content-length': String(full.length) });
      res.write(full.slice(0, 100), () => req.socket.destroy());
    });
    const error = await rejection(new MoodleClient(client()).callFunction(server.url, TOKEN, 'core_enrol_get_users_courses', { userid: 4 }, { maxAttempts: 2 }));
    expect(error.code).toBe('response-interrupted');
    expect(server.requests).toHaveLength(2);
  });

  it('times out an answer that never ends', async () => {
    const server = await serve((_req, res) => {
      res.writeHead(200, { 'content-type': 'application/json' });
      res.write('[');
    });
    const error = await rejection(new MoodleClient(client({ timeoutMs: 250 })).callFunction(server.url, TOKEN, 'core_course_get_contents', { courseid: 2 }, { maxAttempts: 1 }));
    expect(error.code).toBe('timeout');
  });

  it('stops a response 2 MB over the size limit', async () => {
    const server = await serve(async (_req, res) => {
      res.writeHead(200, { 'content-type': 'application/json' });
      const piece = Buffer.from(`${JSON.stringify({ id: 1, padding: 'x'.repeat(8000) })},`);
      res.write('[');
      let sent = 0;
      while (sent < 3 * 1024 * 1024 && !res.destroyed) {
        sent += piece.length;
        if (!res.write(piece)) await new Promise((resolve) => res.once('drain', resolve));
      }
      res.end('{}]');
    });
    const http = client();
    const error = await rejection(new MoodleClient(http).callFunction(server.url, TOKEN, 'core_course_get_contents', { courseid: 2 }, { maxResponseBytes: 1024 * 1024 }));
    expect(error.code).toBe('response-too-large');
    expect(http.stats().bytesReceived).toBeLessThan(3 * 1024 * 1024);
  });

  it('does not follow a redirect, so the token never reaches the other host', async () => {
    const other = await serve((_req, res) => json(res, SITE_INFO));
    const server = await serve((_req, res) => {
      res.writeHead(307, { location: `${other.url.replace('127.0.0.1', 'localhost')}/webservice/rest/server.php` });
      res.end();
    });
    const error = await rejection(new MoodleClient(client()).callFunction(server.url, TOKEN, 'core_webservice_get_site_info'));
    expect(error.code).toBe('unexpected-redirect');
    expect(error.data.targetOrigin).toBe(other.url.replace('127.0.0.1', 'localhost'));
    expect(other.requests).toHaveLength(0);
  });

  it('answers 403 with an empty body as "web services switched off" (Moodle’s REST server does that)', async () => {
    const server = await serve((_req, res) => {
      res.writeHead(403, { 'content-type': 'text/html' });
      res.end();
    });
    const error = await rejection(new MoodleClient(client()).callFunction(server.url, TOKEN, 'core_webservice_get_site_info'));
    expect(error).toBeInstanceOf(MoodleWsError);
    expect(error.code).toBe('webservices-disabled');
  });

  it('opens the circuit after repeated failures and then fails fast without a request', async () => {
    const server = await serve((_req, res) => {
      res.writeHead(502);
      res.end();
    });
    const moodle = new MoodleClient(client({ retry: { maxAttempts: 1 }, circuitBreaker: { failureThreshold: 3, coolDownMs: 60_000 } }));
    for (let i = 0; i < 3; i++) expect((await rejection(moodle.callFunction(server.url, TOKEN, 'core_webservice_get_site_info'))).code).toBe('server-error');
    const fast = await rejection(moodle.callFunction(server.url, TOKEN, 'core_webservice_get_site_info'));
    expect(fast.code).toBe('circuit-open');
    expect(fast.retryAfterMs).toBeGreaterThan(0);
    expect(server.requests).toHaveLength(3);
  });

  it('uploads files as multipart and returns the draft item', async () => {
    const server = await serve((_req, res) => {
      res.writeHead(200, { 'content-type': 'text/plain; charset=utf-8' });
      res.end(JSON.stringify(contractBody('webservice_upload.student1.json')));
    });
    const files = await new MoodleClient(client()).uploadFiles(server.url, TOKEN, [{ filename: 'Rechenweg_Lena.pdf', content: new TextEncoder().encode('%PDF-1.4 x'), mimetype: 'application/pdf' }]);
    expect(files[0]?.itemid).toBe(125589844);
    const seen = server.requests[0];
    expect(seen?.url).toBe('/webservice/upload.php');
    expect(seen?.headers['content-type']).toMatch(/^multipart\/form-data; boundary=/);
    expect(seen?.body).toContain('name="file_1"; filename="Rechenweg_Lena.pdf"');
    expect(seen?.body).toContain('%PDF-1.4 x');
  });
});

describe('site check over HTTP', () => {
  const PUBLIC_CONFIG = contractBody('tool_mobile_get_public_config.nologin.json') as [{ data: Record<string, unknown> }];

  /** Answers service-nologin.php like the recorded Moodle, with wwwroot = this server. */
  function moodleLike(patch: Record<string, unknown> = {}): Handler {
    return (req, res) => {
      const host = `http://${req.headers.host ?? ''}`;
      json(res, [{ error: false, data: { ...PUBLIC_CONFIG[0].data, wwwroot: host, httpswwwroot: host, launchurl: `${host}/admin/tool/mobile/launch.php`, ...patch } }]);
    };
  }

  it('asks as the Moodle app does and returns the portal', async () => {
    const server = await serve(moodleLike());
    const site = await checkSite(client(), `${server.url}/login/index.php`, { lang: 'de' });
    expect(site).toMatchObject({ siteUrl: server.url, name: 'Heldout Schule (Moodle test peer)', typeOfLogin: 'app', launchUrl: `${server.url}/admin/tool/mobile/launch.php` });
    const seen = server.requests[0];
    expect(seen?.method).toBe('POST');
    expect(seen?.url).toBe('/lib/ajax/service-nologin.php?info=tool_mobile_get_public_config&lang=de');
    expect(JSON.parse(seen?.body ?? '')).toEqual([{ index: 0, methodname: 'tool_mobile_get_public_config', args: {} }]);
  });

  it.each([
    ['a 404 page', (_req: unknown, res: Parameters<Handler>[1]) => void (res.writeHead(404, { 'content-type': 'text/html' }), res.end('<h1>Not Found</h1>')), 'not-moodle'],
    ['a web page with status 200', (_req: unknown, res: Parameters<Handler>[1]) => void (res.writeHead(200, { 'content-type': 'text/html' }), res.end('<html>Willkommen</html>')), 'not-moodle'],
    ['other JSON', (_req: unknown, res: Parameters<Handler>[1]) => json(res, { status: 'ok' }), 'not-moodle'],
    ['an AJAX error', (_req: unknown, res: Parameters<Handler>[1]) => json(res, [{ error: true, exception: { errorcode: 'invalidrecord', message: 'x' } }]), 'site-not-supported'],
  ])('refuses %s', async (_name, handler, code) => {
    const server = await serve(handler as Handler);
    const error = await rejection(checkSite(client(), server.url));
    expect(error).toBeInstanceOf(SiteCheckError);
    expect(error.code).toBe(code);
  });

  it('recognises Moodle’s CLI maintenance (503 "Moodle under maintenance", Retry-After 300) without waiting 5 minutes', async () => {
    const server = await serve((_req, res) => {
      res.writeHead(503, 'Moodle under maintenance', { 'retry-after': '300', 'content-type': 'text/html' });
      res.end('<html><body>Wartung</body></html>');
    });
    const sleeps: number[] = [];
    const error = await rejection(checkSite(client({ sleep: async (ms) => void sleeps.push(ms) }), server.url));
    expect(error.code).toBe('maintenance');
    expect(sleeps).toEqual([]);
    expect(server.requests).toHaveLength(1);
  });

  it('refuses a redirect to another host and names it', async () => {
    const other = await serve(moodleLike());
    const server = await serve((_req, res) => {
      res.writeHead(302, { location: `http://localhost:${other.port}/lib/ajax/service-nologin.php?info=tool_mobile_get_public_config` });
      res.end();
    });
    const error = await rejection(checkSite(client(), server.url));
    expect(error.code).toBe('redirect-other-host');
    expect(error.data.targetOrigin).toBe(`http://localhost:${other.port}`);
    expect(other.requests).toHaveLength(0);
  });

  it('reports web services switched off from the public config', async () => {
    const server = await serve(moodleLike({ enablewebservices: 0 }));
    expect((await rejection(checkSite(client(), server.url))).code).toBe('webservices-disabled');
  });

  it('reports a refused connection as unreachable', async () => {
    const server = await serve(() => {});
    const url = server.url;
    await server.close();
    servers.splice(servers.indexOf(server), 1);
    const error = await rejection(checkSite(client(), url));
    expect(error).toBeInstanceOf(PortalUnreachableError);
    expect(error.code).toBe('connection-failed');
  });
});

describe('password login over HTTP', () => {
  it('gets the token, then the site info, and never puts the password anywhere but the token request', async () => {
    const server = await serve((req, res, seen) => {
      if (req.url === '/login/token.php') {
        json(res, { token: TOKEN, privatetoken: null });
        return;
      }
      expect(seen.body).not.toContain('Schule-2026');
      // Site info and the require_login probe in one batched request; the probe is refused (a site
      // where students have no private files): the login still works.
      expect(seen.body).toContain('wsfunction=tool_mobile_call_external_functions');
      json(res, { responses: [
        { error: false, data: JSON.stringify(SITE_INFO) },
        { error: true, exception: JSON.stringify({ exception: 'core\\exception\\required_capability_exception', errorcode: 'nopermissions', message: 'x' }) },
      ] });
    });
    const result = await loginWithPassword(client(), { site: server.url, username: ' student1 ', password: 'Schule-2026!' });
    expect(result).toMatchObject({ siteUrl: server.url, token: TOKEN, privateToken: null, release: '5.1+ (Build: 20251017)' });
    expect(result.user).toMatchObject({ id: 4, username: 'student1', fullname: 'Lena Müller', lang: 'en', privateAccessKey: UNMASKED.privateAccessKey });
    expect(result.functions).toContain('mod_assign_save_submission');
    expect(server.requests.map((r) => r.url)).toEqual(['/login/token.php', '/webservice/rest/server.php']);
    expect(server.requests[0]?.body).toBe('username=student1&password=Schule-2026%21&service=moodle_mobile_app');
  });

  it('a portal without the batch function: site info and the probe one by one; an account state from the batched probe stops the login', async () => {
    const server = await serve((req, res, seen) => {
      if (req.url === '/login/token.php') {
        json(res, { token: TOKEN, privatetoken: null });
        return;
      }
      if (seen.body.includes('wsfunction=tool_mobile_call_external_functions')) {
        json(res, { exception: 'moodle_exception', errorcode: 'invalidrecord', message: 'x' });
        return;
      }
      if (seen.body.includes('wsfunction=core_user_get_private_files_info')) {
        json(res, { exception: 'core\\exception\\required_capability_exception', errorcode: 'nopermissions', message: 'x' });
        return;
      }
      json(res, SITE_INFO);
    });
    const result = await loginWithPassword(client(), { site: server.url, username: 'student1', password: 'Schule-2026!' });
    expect(result.user).toMatchObject({ id: 4, username: 'student1' });
    expect(server.requests.map((r) => r.url)).toEqual(['/login/token.php', '/webservice/rest/server.php', '/webservice/rest/server.php', '/webservice/rest/server.php']);

    const policy = await serve((req, res) => {
      if (req.url === '/login/token.php') json(res, { token: TOKEN, privatetoken: null });
      else json(res, { responses: [{ error: false, data: JSON.stringify(SITE_INFO) }, { error: true, exception: JSON.stringify({ errorcode: 'sitepolicynotagreed', message: 'x' }) }] });
    });
    const error = await rejection(loginWithPassword(client(), { site: policy.url, username: 'student1', password: 'Schule-2026!' }));
    expect(error.code).toBe('site-policy-not-agreed');
  });

  it('reports a wrong password with Moodle’s recorded answer and sends it only once', async () => {
    const server = await serve((_req, res) => json(res, contractBody('login_token.wrong_password.json')));
    const error = await rejection(loginWithPassword(client(), { site: server.url, username: 'student1', password: 'Geheim-Passwort-123' }));
    expect(error.code).toBe('invalid-login');
    expect(error.message).not.toContain('Geheim-Passwort');
    expect(server.requests).toHaveLength(1);
  });
});

describe.skipIf(!hasOpenssl())('site check with TLS', () => {
  const originalCAs = getCACertificates('default');
  let tlsServer: TestServer;
  let selfSigned: TestServer;

  beforeAll(async () => {
    const certs = makeTestCertificates();
    setDefaultCACertificates([...originalCAs, certs.caCert]);
    const config = (contractBody('tool_mobile_get_public_config.nologin.json') as [{ data: Record<string, unknown> }])[0].data;
    const handler: Handler = (req, res) => {
      const host = `https://${req.headers.host ?? ''}`;
      json(res, [{ error: false, data: { ...config, wwwroot: host, httpswwwroot: host } }]);
    };
    tlsServer = await startHttpsServer(certs.valid, handler);
    selfSigned = await startHttpsServer(certs.selfSigned, handler);
  });

  afterAll(async () => {
    setDefaultCACertificates(originalCAs);
    await Promise.all([tlsServer.close(), selfSigned.close()]);
  });

  it('follows one http → https redirect on the same host', async () => {
    const plain = await serve((req, res) => {
      res.writeHead(301, { location: `https://127.0.0.1:${tlsServer.port}${req.url ?? '/'}` });
      res.end();
    });
    const site = await checkSite(client(), plain.url);
    expect(site.siteUrl).toBe(tlsServer.url);
    expect(plain.requests).toHaveLength(1);
  });

  it('refuses a self-signed certificate with its own code', async () => {
    const error = await rejection(checkSite(client(), selfSigned.url));
    expect(error.code).toBe('tls-certificate-untrusted');
    expect(error.retryable).toBe(false);
  });
});

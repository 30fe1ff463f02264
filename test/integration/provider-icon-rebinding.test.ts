// DNS rebinding against the identity-provider icon fetch, over real HTTPS on 127.0.0.x.
// A hostile DNS server answers a public address to the host check and 127.0.0.1 to everything after
// (TTL 0). The connection must use only the address the check passed: the service on 127.0.0.1 sees
// no connection at all. The "public" icon host is a stand-in: the check sees the public address
// 93.184.215.14 (the real rule, no test rule), and the seam `routeAddress` routes
// exactly that checked address to a server on 127.0.0.2; every other address is connected to as is.
// Both servers serve a certificate valid for the icon's host name (test CA from the policy's trusted
// CAs), so a connection that went to the wrong one would succeed and be counted.
import { createServer } from 'node:https';
import type { Server } from 'node:https';
import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { HttpClient, HttpClientError } from '../../main/net/http-client';
import { pinnedHttpsFetch } from '../../main/net/pinned-fetch';
import { TrustedCaList } from '../../main/net/trusted-cas';
import { fetchProviderIconDataUrl } from '../../main/portal/site-images';
import { hasOpenssl, makeTestCertificates } from '../support/http-tls-certs';
import type { TestCertificates } from '../support/http-tls-certs';

const opensslAvailable = hasOpenssl();
if (!opensslAvailable) console.warn('openssl CLI not found: icon rebinding tests over TLS skipped (the lookup seam is unit-tested).');

const SITE = 'https://moodle.schule.example';
/** The host name the test CA's "wrongHost" leaf is valid for. */
const ICON_HOST = 'moodle.other-school.example';
const PUBLIC_ADDRESS = '93.184.215.14';
const PNG = Buffer.from('89504e470d0a1a0a0000000d49484452000000010000000108060000001f15c4890000000d4944415478da63f8cfc0f01f0005000201a0c2b2d50000000049454e44ae426082', 'hex');

interface CountingServer {
  server: Server;
  port: number;
  /** TCP connections accepted (before any TLS or HTTP). */
  connections: number;
  requests: string[];
  /** Called with each request; answers by default with the PNG. */
  onRequest?: (path: string, respond: (status: number, headers: Record<string, string>, body?: Buffer) => void) => boolean;
}

async function startCounting(keyPair: { key: string; cert: string }, host: string, port: number): Promise<CountingServer> {
  const counting: CountingServer = { server: createServer({ key: keyPair.key, cert: keyPair.cert }), port: 0, connections: 0, requests: [] };
  counting.server.on('connection', () => counting.connections++);
  counting.server.on('request', (req, res) => {
    const path = req.url ?? '/';
    counting.requests.push(path);
    const respond = (status: number, headers: Record<string, string>, body?: Buffer): void => void res.writeHead(status, headers).end(body);
    if (counting.onRequest?.(path, respond)) return;
    if (path === '/redirect.png') respond(302, { location: 'https://127.0.0.1/' });
    else if (path === '/huge.svg') respond(200, { 'content-type': 'image/svg+xml' }, Buffer.alloc(300 * 1024, 0x20));
    else respond(200, { 'content-type': 'image/png' }, PNG);
  });
  await new Promise<void>((resolve, reject) => {
    counting.server.once('error', reject);
    counting.server.listen(port, host, () => resolve());
  });
  counting.port = (counting.server.address() as AddressInfo).port;
  return counting;
}

async function stop(counting: CountingServer | undefined): Promise<void> {
  if (!counting) return;
  counting.server.closeAllConnections();
  await new Promise<void>((resolve) => counting.server.close(() => resolve()));
}

/** A hostile resolver: the icon host's first answer is public, every later one 127.0.0.1; the portal is public. */
function rebindingResolver(): { resolve: (hostname: string) => Promise<string[]>; iconLookups: () => number } {
  let iconLookups = 0;
  return {
    resolve: async (hostname) => {
      if (hostname !== ICON_HOST) return [PUBLIC_ADDRESS];
      iconLookups++;
      return iconLookups === 1 ? [PUBLIC_ADDRESS] : ['127.0.0.1'];
    },
    iconLookups: () => iconLookups,
  };
}

const routeAddress = (address: string): string => (address === PUBLIC_ADDRESS ? '127.0.0.2' : address);

describe.skipIf(!opensslAvailable)('an identity provider icon over a connection pinned to the checked address', () => {
  let certs: TestCertificates;
  let standIn: CountingServer | undefined;
  let victim: CountingServer | undefined;
  const trusted = new TrustedCaList();
  const holder = Symbol('provider-icon-rebinding test');
  const http = new HttpClient({ sleep: async () => {}, random: () => 0.5 });
  const iconUrl = (path: string): string => `https://${ICON_HOST}:${standIn?.port}${path}`;

  beforeAll(async () => {
    certs = makeTestCertificates();
    // The stand-in public host on 127.0.0.2, the loopback service on 127.0.0.1 at the same port.
    standIn = await startCounting(certs.wrongHost, '127.0.0.2', 0);
    victim = await startCounting(certs.wrongHost, '127.0.0.1', standIn.port);
  });

  afterAll(async () => {
    trusted.release(holder);
    await stop(standIn);
    await stop(victim);
  });

  it('certificates are still validated: without the policy CA nothing is fetched and no request is sent', async () => {
    const { resolve } = rebindingResolver();
    expect(await fetchProviderIconDataUrl(http, SITE, iconUrl('/logo.png'), [], { resolve, routeAddress })).toBeNull();
    expect(standIn?.requests).toEqual([]);
    expect(victim?.connections).toBe(0);
  });

  it('with the policy CA (tls default list): a public icon is fetched, from the checked address only — rebinding to 127.0.0.1 reaches nothing', async () => {
    expect(trusted.request(holder, [certs.caCert])).toBe(1);
    const dns = rebindingResolver();
    const before = standIn?.requests.length ?? 0;
    expect(await fetchProviderIconDataUrl(http, SITE, iconUrl('/logo.png'), [], { resolve: dns.resolve, routeAddress })).toBe(`data:image/png;base64,${PNG.toString('base64')}`);
    expect(standIn?.requests.slice(before)).toEqual(['/logo.png']);
    // One question to DNS for the icon's host (the check's); the connection asked none.
    expect(dns.iconLookups()).toBe(1);
    expect(victim?.connections).toBe(0);
    expect(victim?.requests).toEqual([]);

    // The next check gets 127.0.0.1 from the same resolver and refuses.
    expect(await fetchProviderIconDataUrl(http, SITE, iconUrl('/logo.png'), [], { resolve: dns.resolve, routeAddress })).toBeNull();
    expect(dns.iconLookups()).toBe(2);
    expect(victim?.connections).toBe(0);
  });

  it('the limits stay: a redirect is not followed, an oversized image gives nothing', async () => {
    trusted.request(holder, [certs.caCert]);
    const dns = rebindingResolver();
    expect(await fetchProviderIconDataUrl(http, SITE, iconUrl('/redirect.png'), [], { resolve: dns.resolve, routeAddress })).toBeNull();
    expect(await fetchProviderIconDataUrl(http, SITE, iconUrl('/huge.svg'), [], { resolve: rebindingResolver().resolve, routeAddress })).toBeNull();
    expect(victim?.connections).toBe(0);
  });

  it('a portal that is non-public only by its DNS answer must show its certificate there before a LAN/loopback icon host is contacted', async () => {
    trusted.request(holder, [certs.caCert]);
    // The icon host: a service on 127.0.0.1 (certificate valid for 127.0.0.1, so a request would succeed).
    const service = await startCounting(certs.valid, '127.0.0.1', 0);
    // What the portal's name is answered with: 10.0.0.7, here 127.0.0.2 — either a LAN device
    // (certificate not for the portal's name) or the real intranet portal (certificate for its name).
    const lanDevice = await startCounting(certs.valid, '127.0.0.2', 0);
    const intranetPortal = await startCounting(certs.wrongHost, '127.0.0.2', 0);
    // The portal's name is the one the "wrongHost" certificate is valid for.
    const portal = (port: number): string => `https://${ICON_HOST}:${port}`;
    const resolve = async (hostname: string): Promise<string[]> => (hostname === ICON_HOST ? ['10.0.0.7'] : ['127.0.0.1']);
    const routeIntranet = (address: string): string => (address === '10.0.0.7' ? '127.0.0.2' : address);
    const icon = `https://127.0.0.1:${service.port}/logo.png`;
    try {
      // A hostile public Moodle whose DNS says "10.0.0.7" to this one question: its certificate is not there.
      expect(await fetchProviderIconDataUrl(http, portal(lanDevice.port), icon, [], { resolve, routeAddress: routeIntranet })).toBeNull();
      expect(lanDevice.connections).toBe(1);
      expect(lanDevice.requests).toEqual([]);
      expect(service.connections).toBe(0);
      // The real intranet portal at that address: proven, the icon is fetched (the portal is sent no request).
      expect(await fetchProviderIconDataUrl(http, portal(intranetPortal.port), icon, [], { resolve, routeAddress: routeIntranet })).toBe(
        `data:image/png;base64,${PNG.toString('base64')}`,
      );
      expect(intranetPortal.connections).toBe(1);
      expect(intranetPortal.requests).toEqual([]);
      expect(service.requests).toEqual(['/logo.png']);
    } finally {
      await stop(service);
      await stop(lanDevice);
      await stop(intranetPortal);
    }
  });

  it('the pinned transport honours the client’s abort signal (its timeout works the same way)', async () => {
    trusted.request(holder, [certs.caCert]);
    let respondLater: (() => void) | undefined;
    const seen = new Promise<void>((resolveSeen) => {
      if (!standIn) return;
      standIn.onRequest = (path, respond) => {
        if (path !== '/hang.png') return false;
        respondLater = () => respond(200, { 'content-type': 'image/png' }, PNG);
        resolveSeen();
        return true;
      };
    });
    const controller = new AbortController();
    const fetch = pinnedHttpsFetch({ hostname: ICON_HOST, addresses: [PUBLIC_ADDRESS] }, { routeAddress });
    const pending = http.request({ url: iconUrl('/hang.png'), fetch, maxAttempts: 1, signal: controller.signal });
    await seen;
    controller.abort(new Error('stop'));
    const error = await pending.then(
      () => null,
      (caught: unknown) => caught,
    );
    respondLater?.();
    expect(error).toBeInstanceOf(HttpClientError);
    expect((error as HttpClientError).kind).toBe('aborted');
    if (standIn) standIn.onRequest = undefined;
  });
});

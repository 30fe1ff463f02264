// A malicious or compromised Moodle names the identity providers' icon URLs
// in tool_mobile_get_public_config, and main fetches them before the student clicks anything.
// Such a URL must not make the student's machine request loopback, the LAN or the intranet
// (SSRF), by address, by name, or by a public-looking name that resolves there.
import { createServer } from 'node:net';
import type { AddressInfo, Server, Socket } from 'node:net';
import { describe, expect, it } from 'vitest';
import { fetchProviderIconDataUrl } from '../../main/portal/site-images';
import { HttpClient } from '../../main/net/http-client';
import { pinnedHttpsFetch, pinnedLookup } from '../../main/net/pinned-fetch';
import { decideIconSource, isNonPublicAddress, isNonPublicHostname, planIconFetch } from '../../main/security/icon-source';
import { startServer } from '../support/http-test-server';

const SITE = 'https://moodle.schule.example';
const PUBLIC = ['93.184.215.14'];


/** A TCP server on 127.0.0.1 that counts and drops every connection (nothing may reach it). */
async function countingServer(): Promise<{ sockets: Socket[]; server: Server; port: number }> {
  const sockets: Socket[] = [];
  const server = createServer((socket) => {
    sockets.push(socket);
    socket.destroy();
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return { sockets, server, port: (server.address() as AddressInfo).port };
}

describe('which hosts an identity-provider icon may come from', () => {
  it('loopback, private, link-local, CGNAT, multicast, unspecified and IPv4-mapped addresses are not public', () => {
    for (const address of ['127.0.0.1', '10.1.2.3', '172.16.0.9', '192.168.178.1', '169.254.169.254', '100.64.1.1', '0.0.0.0', '224.0.0.1', '::1', '::', 'fe80::1', 'fd00::5', '::ffff:7f00:1', '::ffff:10.0.0.1']) {
      expect(isNonPublicAddress(address), address).toBe(true);
    }
    for (const address of ['93.184.215.14', '2a00:1450:4001:82b::200e', '172.32.0.1', '11.0.0.1']) {
      expect(isNonPublicAddress(address), address).toBe(false);
    }
  });

  it('host names: localhost, *.localhost, single labels and intranet suffixes are not public; URL-normalised IP forms are caught', () => {
    for (const url of ['https://localhost/i.png', 'https://LOCALHOST./i.png', 'https://idp.localhost/i.png', 'https://router/i.png', 'https://nas.local/i.png', 'https://sso.schule.internal/i.png', 'https://fritz.box.home.arpa/i.png', 'https://0x7f.1/i.png', 'https://2130706433/i.png', 'https://[::ffff:127.0.0.1]/i.png', 'https://[::1]:8443/i.png']) {
      expect(isNonPublicHostname(new URL(url).hostname), url).toBe(true);
    }
    expect(isNonPublicHostname('idp.land.example')).toBe(false);
  });

  it('without a policy list: a public https host yes; loopback, LAN and intranet no — also when a public name resolves there', () => {
    const decide = (iconUrl: string, iconAddresses: readonly string[]) => decideIconSource(iconUrl, { siteUrl: SITE, allowedOrigins: [], iconAddresses, portalAddresses: PUBLIC });
    expect(decide('https://idp.land.example/logo.png', PUBLIC)).toBe(true);
    expect(decide('https://127.0.0.1:9443/logo.png', ['127.0.0.1'])).toBe(false);
    expect(decide('https://192.168.178.1/logo.png', ['192.168.178.1'])).toBe(false);
    expect(decide('https://169.254.169.254/latest/meta-data', ['169.254.169.254'])).toBe(false);
    expect(decide('https://localhost/logo.png', ['127.0.0.1'])).toBe(false);
    expect(decide('https://intranet/logo.png', ['10.0.0.2'])).toBe(false);
    expect(decide('https://rebind.attacker.example/logo.png', ['93.184.215.14', '10.0.0.7'])).toBe(false);
    expect(decide('https://unresolvable.example/logo.png', [])).toBe(false);
    expect(decide('http://idp.land.example/logo.png', PUBLIC)).toBe(false);
    expect(decide('https://user:pw@idp.land.example/logo.png', PUBLIC)).toBe(false);
    expect(decide('data:image/svg+xml,<svg/>', [])).toBe(false);
  });

  it('the portal’s own origin always; an intranet portal may name an intranet IdP; a listed origin is the IT’s choice', () => {
    expect(decideIconSource(`${SITE}/theme/icon.png`, { siteUrl: SITE, allowedOrigins: [], iconAddresses: [], portalAddresses: PUBLIC })).toBe(true);
    expect(decideIconSource('https://idp.schule.lan/logo.png', { siteUrl: 'https://moodle.schule.lan', allowedOrigins: [], iconAddresses: ['10.0.0.3'], portalAddresses: ['10.0.0.2'] })).toBe(true);
    expect(decideIconSource('https://10.0.0.3/logo.png', { siteUrl: 'https://moodle.schule.example', allowedOrigins: [], iconAddresses: ['10.0.0.3'], portalAddresses: ['10.0.0.2'] })).toBe(true);
    expect(decideIconSource('https://idp.schule.lan/logo.png', { siteUrl: SITE, allowedOrigins: ['https://idp.schule.lan'], iconAddresses: [], portalAddresses: PUBLIC })).toBe(true);
    expect(decideIconSource('https://idp.land.example/logo.png', { siteUrl: SITE, allowedOrigins: ['https://idp.schule.lan'], iconAddresses: PUBLIC, portalAddresses: PUBLIC })).toBe(false);
  });
});

describe('the decision binds the connection', () => {
  it('an icon the address rule allowed is pinned to exactly the checked addresses; the portal’s own and a listed origin go direct', () => {
    const context = { siteUrl: SITE, allowedOrigins: [], portalAddresses: PUBLIC };
    expect(planIconFetch('https://idp.land.example/logo.png', { ...context, iconAddresses: ['93.184.215.14', '2a00:1450:4001:82b::200e'] })).toEqual({
      kind: 'pinned',
      hostname: 'idp.land.example',
      addresses: ['93.184.215.14', '2a00:1450:4001:82b::200e'],
      portalProof: null,
    });
    expect(planIconFetch('https://rebind.attacker.example/logo.png', { ...context, iconAddresses: ['93.184.215.14', '127.0.0.1'] })).toEqual({ kind: 'refused' });
    expect(planIconFetch('https://idp.schule.lan/logo.png', { siteUrl: 'https://moodle.schule.lan', allowedOrigins: [], iconAddresses: ['10.0.0.3'], portalAddresses: ['10.0.0.2'] })).toEqual({
      kind: 'pinned',
      hostname: 'idp.schule.lan',
      addresses: ['10.0.0.3'],
      portalProof: null,
    });
    expect(planIconFetch(`${SITE}/theme/icon.png`, { ...context, iconAddresses: [] })).toEqual({ kind: 'direct' });
    expect(planIconFetch('https://idp.land.example/logo.png', { ...context, allowedOrigins: ['https://idp.land.example'], iconAddresses: [] })).toEqual({ kind: 'direct' });
    expect(planIconFetch('https://idp.schule.lan/logo.png', { ...context, allowedOrigins: ['https://idp.schule.lan'], iconAddresses: [] })).toEqual({ kind: 'direct' });
  });

  it('a portal non-public only by its resolved addresses (its owner’s DNS may say so) must prove it is there before a non-public icon host is connected to', () => {
    // A public-looking portal name whose DNS answers 10.x (a real split-horizon intranet — or a hostile
    // public Moodle answering that to this one question): proof by TLS at exactly its non-public addresses.
    expect(planIconFetch('https://192.168.178.1/logo.png', { siteUrl: 'https://moodle.schule-x.de:8443', allowedOrigins: [], iconAddresses: ['192.168.178.1'], portalAddresses: ['93.184.215.14', '10.0.0.2'] })).toEqual({
      kind: 'pinned',
      hostname: '192.168.178.1',
      addresses: ['192.168.178.1'],
      portalProof: { hostname: 'moodle.schule-x.de', port: 8443, addresses: ['10.0.0.2'] },
    });
    // Over http the portal cannot prove anything: refused. Named as intranet (or an IP): no DNS involved, no proof.
    expect(planIconFetch('https://192.168.178.1/logo.png', { siteUrl: 'http://moodle.schule-x.de', allowedOrigins: [], iconAddresses: ['192.168.178.1'], portalAddresses: ['10.0.0.2'] })).toEqual({ kind: 'refused' });
    expect(planIconFetch('https://192.168.178.1/logo.png', { siteUrl: 'http://10.0.0.2', allowedOrigins: [], iconAddresses: ['192.168.178.1'], portalAddresses: ['10.0.0.2'] })).toMatchObject({ kind: 'pinned', portalProof: null });
    expect(planIconFetch('https://192.168.178.1/logo.png', { siteUrl: 'https://moodle.schule.lan', allowedOrigins: [], iconAddresses: ['192.168.178.1'], portalAddresses: ['10.0.0.2'] })).toMatchObject({ kind: 'pinned', portalProof: null });
  });

  it('the pinned lookup answers only the checked host, only with the checked addresses (of the asked family), and never asks DNS', async () => {
    const lookup = pinnedLookup({ hostname: 'IdP.Land.Example', addresses: ['93.184.215.14', '2a00:1450:4001:82b::200e'] });
    const ask = (hostname: string, options: Parameters<typeof lookup>[1]) =>
      new Promise<{ error: NodeJS.ErrnoException | null; result: unknown }>((resolve) =>
        lookup(hostname, options, (error, address, family) => resolve({ error, result: error ? null : options.all ? address : [address, family] })),
      );
    expect(await ask('idp.land.example', { all: true })).toEqual({
      error: null,
      result: [
        { address: '93.184.215.14', family: 4 },
        { address: '2a00:1450:4001:82b::200e', family: 6 },
      ],
    });
    expect(await ask('idp.land.example.', { family: 6 })).toEqual({ error: null, result: ['2a00:1450:4001:82b::200e', 6] });
    expect(await ask('idp.land.example', { family: 4, all: false })).toEqual({ error: null, result: ['93.184.215.14', 4] });
    const other = await ask('localhost', { all: true });
    expect(other.error?.code).toBe('ENOTFOUND');
    expect(await ask('idp.land.example', { all: true, family: 6 })).toEqual({ error: null, result: [{ address: '2a00:1450:4001:82b::200e', family: 6 }] });
    const onlyV4 = pinnedLookup({ hostname: 'idp.land.example', addresses: ['93.184.215.14'] });
    const missing = await new Promise<NodeJS.ErrnoException | null>((resolve) => onlyV4('idp.land.example', { family: 6 }, (error) => resolve(error)));
    expect(missing?.code).toBe('ENOTFOUND');
  });

  it('the pinned transport refuses another host, plain http, a body or a method other than GET/HEAD, and an IP host that was not checked — before connecting', async () => {
    const { sockets, server, port } = await countingServer();
    const fetch = pinnedHttpsFetch({ hostname: 'idp.land.example', addresses: ['93.184.215.14'] }, { routeAddress: () => '127.0.0.1' });
    const attempt = (input: string, init: RequestInit) =>
      fetch(input, init).then(
        () => 'fetched',
        (error: unknown) => (error instanceof TypeError ? 'failed like fetch' : 'other error'),
      );
    try {
      expect(await attempt(`https://127.0.0.1:${port}/logo.png`, {})).toBe('failed like fetch');
      expect(await attempt(`https://localhost:${port}/logo.png`, {})).toBe('failed like fetch');
      expect(await attempt(`http://idp.land.example:${port}/logo.png`, {})).toBe('failed like fetch');
      expect(await attempt(`https://idp.land.example:${port}/logo.png`, { method: 'POST', body: 'x' })).toBe('failed like fetch');
      expect(await attempt(`https://idp.land.example:${port}/logo.png`, { method: 'DELETE' })).toBe('failed like fetch');
      expect(sockets).toHaveLength(0);
      // The checked host does connect (the counter counts): to the checked address, routed to this server.
      expect(await attempt(`https://idp.land.example:${port}/logo.png`, {})).toBe('failed like fetch');
      expect(sockets).toHaveLength(1);
    } finally {
      await new Promise<void>((resolve) => server.close(() => resolve()));
    }
  });
});

describe('fetchProviderIconDataUrl never connects to a loopback service a public portal names', () => {
  it('no connection to 127.0.0.1 (by address or by a name that resolves there), nothing handed over', async () => {
    const { sockets, server, port } = await countingServer();
    const http = new HttpClient({ sleep: async () => {}, random: () => 0.5 });
    const lookup = async (hostname: string): Promise<string[]> => (hostname === 'moodle.schule.example' ? PUBLIC : ['127.0.0.1']);
    try {
      expect(await fetchProviderIconDataUrl(http, SITE, `https://127.0.0.1:${port}/logo.png`, [], { resolve: lookup })).toBeNull();
      expect(await fetchProviderIconDataUrl(http, SITE, `https://localhost:${port}/logo.png`, [], { resolve: lookup })).toBeNull();
      expect(sockets).toHaveLength(0);
    } finally {
      await new Promise<void>((resolve) => server.close(() => resolve()));
    }
  });
});

describe('what an allowed icon host can send back', () => {
  it('a redirect is not followed, HTML and oversized bodies give nothing, no cookie or token goes out; an image becomes a data: URL', async () => {
    const png = Buffer.from('89504e470d0a1a0a0000000d49484452000000010000000108060000001f15c4890000000d4944415478da63f8cfc0f01f0005000201a0c2b2d50000000049454e44ae426082', 'hex');
    const elsewhere = await startServer((_req, res) => void res.writeHead(200, { 'content-type': 'image/png' }).end(png));
    const portal = await startServer((req, res) => {
      if (req.url === '/icon.png') res.writeHead(200, { 'content-type': 'image/png', 'set-cookie': 'MoodleSession=abc' }).end(png);
      else if (req.url === '/redirect.png') res.writeHead(302, { location: `${elsewhere.url}/i.png` }).end();
      else if (req.url === '/page.png') res.writeHead(200, { 'content-type': 'text/html' }).end('<script>alert(1)</script>');
      else if (req.url === '/huge.svg') res.writeHead(200, { 'content-type': 'image/svg+xml' }).end(Buffer.alloc(300 * 1024, 0x20));
      else res.writeHead(404).end();
    });
    const http = new HttpClient({ sleep: async () => {}, random: () => 0.5 });
    const icon = (path: string) => fetchProviderIconDataUrl(http, portal.url, `${portal.url}${path}`, []);
    try {
      expect(await icon('/redirect.png')).toBeNull();
      expect(elsewhere.requests).toHaveLength(0);
      expect(await icon('/page.png')).toBeNull();
      expect(await icon('/huge.svg')).toBeNull();
      expect(await icon('/icon.png')).toBe(`data:image/png;base64,${png.toString('base64')}`);
      expect(await icon('/icon.png')).not.toBeNull();
      for (const seen of portal.requests) {
        expect(seen.headers.cookie).toBeUndefined();
        expect(seen.headers.authorization).toBeUndefined();
        expect(seen.url).not.toMatch(/token/i);
      }
    } finally {
      await portal.close();
      await elsewhere.close();
    }
  });
});

/**
 * A connection that goes only where a check said it may: a FetchFn for one https host over
 * node:https whose every name resolution is `pinnedLookup` — it answers the checked host name with
 * the addresses that passed the check and nothing else, without asking DNS again. So a DNS server
 * that answers one address to the check and another (loopback, the LAN) to the connection
 * (rebinding, TTL 0) is never asked the second time. Used by main/portal/site-images.ts for an
 * identity provider's icon; the HttpClient still applies its timeout, size limit and manual
 * redirects (HttpRequest.fetch).
 *
 * Certificates are validated as for global fetch: Node's default CA list, which includes the policy's
 * trusted CAs (main/net/trusted-cas.ts, tls.setDefaultCACertificates), against the host name (SNI).
 * No connection pool (`agent: false`): a socket opened by anyone else is never reused.
 * Only what the icon fetch needs: GET/HEAD without a body.
 */
import { request } from 'node:https';
import { connect } from 'node:tls';
import type { IncomingMessage } from 'node:http';
import { isIP } from 'node:net';
import type { LookupFunction } from 'node:net';
import { Readable } from 'node:stream';
import type { FetchFn } from './http-types';

export interface PinnedHost {
  /** The host name as checked (WHATWG URL form; IPv6 with or without brackets). */
  hostname: string;
  /** The addresses that passed the check: the only ones a connection may use. */
  addresses: readonly string[];
}

export interface PinnedFetchOptions {
  /**
   * Tests only: where a checked address is really connected to (a documentation address standing in
   * for a public host is routed to a 127.0.0.x test server). Default: the address itself.
   */
  routeAddress?: (address: string) => string;
}

function bareHost(hostname: string): string {
  const host = hostname.toLowerCase().replace(/\.$/, '');
  return host.startsWith('[') && host.endsWith(']') ? host.slice(1, -1) : host;
}

function notFound(hostname: string): NodeJS.ErrnoException {
  return Object.assign(new Error(`${hostname} has no checked address`), { code: 'ENOTFOUND', hostname });
}

/** net.connect's `lookup` for one checked host: its checked addresses (of the asked family), else ENOTFOUND. */
export function pinnedLookup(pin: PinnedHost, options: PinnedFetchOptions = {}): LookupFunction {
  const route = options.routeAddress ?? ((address: string) => address);
  const checkedHost = bareHost(pin.hostname);
  return (hostname, lookupOptions, callback) => {
    const family = lookupOptions.family === 'IPv4' ? 4 : lookupOptions.family === 'IPv6' ? 6 : lookupOptions.family;
    const entries = bareHost(hostname) !== checkedHost
      ? []
      : pin.addresses
          .map((address) => route(address))
          .map((address) => ({ address, family: isIP(address) }))
          .filter((entry) => entry.family !== 0 && (family === undefined || family === 0 || entry.family === family));
    const first = entries[0];
    if (!first) {
      process.nextTick(() => callback(notFound(hostname), '', 0));
      return;
    }
    if (lookupOptions.all) process.nextTick(() => callback(null, entries));
    else process.nextTick(() => callback(null, first.address, first.family));
  };
}

const NULL_BODY_STATUS = new Set([204, 205, 304]);

function headersOf(response: IncomingMessage): Headers {
  const headers = new Headers();
  const raw = response.rawHeaders;
  for (let i = 0; i + 1 < raw.length; i += 2) headers.append(raw[i] as string, raw[i + 1] as string);
  return headers;
}

function fetchFailed(cause: unknown): TypeError {
  return new TypeError('fetch failed', { cause });
}

/** A FetchFn that reaches only `pin.hostname`, over https, at `pin.addresses`. */
export function pinnedHttpsFetch(pin: PinnedHost, options: PinnedFetchOptions = {}): FetchFn {
  const lookup = pinnedLookup(pin, options);
  return (input, init) =>
    new Promise<Response>((resolve, reject) => {
      const url = new URL(input);
      const host = bareHost(url.hostname);
      const method = (init.method ?? 'GET').toUpperCase();
      if (url.protocol !== 'https:' || host !== bareHost(pin.hostname) || (method !== 'GET' && method !== 'HEAD') || (init.body !== undefined && init.body !== null)) {
        reject(fetchFailed(new Error('not the pinned https host, or not a bodiless GET/HEAD')));
        return;
      }
      // An IP host is connected to without any lookup (nor routeAddress): it must itself be a checked address.
      if (isIP(host) !== 0 && !pin.addresses.includes(host)) {
        reject(fetchFailed(notFound(host)));
        return;
      }
      const headers: Record<string, string> = {};
      new Headers(init.headers).forEach((value, name) => (headers[name] = value));
      const outgoing = request(
        {
          protocol: 'https:',
          host,
          port: url.port === '' ? 443 : Number(url.port),
          path: `${url.pathname}${url.search}`,
          method,
          headers,
          agent: false,
          lookup,
          signal: init.signal ?? undefined,
        },
        (response) => {
          const status = response.statusCode ?? 0;
          if (status < 200 || status > 599) {
            response.destroy();
            reject(fetchFailed(new Error(`status ${status}`)));
            return;
          }
          const empty = method === 'HEAD' || NULL_BODY_STATUS.has(status);
          if (empty) response.on('error', () => {}).resume();
          const body = empty ? null : (Readable.toWeb(response) as ReadableStream<Uint8Array>);
          resolve(new Response(body, { status, statusText: response.statusMessage ?? '', headers: headersOf(response) }));
        },
      );
      outgoing.on('error', (error) => reject(fetchFailed(error)));
      outgoing.end();
    });
}

/**
 * Whether `pin.hostname` really answers at its checked addresses: a TLS handshake pinned to them
 * that validates its certificate for that name (default CA list, policy CAs included). Nothing is
 * sent after the handshake. False on any failure or after `timeoutMs`.
 */
export function provePinnedTls(pin: PinnedHost, port: number, options: PinnedFetchOptions & { timeoutMs?: number } = {}): Promise<boolean> {
  const host = bareHost(pin.hostname);
  // An IP host connects without a lookup; it is its own proof only when it is a checked address.
  if (isIP(host) !== 0 && !pin.addresses.includes(host)) return Promise.resolve(false);
  return new Promise<boolean>((resolve) => {
    const socket = connect({
      host,
      port,
      servername: isIP(host) !== 0 ? undefined : host,
      lookup: pinnedLookup(pin, options),
      rejectUnauthorized: true,
      ALPNProtocols: ['http/1.1'],
    });
    const done = (proven: boolean): void => {
      socket.destroy();
      resolve(proven);
    };
    socket.setTimeout(options.timeoutMs ?? 5000, () => done(false));
    socket.once('secureConnect', () => done(socket.authorized));
    socket.once('error', () => done(false));
  });
}

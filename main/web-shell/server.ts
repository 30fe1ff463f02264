/**
 * The browser shell (dev/test only; electron-builder.yml keeps it out of installers): serves the
 * built renderer and binds the same services as the Electron app to a loopback HTTP API.
 *
 * Guarding a loopback API: any local page or process could call 127.0.0.1, so every API request
 * must carry the per-launch secret (header `X-SchulDesk-Secret`), a Host header naming this
 * server (defeats DNS rebinding), and — when a browser sends one — our own Origin.
 */
import { createServer } from 'node:http';
import type { IncomingMessage, Server, ServerResponse } from 'node:http';
import { createReadStream } from 'node:fs';
import { readFile } from 'node:fs/promises';
import { pipeline } from 'node:stream/promises';
import { timingSafeEqual } from 'node:crypto';
import type { AddressInfo } from 'node:net';
import { CACHED_FILE_ROUTE, cachedFileHeaders, cachedFileToken } from '../content/file-view';
import { dispatch } from '../ipc/dispatch';
import type { InputSchemas } from '../ipc/schemas';
import { describeError } from '../log/redact';
import type { Services } from '../services';
import { confineToRealRoot, contentTypeFor, resolveAppFile } from '../security/app-path';
import { APP_SECURITY_HEADERS } from '../security/csp';
import type { ErrorInfo } from '../../preload/contract/errors';

export const SECRET_HEADER = 'x-schuldesk-secret';

/** The browser shell's app version (npm sets it for `npm run web`): the boot and the first paint's early reader agree on it. */
export function shellAppVersion(env: NodeJS.ProcessEnv): string {
  return env.npm_package_version ?? '0.0.0-dev';
}
const MAX_API_BODY_BYTES = 1024 * 1024;
/** Calls one /api/batch request may carry (the first screen makes about ten at once). */
export const MAX_BATCH_CALLS = 32;

/** The services and the IPC input schemas: both come from the heavy half of the shell (./web-shell-boot.ts). */
export interface ServicesBinding {
  services: Services;
  inputSchemas: InputSchemas;
}

export interface WebShellOptions {
  /** Still booting is fine: static files are served at once, API calls wait (after a failed boot they answer `internal`; the entry ends the process). */
  services: ServicesBinding | Promise<ServicesBinding>;
  rendererDir: string;
  secret: string;
  port?: number;
  /** Told of each static file answered (its request path) and of each API request: the boot gate (boot-gate.ts). */
  onStaticServed?(path: string): void;
  onApiRequest?(): void;
  /** index.html as served (`/`, `/index.html`, client routes): the entry puts the stored first paint in. Must not throw. */
  indexHtml?(content: string): string;
}

export interface WebShell {
  server: Server;
  origin: string;
  /** The URL a person opens: the secret travels in the fragment, which browsers never send to servers or logs. */
  launchUrl: string;
  close(): Promise<void>;
}

export async function startWebShell(options: WebShellOptions): Promise<WebShell> {
  const { rendererDir, secret } = options;
  const binding = Promise.resolve(options.services);
  binding.catch(() => undefined); // reported by the entry, which owns the boot
  let origin = '';
  const openStreams = new Set<ServerResponse>();

  const server = createServer((req, res) => {
    handle(req, res).catch((error: unknown) => {
      console.error(`[web-shell] request failed: ${describeError(error)}`);
      if (!res.headersSent) sendJson(res, 500, { ok: false, error: { code: 'internal' } satisfies ErrorInfo });
      else res.end();
    });
  });

  async function handle(req: IncomingMessage, res: ServerResponse): Promise<void> {
    const url = new URL(req.url ?? '/', origin);
    if (req.headers.host !== new URL(origin).host) {
      sendJson(res, 421, { ok: false, error: { code: 'wrong-host' } satisfies ErrorInfo });
      return;
    }
    if (url.pathname.startsWith('/api/')) {
      if (!isAuthorized(req)) {
        sendJson(res, 403, { ok: false, error: { code: 'forbidden' } satisfies ErrorInfo });
        return;
      }
      options.onApiRequest?.();
      if (url.pathname === '/api/events' && req.method === 'GET') return streamEvents(res);
      const method = url.pathname.startsWith('/api/invoke/') ? decodeURIComponent(url.pathname.slice('/api/invoke/'.length)) : null;
      if (method !== null && req.method === 'POST') return invoke(req, res, method);
      if (url.pathname === '/api/batch' && req.method === 'POST') return invokeBatch(req, res);
      sendJson(res, 404, { ok: false, error: { code: 'unknown-path' } satisfies ErrorInfo });
      return;
    }
    if (req.method !== 'GET' && req.method !== 'HEAD') {
      res.writeHead(405, { Allow: 'GET, HEAD' }).end();
      return;
    }
    if (url.pathname === '/files' || url.pathname.startsWith(CACHED_FILE_ROUTE)) {
      await serveCachedFile(req, url, res);
      return;
    }
    await serveStatic(url.pathname, res);
  }

  function isAuthorized(req: IncomingMessage): boolean {
    const requestOrigin = req.headers.origin;
    if (requestOrigin !== undefined && requestOrigin !== origin) return false;
    const given = req.headers[SECRET_HEADER];
    if (typeof given !== 'string') return false;
    const a = Buffer.from(given);
    const b = Buffer.from(secret);
    return a.length === b.length && timingSafeEqual(a, b);
  }

  async function invoke(req: IncomingMessage, res: ServerResponse, method: string): Promise<void> {
    let body: unknown;
    try {
      body = JSON.parse(await readBody(req, MAX_API_BODY_BYTES));
    } catch {
      sendJson(res, 400, { ok: false, error: { code: 'invalid-request' } satisfies ErrorInfo });
      return;
    }
    const args = typeof body === 'object' && body !== null ? (body as { args?: unknown }).args : undefined;
    const { services, inputSchemas } = await binding;
    sendJson(res, 200, await dispatch(services.handlers, method, args ?? [], inputSchemas));
  }

  /**
   * Several calls in one request (renderer/bridge/web.ts sends the calls of one tick together): a
   * browser opens only six connections per host, and the first screen asks about ten things at once.
   * Each call goes through dispatch() as if alone, concurrently. The answer is a stream of lines
   * `{"index":i,"outcome":…}\n`, each written as its call finishes: a slow portal call never holds
   * back a quick read from the store.
   */
  async function invokeBatch(req: IncomingMessage, res: ServerResponse): Promise<void> {
    let calls: { method: unknown; args: unknown }[] | null = null;
    try {
      const body = JSON.parse(await readBody(req, MAX_API_BODY_BYTES)) as unknown;
      const list = typeof body === 'object' && body !== null ? (body as { calls?: unknown }).calls : undefined;
      if (Array.isArray(list) && list.length > 0 && list.length <= MAX_BATCH_CALLS && list.every((call) => typeof call === 'object' && call !== null)) {
        calls = (list as Record<string, unknown>[]).map((call) => ({ method: call.method, args: call.args }));
      }
    } catch {
      calls = null;
    }
    if (calls === null) {
      sendJson(res, 400, { ok: false, error: { code: 'invalid-request' } satisfies ErrorInfo });
      return;
    }
    const { services, inputSchemas } = await binding;
    res.writeHead(200, { 'Content-Type': 'application/x-ndjson; charset=utf-8', 'Cache-Control': 'no-store', 'X-Content-Type-Options': 'nosniff' });
    await Promise.all(
      calls.map(async (call, index) => {
        const outcome = await dispatch(services.handlers, call.method, call.args ?? [], inputSchemas);
        res.write(`${JSON.stringify({ index, outcome })}\n`);
      }),
    );
    res.end();
  }

  async function streamEvents(res: ServerResponse): Promise<void> {
    const { services } = await binding;
    // The page may have gone while the services were booting: then there is nothing to stream to.
    if (res.destroyed || res.writableEnded) return;
    res.writeHead(200, { 'Content-Type': 'text/event-stream; charset=utf-8', 'Cache-Control': 'no-store', Connection: 'keep-alive' });
    res.write(': connected\n\n');
    openStreams.add(res);
    const unsubscribe = services.events.subscribe((name, payload) => {
      res.write(`data: ${JSON.stringify({ name, payload })}\n\n`);
    });
    res.on('close', () => {
      unsubscribe();
      openStreams.delete(res);
    });
  }

  /**
   * The viewer's cached files (main/content/file-view.ts). The address itself is the secret: a
   * random token that only the secret-guarded API hands out (content.viewFile), valid for one file
   * of the current account for 30 minutes. An <img> cannot send our secret header, hence this.
   * Requests a browser marks as coming from another site are refused as well.
   */
  async function serveCachedFile(req: IncomingMessage, url: URL, res: ServerResponse): Promise<void> {
    const site = req.headers['sec-fetch-site'];
    const token = cachedFileToken(url.pathname);
    const refused = token === null || url.search !== '' || (site !== undefined && site !== 'same-origin' && site !== 'none');
    const file = refused ? null : await (await binding).services.cachedFiles.resolveCachedFile(token);
    if (file === null) {
      res.writeHead(404, APP_SECURITY_HEADERS).end();
      return;
    }
    res.writeHead(200, cachedFileHeaders(file));
    if (req.method === 'HEAD') {
      res.end();
      return;
    }
    await pipeline(createReadStream(file.path), res);
  }

  /** `/`, `/index.html` and every client route resolve to this (lexical) path. */
  const indexFile = resolveAppFile(rendererDir, '/index.html');

  async function serveStatic(pathname: string, res: ServerResponse): Promise<void> {
    let file = resolveAppFile(rendererDir, pathname);
    if (file === null) {
      res.writeHead(404, APP_SECURITY_HEADERS).end();
      return;
    }
    // Client-side routes (no file extension) get the app shell.
    if (!/\.[a-z0-9]+$/i.test(file)) file = resolveAppFile(rendererDir, '/index.html');
    // Symlinks in the build output must not lead outside it (same on-disk check as app://).
    const real = file === null ? null : await confineToRealRoot(rendererDir, file);
    if (real === null) {
      res.writeHead(404, APP_SECURITY_HEADERS).end();
      return;
    }
    try {
      let content = await readFile(real);
      if (options.indexHtml && file === indexFile) content = Buffer.from(indexHtmlOf(options.indexHtml, content.toString('utf8')), 'utf8');
      res.writeHead(200, { ...APP_SECURITY_HEADERS, 'Content-Type': contentTypeFor(real), 'Cache-Control': 'no-cache' });
      // Told once the bytes are handed to the socket, not while they still wait in Node's buffer.
      if (options.onStaticServed) res.once('finish', () => options.onStaticServed?.(pathname));
      res.end(content);
    } catch {
      res.writeHead(404, APP_SECURITY_HEADERS).end();
    }
  }

  await new Promise<void>((resolvePromise, reject) => {
    server.once('error', reject);
    server.listen(options.port ?? 0, '127.0.0.1', () => resolvePromise());
  });
  const { port } = server.address() as AddressInfo;
  origin = `http://127.0.0.1:${port}`;

  return {
    server,
    origin,
    launchUrl: `${origin}/#secret=${secret}`,
    async close() {
      for (const stream of openStreams) stream.end();
      const closed = new Promise<void>((resolvePromise) => server.close(() => resolvePromise()));
      // Keep-alive sockets would otherwise hold close() open until they time out.
      server.closeAllConnections();
      await closed;
    },
  };
}

/** The hook's index.html; the file as it is if the hook fails (a first paint never breaks the page). */
function indexHtmlOf(hook: (content: string) => string, content: string): string {
  try {
    return hook(content);
  } catch (error) {
    console.error(`[web-shell] index.html served without first paint: ${describeError(error)}`);
    return content;
  }
}

function sendJson(res: ServerResponse, status: number, body: unknown): void {
  const text = JSON.stringify(body);
  res.writeHead(status, { 'Content-Type': 'application/json; charset=utf-8', 'Cache-Control': 'no-store', 'X-Content-Type-Options': 'nosniff' });
  res.end(text);
}

function readBody(req: IncomingMessage, limit: number): Promise<string> {
  return new Promise((resolvePromise, reject) => {
    const chunks: Buffer[] = [];
    let size = 0;
    req.on('data', (chunk: Buffer) => {
      size += chunk.length;
      if (size > limit) {
        reject(new Error('body too large'));
        req.destroy();
        return;
      }
      chunks.push(chunk);
    });
    req.on('end', () => resolvePromise(Buffer.concat(chunks).toString('utf8')));
    req.on('error', reject);
  });
}

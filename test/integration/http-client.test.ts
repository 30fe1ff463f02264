// The one HTTP client over real HTTP on 127.0.0.1: retries, Retry-After, timeouts, size limit,
// circuit breaker, budget, redirects, connectivity. Sleep and clock are injected (no real waiting
// for backoff), the sockets are real.
// Over 400 lines on purpose: every failure mode of the one HTTP client against the same raw socket server.
import { createServer } from 'node:net';
import { gzipSync } from 'node:zlib';
import type { AddressInfo } from 'node:net';
import { afterEach, describe, expect, it } from 'vitest';
import type { ConnectivityStatus } from '../../preload/api';
import { HttpClient, HttpClientError } from '../../main/net/http-client';
import type { HttpClientOptions } from '../../main/net/http-client';
import { json, startServer } from '../support/http-test-server';
import type { TestServer } from '../support/http-test-server';

const servers: TestServer[] = [];
afterEach(async () => {
  await Promise.all(servers.splice(0).map((server) => server.close()));
});

async function serve(handler: Parameters<typeof startServer>[0]): Promise<TestServer> {
  const server = await startServer(handler);
  servers.push(server);
  return server;
}

/** A client whose sleeps only advance a fake clock and are recorded. */
function testClient(options: HttpClientOptions = {}): { client: HttpClient; sleeps: number[]; clock: { now: number } } {
  const clock = { now: Date.UTC(2026, 10, 23, 8, 0, 0) };
  const sleeps: number[] = [];
  const client = new HttpClient({
    now: () => clock.now,
    random: () => 0.5,
    sleep: async (ms) => {
      sleeps.push(ms);
      clock.now += ms;
    },
    ...options,
  });
  return { client, sleeps, clock };
}

async function failure(promise: Promise<unknown>): Promise<HttpClientError> {
  try {
    await promise;
  } catch (error) {
    if (error instanceof HttpClientError) return error;
    throw error;
  }
  throw new Error('expected the request to fail');
}

describe('retries and Retry-After', () => {
  it('retries a GET after 503 + Retry-After (seconds) and waits at least that long', async () => {
    let calls = 0;
    const server = await serve((_req, res) => {
      calls++;
      if (calls === 1) {
        res.writeHead(503, { 'retry-after': '2', 'content-type': 'text/html' });
        res.end('<h1>503</h1>');
        return;
      }
      json(res, { ok: true });
    });
    const { client, sleeps } = testClient();
    const response = await client.request({ url: `${server.url}/data` });
    expect(response.status).toBe(200);
    expect(JSON.parse(response.text())).toEqual({ ok: true });
    expect(response.attempts).toBe(2);
    expect(server.requests).toHaveLength(2);
    expect(sleeps).toHaveLength(1);
    // 2000 ms from Retry-After plus full jitter (0.5 · 500 ms) on top.
    expect(sleeps[0]).toBe(2250);
    expect(client.stats()).toMatchObject({ requests: 2, retries: 1, failures: 1 });
  });

  it('honours Retry-After given as an HTTP date', async () => {
    const { client, sleeps, clock } = testClient();
    const retryAt = new Date(clock.now + 5000).toUTCString();
    let calls = 0;
    const server = await serve((_req, res) => {
      calls++;
      if (calls === 1) {
        res.writeHead(429, { 'retry-after': retryAt });
        res.end();
        return;
      }
      json(res, [1]);
    });
    const response = await client.request({ url: server.url });
    expect(response.status).toBe(200);
    expect(sleeps[0]).toBeGreaterThanOrEqual(5000);
  });

  it('does not sleep through a Retry-After longer than the cap: the error carries it (Moodle CLI maintenance: 300 s)', async () => {
    const server = await serve((_req, res) => {
      res.writeHead(503, 'Moodle under maintenance', { 'retry-after': '300', 'content-type': 'text/html' });
      res.end('<html>maintenance</html>');
    });
    const { client, sleeps } = testClient({ retry: { maxRetryAfterMs: 60_000 } });
    const error = await failure(client.request({ url: server.url }));
    expect(error.kind).toBe('http-status');
    expect(error.status).toBe(503);
    expect(error.statusText).toBe('Moodle under maintenance');
    expect(error.retryAfterMs).toBe(300_000);
    expect(server.requests).toHaveLength(1);
    expect(sleeps).toEqual([]);
  });

  it('uses exponential backoff with full jitter and gives up after maxAttempts', async () => {
    const server = await serve((_req, res) => {
      res.writeHead(502);
      res.end();
    });
    const { client, sleeps } = testClient({ retry: { maxAttempts: 4, baseMs: 100, capMs: 250 }, circuitBreaker: { failureThreshold: 100 } });
    const error = await failure(client.request({ url: server.url }));
    expect(error.kind).toBe('http-status');
    expect(error.attempts).toBe(4);
    expect(server.requests).toHaveLength(4);
    // random 0.5 · min(250, 100·2^n) for n = 0, 1, 2
    expect(sleeps).toEqual([50, 100, 125]);
  });

  it('sends a POST only once unless the caller marks it retry-safe', async () => {
    const server = await serve((_req, res) => {
      res.writeHead(503);
      res.end();
    });
    const { client } = testClient({ circuitBreaker: { failureThreshold: 100 } });
    await failure(client.request({ url: server.url, method: 'POST', body: 'a=1' }));
    expect(server.requests).toHaveLength(1);
    await failure(client.request({ url: server.url, method: 'POST', body: 'a=1', retrySafe: true, maxAttempts: 3 }));
    expect(server.requests).toHaveLength(4);
    expect(server.requests[3]?.body).toBe('a=1');
  });

  it('returns non-retryable statuses (404, 403) to the caller without retrying', async () => {
    const server = await serve((_req, res) => {
      res.writeHead(404, { 'content-type': 'text/html' });
      res.end('not here');
    });
    const { client } = testClient();
    const response = await client.request({ url: server.url });
    expect(response.status).toBe(404);
    expect(response.text()).toBe('not here');
    expect(server.requests).toHaveLength(1);
  });
});

describe('timeouts, truncation and size limits', () => {
  it('times out a request whose answer never comes, and retries it when retry-safe', async () => {
    const server = await serve(() => {
      // never answer
    });
    const { client } = testClient({ timeoutMs: 200 });
    const error = await failure(client.request({ url: server.url, maxAttempts: 2 }));
    expect(error.kind).toBe('timeout');
    expect(error.duringBody).toBe(false);
    expect(error.attempts).toBe(2);
    expect(server.requests).toHaveLength(2);
  });

  it('times out a response whose body never ends', async () => {
    const server = await serve((_req, res) => {
      res.writeHead(200, { 'content-type': 'application/json' });
      res.write('[{"id": 1},');
    });
    const { client } = testClient({ timeoutMs: 200 });
    const error = await failure(client.request({ url: server.url, maxAttempts: 1 }));
    expect(error.kind).toBe('timeout');
    expect(error.duringBody).toBe(true);
  });

  it('reports a connection closed in the middle of the body', async () => {
    const server = await serve((req, res) => {
      res.writeHead(200, { 'content-type': 'application/json', 'content-length': '100' });
      res.write('{"half": "of it', () => req.socket.destroy());
    });
    const { client } = testClient();
    const error = await failure(client.request({ url: server.url, maxAttempts: 2 }));
    expect(error.kind).toBe('connection');
    expect(error.duringBody).toBe(true);
    expect(server.requests).toHaveLength(2);
  });

  it('refuses a response whose Content-Length exceeds the limit before reading it', async () => {
    const server = await serve((_req, res) => {
      res.writeHead(200, { 'content-type': 'application/octet-stream', 'content-length': String(3 * 1024 * 1024) });
      res.end(Buffer.alloc(3 * 1024 * 1024));
    });
    const { client } = testClient({ maxResponseBytes: 1024 * 1024 });
    const error = await failure(client.request({ url: server.url }));
    expect(error.kind).toBe('too-large');
    expect(client.stats().bytesReceived).toBe(0);
  });

  it('aborts a streamed response once it passes the limit (2 MB over a 1 MB limit, no Content-Length)', async () => {
    const server = await serve(async (_req, res) => {
      res.writeHead(200, { 'content-type': 'application/json' });
      const piece = Buffer.alloc(64 * 1024, 0x61);
      for (let i = 0; i < 48 && !res.destroyed; i++) {
        if (!res.write(piece)) await new Promise((resolve) => res.once('drain', resolve));
      }
      res.end();
    });
    const { client } = testClient({ maxResponseBytes: 1024 * 1024 });
    const error = await failure(client.request({ url: server.url }));
    expect(error.kind).toBe('too-large');
    expect(error.duringBody).toBe(true);
    expect(server.requests).toHaveLength(1);
    const received = client.stats().bytesReceived;
    expect(received).toBeGreaterThan(1024 * 1024);
    expect(received).toBeLessThan(3 * 1024 * 1024);
  });

  it('streams a body to onChunk', async () => {
    const server = await serve((_req, res) => {
      res.writeHead(200, { 'content-type': 'application/pdf' });
      res.write('%PDF-');
      res.end('1.4 rest');
    });
    const { client } = testClient();
    const parts: string[] = [];
    const response = await client.request({ url: server.url, onChunk: (chunk) => void parts.push(Buffer.from(chunk).toString()) });
    expect(parts.join('')).toBe('%PDF-1.4 rest');
    expect(response.body.byteLength).toBe(0);
    expect(response.bytes).toBe(13);
  });
});

describe('downloads: progress, cancel, error answers, slow bodies', () => {
  const MB = 1024 * 1024;

  it('reports progress against Content-Length and ends at the total', async () => {
    const body = Buffer.alloc(3 * MB, 0x61);
    const server = await serve((_req, res) => {
      res.writeHead(200, { 'content-type': 'application/pdf', 'content-length': String(body.length) });
      res.end(body);
    });
    const { client } = testClient();
    const progress: [number, number | null][] = [];
    let written = 0;
    await client.request({ url: server.url, onChunk: (chunk) => void (written += chunk.byteLength), onProgress: (received, total) => void progress.push([received, total]) });
    expect(progress[0]).toEqual([0, body.length]);
    expect(progress.at(-1)).toEqual([body.length, body.length]);
    expect(progress.length).toBeGreaterThan(2);
    for (let i = 1; i < progress.length; i++) expect(progress[i]?.[0]).toBeGreaterThanOrEqual(progress[i - 1]?.[0] ?? 0);
    expect(written).toBe(body.length);
  });

  it('total is unknown without Content-Length (chunked) and for compressed bodies', async () => {
    const server = await serve((req, res) => {
      if (req.url === '/gzip') {
        const zipped = gzipSync(Buffer.alloc(100_000, 0x62));
        res.writeHead(200, { 'content-type': 'text/plain', 'content-encoding': 'gzip', 'content-length': String(zipped.length) });
        res.end(zipped);
        return;
      }
      res.writeHead(200, { 'content-type': 'text/plain' });
      res.write('erste Hälfte ');
      res.end('zweite Hälfte');
    });
    const { client } = testClient();
    const totals = new Set<number | null>();
    const plain = await client.request({ url: server.url, onProgress: (_r, total) => void totals.add(total) });
    expect(plain.text()).toBe('erste Hälfte zweite Hälfte');
    const last: number[] = [];
    await client.request({ url: `${server.url}/gzip`, onProgress: (received, total) => { totals.add(total); last.push(received); } });
    expect([...totals]).toEqual([null]);
    expect(last.at(-1)).toBe(100_000);
  });

  it('the caller cancels mid-body through its AbortSignal: aborted, not retried, nothing more delivered', async () => {
    const server = await serve((_req, res) => {
      res.writeHead(200, { 'content-type': 'application/octet-stream', 'content-length': String(8 * MB) });
      res.end(Buffer.alloc(8 * MB));
    });
    const { client } = testClient();
    const controller = new AbortController();
    let written = 0;
    let afterCancel = 0;
    const error = await failure(
      client.request({
        url: server.url,
        signal: controller.signal,
        onChunk: (chunk) => {
          if (controller.signal.aborted) afterCancel += 1;
          written += chunk.byteLength;
        },
        onProgress: (received) => {
          if (received > 0) controller.abort(new Error('Abbrechen'));
        },
      }),
    );
    expect(error.kind).toBe('aborted');
    expect(error.duringBody).toBe(true);
    expect(afterCancel).toBe(0);
    expect(written).toBeGreaterThan(0);
    expect(written).toBeLessThan(8 * MB);
    expect(server.requests).toHaveLength(1);
    expect(client.circuitState(server.url)).toBe('closed');
  });

  it('streamBody keeps an error answer out of the sink (buffered instead, no progress)', async () => {
    const server = await serve((_req, res) => json(res, { error: 'Invalid token - token not found', errorcode: 'invalidtoken' }));
    const { client } = testClient();
    const parts: Uint8Array[] = [];
    const progress: number[] = [];
    const response = await client.request({
      url: server.url,
      onChunk: (chunk) => void parts.push(chunk),
      streamBody: ({ headers }) => !(headers.get('content-type') ?? '').startsWith('application/json'),
      onProgress: (received) => void progress.push(received),
    });
    expect(parts).toEqual([]);
    expect(progress).toEqual([]);
    expect(JSON.parse(response.text())).toMatchObject({ errorcode: 'invalidtoken' });
  });

  it('keeps the size limit while streaming', async () => {
    const server = await serve((_req, res) => {
      res.writeHead(200, { 'content-type': 'application/octet-stream' });
      res.end(Buffer.alloc(3 * MB));
    });
    const { client } = testClient();
    let written = 0;
    const error = await failure(client.request({ url: server.url, maxResponseBytes: MB, onChunk: (chunk) => void (written += chunk.byteLength) }));
    expect(error.kind).toBe('too-large');
    expect(written).toBeLessThanOrEqual(MB);
  });

  it('bodyIdleTimeoutMs: a body that keeps coming may outlast timeoutMs; one that stalls times out', async () => {
    const server = await serve((req, res) => {
      res.writeHead(200, { 'content-type': 'application/octet-stream' });
      res.flushHeaders();
      if (req.url === '/stall') {
        res.write('Anfang'); // then nothing
        return;
      }
      let sent = 0;
      const tick = setInterval(() => {
        res.write('x'.repeat(1000));
        if (++sent === 8) {
          clearInterval(tick);
          res.end();
        }
      }, 250);
    });
    // Headers must come within 1 s (they come at once); the body takes 2 s, and only a pause of 5 s would end it.
    const { client } = testClient({ timeoutMs: 1000 });
    const slow = await client.request({ url: server.url, bodyIdleTimeoutMs: 5000 });
    expect(slow.bytes).toBe(8000);
    // Without it, the same body exceeds the per-attempt limit (and is retried, then fails).
    expect((await failure(client.request({ url: server.url, maxAttempts: 1 }))).kind).toBe('timeout');
    const stalled = await failure(client.request({ url: `${server.url}/stall`, bodyIdleTimeoutMs: 300, maxAttempts: 1 }));
    expect(stalled.kind).toBe('timeout');
    expect(stalled.duringBody).toBe(true);
  });
});

describe('circuit breaker, budget, connectivity', () => {
  it('opens after N consecutive failures, fails fast while open, probes after the cool-down', async () => {
    let healthy = false;
    const server = await serve((_req, res) => {
      if (healthy) {
        json(res, { ok: true });
        return;
      }
      res.writeHead(500);
      res.end();
    });
    const { client, clock } = testClient({ retry: { maxAttempts: 1 }, circuitBreaker: { failureThreshold: 3, coolDownMs: 30_000 } });
    for (let i = 0; i < 3; i++) expect((await failure(client.request({ url: server.url }))).kind).toBe('http-status');
    expect(client.circuitState(server.url)).toBe('open');
    const fast = await failure(client.request({ url: server.url }));
    expect(fast.kind).toBe('circuit-open');
    expect(fast.retryAfterMs).toBe(30_000);
    expect(fast.message).toContain('Portal vorübergehend gesperrt');
    expect(server.requests).toHaveLength(3);
    expect(client.stats().fastFailures).toBe(1);

    clock.now += 30_000;
    healthy = true;
    expect(client.circuitState(server.url)).toBe('half-open');
    const response = await client.request({ url: server.url });
    expect(response.status).toBe(200);
    expect(client.circuitState(server.url)).toBe('closed');
    expect(server.requests).toHaveLength(4);
  });

  it('a failed probe re-opens the circuit at once', async () => {
    const server = await serve((_req, res) => {
      res.writeHead(503);
      res.end();
    });
    const { client, clock } = testClient({ retry: { maxAttempts: 1 }, circuitBreaker: { failureThreshold: 2, coolDownMs: 10_000 } });
    await failure(client.request({ url: server.url }));
    await failure(client.request({ url: server.url }));
    clock.now += 10_000;
    expect((await failure(client.request({ url: server.url }))).kind).toBe('http-status');
    expect(client.circuitState(server.url)).toBe('open');
    expect((await failure(client.request({ url: server.url }))).kind).toBe('circuit-open');
    expect(server.requests).toHaveLength(3);
  });

  it('keeps each portal origin in its own circuit', async () => {
    const bad = await serve((_req, res) => {
      res.writeHead(503);
      res.end();
    });
    const good = await serve((_req, res) => json(res, {}));
    const { client } = testClient({ retry: { maxAttempts: 1 }, circuitBreaker: { failureThreshold: 1 } });
    await failure(client.request({ url: bad.url }));
    expect(client.circuitState(bad.url)).toBe('open');
    expect((await client.request({ url: good.url })).status).toBe(200);
  });

  it('spaces requests by the per-origin budget and refuses when the wait would be too long', async () => {
    const server = await serve((_req, res) => json(res, {}));
    // The clock stands still here, so the sleeps show exactly the queueing the bucket asks for.
    const sleeps: number[] = [];
    const client = new HttpClient({
      now: () => 1_000_000,
      sleep: async (ms) => void sleeps.push(ms),
      budget: { capacity: 2, refillPerSecond: 1, maxWaitMs: 2500 },
    });
    await client.request({ url: server.url });
    await client.request({ url: server.url });
    expect(sleeps).toEqual([]);
    await client.request({ url: server.url });
    expect(sleeps).toEqual([1000]);
    // Two more at once: the first queues for 2 s, the second would need 3 s (> 2.5 s) and is refused.
    const results = await Promise.allSettled([client.request({ url: server.url }), client.request({ url: server.url })]);
    expect(results[0]?.status).toBe('fulfilled');
    expect(results[1]?.status === 'rejected' && (results[1].reason as HttpClientError).kind).toBe('budget');
    expect(sleeps).toEqual([1000, 2000]);
    expect(server.requests).toHaveLength(4);
    expect(client.stats().fastFailures).toBe(1);
  });

  it('signals portal-unreachable on refused connections and online again after success', async () => {
    // A port that is certainly closed: bind, read the port, close.
    const probe = createServer();
    await new Promise<void>((resolve) => probe.listen(0, '127.0.0.1', () => resolve()));
    const closedPort = (probe.address() as AddressInfo).port;
    await new Promise<void>((resolve) => probe.close(() => resolve()));

    const signals: [ConnectivityStatus, string][] = [];
    const { client } = testClient({ onConnectivity: (status, origin) => signals.push([status, origin]) });
    const refused = await failure(client.request({ url: `http://127.0.0.1:${closedPort}/x`, maxAttempts: 1 }));
    expect(refused.kind).toBe('connection');
    expect(refused.code).toBe('ECONNREFUSED');
    expect(refused.connectivity).toBe('portal-unreachable');

    const server = await serve((_req, res) => json(res, {}));
    await client.request({ url: server.url });
    await client.request({ url: server.url });
    expect(signals).toEqual([
      ['portal-unreachable', `http://127.0.0.1:${closedPort}`],
      ['online', server.url],
    ]);
  });
});

describe('redirects, cancellation, redaction', () => {
  it('never follows redirects itself', async () => {
    const server = await serve((_req, res) => {
      res.writeHead(302, { location: 'http://localhost:1/elsewhere' });
      res.end();
    });
    const { client } = testClient();
    const response = await client.request({ url: `${server.url}/webservice/rest/server.php`, method: 'POST', body: 'wstoken=abc' });
    expect(response.status).toBe(302);
    expect(response.headers.get('location')).toBe('http://localhost:1/elsewhere');
    expect(server.requests).toHaveLength(1);
  });

  it('stops on caller abort without retrying', async () => {
    const server = await serve(() => {
      // never answer
    });
    const { client } = testClient();
    const controller = new AbortController();
    const pending = client.request({ url: server.url, signal: controller.signal, maxAttempts: 3 });
    setTimeout(() => controller.abort(), 50);
    const error = await failure(pending);
    expect(error.kind).toBe('aborted');
    expect(server.requests.length).toBeLessThanOrEqual(1);
  });

  it('never puts a token from the URL into an error message', async () => {
    const server = await serve(() => {
      // never answer
    });
    const { client } = testClient({ timeoutMs: 100 });
    const error = await failure(
      client.request({ url: `${server.url}/webservice/pluginfile.php/17/a.pdf?forcedownload=1&token=0123456789abcdef0123456789abcdef`, maxAttempts: 1 }),
    );
    expect(error.message).not.toContain('0123456789abcdef');
    expect(error.message).toContain('token=<redacted>');
    expect(error.message).toContain('forcedownload=1');
  });

  it('passes an error of the chunk consumer on unchanged and does not retry', async () => {
    const server = await serve((_req, res) => {
      res.writeHead(200, { 'content-type': 'application/pdf' });
      res.end('%PDF-1.4');
    });
    const { client } = testClient();
    const diskFull = new Error('ENOSPC: no space left on device');
    await expect(client.request({ url: server.url, onChunk: () => Promise.reject(diskFull) })).rejects.toBe(diskFull);
    expect(server.requests).toHaveLength(1);
    expect(client.circuitState(server.url)).toBe('closed');
  });

  it('answers HEAD without reading a body', async () => {
    const server = await serve((_req, res) => {
      res.writeHead(200, { 'content-type': 'application/pdf', 'content-length': '1160' });
      res.end();
    });
    const { client } = testClient();
    const response = await client.request({ url: server.url, method: 'HEAD' });
    expect(response.status).toBe(200);
    expect(response.headers.get('content-length')).toBe('1160');
    expect(response.bytes).toBe(0);
    expect(server.requests[0]?.method).toBe('HEAD');
  });

  it('counts bytes sent and received', async () => {
    const server = await serve((_req, res) => json(res, { data: 'x'.repeat(100) }));
    const { client } = testClient();
    await client.request({ url: server.url, method: 'POST', body: 'wsfunction=a&b=ü' });
    expect(client.stats()).toMatchObject({ requests: 1, bytesSent: 17, bytesReceived: JSON.stringify({ data: 'x'.repeat(100) }).length });
  });
});

/**
 * The one HTTP client for all portal traffic (global fetch of Node 24 / Electron's Node): per-attempt
 * timeout, response size limit, retries only for retry-safe requests (full-jitter backoff,
 * `Retry-After` honoured and capped), a circuit breaker and request budget per origin, a
 * connectivity signal, streamed downloads (`onChunk`, `onProgress`, AbortSignal, `bodyIdleTimeoutMs`).
 * Redirects are never followed automatically (a form body with a token must not travel to another
 * host). Clock, random and sleep are injected; URLs appear in errors only through `redactUrl()`.
 * Its request/response types are in http-types.ts (re-exported here).
 */
import type { ConnectivityStatus } from '../../preload/api';
import type { CircuitBreakerOptions, CircuitState } from './circuit-breaker';
import { bodyBytes, concat, isEncoded } from './http-body';
import type { FetchFn, HttpClientOptions, HttpRequest, HttpResponse, HttpStats, RetryOptions, SleepFn } from './http-types';
import { CircuitBreaker, DEFAULT_CIRCUIT_BREAKER } from './circuit-breaker';
import { classifyFetchError, HttpClientError } from './errors';
import { redactUrl } from './redact-url';
import { backoffDelay, DEFAULT_BACKOFF, parseRetryAfter } from './retry';
import type { TokenBucketOptions } from './token-bucket';
import { DEFAULT_REQUEST_BUDGET, TokenBucket } from './token-bucket';

export { backoffDelay, parseRetryAfter } from './retry';
export { redactUrl } from './redact-url';
export { HttpClientError, classifyFetchError, tlsProblemOf } from './errors';
export type { HttpFailureKind, TlsProblem } from './errors';
export type { FetchFn, HttpBody, HttpClientOptions, HttpRequest, HttpResponse, HttpStats, RetryOptions, SleepFn } from './http-types';

/** Statuses worth retrying for a retry-safe request: the portal or a proxy is overloaded or restarting. */
const RETRYABLE_STATUS = new Set([408, 429, 500, 502, 503, 504]);

const DEFAULT_TIMEOUT_MS = 30_000;
const DEFAULT_MAX_RESPONSE_BYTES = 32 * 1024 * 1024;
const DEFAULT_RETRY: RetryOptions = { ...DEFAULT_BACKOFF, maxAttempts: 4, maxRetryAfterMs: 60_000 };

export const realSleep: SleepFn = (ms, signal) =>
  new Promise<void>((resolve, reject) => {
    if (signal?.aborted) {
      reject(signal.reason);
      return;
    }
    const timer = setTimeout(() => {
      signal?.removeEventListener('abort', onAbort);
      resolve();
    }, ms);
    const onAbort = (): void => {
      clearTimeout(timer);
      reject(signal?.reason);
    };
    signal?.addEventListener('abort', onAbort, { once: true });
  });


/** Wraps an error thrown by the caller's onChunk so it is passed on unchanged, not classified. */
class ConsumerFailure extends Error {
  constructor(cause: unknown) {
    super('onChunk failed', { cause });
  }
}

class TimeoutSignal extends Error {
  constructor() {
    super('timeout');
    this.name = 'TimeoutSignal';
  }
}

export class HttpClient {
  readonly #fetch: FetchFn;
  readonly #now: () => number;
  readonly #random: () => number;
  readonly #sleep: SleepFn;
  readonly #timeoutMs: number;
  readonly #maxResponseBytes: number;
  readonly #retry: RetryOptions;
  readonly #breakerOptions: CircuitBreakerOptions;
  readonly #budgetOptions: TokenBucketOptions;
  readonly #budgetMaxWaitMs: number;
  readonly #onConnectivity: HttpClientOptions['onConnectivity'];
  readonly #userAgent: string;
  readonly #breakers = new Map<string, CircuitBreaker>();
  readonly #buckets = new Map<string, TokenBucket>();
  readonly #lastConnectivity = new Map<string, ConnectivityStatus>();
  #stats: HttpStats = HttpClient.#emptyStats();

  constructor(options: HttpClientOptions = {}) {
    this.#fetch = options.fetch ?? ((input, init) => fetch(input, init));
    this.#now = options.now ?? Date.now;
    this.#random = options.random ?? Math.random;
    this.#sleep = options.sleep ?? realSleep;
    this.#timeoutMs = options.timeoutMs ?? DEFAULT_TIMEOUT_MS;
    this.#maxResponseBytes = options.maxResponseBytes ?? DEFAULT_MAX_RESPONSE_BYTES;
    this.#retry = { ...DEFAULT_RETRY, ...options.retry };
    this.#breakerOptions = { ...DEFAULT_CIRCUIT_BREAKER, ...options.circuitBreaker };
    this.#budgetOptions = {
      capacity: options.budget?.capacity ?? DEFAULT_REQUEST_BUDGET.capacity,
      refillPerSecond: options.budget?.refillPerSecond ?? DEFAULT_REQUEST_BUDGET.refillPerSecond,
    };
    this.#budgetMaxWaitMs = options.budget?.maxWaitMs ?? 30_000;
    this.#onConnectivity = options.onConnectivity;
    this.#userAgent = options.userAgent ?? 'SchulDesk';
  }

  static #emptyStats(): HttpStats {
    return { requests: 0, retries: 0, bytesSent: 0, bytesReceived: 0, failures: 0, fastFailures: 0, waitedMs: 0 };
  }

  stats(): HttpStats {
    return { ...this.#stats };
  }

  resetStats(): void {
    this.#stats = HttpClient.#emptyStats();
  }

  /** The network came back: every open circuit lets one probe through now (main/services.ts, connectivity.networkChanged). */
  allowProbeNow(): void {
    for (const breaker of this.#breakers.values()) breaker.probeNow();
  }

  /** Circuit state of a portal origin (for diagnostics and tests). */
  circuitState(origin: string): CircuitState {
    return this.#breakers.get(origin)?.state ?? 'closed';
  }

  async request(req: HttpRequest): Promise<HttpResponse> {
    let url: URL;
    try {
      url = new URL(String(req.url));
    } catch {
      throw new HttpClientError({ kind: 'invalid-url', url: redactUrl(String(req.url)) });
    }
    const safeUrl = redactUrl(url);
    if (url.protocol !== 'https:' && url.protocol !== 'http:') throw new HttpClientError({ kind: 'invalid-url', url: safeUrl });
    const origin = url.origin;
    const method = req.method ?? 'GET';
    const retrySafe = req.retrySafe ?? (method === 'GET' || method === 'HEAD');
    const maxAttempts = retrySafe ? Math.max(1, req.maxAttempts ?? this.#retry.maxAttempts) : 1;
    const breaker = this.#breakerFor(origin);
    const bucket = this.#bucketFor(origin);
    let lastError: HttpClientError | null = null;
    let delivered = false;

    for (let attempt = 0; attempt < maxAttempts; attempt++) {
      const permit = breaker.acquire();
      if (!permit.allowed) {
        this.#stats.fastFailures++;
        throw new HttpClientError({ kind: 'circuit-open', url: safeUrl, retryAfterMs: permit.retryAfterMs, attempts: attempt, cause: lastError ?? undefined });
      }
      const wait = bucket.reserve(this.#budgetMaxWaitMs);
      if (wait === null) {
        breaker.releaseProbe();
        this.#stats.fastFailures++;
        throw new HttpClientError({ kind: 'budget', url: safeUrl, attempts: attempt, cause: lastError ?? undefined });
      }
      if (wait > 0) await this.#wait(wait, req.signal, breaker, safeUrl);

      let outcome: { response: HttpResponse } | { error: HttpClientError };
      try {
        outcome = { response: await this.#attempt(url, method, req, attempt + 1, () => (delivered = true)) };
      } catch (error) {
        if (!(error instanceof HttpClientError)) {
          // The caller's onChunk failed (e.g. disk full): its error, not a network one.
          breaker.releaseProbe();
          throw error;
        }
        outcome = { error };
      }

      if ('response' in outcome) {
        const { response } = outcome;
        if (!RETRYABLE_STATUS.has(response.status)) {
          breaker.recordSuccess();
          this.#signal(origin, 'online');
          return response;
        }
        breaker.recordFailure();
        this.#stats.failures++;
        this.#signal(origin, 'portal-unreachable');
        const retryAfterMs = parseRetryAfter(response.headers.get('retry-after'), this.#now()) ?? undefined;
        lastError = new HttpClientError({
          kind: 'http-status',
          url: safeUrl,
          status: response.status,
          statusText: response.statusText,
          retryAfterMs,
          attempts: attempt + 1,
        });
        const canRetry = attempt + 1 < maxAttempts && !delivered && (retryAfterMs === undefined || retryAfterMs <= this.#retry.maxRetryAfterMs);
        if (!canRetry) throw lastError;
        // Never earlier than the server asked; jitter on top so clients do not return in lockstep.
        await this.#wait((retryAfterMs ?? 0) + backoffDelay(attempt, this.#random, this.#retry), req.signal, null, safeUrl);
        this.#stats.retries++;
        continue;
      }

      const { error } = outcome;
      error.attempts = attempt + 1;
      lastError = error;
      if (error.kind === 'aborted' || error.kind === 'too-large') {
        breaker.releaseProbe();
        throw error;
      }
      if (error.kind === 'connection' || error.kind === 'timeout') {
        breaker.recordFailure();
        this.#stats.failures++;
      } else {
        // DNS / network down / TLS say nothing about the portal's health.
        breaker.releaseProbe();
      }
      const connectivity = error.connectivity;
      if (connectivity) this.#signal(origin, connectivity);
      const retryable = error.kind === 'connection' || error.kind === 'timeout' || (error.kind === 'dns' && error.code === 'EAI_AGAIN');
      if (!retryable || attempt + 1 >= maxAttempts || delivered) throw error;
      await this.#wait(backoffDelay(attempt, this.#random, this.#retry), req.signal, null, safeUrl);
      this.#stats.retries++;
    }
    // The loop always returns or throws; this satisfies the compiler.
    throw lastError ?? new HttpClientError({ kind: 'connection', url: safeUrl });
  }

  async #wait(ms: number, signal: AbortSignal | undefined, breaker: CircuitBreaker | null, safeUrl: string): Promise<void> {
    this.#stats.waitedMs += ms;
    try {
      await this.#sleep(ms, signal);
    } catch (error) {
      breaker?.releaseProbe();
      throw new HttpClientError({ kind: 'aborted', url: safeUrl, cause: error });
    }
  }

  async #attempt(url: URL, method: string, req: HttpRequest, attemptNo: number, markDelivered: () => void): Promise<HttpResponse> {
    const safeUrl = redactUrl(url);
    const timeoutMs = req.timeoutMs ?? this.#timeoutMs;
    const maxBytes = req.maxResponseBytes ?? this.#maxResponseBytes;
    const controller = new AbortController();
    let timer = setTimeout(() => controller.abort(new TimeoutSignal()), timeoutMs);
    const armIdleTimer = (ms: number): void => {
      clearTimeout(timer);
      timer = setTimeout(() => controller.abort(new TimeoutSignal()), ms);
    };
    const onCallerAbort = (): void => controller.abort(req.signal?.reason);
    if (req.signal?.aborted) onCallerAbort();
    else req.signal?.addEventListener('abort', onCallerAbort, { once: true });

    const failure = (error: unknown, duringBody: boolean): HttpClientError => {
      if (controller.signal.aborted) {
        const timedOut = controller.signal.reason instanceof TimeoutSignal;
        return new HttpClientError({ kind: timedOut ? 'timeout' : 'aborted', url: safeUrl, duringBody, cause: error });
      }
      const { kind, code, tlsProblem } = classifyFetchError(error);
      return new HttpClientError({ kind, code, tlsProblem, url: safeUrl, duringBody, cause: error });
    };

    try {
      const headers: Record<string, string> = { 'user-agent': this.#userAgent, ...req.headers };
      this.#stats.requests++;
      this.#stats.bytesSent += bodyBytes(req.body);
      let response: Response;
      try {
        response = await (req.fetch ?? this.#fetch)(url.toString(), {
          method,
          headers,
          body: req.body,
          redirect: 'manual',
          signal: controller.signal,
        });
      } catch (error) {
        throw failure(error, false);
      }

      const declared = Number(response.headers.get('content-length'));
      if (Number.isFinite(declared) && declared > maxBytes) {
        controller.abort(new Error('too large'));
        throw new HttpClientError({ kind: 'too-large', url: safeUrl, status: response.status });
      }

      const chunks: Uint8Array[] = [];
      let total = 0;
      const retried = RETRYABLE_STATUS.has(response.status);
      let streaming = false;
      if (req.onChunk && !retried) {
        try {
          streaming = req.streamBody?.({ status: response.status, headers: response.headers }) ?? true;
        } catch (decideError) {
          // The caller's own error, passed on unchanged (as for onChunk).
          controller.abort(new Error('consumer failed'));
          throw decideError;
        }
      }
      const reporting = req.onProgress !== undefined && !retried && (streaming || !req.onChunk);
      const declaredTotal = response.headers.has('content-length') && !isEncoded(response.headers) && Number.isSafeInteger(declared) && declared >= 0 ? declared : null;
      const report = (): void => {
        if (!reporting) return;
        try {
          req.onProgress?.(total, declaredTotal);
        } catch (progressError) {
          controller.abort(new Error('consumer failed'));
          throw new ConsumerFailure(progressError);
        }
      };
      if (method === 'HEAD') await response.body?.cancel();
      else if (response.body) {
        const idle = req.bodyIdleTimeoutMs;
        if (idle !== undefined) armIdleTimer(idle);
        const reader = response.body.getReader();
        try {
          report();
          for (;;) {
            const { done, value } = await reader.read();
            if (done) break;
            if (idle !== undefined) armIdleTimer(idle);
            total += value.byteLength;
            this.#stats.bytesReceived += value.byteLength;
            if (total > maxBytes) {
              controller.abort(new Error('too large'));
              throw new HttpClientError({ kind: 'too-large', url: safeUrl, status: response.status, duringBody: true });
            }
            if (streaming && req.onChunk) {
              markDelivered();
              try {
                await req.onChunk(value);
              } catch (sinkError) {
                controller.abort(new Error('consumer failed'));
                throw new ConsumerFailure(sinkError);
              }
            } else {
              chunks.push(value);
            }
            report();
          }
        } catch (error) {
          if (error instanceof HttpClientError) throw error;
          if (error instanceof ConsumerFailure) throw error.cause;
          throw failure(error, true);
        } finally {
          reader.releaseLock();
        }
      }
      const body = concat(chunks, chunks.reduce((sum, chunk) => sum + chunk.byteLength, 0));
      return {
        status: response.status,
        statusText: response.statusText,
        headers: response.headers,
        url: response.url || url.toString(),
        body,
        bytes: total,
        attempts: attemptNo,
        text: () => new TextDecoder().decode(body),
      };
    } finally {
      clearTimeout(timer);
      req.signal?.removeEventListener('abort', onCallerAbort);
    }
  }

  #breakerFor(origin: string): CircuitBreaker {
    let breaker = this.#breakers.get(origin);
    if (!breaker) {
      breaker = new CircuitBreaker(this.#breakerOptions, this.#now);
      this.#breakers.set(origin, breaker);
    }
    return breaker;
  }

  #bucketFor(origin: string): TokenBucket {
    let bucket = this.#buckets.get(origin);
    if (!bucket) {
      bucket = new TokenBucket(this.#budgetOptions, this.#now);
      this.#buckets.set(origin, bucket);
    }
    return bucket;
  }

  #signal(origin: string, status: ConnectivityStatus): void {
    if (this.#lastConnectivity.get(origin) === status) return;
    this.#lastConnectivity.set(origin, status);
    this.#onConnectivity?.(status, origin);
  }
}

export function createHttpClient(options: HttpClientOptions = {}): HttpClient {
  return new HttpClient(options);
}

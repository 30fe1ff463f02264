/**
 * What callers of the HTTP client (main/net/http-client.ts) hand it and get back: options, one
 * request (with streaming and progress), the response, and the counters.
 */
import type { ConnectivityStatus } from '../../preload/api';
import type { CircuitBreakerOptions } from './circuit-breaker';
import type { BackoffOptions } from './retry';
import type { TokenBucketOptions } from './token-bucket';

export type FetchFn = (input: string, init: RequestInit) => Promise<Response>;
export type SleepFn = (ms: number, signal?: AbortSignal) => Promise<void>;

export interface RetryOptions extends BackoffOptions {
  /** Attempts in total for a retry-safe request (1 = no retry). */
  maxAttempts: number;
  /** A `Retry-After` longer than this is not waited for: the error carries it instead. */
  maxRetryAfterMs: number;
}

export interface HttpClientOptions {
  fetch?: FetchFn;
  /** Epoch milliseconds. */
  now?: () => number;
  /** Uniform in [0, 1). */
  random?: () => number;
  sleep?: SleepFn;
  /** Per-attempt time limit for headers + body (default 30 s). */
  timeoutMs?: number;
  /** Response size limit in bytes (default 32 MB). */
  maxResponseBytes?: number;
  retry?: Partial<RetryOptions>;
  circuitBreaker?: Partial<CircuitBreakerOptions>;
  budget?: Partial<TokenBucketOptions> & {
    /** The longest a request waits for a budget token before failing (default 30 s). */
    maxWaitMs?: number;
  };
  /** Called when the connectivity derived from requests to an origin changes. */
  onConnectivity?: (status: ConnectivityStatus, origin: string) => void;
  userAgent?: string;
}

export type HttpBody = string | URLSearchParams | Uint8Array<ArrayBuffer> | FormData | Blob;

export interface HttpRequest {
  url: string | URL;
  method?: 'GET' | 'HEAD' | 'POST';
  headers?: Record<string, string>;
  body?: HttpBody;
  /** May the client resend this request? Default: true for GET/HEAD, false for POST. */
  retrySafe?: boolean;
  timeoutMs?: number;
  maxResponseBytes?: number;
  /** Override `retry.maxAttempts` for this request (interactive calls want fewer). */
  maxAttempts?: number;
  signal?: AbortSignal;
  /**
   * Receive the body chunk by chunk instead of buffering it (downloads). Retries then only
   * happen before the first chunk was delivered.
   */
  onChunk?: (chunk: Uint8Array) => void | Promise<void>;
  /**
   * With `onChunk`: whether this response's body goes to onChunk (default: every response whose
   * status is not retried). Return false for an answer the caller wants buffered instead, e.g.
   * Moodle's JSON error object or an error page, so it never reaches a file.
   */
  streamBody?: (head: { status: number; headers: Headers }) => boolean;
  /**
   * Download progress of the body that is delivered (streamed to onChunk, or buffered without
   * onChunk; never of a response that is retried): bytes so far and the declared length
   * (Content-Length without Content-Encoding), or null when unknown.
   */
  onProgress?: (receivedBytes: number, totalBytes: number | null) => void;
  /**
   * Large downloads: once the headers are in (within `timeoutMs`), the body may take as long as
   * it needs as long as no pause between two chunks exceeds this. Default: `timeoutMs` covers
   * headers and body together.
   */
  bodyIdleTimeoutMs?: number;
  /**
   * This request's transport instead of the client's (global fetch): an identity provider's icon
   * goes over a connection pinned to the addresses its host check passed (main/net/pinned-fetch.ts).
   */
  fetch?: FetchFn;
}

export interface HttpResponse {
  status: number;
  statusText: string;
  headers: Headers;
  /** Final URL (unredacted — never log it). */
  url: string;
  /** Empty when `onChunk` consumed the body. */
  body: Uint8Array;
  bytes: number;
  attempts: number;
  text(): string;
}

export interface HttpStats {
  /** Attempts that went out on the wire. */
  requests: number;
  retries: number;
  bytesSent: number;
  bytesReceived: number;
  /** Attempts that ended in a portal failure (connection, timeout, retryable status). */
  failures: number;
  /** Requests refused without touching the network (circuit open, budget exhausted). */
  fastFailures: number;
  /** Total time spent sleeping for backoff, Retry-After and budget (ms). */
  waitedMs: number;
}

import type { ConnectivityStatus } from '../../preload/api';

/**
 * Why a request of the HTTP client failed. The portal layer maps these to user-facing codes.
 * - dns:          the host name could not be resolved (offline, or a typo in the address)
 * - network-down: no route / network interface down (offline)
 * - connection:   refused, reset or closed by the portal or a proxy (also mid-response)
 * - timeout:      no complete answer within the time limit
 * - tls:          certificate or TLS handshake problem (see `tlsProblem`)
 * - http-status:  a retryable HTTP status (408, 429, 5xx) that persisted after the retries
 * - too-large:    the response exceeded the size limit
 * - circuit-open: the portal failed repeatedly; calls fail fast until the cool-down ends
 * - budget:       the per-portal request budget would have required waiting too long
 * - aborted:      cancelled by the caller
 * - invalid-url:  the URL could not be parsed or has an unsupported scheme
 */
export type HttpFailureKind =
  | 'dns'
  | 'network-down'
  | 'connection'
  | 'timeout'
  | 'tls'
  | 'http-status'
  | 'too-large'
  | 'circuit-open'
  | 'budget'
  | 'aborted'
  | 'invalid-url';

export type TlsProblem = 'expired' | 'not-yet-valid' | 'untrusted' | 'hostname-mismatch' | 'revoked' | 'handshake';

export interface HttpClientErrorInit {
  kind: HttpFailureKind;
  /** Redacted URL of the request. */
  url: string;
  /** Node/undici/Chromium error code, e.g. ECONNREFUSED, CERT_HAS_EXPIRED, net::ERR_CERT_DATE_INVALID. */
  code?: string;
  status?: number;
  statusText?: string;
  /** How long the server (Retry-After) or the circuit asks us to wait. */
  retryAfterMs?: number;
  tlsProblem?: TlsProblem;
  /** Failed while the response body was arriving (the headers had come). */
  duringBody?: boolean;
  attempts?: number;
  cause?: unknown;
}

const KIND_TEXT: Record<HttpFailureKind, string> = {
  dns: 'Adresse nicht auflösbar (DNS)',
  'network-down': 'kein Netzwerk',
  connection: 'Verbindung fehlgeschlagen oder abgebrochen',
  timeout: 'Zeitüberschreitung',
  tls: 'TLS-/Zertifikatsfehler',
  'http-status': 'HTTP-Fehler',
  'too-large': 'Antwort zu groß',
  'circuit-open': 'Portal vorübergehend gesperrt nach wiederholten Fehlern',
  budget: 'Anfragebudget für das Portal erschöpft',
  aborted: 'abgebrochen',
  'invalid-url': 'ungültige Adresse',
};

export class HttpClientError extends Error {
  readonly kind: HttpFailureKind;
  readonly url: string;
  readonly code: string | undefined;
  readonly status: number | undefined;
  readonly statusText: string | undefined;
  readonly retryAfterMs: number | undefined;
  readonly tlsProblem: TlsProblem | undefined;
  readonly duringBody: boolean;
  attempts: number;

  constructor(init: HttpClientErrorInit) {
    const detail = [init.status !== undefined ? `HTTP ${init.status}` : null, init.code ?? null].filter(Boolean).join(', ');
    super(`${KIND_TEXT[init.kind]}${detail ? ` (${detail})` : ''}: ${init.url}`, init.cause === undefined ? undefined : { cause: init.cause });
    this.name = 'HttpClientError';
    this.kind = init.kind;
    this.url = init.url;
    this.code = init.code;
    this.status = init.status;
    this.statusText = init.statusText;
    this.retryAfterMs = init.retryAfterMs;
    this.tlsProblem = init.tlsProblem;
    this.duringBody = init.duringBody ?? false;
    this.attempts = init.attempts ?? 1;
  }

  /** What this failure says about connectivity: our side is offline, or the portal is unreachable. */
  get connectivity(): ConnectivityStatus | null {
    switch (this.kind) {
      case 'dns':
      case 'network-down':
        return 'offline';
      case 'connection':
      case 'timeout':
      case 'tls':
      case 'http-status':
      case 'circuit-open':
        return 'portal-unreachable';
      default:
        return null;
    }
  }
}

// Node (OpenSSL) certificate error codes → the problem shown to the user.
const TLS_CODES: Record<string, TlsProblem> = {
  CERT_HAS_EXPIRED: 'expired',
  CRL_HAS_EXPIRED: 'expired',
  CERT_NOT_YET_VALID: 'not-yet-valid',
  CRL_NOT_YET_VALID: 'not-yet-valid',
  DEPTH_ZERO_SELF_SIGNED_CERT: 'untrusted',
  SELF_SIGNED_CERT_IN_CHAIN: 'untrusted',
  UNABLE_TO_VERIFY_LEAF_SIGNATURE: 'untrusted',
  UNABLE_TO_GET_ISSUER_CERT: 'untrusted',
  UNABLE_TO_GET_ISSUER_CERT_LOCALLY: 'untrusted',
  UNABLE_TO_DECRYPT_CERT_SIGNATURE: 'untrusted',
  UNABLE_TO_DECODE_ISSUER_PUBLIC_KEY: 'untrusted',
  CERT_SIGNATURE_FAILURE: 'untrusted',
  CERT_UNTRUSTED: 'untrusted',
  CERT_REJECTED: 'untrusted',
  INVALID_CA: 'untrusted',
  PATH_LENGTH_EXCEEDED: 'untrusted',
  INVALID_PURPOSE: 'untrusted',
  CERT_CHAIN_TOO_LONG: 'untrusted',
  ERR_TLS_CERT_ALTNAME_INVALID: 'hostname-mismatch',
  HOSTNAME_MISMATCH: 'hostname-mismatch',
  CERT_REVOKED: 'revoked',
  // Chromium's net errors, for when Electron's net.fetch is injected as the fetch implementation.
  'net::ERR_CERT_DATE_INVALID': 'expired',
  'net::ERR_CERT_AUTHORITY_INVALID': 'untrusted',
  'net::ERR_CERT_INVALID': 'untrusted',
  'net::ERR_CERT_COMMON_NAME_INVALID': 'hostname-mismatch',
  'net::ERR_CERT_REVOKED': 'revoked',
  'net::ERR_SSL_PROTOCOL_ERROR': 'handshake',
  'net::ERR_SSL_VERSION_OR_CIPHER_MISMATCH': 'handshake',
};

/** Maps a Node/OpenSSL/Chromium certificate or TLS error code to the problem, or null if it is no TLS error. */
export function tlsProblemOf(code: string | undefined): TlsProblem | null {
  if (!code) return null;
  const known = TLS_CODES[code];
  if (known) return known;
  if (/^ERR_SSL_|^ERR_TLS_|^net::ERR_SSL_|^EPROTO$/.test(code)) return 'handshake';
  if (/^net::ERR_CERT_/.test(code)) return 'untrusted';
  return null;
}

const DNS_CODES = new Set(['ENOTFOUND', 'EAI_AGAIN', 'EAI_NONAME', 'EAI_FAIL', 'EAI_NODATA', 'net::ERR_NAME_NOT_RESOLVED', 'net::ERR_NAME_RESOLUTION_FAILED']);
const NETWORK_DOWN_CODES = new Set(['ENETUNREACH', 'ENETDOWN', 'EHOSTUNREACH', 'EHOSTDOWN', 'EADDRNOTAVAIL', 'net::ERR_INTERNET_DISCONNECTED', 'net::ERR_NETWORK_CHANGED', 'net::ERR_ADDRESS_UNREACHABLE']);
const TIMEOUT_CODES = new Set(['ETIMEDOUT', 'UND_ERR_CONNECT_TIMEOUT', 'UND_ERR_HEADERS_TIMEOUT', 'UND_ERR_BODY_TIMEOUT', 'net::ERR_CONNECTION_TIMED_OUT', 'net::ERR_TIMED_OUT']);

/** All error codes found on an error, its causes and aggregated errors (undici nests them). */
export function errorCodesOf(error: unknown, depth = 0): string[] {
  if (depth > 5 || error === null || typeof error !== 'object') return [];
  const record = error as { code?: unknown; cause?: unknown; errors?: unknown; message?: unknown };
  const codes: string[] = [];
  if (typeof record.code === 'string') codes.push(record.code);
  if (typeof record.message === 'string') {
    const chromium = /net::ERR_[A-Z_]+/.exec(record.message);
    if (chromium) codes.push(chromium[0]);
  }
  if (Array.isArray(record.errors)) for (const inner of record.errors) codes.push(...errorCodesOf(inner, depth + 1));
  if (record.cause !== undefined) codes.push(...errorCodesOf(record.cause, depth + 1));
  return codes;
}

/**
 * Classifies what global fetch threw (undici's "TypeError: fetch failed" with a coded cause, or
 * a body-stream error) into a failure kind. Timeouts and caller aborts are decided by the client
 * from its own AbortSignal before this is called.
 */
export function classifyFetchError(error: unknown): { kind: HttpFailureKind; code?: string; tlsProblem?: TlsProblem } {
  const codes = errorCodesOf(error);
  for (const code of codes) {
    const tls = tlsProblemOf(code);
    if (tls) return { kind: 'tls', code, tlsProblem: tls };
  }
  for (const code of codes) {
    if (DNS_CODES.has(code)) return { kind: 'dns', code };
    if (NETWORK_DOWN_CODES.has(code)) return { kind: 'network-down', code };
    if (TIMEOUT_CODES.has(code)) return { kind: 'timeout', code };
  }
  const first = codes[0];
  return first === undefined ? { kind: 'connection' } : { kind: 'connection', code: first };
}

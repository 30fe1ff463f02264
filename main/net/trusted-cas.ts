/**
 * Policy `trustedCaCertificates` for main's own TLS (the HttpClient's global fetch, the diagnostics
 * probes): the policy's CAs are added to the process's default CA list (`tls.setDefaultCACertificates`).
 * The list is process-wide, so this works by difference: only what we added is taken away again when
 * the last holder lets go (services.close()), and several service graphs in one process do not undo
 * each other. Chromium's sessions: main/security/certificate-trust.ts.
 */
import { X509Certificate } from 'node:crypto';
import { getCACertificates, setDefaultCACertificates } from 'node:tls';

/** The process's default CA list; injectable for tests. */
export interface CaListPort {
  get(): string[];
  set(certificates: string[]): void;
}

const nodeCaList: CaListPort = {
  get: () => getCACertificates('default'),
  set: (certificates) => setDefaultCACertificates(certificates),
};

function fingerprintOf(pem: string): string | null {
  try {
    return new X509Certificate(pem).fingerprint256;
  } catch {
    return null;
  }
}

export class TrustedCaList {
  readonly #port: CaListPort;
  /** What each holder asked for, by fingerprint. */
  readonly #wanted = new Map<symbol, Map<string, string>>();
  /** CAs this list put into the default list (they were not there before). */
  readonly #added = new Set<string>();

  constructor(port: CaListPort = nodeCaList) {
    this.#port = port;
  }

  /** Sets the CAs `holder` wants trusted (replacing its earlier wish); returns how many are in effect. */
  request(holder: symbol, pems: readonly string[]): number {
    const byFingerprint = new Map<string, string>();
    for (const pem of pems) {
      const fingerprint = fingerprintOf(pem);
      if (fingerprint !== null) byFingerprint.set(fingerprint, pem);
    }
    if (byFingerprint.size === 0) this.#wanted.delete(holder);
    else this.#wanted.set(holder, byFingerprint);
    this.#apply();
    return byFingerprint.size;
  }

  release(holder: symbol): void {
    if (this.#wanted.delete(holder)) this.#apply();
  }

  #apply(): void {
    const wanted = new Map<string, string>();
    for (const entries of this.#wanted.values()) for (const [fingerprint, pem] of entries) wanted.set(fingerprint, pem);
    // Nobody wants anything and we added nothing: the process's list is not even read.
    if (wanted.size === 0 && this.#added.size === 0) return;

    const current = this.#port.get();
    let changed = false;
    const next: string[] = [];
    const present = new Set<string>();
    for (const pem of current) {
      const fingerprint = fingerprintOf(pem);
      if (fingerprint !== null && this.#added.has(fingerprint) && !wanted.has(fingerprint)) {
        this.#added.delete(fingerprint);
        changed = true;
        continue;
      }
      if (fingerprint !== null) present.add(fingerprint);
      next.push(pem);
    }
    for (const [fingerprint, pem] of wanted) {
      if (present.has(fingerprint)) continue;
      next.push(pem);
      this.#added.add(fingerprint);
      changed = true;
    }
    // Added by us but gone from the list meanwhile (someone replaced it): forget it.
    for (const fingerprint of [...this.#added]) if (!wanted.has(fingerprint)) this.#added.delete(fingerprint);
    if (changed) this.#port.set(next);
  }
}

/** The one list of this process (main's Node TLS). */
export const processTrustedCas = new TrustedCaList();

/**
 * A circuit breaker for one portal origin. After `failureThreshold` consecutive failures it
 * opens: calls fail fast (the portal is not hammered while it is down, the UI answers at once
 * from the cache). After `coolDownMs` one probe request may go through (half-open); its
 * outcome closes or re-opens the circuit. The clock is injected.
 */

export type CircuitState = 'closed' | 'open' | 'half-open';

export interface CircuitBreakerOptions {
  failureThreshold: number;
  coolDownMs: number;
}

export const DEFAULT_CIRCUIT_BREAKER: CircuitBreakerOptions = { failureThreshold: 5, coolDownMs: 30_000 };

export type CircuitPermit = { allowed: true; probe: boolean } | { allowed: false; retryAfterMs: number };

export class CircuitBreaker {
  #failures = 0;
  #openedAt: number | null = null;
  #probeInFlight = false;

  constructor(
    private readonly opts: CircuitBreakerOptions,
    private readonly now: () => number,
  ) {}

  get state(): CircuitState {
    if (this.#openedAt === null) return 'closed';
    return this.now() - this.#openedAt >= this.opts.coolDownMs ? 'half-open' : 'open';
  }

  get consecutiveFailures(): number {
    return this.#failures;
  }

  /** Ask before each attempt. A half-open circuit lets exactly one probe through. */
  acquire(): CircuitPermit {
    const state = this.state;
    if (state === 'closed') return { allowed: true, probe: false };
    const openedAt = this.#openedAt ?? this.now();
    const retryAfterMs = Math.max(0, openedAt + this.opts.coolDownMs - this.now());
    if (state === 'open' || this.#probeInFlight) return { allowed: false, retryAfterMs };
    this.#probeInFlight = true;
    return { allowed: true, probe: true };
  }

  /** The portal answered (any status that is not a portal failure). */
  recordSuccess(): void {
    this.#failures = 0;
    this.#openedAt = null;
    this.#probeInFlight = false;
  }

  /** The portal failed (connection error, timeout, 5xx, 429). */
  recordFailure(): void {
    this.#failures++;
    const wasProbe = this.#probeInFlight;
    this.#probeInFlight = false;
    if (wasProbe || this.#failures >= this.opts.failureThreshold) this.#openedAt = this.now();
  }

  /** The network came back: an open circuit lets one probe through now instead of after the cool-down. */
  probeNow(): void {
    if (this.#openedAt !== null) this.#openedAt = this.now() - this.opts.coolDownMs;
  }

  /** The attempt ended without saying anything about the portal (e.g. cancelled by the caller). */
  releaseProbe(): void {
    this.#probeInFlight = false;
  }
}

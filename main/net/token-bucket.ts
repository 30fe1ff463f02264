/**
 * A request budget for one portal origin (token bucket): up to `capacity` requests at once,
 * refilled at `refillPerSecond`. A request that finds the bucket empty reserves the next token
 * and is told how long to wait, so concurrent callers queue in order instead of bursting —
 * a client never floods a portal, however many courses sync at 8:00.
 */

export interface TokenBucketOptions {
  capacity: number;
  refillPerSecond: number;
}

export const DEFAULT_REQUEST_BUDGET: TokenBucketOptions = { capacity: 20, refillPerSecond: 5 };

export class TokenBucket {
  #tokens: number;
  #updatedAt: number;

  constructor(
    private readonly opts: TokenBucketOptions,
    private readonly now: () => number,
  ) {
    this.#tokens = opts.capacity;
    this.#updatedAt = now();
  }

  /** Tokens available now (negative while callers are queued for future tokens). */
  get available(): number {
    this.#refill();
    return this.#tokens;
  }

  /**
   * Takes one token. Returns the milliseconds the caller must wait before sending (0 if a token
   * was free), or null — without reserving — if that wait would exceed `maxWaitMs`.
   */
  reserve(maxWaitMs: number): number | null {
    this.#refill();
    const after = this.#tokens - 1;
    const waitMs = after >= 0 ? 0 : Math.ceil((-after / this.opts.refillPerSecond) * 1000);
    if (waitMs > maxWaitMs) return null;
    this.#tokens = after;
    return waitMs;
  }

  #refill(): void {
    const now = this.now();
    const elapsed = Math.max(0, now - this.#updatedAt);
    this.#updatedAt = now;
    this.#tokens = Math.min(this.opts.capacity, this.#tokens + (elapsed / 1000) * this.opts.refillPerSecond);
  }
}

// The HTTP client's pure policy parts: backoff schedule, Retry-After, circuit breaker, request budget.
import { describe, expect, it } from 'vitest';
import { CircuitBreaker } from '../../main/net/circuit-breaker';
import { backoffDelay, parseRetryAfter } from '../../main/net/http-client';
import { TokenBucket } from '../../main/net/token-bucket';

describe('backoffDelay (full jitter)', () => {
  const opts = { baseMs: 500, capMs: 30_000 };

  it('is random(0, min(cap, base·2^attempt))', () => {
    expect(backoffDelay(0, () => 0.5, opts)).toBe(250);
    expect(backoffDelay(1, () => 0.5, opts)).toBe(500);
    expect(backoffDelay(3, () => 0.5, opts)).toBe(2000);
    expect(backoffDelay(3, () => 0.999, opts)).toBe(3996);
  });

  it('never exceeds the cap, also for huge attempt numbers', () => {
    expect(backoffDelay(6, () => 0.999999, opts)).toBeLessThan(30_000);
    expect(backoffDelay(10_000, () => 0.5, opts)).toBe(15_000);
  });

  it('can be 0 (full jitter, not equal jitter) and clamps odd random values', () => {
    expect(backoffDelay(4, () => 0, opts)).toBe(0);
    expect(backoffDelay(1, () => -3, opts)).toBe(0);
    expect(backoffDelay(1, () => 7, opts)).toBe(1000);
  });

  it('spreads a thousand clients over the whole window', () => {
    let seed = 42;
    const rng = (): number => {
      seed = (seed * 1_103_515_245 + 12_345) % 2 ** 31;
      return seed / 2 ** 31;
    };
    const delays = Array.from({ length: 1000 }, () => backoffDelay(4, rng, opts));
    expect(Math.min(...delays)).toBeLessThan(400);
    expect(Math.max(...delays)).toBeGreaterThan(7600);
    const firstHalf = delays.filter((d) => d < 4000).length;
    expect(firstHalf).toBeGreaterThan(400);
    expect(firstHalf).toBeLessThan(600);
  });
});

describe('parseRetryAfter', () => {
  const now = Date.UTC(2026, 10, 23, 8, 0, 0);

  it('reads delay-seconds', () => {
    expect(parseRetryAfter('0', now)).toBe(0);
    expect(parseRetryAfter('120', now)).toBe(120_000);
    expect(parseRetryAfter(' 300 ', now)).toBe(300_000);
  });

  it('reads HTTP dates relative to now, a past date as 0', () => {
    expect(parseRetryAfter('Mon, 23 Nov 2026 08:00:30 GMT', now)).toBe(30_000);
    expect(parseRetryAfter('Monday, 23-Nov-26 08:01:00 GMT', now)).toBe(60_000);
    expect(parseRetryAfter('Sun, 22 Nov 2026 08:00:00 GMT', now)).toBe(0);
  });

  it('ignores what it cannot read', () => {
    for (const value of [null, undefined, '', '-5', '1.5', 'soon', '12/1', 'Mon, 99 Foo 2026']) {
      expect(parseRetryAfter(value, now)).toBeNull();
    }
  });
});

describe('CircuitBreaker', () => {
  function breaker(): { b: CircuitBreaker; clock: { now: number } } {
    const clock = { now: 0 };
    return { b: new CircuitBreaker({ failureThreshold: 3, coolDownMs: 1000 }, () => clock.now), clock };
  }

  it('stays closed below the threshold and resets on success', () => {
    const { b } = breaker();
    b.recordFailure();
    b.recordFailure();
    b.recordSuccess();
    b.recordFailure();
    b.recordFailure();
    expect(b.state).toBe('closed');
    expect(b.acquire()).toEqual({ allowed: true, probe: false });
  });

  it('opens after N consecutive failures and tells how long it stays open', () => {
    const { b, clock } = breaker();
    for (let i = 0; i < 3; i++) b.recordFailure();
    expect(b.state).toBe('open');
    clock.now = 400;
    expect(b.acquire()).toEqual({ allowed: false, retryAfterMs: 600 });
  });

  it('lets exactly one probe through when half-open', () => {
    const { b, clock } = breaker();
    for (let i = 0; i < 3; i++) b.recordFailure();
    clock.now = 1000;
    expect(b.state).toBe('half-open');
    expect(b.acquire()).toEqual({ allowed: true, probe: true });
    expect(b.acquire()).toEqual({ allowed: false, retryAfterMs: 0 });
    b.recordSuccess();
    expect(b.state).toBe('closed');
  });

  it('re-opens when the probe fails, and frees the probe slot when it is released', () => {
    const { b, clock } = breaker();
    for (let i = 0; i < 3; i++) b.recordFailure();
    clock.now = 1000;
    b.acquire();
    b.recordFailure();
    expect(b.state).toBe('open');
    clock.now = 2000;
    expect(b.acquire().allowed).toBe(true);
    b.releaseProbe();
    expect(b.acquire()).toEqual({ allowed: true, probe: true });
  });

  it('lets one probe through at once when the network comes back (probeNow), and does nothing while closed', () => {
    const { b, clock } = breaker();
    b.probeNow();
    expect(b.state).toBe('closed');
    for (let i = 0; i < 3; i++) b.recordFailure();
    clock.now = 100;
    b.probeNow();
    expect(b.acquire()).toEqual({ allowed: true, probe: true });
    expect(b.acquire().allowed).toBe(false);
  });
});

describe('TokenBucket', () => {
  it('allows a burst up to capacity, then queues callers in order', () => {
    const clock = { now: 0 };
    const bucket = new TokenBucket({ capacity: 3, refillPerSecond: 2 }, () => clock.now);
    expect([bucket.reserve(10_000), bucket.reserve(10_000), bucket.reserve(10_000)]).toEqual([0, 0, 0]);
    expect(bucket.reserve(10_000)).toBe(500);
    expect(bucket.reserve(10_000)).toBe(1000);
    expect(bucket.available).toBe(-2);
  });

  it('refills over time up to capacity only', () => {
    const clock = { now: 0 };
    const bucket = new TokenBucket({ capacity: 2, refillPerSecond: 1 }, () => clock.now);
    bucket.reserve(0);
    bucket.reserve(0);
    clock.now = 60_000;
    expect(bucket.available).toBe(2);
  });

  it('refuses without reserving when the wait would be too long', () => {
    const clock = { now: 0 };
    const bucket = new TokenBucket({ capacity: 1, refillPerSecond: 1 }, () => clock.now);
    bucket.reserve(0);
    expect(bucket.reserve(500)).toBeNull();
    expect(bucket.available).toBe(0);
    expect(bucket.reserve(1000)).toBe(1000);
  });
});

import { describe, expect, it } from 'vitest';
import { backoffDelay, DEFAULT_SYNC_SCHEDULE as P, delayAfterFailure, nextRegularDelay, reconnectDelay } from '../../main/sync/schedule';
import { dueReminders, nextCheckAt } from '../../main/sync/deadline-schedule';

describe('sync schedule', () => {
  it('regular delay stays within base ± jitter and spans it', () => {
    expect(nextRegularDelay(P, () => 0)).toBe(P.baseIntervalMs * 0.75);
    expect(nextRegularDelay(P, () => 0.999999)).toBeCloseTo(P.baseIntervalMs * 1.25, -2);
  });
  it('backoff grows exponentially, capped, full jitter from 0', () => {
    expect(backoffDelay(P, 1, () => 0.5)).toBe(P.backoffBaseMs / 2);
    expect(backoffDelay(P, 3, () => 0.5)).toBe(P.backoffBaseMs * 2);
    expect(backoffDelay(P, 50, () => 0.5)).toBe(P.backoffMaxMs / 2);
    expect(backoffDelay(P, 3, () => 0)).toBe(0);
  });
  it('reconnects spread over the reconnect window', () => {
    expect(reconnectDelay(P, () => 0.5)).toBe(P.reconnectSpreadMs / 2);
  });
  it('Retry-After wins when later than own backoff', () => {
    expect(delayAfterFailure(P, 1, 120_000, () => 0.5)).toBe(120_000);
    expect(delayAfterFailure(P, 10, 1_000, () => 0.5)).toBeGreaterThan(1_000);
  });
});

describe('deadline reminders', () => {
  const H = 3_600_000;
  const items = [
    { assignId: 1, title: 'A', dueAt: 100 * H, submitted: false },
    { assignId: 2, title: 'B', dueAt: 100 * H, submitted: true },
  ];
  it('fires 24 h before, then 1 h before, once each; not for submitted work', () => {
    expect(dueReminders(items, 75 * H, new Set())).toEqual([]);
    const first = dueReminders(items, 76 * H, new Set());
    expect(first.map((r) => r.leadMs)).toEqual([24 * H]);
    expect(dueReminders(items, 80 * H, new Set([first[0]!.key]))).toEqual([]);
    expect(dueReminders(items, 99.5 * H, new Set([first[0]!.key])).map((r) => r.leadMs)).toEqual([H]);
    expect(dueReminders(items, 100 * H, new Set())).toEqual([]);
  });
  it('next check is the earliest future fire time', () => {
    expect(nextCheckAt(items, 0)).toBe(76 * H);
    expect(nextCheckAt(items, 77 * H)).toBe(99 * H);
    expect(nextCheckAt(items, 101 * H)).toBeNull();
  });
});

import { describe, expect, it } from 'vitest';
import { backoffDelay, DEFAULT_SYNC_SCHEDULE as P, delayAfterFailure, nextRegularDelay, reconnectDelay } from '../../main/sync/schedule';
import { dueReminders, nextCheckAt } from '../../main/sync/deadline-schedule';
import { reminderText } from '../../main/sync/notifications';

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

describe('deadline reminder words', () => {
  // Monday 2026-03-02 14:00 local time.
  const dueAt = new Date(2026, 2, 2, 14, 0).getTime();
  const reminder = (leadHours: number) => ({ key: 'k', assignId: 1, title: 'Vokabeltest', dueAt, leadMs: leadHours * 3_600_000, fireAt: dueAt - leadHours * 3_600_000 });

  it('the system notification speaks the UI language (German by default)', () => {
    expect(reminderText(reminder(1))).toEqual({ title: 'Abgabe in einer Stunde: Vokabeltest', body: 'Fällig Mo., 14:00. Noch nicht abgegeben.' });
    expect(reminderText(reminder(24), 'en')).toEqual({ title: 'Due tomorrow: Vokabeltest', body: 'Due Mon 14:00. Not handed in yet.' });
    expect(reminderText(reminder(3), 'en').title).toBe('Due in 3 hours: Vokabeltest');
  });
});

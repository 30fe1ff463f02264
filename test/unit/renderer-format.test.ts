import { describe, expect, it } from 'vitest';
import { formatBytes, formatDateTime, formatTime } from '../../renderer/ui/format';

describe('renderer formats (app language, not the browser locale)', () => {
  it('sizes: bytes whole, one decimal below 10 of a unit, binary steps, capped at GB', () => {
    expect(formatBytes(0, 'de')).toBe('0 B');
    expect(formatBytes(1023, 'de')).toBe('1.023 B');
    expect(formatBytes(1536, 'de')).toBe('1,5 KB');
    expect(formatBytes(1536, 'en')).toBe('1.5 KB');
    expect(formatBytes(20 * 1024 * 1024 + 300_000, 'de')).toBe('20 MB');
    expect(formatBytes(5 * 1024 ** 4, 'en')).toBe('5,120 GB');
  });

  it('dates and times follow the language given', () => {
    const at = Date.UTC(2026, 10, 23, 8, 5);
    const expected = new Intl.DateTimeFormat('de', { timeStyle: 'short' }).format(at);
    expect(formatTime(at, 'de')).toBe(expected);
    expect(formatDateTime(at, 'de', 'short')).toMatch(/^23\.11\.26, \d{2}:05$/);
    expect(formatDateTime(at, 'en')).toMatch(/^Nov 23, 2026, /);
    expect(formatDateTime(at, 'de')).toMatch(/^23\.11\.2026, /);
  });
});

/**
 * Sizes and times as people read them, always in the app's language (not the browser's locale,
 * which on a school laptop may differ from the language the student chose).
 */

const SIZE_UNITS = ['B', 'KB', 'MB', 'GB'] as const;

/** `1,5 MB` / `1.5 MB`: binary steps, one decimal below 10 of a unit, none for bytes. */
export function formatBytes(bytes: number, language: string): string {
  let value = bytes;
  let unit = 0;
  while (value >= 1024 && unit < SIZE_UNITS.length - 1) {
    value /= 1024;
    unit += 1;
  }
  const digits = unit === 0 || value >= 10 ? 0 : 1;
  return `${new Intl.NumberFormat(language, { maximumFractionDigits: digits }).format(value)} ${SIZE_UNITS[unit]}`;
}

/** Date and time; `short` for status lines ("Stand: …"), `medium` where the date matters. */
export function formatDateTime(epochMs: number, language: string, style: 'short' | 'medium' = 'medium'): string {
  return new Intl.DateTimeFormat(language, { dateStyle: style, timeStyle: 'short' }).format(new Date(epochMs));
}

/** Time of day only, for things happening today (next attempt of a send). */
export function formatTime(epochMs: number, language: string): string {
  return new Intl.DateTimeFormat(language, { timeStyle: 'short' }).format(new Date(epochMs));
}

/** "vor 3 Stunden" / "3 hours ago": how old something is, in the largest whole unit (minutes at least). */
export function formatAge(epochMs: number, nowMs: number, language: string): string {
  const minutes = Math.max(0, Math.round((nowMs - epochMs) / 60_000));
  const format = new Intl.RelativeTimeFormat(language, { numeric: 'auto' });
  if (minutes < 60) return format.format(-minutes, 'minute');
  const hours = Math.round(minutes / 60);
  if (hours < 48) return format.format(-hours, 'hour');
  return format.format(-Math.round(hours / 24), 'day');
}

/**
 * Sizes and times as people read them, always in the app's language (not the browser's locale,
 * which on a school laptop may differ from the language the student chose).
 */

const SIZE_UNITS = ['B', 'KB', 'MB', 'GB'] as const;

// Building an Intl formatter costs milliseconds (locale data); a Start list of twenty dates paid it twenty times.
const formatters = new Map<string, Intl.NumberFormat | Intl.DateTimeFormat | Intl.RelativeTimeFormat>();
function cached<T extends Intl.NumberFormat | Intl.DateTimeFormat | Intl.RelativeTimeFormat>(key: string, make: () => T): T {
  let formatter = formatters.get(key);
  if (!formatter) {
    formatter = make();
    formatters.set(key, formatter);
  }
  return formatter as T;
}

/** A date-time format for `language` with these options, built once. */
export function dateTimeFormat(language: string, options: Intl.DateTimeFormatOptions): Intl.DateTimeFormat {
  return cached(`dt|${language}|${JSON.stringify(options)}`, () => new Intl.DateTimeFormat(language, options));
}

/** `1,5 MB` / `1.5 MB`: binary steps, one decimal below 10 of a unit, none for bytes. */
export function formatBytes(bytes: number, language: string): string {
  let value = bytes;
  let unit = 0;
  while (value >= 1024 && unit < SIZE_UNITS.length - 1) {
    value /= 1024;
    unit += 1;
  }
  const digits = unit === 0 || value >= 10 ? 0 : 1;
  return `${cached(`n|${language}|${digits}`, () => new Intl.NumberFormat(language, { maximumFractionDigits: digits })).format(value)} ${SIZE_UNITS[unit]}`;
}

/** Date and time; `short` for status lines ("Stand: …"), `medium` where the date matters. */
export function formatDateTime(epochMs: number, language: string, style: 'short' | 'medium' = 'medium'): string {
  return dateTimeFormat(language, { dateStyle: style, timeStyle: 'short' }).format(new Date(epochMs));
}

/** Time of day only, for things happening today (next attempt of a send). */
export function formatTime(epochMs: number, language: string): string {
  return dateTimeFormat(language, { timeStyle: 'short' }).format(new Date(epochMs));
}

/** "vor 3 Stunden" / "3 hours ago": how old something is, in the largest whole unit (minutes at least). */
export function formatAge(epochMs: number, nowMs: number, language: string): string {
  const minutes = Math.max(0, Math.round((nowMs - epochMs) / 60_000));
  const format = cached(`rt|${language}`, () => new Intl.RelativeTimeFormat(language, { numeric: 'auto' }));
  if (minutes < 60) return format.format(-minutes, 'minute');
  const hours = Math.round(minutes / 60);
  if (hours < 48) return format.format(-hours, 'hour');
  return format.format(-Math.round(hours / 24), 'day');
}

/**
 * The application log on disk: <dataDir>/logs/schuldesk-YYYY-MM-DD.log, one JSON line per
 * message ({"t":…,"level":…,"msg":…}). Messages pass `sanitizeLogMessage` first (tokens and
 * passwords redacted, URLs without query, home folder as ~, e-mail addresses removed), so the log
 * holds no personal data. A day's file is deleted once its day is 35 days ago (at start, and a
 * second after every UTC midnight while the app runs), so no line stays longer than 35 days (a
 * device that was off catches up at the next start). A file stops growing at `maxFileBytes` (one
 * note says so) so a loop of errors cannot fill the disk.
 *
 * `installConsoleCapture` copies console.warn/error of main into the log (the console output stays).
 */
import { appendFileSync, mkdirSync, readdirSync, rmSync, statSync } from 'node:fs';
import { homedir } from 'node:os';
import { join } from 'node:path';
import { format } from 'node:util';
import { scrub } from './scrub';

/** The log folder below the data folder. */
export const LOGS_FOLDER = 'logs';
export const LOG_RETENTION_DAYS = 35;
export const DEFAULT_MAX_LOG_FILE_BYTES = 5 * 1024 * 1024;
const DAY_MS = 24 * 60 * 60 * 1000;
const MAX_MESSAGE_CHARS = 4_000;
const FILE_PATTERN = /^schuldesk-(\d{4})-(\d{2})-(\d{2})\.log$/;

export type LogLevel = 'info' | 'warn' | 'error';

export interface FileLogOptions {
  dir: string;
  now?: () => number;
  maxFileBytes?: number;
  retentionDays?: number;
  homeDir?: string;
}

/** Milliseconds from `now` to the next UTC midnight (a second after it, so the new day has begun). */
export function msUntilNextUtcDay(now: number): number {
  const midnight = Math.floor(now / DAY_MS) * DAY_MS + DAY_MS;
  return midnight - now + 1_000;
}

export function logFileName(at: number): string {
  return `schuldesk-${new Date(at).toISOString().slice(0, 10)}.log`;
}

/** Secrets, URL queries, the home folder and e-mail addresses out; one line, bounded length. */
export function sanitizeLogMessage(message: string, homeDir: string = homedir()): string {
  const clean = scrub(message, homeDir)
    .replace(/[A-Za-z0-9._%+-]+@[A-Za-z0-9.-]+\.[A-Za-z]{2,}/g, '<email>')
    .replace(/[\r\n]+/g, ' ⏎ ');
  return clean.length > MAX_MESSAGE_CHARS ? `${clean.slice(0, MAX_MESSAGE_CHARS)} …` : clean;
}

export class FileLog {
  readonly dir: string;
  readonly #now: () => number;
  readonly #maxFileBytes: number;
  readonly #retentionDays: number;
  readonly #homeDir: string;
  /** Files that reached the cap in this run (noted once each). */
  readonly #capped = new Set<string>();
  #timer: NodeJS.Timeout | null = null;

  constructor(options: FileLogOptions) {
    this.dir = options.dir;
    this.#now = options.now ?? Date.now;
    this.#maxFileBytes = options.maxFileBytes ?? DEFAULT_MAX_LOG_FILE_BYTES;
    this.#retentionDays = options.retentionDays ?? LOG_RETENTION_DAYS;
    this.#homeDir = options.homeDir ?? homedir();
    try {
      mkdirSync(this.dir, { recursive: true });
    } catch {
      // A read-only or missing data folder: the app must still reach its message about it; writes fail quietly.
    }
  }

  write(level: LogLevel, message: string): void {
    const at = this.#now();
    const file = join(this.dir, logFileName(at));
    const line = `${JSON.stringify({ t: new Date(at).toISOString(), level, msg: sanitizeLogMessage(message, this.#homeDir) })}\n`;
    try {
      let size: number;
      try {
        size = statSync(file).size;
      } catch {
        size = 0;
      }
      if (size + Buffer.byteLength(line) > this.#maxFileBytes) {
        if (!this.#capped.has(file)) {
          this.#capped.add(file);
          appendFileSync(file, `${JSON.stringify({ t: new Date(at).toISOString(), level: 'warn', msg: 'Protokoll für heute voll – weitere Meldungen werden verworfen.' })}\n`);
        }
        return;
      }
      appendFileSync(file, line);
    } catch {
      // Logging must never take the app down (disk full, folder removed).
    }
  }

  /**
   * Deletes log files whose day is `retentionDays` or more days ago (file names are UTC days): at
   * 00:00 of day D+35 the newest line of day D is 34 days old, the oldest exactly 35. Returns the deleted names.
   */
  prune(): string[] {
    const today = Date.parse(new Date(this.#now()).toISOString().slice(0, 10));
    const deleted: string[] = [];
    let names: string[];
    try {
      names = readdirSync(this.dir);
    } catch {
      return deleted;
    }
    for (const name of names) {
      const match = FILE_PATTERN.exec(name);
      if (!match) continue;
      const day = Date.UTC(Number(match[1]), Number(match[2]) - 1, Number(match[3]));
      if (Number.isNaN(day) || today - day < this.#retentionDays * DAY_MS) continue;
      try {
        rmSync(join(this.dir, name), { force: true });
        deleted.push(name);
      } catch {
        // Try again tomorrow.
      }
    }
    return deleted.sort();
  }

  /** Prunes now and then at every UTC midnight, when a file ages out (the timer does not keep the process alive). */
  startRetention(): void {
    this.prune();
    if (this.#timer) return;
    const schedule = (): void => {
      this.#timer = setTimeout(() => {
        this.prune();
        schedule();
      }, msUntilNextUtcDay(this.#now()));
      this.#timer.unref();
    };
    schedule();
  }

  close(): void {
    if (this.#timer) clearTimeout(this.#timer);
    this.#timer = null;
  }
}

/**
 * Copies console.warn/console.error into the log. Returns the function that restores the console.
 */
export function installConsoleCapture(log: FileLog, target: Pick<Console, 'warn' | 'error'> = console): () => void {
  const original = { warn: target.warn, error: target.error };
  target.warn = (...args: unknown[]) => {
    original.warn.apply(target, args);
    log.write('warn', format(...args));
  };
  target.error = (...args: unknown[]) => {
    original.error.apply(target, args);
    log.write('error', format(...args));
  };
  return () => {
    target.warn = original.warn;
    target.error = original.error;
  };
}

/** For the shells' entry points: the log in <dataDir>/logs, retention running, console captured. */
export function startFileLog(dataDir: string): { log: FileLog; stop: () => void } {
  const log = new FileLog({ dir: join(dataDir, LOGS_FOLDER) });
  log.startRetention();
  const restore = installConsoleCapture(log);
  return {
    log,
    stop: () => {
      restore();
      log.close();
    },
  };
}

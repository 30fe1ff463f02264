/**
 * The file log on a real temp folder: daily files, retention (a day's file goes once its day is
 * 35 days ago, so no line is older than 35 days; pruned at every UTC midnight; foreign files untouched), size cap, no secrets or personal data in the lines,
 * console.warn/error captured.
 */
import { mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { FileLog, installConsoleCapture, LOG_RETENTION_DAYS, logFileName, msUntilNextUtcDay, sanitizeLogMessage } from '../../main/log/file-log';
import { macPolicySources } from '../../main/policy/sources/macos-plist';
import { createServices } from '../../main/services';

const DAY = 24 * 60 * 60 * 1000;
const NOW = Date.UTC(2026, 10, 22, 9, 30, 0);
let dir: string;

beforeEach(() => {
  dir = join(mkdtempSync(join(tmpdir(), 'schuldesk-logs-')), 'logs');
});
afterEach(() => {
  rmSync(join(dir, '..'), { recursive: true, force: true });
});

function lines(file: string): { t: string; level: string; msg: string }[] {
  return readFileSync(join(dir, file), 'utf8')
    .trim()
    .split('\n')
    .map((line) => JSON.parse(line) as { t: string; level: string; msg: string });
}

describe('retention', () => {
  it('deletes files whose day is 35 or more days ago at start, keeps younger ones and files that are not ours', () => {
    mkdirSync(dir, { recursive: true });
    const ages = [0, 1, 33, 34, 35, 36, 60, 400];
    for (const age of ages) writeFileSync(join(dir, logFileName(NOW - age * DAY)), '{}\n');
    writeFileSync(join(dir, 'notes.txt'), 'not a log');
    writeFileSync(join(dir, 'schuldesk-2020-13-45.log'), 'bad date, not ours to judge');

    const log = new FileLog({ dir, now: () => NOW });
    log.startRetention();
    log.close();

    const left = readdirSync(dir).sort();
    const expectKept = ages.filter((age) => age < LOG_RETENTION_DAYS).map((age) => logFileName(NOW - age * DAY));
    const expectGone = ages.filter((age) => age >= LOG_RETENTION_DAYS).map((age) => logFileName(NOW - age * DAY));
    for (const name of expectKept) expect(left).toContain(name);
    for (const name of expectGone) expect(left).not.toContain(name);
    expect(left).toContain('notes.txt');
    expect(expectKept).toHaveLength(4);
    expect(expectGone).toHaveLength(4);
  });

  it('no line outlives 35 days: the first line of day D is gone at the start of day D+35, not a day later', () => {
    const dayD = Date.UTC(2026, 9, 1, 0, 0, 0);
    let now = dayD;
    const log = new FileLog({ dir, now: () => now });
    log.write('warn', 'first line of the day');
    now = dayD + 35 * DAY - 1_000; // 34 days 23:59:59 later: still kept
    expect(log.prune()).toEqual([]);
    now = dayD + 35 * DAY; // exactly 35 days after the line
    expect(log.prune()).toEqual([logFileName(dayD)]);
    expect(readdirSync(dir)).toEqual([]);
  });

  it('prune() run again a day later removes the file that has now aged out', () => {
    mkdirSync(dir, { recursive: true });
    let now = NOW;
    writeFileSync(join(dir, logFileName(NOW - 34 * DAY)), '{}\n');
    const log = new FileLog({ dir, now: () => now });
    expect(log.prune()).toEqual([]);
    now += DAY;
    expect(log.prune()).toEqual([logFileName(NOW - 34 * DAY)]);
    expect(readdirSync(dir)).toEqual([]);
  });

  it('while the app runs, retention prunes just after every UTC midnight', () => {
    expect(msUntilNextUtcDay(Date.UTC(2026, 10, 22, 9, 30, 0))).toBe(14.5 * 60 * 60 * 1000 + 1_000);
    expect(msUntilNextUtcDay(Date.UTC(2026, 10, 22, 0, 0, 0))).toBe(DAY + 1_000);
    vi.useFakeTimers({ now: NOW });
    try {
      mkdirSync(dir, { recursive: true });
      // Ages out at the next midnight (34 days old today), and the one after it the day after.
      writeFileSync(join(dir, logFileName(NOW - 34 * DAY)), '{}\n');
      writeFileSync(join(dir, logFileName(NOW - 33 * DAY)), '{}\n');
      const log = new FileLog({ dir });
      log.startRetention();
      expect(readdirSync(dir)).toHaveLength(2);
      vi.advanceTimersByTime(msUntilNextUtcDay(NOW));
      expect(readdirSync(dir)).toEqual([logFileName(NOW - 33 * DAY)]);
      vi.advanceTimersByTime(DAY);
      expect(readdirSync(dir)).toEqual([]);
      log.close();
    } finally {
      vi.useRealTimers();
    }
  });
});

describe('writing', () => {
  it('one file per day, JSON lines, sanitised', () => {
    let now = NOW;
    const log = new FileLog({ dir, now: () => now, homeDir: '/home/lena' });
    log.write('warn', 'sync failed for https://moodle.schule.de/webservice/rest/server.php?wstoken=0123456789abcdef&wsfunction=x');
    log.write('error', 'cannot read /home/lena/.config/SchulDesk/drafts/x.pdf for lena.mueller@schule.de\nsecond line');
    now += DAY;
    log.write('info', 'next day');
    const first = lines(logFileName(NOW));
    expect(first.map((l) => l.level)).toEqual(['warn', 'error']);
    const raw = readFileSync(join(dir, logFileName(NOW)), 'utf8');
    expect(raw).not.toContain('0123456789abcdef');
    expect(raw).not.toContain('/home/lena');
    expect(raw).not.toContain('lena.mueller');
    expect(first[0]?.msg).toBe('sync failed for https://moodle.schule.de/webservice/rest/server.php');
    expect(first[1]?.msg).toBe('cannot read ~/.config/SchulDesk/drafts/x.pdf for <email> ⏎ second line');
    expect(first[0]?.t).toBe(new Date(NOW).toISOString());
    expect(lines(logFileName(NOW + DAY)).map((l) => l.msg)).toEqual(['next day']);
  });

  it('stops a file at the size cap with one note', () => {
    const log = new FileLog({ dir, now: () => NOW, maxFileBytes: 1000 });
    for (let i = 0; i < 50; i += 1) log.write('error', `failure number ${i} ${'x'.repeat(40)}`);
    const file = join(dir, logFileName(NOW));
    const size = readFileSync(file).byteLength;
    expect(size).toBeLessThanOrEqual(1000 + 200);
    const written = lines(logFileName(NOW));
    expect(written.at(-1)?.msg).toContain('Protokoll für heute voll');
    expect(written.filter((l) => l.msg.includes('voll'))).toHaveLength(1);
    expect(written.length).toBeLessThan(50);
  });

  it('console capture copies warn/error into the log without secrets and restores the console', () => {
    const log = new FileLog({ dir, now: () => NOW });
    const printed: unknown[][] = [];
    const target = { warn: (...args: unknown[]) => printed.push(args), error: (...args: unknown[]) => printed.push(args) };
    const restore = installConsoleCapture(log, target);
    target.warn('[sync] %s failed', 'login', 'password=Schule-2026!');
    target.error(new Error('Authorization: Bearer abc.def.ghi'));
    restore();
    target.warn('after restore');
    expect(printed).toHaveLength(3);
    const raw = readFileSync(join(dir, logFileName(NOW)), 'utf8');
    expect(raw).toContain('[sync] login failed');
    expect(raw).not.toContain('Schule-2026!');
    expect(raw).not.toContain('abc.def.ghi');
    expect(raw).not.toContain('after restore');
  });

  it("[policy] lines about the macOS per-user plist name <Benutzer>, not the user (real sources, services and console capture)", async () => {
    const log = new FileLog({ dir, now: () => NOW, homeDir: '/Users/lena' });
    const restore = installConsoleCapture(log);
    // plutil's answer for a per-user profile with a typo'd key; the machine file is absent.
    const sources = macPolicySources({
      user: 'lena',
      exists: async (path) => path.includes('/lena/'),
      run: async () => ({ exitCode: 0, stdout: '{"camraGate": true}', stderr: '' }),
    });
    const dataDir = join(dir, '..', 'data');
    try {
      const services = await createServices({ shell: 'browser', appVersion: '0.0.0-test', dataDir, policySources: sources });
      expect(services.settings.report().problems[0]?.source).toBe('/Library/Managed Preferences/lena/de.schuldesk.app.plist');
      await services.close();
    } finally {
      restore();
    }
    const raw = readFileSync(join(dir, logFileName(NOW)), 'utf8');
    expect(raw).toContain('[policy] /Library/Managed Preferences/<Benutzer>/de.schuldesk.app.plist (camraGate)');
    expect(raw).not.toContain('lena');
  });

  it('sanitizeLogMessage bounds the length', () => {
    expect(sanitizeLogMessage('a'.repeat(10_000), '/home/x').length).toBeLessThan(4_100);
  });
});

/**
 * The damaged copies of the store that the salvage at start keeps beside it for IT (salvage.ts
 * `moveAside`: `schuldesk.damaged-<UTC date>[-n].sqlite` and its -wal/-shm, names matched by
 * `damagedCopyPattern`). Such a copy holds everything the old store held — accounts, names, course
 * data, drafts — of every account that used the device, so it is listed where stored data is shown
 * (privacy centre, diagnostics, the loaner logout preview) and erased where that data must go: a
 * loaner device's logout (main/outbox/service.ts) and "delete my data" (main/privacy/privacy-service.ts).
 * On a device of one's own a logout keeps it (IT may still want it).
 *
 * Erasing: each file is overwritten with zeros, fsynced, then unlinked (best effort: a flash disk may
 * keep old blocks; the OS account's disk encryption covers those). Only regular files directly in the
 * data folder whose name matches are touched: a symlink is never followed nor removed, a file with a
 * second hard link (possibly another file's bytes) is unlinked without being overwritten, the live
 * store never matches. Failures are logged without names or paths and never thrown.
 * Only node builtins and sibling `.ts` files are imported (the salvage bench loads it directly).
 */
import { closeSync, constants, fstatSync, fsyncSync, lstatSync, openSync, readdirSync, unlinkSync, writeSync } from 'node:fs';
import type { Stats } from 'node:fs';
import { dirname, join } from 'node:path';
import { damagedCopyPattern } from './salvage.ts';

/** One damaged copy: its database file and -wal/-shm as they exist (any may be missing). */
export interface DamagedCopy {
  /** The database file's name (also when only its -wal/-shm are left). */
  name: string;
  /** When the salvage moved it aside (epoch ms, from the name). */
  setAsideAt: number;
  /** Its files in the data folder, with their sizes. */
  files: { name: string; bytes: number }[];
  bytes: number;
}

export interface ErasedCopies {
  /** Files overwritten (where possible) and removed. */
  erased: number;
  /** Files that could not be removed (logged). */
  failed: number;
}

const CHUNK = 1024 * 1024;

function readNames(dir: string): string[] {
  try {
    return readdirSync(dir);
  } catch {
    return [];
  }
}

function stampToMs(stamp: string): number {
  const [, y, mo, d, h, mi, s] = /^(\d{4})(\d{2})(\d{2})T(\d{2})(\d{2})(\d{2})Z$/.exec(stamp) ?? [];
  return Date.UTC(Number(y), Number(mo) - 1, Number(d), Number(h), Number(mi), Number(s));
}

/** Matching regular files in the store's folder, with their lstat (symlinks and folders are left out). */
function matchingFiles(storePath: string): { name: string; path: string; stats: Stats; stamp: string; suffix: string }[] {
  const dir = dirname(storePath);
  const pattern = damagedCopyPattern(storePath);
  const found: { name: string; path: string; stats: Stats; stamp: string; suffix: string }[] = [];
  for (const name of readNames(dir).sort()) {
    const match = pattern.exec(name);
    if (!match) continue;
    const path = join(dir, name);
    let stats: Stats;
    try {
      stats = lstatSync(path);
    } catch {
      continue; // vanished meanwhile
    }
    if (!stats.isFile()) continue;
    found.push({ name, path, stats, stamp: match[1] as string, suffix: match[2] ?? '' });
  }
  return found;
}

/** The damaged copies kept beside the store at `storePath`, oldest first. */
export function damagedCopies(storePath: string): DamagedCopy[] {
  const copies = new Map<string, DamagedCopy>();
  for (const file of matchingFiles(storePath)) {
    const base = file.name.slice(0, file.name.length - file.suffix.length);
    const copy = copies.get(base) ?? { name: base, setAsideAt: stampToMs(file.stamp), files: [], bytes: 0 };
    copy.files.push({ name: file.name, bytes: file.stats.size });
    copy.bytes += file.stats.size;
    copies.set(base, copy);
  }
  return [...copies.values()].sort((a, b) => a.setAsideAt - b.setAsideAt || a.name.localeCompare(b.name));
}

function errorCode(error: unknown): string {
  const code = (error as NodeJS.ErrnoException | null)?.code;
  return typeof code === 'string' ? code : error instanceof Error ? error.name : typeof error;
}

/** Zeros over the file's bytes, fsynced; only when the open file is still the one listed and has no other name. */
function overwriteWithZeros(path: string, listed: Stats): void {
  // O_NOFOLLOW: a symlink put in its place since the listing is not opened (not on Windows, which lacks it).
  const fd = openSync(path, constants.O_WRONLY | (constants.O_NOFOLLOW ?? 0));
  try {
    const stats = fstatSync(fd);
    if (!stats.isFile() || stats.ino !== listed.ino || stats.dev !== listed.dev) throw Object.assign(new Error('file changed since listed'), { code: 'ECHANGED' });
    // A second hard link may be any file (the live store, too): its bytes are not ours to zero.
    if (stats.nlink > 1) return;
    const zeros = Buffer.alloc(Math.min(CHUNK, Math.max(1, stats.size)));
    for (let position = 0; position < stats.size; position += zeros.length) {
      writeSync(fd, zeros, 0, Math.min(zeros.length, stats.size - position), position);
    }
    fsyncSync(fd);
  } finally {
    closeSync(fd);
  }
}

/**
 * Erases every damaged copy of the store at `storePath` (database, -wal, -shm): zeros, fsync,
 * unlink, then the folder is synced. Never throws; what failed is logged by error code only.
 */
export function eraseDamagedCopies(storePath: string): ErasedCopies {
  const result: ErasedCopies = { erased: 0, failed: 0 };
  const files = matchingFiles(storePath);
  if (files.length === 0) return result;
  for (const file of files) {
    try {
      overwriteWithZeros(file.path, file.stats);
    } catch (error) {
      // Still removed below when it is the same regular file: gone is better than kept.
      console.error(`[store] overwriting a damaged store copy failed (${errorCode(error)}); removing it`);
    }
    try {
      const now = lstatSync(file.path);
      if (!now.isFile() || now.ino !== file.stats.ino || now.dev !== file.stats.dev) throw Object.assign(new Error('file changed since listed'), { code: 'ECHANGED' });
      unlinkSync(file.path);
      result.erased++;
    } catch (error) {
      result.failed++;
      console.error(`[store] removing a damaged store copy failed (${errorCode(error)})`);
    }
  }
  try {
    const fd = openSync(dirname(storePath), 'r');
    try {
      fsyncSync(fd);
    } finally {
      closeSync(fd);
    }
  } catch {
    // Windows cannot open folders; NTFS journals the unlinks.
  }
  console.warn(`[store] erased ${result.erased} file(s) of damaged store copies${result.failed ? `; ${result.failed} could not be removed` : ''}`);
  return result;
}

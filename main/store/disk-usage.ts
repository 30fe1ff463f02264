/**
 * Sizes of folders on disk (diagnostics, privacy centre). Symlinks are not followed, so a link
 * placed in the data folder cannot make us walk (or report) the user's home.
 */
import { lstatSync, readdirSync } from 'node:fs';
import { join } from 'node:path';

export interface FolderUsage {
  bytes: number;
  files: number;
  /** Modification times (epoch ms) of the oldest and newest file; null without files. */
  oldestAt: number | null;
  newestAt: number | null;
}

export const EMPTY_USAGE: FolderUsage = { bytes: 0, files: 0, oldestAt: null, newestAt: null };

/** Recursive size of a folder (or a single file); a missing path counts as empty. */
export function folderUsage(path: string): FolderUsage {
  let stat;
  try {
    stat = lstatSync(path);
  } catch {
    return { ...EMPTY_USAGE };
  }
  if (stat.isFile()) return { bytes: stat.size, files: 1, oldestAt: stat.mtimeMs, newestAt: stat.mtimeMs };
  if (!stat.isDirectory()) return { ...EMPTY_USAGE };
  let entries: string[];
  try {
    entries = readdirSync(path);
  } catch {
    return { ...EMPTY_USAGE };
  }
  return entries.map((name) => folderUsage(join(path, name))).reduce(addUsage, { ...EMPTY_USAGE });
}

export function addUsage(a: FolderUsage, b: FolderUsage): FolderUsage {
  return {
    bytes: a.bytes + b.bytes,
    files: a.files + b.files,
    oldestAt: minOrNull(a.oldestAt, b.oldestAt),
    newestAt: maxOrNull(a.newestAt, b.newestAt),
  };
}

function minOrNull(a: number | null, b: number | null): number | null {
  if (a === null) return b;
  if (b === null) return a;
  return Math.min(a, b);
}

function maxOrNull(a: number | null, b: number | null): number | null {
  if (a === null) return b;
  if (b === null) return a;
  return Math.max(a, b);
}

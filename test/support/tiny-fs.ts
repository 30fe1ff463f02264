/**
 * A real tiny filesystem for the data folder: a tmpfs of a few MB mounted at a temp folder (root
 * only; `canMountTmpfs()` says whether this machine allows it), filled to the last byte with a
 * filler file, and freed again. Used by the full-disk and read-only tests (integration and e2e).
 */
import { execFileSync } from 'node:child_process';
import { closeSync, mkdtempSync, openSync, rmSync, writeSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

let mountable: boolean | null = null;

/** True when this process may mount a tmpfs (root in a sandbox that allows it). Tried once. */
export function canMountTmpfs(): boolean {
  if (mountable !== null) return mountable;
  const probe = mkdtempSync(join(tmpdir(), 'schuldesk-tmpfs-probe-'));
  try {
    execFileSync('mount', ['-t', 'tmpfs', '-o', 'size=64k', 'tmpfs', probe], { stdio: 'ignore' });
    execFileSync('umount', [probe], { stdio: 'ignore' });
    mountable = true;
  } catch {
    mountable = false;
  }
  rmSync(probe, { recursive: true, force: true });
  return mountable;
}

export interface TinyFs {
  dir: string;
  /** Writes a filler file until the filesystem reports ENOSPC; returns the bytes written. */
  fill(): number;
  /** Removes the filler: the space is back. */
  free(): void;
  /** Remounts read-only (`ro`) or writable again. */
  remount(mode: 'ro' | 'rw'): void;
  unmount(): void;
}

export function mountTinyFs(sizeMb: number, options: { readOnly?: boolean } = {}): TinyFs {
  const dir = mkdtempSync(join(tmpdir(), 'schuldesk-tinyfs-'));
  execFileSync('mount', ['-t', 'tmpfs', '-o', `size=${sizeMb}m${options.readOnly ? ',ro' : ''}`, 'tmpfs', dir]);
  const filler = join(dir, 'filler.bin');
  return {
    dir,
    fill() {
      const fd = openSync(filler, 'a');
      const chunk = Buffer.alloc(16 * 1024, 0x61);
      let written = 0;
      try {
        for (;;) {
          try {
            written += writeSync(fd, chunk);
          } catch (error) {
            if ((error as NodeJS.ErrnoException).code !== 'ENOSPC') throw error;
            // The last partial block: byte by byte, until nothing at all fits.
            const one = Buffer.alloc(1, 0x61);
            for (;;) {
              try {
                written += writeSync(fd, one);
              } catch {
                return written;
              }
            }
          }
        }
      } finally {
        closeSync(fd);
      }
    },
    free() {
      rmSync(filler, { force: true });
    },
    remount(mode) {
      execFileSync('mount', ['-o', `remount,${mode}`, dir]);
    },
    unmount() {
      try {
        execFileSync('umount', [dir], { stdio: 'ignore' });
      } catch {
        execFileSync('umount', ['-l', dir], { stdio: 'ignore' });
      }
      rmSync(dir, { recursive: true, force: true });
    },
  };
}

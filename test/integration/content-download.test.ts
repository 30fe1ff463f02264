/**
 * Large downloads through main against the test Moodle over HTTP (progress for large
 * files, a cancel button): progress events end at the file's size, a cancel midway leaves
 * no cache row and no partial or temp file, a connection cut mid-body neither, two callers share
 * one download, and temp files of a crashed run are removed at the next start.
 */
import { existsSync, mkdirSync, readdirSync, statSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import type { ContentEvents, ContentFileView } from '../../preload/contract/content';
import { useContentPerTest } from './content-fixture';
import type { ContentFixture } from './content-fixture';

const MB = 1024 * 1024;
const BIG = 'Unterrichtsvideo_Brueche.mp4';
let fx: ContentFixture | null = null;
const clock = Date.UTC(2026, 10, 23, 8, 0, 0);
const env = useContentPerTest(() => clock);

type Progress = ContentEvents['content.downloadProgress'];

/** Signs in, puts a large file into the Mathe folder and syncs, so the course lists it. */
async function bootWithBigFile(bytes = 8 * MB): Promise<{ f: ContentFixture; big: ContentFileView }> {
  fx = await env.start({ signIn: 'password' });
  await fx.runSync(null);
  const folder = (await fx.call('content.course', 2)).sections.flatMap((s) => s.modules).find((m) => m.kind === 'folder');
  if (!folder) throw new Error('no folder in Mathematik 7b');
  env.moodle.state.putModuleFile(folder.cmid, BIG, Buffer.alloc(bytes, 0x42));
  await fx.runSync(null);
  const big = (await fx.call('content.course', 2)).sections.flatMap((s) => s.modules).flatMap((m) => m.files).find((x) => x.filename === BIG);
  if (!big) throw new Error('big file not listed');
  return { f: fx, big };
}

function progressOf(f: ContentFixture, fileRef: string): Progress[] {
  return f.events.filter((e) => e.name === 'content.downloadProgress').map((e) => e.payload as Progress).filter((p) => p.fileRef === fileRef);
}

/** Everything in the account's files folder (cached files and temp files alike). */
function filesOnDisk(f: ContentFixture): string[] {
  const dir = join(f.dir, 'files', f.accountId);
  return existsSync(dir) ? readdirSync(dir) : [];
}

describe('large file downloads', () => {
  it('reports progress up to the size and caches the whole file under its final name', async () => {
    const { f, big } = await bootWithBigFile();
    const opened = await f.call('content.openFile', big.fileRef);
    expect(opened).toMatchObject({ filename: BIG, bytes: 8 * MB, fromCache: false });
    const progress = progressOf(f, big.fileRef);
    expect(progress[0]).toEqual({ fileRef: big.fileRef, receivedBytes: 0, totalBytes: 8 * MB });
    expect(progress.at(-1)).toEqual({ fileRef: big.fileRef, receivedBytes: 8 * MB, totalBytes: 8 * MB });
    // In steps of about 1 %, never going back.
    expect(progress.length).toBeGreaterThan(10);
    expect(progress.length).toBeLessThanOrEqual(102);
    for (let i = 1; i < progress.length; i++) expect(progress[i]?.receivedBytes).toBeGreaterThan(progress[i - 1]?.receivedBytes ?? 0);
    const onDisk = filesOnDisk(f);
    expect(onDisk).toHaveLength(1);
    expect(onDisk[0]?.startsWith('.incoming-')).toBe(false);
    expect(statSync(join(f.dir, 'files', f.accountId, onDisk[0] ?? '')).size).toBe(8 * MB);
    expect(f.content.repo.file(f.accountId, big.fileRef)?.bytes).toBe(8 * MB);
  });

  it('a cancel midway stops the download and leaves no cache entry and no temp file', async () => {
    const { f, big } = await bootWithBigFile();
    env.moodle.state.stats.reset();
    let cancel: Promise<{ cancelled: boolean }> | null = null;
    let seenAtCancel = 0;
    const stop = f.context.events.subscribe((name, payload) => {
      const p = payload as Progress;
      if (name !== 'content.downloadProgress' || p.fileRef !== big.fileRef || cancel || p.receivedBytes === 0) return;
      seenAtCancel = p.receivedBytes;
      // While a part of the file is written to its temp file.
      expect(filesOnDisk(f).filter((n) => n.startsWith('.incoming-'))).toHaveLength(1);
      cancel = f.call('content.cancelDownload', big.fileRef);
    });
    try {
      await expect(f.call('content.openFile', big.fileRef)).rejects.toMatchObject({ code: 'download-cancelled' });
    } finally {
      stop();
    }
    expect(await cancel).toEqual({ cancelled: true });
    expect(seenAtCancel).toBeGreaterThan(0);
    expect(seenAtCancel).toBeLessThan(8 * MB);
    expect(progressOf(f, big.fileRef).every((p) => p.receivedBytes < 8 * MB)).toBe(true);
    expect(f.content.repo.file(f.accountId, big.fileRef) ?? null).toBeNull();
    expect(filesOnDisk(f)).toEqual([]);
    expect((await f.call('content.storage')).files).toBe(0);
    expect(env.moodle.state.stats.requests).toBe(1);
    // Nothing to cancel any more; the next open downloads it in full.
    expect(await f.call('content.cancelDownload', big.fileRef)).toEqual({ cancelled: false });
    expect((await f.call('content.openFile', big.fileRef)).bytes).toBe(8 * MB);
  });

  it('an account removed (or erased on a loaner laptop) while its file is on the way keeps nothing of it', async () => {
    const { f, big } = await bootWithBigFile();
    let removed = false;
    const stop = f.context.events.subscribe((name, payload) => {
      const p = payload as Progress;
      if (name !== 'content.downloadProgress' || p.fileRef !== big.fileRef || removed || p.receivedBytes === 0) return;
      removed = true;
      f.context.accounts.remove(f.accountId);
    });
    try {
      await expect(f.call('content.openFile', big.fileRef)).rejects.toMatchObject({ code: 'download-cancelled' });
    } finally {
      stop();
    }
    expect(removed).toBe(true);
    expect(f.content.repo.file(f.accountId, big.fileRef) ?? null).toBeNull();
    expect(filesOnDisk(f)).toEqual([]);
  });

  it('a connection cut mid-body leaves nothing half-written either', async () => {
    const { f, big } = await bootWithBigFile(2 * MB);
    env.moodle.state.faults.inject({ path: '/tokenpluginfile.php/*', fault: { type: 'truncated', abort: true } });
    await expect(f.call('content.openFile', big.fileRef)).rejects.toMatchObject({ code: 'file-download-network' });
    expect(f.content.repo.file(f.accountId, big.fileRef) ?? null).toBeNull();
    expect(filesOnDisk(f)).toEqual([]);
  });

  it('two callers of one file share one download', async () => {
    const { f, big } = await bootWithBigFile(2 * MB);
    env.moodle.state.stats.reset();
    const [a, b] = await Promise.all([f.call('content.openFile', big.fileRef), f.call('content.openFile', big.fileRef)]);
    expect(a.bytes).toBe(2 * MB);
    expect(b.bytes).toBe(2 * MB);
    expect(env.moodle.state.stats.requests).toBe(1);
    expect(filesOnDisk(f)).toHaveLength(1);
  });

  it('temp files of an interrupted run go at the next start; cached files stay', async () => {
    const { f, big } = await bootWithBigFile(MB);
    await f.call('content.openFile', big.fileRef);
    const dir = join(f.dir, 'files', f.accountId);
    mkdirSync(dir, { recursive: true });
    writeFileSync(join(dir, '.incoming-0123456789abcdef'), Buffer.alloc(1000));
    expect(await f.content.removeStaleDownloads()).toBe(1);
    expect(filesOnDisk(f)).toHaveLength(1);
    expect((await f.call('content.openFile', big.fileRef)).fromCache).toBe(true);
  });
});

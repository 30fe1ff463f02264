/**
 * Reads table rows straight from the pages of an SQLite file (and its WAL), without SQLite: the
 * last resort of the salvage (salvage-copy.ts) when SQLite cannot open the file or read its schema
 * (page 1 overwritten, header damaged). Every table b-tree leaf page that still parses is decoded;
 * which table a row belongs to is decided by the caller from the row's shape (column count and
 * STRICT types), because the schema on page 1 may be gone.
 *
 * File format: https://sqlite.org/fileformat2.html (b-tree pages, record format, WAL frames).
 * Only node builtins are imported, so child processes can load this file with type stripping.
 */
import { closeSync, fstatSync, openSync, readSync } from 'node:fs';

export type RawValue = null | number | bigint | string | Uint8Array;

export interface RawRow {
  page: number;
  rowid: bigint;
  values: RawValue[];
}

export interface PageScanResult {
  pageSize: number;
  pages: number;
  /** Pages taken from committed WAL frames instead of the main file. */
  walPages: number;
  /** Table leaf pages decoded. */
  leafPages: number;
  rows: RawRow[];
  /** Cells that did not decode (damaged page or overflow chain). */
  badCells: number;
}

const PAGE_SIZES = [4096, 1024, 2048, 8192, 16384, 32768, 65536, 512];
const TABLE_LEAF = 0x0d;
const MAX_PAYLOAD = 1 << 30;
const CHUNK_BYTES = 4 * 1024 * 1024;

function readAll(path: string): Buffer | null {
  const file = openPaged(path);
  if (!file) return null;
  try {
    return file.read(0, file.size);
  } finally {
    file.close();
  }
}

/** Reads parts of a file on demand: the main file is never held in memory as a whole. */
interface PagedFile {
  size: number;
  read(offset: number, length: number): Buffer;
  close(): void;
}

function openPaged(path: string): PagedFile | null {
  let fd: number;
  try {
    fd = openSync(path, 'r');
  } catch {
    return null;
  }
  return {
    size: fstatSync(fd).size,
    read(offset, length) {
      const buffer = Buffer.alloc(length);
      let done = 0;
      while (done < length) {
        const n = readSync(fd, buffer, done, length - done, offset + done);
        if (n === 0) break;
        done += n;
      }
      return buffer.subarray(0, done);
    },
    close() {
      closeSync(fd);
    },
  };
}

function varint(buffer: Uint8Array, offset: number): [value: bigint, length: number] {
  let value = 0n;
  for (let i = 0; i < 9; i++) {
    const byte = buffer[offset + i];
    if (byte === undefined) throw new RangeError('varint past end');
    if (i === 8) return [(value << 8n) | BigInt(byte), 9];
    value = (value << 7n) | BigInt(byte & 0x7f);
    if ((byte & 0x80) === 0) return [value, i + 1];
  }
  throw new RangeError('varint');
}

function looksLikeBtreePage(page: Buffer, headerOffset: number, pageSize: number): boolean {
  const type = page[headerOffset];
  if (type !== 0x02 && type !== 0x05 && type !== 0x0a && type !== 0x0d) return false;
  const cells = page.readUInt16BE(headerOffset + 3);
  const content = page.readUInt16BE(headerOffset + 5) || 65536;
  const pointers = headerOffset + (type === 0x02 || type === 0x05 ? 12 : 8) + cells * 2;
  return cells > 0 && pointers <= content && content <= pageSize;
}

/**
 * The header's page size when it is sane. Otherwise the largest size under which nearly as many
 * pages look like b-tree pages as under the best one: a smaller guess also lands on every real page
 * start, a larger one misses the pages in between.
 */
function guessPageSize(file: PagedFile): number {
  const header = file.read(0, 100);
  if (header.length === 100 && header.toString('latin1', 0, 15) === 'SQLite format 3') {
    const raw = header.readUInt16BE(16);
    const size = raw === 1 ? 65536 : raw;
    if (PAGE_SIZES.includes(size) && file.size % size === 0) return size;
  }
  // A sample from the start is enough to tell (the first 16 MiB).
  const sample = file.read(0, Math.min(file.size, 16 * 1024 * 1024));
  const counts = new Map<number, number>();
  for (const size of PAGE_SIZES) {
    let count = 0;
    const pages = Math.floor(sample.length / size);
    for (let i = 1; i < pages; i++) if (looksLikeBtreePage(sample.subarray(i * size, (i + 1) * size), 0, size)) count += 1;
    counts.set(size, count);
  }
  const best = Math.max(...counts.values());
  if (best === 0) return 4096;
  return Math.max(...[...counts].filter(([, count]) => count >= best * 0.9).map(([size]) => size));
}

function walChecksum(data: Buffer, bigEndian: boolean, s0: number, s1: number): [number, number] {
  let a = s0;
  let b = s1;
  for (let i = 0; i + 8 <= data.length; i += 8) {
    const x0 = bigEndian ? data.readUInt32BE(i) : data.readUInt32LE(i);
    const x1 = bigEndian ? data.readUInt32BE(i + 4) : data.readUInt32LE(i + 4);
    a = (a + x0 + b) >>> 0;
    b = (b + x1 + a) >>> 0;
  }
  return [a, b];
}

/**
 * The committed pages of a WAL: frames whose salts match the header and whose checksum chain holds,
 * up to the last commit frame. A truncated or damaged tail is ignored, as SQLite does.
 */
export function readWalPages(wal: Buffer | null, pageSize?: number): { pageSize: number; pages: Map<number, Buffer> } | null {
  if (!wal || wal.length < 32) return null;
  const magic = wal.readUInt32BE(0);
  if (magic !== 0x377f0682 && magic !== 0x377f0683) return null;
  const bigEndian = magic === 0x377f0683;
  const size = wal.readUInt32BE(8);
  if (!PAGE_SIZES.includes(size) || (pageSize !== undefined && size !== pageSize)) return null;
  let [s0, s1] = walChecksum(wal.subarray(0, 24), bigEndian, 0, 0);
  if (s0 !== wal.readUInt32BE(24) || s1 !== wal.readUInt32BE(28)) return null;
  const salt1 = wal.readUInt32BE(16);
  const salt2 = wal.readUInt32BE(20);
  const pending = new Map<number, Buffer>();
  const committed = new Map<number, Buffer>();
  for (let offset = 32; offset + 24 + size <= wal.length; offset += 24 + size) {
    const header = wal.subarray(offset, offset + 24);
    if (header.readUInt32BE(8) !== salt1 || header.readUInt32BE(12) !== salt2) break;
    const body = wal.subarray(offset + 24, offset + 24 + size);
    [s0, s1] = walChecksum(header.subarray(0, 8), bigEndian, s0, s1);
    [s0, s1] = walChecksum(body, bigEndian, s0, s1);
    if (s0 !== header.readUInt32BE(16) || s1 !== header.readUInt32BE(20)) break;
    pending.set(header.readUInt32BE(0), body);
    if (header.readUInt32BE(4) !== 0) {
      for (const [page, data] of pending) committed.set(page, data);
      pending.clear();
    }
  }
  return { pageSize: size, pages: committed };
}

/** Reads the payload of one cell, following its overflow chain; null when the chain is broken. */
function cellPayload(
  page: Buffer,
  offset: number,
  usable: number,
  getPage: (n: number) => Buffer | null,
): { rowid: bigint; payload: Buffer } | null {
  const [payloadSize, a] = varint(page, offset);
  const [rowid, b] = varint(page, offset + a);
  const total = Number(payloadSize);
  if (total < 0 || total > MAX_PAYLOAD) return null;
  const start = offset + a + b;
  const maxLocal = usable - 35;
  let local = total;
  if (total > maxLocal) {
    const minLocal = Math.floor(((usable - 12) * 32) / 255) - 23;
    const k = minLocal + ((total - minLocal) % (usable - 4));
    local = k <= maxLocal ? k : minLocal;
  }
  if (start + local > page.length) return null;
  if (local === total) return { rowid, payload: page.subarray(start, start + total) };
  const parts = [page.subarray(start, start + local)];
  let remaining = total - local;
  let next = page.readUInt32BE(start + local);
  const seen = new Set<number>();
  while (remaining > 0) {
    if (next === 0 || seen.has(next)) return null;
    seen.add(next);
    const overflow = getPage(next);
    if (!overflow) return null;
    const take = Math.min(remaining, usable - 4);
    parts.push(overflow.subarray(4, 4 + take));
    remaining -= take;
    next = overflow.readUInt32BE(0);
  }
  return { rowid, payload: Buffer.concat(parts) };
}

/** The serial types of a cell's record (https://sqlite.org/fileformat2.html#record_format), read in the page (null: header not local). */
export function serialTypes(page: Buffer, offset: number): number[] | null {
  const [, a] = varint(page, offset);
  const [, b] = varint(page, offset + a);
  const start = offset + a + b;
  const [headerSize, first] = varint(page, start);
  const end = start + Number(headerSize);
  if (end > page.length) return null;
  const types: number[] = [];
  for (let at = start + first; at < end; ) {
    const [type, length] = varint(page, at);
    types.push(Number(type));
    at += length;
  }
  return types;
}

/** Decodes an SQLite record (header of serial types, then the values). */
export function decodeRecord(payload: Buffer): RawValue[] | null {
  const [headerSize, first] = varint(payload, 0);
  const end = Number(headerSize);
  if (end < 1 || end > payload.length) return null;
  const types: number[] = [];
  for (let offset = first; offset < end; ) {
    const [type, length] = varint(payload, offset);
    types.push(Number(type));
    offset += length;
  }
  const values: RawValue[] = [];
  let offset = end;
  for (const type of types) {
    if (type === 0) values.push(null);
    else if (type >= 1 && type <= 6) {
      const width = [0, 1, 2, 3, 4, 6, 8][type] as number;
      if (offset + width > payload.length) return null;
      let value = 0n;
      for (let i = 0; i < width; i++) value = (value << 8n) | BigInt(payload[offset + i] as number);
      value = BigInt.asIntN(width * 8, value);
      values.push(value >= BigInt(Number.MIN_SAFE_INTEGER) && value <= BigInt(Number.MAX_SAFE_INTEGER) ? Number(value) : value);
      offset += width;
    } else if (type === 7) {
      if (offset + 8 > payload.length) return null;
      values.push(payload.readDoubleBE(offset));
      offset += 8;
    } else if (type === 8 || type === 9) values.push(type - 8);
    else if (type >= 12) {
      const length = Math.floor((type - (type % 2 === 0 ? 12 : 13)) / 2);
      if (offset + length > payload.length) return null;
      const bytes = payload.subarray(offset, offset + length);
      values.push(type % 2 === 0 ? new Uint8Array(bytes) : bytes.toString('utf8'));
      offset += length;
    } else return null;
  }
  return values;
}

/**
 * Every row of every table leaf page in `filePath` (and its `-wal`, committed frames taking the
 * place of the file's pages). Pages that do not parse are skipped; nothing is written.
 */
/**
 * `accept` sees a row's serial types before its payload is read (overflow pages followed): rows of
 * no interest cost almost nothing.
 */
export function scanTableRows(filePath: string, options: { walPath?: string; accept?: (serialTypes: number[]) => boolean } = {}): PageScanResult {
  const walPath = options.walPath ?? `${filePath}-wal`;
  const wanted = options.accept ?? (() => true);
  const file = openPaged(filePath) ?? { size: 0, read: () => Buffer.alloc(0), close: () => undefined };
  try {
    return scanPages(file, readWalPages(readAll(walPath)), wanted);
  } finally {
    file.close();
  }
}

function scanPages(file: PagedFile, wal: ReturnType<typeof readWalPages>, wanted: (serialTypes: number[]) => boolean): PageScanResult {
  const pageSize = wal?.pageSize ?? guessPageSize(file);
  const header = file.read(0, 100);
  const headerOk = header.length === 100 && header.toString('latin1', 0, 15) === 'SQLite format 3';
  const reserved = headerOk ? (header[20] ?? 0) : 0;
  const usable = pageSize - (reserved < 64 ? reserved : 0);
  const walPages = wal?.pages ?? new Map<number, Buffer>();
  const filePages = Math.floor(file.size / pageSize);
  const pages = Math.max(filePages, ...walPages.keys(), 0);
  const getPage = (n: number): Buffer | null => {
    if (n < 1 || n > pages) return null;
    const fromWal = walPages.get(n);
    if (fromWal) return fromWal;
    return n <= filePages ? file.read((n - 1) * pageSize, pageSize) : null;
  };

  const rows: RawRow[] = [];
  let leafPages = 0;
  let badCells = 0;
  // The pass over all pages reads the file in chunks; overflow pages are read one by one as needed.
  const perChunk = Math.max(1, Math.floor(CHUNK_BYTES / pageSize));
  let chunk: Buffer = Buffer.alloc(0);
  let chunkFirst = 1;
  const sequentialPage = (n: number): Buffer | null => {
    const fromWal = walPages.get(n);
    if (fromWal) return fromWal;
    if (n > filePages) return null;
    if (chunk.length === 0 || n < chunkFirst || n >= chunkFirst + perChunk) {
      chunkFirst = n;
      chunk = file.read((n - 1) * pageSize, Math.min(perChunk, filePages - n + 1) * pageSize);
    }
    const start = (n - chunkFirst) * pageSize;
    return start + pageSize <= chunk.length ? chunk.subarray(start, start + pageSize) : null;
  };
  for (let n = 1; n <= pages; n++) {
    const page = sequentialPage(n);
    if (!page) continue;
    const headerOffset = n === 1 ? 100 : 0;
    if (page[headerOffset] !== TABLE_LEAF || !looksLikeBtreePage(page, headerOffset, pageSize)) continue;
    leafPages += 1;
    const cells = page.readUInt16BE(headerOffset + 3);
    for (let i = 0; i < cells; i++) {
      try {
        const pointer = page.readUInt16BE(headerOffset + 8 + i * 2);
        if (pointer < headerOffset + 8 || pointer >= pageSize) {
          badCells += 1;
          continue;
        }
        const types = serialTypes(page, pointer);
        if (types !== null && !wanted(types)) continue;
        const cell = cellPayload(page, pointer, usable, getPage);
        const values = cell ? decodeRecord(cell.payload) : null;
        if (!cell || !values) {
          badCells += 1;
          continue;
        }
        rows.push({ page: n, rowid: cell.rowid, values });
      } catch {
        badCells += 1;
      }
    }
  }
  return { pageSize, pages, walPages: walPages.size, leafPages, rows, badCells };
}

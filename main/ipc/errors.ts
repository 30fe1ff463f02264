import { dirname } from 'node:path';
import { formatError } from '../../preload/contract/errors';
import type { ErrorCode, ErrorInfo, ErrorParams } from '../../preload/contract/errors';
import { StoreError } from '../store/errors';
import type { StoreErrorCode } from '../store/errors';

/**
 * An error meant for the user: a code from the one catalog (preload/contract/errors.ts) and the
 * parameters of its text. Only the code and parameters cross the border; the renderer translates.
 * `message` is the German text, for the log only. Anything else thrown by a handler is reported as
 * `internal`, so a stack trace, a URL with a token or a file path never crosses the border.
 */
export class UserFacingError extends Error {
  readonly code: ErrorCode;
  readonly params: ErrorParams | undefined;
  constructor(code: ErrorCode, params?: ErrorParams, options?: { cause?: unknown }) {
    super(formatError(params ? { code, params } : { code }, 'de'), options);
    this.name = 'UserFacingError';
    this.code = code;
    this.params = params;
  }

  get info(): ErrorInfo {
    return this.params ? { code: this.code, params: this.params } : { code: this.code };
  }
}

/** Node's file-system codes for "no space left" (quota included). */
const DISK_FULL_ERRNOS = new Set(['ENOSPC', 'EDQUOT']);
/** Node's codes for "this folder may not be written". */
const READ_ONLY_ERRNOS = new Set(['EROFS', 'EACCES', 'EPERM']);

function errnoOf(error: unknown): string | undefined {
  if (typeof error !== 'object' || error === null) return undefined;
  const code = (error as { code?: unknown }).code;
  return typeof code === 'string' ? code : undefined;
}

/** True for a full disk at any layer: SQLite's SQLITE_FULL (as StoreError) or ENOSPC/EDQUOT from node:fs. */
export function isDiskFull(error: unknown): boolean {
  if (error instanceof StoreError) return error.code === 'store-disk-full';
  if (error instanceof UserFacingError) return error.code === 'disk-full' || error.code === 'disk-full-file';
  const errno = errnoOf(error);
  return errno !== undefined && DISK_FULL_ERRNOS.has(errno);
}

/** True for a folder that cannot be written (read-only mount, permissions) at the file layer. */
export function isReadOnly(error: unknown): boolean {
  if (error instanceof StoreError) return error.code === 'store-read-only';
  const errno = errnoOf(error);
  return errno !== undefined && READ_ONLY_ERRNOS.has(errno);
}

const STORE_CODES: Record<StoreErrorCode, ErrorCode> = {
  'store-not-a-database': 'store-not-a-database',
  'store-corrupt': 'store-corrupt',
  'store-schema-too-new': 'store-schema-too-new',
  'store-schema-mismatch': 'store-schema-mismatch',
  'store-migration-failed': 'store-migration-failed',
  'store-cannot-open': 'store-cannot-open',
  'store-busy': 'store-busy',
  'store-read-only': 'data-folder-read-only',
  'store-disk-full': 'disk-full',
  'store-io': 'store-io',
};

/**
 * File-layer failures a user can act on, as a UserFacingError: a full disk (`fullCode`, default
 * `disk-full`) or a folder that cannot be written (`data-folder-read-only`, naming `folder`).
 * Anything else is returned unchanged.
 */
export function userFacingFileError(error: unknown, folder: string, fullCode: 'disk-full' | 'disk-full-file' = 'disk-full'): unknown {
  if (error instanceof UserFacingError) return error;
  if (isDiskFull(error)) return new UserFacingError(fullCode, undefined, { cause: error });
  if (isReadOnly(error)) return new UserFacingError('data-folder-read-only', { folder }, { cause: error });
  return error;
}

/** What crosses the border for an error: its code and parameters; `internal` for everything unplanned. */
export function toErrorPayload(error: unknown): ErrorInfo {
  if (error instanceof UserFacingError) return error.info;
  if (error instanceof StoreError) {
    const code = STORE_CODES[error.code];
    return code === 'data-folder-read-only' ? { code, params: { folder: dirname(error.filePath) } } : { code };
  }
  const errno = errnoOf(error);
  if (errno !== undefined && DISK_FULL_ERRNOS.has(errno)) return { code: 'disk-full' };
  return { code: 'internal' };
}

/** An error is planned (not a bug) when it carries a catalog code. */
export function isPlannedError(error: unknown): boolean {
  return toErrorPayload(error).code !== 'internal';
}

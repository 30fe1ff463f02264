/**
 * A draft write that finds the disk full: cached files give space back first (context.space), then
 * the write is tried once more. Still full → `disk-full` (or `disk-full-file` for an attachment); the
 * transaction rolled back, so every earlier version is as it was, and the editor keeps the text and
 * tries again. A read-only data folder answers `data-folder-read-only`, naming the folder.
 */
import { isDiskFull, isReadOnly, UserFacingError } from '../ipc/errors';
import { unwritableFolderOf } from '../paths';
import type { ServiceContext } from '../service-context';

export async function withRoom<T>(
  context: Pick<ServiceContext, 'deps' | 'space'>,
  write: () => T | Promise<T>,
  fullCode: 'disk-full' | 'disk-full-file' = 'disk-full',
): Promise<T> {
  try {
    return await write();
  } catch (error) {
    // A folder that cannot be written (read-only mount, permissions): named, not "internal".
    const unwritable = unwritableFolderOf(error, context.deps.dataDir);
    if (unwritable !== null) throw new UserFacingError('data-folder-read-only', { folder: unwritable }, { cause: error });
    if (isReadOnly(error)) throw new UserFacingError('data-folder-read-only', { folder: context.deps.dataDir }, { cause: error });
    if (!isDiskFull(error)) throw error;
    const freed = await context.space.reclaim();
    if (freed > 0) {
      try {
        return await write();
      } catch (again) {
        if (!isDiskFull(again)) throw again;
        throw new UserFacingError(fullCode, undefined, { cause: again });
      }
    }
    throw new UserFacingError(fullCode, undefined, { cause: error });
  }
}

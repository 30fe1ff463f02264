/**
 * The content feature's port for opening a cached course file with the system's program
 * (ServiceDeps.openPath). Only files under the app's own files folder are given to it.
 */
import { shell } from 'electron';

export function createOpenPathPort(): (absolutePath: string) => Promise<void> {
  return async (absolutePath) => {
    const problem = await shell.openPath(absolutePath);
    if (problem) throw new Error(`open failed: ${problem}`);
  };
}

/**
 * SaveFilePort (main/privacy/save-file-port.ts) with Electron's native save dialog, attached to
 * the focused window. The file is written by main (text as UTF-8, or a copy of a cached file);
 * only its base name goes back.
 */
import { copyFile, writeFile } from 'node:fs/promises';
import { basename, join } from 'node:path';
import { app, BrowserWindow, dialog } from 'electron';
import type { SaveFilePort } from '../privacy/save-file-port';

export function createSaveFileDialog(): SaveFilePort {
  return async (request) => {
    const options = { defaultPath: join(app.getPath('downloads'), basename(request.suggestedName)), filters: request.filters };
    const window = BrowserWindow.getFocusedWindow();
    const choice = window ? await dialog.showSaveDialog(window, options) : await dialog.showSaveDialog(options);
    if (choice.canceled || !choice.filePath) return { saved: false, fileName: null };
    if ('copyFrom' in request) await copyFile(request.copyFrom, choice.filePath);
    else await writeFile(choice.filePath, request.content, 'utf8');
    return { saved: true, fileName: basename(choice.filePath) };
  };
}

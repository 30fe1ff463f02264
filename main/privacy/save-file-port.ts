/**
 * The desktop app saves exports through a native "Save as" dialog: page downloads are blocked
 * there on purpose (main/electron/security-hooks.ts). Main produces the content itself, so the
 * renderer cannot write arbitrary text to disk; the renderer only learns the file's name, never
 * its folder (which would reveal the home path). Absent in the browser shell: there the page
 * downloads a Blob instead.
 */
import { UserFacingError } from '../ipc/errors';

export type SaveFileRequest = {
  suggestedName: string;
  filters: { name: string; extensions: string[] }[];
} & (
  /** Text main produced (exports, reports), written as UTF-8. */
  | { content: string }
  /** A copy of a file main holds (a cached course file). */
  | { copyFrom: string }
);

export interface SaveFileResult {
  saved: boolean;
  /** The chosen file's name (no folder), or null when the user cancelled. */
  fileName: string | null;
}

export type SaveFilePort = (request: SaveFileRequest) => Promise<SaveFileResult>;

/** Saves through the shell's port; `save-unavailable` where there is none (the browser shell downloads instead). */
export async function saveThroughPort(port: SaveFilePort | null | undefined, request: SaveFileRequest): Promise<SaveFileResult> {
  if (!port) throw new UserFacingError('save-unavailable');
  return port(request);
}

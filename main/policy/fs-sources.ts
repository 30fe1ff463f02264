import { readdir, readFile } from 'node:fs/promises';
import { basename, join } from 'node:path';
import type { MinimalFs, PolicySource, RawPolicyDocument } from './types';

export const DEFAULT_LINUX_POLICY_DIRECTORY = '/etc/schuldesk/policies/managed';

const nodeFs: MinimalFs = { readdir, readFile };

function errorCode(error: unknown): string | undefined {
  return typeof error === 'object' && error !== null && 'code' in error && typeof error.code === 'string' ? error.code : undefined;
}

function readFailure(location: string, error: unknown): RawPolicyDocument {
  const code = errorCode(error) ?? (error instanceof Error ? error.message : String(error));
  return { location, data: undefined, error: `„${basename(location)}“ konnte nicht gelesen werden (${code}).` };
}

/** Parses one policy file's text. A UTF-8 byte-order mark (common from Windows editors) is tolerated. */
export function parsePolicyJson(location: string, text: string): RawPolicyDocument {
  try {
    return { location, data: JSON.parse(text.replace(/^\uFEFF/, '')) };
  } catch (error) {
    const reason = error instanceof Error ? error.message : String(error);
    return { location, data: undefined, error: `„${basename(location)}“ ist kein gültiges JSON und wird ignoriert: ${reason}` };
  }
}

async function readPolicyFile(fs: MinimalFs, location: string): Promise<RawPolicyDocument> {
  try {
    return parsePolicyJson(location, await fs.readFile(location, 'utf8'));
  } catch (error) {
    return readFailure(location, error);
  }
}

/**
 * The Chromium-style policy folder: every `*.json` file, sorted by name; for the same key a later
 * file overrides an earlier one (so `90-local.json` beats `10-school.json`). A missing folder
 * means "no machine policy", not an error.
 */
export function linuxPolicySource(options: { directory?: string; fs?: MinimalFs } = {}): PolicySource {
  const directory = options.directory ?? DEFAULT_LINUX_POLICY_DIRECTORY;
  const fs = options.fs ?? nodeFs;
  return {
    kind: 'linux-managed',
    location: directory,
    async read() {
      let names: string[];
      try {
        names = await fs.readdir(directory);
      } catch (error) {
        if (errorCode(error) === 'ENOENT') return [];
        return [readFailure(directory, error)];
      }
      // Code-point order, not locale order: the result must not depend on the machine's language.
      const files = names.filter((name) => name.endsWith('.json')).sort((a, b) => (a < b ? -1 : a > b ? 1 : 0));
      const documents: RawPolicyDocument[] = [];
      for (const name of files) documents.push(await readPolicyFile(fs, join(directory, name)));
      return documents;
    },
  };
}

/** One explicit policy file (SCHULDESK_POLICY_FILE in development runs). Someone named it, so a missing file is a problem. */
export function filePolicySource(path: string, fs: MinimalFs = nodeFs): PolicySource {
  return {
    kind: 'file',
    location: path,
    async read() {
      try {
        return [parsePolicyJson(path, await fs.readFile(path, 'utf8'))];
      } catch (error) {
        if (errorCode(error) === 'ENOENT') {
          return [{ location: path, data: undefined, error: `Die Richtliniendatei „${path}“ wurde nicht gefunden.` }];
        }
        return [readFailure(path, error)];
      }
    },
  };
}

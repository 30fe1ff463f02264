// Reads the recorded real-Moodle responses for portal tests: the repository's own copy in
// test/fixtures/moodle/contract/ (nothing outside the repository is read by `npm test`).
import { readdirSync, readFileSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';

export const CONTRACT_DIR = resolve(dirname(fileURLToPath(import.meta.url)), '..', 'fixtures', 'moodle', 'contract');

export interface RecordedExchange {
  name: string;
  request?: { method: string; url: string; function?: string; params?: Record<string, unknown>; formBody?: string };
  response?: { status: number; headers: Record<string, string | string[]>; body?: unknown; bodyText?: string; bodyBytes?: number };
  hops?: unknown[];
}

export function contractFiles(): string[] {
  return readdirSync(CONTRACT_DIR)
    .filter((file) => file.endsWith('.json') && file !== 'index.json')
    .sort();
}

/** The recordings mask secrets; tests see realistic stand-ins of the same form. */
export const UNMASKED = {
  token: '0123456789abcdef0123456789abcdef',
  privateAccessKey: 'fedcba9876543210fedcba9876543210',
};

export function readContract(file: string): RecordedExchange {
  const text = readFileSync(join(CONTRACT_DIR, file), 'utf8')
    .replaceAll('<TOKEN>', UNMASKED.token)
    .replaceAll('<USERPRIVATEACCESSKEY>', UNMASKED.privateAccessKey);
  return JSON.parse(text) as RecordedExchange;
}

/** The recorded JSON body of a file (throws if the file has none). */
export function contractBody(file: string): unknown {
  const recorded = readContract(file);
  if (!recorded.response || !('body' in recorded.response)) throw new Error(`${file} has no JSON body`);
  return recorded.response.body;
}

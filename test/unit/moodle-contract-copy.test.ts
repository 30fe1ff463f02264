// test/fixtures/moodle/contract/ is a copy of the recorded real Moodle (../shared/moodle-contract/,
// which CI always has beside the clone). The fixture and its contract test are built on the copy,
// so a recording updated in ../shared must reach the copy too: any difference fails here.
import { readdirSync, readFileSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { CONTRACT_DIR } from './portal-contract';

const COPY_DIR = resolve(dirname(fileURLToPath(import.meta.url)), '..', 'fixtures', 'moodle', 'contract');

/** Every file below `dir`, as paths relative to it, sorted. */
function filesBelow(dir: string, prefix = ''): string[] {
  return readdirSync(join(dir, prefix), { withFileTypes: true })
    .flatMap((entry) => (entry.isDirectory() ? filesBelow(dir, join(prefix, entry.name)) : [join(prefix, entry.name)]))
    .sort();
}

describe('test/fixtures/moodle/contract', () => {
  it('is an exact copy of ../shared/moodle-contract', () => {
    const shared = filesBelow(CONTRACT_DIR);
    const copy = filesBelow(COPY_DIR);
    expect(shared.length, `no recordings in ${CONTRACT_DIR}`).toBeGreaterThan(0);
    expect(copy, `file list differs; copy ${CONTRACT_DIR}/ to test/fixtures/moodle/contract/`).toEqual(shared);
    const differing = shared.filter((file) => !readFileSync(join(CONTRACT_DIR, file)).equals(readFileSync(join(COPY_DIR, file))));
    expect(differing, `these files differ from ${CONTRACT_DIR}; copy them to test/fixtures/moodle/contract/`).toEqual([]);
  });
});

// test/fixtures/moodle/contract/ is the repository's copy of the recorded real Moodle; every test
// reads the copy. Where the recordings themselves lie beside the clone (../shared/moodle-contract/,
// as on the build machines and in CI), a recording updated there must reach the copy too: any
// difference fails here. In a clone with nothing beside it the check skips, saying why.
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { CONTRACT_DIR as COPY_DIR } from '../support/portal-contract';

const SHARED_DIR = resolve(dirname(fileURLToPath(import.meta.url)), '..', '..', '..', 'shared', 'moodle-contract');

/** Every file below `dir`, as paths relative to it, sorted. */
function filesBelow(dir: string, prefix = ''): string[] {
  return readdirSync(join(dir, prefix), { withFileTypes: true })
    .flatMap((entry) => (entry.isDirectory() ? filesBelow(dir, join(prefix, entry.name)) : [join(prefix, entry.name)]))
    .sort();
}

describe('test/fixtures/moodle/contract', () => {
  it('holds the recordings the tests read', () => {
    expect(filesBelow(COPY_DIR).filter((file) => file.endsWith('.json')).length).toBeGreaterThan(10);
  });

  it('is an exact copy of ../shared/moodle-contract (where that folder exists)', (context) => {
    context.skip(!existsSync(SHARED_DIR), `${SHARED_DIR} is absent (a clone with nothing beside it): no recordings to compare the copy with`);
    const shared = filesBelow(SHARED_DIR);
    const copy = filesBelow(COPY_DIR);
    expect(shared.length, `no recordings in ${SHARED_DIR}`).toBeGreaterThan(0);
    expect(copy, `file list differs; copy ${SHARED_DIR}/ to test/fixtures/moodle/contract/`).toEqual(shared);
    const differing = shared.filter((file) => !readFileSync(join(SHARED_DIR, file)).equals(readFileSync(join(COPY_DIR, file))));
    expect(differing, `these files differ from ${SHARED_DIR}; copy them to test/fixtures/moodle/contract/`).toEqual([]);
  });
});

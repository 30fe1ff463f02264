// test/fixtures/moodle/sso-contract/ is the repository's copy of the recorded SSO chains of a real
// Moodle 5.1 with an OpenID Connect identity provider; every test reads the copy. Where the
// recordings lie beside the clone (../shared/moodle-sso-contract/, as on the build machines and in
// CI), a recording updated there must reach the copy too: any difference fails here. In a clone
// with nothing beside it the comparison skips, saying why.
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { SSO_CONTRACT_DIR as COPY_DIR } from './sso-contract';

const SHARED_DIR = resolve(dirname(fileURLToPath(import.meta.url)), '..', '..', '..', 'shared', 'moodle-sso-contract');

function filesBelow(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true })
    .filter((entry) => entry.isFile())
    .map((entry) => entry.name)
    .sort();
}

describe('test/fixtures/moodle/sso-contract', () => {
  it('holds every recording its index names', () => {
    const index = JSON.parse(readFileSync(join(COPY_DIR, 'index.json'), 'utf8')) as { files: string[] };
    expect(index.files.length).toBe(10);
    expect(filesBelow(COPY_DIR)).toEqual([...index.files, 'README.md', 'index.json'].sort());
  });

  it('is an exact copy of ../shared/moodle-sso-contract (where that folder exists)', (context) => {
    context.skip(!existsSync(SHARED_DIR), `${SHARED_DIR} is absent (a clone with nothing beside it): no recordings to compare the copy with`);
    const shared = filesBelow(SHARED_DIR);
    expect(shared.length, `no recordings in ${SHARED_DIR}`).toBeGreaterThan(0);
    expect(filesBelow(COPY_DIR), `file list differs; copy ${SHARED_DIR}/ to test/fixtures/moodle/sso-contract/`).toEqual(shared);
    const differing = shared.filter((file) => !readFileSync(join(SHARED_DIR, file)).equals(readFileSync(join(COPY_DIR, file))));
    expect(differing, `these files differ from ${SHARED_DIR}; copy them to test/fixtures/moodle/sso-contract/`).toEqual([]);
  });
});

// `npm run docs:policy`: writes the policy documentation and IT templates rendered from the settings
// schema (scripts/policy-files.ts). `--check` only compares and exits 1 when a file is stale.
// The scripts' TypeScript loader (scripts/lib/load-ts.mjs) loads the sources.
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { importTs } from './lib/load-ts.mjs';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');
const check = process.argv.includes('--check');

const module = await importTs('scripts/policy-files.ts');
const example = JSON.parse(readFileSync(join(root, 'resources/policy/linux-example.json'), 'utf8'));
const files = module.renderPolicyFiles(example);

let stale = 0;
for (const [relative, content] of Object.entries(files)) {
  const path = join(root, relative);
  let current = null;
  try {
    current = readFileSync(path, 'utf8');
  } catch {
    // missing: written below (or reported with --check)
  }
  if (current === content) continue;
  if (check) {
    console.error(`veraltet: ${relative}`);
    stale++;
    continue;
  }
  mkdirSync(dirname(path), { recursive: true });
  writeFileSync(path, content);
  console.log(`geschrieben: ${relative}`);
}
if (check && stale > 0) {
  console.error('Bitte `npm run docs:policy` ausführen.');
  process.exit(1);
}

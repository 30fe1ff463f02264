// The one TypeScript loader of the scripts: jiti (extensionless imports resolve as in the app's
// build and the tests). `await importTs('main/services.ts')` — paths from the repository root.
import { fileURLToPath } from 'node:url';
import { createJiti } from 'jiti';

const jiti = createJiti(import.meta.url);

/** The module at `path` (relative to the repository root), TypeScript or not. */
export function importTs(path) {
  return jiti.import(fileURLToPath(new URL(`../../${path}`, import.meta.url)));
}

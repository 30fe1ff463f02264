// `npm run check:cycles`: lists import cycles (type-only imports included) among the TypeScript
// sources; exits 1 if there is one. test/unit/import-cycles.test.ts runs the same check in `npm test`.
import { fileURLToPath } from 'node:url';
import { importTs } from './lib/load-ts.mjs';

const { findCycles, importGraph, loopIn, SOURCE_FOLDERS } = await importTs('scripts/lib/import-cycles.ts');
const root = fileURLToPath(new URL('..', import.meta.url));
const graph = importGraph(root, SOURCE_FOLDERS);
const cycles = findCycles(graph);
for (const cycle of cycles) console.error(`✘ cycle of ${cycle.length} files: ${loopIn(graph, cycle).join(' → ')}`);
console.log(cycles.length === 0 ? `✔ no import cycles among ${graph.size} files` : `✘ ${cycles.length} import cycle(s)`);
process.exit(cycles.length === 0 ? 0 : 1);

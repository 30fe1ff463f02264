// No import cycles among the sources, type-only imports included (scripts/lib/import-cycles.ts,
// also `npm run check:cycles`). The planted trees prove the check finds what it must.
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { findCycles, importGraph, loopIn, SOURCE_FOLDERS } from '../../scripts/lib/import-cycles';

const ROOT = join(import.meta.dirname, '..', '..');
const planted = mkdtempSync(join(tmpdir(), 'schuldesk-cycles-'));
afterAll(() => rmSync(planted, { recursive: true, force: true }));

function plant(name: string, files: Record<string, string>): Map<string, string[]> {
  const root = join(planted, name);
  for (const [path, text] of Object.entries(files)) {
    mkdirSync(dirname(join(root, path)), { recursive: true });
    writeFileSync(join(root, path), text);
  }
  return importGraph(root, ['main', 'renderer']);
}

describe('import cycles', () => {
  it('the repository has none (type-only imports included)', () => {
    const graph = importGraph(ROOT, SOURCE_FOLDERS);
    expect(graph.size).toBeGreaterThan(300);
    expect(graph.get('main/ipc/dispatch.ts')).toContain('main/ipc/schemas.ts');
    expect(findCycles(graph).map((cycle) => loopIn(graph, cycle).join(' → '))).toEqual([]);
    // A whole-tree parse: on a loaded two-core machine it can outlast the default 5 s.
  }, 30_000);

  it.each([
    ['a value cycle', "import { b } from './b';\nexport const a = b;\n", "import { a } from './a';\nexport const b = () => a;\n"],
    ['a type-only cycle', "import type { B } from './b';\nexport type A = B[];\n", "import type { A } from './a';\nexport interface B { a: A }\n"],
    ['a re-export cycle', "export * from './b';\n", "export type { A } from './a';\nexport const b = 1;\n"],
    ['an import() type cycle', "export type A = import('./b').B;\n", "import type { A } from './a';\nexport type B = A | null;\n"],
  ])('finds %s', (name, a, b) => {
    const graph = plant(name.replaceAll(' ', '-'), { 'main/x/a.ts': a, 'main/x/b.ts': b, 'main/x/c.ts': "import { a } from './a';\nexport const c = a;\n" });
    expect(findCycles(graph)).toEqual([['main/x/a.ts', 'main/x/b.ts']]);
    expect(loopIn(graph, ['main/x/a.ts', 'main/x/b.ts'])).toEqual(['main/x/a.ts', 'main/x/b.ts', 'main/x/a.ts']);
  });

  it('finds a long cycle across folders, extensionless and .ts/.tsx specifiers alike', () => {
    const graph = plant('long', {
      'main/ipc/schemas.ts': "import type { X } from '../api/x';\nexport type S = X;\n",
      'main/api/x.ts': "import { f } from '../feature/service.ts';\nexport type X = ReturnType<typeof f>;\n",
      'main/feature/service.ts': "import type { S } from '../ipc/schemas';\nexport const f = (s: S) => s;\n",
      'renderer/App.tsx': "import { V } from './View';\nexport const App = V;\n",
      'renderer/View.tsx': "import type {} from './App.tsx';\nexport const V = 1;\n",
    });
    expect(findCycles(graph)).toEqual([['main/api/x.ts', 'main/feature/service.ts', 'main/ipc/schemas.ts'], ['renderer/App.tsx', 'renderer/View.tsx']]);
  });

  it('a tree without cycles, package imports and missing files reports nothing', () => {
    const graph = plant('clean', {
      'main/a.ts': "import { z } from 'zod';\nimport { b } from './b';\nimport { gone } from './missing';\nexport const a = [z, b, gone];\n",
      'main/b.ts': 'export const b = 1;\n',
    });
    expect(graph.get('main/a.ts')).toEqual(['main/b.ts']);
    expect(findCycles(graph)).toEqual([]);
  });
});

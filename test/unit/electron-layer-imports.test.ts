/**
 * `require('electron')` under plain Node tries to download the binary and throws, so only the
 * Electron layer (main/index.ts, main/electron/**, preload/**) may import electron at runtime.
 * Part 1 runs our real eslint.config.js through ESLint's Node API to prove the rule bites where it
 * should and stays quiet where it should. Part 2 scans the tree itself (independent of ESLint)
 * for runtime imports of Electron packages outside the layer.
 */
import { readFileSync } from 'node:fs';
import { join, relative, sep } from 'node:path';
import { ESLint } from 'eslint';
import ts from 'typescript';
import { beforeAll, describe, expect, it } from 'vitest';
import { sourceFiles } from '../support/source-files';

const ROOT = join(import.meta.dirname, '..', '..');
const IMPORT_RULE = '@typescript-eslint/no-restricted-imports';
const WINDOW_RULE = 'no-restricted-syntax';

let eslint: ESLint;
beforeAll(() => {
  eslint = new ESLint({ cwd: ROOT, overrideConfigFile: join(ROOT, 'eslint.config.js') });
});

async function ruleIds(filePath: string, code: string): Promise<string[]> {
  const [result] = await eslint.lintText(code, { filePath: join(ROOT, filePath) });
  return (result?.messages ?? []).map((message) => message.ruleId ?? `fatal: ${message.message}`);
}

describe('ESLint: runtime electron imports only in the Electron layer', () => {
  const runtimeImport = "import { app } from 'electron';\nexport const name = app.getName();\n";
  const typeImport = "import type { App } from 'electron';\nexport function name(app: App): string { return app.getName(); }\n";

  it.each(['main/portal/x.ts', 'main/security/x.ts', 'main/services-x.ts', 'renderer/features/x.ts', 'test/unit/x.ts'])(
    'flags `import { app } from "electron"` in %s',
    async (file) => {
      expect(await ruleIds(file, runtimeImport)).toContain(IMPORT_RULE);
    },
  );

  it.each([
    ['a default import', "import electron from 'electron';\nexport const e = electron;\n"],
    ['a namespace import', "import * as electron from 'electron';\nexport const e = electron;\n"],
    ['a side-effect import', "import 'electron';\n"],
    ['a re-export', "export { app } from 'electron';\n"],
    ['electron/main', "import { app } from 'electron/main';\nexport const a = app;\n"],
    ['electron-updater', "import { autoUpdater } from 'electron-updater';\nexport const u = autoUpdater;\n"],
    ['@electron/fuses', "import { flipFuses } from '@electron/fuses';\nexport const f = flipFuses;\n"],
  ])('flags %s outside the layer', async (_name, code) => {
    expect(await ruleIds('main/portal/x.ts', code)).toContain(IMPORT_RULE);
  });

  it('allows `import type { App } from "electron"` outside the layer', async () => {
    expect(await ruleIds('main/portal/x.ts', typeImport)).toEqual([]);
    expect(await ruleIds('main/security/x.ts', "import { type Session } from 'electron';\nexport function f(s: Session): Session { return s; }\n")).toEqual([]);
  });

  it.each(['main/electron/x.ts', 'main/electron/nested/y.ts', 'main/index.ts', 'preload/app.ts', 'preload/conference.ts'])(
    'allows the runtime import in %s',
    async (file) => {
      expect(await ruleIds(file, runtimeImport)).toEqual([]);
    },
  );

  it('a file that does not parse is reported, not counted as clean', async () => {
    expect((await ruleIds('main/portal/x.ts', 'import { from ')).some((id) => id.startsWith('fatal'))).toBe(true);
  });
});

describe('ESLint: windows are constructed only in the window factory', () => {
  const construct = "import { BrowserWindow } from 'electron';\nexport const w = new BrowserWindow({});\n";

  it.each(['main/electron/x.ts', 'main/index.ts', 'preload/app.ts', 'main/portal/x.ts'])('flags `new BrowserWindow` in %s', async (file) => {
    expect(await ruleIds(file, construct)).toContain(WINDOW_RULE);
  });

  it('allows it in main/electron/window-factory.ts', async () => {
    expect(await ruleIds('main/electron/window-factory.ts', construct)).toEqual([]);
  });
});

// --- Part 2: our own scan of the tree -------------------------------------------------------

const LAYER = [/^main\/index\.ts$/, /^main\/electron\//, /^preload\//];
const ELECTRON_MODULE = /^(electron|electron\/.+|electron-updater|@electron\/.+)$/;


/** Runtime imports of Electron packages: value imports, re-exports, require(), import(). */
export function runtimeElectronImports(fileName: string, text: string): string[] {
  const source = ts.createSourceFile(fileName, text, ts.ScriptTarget.Latest, true, fileName.endsWith('x') ? ts.ScriptKind.TSX : ts.ScriptKind.TS);
  const found: string[] = [];
  const visit = (node: ts.Node): void => {
    if (ts.isImportDeclaration(node) && ts.isStringLiteral(node.moduleSpecifier) && ELECTRON_MODULE.test(node.moduleSpecifier.text)) {
      const clause = node.importClause;
      const bindings = clause?.namedBindings;
      const allNamedTypeOnly =
        clause !== undefined &&
        clause.name === undefined &&
        bindings !== undefined &&
        ts.isNamedImports(bindings) &&
        bindings.elements.every((element) => element.isTypeOnly);
      // `import 'electron'` (no clause) runs the module; `import type` and all-`type` specifiers do not.
      if (!(clause?.isTypeOnly || allNamedTypeOnly)) found.push(`import from '${node.moduleSpecifier.text}'`);
    }
    if (ts.isExportDeclaration(node) && !node.isTypeOnly && node.moduleSpecifier && ts.isStringLiteral(node.moduleSpecifier) && ELECTRON_MODULE.test(node.moduleSpecifier.text)) {
      found.push(`export from '${node.moduleSpecifier.text}'`);
    }
    if (ts.isImportEqualsDeclaration(node) && !node.isTypeOnly && ts.isExternalModuleReference(node.moduleReference)) {
      const target = node.moduleReference.expression;
      if (ts.isStringLiteral(target) && ELECTRON_MODULE.test(target.text)) found.push(`import = require('${target.text}')`);
    }
    if (ts.isCallExpression(node) && node.arguments.length > 0) {
      const [first] = node.arguments;
      const isRequire = ts.isIdentifier(node.expression) && node.expression.text === 'require';
      const isDynamicImport = node.expression.kind === ts.SyntaxKind.ImportKeyword;
      if ((isRequire || isDynamicImport) && first && ts.isStringLiteralLike(first) && ELECTRON_MODULE.test(first.text)) {
        found.push(`${isRequire ? 'require' : 'import'}('${first.text}')`);
      }
    }
    ts.forEachChild(node, visit);
  };
  visit(source);
  return found;
}

describe('scan: no runtime Electron import outside the layer', () => {
  it.each([
    ["import { app } from 'electron';", 1],
    ["import electron from 'electron';", 1],
    ["import * as e from 'electron';", 1],
    ["import 'electron';", 1],
    ["import { app, type App } from 'electron';", 1],
    ["export { app } from 'electron';", 1],
    ["const e = require('electron');", 1],
    ["const e = await import('electron');", 1],
    ["import e = require('electron');", 1],
    ["import { autoUpdater } from 'electron-updater';", 1],
    ["import type { App } from 'electron';", 0],
    ["import { type App, type Session } from 'electron';", 0],
    ["export type { App } from 'electron';", 0],
    ["// import { app } from 'electron';", 0],
    ["const s = \"require('electron')\";", 0],
    ["import { x } from 'electron-vite';", 0],
    ["import { x } from './electron';", 0],
  ])('sample %s → %i finding(s)', (code, count) => {
    expect(runtimeElectronImports('x.ts', code)).toHaveLength(count);
  });

  it('the layer itself does import electron (the scan sees real imports)', () => {
    expect(runtimeElectronImports('main/index.ts', readFileSync(join(ROOT, 'main/index.ts'), 'utf8')).length).toBeGreaterThan(0);
    expect(runtimeElectronImports('preload/app.ts', readFileSync(join(ROOT, 'preload/app.ts'), 'utf8')).length).toBeGreaterThan(0);
  });

  // Parses every source file: generous time on a busy machine (no speed is asserted here).
  it('main/, page/, renderer/, test/ and scripts/ outside the layer have none', { timeout: 60_000 }, () => {
    const files = ['main', 'page', 'renderer', 'test', 'scripts'].flatMap((dir) => sourceFiles(join(ROOT, dir)));
    expect(files.length).toBeGreaterThan(20);
    const offenders: string[] = [];
    for (const file of files) {
      const name = relative(ROOT, file).split(sep).join('/');
      if (LAYER.some((pattern) => pattern.test(name))) continue;
      for (const finding of runtimeElectronImports(name, readFileSync(file, 'utf8'))) offenders.push(`${name}: ${finding}`);
    }
    expect(offenders).toEqual([]);
  });
});

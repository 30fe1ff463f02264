/**
 * Only main/electron/window-factory.ts may create windows and views. ESLint's
 * no-restricted-syntax catches `new BrowserWindow(…)`; this scan also catches the ways around it:
 * calling the constructor without `new`, `new electron.BrowserWindow`, `Reflect.construct`,
 * subclassing, and aliasing (`import { BrowserWindow as W }`, `const W = BrowserWindow`).
 *
 * It reads the TypeScript syntax tree, so comments and strings never count (the AST has
 * stripped them). Outside the factory a constructor name may only appear in types, in a plain
 * import, as the receiver of a static (`BrowserWindow.getAllWindows()`) or after `instanceof`.
 */
import { readFileSync } from 'node:fs';
import { join, relative, sep } from 'node:path';
import ts from 'typescript';
import { describe, expect, it } from 'vitest';
import { sourceFiles } from '../support/source-files';

const ROOT = join(import.meta.dirname, '..', '..');
const SCANNED_DIRS = ['main', 'preload', 'renderer'];
const FACTORY = 'main/electron/window-factory.ts';
const CONSTRUCTORS = new Set(['BrowserWindow', 'BaseWindow', 'WebContentsView', 'BrowserView']);

export interface Finding {
  line: number;
  name: string;
  why: string;
}


function isTypePosition(node: ts.Node): boolean {
  for (let current: ts.Node | undefined = node.parent; current; current = current.parent) {
    // `extends X` / `implements X` parse as ExpressionWithTypeArguments, which TS counts as a type node.
    if (ts.isHeritageClause(current)) return current.token === ts.SyntaxKind.ImplementsKeyword;
    if (ts.isExpressionWithTypeArguments(current)) continue;
    if (ts.isTypeNode(current)) return true;
    if (ts.isExpression(current) || ts.isStatement(current) || ts.isVariableDeclaration(current)) return false;
  }
  return false;
}

/** What a reference to a window constructor is used for; null when that use is harmless. */
function misuse(reference: ts.Expression): string | null {
  const parent = reference.parent;
  if (ts.isPropertyAccessExpression(parent) && parent.expression === reference) return null; // BrowserWindow.getAllWindows()
  if (ts.isBinaryExpression(parent) && parent.operatorToken.kind === ts.SyntaxKind.InstanceOfKeyword && parent.right === reference) return null;
  if (ts.isNewExpression(parent) && parent.expression === reference) return 'constructed with new';
  if (ts.isCallExpression(parent) && parent.expression === reference) return 'called like a function';
  if (ts.isExpressionWithTypeArguments(parent) && ts.isHeritageClause(parent.parent)) return 'subclassed';
  if (ts.isParenthesizedExpression(parent) || ts.isAsExpression(parent) || ts.isNonNullExpression(parent)) return misuse(parent) ?? 'wrapped';
  return 'passed around (alias, argument or value)';
}

/** Scans one file's text. Exported shape so the test below can prove it fails on bad samples. */
export function findWindowConstructions(fileName: string, text: string): Finding[] {
  const kind = fileName.endsWith('x') ? ts.ScriptKind.TSX : ts.ScriptKind.TS;
  const source = ts.createSourceFile(fileName, text, ts.ScriptTarget.Latest, true, kind);
  const findings: Finding[] = [];
  const report = (node: ts.Node, name: string, why: string) =>
    findings.push({ line: source.getLineAndCharacterOfPosition(node.getStart(source)).line + 1, name, why });

  const visit = (node: ts.Node): void => {
    if (ts.isIdentifier(node) && CONSTRUCTORS.has(node.text)) {
      const parent = node.parent;
      if (ts.isImportSpecifier(parent)) {
        const typeOnly = parent.isTypeOnly || parent.parent.parent.isTypeOnly;
        if (!typeOnly && parent.propertyName === node && parent.name.text !== node.text) report(node, node.text, `imported under another name (${parent.name.text})`);
      } else if (ts.isBindingElement(parent)) {
        if (parent.propertyName === node && ts.isIdentifier(parent.name) && parent.name.text !== node.text) {
          report(node, node.text, `destructured under another name (${parent.name.text})`);
        }
      } else if (ts.isPropertyAccessExpression(parent) && parent.name === node) {
        // electron.BrowserWindow: judge the whole access.
        const why = isTypePosition(parent) ? null : misuse(parent);
        if (why) report(node, node.text, why);
      } else if (
        (ts.isPropertyAssignment(parent) || ts.isPropertyDeclaration(parent) || ts.isMethodDeclaration(parent) || ts.isPropertySignature(parent)) &&
        parent.name === node
      ) {
        // an object key or member called BrowserWindow: not a reference
      } else if (ts.isQualifiedName(parent) || ts.isTypeReferenceNode(parent) || isTypePosition(node)) {
        // Electron.BrowserWindow / BrowserWindow as a type
      } else if (ts.isExportSpecifier(parent) || ts.isImportClause(parent) || ts.isNamespaceImport(parent)) {
        if (!ts.isExportSpecifier(parent) || !parent.isTypeOnly) report(node, node.text, 'exported or imported as a value');
      } else if (
        (ts.isClassDeclaration(parent) ||
          ts.isInterfaceDeclaration(parent) ||
          ts.isTypeAliasDeclaration(parent) ||
          ts.isFunctionDeclaration(parent) ||
          ts.isVariableDeclaration(parent) ||
          ts.isParameter(parent)) &&
        parent.name === node
      ) {
        // a declaration that merely reuses the name
      } else {
        const why = misuse(node);
        if (why) report(node, node.text, why);
      }
    }
    ts.forEachChild(node, visit);
  };
  visit(source);
  return findings;
}

describe('the scanner', () => {
  const offending: [string, string][] = [
    ['new', "import { BrowserWindow } from 'electron';\nconst w = new BrowserWindow({});"],
    ['new without arguments', "import { BaseWindow } from 'electron';\nconst w = new BaseWindow;"],
    ['new WebContentsView', "import { WebContentsView } from 'electron';\nexport const v = new WebContentsView({});"],
    ['new BrowserView (deprecated)', "import { BrowserView } from 'electron';\nnew BrowserView();"],
    ['call without new', "import { BrowserWindow } from 'electron';\nconst w = (BrowserWindow as any)({});"],
    ['plain call', "declare const BrowserWindow: any;\nBrowserWindow({ show: true });"],
    ['namespace new', "import electron from 'electron';\nnew electron.BrowserWindow({});"],
    ['namespace call', "import * as electron from 'electron';\nelectron.WebContentsView({});"],
    ['Reflect.construct', "import { BrowserWindow } from 'electron';\nReflect.construct(BrowserWindow, [{}]);"],
    ['alias import', "import { BrowserWindow as Win } from 'electron';\nnew Win({});"],
    ['alias variable', "import { BaseWindow } from 'electron';\nconst Win = BaseWindow;\nnew Win();"],
    ['alias by destructuring', "import electron from 'electron';\nconst { BrowserWindow: Win } = electron;"],
    ['subclass', "import { BrowserWindow } from 'electron';\nclass MyWindow extends BrowserWindow {}"],
    ['passed to a helper', "import { BrowserWindow } from 'electron';\nmake(BrowserWindow);"],
    ['parenthesised new', "import { BrowserWindow } from 'electron';\nnew (BrowserWindow)({});"],
    ['re-export as value', "export { BrowserWindow } from 'electron';"],
    ['tsx file', "import { BrowserWindow } from 'electron';\nexport const C = () => { new BrowserWindow(); return <div/>; };"],
  ];
  it.each(offending)('flags: %s', (name, text) => {
    const findings = findWindowConstructions(name === 'tsx file' ? 'x.tsx' : 'x.ts', text);
    expect(findings.length, JSON.stringify(findings)).toBeGreaterThan(0);
  });

  it('reports the line of the construction', () => {
    expect(findWindowConstructions('x.ts', "import { BrowserWindow } from 'electron';\n\n// new BrowserWindow()\nconst w = new BrowserWindow();")).toEqual([
      { line: 4, name: 'BrowserWindow', why: 'constructed with new' },
    ]);
  });

  const harmless: [string, string][] = [
    ['line comment', '// new BrowserWindow({})\nexport {};'],
    ['block comment', '/* const w = new BrowserWindow({}); BaseWindow() */\nexport {};'],
    ['JSDoc', '/** Creates a `new WebContentsView()` elsewhere. */\nexport function f() {}'],
    ['string', "export const s = 'new BrowserWindow({})';"],
    ['template string', 'export const s = `new BaseWindow(${1})`;'],
    ['type import', "import type { BrowserWindow } from 'electron';\nexport let w: BrowserWindow | null = null;"],
    ['inline type import', "import { type BrowserWindow } from 'electron';\nexport function f(w: BrowserWindow) { return w; }"],
    ['static calls', "import { BrowserWindow } from 'electron';\nBrowserWindow.getAllWindows();\nBrowserWindow.fromWebContents(x);"],
    ['instanceof', "import { BaseWindow } from 'electron';\nexport const isWin = (x: unknown) => x instanceof BaseWindow;"],
    ['namespaced type', "import type Electron from 'electron';\nexport let v: Electron.WebContentsView;"],
    ['typeof in a type', "import type { BrowserWindow } from 'electron';\ntype C = typeof BrowserWindow;"],
    ['generic type argument', "import type { BrowserWindow } from 'electron';\nexport const m = new Map<number, BrowserWindow>();"],
    ['object key', 'export const labels = { BrowserWindow: 1, BaseWindow: 2 };'],
    ['other constructors', 'export const m = new Map(); export const u = new URL("app://schuldesk");'],
    ['similar names', 'export const w = new BrowserWindowish(); createBrowserWindow();'],
    ['a local interface of that name', 'interface BrowserWindow { id: number }\nexport type W = BrowserWindow;'],
  ];
  it.each(harmless)('does not flag: %s', (name, text) => {
    expect(findWindowConstructions('x.tsx', text), name).toEqual([]);
  });
});

describe('windows and views are constructed only in main/electron/window-factory.ts', () => {
  const files = SCANNED_DIRS.flatMap((dir) => sourceFiles(join(ROOT, dir)));

  it('scans a real source tree (the factory itself is in it)', () => {
    const names = files.map((file) => relative(ROOT, file).split(sep).join('/'));
    expect(names).toContain(FACTORY);
    expect(names).toContain('main/index.ts');
    expect(names).toContain('preload/app.ts');
  });

  it('the factory does construct windows (so the scanner sees real constructions)', () => {
    const findings = findWindowConstructions(FACTORY, readFileSync(join(ROOT, FACTORY), 'utf8'));
    // Conference: the BBB view and the SchulDesk toolbar view.
    expect(findings.map((finding) => finding.name).sort()).toEqual(['BaseWindow', 'BrowserWindow', 'BrowserWindow', 'WebContentsView', 'WebContentsView']);
  });

  it('no other file constructs, calls, subclasses or aliases a window constructor', () => {
    const offenders: string[] = [];
    for (const file of files) {
      const name = relative(ROOT, file).split(sep).join('/');
      if (name === FACTORY) continue;
      for (const finding of findWindowConstructions(name, readFileSync(file, 'utf8'))) {
        offenders.push(`${name}:${finding.line} ${finding.name} ${finding.why}`);
      }
    }
    expect(offenders).toEqual([]);
  });
});

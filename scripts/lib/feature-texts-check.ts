/**
 * The feature-texts check: a screen's German texts that are not bundled with the first screen
 * (renderer/i18n/feature-texts.ts) must arrive before anything uses them. Walks the renderer's
 * runtime imports (type-only ones do not load code): from renderer/main.tsx — the first screen and
 * everything it loads itself — no module may use such a text or import its German file; from each
 * route's screen (renderer/app/routes.tsx) only the texts its ROUTE_TEXTS entry loads. A text
 * counts as used where a string or template starts with "<name>." and is not an API method or event
 * name. Used by test/unit/renderer-feature-texts.test.ts.
 */
import { dirname, join, normalize, sep } from 'node:path';
import ts from 'typescript';
import { isApiEventName, isApiMethodName } from '../../preload/api';

export interface FeatureTextsRules {
  /** The names of the texts loaded later (FEATURE_TEXTS_NAMES). */
  names: readonly string[];
  /** Which of them each route loads (ROUTE_TEXTS). */
  routeTexts: Readonly<Record<string, readonly string[]>>;
}

const ENTRY = 'renderer/main.tsx';
const ROUTES = 'renderer/app/routes.tsx';
/** Dynamic imports here are the chunk boundaries that bring their texts (or are English). */
const LOADERS = new Set([ROUTES, 'renderer/i18n/feature-texts.ts', 'renderer/i18n/index.ts']);

interface ModuleFacts {
  staticImports: string[];
  dynamicImports: string[];
  textNames: Set<string>;
  /** routes.tsx only: route → its screen module. */
  routeScreens: Map<string, string>;
}

const posixPath = (path: string) => path.split(sep).join('/');

function resolveImport(from: string, specifier: string, files: ReadonlyMap<string, string>): string | null {
  if (!specifier.startsWith('.')) return null;
  const base = posixPath(normalize(join(dirname(from), specifier)));
  for (const candidate of [base, `${base}.ts`, `${base}.tsx`, `${base}/index.ts`, `${base}/index.tsx`]) if (files.has(candidate)) return candidate;
  return null;
}

function isTypeOnlyImport(node: ts.ImportDeclaration): boolean {
  const clause = node.importClause;
  if (!clause) return false;
  if (clause.isTypeOnly) return true;
  if (clause.name) return false;
  const bindings = clause.namedBindings;
  return bindings !== undefined && ts.isNamedImports(bindings) && bindings.elements.length > 0 && bindings.elements.every((element) => element.isTypeOnly);
}

function factsOf(path: string, source: string, files: ReadonlyMap<string, string>, names: readonly string[]): ModuleFacts {
  const file = ts.createSourceFile(path, source, ts.ScriptTarget.ES2022, true, path.endsWith('x') ? ts.ScriptKind.TSX : ts.ScriptKind.TS);
  const facts: ModuleFacts = { staticImports: [], dynamicImports: [], textNames: new Set(), routeScreens: new Map() };
  const usedText = (text: string) => {
    const name = names.find((candidate) => text.startsWith(`${candidate}.`));
    if (name && !isApiMethodName(text) && !isApiEventName(text)) facts.textNames.add(name);
  };
  const visit = (node: ts.Node): void => {
    if (ts.isImportDeclaration(node) && ts.isStringLiteral(node.moduleSpecifier) && !isTypeOnlyImport(node)) {
      const target = resolveImport(path, node.moduleSpecifier.text, files);
      if (target) facts.staticImports.push(target);
      return;
    }
    if (ts.isExportDeclaration(node) && node.moduleSpecifier && ts.isStringLiteral(node.moduleSpecifier) && !node.isTypeOnly) {
      const target = resolveImport(path, node.moduleSpecifier.text, files);
      if (target) facts.staticImports.push(target);
      return;
    }
    if (ts.isCallExpression(node) && node.expression.kind === ts.SyntaxKind.ImportKeyword) {
      const [specifier] = node.arguments;
      const target = specifier && ts.isStringLiteral(specifier) ? resolveImport(path, specifier.text, files) : null;
      if (target) facts.dynamicImports.push(target);
    }
    // routes.tsx: withTexts('<route>', () => import('<screen>')…)
    if (ts.isCallExpression(node) && ts.isIdentifier(node.expression) && node.expression.text === 'withTexts') {
      const [route, load] = node.arguments;
      let screen: string | null = null;
      const findImport = (inner: ts.Node): void => {
        if (ts.isCallExpression(inner) && inner.expression.kind === ts.SyntaxKind.ImportKeyword && inner.arguments[0] && ts.isStringLiteral(inner.arguments[0])) screen ??= resolveImport(path, inner.arguments[0].text, files);
        ts.forEachChild(inner, findImport);
      };
      if (load) findImport(load);
      if (route && ts.isStringLiteral(route) && screen) facts.routeScreens.set(route.text, screen);
    }
    if (ts.isStringLiteral(node) || ts.isNoSubstitutionTemplateLiteral(node)) usedText(node.text);
    if (ts.isTemplateExpression(node)) usedText(node.head.text);
    ts.forEachChild(node, visit);
  };
  visit(file);
  return facts;
}

/** Problems found in `files` (repository-relative path → source); empty when the texts arrive in time. */
export function checkFeatureTexts(files: ReadonlyMap<string, string>, rules: FeatureTextsRules): string[] {
  const facts = new Map<string, ModuleFacts>();
  for (const [path, source] of files) facts.set(path, factsOf(path, source, files, rules.names));
  const reach = (start: string): Set<string> => {
    const seen = new Set<string>();
    const queue = [start];
    while (queue.length > 0) {
      const path = queue.pop() as string;
      if (seen.has(path)) continue;
      seen.add(path);
      const module = facts.get(path);
      if (!module) continue;
      queue.push(...module.staticImports);
      if (!LOADERS.has(path)) queue.push(...module.dynamicImports);
    }
    return seen;
  };
  const germanFiles = new Set(rules.names.map((name) => `renderer/i18n/${name}.de.ts`).concat('renderer/i18n/de.ts'));
  const problems: string[] = [];
  const check = (start: string, allowed: readonly string[], where: string) => {
    for (const path of [...reach(start)].sort()) {
      const module = facts.get(path);
      if (!module) continue;
      for (const name of module.textNames) if (!allowed.includes(name)) problems.push(`${path} uses ${name}.* texts, which ${where} does not load`);
      if (germanFiles.has(path) && allowed.length === 0) problems.push(`${path} is bundled with ${where}`);
    }
  };
  if (!facts.has(ENTRY)) return [`${ENTRY} is missing`];
  check(ENTRY, [], 'the first screen');
  const routes = facts.get(ROUTES)?.routeScreens ?? new Map<string, string>();
  if (routes.size === 0) problems.push(`${ROUTES} names no screen through withTexts()`);
  for (const [route, screen] of routes) check(screen, rules.routeTexts[route] ?? [], `the route "${route}"`);
  return problems;
}

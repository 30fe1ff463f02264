/**
 * The contract-prose check: the types main sends the renderer carry codes and data, not sentences.
 * Flags, in the contract files, a property named like prose (message, body, text, label, reasonText,
 * description, hint) typed as a string, and any `de`/`en` pair (a bilingual table travelling over
 * IPC). What is prose on purpose is listed with its reason by the caller (test/unit/contract-prose.test.ts).
 */
import { readFileSync } from 'node:fs';
import { tsFiles } from './ts-files';
import { join, relative } from 'node:path';
import ts from 'typescript';

const PROSE_NAMES = new Set(['message', 'body', 'text', 'label', 'reasonText', 'description', 'hint']);

export interface ProseField {
  /** `Owner.property`: the interface or type alias it belongs to. */
  field: string;
  file: string;
  line: number;
}

function isStringy(type: ts.TypeNode | undefined): boolean {
  if (!type) return false;
  if (type.kind === ts.SyntaxKind.StringKeyword) return true;
  if (ts.isUnionTypeNode(type)) return type.types.some((member) => member.kind === ts.SyntaxKind.StringKeyword);
  return false;
}

export function findProseFields(fileName: string, source: string): ProseField[] {
  const file = ts.createSourceFile(fileName, source, ts.ScriptTarget.ES2022, true, ts.ScriptKind.TS);
  const found: ProseField[] = [];
  const visit = (node: ts.Node, owner: string): void => {
    let next = owner;
    if (ts.isInterfaceDeclaration(node) || ts.isTypeAliasDeclaration(node)) next = node.name.text;
    if (ts.isPropertySignature(node) && (ts.isIdentifier(node.name) || ts.isStringLiteral(node.name))) {
      const name = node.name.text;
      const bilingual = name === 'de' || name === 'en';
      if (bilingual || (PROSE_NAMES.has(name) && isStringy(node.type))) {
        found.push({ field: `${owner}.${name}`, file: fileName, line: file.getLineAndCharacterOfPosition(node.getStart()).line + 1 });
      }
    }
    ts.forEachChild(node, (child) => visit(child, next));
  };
  visit(file, '(top)');
  return found;
}

/** Every prose field of the contract: preload/api.ts and everything under preload/contract/ (paths relative to `root`). */
export function checkContractProse(root: string): ProseField[] {
  const files = [join(root, 'preload', 'api.ts'), ...tsFiles(join(root, 'preload', 'contract'))];
  return files.flatMap((path) => findProseFields(relative(root, path), readFileSync(path, 'utf8')));
}

/**
 * The text-key check: every `new UserFacingError(…)` in main names a code of the error catalog
 * (preload/contract/errors.ts) and passes parameters, never prose. Flags a first argument that is
 * not a catalog code literal (a German sentence, a template) and any string or template argument
 * after it. Used by test/unit/error-catalog.test.ts over all of main/.
 */
import { readFileSync } from 'node:fs';
import { tsFiles } from './ts-files';
import { join, relative } from 'node:path';
import ts from 'typescript';
import { isErrorCode } from '../../preload/contract/errors';

export interface UncodedError {
  file: string;
  line: number;
  text: string;
}

const PROSE = new Set([ts.SyntaxKind.StringLiteral, ts.SyntaxKind.NoSubstitutionTemplateLiteral, ts.SyntaxKind.TemplateExpression]);

export function findUncodedErrors(fileName: string, source: string): UncodedError[] {
  const file = ts.createSourceFile(fileName, source, ts.ScriptTarget.ES2022, true, ts.ScriptKind.TS);
  const found: UncodedError[] = [];
  const visit = (node: ts.Node): void => {
    if (ts.isNewExpression(node) && ts.isIdentifier(node.expression) && node.expression.text === 'UserFacingError') {
      const [code, ...rest] = node.arguments ?? [];
      const codeOk = code !== undefined && (PROSE.has(code.kind) ? ts.isStringLiteral(code) && isErrorCode(code.text) : true);
      if (!codeOk || rest.some((argument) => PROSE.has(argument.kind))) {
        found.push({ file: fileName, line: file.getLineAndCharacterOfPosition(node.getStart()).line + 1, text: node.getText().slice(0, 120) });
      }
    }
    ts.forEachChild(node, visit);
  };
  visit(file);
  return found;
}

/** Every violation under `dir` (paths relative to `root`). */
export function checkErrorCodes(root: string, dir = 'main'): UncodedError[] {
  return tsFiles(join(root, dir)).flatMap((path) => findUncodedErrors(relative(root, path), readFileSync(path, 'utf8')));
}

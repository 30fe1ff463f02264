/**
 * `SchulDesk --diagnose` (and `npm run web -- --diagnose`): the report as text on stdout, then
 * exit. The shells call this instead of opening a window. A copy goes to
 * <dataDir>/logs/diagnose.txt, because a Windows GUI program has no console to print to.
 */
import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import type { ServiceContext } from '../service-context';
import { collectDiagnostics, LOGS_FOLDER } from './collect';
import { buildDiagnostics } from './report';


export async function diagnosticsText(services: { context: ServiceContext }): Promise<string> {
  return buildDiagnostics(await collectDiagnostics(services.context)).text;
}

export const DIAGNOSE_FILE_NAME = 'diagnose.txt';

/** Writes (overwrites) <dataDir>/logs/diagnose.txt and returns its path. */
export function saveDiagnosticsCopy(dataDir: string, text: string): string {
  const dir = join(dataDir, LOGS_FOLDER);
  mkdirSync(dir, { recursive: true });
  const path = join(dir, DIAGNOSE_FILE_NAME);
  writeFileSync(path, `${text}\n`, 'utf8');
  return path;
}

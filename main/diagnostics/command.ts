/**
 * `SchulDesk --diagnose` (and `npm run web -- --diagnose`): the report as text on stdout, then
 * exit. The shells call this instead of opening a window.
 */
import type { Services } from '../services';
import { collectDiagnostics } from './collect';
import { buildDiagnostics } from './report';

export const DIAGNOSE_FLAG = '--diagnose';

export function wantsDiagnose(argv: readonly string[]): boolean {
  return argv.includes(DIAGNOSE_FLAG);
}

export async function diagnosticsText(services: Pick<Services, 'context'>): Promise<string> {
  return buildDiagnostics(await collectDiagnostics(services.context)).text;
}

/** The command-line flag for `SchulDesk --diagnose` (main/diagnostics/command.ts); no imports, so a shell's entry can test it before loading anything. */
export const DIAGNOSE_FLAG = '--diagnose';

export function wantsDiagnose(argv: readonly string[]): boolean {
  return argv.includes(DIAGNOSE_FLAG);
}

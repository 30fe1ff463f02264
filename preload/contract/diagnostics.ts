/**
 * API contract, feature part: the diagnostics report for IT (main/diagnostics/). The methods keep
 * their `it.` names (the wire contract). Merged into ApiMethods by preload/api.ts; main binds it in
 * main/api/diagnostics.ts. No events. Runtime-import free (compiled into main, preload and renderer alike).
 */
import type { SaveFileView } from './privacy';

/** How a diagnostics line is marked: a check that passed, a warning, a failure, or plain information. */
export type DiagnosticsLevel = 'ok' | 'warn' | 'error' | 'info';

export interface DiagnosticsEntry {
  label: string;
  value: string;
  level: DiagnosticsLevel;
}

export interface DiagnosticsSection {
  id: string;
  title: string;
  entries: DiagnosticsEntry[];
}

/** The diagnostics report for IT (no personal data, no tokens); `text` is what "Kopieren" copies. */
export interface DiagnosticsView {
  generatedAt: number;
  sections: DiagnosticsSection[];
  text: string;
}

export interface DiagnosticsMethods {
  /** The diagnostics report (checks portals, BBB hosts and the update server; takes a few seconds). */
  'it.diagnostics': { args: []; result: DiagnosticsView };
  /** Desktop app only: saves the last diagnostics report (or a fresh one) through the native dialog. */
  'it.saveDiagnostics': { args: []; result: SaveFileView };
}

export const DIAGNOSTICS_METHOD_NAMES = ['it.diagnostics', 'it.saveDiagnostics'] as const satisfies readonly (keyof DiagnosticsMethods)[];

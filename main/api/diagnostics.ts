/**
 * Binds the diagnostics part of the API contract (preload/contract/diagnostics.ts): the report for IT
 * (main/diagnostics/: collect measures, report formats) and, in the desktop app, saving it.
 */
import { z } from 'zod';
import type { DiagnosticsMethods, DiagnosticsView } from '../../preload/contract/diagnostics';
import { collectDiagnostics } from '../diagnostics/collect';
import { buildDiagnostics } from '../diagnostics/report';
import type { HandlersFor } from '../ipc/dispatch';
import type { InputSchemasFor } from '../ipc/schemas';
import { saveThroughPort } from '../privacy/save-file-port';
import type { FeatureApi, ServiceContext } from '../service-context';

const none = z.tuple([]);

export const DIAGNOSTICS_INPUT_SCHEMAS: InputSchemasFor<DiagnosticsMethods> = {
  'it.diagnostics': none,
  'it.saveDiagnostics': none,
};

export function createDiagnosticsApi(context: ServiceContext): FeatureApi<DiagnosticsMethods> {
  let lastReport: DiagnosticsView | null = null;
  const diagnostics = async () => (lastReport = buildDiagnostics(await collectDiagnostics(context)));
  const handlers: HandlersFor<DiagnosticsMethods> = {
    'it.diagnostics': diagnostics,
    'it.saveDiagnostics': async () => {
      const report = lastReport ?? (await diagnostics());
      const suggestedName = `SchulDesk-Diagnose-${new Date(report.generatedAt).toISOString().slice(0, 10)}.txt`;
      return saveThroughPort(context.deps.saveFile, { suggestedName, content: report.text, filters: [{ name: 'Text', extensions: ['txt'] }] });
    },
  };
  return { handlers };
}

import { resolve } from 'node:path';
import { describe, expect, it } from 'vitest';
import { checkContractProse, findProseFields } from '../../scripts/lib/contract-prose-check';

const ROOT = resolve(__dirname, '../..');

/** Prose that crosses the border on purpose, and why. Anything else: send a code and data, word it in renderer/i18n. */
const ALLOWED: Record<string, string> = {
  'Texts.de': 'the error catalog itself (errors.ts): the table the renderer translates from, never sent',
  'Texts.en': 'the error catalog itself (errors.ts): the table the renderer translates from, never sent',
  'UsageRulesView.de': 'the school’s conference rules: a versioned legal text, acknowledged per version',
  'UsageRulesView.en': 'the school’s conference rules: a versioned legal text, acknowledged per version',
  'SiteCheckView.message': 'the portal’s own maintenance note, in the portal’s language',
  'PolicyProblem.message': 'for school IT, German (shown with lang="de")',
  'DiagnosticsEntry.label': 'the Diagnose report for school IT, German (shown with lang="de")',
  'DiagnosticsView.text': 'the Diagnose report for school IT, German (the file IT gets)',
};

describe('contract-prose check (main sends codes and data; the renderer words them)', () => {
  it('finds only the prose that is there on purpose', () => {
    expect(checkContractProse(ROOT).map((found) => found.field).sort()).toEqual(Object.keys(ALLOWED).sort());
  });

  it('bites on the shapes main used to send: a bilingual table, a German message, a prose label', () => {
    const planted = [
      'export interface UpdateStatusView { reason: UpdateReason; reasonText: { de: string; en: string } }',
      'export interface LogoutPreview { unsentItems: string[]; message: string }',
      'export interface InAppReminderView { title: string; body: string | null }',
      'export type Item = { id: string; label: { de: string; en: string } };',
    ];
    expect(planted.map((source) => findProseFields('planted.ts', source).map((found) => found.field))).toEqual([
      ['UpdateStatusView.de', 'UpdateStatusView.en'],
      ['LogoutPreview.message'],
      ['InAppReminderView.body'],
      ['Item.de', 'Item.en'],
    ]);
    // Codes and data pass: a union of codes, numbers, a title from the portal.
    expect(findProseFields('fine.ts', "export interface X { reason: 'a' | 'b'; detail: 'secret-stored' | null; count: number; title: string }")).toEqual([]);
  });
});

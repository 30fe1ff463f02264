/**
 * The layer rule in eslint.config.js (VS Code style), run through ESLint's Node API on planted
 * files: core imports no feature, features no main/electron/ nor the composition root, API bindings
 * no shell, the renderer nothing from main/ and only contract types from preload/, page-side code
 * nothing from main/. Type-only imports count wherever the rule says so.
 */
import { join } from 'node:path';
import { ESLint } from 'eslint';
import { beforeAll, describe, expect, it } from 'vitest';

const ROOT = join(import.meta.dirname, '..', '..');
const RULE = '@typescript-eslint/no-restricted-imports';

let eslint: ESLint;
beforeAll(() => {
  eslint = new ESLint({ cwd: ROOT, overrideConfigFile: join(ROOT, 'eslint.config.js') });
});

async function flagged(filePath: string, specifier: string, typeOnly = false): Promise<boolean> {
  const code = typeOnly ? `import type { X } from '${specifier}';\nexport type Y = X;\n` : `import { x } from '${specifier}';\nexport const y = x;\n`;
  const [result] = await eslint.lintText(code, { filePath: join(ROOT, filePath) });
  const messages = result?.messages ?? [];
  const fatal = messages.find((message) => message.ruleId === null);
  if (fatal) throw new Error(`${filePath}: ${fatal.message}`);
  return messages.some((message) => message.ruleId === RULE);
}

describe('ESLint layer rule: violations are flagged', () => {
  it.each([
    // core → feature, API binding, shell, composition root (the findings this rule was made for)
    ['main/log/file-log-x.ts', '../diagnostics/report'],
    ['main/security/x.ts', '../content/file-view'],
    ['main/ipc/x.ts', '../api/portal'],
    ['main/store/x.ts', '../sync/engine'],
    ['main/net/x.ts', '../portal/moodle-client'],
    ['main/vault/x.ts', '../services'],
    ['main/settings/x.ts', '../service-context'],
    ['main/errors/x.ts', '../outbox/service'],
    ['main/policy/sources/x.ts', '../../conference/service'],
    ['main/policy/x.ts', '../index'],
    ['main/log/x.ts', '../electron/ipc'],
    // feature → shell, API binding, composition root
    ['main/portal/x.ts', '../electron/window-factory'],
    ['main/content/x.ts', '../services'],
    ['main/outbox/x.ts', '../index.ts'],
    ['main/sync/x.ts', '../api/sync'],
    ['main/diagnostics/x.ts', '../web-shell/server'],
    ['main/conference/deep/x.ts', '../../electron/conference-window'],
    // API binding → shell, composition root
    ['main/api/x.ts', '../electron/ipc'],
    ['main/api/x.ts', '../services'],
    // renderer → main, non-contract preload, runtime contract outside the bridge
    ['renderer/features/x/View.tsx', '../../../main/portal/accounts'],
    ['renderer/App.tsx', '../main/ipc/errors'],
    ['renderer/features/x/View.tsx', '../../../preload/app'],
    ['renderer/features/x/View.tsx', '../../../preload/api'],
    ['renderer/bridge/x.ts', '../../main/ipc/dispatch'],
    // renderer → i18n outside renderer/i18n (the app's own translator), in any renderer folder
    ['renderer/features/x/View.tsx', 'react-i18next'],
    ['renderer/bridge/x.ts', 'react-i18next'],
    ['renderer/features/x/View.tsx', 'i18next'],
    // page-side code → main
    ['page/conference-guard/x.ts', '../../main/conference/media-policy'],
    ['page/x.ts', '../main/security/origins'],
  ])('%s importing %s', async (file, specifier) => {
    expect(await flagged(file, specifier)).toBe(true);
  });

  it.each([
    ['main/log/x.ts', '../diagnostics/report'],
    ['main/portal/x.ts', '../electron/login-window'],
    ['renderer/features/x/View.tsx', '../../../main/portal/accounts'],
    ['renderer/features/x/View.tsx', '../../../preload/app'],
    ['page/conference-guard/x.ts', '../../main/conference/media-policy'],
  ])('%s importing only types from %s', async (file, specifier) => {
    expect(await flagged(file, specifier, true)).toBe(true);
  });
});

describe('ESLint layer rule: allowed imports stay quiet', () => {
  it.each([
    ['main/vault/x.ts', '../ipc/errors', false],
    ['main/log/x.ts', './redact', false],
    ['main/policy/sources/x.ts', '../index', false],
    ['main/policy/x.ts', '../settings/schema', false],
    ['main/security/x.ts', '../../preload/contract/updates', true],
    ['main/portal/x.ts', '../store/database', false],
    ['main/privacy/x.ts', '../portal/accounts', true],
    ['main/outbox/x.ts', '../service-context', true],
    ['main/api/x.ts', '../portal/accounts', false],
    ['main/services.ts', './api/portal', false],
    ['main/web-shell/x.ts', '../services', false],
    ['main/electron/x.ts', '../services', false],
    ['renderer/features/x/View.tsx', '../../../preload/api', true],
    ['renderer/features/x/View.tsx', '../../../preload/contract/outbox', true],
    ['renderer/features/x/View.tsx', '../../../preload/contract/errors', false],
    ['renderer/i18n/x.ts', 'i18next', true],
    ['renderer/bridge/x.ts', '../../preload/api', false],
    ['renderer/features/x/View.tsx', '../../ui/Button', false],
    ['page/conference-guard/x.ts', './install-guard', false],
  ] as const)('%s importing %s (type-only: %s)', async (file, specifier, typeOnly) => {
    expect(await flagged(file, specifier, typeOnly)).toBe(false);
  });
});

// @ts-check
import js from '@eslint/js';
import tseslint from 'typescript-eslint';
import reactHooks from 'eslint-plugin-react-hooks';

/**
 * The Electron layer is the only code allowed to import `electron` at runtime.
 * Under plain Node (tests, browser shell) `require('electron')` tries to download the
 * binary and throws, so everything else may only use `import type`.
 */
const ELECTRON_LAYER = ['main/index.ts', 'main/electron/**/*.ts', 'preload/**/*.ts'];

const ELECTRON_PATHS = [
  {
    name: 'electron',
    message: 'Only the Electron layer (main/index.ts, main/electron/, preload/) may import electron at runtime; use `import type` elsewhere.',
    allowTypeImports: true,
  },
];
const ELECTRON_PATTERNS = [
  {
    group: ['electron/*', 'electron-updater', '@electron/*'],
    message: 'Only the Electron layer may import Electron packages at runtime.',
    allowTypeImports: true,
  },
];

/** The rule with the Electron restriction plus `patterns` (flat config replaces a rule's options, so every layer repeats it). */
const restrictedImports = (patterns = [], { electron = true, paths = [] } = {}) => ({
  '@typescript-eslint/no-restricted-imports': [
    'error',
    { paths: [...(electron ? ELECTRON_PATHS : []), ...paths], patterns: [...(electron ? ELECTRON_PATTERNS : []), ...patterns] },
  ],
});

/** The renderer: i18n only through renderer/i18n (its own translator; i18next for its key types only). */
const RENDERER_PATHS = [
  { name: 'react-i18next', message: 'Use renderer/i18n/react (useTranslation, TranslationProvider): the app has its own translator.' },
  { name: 'i18next', message: 'Only its types (the translator is renderer/i18n/translator.ts): use `import type`.', allowTypeImports: true },
];

const noRuntimeElectron = restrictedImports();

/**
 * Layers (VS Code style), checked on every relative import, type-only included:
 *   core      main/{store,net,log,vault,settings,policy,ipc,errors,security}: imports no feature,
 *             no API binding, no shell and no composition root.
 *   features  main/{portal,content,outbox,conference,sync,assignments,diagnostics,privacy,updates}:
 *             import no main/electron/, no shell, no API binding, no composition root
 *             (main/services.ts, main/index.ts); the ServiceContext type is their seam.
 *   api       main/api/: binds features to the contract; no main/electron/, no composition root.
 *   renderer  imports nothing from main/ and only types (the contract) from preload/.
 *   page      page/** runs inside a foreign web page: imports nothing from main/.
 * A relative specifier is resolved by its depth: from a file in a folder D levels deep, exactly
 * D-1 `../` reach main/<x>, so each depth gets its own exact patterns.
 */
const CORE = ['store', 'net', 'log', 'vault', 'settings', 'policy', 'ipc', 'errors', 'security'];
const FEATURES = ['portal', 'content', 'outbox', 'conference', 'sync', 'assignments', 'diagnostics', 'privacy', 'updates'];
const SHELLS = ['electron', 'web-shell'];
const ROOT_FILES = ['services', 'index', 'service-context', 'policy-sources'];
const MAX_DEPTH = 6;

const up = (count) => (count === 0 ? '\\./' : '\\.\\./'.repeat(count));
const folderPattern = (count, names) => `^${up(count)}(?:${names.join('|')})(?:/|$)`;
const filePattern = (count, names) => `^${up(count)}(?:${names.join('|')})(?:\\.ts)?$`;

/** One config per folder depth below `base` (a folder `levels` deep), built by `patternsAt(upsToRepoRoot)`. */
function layer(base, levels, patternsAt, options = {}) {
  return Array.from({ length: MAX_DEPTH - levels + 1 }, (_, extra) => ({
    files: [`${base}/${'*/'.repeat(extra)}*.{ts,tsx}`],
    rules: restrictedImports(patternsAt(levels + extra), options),
  }));
}

/** Patterns for a file under main/ whose folder is `depth` levels deep (main/x → 2). */
const inMain = (message, folders, files = []) => (depth) => [
  { regex: folderPattern(depth - 1, folders), message, allowTypeImports: false },
  ...(files.length ? [{ regex: filePattern(depth - 1, files), message, allowTypeImports: false }] : []),
];

const LAYER_CONFIGS = [
  ...CORE.flatMap((folder) =>
    layer(`main/${folder}`, 2, inMain(`Core (main/${folder}) imports no feature, API binding, shell or composition root: move the shared part down into core.`, [...FEATURES, 'api', ...SHELLS], ROOT_FILES)),
  ),
  ...FEATURES.flatMap((folder) =>
    layer(`main/${folder}`, 2, inMain(`A feature (main/${folder}) imports no main/electron/, shell, API binding or composition root; Electron arrives as ports in ServiceDeps.`, ['api', ...SHELLS], ['services', 'index'])),
  ),
  ...layer('main/api', 2, inMain('API bindings import no main/electron/, shell or composition root.', SHELLS, ['services', 'index'])),
  ...layer('renderer', 1, (depth) => [
    { regex: folderPattern(depth, ['main']), message: 'The renderer imports nothing from main/: only contract types from preload/.', allowTypeImports: false },
    { regex: `^${up(depth)}preload/(?!api$|contract/)`, message: 'The renderer imports only the contract (preload/api.ts, preload/contract/) from preload/.', allowTypeImports: false },
    // Only the bridge (renderer/bridge/, the transport) needs the contract's runtime name lists; the
    // error catalog (contract/errors: codes and their texts) is the one runtime table the UI translates with.
    { regex: `^${up(depth)}preload/(?:api$|contract/(?!errors$))`, message: 'The renderer imports only types from the contract (`import type`); the name lists are for renderer/bridge/, the error catalog for i18n.', allowTypeImports: true },
  ], { paths: RENDERER_PATHS }),
  {
    files: ['renderer/bridge/*.{ts,tsx}'],
    rules: restrictedImports([
      { regex: folderPattern(2, ['main']), message: 'The renderer imports nothing from main/: only contract types from preload/.', allowTypeImports: false },
      { regex: `^${up(2)}preload/(?!api$|contract/)`, message: 'The renderer imports only the contract (preload/api.ts, preload/contract/) from preload/.', allowTypeImports: false },
    ], { paths: RENDERER_PATHS }),
  },
  ...layer('page', 1, (depth) => [
    { regex: folderPattern(depth, ['main']), message: 'Page-side code runs inside a foreign web page: it imports nothing from main/.', allowTypeImports: false },
  ]),
];

export default tseslint.config(
  { ignores: ['out/**', 'dist/**', 'node_modules/**', 'coverage/**', 'test-results/**', '.cache/**'] },
  js.configs.recommended,
  ...tseslint.configs.recommended,
  {
    languageOptions: { ecmaVersion: 2023, sourceType: 'module' },
    rules: {
      '@typescript-eslint/consistent-type-imports': ['error', { prefer: 'type-imports' }],
      '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_', varsIgnorePattern: '^_' }],
      'no-restricted-syntax': [
        'error',
        {
          selector: "NewExpression[callee.name=/^(BrowserWindow|BaseWindow|WebContentsView|BrowserView)$/]",
          message: 'Windows and views are created only by main/electron/window-factory.ts.',
        },
      ],
      ...noRuntimeElectron,
    },
  },
  ...LAYER_CONFIGS,
  {
    files: ELECTRON_LAYER,
    rules: { '@typescript-eslint/no-restricted-imports': 'off' },
  },
  {
    files: ['main/electron/window-factory.ts'],
    rules: { 'no-restricted-syntax': 'off' },
  },
  {
    files: ['renderer/**/*.{ts,tsx}'],
    plugins: { 'react-hooks': reactHooks },
    // The layer rules above (LAYER_CONFIGS) carry the renderer's import limits; a second
    // no-restricted-imports entry here would replace them, not add to them.
    rules: { ...reactHooks.configs.recommended.rules },
  },
  {
    files: ['scripts/**/*.{js,mjs}', '*.config.{js,mjs}', 'test/**/*.mjs'],
    languageOptions: {
      globals: { process: 'readonly', console: 'readonly', URL: 'readonly', setTimeout: 'readonly', clearTimeout: 'readonly', Buffer: 'readonly' },
    },
  },
);

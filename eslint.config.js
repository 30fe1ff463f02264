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

const noRuntimeElectron = {
  '@typescript-eslint/no-restricted-imports': [
    'error',
    {
      paths: [
        {
          name: 'electron',
          message:
            'Only the Electron layer (main/index.ts, main/electron/, preload/) may import electron at runtime; use `import type` elsewhere.',
          allowTypeImports: true,
        },
      ],
      patterns: [
        {
          group: ['electron/*', 'electron-updater', '@electron/*'],
          message: 'Only the Electron layer may import Electron packages at runtime.',
          allowTypeImports: true,
        },
      ],
    },
  ],
};

/** The renderer: no Electron at runtime (as everywhere), and i18n only through renderer/i18n (i18next for its key types). */
const [, electronOptions] = noRuntimeElectron['@typescript-eslint/no-restricted-imports'];
const rendererImports = {
  '@typescript-eslint/no-restricted-imports': [
    'error',
    {
      paths: [
        ...electronOptions.paths,
        { name: 'react-i18next', message: 'Use renderer/i18n/react (useTranslation, TranslationProvider): the app has its own translator.' },
        { name: 'i18next', message: 'Only its types (the translator is renderer/i18n/translator.ts): use `import type`.', allowTypeImports: true },
      ],
      patterns: electronOptions.patterns,
    },
  ],
};

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
    rules: { ...reactHooks.configs.recommended.rules, ...rendererImports },
  },
  {
    files: ['scripts/**/*.{js,mjs}', '*.config.{js,mjs}', 'test/**/*.mjs'],
    languageOptions: {
      globals: { process: 'readonly', console: 'readonly', URL: 'readonly', setTimeout: 'readonly', clearTimeout: 'readonly', Buffer: 'readonly' },
    },
  },
);

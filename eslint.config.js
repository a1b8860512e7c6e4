// Lint: typescript-eslint's strict type-aware rules for TypeScript, eslint-plugin-svelte for the renderer.
import js from '@eslint/js';
import svelte from 'eslint-plugin-svelte';
import globals from 'globals';
import tseslint from 'typescript-eslint';

const PURE = [
  { group: ['node:*'], message: 'main/core is pure TypeScript: no node: imports.' },
  { group: ['electron'], message: 'main/core is pure TypeScript: no Electron.' },
];
const OUTSIDE_CORE = [
  'files',
  'ipc',
  'ceremony',
  'signing',
  'keychain',
  'wallets',
  'settings',
  'dialogs',
  'cli',
  'net',
  'native',
];
/** Inside main/core: which of its folders each may not import (lower folders may not import higher ones). */
const CORE_LAYERS = {
  math: ['sharing', 'formats', 'chains', 'wallet'],
  sharing: ['formats', 'chains', 'wallet'],
  formats: ['chains', 'wallet'],
  chains: ['sharing', 'formats', 'wallet'],
  wallet: [],
};
const banned = (folders, where) =>
  folders.map((f) => ({
    group: [`**/${f}/*`, `**/${f}/**`],
    message: `${where} may not import from ${f}/ (see the layering in docs/development.md).`,
  }));
/** Lint rules of the layering: each a no-restricted-imports entry (one per file set: ESLint keeps the last). */
function layers() {
  const ipcMain = { name: 'electron', importNames: ['ipcMain'], message: 'Only main/ipc/register.ts imports ipcMain.' };
  return [
    ...Object.entries(CORE_LAYERS).map(([folder, above]) => ({
      files: [`main/core/${folder}/**/*.ts`],
      rules: {
        'no-restricted-imports': [
          'error',
          { patterns: [...PURE, ...banned([...above, ...OUTSIDE_CORE], `main/core/${folder}`)] },
        ],
      },
    })),
    {
      files: ['main/core/*.ts'],
      rules: {
        'no-restricted-imports': [
          'error',
          {
            patterns: [...PURE, ...banned([...Object.keys(CORE_LAYERS), ...OUTSIDE_CORE], 'main/core’s shared files')],
          },
        ],
      },
    },
    {
      // ipc/ is the contract, the dispatcher and the registration: it never reaches into a domain.
      files: ['main/ipc/**/*.ts'],
      ignores: ['main/ipc/register.ts'],
      rules: {
        'no-restricted-imports': [
          'error',
          {
            paths: [ipcMain],
            patterns: banned(
              OUTSIDE_CORE.filter((f) => f !== 'ipc'),
              'main/ipc',
            ),
          },
        ],
      },
    },
    {
      files: ['main/**/*.ts', 'preload/**/*.ts', 'renderer/**/*.ts', 'test/**/*.ts'],
      ignores: ['main/core/**', 'main/ipc/**'],
      rules: { 'no-restricted-imports': ['error', { paths: [ipcMain] }] },
    },
  ];
}

export default tseslint.config(
  { ignores: ['out/**', 'dist/**', 'node_modules/**', 'test-results/**', 'coverage/**'] },
  js.configs.recommended,
  ...tseslint.configs.recommended,
  ...svelte.configs['flat/recommended'],
  {
    languageOptions: { globals: { ...globals.node } },
    rules: {
      'no-console': ['error', { allow: ['warn', 'error'] }],
      '@typescript-eslint/consistent-type-imports': 'error',
      '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_' }],
    },
  },
  // The layering (docs/development.md): a folder imports only from the folders below it.
  ...layers(),
  {
    files: ['renderer/**/*.{ts,svelte}'],
    languageOptions: { globals: { ...globals.browser } },
  },
  {
    files: ['**/*.svelte', '**/*.svelte.ts'],
    languageOptions: { parserOptions: { parser: tseslint.parser } },
  },
  {
    files: ['test/**/*.ts', 'bench/**/*.ts'],
    rules: { 'no-console': 'off', '@typescript-eslint/no-explicit-any': 'off' },
  },
  {
    // CommonJS helpers the tests run with plain node (--require): require() is how they import.
    files: ['**/*.cjs'],
    languageOptions: { sourceType: 'commonjs', globals: { ...globals.node } },
    rules: { '@typescript-eslint/no-require-imports': 'off' },
  },
);

// Lint rules, and the layer boundaries between shared/, electron/ and renderer/.
import js from '@eslint/js';
import tseslint from 'typescript-eslint';
import prettier from 'eslint-config-prettier';
import globals from 'globals';
import pluginVue from 'eslint-plugin-vue';

const noElectronOrRenderer = {
  patterns: [
    {
      group: ['**/electron/**', 'electron'],
      message: 'shared/ is pure TypeScript: it must not import electron/ or Electron.',
    },
    { group: ['**/renderer/**'], message: 'shared/ must not import the renderer.' },
    {
      group: ['node:*', 'fs', 'path', 'os', 'worker_threads', 'child_process'],
      message: 'shared/ runs in browsers and workers too: no Node built-ins.',
    },
  ],
};

export default tseslint.config(
  { ignores: ['node_modules/**', 'dist/**', 'out/**', 'coverage/**', 'fuzz-failures/**', 'bin/**', 'native/build/**'] },
  js.configs.recommended,
  ...tseslint.configs.strict,
  ...pluginVue.configs['flat/recommended'],
  prettier,
  {
    languageOptions: { globals: { ...globals.node } },
    rules: {
      '@typescript-eslint/no-explicit-any': 'error',
      '@typescript-eslint/no-non-null-assertion': 'off',
      '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_' }],
    },
  },
  {
    files: ['**/*.vue'],
    languageOptions: { parserOptions: { parser: tseslint.parser, extraFileExtensions: ['.vue'] } },
  },
  { files: ['renderer/**/*.ts', 'renderer/**/*.vue'], languageOptions: { globals: { ...globals.browser } } },
  { files: ['renderer/public/**/*.js'], languageOptions: { sourceType: 'script', globals: { ...globals.browser } } },
  { files: ['shared/**/*.ts'], rules: { 'no-restricted-imports': ['error', noElectronOrRenderer] } },
  {
    files: ['renderer/**/*.ts', 'renderer/**/*.vue'],
    rules: {
      'no-restricted-imports': [
        'error',
        {
          patterns: [
            {
              group: ['**/electron/**', 'electron'],
              message: 'The renderer talks to the backend only through the typed protocol in shared/protocol.',
            },
          ],
        },
      ],
    },
  },
  {
    files: ['electron/backend/**/*.ts', 'electron/cli/**/*.ts', 'electron/serve/**/*.ts'],
    rules: {
      'no-restricted-imports': [
        'error',
        {
          paths: [{ name: 'electron', message: 'The backend is plain Node: only electron/main/ may import Electron.' }],
          patterns: [{ group: ['**/renderer/**'], message: 'The backend must not import the renderer.' }],
        },
      ],
    },
  },
);

// One lint setup for every workspace: TypeScript sources, tests and the Node scripts.
import js from '@eslint/js';
import tseslint from 'typescript-eslint';

export default tseslint.config(
  {
    ignores: ['**/node_modules/**', '**/dist/**', '**/lib/**', '.venv/**', '.data/**', '.cache/**', 'labextension/voxel_academy/**', 'test-results/**']
  },
  js.configs.recommended,
  ...tseslint.configs.strict,
  {
    rules: {
      '@typescript-eslint/no-explicit-any': 'error',
      '@typescript-eslint/no-namespace': ['error', { allowDeclarations: true, allowDefinitionFiles: true }],
      '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_', ignoreRestSiblings: true }],
      eqeqeq: ['error', 'smart']
    }
  },
  {
    // JupyterLab's convention: token interfaces carry their options in a same-named namespace.
    files: ['labextension/src/**/*.{ts,tsx}', 'labextension/test/**/*.{ts,tsx}'],
    rules: {
      '@typescript-eslint/no-namespace': 'off',
      '@typescript-eslint/no-redeclare': 'off',
      // Only packages' public entry points: their lib/ files are not an API and move between releases.
      'no-restricted-imports': ['error', { patterns: [{ group: ['@jupyterlab/*/lib/*', '@jupyterlite/*/lib/*', '@lumino/*/lib/*'], message: 'Import from the package entry point.' }] }]
    }
  },
  {
    files: ['**/test/**/*.ts', 'e2e/**/*.ts'],
    rules: { '@typescript-eslint/no-non-null-assertion': 'off' }
  },
  {
    files: ['scripts/**/*.mjs', '*.js'],
    languageOptions: {
      globals: { process: 'readonly', console: 'readonly', URL: 'readonly', fetch: 'readonly', AbortSignal: 'readonly', AbortController: 'readonly', setTimeout: 'readonly', clearTimeout: 'readonly' }
    }
  }
);

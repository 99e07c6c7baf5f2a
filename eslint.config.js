// Lint rules: typescript-eslint's recommended set, plus the habits the house style asks for.
import js from '@eslint/js';
import tseslint from 'typescript-eslint';

export default tseslint.config(
  { ignores: ['dist/**', 'node_modules/**', 'coverage/**'] },
  js.configs.recommended,
  ...tseslint.configs.recommended,
  {
    // Plain build scripts run on Node.
    files: ['**/*.mjs', 'eslint.config.js'],
    languageOptions: { globals: { process: 'readonly', URL: 'readonly', console: 'readonly' } },
  },
  {
    rules: {
      '@typescript-eslint/consistent-type-imports': 'error',
      '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_', varsIgnorePattern: '^_' }],
      'no-restricted-imports': [
        'error',
        {
          patterns: [
            { group: ['**/utils', '**/utils/*', '**/helpers', '**/helpers/*'], message: 'name modules after Kubernetes concepts' },
          ],
        },
      ],
    },
  },
  {
    // The explain core is pure: it never does I/O (house style).
    files: ['src/explain/**', 'src/model/**', 'src/kubeproxy/**', 'src/dataplane/**', 'src/cilium/**', 'src/endpointslice/**', 'src/endpoints/**', 'src/readiness/**'],
    rules: {
      'no-restricted-imports': [
        'error',
        {
          paths: ['node:fs', 'node:fs/promises', 'node:http', 'node:https', 'node:net', 'node:child_process', 'node:process', 'chalk', 'ink', '@kubernetes/client-node', 'cli-table3'],
        },
      ],
      'no-restricted-globals': ['error', 'process', 'fetch'],
    },
  },
);

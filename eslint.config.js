// Lint rules: typescript-eslint's recommended set, plus the habits the house style asks for, and
// the layers of src/ (test/lint/layers.test.ts proves each layer rule still fires).
import js from '@eslint/js';
import tseslint from 'typescript-eslint';

/** Folder names are concepts a Kubernetes engineer knows, never patterns. */
const CONCEPT_NAMES = { group: ['**/utils', '**/utils/*', '**/helpers', '**/helpers/*'], message: 'name modules after Kubernetes concepts' };

/** An import that climbs out to one of these top-level folders of src/. */
const layer = (folders, message) => ({ regex: `^(\\.\\./)+(${folders.join('|')})/`, message });

/** Only cli/ (and main.ts) wires flags, sources and renderers together: nothing it wires reaches back up. */
const NOT_CLI = layer(['cli'], 'only src/cli/ and src/main.ts import cli/: pass typed values down instead');

/** The explain core is pure: it never does I/O (house style). */
const IO_MODULES = ['node:fs', 'node:fs/promises', 'node:http', 'node:https', 'node:net', 'node:child_process', 'node:process', 'chalk', 'ink', '@kubernetes/client-node', 'cli-table3'];

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
      'no-restricted-imports': ['error', { patterns: [CONCEPT_NAMES] }],
    },
  },
  {
    files: ['src/**'],
    ignores: ['src/cli/**', 'src/main.ts'],
    rules: { 'no-restricted-imports': ['error', { patterns: [CONCEPT_NAMES, NOT_CLI] }] },
  },
  {
    // One-way flow (sources -> model -> explain -> render, wired by cli): the rules and decoders
    // never reach up to where objects come from, how they are drawn, or the watch around them.
    files: ['src/explain/**', 'src/model/**', 'src/kubeproxy/**', 'src/dataplane/**', 'src/cilium/**', 'src/endpointslice/**', 'src/routes/**', 'src/termination/**', 'src/awslb/**'],
    rules: {
      'no-restricted-imports': [
        'error',
        {
          paths: IO_MODULES,
          patterns: [CONCEPT_NAMES, layer(['render', 'sources', 'cli', 'watch'], 'the core (explain, model, decoders) imports no render/, sources/, cli/ or watch/: pass what it needs in')],
        },
      ],
      'no-restricted-globals': ['error', 'process', 'fetch'],
    },
  },
  {
    // Renderers draw an Explanation (or a watch state); only cli/ hands them what sources read.
    files: ['src/render/**'],
    rules: {
      'no-restricted-imports': ['error', { patterns: [CONCEPT_NAMES, layer(['sources', 'cli'], 'render/ imports no sources/ and no cli/: cli/ wires sources and renderers together')] }],
    },
  },
  {
    // The watch core is state and reducers over kubernetes/, model/, explain/ and failures.ts: no
    // renderer, no source, no I/O, and no clock or timer of its own (the session is handed a WatchClock).
    files: ['src/watch/**'],
    rules: {
      'no-restricted-imports': [
        'error',
        {
          paths: [...IO_MODULES, 'react', 'commander', 'js-yaml'],
          patterns: [
            CONCEPT_NAMES,
            layer(['render', 'sources', 'cli'], 'the watch core imports no render/, sources/ or cli/: sources dispatch actions into it, renderers read its state'),
            { group: ['node:*'], message: 'the watch core does no I/O' },
          ],
        },
      ],
      'no-restricted-globals': ['error', 'process', 'fetch', ...['setTimeout', 'setInterval', 'setImmediate', 'performance'].map((name) => ({ name, message: 'the watch core takes time and timers from its WatchClock' }))],
      'no-restricted-properties': ['error', { object: 'Date', property: 'now', message: 'the watch core takes time from its WatchClock' }],
    },
  },
);

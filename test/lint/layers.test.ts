/**
 * The layer rules of eslint.config.js fire: each case lints one import (or one line of code) as if
 * it sat in a file of that folder, with the project's own config, so a broken pattern (and with it
 * a silently allowed upward import) fails here.
 */
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { fileURLToPath } from 'node:url';
import { ESLint } from 'eslint';

const root = fileURLToPath(new URL('../..', import.meta.url));
const eslint = new ESLint({ cwd: root });

interface Case {
  file: string;
  from: string;
  allowed: boolean;
}

const cases: Case[] = [
  { file: 'src/explain/pod/x.ts', from: '../../render/table.ts', allowed: false },
  { file: 'src/explain/x.ts', from: '../sources/files.ts', allowed: false },
  { file: 'src/model/x.ts', from: '../cli/io.ts', allowed: false },
  { file: 'src/model/x.ts', from: '../watch/state.ts', allowed: false },
  { file: 'src/kubeproxy/iptables/x.ts', from: '../../render/rules-table.ts', allowed: false },
  { file: 'src/dataplane/x.ts', from: '../sources/dumps.ts', allowed: false },
  { file: 'src/render/x.ts', from: '../sources/files.ts', allowed: false },
  { file: 'src/render/watch/x.ts', from: '../../cli/io.ts', allowed: false },
  { file: 'src/explain/x.ts', from: '../kubernetes/pod.ts', allowed: true },
  { file: 'src/explain/x.ts', from: '../model/view.ts', allowed: true },
  { file: 'src/render/watch/x.ts', from: '../../watch/state.ts', allowed: true },
  { file: 'src/render/x.ts', from: '../explain/types.ts', allowed: true },
  { file: 'src/cli/x.ts', from: '../sources/files.ts', allowed: true },
  // Nothing below cli/ imports cli/.
  { file: 'src/sources/cluster/x.ts', from: '../../cli/errors.ts', allowed: false },
  { file: 'src/sources/cluster/watch/x.ts', from: '../../../cli/kubeflags.ts', allowed: false },
  { file: 'src/kubernetes/x.ts', from: '../cli/run.ts', allowed: false },
  { file: 'src/cli/watch/x.ts', from: '../io.ts', allowed: true },
  { file: 'src/main.ts', from: './cli/run.ts', allowed: true },
  // The watch core: no renderer, no source, no cli, no I/O.
  { file: 'src/watch/x.ts', from: '../render/ndjson.ts', allowed: false },
  { file: 'src/watch/demo/x.ts', from: '../../sources/cluster/paths.ts', allowed: false },
  { file: 'src/watch/x.ts', from: '../cli/io.ts', allowed: false },
  { file: 'src/watch/x.ts', from: 'node:fs', allowed: false },
  { file: 'src/watch/x.ts', from: 'node:events', allowed: false },
  { file: 'src/watch/x.ts', from: 'ink', allowed: false },
  { file: 'src/watch/x.ts', from: '../model/select.ts', allowed: true },
  { file: 'src/watch/changes/x.ts', from: '../../explain/routing.ts', allowed: true },
  { file: 'src/watch/x.ts', from: '../failures.ts', allowed: true },
  { file: 'src/sources/cluster/watch/x.ts', from: '../../../watch/types.ts', allowed: true },
];

describe('lint enforces the layers', () => {
  for (const c of cases) {
    it(`${c.file} ${c.allowed ? 'may' : 'may not'} import ${c.from}`, async () => {
      const [result] = await eslint.lintText(`import type { X } from '${c.from}';\nexport type Y = X;\n`, { filePath: c.file });
      const restricted = (result?.messages ?? []).filter((m) => m.ruleId === 'no-restricted-imports');
      assert.equal(restricted.length === 0, c.allowed, restricted.map((m) => m.message).join('; '));
    });
  }
});

describe('lint: the watch core takes time only from its WatchClock', () => {
  const code: { file: string; line: string; rule: string | null }[] = [
    { file: 'src/watch/x.ts', line: 'export const later = (f: () => void) => setTimeout(f, 10);', rule: 'no-restricted-globals' },
    { file: 'src/watch/x.ts', line: 'export const soon = (f: () => void) => setImmediate(f);', rule: 'no-restricted-globals' },
    { file: 'src/watch/x.ts', line: 'export const now = () => performance.now();', rule: 'no-restricted-globals' },
    { file: 'src/watch/x.ts', line: 'export const now = () => Date.now();', rule: 'no-restricted-properties' },
    { file: 'src/watch/x.ts', line: 'export const iso = (at: number) => new Date(at).toISOString();', rule: null },
    { file: 'src/sources/cluster/watch/x.ts', line: 'export const later = (f: () => void) => setTimeout(f, 10);', rule: null },
  ];
  for (const c of code) {
    it(`${c.file}: ${c.line} -> ${c.rule ?? 'allowed'}`, async () => {
      const [result] = await eslint.lintText(`${c.line}\n`, { filePath: c.file });
      const rules = (result?.messages ?? []).map((m) => m.ruleId ?? m.message);
      assert.deepEqual(rules, c.rule === null ? [] : [c.rule]);
    });
  }
});

/**
 * The layer rules of eslint.config.js fire: each case lints one import as if it sat in a file of
 * that folder, so a broken pattern (and with it a silently allowed upward import) fails here.
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

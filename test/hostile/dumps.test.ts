/**
 * Dumps that are not whole (issue 13): an empty one, one cut in the middle of a line, and one whose
 * rules jump to chains it never defines used to pass silently as "filtered", or worse, as "no
 * rule". Each now says so, in `rules` and in `explain`, and what it hides is unknown.
 */
import assert from 'node:assert/strict';
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, it } from 'node:test';
import { fileURLToPath } from 'node:url';
import { CUT_LINE, EMPTY_DUMP, NAT_NOT_COMMITTED, undefinedChainWarning } from '../../src/kubeproxy/iptables/integrity.ts';
import { runCli } from '../cli/capture.ts';

const example = fileURLToPath(new URL('../../examples/readiness-drill/', import.meta.url));
const OBJECTS = join(example, 'objects.yaml');
const AFTER = readFileSync(join(example, 'iptables-save.after.txt'), 'utf8');
const SVC_CHAIN = 'KUBE-SVC-IKYJPMLCKWKD4GAR';
const dir = mkdtempSync(join(tmpdir(), 'slices-hostile-dumps-'));

function dump(name: string, text: string): string {
  const path = join(dir, name);
  writeFileSync(path, text);
  return path;
}

const explain = (path: string) => runCli(['explain', 'svc/readiness-deployment', '-f', OBJECTS, '--iptables', `minikube=${path}`]);

interface Warning {
  line: number;
  message: string;
  incomplete?: true;
}

async function rulesWarnings(path: string, service?: string): Promise<Warning[]> {
  const r = await runCli(['rules', path, '-o', 'json', ...(service ? ['--service', service] : [])]);
  assert.equal(r.code, 0, r.stderr);
  return (JSON.parse(r.stdout) as { warnings: Warning[] }).warnings;
}

/** The pod rows of the explain table: short name and the node's column. */
function nodeColumn(table: string): Record<string, string> {
  const rows = table.split('\n').filter((l) => /^(jl97z|mbcjg|qftwz) /.test(l));
  return Object.fromEntries(rows.map((l) => [l.split(/\s+/)[0] ?? '', l.split(/ {3,}/).at(-1)?.trim() ?? '']));
}

describe('an empty dump', () => {
  it('is said to be empty, in rules and in explain, and the node column is unknown', async () => {
    const path = dump('empty.txt', '');
    for (const service of [undefined, 'default/readiness-deployment']) assert.deepEqual(await rulesWarnings(path, service), [{ line: 1, message: EMPTY_DUMP, incomplete: true }]);
    const table = await runCli(['rules', path]);
    assert.match(table.stderr, /^warning: .*empty\.txt:1: the dump is empty/m);
    const r = await explain(path);
    assert.deepEqual(nodeColumn(r.stdout), { jl97z: '?', mbcjg: '?', qftwz: '?' });
    assert.match(r.stdout, /warning {2}DumpWarnings: .*empty\.txt:1: the dump is empty: not one iptables line in it/);
  });
});

describe('a dump cut in the middle of a line', () => {
  // `iptables-save > file` interrupted inside the nat table, half way through the Service's first balancing rule.
  const cutAt = AFTER.indexOf('--probability 0.5', AFTER.indexOf(`-A ${SVC_CHAIN} -m comment`)) + '--probability 0.5'.length;
  const path = dump('cut.txt', AFTER.slice(0, cutAt));
  const cutLine = AFTER.slice(0, cutAt).split('\n').length;

  it('warns at the cut line (skipped) and at the nat table that has no COMMIT', async () => {
    for (const service of [undefined, 'default/readiness-deployment']) {
      const warnings = (await rulesWarnings(path, service)).filter((w) => w.incomplete);
      assert.deepEqual(warnings, [
        { line: 59, message: NAT_NOT_COMMITTED, incomplete: true },
        { line: cutLine, message: CUT_LINE, incomplete: true },
      ]);
    }
  });

  it('explain says so as a warning, and no share is claimed from the half line', async () => {
    const r = await explain(path);
    assert.match(r.stdout, /warning {2}DumpWarnings: .*cut\.txt:59: the \*nat table has no COMMIT/);
    assert.doesNotMatch(r.stdout, /50%/);
  });

  it('a complete-looking dump without its last newline is cut too', async () => {
    const r = await rulesWarnings(dump('no-newline.txt', AFTER.trimEnd()));
    assert.deepEqual(r, [{ line: 148, message: CUT_LINE, incomplete: true }]);
  });
});

describe('rules that jump to chains the dump does not define', () => {
  const withoutChain = AFTER.split('\n').filter((line) => !line.startsWith(`:${SVC_CHAIN} `) && !line.startsWith(`-A ${SVC_CHAIN} `)).join('\n');

  it('a complete dump whose KUBE-SERVICES rule jumps to an undefined KUBE-SVC chain: unknown, not "no rule" (as it used to say)', async () => {
    const path = dump('undefined.txt', withoutChain);
    const jumpLine = withoutChain.split('\n').findIndex((line) => line.startsWith('-A KUBE-SERVICES') && line.includes(SVC_CHAIN)) + 1;
    const expected = { line: jumpLine, message: undefinedChainWarning(SVC_CHAIN), incomplete: true };
    for (const service of [undefined, 'default/readiness-deployment']) assert.deepEqual((await rulesWarnings(path, service)).filter((w) => w.incomplete), [expected]);
    const r = await explain(path);
    assert.deepEqual(nodeColumn(r.stdout), { jl97z: '?', mbcjg: '?', qftwz: '?' });
    assert.match(r.stdout, /warning {2}DumpWarnings: .*undefined\.txt:\d+: jumps to KUBE-SVC-IKYJPMLCKWKD4GAR, which the dump does not define/);
  });

  it('a chain declared but empty is a fact, not a warning: no endpoints', async () => {
    const declared = AFTER.split('\n').filter((line) => !line.startsWith(`-A ${SVC_CHAIN} `)).join('\n');
    const path = dump('declared-empty.txt', declared);
    assert.deepEqual((await rulesWarnings(path)).filter((w) => w.incomplete), []);
    assert.deepEqual(nodeColumn((await explain(path)).stdout), { jl97z: 'no rule', mbcjg: 'no rule', qftwz: 'no rule' });
  });

  it('the example as captured has no such warning', async () => {
    assert.deepEqual(await rulesWarnings(join(example, 'iptables-save.after.txt')), []);
    assert.deepEqual(await rulesWarnings(join(example, 'iptables-save.grep.txt')), []);
  });
});

/**
 * The README lists every code the product emits (the ReasonCode and FindingCode unions of
 * src/explain/types.ts), and the outputs it quotes for what the input cannot tell and for the
 * causes that look like nothing are the real outputs of the golden scenarios, not prose that
 * drifted from them.
 */
import assert from 'node:assert/strict';
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, it } from 'node:test';
import { fileURLToPath } from 'node:url';
import { runCli } from './cli/capture.ts';

const root = fileURLToPath(new URL('../', import.meta.url));
const readme = readFileSync(join(root, 'README.md'), 'utf8');
const source = (file: string) => readFileSync(join(root, file), 'utf8');

/** The string literals of `export type NAME = | 'A' | 'B' ...;` in `file` (explain/types.ts by default). */
function union(name: string, file = 'src/explain/types.ts'): string[] {
  const types = source(file);
  const start = types.indexOf(`export type ${name} =`);
  assert.ok(start >= 0, `no ${name} in types.ts`);
  const body = types.slice(start, types.indexOf(';', start));
  return [...body.matchAll(/'([A-Za-z]+)'/g)].map((m) => m[1] ?? '');
}

/** The README's "Reason codes ..." / "Finding codes ..." sentence. */
function listed(label: string): Set<string> {
  const start = readme.indexOf(label);
  assert.ok(start >= 0, `no "${label}" in the README`);
  const sentence = readme.slice(start, readme.indexOf('.', readme.indexOf('`', start) + 1) + 1);
  return new Set([...sentence.matchAll(/`([A-Za-z]+)`/g)].map((m) => m[1] ?? ''));
}

describe('README: the code lists', () => {
  const cases: { list: string; union: string; file?: string }[] = [
    { list: 'Reason codes (per pod', union: 'ReasonCode' },
    { list: 'Finding codes (per Service)', union: 'FindingCode' },
    // FindingCode takes the termination window's codes from their own union.
    { list: 'Finding codes (per Service)', union: 'TerminationCode', file: 'src/termination/types.ts' },
    { list: "Route codes (the route's own findings", union: 'RouteCode', file: 'src/routes/types.ts' },
  ];
  for (const c of cases) {
    it(`every ${c.union} is in "${c.list}"`, () => {
      const inReadme = listed(c.list);
      assert.deepEqual(union(c.union, c.file).filter((code) => !inReadme.has(code)), []);
    });
  }
});

describe('README: the quoted outputs of "Known, known not, unknown" and of the causes that look like nothing', () => {
  // From the first to the end of the second: the causes' list runs to the next paragraph that is
  // not one of its items (a bold lead or a heading).
  const start = readme.indexOf('**Known, known not, unknown.**');
  const causes = readme.indexOf('**Causes that look like nothing.**');
  const ends = ['\n**', '\n#'].map((marker) => readme.indexOf(marker, causes + 1)).filter((i) => i > causes);
  const section = readme.slice(start, Math.min(...ends));
  const quoted = [...section.matchAll(/```\n([\s\S]*?)```/g)].flatMap((m) => (m[1] ?? '').split('\n').filter((l) => l.trim() !== ''));
  const scenarios = fileURLToPath(new URL('./scenarios/', import.meta.url));
  const tables = readdirSync(scenarios, { withFileTypes: true })
    .filter((d) => d.isDirectory())
    .flatMap((d) => {
      try {
        return [readFileSync(join(scenarios, d.name, 'expected.table.txt'), 'utf8')];
      } catch {
        return [];
      }
    });

  it('quotes one line per code at least', () => assert.ok(quoted.length >= 14, `${quoted.length} lines`));
  for (const line of quoted) {
    it(`is a real output: ${line.trim().slice(0, 60)}...`, () => assert.ok(tables.some((t) => t.split('\n').some((l) => l.trim() === line.trim())), line));
  }
});

describe('README: the quoted NDJSON of a watch that reconnects', () => {
  const start = readme.indexOf('From `test/scenarios/watch-reconnect-replay`');
  const quoted = readme.slice(start, readme.indexOf('```\n\nExamples:', start)).split('\n').filter((l) => l.startsWith('{'));
  const golden = readFileSync(fileURLToPath(new URL('./scenarios/watch-reconnect-replay/expected.ndjson', import.meta.url)), 'utf8').split('\n');
  it('quotes two lines', () => assert.equal(quoted.length, 2));
  for (const line of quoted) it(`is a real output: ${line.slice(0, 60)}...`, () => assert.ok(golden.includes(line), line));
});

describe('README: the outputs of "Dataplanes" are what the commands print', () => {
  const section = readme.slice(readme.indexOf('## Dataplanes'), readme.indexOf('## Exit codes'));
  // Each `$ kubectl slices ...` line of a block, and the lines up to the next command or the block's end.
  const runs = [...section.matchAll(/```\n([\s\S]*?)```/g)].flatMap((m) =>
    (m[1] ?? '').split(/^(?=\$ kubectl slices )/m).filter((part) => part.startsWith('$ ')).map((part) => {
      const [command = '', ...out] = part.split('\n');
      return { command: command.slice('$ kubectl slices '.length), output: out.join('\n').trimEnd() };
    }),
  );

  it('quotes rules and explain for every dataplane but iptables (shown above it)', () => assert.ok(runs.length >= 8, `${runs.length} commands`));
  for (const { command, output } of runs) {
    it(command.slice(0, 80), async () => {
      const result = await runCli(command.split(' '), { env: { NO_COLOR: '1' } });
      assert.equal(result.stdout.trimEnd(), output);
    });
  }
});

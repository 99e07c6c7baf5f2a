/**
 * sources/blockYaml.ts reads the YAML kubectl and `snapshot` print without js-yaml. Its one promise:
 * whatever it answers is exactly what js-yaml's loadAll answers (values, types, key order), and
 * what it cannot answer for sure it leaves (null) to js-yaml. Every test compares with js-yaml
 * itself; the tables also say which texts must be read here, so the fast path cannot pass by
 * leaving everything.
 */
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { describe, it } from 'node:test';
import { fileURLToPath } from 'node:url';
import fc from 'fast-check';
import * as jsYaml from 'js-yaml';
import { renderDocument } from '../../src/render/document.ts';
import { blockYaml } from '../../src/sources/blockYaml.ts';

const root = fileURLToPath(new URL('../..', import.meta.url));

/** js-yaml's documents, or the error it throws. */
function reference(text: string): unknown[] | Error {
  try {
    return jsYaml.loadAll(text);
  } catch (err) {
    return err as Error;
  }
}

/** blockYaml's answer is js-yaml's, or none; returns whether it answered. */
function agrees(text: string): boolean {
  const fast = blockYaml(text);
  if (fast === null) return false;
  const expected = reference(text);
  assert.ok(!(expected instanceof Error), `js-yaml refuses this text (${expected instanceof Error ? expected.message.split('\n')[0] : ''}) but blockYaml read it:\n${text}`);
  assert.deepStrictEqual(fast, expected, text);
  return true;
}

const lines = (...text: string[]) => `${text.join('\n')}\n`;

/** Fixed by default, as in test/hostile/fuzz.test.ts; FUZZ_SEED and FUZZ_RUNS (a multiplier) explore further by hand. */
const runs = (n: number) => ({ seed: Number(process.env.FUZZ_SEED ?? 20261204), numRuns: n * Number(process.env.FUZZ_RUNS ?? 1) });

describe('blockYaml reads what kubectl and snapshot print, as js-yaml does', () => {
  const cases: { name: string; text: string }[] = [
    { name: 'a List, go-yaml compact sequences (`key:` then `- ` at the same column)', text: lines('apiVersion: v1', 'items:', '- kind: Service', '  metadata:', '    name: web', '  spec:', '    ports:', '    - port: 80', '      targetPort: 8080', '    selector:', '      app: web', 'kind: List') },
    { name: 'indented sequences (js-yaml dump)', text: lines('spec:', '  containers:', '    - name: app', '      args:', '        - -c', '        - sleep 5', '  restartPolicy: Always') },
    { name: 'scalars: ints, floats, booleans, nulls, IP addresses, dates kubectl quotes', text: lines('a: 80', 'b: -3', 'c: 0.5', 'd: true', 'e: False', 'f: null', 'g: ~', 'h:', 'i: 10.96.0.1', 'j: "2024-07-03T07:10:06Z"', "k: '8080'", 'l: 0', 'm: 8080/TCP', 'o: 1.2.3') },
    { name: 'empty flow collections, comments and blank lines', text: lines('# captured with kubectl get', 'status:', '  loadBalancer: {}   # none yet', '', '  conditions: []', '  # trailing comment', 'spec: {}') },
    { name: 'single-quoted with quotes and `: ` inside', text: lines("message: 'containers with unready status: [app]'", "quote: 'it''s'", "hash: 'a #b'") },
    { name: 'double-quoted escapes', text: lines('a: "tab\\tnewline\\nquote\\" backslash\\\\ slash\\/"', 'b: "\\x41\\u00e9\\U0001F600 \\e\\0\\_"', 'c: ""') },
    { name: 'go-yaml folds long plain scalars at 80 columns', text: lines('note: a long plain sentence that go-yaml wraps onto the next line when it is', '  longer than eighty columns', 'next: 1') },
    { name: 'folded quoted scalars, and an empty line as a line break', text: lines("a: 'first line", "  second line'", 'b: "one', '', '  two\\', '  three"', 'c: x') },
    { name: 'literal block scalars, clip and strip', text: lines('data:', '  script: |', '    #!/bin/sh', '    echo "a: b"  # not a comment', '', '    exit 0', '  last: |-', '    no newline', '    at the end', 'other: 1') },
    { name: 'quoted and odd plain keys', text: lines('"quoted key": 1', "'single': 2", 'app.kubernetes.io/name: web', 'http://x/y: 3', 'key with spaces : 4', 'true: 5', '80: six') },
    { name: 'several documents, empty ones too', text: lines('---', 'a: 1', '---', '---', '- b', '- c', '---') },
    { name: 'an indented top-level mapping, sequences of sequences under `-`', text: lines('  a:', '  -', '    - 1', '    - 2', '  - x', '  - - - 3', '      - 4', '    - 5') },
    { name: 'nothing but comments', text: lines('# nothing', '') },
  ];
  for (const c of cases) it(c.name, () => assert.ok(agrees(c.text), `blockYaml left this text to js-yaml:\n${c.text}`));
});

describe('blockYaml leaves to js-yaml what it cannot be sure of', () => {
  const cases: { name: string; text: string }[] = [
    { name: 'anchors and aliases', text: lines('a: &x {b: 1}', 'c: *x') },
    { name: 'an alias bomb', text: lines('a: &a ["x","x"]', 'b: &b [*a,*a]') },
    { name: 'tags', text: lines('a: !!str 1') },
    { name: 'flow collections with content', text: lines('a: {b: 1}', 'c: [1, 2]') },
    { name: 'folded block scalars', text: lines('a: >-', '  folded', '  text') },
    { name: 'keep chomping and indentation indicators', text: lines('a: |+', '  kept', '', 'b: |2', '   indented') },
    { name: 'tabs', text: 'a:\tb\n' },
    { name: 'CRLF line ends', text: 'a: b\r\nc: d\r\n' },
    { name: 'a byte order mark', text: '\ufeffa: b\n' },
    { name: 'control characters', text: 'a: b\u0007\n' },
    { name: 'astral characters (surrogate pairs)', text: 'a: 😀\n' },
    { name: 'duplicate keys', text: lines('a: 1', 'a: 2') },
    { name: 'merge keys', text: lines('a:', '  <<: {b: 1}') },
    { name: '__proto__', text: lines('__proto__:', '  polluted: true') },
    { name: 'numbers in other notations', text: lines('a: 0x1F') },
    { name: 'YAML 1.1 words', text: lines('a: yes') },
    { name: 'exponents', text: lines('a: 1e3') },
    { name: 'sexagesimal', text: lines('a: 1:30') },
    { name: 'negative zero', text: lines('a: -0') },
    { name: 'timestamps', text: lines('a: 2024-07-03') },
    { name: 'a key that is not a string', text: lines('0x1: a') },
    { name: 'a scalar document', text: lines('just text') },
    { name: 'a directive', text: lines('%YAML 1.2', '---', 'a: 1') },
    { name: 'a document end marker', text: lines('a: 1', '...') },
    { name: 'bad indentation', text: lines('a:', '    b: 1', '  c: 2') },
    { name: 'a mapping value on a key line', text: lines('a: b: c') },
    { name: 'a sequence entry where a key belongs', text: lines('a: 1', '- b') },
    { name: 'a block sequence after a key on the same line', text: lines('a: - b') },
    { name: 'an unterminated quote', text: lines("a: 'open", 'b: 1') },
    // YAML 1.2 keeps the empty line after an escaped line break; js-yaml drops it. Either way the
    // answer must be js-yaml's, so such a text is left to it.
    { name: 'an escaped line break before an empty line', text: lines('a: "x\\', '', '  y"') },
    { name: 'text after a closing quote', text: lines("a: 'x' y") },
    { name: 'a comment between lines of a plain scalar', text: lines('a: one', '  # c', '  two') },
    { name: 'a value on the line after its key', text: lines('a:', '  plain') },
    { name: 'an empty literal', text: lines('a: |', 'b: 1') },
    { name: 'spaces beyond a literal block indentation on a blank line', text: lines('a: |', '  x', '     ', '  y') },
    { name: 'spaces beyond the indentation on the blank line ending a literal', text: lines('- |-', '  a', '   ') },
    { name: 'sequences in sequences, 10,000 deep on one line', text: `${'- '.repeat(10_000)}x\n` },
    { name: 'nesting deeper than 64', text: Array.from({ length: 70 }, (_, i) => `${' '.repeat(i)}k:`).join('\n') + ' 1\n' },
  ];
  for (const c of cases) {
    it(c.name, () => assert.equal(blockYaml(c.text), null, `blockYaml read a text it should leave:\n${c.text}`));
  }
});

describe('blockYaml on long lines of escapes, quotes and colons', () => {
  it('a line of 200,000 escapes', () => assert.deepStrictEqual(blockYaml(`a: "${'\\n'.repeat(200_000)}"\n`), [{ a: '\n'.repeat(200_000) }]));
  it("a line of 200,000 doubled single quotes", () => assert.deepStrictEqual(blockYaml(`a: '${"''".repeat(200_000)}'\n`), [{ a: "'".repeat(200_000) }]));
  it('a line of 200,000 colons that end no key', () => assert.equal(blockYaml(`${':x'.repeat(200_000)}\n`), null));
});

describe('blockYaml on every YAML file in the repository', () => {
  const files = execFileSync('git', ['ls-files', '*.yaml', '*.yml'], { cwd: root, encoding: 'utf8' }).split('\n').filter(Boolean);
  it('agrees with js-yaml on each one it reads', () => {
    for (const file of files) agrees(readFileSync(`${root}/${file}`, 'utf8'));
  });
  it('reads what -o yaml and snapshot bundles write (render/document.ts) of the examples\' objects', async () => {
    for (const file of ['examples/readiness-drill/objects.yaml', 'examples/aws-lb-rollout/objects.bad.yaml']) {
      const objects = jsYaml.loadAll(readFileSync(`${root}/${file}`, 'utf8'));
      const text = await renderDocument({ apiVersion: 'v1', kind: 'List', items: objects }, 'yaml');
      assert.ok(agrees(text), `${file}, written by renderDocument, was left to js-yaml`);
    }
  });

  it('reads the examples, kubectl get -o yaml output', () => {
    const examples = files.filter((file) => file.startsWith('examples/') && file.endsWith('.yaml'));
    assert.ok(examples.length >= 3);
    for (const file of examples) assert.ok(agrees(readFileSync(`${root}/${file}`, 'utf8')), `${file} was left to js-yaml`);
  });
});

describe('blockYaml on generated documents', () => {
  // Keys and strings built from the characters that matter to YAML: indicators, quotes, `: `,
  // ` #`, digits and letters that make numbers, booleans and nulls, spaces and line breaks.
  const tricky = fc.constantFrom(...'ab0189.-+:#\'" _xeEoOnNyYtTfF~<>=|&*!%@`[]{},?\n\\/é'.split(''));
  const scalarText = fc.array(tricky, { maxLength: 12 }).map((chars) => chars.join(''));
  const word = fc.constantFrom('a', 'name', 'app.kubernetes.io/name', 'true', 'null', '80', '1.5', 'x y', 'on', '-c', 'a: b', "it's", '"q"', '#', '');
  const scalar = fc.oneof(scalarText, word, fc.integer(), fc.double({ noDefaultInfinity: true, noNaN: true }), fc.boolean(), fc.constant(null));
  const key = fc.oneof(word, scalarText);
  const value = fc.letrec<{ node: unknown }>((tie) => ({
    node: fc.oneof({ depthSize: 'small', withCrossShrink: true }, scalar, fc.array(tie('node'), { maxLength: 4 }), fc.dictionary(key, tie('node'), { maxKeys: 4 })),
  })).node;
  const options = fc.record({
    lineWidth: fc.constantFrom(-1, 20, 80),
    seqNoIndent: fc.boolean(),
    indent: fc.constantFrom(2, 4),
    quoteStyle: fc.constantFrom<'single' | 'double'>('single', 'double'),
    forceQuotes: fc.boolean(),
    flowLevel: fc.constantFrom(-1, 3),
  });

  it('agree with js-yaml on what js-yaml dump writes', () => {
    fc.assert(
      fc.property(fc.array(value, { minLength: 1, maxLength: 3 }), options, (documents, dumpOptions) => {
        agrees(documents.map((doc) => jsYaml.dump(doc, dumpOptions)).join('---\n'));
      }),
      runs(10_000),
    );
  });

  it('agree with js-yaml on any line of a mapping', () => {
    const line = fc.tuple(fc.constantFrom('', ' ', '  '), key, fc.constantFrom(':', ': ', ':  ', ' : '), scalarText).map((parts) => parts.join(''));
    fc.assert(fc.property(fc.array(line, { minLength: 1, maxLength: 4 }), (mapping) => void agrees(mapping.join('\n'))), runs(20_000));
  });

  it('agree with js-yaml on scalars folded over lines, as go-yaml wraps them', () => {
    const piece = fc.array(fc.constantFrom(...'ab1 .:#\'"\\-n'.split('')), { minLength: 1, maxLength: 8 }).map((chars) => chars.join(''));
    const opening = fc.constantFrom('', "'", '"');
    const more = fc.oneof(fc.tuple(fc.constantFrom('', ' ', '  ', '   ', '    '), piece).map(([indent, text]) => indent + text), fc.constantFrom('', '  '));
    const scalar = fc.tuple(fc.constantFrom('k: ', '- ', '  k: '), opening, piece, fc.array(more, { maxLength: 4 }), fc.constantFrom('', 'next: 1', '- x'));
    fc.assert(
      fc.property(scalar, ([lead, quote, first, rest, after]) => void agrees([lead + quote + first, ...rest, after].join('\n'))),
      runs(20_000),
    );
  });

  it('read the kind of document kubectl prints (strings, numbers, booleans, nested maps and lists)', () => {
    const label = fc.stringMatching(/^[a-z][a-z0-9.-]{0,10}[a-z0-9]$/);
    // Not the YAML 1.1 words (on, yes, n, ...): those are left to js-yaml on purpose.
    const notAWord = (text: string) => !/^(?:y|n|yes|no|on|off|true|false|null)$/i.test(text);
    const plainValue = fc.oneof(label.filter(notAWord), fc.nat(), fc.boolean(), fc.constant(null), fc.stringMatching(/^[a-zA-Z][a-zA-Z ,:/.'"#-]{0,60}$/).filter(notAWord));
    const kubeLike = fc.letrec<{ node: unknown }>((tie) => ({
      node: fc.oneof({ depthSize: 'small' }, plainValue, fc.array(tie('node'), { maxLength: 3 }), fc.dictionary(label.filter(notAWord), tie('node'), { maxKeys: 4 })),
    })).node;
    fc.assert(
      fc.property(fc.dictionary(label.filter(notAWord), kubeLike, { minKeys: 1, maxKeys: 5 }), fc.boolean(), (object, compact) => {
        const text = jsYaml.dump(object, { seqNoIndent: compact, lineWidth: -1 });
        assert.ok(agrees(text), `left to js-yaml:\n${text}`);
      }),
      runs(2000),
    );
  });
});

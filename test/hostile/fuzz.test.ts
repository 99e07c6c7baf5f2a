/**
 * Fuzzing the inputs a user hands over (issue 13): object files (JSON and YAML Lists, single
 * objects, several documents), kubeconfigs and node dumps, mutated and cut at random, through the
 * real command line (`run(argv, io)`, stdin standing in for files where it can). No input may
 * crash the program, hang it, leak JS internals (`is not a function`, `Cannot read properties`,
 * `Maximum call stack`, `undefined`, `[object Object]`) or print a stack trace: the answer is an
 * explanation, or one `error:` line and exit 1. Fixed seeds and bounded runs keep it deterministic.
 */
import assert from 'node:assert/strict';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, it } from 'node:test';
import fc from 'fast-check';
import { dump as yamlDump } from 'js-yaml';
import type { KubeObject } from '../../src/kubernetes/objects.ts';
import { runCli, type Captured } from '../cli/capture.ts';
import { endpointFor, endpointsFor, pod, probeFailure, service, slice } from '../explain/builders.ts';

const dir = mkdtempSync(join(tmpdir(), 'slices-fuzz-'));
/** Fixed by default; FUZZ_SEED and FUZZ_RUNS (a multiplier) explore further by hand. */
const SEED = Number(process.env.FUZZ_SEED ?? 20261301);
const runs = (n: number) => ({ seed: SEED, numRuns: n * Number(process.env.FUZZ_RUNS ?? 1) });
const TOKEN = 'fuzz-secret-token-4bd1e2';

/** What no output may ever contain. */
const INTERNALS = /is not a function|Cannot read propert|Maximum call stack|\bundefined\b|\[object Object\]|unexpected failure|\bNaN\b|\n\s+at .*:\d+:\d+/;

/** Exit 0 with no error line, or exit 1 with exactly one `error:` line; never internals. */
function assertClean(r: Captured, what: string, allowedStderr: RegExp = /^$/): void {
  const out = r.stdout + r.stderr;
  assert.doesNotMatch(out, INTERNALS, `${what}: leaked internals:\n${out.slice(0, 2000)}`);
  if (r.code === 1) {
    const lines = r.stderr.trimEnd().split('\n');
    assert.equal(lines.length, 1, `${what}: one error line, got:\n${r.stderr}`);
    assert.match(lines[0] ?? '', /^error: \S/, what);
    return;
  }
  assert.equal(r.code, 0, `${what}: exit ${r.code}\n${r.stderr}`);
  for (const line of r.stderr.split('\n').filter(Boolean)) assert.match(line, allowedStderr, `${what}: stderr ${line}`);
}

// ---------------------------------------------------------------------------------------------
// Object files: a healthy List, mutated (a subtree replaced, a field deleted), then written as
// JSON, YAML, several YAML documents or one object, and sometimes cut or corrupted.

function baseObjects(): KubeObject[] {
  const healthy = pod('web-1-aaaaa');
  const failing = pod('web-1-bbbbb', { ready: false });
  return [service(), slice('web-x', [endpointFor(healthy), endpointFor(failing)]), endpointsFor([healthy, failing]), healthy, failing, probeFailure(failing, 'Readiness probe failed: no')];
}

const WEIRD = [null, [], {}, '', 0, -1, 1.5, 1e308, true, 'x'.repeat(200), [[[]]], { a: { b: {} } }, '\u001b[2J', '0=a,1=p', ['a', 1, null], { items: {} }];

const replacement = fc.oneof(fc.constantFrom(...WEIRD), fc.jsonValue({ maxDepth: 3 }), fc.constant('<delete>'));
const mutation = fc.record({ path: fc.array(fc.nat({ max: 40 }), { minLength: 1, maxLength: 7 }), value: replacement });

/** Follows `path` (each step picks a key by index) and replaces or deletes what it reaches. */
function mutate(root: unknown, path: number[], value: unknown): void {
  let node = root as Record<string, unknown>;
  for (let i = 0; i < path.length; i++) {
    if (node === null || typeof node !== 'object') return;
    const keys = Object.keys(node);
    if (keys.length === 0) return;
    const key = keys[(path[i] ?? 0) % keys.length] as string;
    if (i === path.length - 1 || node[key] === null || typeof node[key] !== 'object') {
      if (value === '<delete>') delete node[key];
      else node[key] = structuredClone(value);
      return;
    }
    node = node[key] as Record<string, unknown>;
  }
}

type Format = 'json' | 'yaml' | 'documents' | 'single' | 'typed';

function serialize(objects: KubeObject[], format: Format): string {
  const list = { apiVersion: 'v1', kind: 'List', items: objects };
  switch (format) {
    case 'json':
      return JSON.stringify(list);
    case 'yaml':
      return yamlDump(list, { noRefs: true, skipInvalid: true });
    case 'documents':
      return objects.map((o) => yamlDump(o, { noRefs: true, skipInvalid: true })).join('---\n');
    case 'single':
      return JSON.stringify(objects[0] ?? {});
    case 'typed':
      // What `kubectl get pods -o json` of the API's typed list looks like: items without kind and apiVersion.
      return JSON.stringify({ apiVersion: 'v1', kind: 'PodList', items: objects.map((o) => (o !== null && typeof o === 'object' && o.kind === 'Pod' ? { ...o, kind: undefined, apiVersion: undefined } : o)) });
  }
}

const corruption = fc.oneof(
  fc.constant({ kind: 'none' as const }),
  fc.record({ kind: fc.constant('cut' as const), at: fc.double({ min: 0, max: 1, noNaN: true }) }),
  fc.record({ kind: fc.constant('insert' as const), at: fc.double({ min: 0, max: 1, noNaN: true }), text: fc.oneof(fc.string({ unit: 'binary', maxLength: 5 }), fc.constantFrom('&a ', '*a', ': ', '\t', '- ', '{', ']', '"', '\ufeff', '---\n', '!!binary ')) }),
);

function corrupt(text: string, c: { kind: 'none' } | { kind: 'cut'; at: number } | { kind: 'insert'; at: number; text: string }): string {
  if (c.kind === 'none') return text;
  const at = Math.floor(c.at * text.length);
  return c.kind === 'cut' ? text.slice(0, at) : text.slice(0, at) + c.text + text.slice(at);
}

const objectFile = fc.record({ mutations: fc.array(mutation, { maxLength: 4 }), format: fc.constantFrom<Format>('json', 'yaml', 'documents', 'single', 'typed'), corruption });

describe('fuzz: object files through `explain -f -`', { timeout: 300_000 }, () => {
  it('mutated and corrupted Lists, documents and objects: an explanation or one error line', async () => {
    await fc.assert(
      fc.asyncProperty(objectFile, async ({ mutations, format, corruption: c }) => {
        const objects = baseObjects();
        for (const m of mutations) mutate(objects, m.path, m.value);
        const text = corrupt(serialize(objects, format), c);
        for (const output of ['table', 'json']) {
          const r = await runCli(['explain', 'svc/web', '-f', '-', '-o', output], { stdin: text });
          assertClean(r, `${format} -o ${output}`);
        }
      }),
      runs(250),
    );
  });

  it('arbitrary JSON values and text: one error line, never internals', async () => {
    await fc.assert(
      fc.asyncProperty(fc.oneof(fc.jsonValue({ maxDepth: 5 }).map((v) => JSON.stringify(v) ?? 'null'), fc.string({ unit: 'binary', maxLength: 300 })), async (text) => {
        assertClean(await runCli(['explain', 'web', '-f', '-'], { stdin: text }), 'arbitrary input');
      }),
      runs(150),
    );
  });
});

// ---------------------------------------------------------------------------------------------
// Kubeconfigs: a valid one pointing at a port where nothing listens, mutated and cut. The token
// must never appear in any output.

function baseKubeconfig(): Record<string, unknown> {
  return {
    apiVersion: 'v1',
    kind: 'Config',
    clusters: [{ name: 'c', cluster: { server: 'http://127.0.0.1:1', 'insecure-skip-tls-verify': true } }],
    users: [{ name: 'u', user: { token: TOKEN, 'client-key-data': Buffer.from(TOKEN).toString('base64') } }],
    contexts: [{ name: 'x', context: { cluster: 'c', user: 'u', namespace: 'default' } }],
    'current-context': 'x',
  };
}

describe('fuzz: kubeconfigs', { timeout: 300_000 }, () => {
  it('mutated and cut kubeconfigs: one error line, never the token, never internals', async () => {
    let n = 0;
    await fc.assert(
      fc.asyncProperty(fc.array(mutation, { maxLength: 3 }), corruption, fc.boolean(), async (mutations, c, asJson) => {
        const config = baseKubeconfig();
        for (const m of mutations) mutate(config, m.path, m.value);
        const path = join(dir, `kubeconfig-${n++}`);
        writeFileSync(path, corrupt(asJson ? JSON.stringify(config, null, 1) : yamlDump(config, { skipInvalid: true }), c));
        const r = await runCli(['explain', 'svc/web', '--kubeconfig', path, '--request-timeout', '5s'], { env: { HOME: dir } });
        assertClean(r, 'kubeconfig');
        assert.equal(r.code, 1, 'nothing listens on port 1');
        for (const secret of [TOKEN, Buffer.from(TOKEN).toString('base64')]) assert.ok(!r.stderr.includes(secret), `the token leaked: ${r.stderr}`);
      }),
      runs(120),
    );
  });
});

// ---------------------------------------------------------------------------------------------
// Node dumps: kube-proxy lines with random parts, garbage lines, counters, CRLF, cuts.

const hash = fc.constantFrom('AAAAAAAAAAAAAAAA', 'IKYJPMLCKWKD4GAR', 'FBLUIRQWGV5XZRNC', 'A4EQCJTEE766DQAW', '');
const address = fc.oneof(fc.constantFrom('10.244.0.6', '10.96.0.10', 'fd00::1', '[fd00::1]', '10.244.', '', '999.1.1.1'), fc.ipV4());
const port = fc.oneof(fc.integer({ min: -1, max: 70000 }).map(String), fc.constantFrom('http', '', '80x'));
const comment = fc.oneof(fc.constantFrom('"default/web:http cluster IP"', '"default/web -> 10.244.0.6:8080"', '"default/web:http has no endpoints"', 'default/web', '"unclosed', '""'), fc.string({ maxLength: 12 }).map((s) => JSON.stringify(s)));
const probability = fc.oneof(fc.constantFrom('0.50000000000', '0.33333333349', '1', '0', '2', '-1', 'x', '0.5O', ''), fc.double().map(String));
const ruleLine = fc.oneof(
  fc.tuple(address, comment, port, hash).map(([a, c, p, h]) => `-A KUBE-SERVICES -d ${a}/32 -p tcp -m comment --comment ${c} -m tcp --dport ${p} -j KUBE-SVC-${h}`),
  fc.tuple(hash, comment, probability, hash).map(([h, c, p, s]) => `-A KUBE-SVC-${h} -m comment --comment ${c} -m statistic --mode random --probability ${p} -j KUBE-SEP-${s}`),
  fc.tuple(hash, address, port).map(([h, a, p]) => `-A KUBE-SEP-${h} -p tcp -m tcp -j DNAT --to-destination ${a}:${p}`),
  fc.tuple(address, comment, port).map(([a, c, p]) => `-A KUBE-SERVICES -d ${a}/32 -p tcp -m comment --comment ${c} -m tcp --dport ${p} -j REJECT --reject-with icmp-port-unreachable`),
  hash.map((h) => `:KUBE-SVC-${h} - [0:0]`),
  fc.constantFrom('*nat', '*filter', 'COMMIT', '# Generated by iptables-save v1.8.9', '---', '', '-A', '-A KUBE-SVC-', '[0:0] -A KUBE-SEP-X -j DNAT', '-N KUBE-SVC-AAAAAAAAAAAAAAAA', 'table ip kube-proxy {', '-> 10.0.0.1:80 Masq 1 0 0'),
  fc.string({ unit: 'binary', maxLength: 40 }),
);
const dumpText = fc.record({ lines: fc.array(ruleLine, { maxLength: 40 }), crlf: fc.boolean(), corruption }).map(({ lines, crlf, corruption: c }) => corrupt(lines.join(crlf ? '\r\n' : '\n') + (lines.length > 0 ? '\n' : ''), c));

const RULES_STDERR = /^(warning: |note: |No kube-proxy rules )/;

describe('fuzz: node dumps', { timeout: 300_000 }, () => {
  it('rules (table, JSON, one service) on random dumps: decoded with warnings, or one error line', async () => {
    await fc.assert(
      fc.asyncProperty(dumpText, async (text) => {
        for (const args of [[], ['-o', 'json'], ['--service', 'default/web']]) assertClean(await runCli(['rules', '-', ...args], { stdin: text }), `rules ${args.join(' ')}`, RULES_STDERR);
      }),
      runs(200),
    );
  });

  it('explain with a random dump as a node: an explanation or one error line', async () => {
    const objects = join(dir, 'objects.json');
    writeFileSync(objects, JSON.stringify({ apiVersion: 'v1', kind: 'List', items: baseObjects() }));
    await fc.assert(
      fc.asyncProperty(dumpText, async (text) => {
        assertClean(await runCli(['explain', 'svc/web', '-f', objects, '--iptables', 'node-a=-', '-o', 'wide'], { stdin: text }), 'explain --iptables');
      }),
      runs(100),
    );
  });
});
